// fast-check: the contingency fee is a monotone function of cumulative net recovered money, bounded by the money
// recovered and the top band rate; charging "f(total) − charged" after each step in any sequence converges to f(total).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contingencyFee, computeFeeDue, type FeeAgreement } from './fees.js';

const agreementArb = fc
  .record({
    b1: fc.bigInt({ min: 0n, max: 3_000n }),
    b2: fc.bigInt({ min: 0n, max: 3_000n }),
    limit: fc.bigInt({ min: 1n, max: 2_000_000n }),
    min: fc.option(fc.bigInt({ min: 0n, max: 50_000n }), { nil: undefined }),
    capExtra: fc.option(fc.bigInt({ min: 0n, max: 1_000_000n }), { nil: undefined }),
  })
  .map(({ b1, b2, limit, min, capExtra }): FeeAgreement => ({
    id: 'fa',
    version: 1,
    creditorId: 'cr',
    tiers: [{ bands: [{ uptoFen: limit, bps: b1 }, { bps: b2 }] }],
    minFen: min,
    capFen: capExtra === undefined ? undefined : (min ?? 0n) + capExtra,
  }));
const ctx = { debtAgeDays: 30, debtAmountFen: 1_000_000n };

describe('contingency fee properties', () => {
  it('is monotone, ≤ recovered, ≤ cap, and ≤ top band rate when no minimum applies', () => {
    fc.assert(
      fc.property(agreementArb, fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: 0n, max: 10_000_000n }), (a, x, y) => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        const fl = contingencyFee(a, ctx, lo).feeFen;
        const fh = contingencyFee(a, ctx, hi).feeFen;
        expect(fl).toBeLessThanOrEqual(fh);
        expect(fh).toBeLessThanOrEqual(hi);
        if (a.capFen !== undefined) expect(fh).toBeLessThanOrEqual(a.capFen);
        const c = contingencyFee(a, ctx, hi);
        if (!c.minApplied) {
          const top = a.tiers[0]!.bands.reduce((m, b) => (b.bps > m ? b.bps : m), 0n);
          expect(c.feeFen * 10_000n).toBeLessThanOrEqual(hi * top + 5_000n * BigInt(c.bands.length));
        }
      }),
      { numRuns: 300 },
    );
  });
  it('any sequence of receipts, reversals, refunds and retried syncs converges: charged = f(net recovered)', () => {
    fc.assert(
      fc.property(
        agreementArb,
        fc.array(fc.oneof(fc.bigInt({ min: 1n, max: 500_000n }), fc.constant(0n), fc.bigInt({ min: -500_000n, max: -1n })), { maxLength: 30 }),
        (a, steps) => {
          let net = 0n;
          let charged = 0n;
          for (const s of steps) {
            // a negative step is a reversal/refund of earlier recovered money (never below zero net)
            net += s < 0n && -s > net ? -net : s;
            const d = computeFeeDue(a, ctx, { netRecoveredFen: net, placements: 1, contingencyChargedFen: charged, fixedChargedFen: 0n });
            charged += d.contingencyDeltaFen;
            // a retry right after a sync finds nothing to do
            expect(computeFeeDue(a, ctx, { netRecoveredFen: net, placements: 1, contingencyChargedFen: charged, fixedChargedFen: 0n }).contingencyDeltaFen).toBe(0n);
            expect(charged).toBe(contingencyFee(a, ctx, net).feeFen);
            expect(charged).toBeLessThanOrEqual(net);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
