import { describe, expect, it } from 'vitest';
import { allocatePayments, type DebtEvent, type DebtTerms } from './allocation.js';

// 10,000.00 at 3.65% a year = exactly 1.00 a day (actual/365).
const terms: DebtTerms = { principalFen: 1_000_000n, interestFrom: '2026-01-01', annualRateBps: 365n };

describe('Civil Code art 561 allocation', () => {
  it('applies a part payment to costs, then interest, then principal', () => {
    const events: DebtEvent[] = [
      { kind: 'cost', id: 'c', valueDate: '2026-01-05', amountFen: 5_000n, description: '律师费' },
      { kind: 'payment', id: 'p', valueDate: '2026-01-11', amountFen: 10_000n },
    ];
    const r = allocatePayments(terms, events, '2026-01-11');
    expect(r.lines[0]).toMatchObject({ before: { costsFen: 5_000n, interestFen: 1_000n, principalFen: 1_000_000n }, costsFen: 5_000n, interestFen: 1_000n, principalFen: 4_000n, unappliedFen: 0n });
    expect(r.outstanding).toEqual({ costsFen: 0n, interestFen: 0n, principalFen: 996_000n });
  });
  it('honours a contractually agreed order (principal first)', () => {
    const r = allocatePayments({ ...terms, order: ['principal', 'interest', 'costs'] }, [{ kind: 'payment', id: 'p', valueDate: '2026-01-11', amountFen: 10_000n }], '2026-01-11');
    expect(r.lines[0]).toMatchObject({ principalFen: 10_000n, interestFen: 0n });
    expect(r.outstanding.interestFen).toBe(1_000n);
  });
  it('a back-dated payment is recomputed into its place: interest after it runs on the lower principal', () => {
    const late: DebtEvent[] = [
      { kind: 'payment', id: 'p2', valueDate: '2026-03-02', amountFen: 100n, seq: 2 },
      { kind: 'payment', id: 'p1', valueDate: '2026-01-11', amountFen: 501_000n, seq: 1 }, // booked later, value-dated earlier
    ];
    const r = allocatePayments(terms, late, '2026-03-02');
    expect(r.lines.map((l) => l.paymentId)).toEqual(['p1', 'p2']);
    // after p1: principal 500,000 → 0.50/day for 50 days = 25.00
    expect(r.lines[1]!.before).toEqual({ costsFen: 0n, interestFen: 2_500n, principalFen: 500_000n });
  });
  it('a reversed payment is as if it never happened', () => {
    const base: DebtEvent[] = [{ kind: 'payment', id: 'a', valueDate: '2026-02-01', amountFen: 50_000n }];
    const withRev: DebtEvent[] = [...base, { kind: 'payment', id: 'b', valueDate: '2026-01-15', amountFen: 70_000n }, { kind: 'reversal', id: 'rb', reversesId: 'b' }];
    expect(allocatePayments(terms, withRev, '2026-03-01')).toEqual(allocatePayments(terms, base, '2026-03-01'));
  });
  it('a rate change applies from its value date', () => {
    const r = allocatePayments(terms, [{ kind: 'rate', id: 'r', valueDate: '2026-01-11', annualRateBps: 730n }], '2026-01-21');
    expect(r.outstanding.interestFen).toBe(1_000n + 2_000n);
  });
  it('money beyond the whole debt is unapplied, never booked as extra', () => {
    const r = allocatePayments(terms, [{ kind: 'payment', id: 'p', valueDate: '2026-01-01', amountFen: 1_000_500n }], '2026-01-01');
    expect(r.lines[0]!.unappliedFen).toBe(500n);
    expect(r.outstanding).toEqual({ costsFen: 0n, interestFen: 0n, principalFen: 0n });
  });
  it('refuses a malformed history', () => {
    expect(() => allocatePayments(terms, [{ kind: 'reversal', id: 'r', reversesId: 'nope' }], '2026-01-01')).toThrow(/unknown/);
    expect(() => allocatePayments({ ...terms, order: ['costs', 'costs', 'principal'] }, [], '2026-01-01')).toThrow(/permutation/);
    expect(() => allocatePayments(terms, [{ kind: 'payment', id: 'x', valueDate: '2026-02-30', amountFen: 1n }], '2026-03-01')).toThrow(/bad date/);
    expect(() => allocatePayments(terms, [{ kind: 'payment', id: 'x', valueDate: '2026-01-02', amountFen: 0n }], '2026-03-01')).toThrow(/positive/);
  });
});
