// Property: whatever sequence of contacts is proposed, the contacts the gate allows never exceed any cap in any
// window (COL-20/21/22/85, US-02), never fall in a quiet window (COL-10/11, US-01) and respect the minimum gap (COL-47).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideContact, type ContactHistoryEntry } from './contact-gate.js';
import { applyTenantOverrides, CN_2026_1, US_REGF_2021, type Channel, type RuleSet } from './rule-sets.js';
import { localDate, localMinuteOfDay, parseHhMm } from './time.js';

const CHANNELS: Channel[] = ['voice_agent', 'voice_automated', 'sms', 'im', 'email', 'field_visit'];
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Sydney'];
const START = Date.parse('2026-03-01T00:00:00Z');

const attemptArb = fc.record({
  // Dense bursts (3 days) as well as spread-out ones, so rolling 7-day caps are actually reached.
  minute: fc.oneof(fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.integer({ min: 0, max: 10 * 24 * 60 })),
  channel: fc.oneof(fc.constantFrom(...CHANNELS), fc.constantFrom<Channel>('voice_automated', 'sms')),
  cp: fc.constantFrom('cp_1', 'cp_2'),
  answered: fc.boolean(),
});

function violations(rules: RuleSet, tz: string, allowed: ContactHistoryEntry[]): string[] {
  const out: string[] = [];
  for (const cap of rules.caps) {
    const events = allowed.filter((h) => cap.channels.includes(h.channel) && (!cap.outcomes || cap.outcomes.includes(h.outcome)));
    const groups = cap.scope === 'number' ? ['cp_1', 'cp_2'].map((cp) => events.filter((e) => e.contactPointId === cp)) : [events];
    for (const g of groups) {
      const times = g.map((e) => Date.parse(String(e.at)));
      if (cap.period.kind === 'local_day') {
        const perDay = new Map<string, number>();
        for (const t of times) perDay.set(localDate(new Date(t), tz), (perDay.get(localDate(new Date(t), tz)) ?? 0) + 1);
        for (const [d, n] of perDay) if (n > cap.max) out.push(`${cap.ruleId} ${cap.key} ${d}: ${n} > ${cap.max}`);
      } else {
        const w = cap.period.hours * 3_600_000;
        for (const t of times) {
          const n = times.filter((x) => x <= t && x > t - w).length;
          if (n > cap.max) out.push(`${cap.ruleId} ${cap.key} window ending ${new Date(t).toISOString()}: ${n} > ${cap.max}`);
        }
      }
    }
  }
  for (const h of allowed) {
    const m = localMinuteOfDay(new Date(String(h.at)), tz);
    for (const w of rules.quietWindows) {
      const s = parseHhMm(w.start);
      const e = parseHhMm(w.end);
      const inside = s < e ? m >= s && m < e : m >= s || m < e;
      if (inside && w.channels.includes(h.channel)) out.push(`${w.ruleId} at ${h.at}`);
    }
  }
  const gapEvents = allowed.filter((h) => rules.minGap.channels.includes(h.channel)).map((h) => Date.parse(String(h.at)));
  for (let i = 1; i < gapEvents.length; i++) {
    if (gapEvents[i] - gapEvents[i - 1] < rules.minGap.minutes * 60_000) out.push(`${rules.minGap.ruleId} gap at ${i}`);
  }
  return out;
}

function run(rules: RuleSet, tz: string, attempts: Array<{ minute: number; channel: Channel; cp: string; answered: boolean }>) {
  const history: ContactHistoryEntry[] = [];
  const sorted = [...attempts].sort((a, b) => a.minute - b.minute);
  let allowedCount = 0;
  for (const a of sorted) {
    const at = new Date(START + a.minute * 60_000).toISOString();
    const d = decideContact(
      { channel: a.channel, at, debtorTimeZone: tz, target: { kind: 'debtor' }, contactPointId: a.cp, staffCount: 2, templateId: 't', templateApproved: true },
      { rules, history },
    );
    if (d.decision === 'allow') {
      allowedCount++;
      const voice = a.channel === 'voice_agent' || a.channel === 'voice_automated';
      history.push({ at, channel: a.channel, target: 'debtor', contactPointId: a.cp,
        outcome: voice ? (a.answered ? 'answered' : 'unanswered') : a.channel === 'field_visit' ? 'visited' : 'delivered' });
    } else {
      // A denial must always say why.
      expect(d.fired.length).toBeGreaterThan(0);
    }
  }
  return { history, allowedCount };
}

describe('contact gate properties', () => {
  it('COL-20/21/22/47/85 COL-10/11: allowed sequences never exceed a cap or enter a quiet window (China set)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(attemptArb, { minLength: 1, maxLength: 120 }), (tz, attempts) => {
        const { history } = run(CN_2026_1, tz, attempts);
        expect(violations(CN_2026_1, tz, history)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
  it('the same holds with stricter tenant overrides', () => {
    const rules = applyTenantOverrides(CN_2026_1, { caps: { voice_conversations_per_day: 2, messages_per_7_days: 4 }, minGapMinutes: 90, quietWindow: { start: '20:00', end: '09:00' } });
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(attemptArb, { minLength: 1, maxLength: 120 }), (tz, attempts) => {
        const { history } = run(rules, tz, attempts);
        expect(violations(rules, tz, history)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
  it('US-01/US-02: Regulation F set', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(attemptArb, { minLength: 1, maxLength: 120 }), (tz, attempts) => {
        const { history } = run(US_REGF_2021, tz, attempts);
        expect(violations(US_REGF_2021, tz, history)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
  it('the checker itself can fail: an unchecked sequence of 4 answered calls in a day violates COL-20', () => {
    const tz = 'Asia/Shanghai';
    const raw: ContactHistoryEntry[] = [0, 60, 120, 180].map((m) => ({ at: new Date(Date.parse('2026-03-01T02:00:00Z') + m * 60_000).toISOString(), channel: 'voice_agent', outcome: 'answered', target: 'debtor', contactPointId: 'cp_1' }));
    expect(violations(CN_2026_1, tz, raw).some((v) => v.startsWith('COL-20'))).toBe(true);
  });
});
