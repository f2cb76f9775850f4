import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.js';
import { addMonths, assessPlan, buildPaymentPlan, type PlanBounds } from './payment-plans.js';

const bounds: PlanBounds = { minInstalmentFen: 50_000n, maxTermMonths: 12, settlementFloorBps: 8_000n };
const bound = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).extra?.bound ?? (e as DomainError).code;
  }
  return 'ok';
};

describe('payment plans (DOC-08)', () => {
  it('splits the agreed total exactly, remainder fen on the first instalments, month ends clamped', () => {
    const p = buildPaymentPlan({ balanceFen: 1_000_001n, instalments: 3, firstDueDate: '2026-01-31' }, bounds);
    expect(p.instalments.map((i) => i.amountFen)).toEqual([333_334n, 333_334n, 333_333n]);
    expect(p.instalments.map((i) => i.dueDate)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(p.instalments.at(-1)!.runningBalanceFen).toBe(0n);
  });
  it('enforces the creditor bounds', () => {
    expect(bound(() => buildPaymentPlan({ balanceFen: 1_000_000n, instalments: 13, firstDueDate: '2026-01-01' }, bounds))).toBe('max_term');
    expect(bound(() => buildPaymentPlan({ balanceFen: 1_000_000n, instalments: 6, intervalMonths: 3, firstDueDate: '2026-01-01' }, bounds))).toBe('max_term');
    expect(bound(() => buildPaymentPlan({ balanceFen: 100_000n, instalments: 3, firstDueDate: '2026-01-01' }, bounds))).toBe('min_instalment');
    expect(bound(() => buildPaymentPlan({ balanceFen: 1_000_000n, totalFen: 799_999n, instalments: 2, firstDueDate: '2026-01-01' }, bounds))).toBe('settlement_floor');
    expect(bound(() => buildPaymentPlan({ balanceFen: 1_000_000n, totalFen: 800_000n, instalments: 2, firstDueDate: '2026-01-01' }, bounds))).toBe('ok');
    expect(bound(() => buildPaymentPlan({ balanceFen: 10_000n, instalments: 1, firstDueDate: '2026-01-01' }, bounds))).toBe('ok');
  });
  it('COL-44: the plan total can never exceed the balance (no collection fee added)', () => {
    expect(bound(() => buildPaymentPlan({ balanceFen: 1_000_000n, totalFen: 1_000_100n, instalments: 2, firstDueDate: '2026-01-01' }, bounds))).toBe('no_fees');
  });
  it('addMonths handles leap years and year ends', () => {
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
});

describe('broken promise detection', () => {
  const plan = buildPaymentPlan({ balanceFen: 300_000n, instalments: 3, firstDueDate: '2026-01-10' }, bounds);
  const opts = { graceDays: 3, accelerateAfterMissed: 2 };
  it('on-time, late, partly paid and missed instalments', () => {
    const a = assessPlan(plan, [{ date: '2026-01-12', amountFen: 100_000n }, { date: '2026-02-20', amountFen: 150_000n }], '2026-03-12', opts);
    expect(a.instalments.map((i) => i.status)).toEqual(['paid', 'paid_late', 'partly_paid']);
    expect(a.missedCount).toBe(0);
    expect(a.remainingFen).toBe(50_000n);
  });
  it('two missed instalments break the promise (acceleration)', () => {
    const a = assessPlan(plan, [{ date: '2026-01-10', amountFen: 100_000n }], '2026-03-20', opts);
    expect(a.instalments.map((i) => i.status)).toEqual(['paid', 'missed', 'missed']);
    expect(a.broken).toBe(true);
  });
  it('payments after asOf are not counted; future instalments are upcoming', () => {
    const a = assessPlan(plan, [{ date: '2026-05-01', amountFen: 300_000n }], '2026-01-05', opts);
    expect(a.instalments.map((i) => i.status)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    expect(a.paidFen).toBe(0n);
  });
  it('a due instalment inside grace is due, not missed', () => {
    expect(assessPlan(plan, [], '2026-01-12', opts).instalments[0]!.status).toBe('due');
    expect(assessPlan(plan, [], '2026-01-14', opts).instalments[0]!.status).toBe('missed');
  });
});
