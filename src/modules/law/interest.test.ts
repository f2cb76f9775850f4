import { describe, expect, it } from 'vitest';
import { simpleInterest, cappedInterest, capDefaultCharges, lateDoubleInterest, lateDoubleInterestInstalments } from './interest.js';
import { interestCap } from './lpr.js';

const Y = 100n;

describe('interest to a date', () => {
  it('simple interest, 算头不算尾, ACT/365 and ACT/360', () => {
    expect(simpleInterest({ principalFen: 100_000n * Y, annualRateBps: 1200, from: '2023-01-01', to: '2024-01-01' })).toBe(12_000n * Y);
    expect(simpleInterest({ principalFen: 100_000n * Y, annualRateBps: 1200, from: '2023-01-01', to: '2023-01-31', dayCount: 'ACT/360' })).toBe(1_000n * Y);
    expect(() => simpleInterest({ principalFen: 1n, annualRateBps: 1, from: '2023-02-01', to: '2023-01-01' })).toThrow(expect.objectContaining({ code: 'LAW_PERIOD_INVALID' }));
  });
  it('CALC-01: a 24 % private loan formed 2024-08-01 is cut to 13.4 %', () => {
    const r = cappedInterest({ principalFen: 100_000n * Y, agreedRateBps: 2400, from: '2024-08-01', to: '2025-08-01', formationDate: '2024-08-01' });
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0].appliedBps).toBe(1340);
    expect(r.totalFen).toBe(13_400n * Y);
    expect(r.claimedFen).toBe(24_000n * Y);
    expect(r.excessFen).toBe(10_600n * Y);
  });
  it('CALC-01 art 31: a 2019 contract splits at 2020-08-20 (24 % before, 4×LPR at filing after)', () => {
    const r = cappedInterest({
      principalFen: 100_000n * Y, agreedRateBps: 3000, from: '2020-08-10', to: '2020-08-30', formationDate: '2019-10-01', filingDate: '2024-08-01',
    });
    expect(r.segments.map((s) => [s.days, s.appliedBps])).toEqual([[10, 2400], [10, 1340]]);
    // 100000 × 24% × 10/365 = 657.534… → 657.53 ; 100000 × 13.4% × 10/365 = 367.123… → 367.12
    expect(r.totalFen).toBe(65_753n + 36_712n);
  });
  it('CALC-01 art 29: default interest + penalty + fees together are capped', () => {
    const cap = interestCap({ formationDate: '2024-08-01' });
    const r = capDefaultCharges({
      overduePrincipalFen: 100_000n * Y, from: '2025-01-01', to: '2026-01-01',
      defaultInterestFen: 10_000n * Y, penaltyFen: 5_000n * Y, otherFeesFen: 1_000n * Y, cap,
    });
    expect(r.ceilingFen).toBe(13_400n * Y);
    expect(r.allowedFen).toBe(13_400n * Y);
    expect(r.cutFen).toBe(2_600n * Y);
  });
  it('CALC-05: 100,000 unpaid for 10 days after the period → 175 yuan', () => {
    expect(lateDoubleInterest({ unpaidFen: 100_000n * Y, periodEnd: '2025-03-10', paidOn: '2025-03-20' })).toEqual({
      days: 10, startsOn: '2025-03-11', interestFen: 175n * Y,
    });
    expect(lateDoubleInterest({ unpaidFen: 100_000n * Y, periodEnd: '2025-03-10', paidOn: '2025-03-01' }).interestFen).toBe(0n);
  });
  it('CALC-05 instalments run from each due date', () => {
    const r = lateDoubleInterestInstalments(
      [{ unpaidFen: 10_000n * Y, periodEnd: '2025-01-31' }, { unpaidFen: 10_000n * Y, periodEnd: '2025-02-28' }],
      '2025-03-31',
    );
    expect(r.rows.map((x) => x.days)).toEqual([59, 31]);
    expect(r.totalFen).toBe(10_325n + 5_425n);
  });
});
