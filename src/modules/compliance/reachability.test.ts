// COL-31 reachability derivation (pure): N consecutive failures on every phone/e-mail line, invalid numbers, staff
// marks; and the gate uses the derived facts instead of its own count when they are given.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideContact } from './contact-gate.js';
import { deriveReachability, gateReachability, type AttemptFact, type LineFact } from './reachability.js';
import { CN_2026_1, type Channel, type Outcome } from './rule-sets.js';
import { localIso, makeAttempt } from './testing.js';

const phone = (id: string, invalid = false): LineFact => ({ id, kind: 'phone', masked: `138****${id.slice(-4)}`, invalid });
const email = (id: string): LineFact => ({ id, kind: 'email', masked: 'z***@example.cn', invalid: false });
const at = (h: number) => new Date(Date.UTC(2026, 2, 1, h)).toISOString();
const att = (h: number, channel: Channel, cp: string | null, outcome: Outcome | null): AttemptFact => ({ at: at(h), channel, contactPointId: cp, outcome });
const derive = (lines: LineFact[], attempts: AttemptFact[], extra: Partial<Parameters<typeof deriveReachability>[0]> = {}) =>
  deriveReachability({ rules: CN_2026_1, lines, attempts, marks: [], ...extra });

describe('COL-31 deriveReachability', () => {
  it('3 failures on the only phone: unreachable; 2 failures or a later answer: reachable', () => {
    const fails = [att(1, 'voice_agent', 'cp_a', 'unanswered'), att(2, 'voice_agent', 'cp_a', 'failed'), att(3, 'sms', 'cp_a', 'failed')];
    expect(derive([phone('cp_a')], fails)).toMatchObject({ unreachable: true, failedOnAllChannels: true });
    expect(derive([phone('cp_a')], fails.slice(1)).unreachable).toBe(false);
    expect(derive([phone('cp_a')], [...fails, att(4, 'voice_agent', 'cp_a', 'answered')]).unreachable).toBe(false);
    // An allowed attempt without a recorded outcome counts as reached (strict reading).
    expect(derive([phone('cp_a')], [...fails, att(4, 'voice_agent', 'cp_a', null)]).unreachable).toBe(false);
  });

  it('every line must fail: an untried e-mail keeps the debtor reachable; attempts without a contact point count for every line of their kind', () => {
    const calls = [1, 2, 3].map((h) => att(h, 'voice_agent', null, 'unanswered'));
    const r = derive([phone('cp_a'), phone('cp_b'), email('cp_e')], calls);
    expect(r.unreachable).toBe(false);
    expect(r.lines.map((l) => l.state)).toEqual(['failing', 'failing', 'untried']);
    expect(r.reasonEn).toContain('not tried');
    const bounced = [4, 5, 6].map((h) => att(h, 'email', 'cp_e', 'failed'));
    expect(derive([phone('cp_a'), phone('cp_b'), email('cp_e')], [...calls, ...bounced])).toMatchObject({ unreachable: true, failedOnAllChannels: true });
  });

  it('all phones invalid = number invalid; marks and death make the debtor unreachable; no lines and no mark = reachable', () => {
    expect(derive([phone('cp_a', true), email('cp_e')], [])).toMatchObject({ unreachable: true, numberInvalid: true, failedOnAllChannels: false });
    expect(derive([], [])).toMatchObject({ unreachable: false });
    expect(derive([], [], { marks: [{ id: 'rmk_1', kind: 'out_of_contact', reason: 'moved away', createdBy: 'usr_x', createdAt: at(1) }] })).toMatchObject({ unreachable: true, outOfContact: true });
    expect(derive([phone('cp_a')], [], { deceased: true }).unreachable).toBe(true);
  });

  it('property: a line with an answered attempt after its failures never counts as failing', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ h: fc.integer({ min: 0, max: 500 }), cp: fc.constantFrom('cp_a', 'cp_b', null), outcome: fc.constantFrom<Outcome>('unanswered', 'failed', 'answered') }), { maxLength: 20 }),
      fc.constantFrom('cp_a', 'cp_b'),
      (xs, lastOn) => {
        const attempts = xs.map((x) => att(x.h, 'voice_agent', x.cp, x.outcome));
        const r = derive([phone('cp_a'), phone('cp_b')], [...attempts, att(600, 'voice_agent', lastOn, 'answered')]);
        return r.lines.find((l) => l.contactPointId === lastOn)!.state === 'ok' && !r.failedOnAllChannels && !r.unreachable;
      },
    ));
  });

  it('the gate uses the derived facts: trailing failed calls in the history do not open third parties when the derivation says reachable', () => {
    const history = [1, 2, 3].map((k) => ({ at: new Date(Date.parse(localIso('09:00')) - k * 3_600_000).toISOString(), channel: 'voice_agent' as const, outcome: 'unanswered' as const, target: 'debtor' as const }));
    const a = makeAttempt({ at: localIso('15:00'), target: { kind: 'third_party', contactId: 'rp_1', relation: 'parent', debtRelated: false, purpose: 'locate' } });
    // Without derived facts the gate counts the 3 failed calls itself (kept for the pure scenario table).
    expect(decideContact(a, { rules: CN_2026_1, history }).fired.map((f) => f.ruleId)).not.toContain('COL-31');
    const reachable = derive([phone('cp_a'), email('cp_e')], history.map((h) => att(1, h.channel, null, h.outcome)));
    const d = decideContact(a, { rules: CN_2026_1, history, reachability: gateReachability(reachable) });
    const col31 = d.fired.find((f) => f.ruleId === 'COL-31');
    expect(col31?.reasonEn).toContain('not tried');
  });
});
