import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acceptanceFee, preservationFee, enforcementFee, paymentOrderFee } from './court-fees.js';
import { simpleInterest, cappedInterest, lateDoubleInterest } from './interest.js';
import { trackLimitation, type LimitationEvent } from './limitation.js';
import { addDays } from './dates.js';

const fen = fc.bigInt({ min: 0n, max: 10n ** 11n });
const date = fc.integer({ min: 0, max: 365 * 15 }).map((n) => addDays('2015-01-01', n));

describe('law calculators: properties', () => {
  it('CALC-03/04/06 fees are monotone and grow at most by the top band rate per fen', () => {
    fc.assert(
      fc.property(fen, fc.bigInt({ min: 1n, max: 10n ** 8n }), (a, d) => {
        for (const f of [(x: bigint) => acceptanceFee(x).fullFen, preservationFee, (x: bigint) => enforcementFee(x)]) {
          const lo = f(a);
          const hi = f(a + d);
          expect(hi >= lo).toBe(true);
          expect(hi - lo <= (d * 250n) / 10_000n + 1n).toBe(true);
        }
        expect(preservationFee(a) <= 500_000n).toBe(true);
      }),
    );
  });
  it('CALC-03 halving and CALC-07 third are within a fen of exact', () => {
    fc.assert(
      fc.property(fen, (a) => {
        const full = acceptanceFee(a).fullFen;
        const half = acceptanceFee(a, { halvedFor: ['withdrawal'] }).dueFen;
        expect(half * 2n - full).toBeGreaterThanOrEqual(0n);
        expect(half * 2n - full).toBeLessThanOrEqual(1n);
        const third = paymentOrderFee(a);
        expect(third * 3n - full >= -1n && third * 3n - full <= 2n).toBe(true);
      }),
    );
  });
  it('interest is additive over a split period (within rounding) and capped ≤ claimed', () => {
    fc.assert(
      fc.property(fen, fc.integer({ min: 0, max: 5000 }), date, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (p, bps, from, d1, d2) => {
        const mid = addDays(from, d1);
        const to = addDays(mid, d2);
        const whole = simpleInterest({ principalFen: p, annualRateBps: bps, from, to });
        const parts = simpleInterest({ principalFen: p, annualRateBps: bps, from, to: mid }) + simpleInterest({ principalFen: p, annualRateBps: bps, from: mid, to });
        expect(whole - parts <= 1n && parts - whole <= 1n).toBe(true);
        const formation = from < '2019-08-20' ? '2019-08-20' : from;
        const c = cappedInterest({ principalFen: p, agreedRateBps: bps, from: formation, to: addDays(formation, d1 + d2), formationDate: formation });
        expect(c.totalFen <= c.claimedFen).toBe(true);
        for (const s of c.segments) expect(s.appliedBps <= s.cap.capBps && s.appliedBps <= bps).toBe(true);
      }),
    );
  });
  it('CALC-05 is linear in the unpaid amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 10n }), fc.integer({ min: 0, max: 2000 }), (a, days) => {
        const one = lateDoubleInterest({ unpaidFen: a * 1_000_000n, periodEnd: '2024-01-01', paidOn: addDays('2024-01-01', days) });
        expect(one.interestFen).toBe(a * 175n * BigInt(days));
      }),
    );
  });
  const eventType = fc.constantFrom<LimitationEvent['type']>('demand_delivered', 'debtor_agreed', 'suit_filed', 'partial_payment', 'mediation_requested');
  it('CALC-02: order of the event list does not matter; expiry ≥ last effective event; creditor acts after expiry are ignored', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: eventType, offset: fc.integer({ min: 0, max: 365 * 8 }) }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 365 * 10 }),
        (raw, asOfOffset) => {
          const knewOn = '2012-03-15';
          const events = raw.map((e) => ({ type: e.type, on: addDays(knewOn, e.offset) }));
          const asOf = addDays(knewOn, asOfOffset);
          const a = trackLimitation({ knewOn, events, asOf });
          const b = trackLimitation({ knewOn, events: [...events].reverse(), asOf });
          expect(b.state).toBe(a.state);
          expect(b.expiresOn).toBe(a.expiresOn);
          expect(a.expiresOn > a.runsFrom).toBe(true);
          if (a.state === 'expired') {
            const more = trackLimitation({ knewOn, events: [...events, { type: 'demand_delivered', on: asOf }], asOf });
            expect(more.state).toBe('expired');
          }
        },
      ),
    );
  });
});
