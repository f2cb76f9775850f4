import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { debtPosition, debtIssues, type DebtTerms } from './debts.js';
import { resolvePromises } from './promises.js';
import { daysBetween, parseLooseDate, isCalendarDate, dateInZone, addDays } from './dates.js';

const terms = (o: Partial<DebtTerms> = {}): DebtTerms => ({
  originalCreditor: '某某小额贷款有限公司', contractNumber: 'HT-1', currency: 'CNY', principalFen: 3_650_000n,
  contractRateBps: 1000n, penaltyRateBps: 0n, feesFen: 0n, originationDate: '2025-01-01', dueDate: '2026-01-01', ...o,
});

describe('debt position (derived, never stored)', () => {
  it('accrues simple interest at the contract rate: 36 500 yuan × 10 % × 365/365', () => {
    const p = debtPosition(terms(), [], '2026-01-01');
    expect(p.interestFen).toBe(365_000n);
    expect(p.outstandingFen).toBe(4_015_000n);
    expect(p.daysPastDue).toBe(0);
  });

  it('after the due date the agreed default rate replaces the contract rate; days past due count from the due date', () => {
    const p = debtPosition(terms({ penaltyRateBps: 1500n }), [], '2026-01-11');
    expect(p.interestFen).toBe(365_000n);
    expect(p.penaltyFen).toBe(15_000n); // 3 650 000 × 15 % × 10/365
    expect(p.daysPastDue).toBe(10);
  });

  it('COL-02 / CALC-01: rates above the supplied cap are cut to it', () => {
    const p = debtPosition(terms({ contractRateBps: 3600n }), [], '2026-01-01', 1240n);
    expect(p.appliedRateBps).toBe(1240n);
    expect(p.interestFen).toBe(452_600n);
  });

  it('payments settle fees, then interest, then principal (民法典 art 561), and stop interest on repaid principal', () => {
    const p = debtPosition(terms({ feesFen: 10_000n }), [{ date: '2025-07-02', amountFen: 2_000_000n }], '2026-01-01');
    // interest to 2025-07-02: 3 650 000 × 10 % × 182/365 = 182 000; payment: fees 10 000, interest 182 000, principal 1 808 000
    expect(p.feesFen).toBe(0n);
    expect(p.principalFen).toBe(1_842_000n);
    // then 1 842 000 × 10 % × 183/365 = 92 352.3 → 92 352
    expect(p.interestFen).toBe(92_352n);
    expect(p.paidFen).toBe(2_000_000n);
  });

  it('paid in full: nothing outstanding, no days past due, overpayment shown as credit', () => {
    const p = debtPosition(terms({ contractRateBps: 0n }), [{ date: '2026-02-01', amountFen: 3_700_000n }], '2026-03-01');
    expect(p.outstandingFen).toBe(0n);
    expect(p.creditFen).toBe(50_000n);
    expect(p.daysPastDue).toBe(0);
  });

  it('rejects invalid terms', () => {
    expect(debtIssues(terms({ currency: 'XYZ', principalFen: -1n, dueDate: '2024-01-01' })).map((i) => i.field)).toEqual(['currency', 'principal', 'dueDate']);
    expect(() => debtPosition(terms({ currency: 'XYZ' }), [], '2026-01-01')).toThrow(/currency/);
  });

  it('property: outstanding + paid − credit = principal + fees + all interest ever charged, and never negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 700 }), a: fc.bigInt({ min: 0n, max: 2_000_000n }) }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 800 }),
        (ps, asOfDay) => {
          const t = terms({ penaltyRateBps: 1800n, feesFen: 5_000n });
          const payments = ps.map((p) => ({ date: addDays('2025-01-01', p.d), amountFen: p.a }));
          const asOf = addDays('2025-01-01', asOfDay);
          const pos = debtPosition(t, payments, asOf);
          expect(pos.outstandingFen >= 0n && pos.principalFen >= 0n && pos.interestFen >= 0n).toBe(true);
          const paidUpTo = payments.filter((p) => p.date <= asOf).reduce((s, p) => s + p.amountFen, 0n);
          expect(pos.paidFen).toBe(paidUpTo);
          // principal only ever decreases by payments
          expect(pos.principalFen <= t.principalFen).toBe(true);
          expect(t.principalFen - pos.principalFen <= paidUpTo).toBe(true);
        },
      ),
    );
  });
});

describe('promises to pay', () => {
  const promise = (id: string, madeOn: string, dueDate: string, amountFen: bigint, graceDays = 0) => ({ id, madeOn, dueDate, amountFen, graceDays });
  it('kept by payments between making and deadline; broken after the deadline; pending before', () => {
    const ps = [promise('p1', '2026-03-01', '2026-03-10', 50_000n), promise('p2', '2026-03-01', '2026-04-10', 50_000n)];
    const pays = [{ date: '2026-03-05', amountFen: 30_000n }, { date: '2026-03-09', amountFen: 20_000n }];
    const r = resolvePromises(ps, pays, '2026-03-20');
    expect(r[0]).toEqual({ id: 'p1', status: 'kept', paidTowardsFen: 50_000n, resolvedOn: '2026-03-09' });
    expect(r[1].status).toBe('pending');
    expect(resolvePromises(ps, pays, '2026-04-11')[1]).toMatchObject({ status: 'broken', paidTowardsFen: 0n, resolvedOn: '2026-04-10' });
  });
  it('a payment before the promise was made or after its grace period does not keep it', () => {
    const ps = [promise('p', '2026-03-05', '2026-03-10', 10_000n, 2)];
    expect(resolvePromises(ps, [{ date: '2026-03-04', amountFen: 10_000n }], '2026-03-20')[0].status).toBe('broken');
    expect(resolvePromises(ps, [{ date: '2026-03-12', amountFen: 10_000n }], '2026-03-20')[0].status).toBe('kept');
    expect(resolvePromises(ps, [{ date: '2026-03-13', amountFen: 10_000n }], '2026-03-20')[0].status).toBe('broken');
  });
  it('property: each fen of a payment counts toward at most one promise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ m: fc.integer({ min: 0, max: 30 }), d: fc.integer({ min: 0, max: 30 }), a: fc.bigInt({ min: 1n, max: 1000n }) }), { maxLength: 6 }),
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 60 }), a: fc.bigInt({ min: 0n, max: 1500n }) }), { maxLength: 6 }),
        (prs, pys) => {
          const ps = prs.map((p, i) => promise(`p${i}`, addDays('2026-01-01', p.m), addDays('2026-01-01', p.m + p.d), p.a));
          const pays = pys.map((p) => ({ date: addDays('2026-01-01', p.d), amountFen: p.a }));
          const r = resolvePromises(ps, pays, '2026-12-31');
          const counted = r.reduce((s, x) => s + x.paidTowardsFen, 0n);
          expect(counted <= pays.reduce((s, p) => s + p.amountFen, 0n)).toBe(true);
          for (const x of r) expect(x.status).not.toBe('pending');
        },
      ),
    );
  });
});

describe('calendar dates', () => {
  it('rejects impossible dates and reads spreadsheet spellings', () => {
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(parseLooseDate('2024/3/5')).toBe('2024-03-05');
    expect(parseLooseDate('2024年3月5日')).toBe('2024-03-05');
    expect(parseLooseDate('20240305')).toBe('2024-03-05');
    expect(parseLooseDate('2024-13-01')).toBeNull();
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
  it('dates an instant in the debtor time zone', () => {
    const at = new Date('2026-01-01T17:00:00Z');
    expect(dateInZone(at)).toBe('2026-01-02');
    expect(dateInZone(at, 'America/New_York')).toBe('2026-01-01');
  });
});
