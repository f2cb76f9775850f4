import { describe, expect, it } from 'vitest';
import { planCampaign, type PlanCase, type PlanInput } from './campaign-planner.js';
import { decideContact } from './contact-gate.js';
import { CN_2026_1 } from './rule-sets.js';
import { DAY, entries, localIso, TZ_CN } from './testing.js';
import { addDays } from './time.js';

const base = (cases: PlanCase[], over: Partial<PlanInput> = {}): PlanInput => ({
  rules: CN_2026_1, channel: 'voice_automated', templateId: 'auto_voice_reminder', templateApproved: true,
  from: localIso('07:00'), to: localIso('21:00'), cases, ...over,
});
const c = (id: string, over: Partial<PlanCase> = {}): PlanCase => ({ caseId: id, debtorId: `dbt_${id}`, debtorTimeZone: TZ_CN, contactPointId: 'cp_1', history: [], ...over });

describe('campaign planner', () => {
  const plan = planCampaign(base([
    c('a'),
    c('b', { holds: [{ kind: 'dispute' }] }), // COL-80
    c('c', { history: [3, 2, 1].map((d) => entries(1, 'voice_automated', 'unanswered', '12:00', addDays(DAY, -d))[0]) }), // COL-85
    c('d', { debtorId: 'dbt_a' }), // same debtor as a: COL-23
    c('e', { debtorTimeZone: 'America/Los_Angeles' }), // debtor-local window
    c('f', { history: entries(1, 'voice_agent', 'answered', '07:50') }), // COL-47 gap pushes the slot
    c('g', { channelOptOuts: ['voice_automated'] }),
    c('h', { holidays: [DAY] }), // COL-12
  ]));
  const skippedRules = Object.fromEntries(plan.skipped.map((s) => [s.caseId, s.fired.map((f) => f.ruleId)]));

  it('every case is either planned or skipped with a reason', () => {
    expect(plan.planned.length + plan.skipped.length).toBe(8);
    for (const s of plan.skipped) expect(s.summaryEn.length).toBeGreaterThan(0);
  });
  it('plans case a at 08:00 local, not at the 07:00 window start (COL-10/11)', () => {
    expect(plan.planned.find((p) => p.caseId === 'a')!.at).toBe(localIso('08:00'));
  });
  it('skips holds (COL-80), weekly automated cap (COL-85), opt-outs, holidays (COL-12) and duplicate debtors (COL-23)', () => {
    expect(skippedRules).toEqual({ b: ['COL-80'], c: ['COL-85'], d: ['COL-23'], g: ['COL-22'], h: ['COL-12'] });
  });
  it('COL-47 moves a case past the minimum gap', () => {
    expect(plan.planned.find((p) => p.caseId === 'f')!.at).toBe(localIso('08:30'));
  });
  it('COL-10 a debtor in Los Angeles is only planned in their own daytime (or skipped)', () => {
    const e = plan.planned.find((p) => p.caseId === 'e');
    const s = plan.skipped.find((x) => x.caseId === 'e');
    if (e) expect(new Date(e.at).getUTCHours()).toBeGreaterThanOrEqual(16); // 08:00 PST = 16:00Z
    else expect(s!.fired.map((f) => f.ruleId)).toContain('COL-11');
  });
  it('every planned contact is allowed by the gate at its time', () => {
    for (const p of plan.planned) {
      const cs = [c('a'), c('e', { debtorTimeZone: 'America/Los_Angeles' }), c('f', { history: entries(1, 'voice_agent', 'answered', '07:50') })].find((x) => x.caseId === p.caseId)!;
      const d = decideContact({ channel: 'voice_automated', at: p.at, debtorTimeZone: cs.debtorTimeZone, target: { kind: 'debtor' }, contactPointId: 'cp_1', templateId: 't', templateApproved: true }, { rules: CN_2026_1, history: cs.history });
      expect(d.decision).toBe('allow');
    }
  });
  it('respects slot capacity', () => {
    const p = planCampaign(base(['1', '2', '3', '4', '5'].map((id) => c(id)), { capacityPerSlot: 2, slotMinutes: 30 }));
    const bySlot = new Map<string, number>();
    for (const x of p.planned) bySlot.set(x.at, (bySlot.get(x.at) ?? 0) + 1);
    expect([...bySlot.values()].every((n) => n <= 2)).toBe(true);
    expect(p.planned).toHaveLength(5);
  });
  it('SMS: the daily COL-22 cap counts planned messages, so two cases of one debtor get at most the remaining allowance', () => {
    const p = planCampaign(base([c('x', { debtorId: 'dbt_1', history: entries(1, 'sms', 'delivered', '07:00') }), c('y', { debtorId: 'dbt_1' })], { channel: 'sms', onePerDebtor: false }));
    expect(p.planned.map((x) => x.caseId)).toEqual(['x']);
    expect(p.skipped[0].fired.map((f) => f.ruleId)).toContain('COL-22');
  });
});
