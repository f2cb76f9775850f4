// fast-check: allocation is a function of the history (not of the order it was recorded in), conserves every fen,
// follows the art 561 order, and a reversal is exactly equivalent to the payment never existing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatePayments, LEGAL_ORDER, type DebtEvent, type DebtTerms } from './allocation.js';

const day = fc.integer({ min: 0, max: 120 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const termsArb = fc.record({
  principalFen: fc.bigInt({ min: 1n, max: 10_000_000n }),
  interestFrom: fc.constant('2026-01-01'),
  annualRateBps: fc.bigInt({ min: 0n, max: 2_400n }),
}) satisfies fc.Arbitrary<DebtTerms>;
const eventsArb = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('payment' as const), valueDate: day, amountFen: fc.bigInt({ min: 1n, max: 3_000_000n }), seq: fc.nat(3) }),
      fc.record({ kind: fc.constant('cost' as const), valueDate: day, amountFen: fc.bigInt({ min: 1n, max: 100_000n }) }),
      fc.record({ kind: fc.constant('rate' as const), valueDate: day, annualRateBps: fc.bigInt({ min: 0n, max: 2_400n }) }),
    ),
    { maxLength: 12 },
  )
  .map((es) => es.map((e, i) => ({ ...e, id: `e${i}` }) as DebtEvent));
const asOf = '2026-06-01';

describe('allocation properties (art 561)', () => {
  it('conserves money and follows the legal order', () => {
    fc.assert(
      fc.property(termsArb, eventsArb, (terms, events) => {
        const r = allocatePayments(terms, events, asOf);
        const paid = events.reduce((s, e) => (e.kind === 'payment' ? s + e.amountFen : s), 0n);
        const costs = events.reduce((s, e) => (e.kind === 'cost' ? s + e.amountFen : s), 0n);
        expect(r.totals.paidFen).toBe(paid);
        expect(r.totals.costsFen + r.totals.interestFen + r.totals.principalFen + r.totals.unappliedFen).toBe(paid);
        expect(r.outstanding.costsFen).toBe(costs - r.totals.costsFen);
        expect(r.outstanding.principalFen).toBe(terms.principalFen - r.totals.principalFen);
        expect(r.outstanding.interestFen).toBeLessThanOrEqual(r.totals.interestAccruedFen - r.totals.interestFen + 1n);
        for (const l of r.lines) {
          for (const c of [l.costsFen, l.interestFen, l.principalFen, l.unappliedFen]) expect(c).toBeGreaterThanOrEqual(0n);
          // a later component gets money only when every earlier one was paid off by this payment
          if (l.interestFen > 0n) expect(l.costsFen).toBe(l.before.costsFen);
          if (l.principalFen > 0n) {
            expect(l.costsFen).toBe(l.before.costsFen);
            expect(l.interestFen).toBe(l.before.interestFen);
          }
          if (l.unappliedFen > 0n) expect(l.principalFen).toBe(l.before.principalFen);
        }
        expect(r.order).toEqual(LEGAL_ORDER);
      }),
      { numRuns: 200 },
    );
  });
  it('is independent of recording order and a reversal equals absence (recompute, never patch)', () => {
    fc.assert(
      fc.property(termsArb, eventsArb, fc.nat(), fc.array(fc.boolean(), { maxLength: 12 }), (terms, events, seed, revMask) => {
        const shuffled = [...events].sort((a, b) => ((Number(a.id.slice(1)) * 7919 + seed) % 13) - ((Number(b.id.slice(1)) * 7919 + seed) % 13));
        expect(allocatePayments(terms, shuffled, asOf)).toEqual(allocatePayments(terms, events, asOf));
        const toReverse = events.filter((e, i) => e.kind === 'payment' && revMask[i]);
        const withRev = [...events, ...toReverse.map((e) => ({ kind: 'reversal' as const, id: `r-${e.id}`, reversesId: e.id }))];
        const without = events.filter((e) => !toReverse.includes(e));
        expect(allocatePayments(terms, withRev, asOf)).toEqual(allocatePayments(terms, without, asOf));
      }),
      { numRuns: 200 },
    );
  });
});
