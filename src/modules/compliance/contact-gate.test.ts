// Scenario table for the contact gate: each row names the rule IDs it expects to fire (exact set).
import { describe, expect, it } from 'vitest';
import { decideContact } from './contact-gate.js';
import { US_REGF_2021 } from './rule-sets.js';
import { DAY, entries, localIso, makeAttempt, makeContext, SCENARIOS as rows } from './testing.js';
import { addDays } from './time.js';

const NY = 'America/New_York';

describe('contact gate scenario table', () => {
  it('has at least 100 scenarios', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
  });
  for (const row of rows) {
    it(row.name, () => {
      const d = decideContact(makeAttempt(row.a), makeContext(row.c));
      const ids = [...new Set(d.fired.map((f) => f.ruleId))].sort();
      expect({ decision: d.decision, ids }).toEqual({ decision: row.allow ? 'allow' : 'deny', ids: [...(row.rules ?? [])].sort() });
      for (const f of d.fired) {
        expect(f.reasonZh.length).toBeGreaterThan(0);
        expect(f.reasonEn.length).toBeGreaterThan(0);
      }
    });
  }
});

describe('nextAllowedAt', () => {
  it('COL-11 at 21:30 the next allowed time is 08:00 the next local day', () => {
    const d = decideContact(makeAttempt({ at: localIso('21:30') }), makeContext());
    expect(d.nextAllowedAt).toBe(localIso('08:00', addDays(DAY, 1)));
  });
  it('COL-20 daily cap rolls to local midnight, then the COL-10 window pushes it to 08:00', () => {
    const d = decideContact(makeAttempt(), makeContext({ history: entries(3, 'voice_agent', 'answered') }));
    expect(d.fired.find((f) => f.ruleId === 'COL-20')!.nextAllowedAt).toBe(localIso('00:00', addDays(DAY, 1)));
    expect(d.nextAllowedAt).toBe(localIso('08:00', addDays(DAY, 1)));
  });
  it('COL-47 min gap: next allowed 30 minutes after the last contact', () => {
    const d = decideContact(makeAttempt(), makeContext({ history: entries(1, 'voice_agent', 'unanswered', '09:50') }));
    expect(d.nextAllowedAt).toBe(localIso('10:20'));
  });
  it('COL-85 rolling cap: next allowed when the oldest call leaves the 7-day window', () => {
    const h = [6, 3, 1].map((n) => entries(1, 'voice_automated', 'unanswered', '12:00', addDays(DAY, -n))[0]);
    const d = decideContact(makeAttempt({ channel: 'voice_automated', templateId: 't', templateApproved: true }), makeContext({ history: h }));
    expect(d.nextAllowedAt).toBe(localIso('12:00', addDays(DAY, 1)));
  });
  it('COL-80 hold without an end date gives no next time', () => {
    const d = decideContact(makeAttempt(), makeContext({ holds: [{ kind: 'dispute' }] }));
    expect(d.nextAllowedAt).toBeNull();
  });
  it('US-01 across the DST change in New York (2026-03-08): 21:30 local on 03-07 → 08:00 EDT on 03-08', () => {
    const d = decideContact(makeAttempt({ at: localIso('21:30', '2026-03-07', NY), debtorTimeZone: NY }), makeContext({ rules: US_REGF_2021 }));
    expect(d.nextAllowedAt).toBe('2026-03-08T12:00:00.000Z');
  });
  it('the next allowed instant is itself allowed', () => {
    const ctx = makeContext({ history: entries(2, 'sms', 'delivered', '08:00'), holidays: [addDays(DAY, 1)] });
    const d = decideContact(makeAttempt({ channel: 'sms', at: localIso('20:50') }), ctx);
    expect(d.decision).toBe('deny');
    expect(decideContact(makeAttempt({ channel: 'sms', at: d.nextAllowedAt! }), ctx).decision).toBe('allow');
  });
});
