import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessPlan, buildPaymentPlan, type PlanBounds } from './payment-plans.js';

const bounds: PlanBounds = { minInstalmentFen: 10_000n, maxTermMonths: 24, settlementFloorBps: 7_000n };

describe('payment plan properties', () => {
  it('any accepted plan sums to its total, stays within bounds and never exceeds the balance (COL-44)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 100_000_000n }), fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 3 }), (balance, discountBps, n, interval) => {
        const total = balance - (balance * BigInt(discountBps)) / 10_000n;
        let plan;
        try {
          plan = buildPaymentPlan({ balanceFen: balance, totalFen: total, instalments: n, intervalMonths: interval, firstDueDate: '2026-01-31' }, bounds);
        } catch {
          return;
        }
        expect(plan.instalments.reduce((s, i) => s + i.amountFen, 0n)).toBe(total);
        expect(plan.totalFen).toBeLessThanOrEqual(balance);
        expect(plan.termMonths).toBeLessThanOrEqual(bounds.maxTermMonths);
        if (n > 1) for (const i of plan.instalments) expect(i.amountFen).toBeGreaterThanOrEqual(bounds.minInstalmentFen);
        const amounts = plan.instalments.map((i) => i.amountFen);
        expect(amounts.reduce((m, x) => (x > m ? x : m)) - amounts.reduce((m, x) => (x < m ? x : m))).toBeLessThanOrEqual(1n);
        const dates = plan.instalments.map((i) => i.dueDate);
        expect([...dates].sort()).toEqual(dates);
      }),
      { numRuns: 300 },
    );
  });
  it('paying every instalment on its due date never counts as missed; paying nothing misses every past deadline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.bigInt({ min: 200_000n, max: 10_000_000n }), (n, balance) => {
        const plan = buildPaymentPlan({ balanceFen: balance, instalments: n, firstDueDate: '2026-01-15' }, bounds);
        const asOf = '2027-06-01';
        const good = assessPlan(plan, plan.instalments.map((i) => ({ date: i.dueDate, amountFen: i.amountFen })), asOf, { graceDays: 0, accelerateAfterMissed: 1 });
        expect(good.missedCount).toBe(0);
        expect(good.completed).toBe(true);
        const none = assessPlan(plan, [], asOf, { graceDays: 0, accelerateAfterMissed: 1 });
        expect(none.missedCount).toBe(n);
        expect(none.broken).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
