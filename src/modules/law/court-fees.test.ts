import { describe, expect, it } from 'vitest';
import { acceptanceFee, preservationFee, enforcementFee, paymentOrderFee } from './court-fees.js';

const Y = 100n;

describe('court fees', () => {
  it.each([
    [5_000n, 50n],
    [10_000n, 50n],
    [100_000n, 2_300n],
    [200_000n, 4_300n],
    [500_000n, 8_800n],
    [1_000_000n, 13_800n],
    [2_000_000n, 22_800n],
    [10_000_000n, 81_800n],
    [30_000_000n, 191_800n],
  ])('CALC-03 acceptance fee for %s yuan = %s', (amount, fee) => {
    expect(acceptanceFee(amount * Y).fullFen).toBe(fee * Y);
  });
  it('CALC-03 halves once for mediation / withdrawal / simplified procedure (arts 15–16)', () => {
    expect(acceptanceFee(100_000n * Y, { halvedFor: ['mediation'] }).dueFen).toBe(1_150n * Y);
    expect(acceptanceFee(100_000n * Y, { halvedFor: ['mediation', 'simplified_procedure'] }).dueFen).toBe(1_150n * Y);
    expect(acceptanceFee(12_345_67n).fullFen).toBe(50n * Y + 5_864n); // 50 + 2345.67 × 2.5% = 58.64175 → 108.64
  });
  it('CALC-04 preservation fee: 30 / 1 % / 0.5 %, max 5,000', () => {
    expect(preservationFee(null)).toBe(30n * Y);
    expect(preservationFee(800n * Y)).toBe(30n * Y);
    expect(preservationFee(100_000n * Y)).toBe(1_020n * Y);
    expect(preservationFee(500_000n * Y)).toBe(3_020n * Y);
    expect(preservationFee(1_000_000n * Y)).toBe(5_000n * Y);
  });
  it('CALC-06 enforcement fee', () => {
    expect(enforcementFee(8_000n * Y)).toBe(50n * Y);
    expect(enforcementFee(100_000n * Y)).toBe(1_400n * Y);
    expect(enforcementFee(1_000_000n * Y)).toBe(12_400n * Y);
    expect(enforcementFee(20_000_000n * Y)).toBe((50n + 7_350n + 45_000n + 25_000n + 10_000n) * Y);
    expect(enforcementFee(null)).toEqual({ minFen: 50n * Y, maxFen: 500n * Y });
  });
  it('CALC-07 payment order fee = ⅓ of CALC-03', () => {
    expect(paymentOrderFee(100_000n * Y)).toBe(76_667n);
    expect(paymentOrderFee(9_000n * Y)).toBe(1_667n);
  });
  it('refuses negative amounts', () => {
    expect(() => acceptanceFee(-1n)).toThrow();
  });
});
