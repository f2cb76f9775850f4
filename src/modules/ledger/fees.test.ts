import { describe, expect, it } from 'vitest';
import { computeFeeDue, contingencyFee, fixedFee, selectTier, validateFeeAgreement, type FeeAgreement } from './fees.js';

const agreement: FeeAgreement = {
  id: 'fa_1',
  version: 1,
  creditorId: 'cr_1',
  fixed: { amountFen: 5_000n, basis: 'per_placement' },
  tiers: [
    { maxDebtAgeDays: 180, bands: [{ uptoFen: 1_000_000n, bps: 1_500n }, { bps: 1_000n }] },
    { bands: [{ bps: 2_500n }] },
  ],
  minFen: 2_000n,
  capFen: 500_000n,
};
const fresh = { debtAgeDays: 90, debtAmountFen: 5_000_000n };
const old = { debtAgeDays: 400, debtAmountFen: 5_000_000n };

describe('fee agreements', () => {
  it('selects the tier by debt age at placement', () => {
    expect(selectTier(agreement, fresh)).toBe(0);
    expect(selectTier(agreement, old)).toBe(1);
  });
  it('applies marginal bands: 15% of the first 10,000.00 and 10% above', () => {
    const f = contingencyFee(agreement, fresh, 1_500_000n);
    expect(f.bands.map((b) => b.feeFen)).toEqual([150_000n, 50_000n]);
    expect(f.feeFen).toBe(200_000n);
  });
  it('applies the minimum once anything is recovered, but never more than recovered', () => {
    expect(contingencyFee(agreement, fresh, 10_000n)).toMatchObject({ feeFen: 2_000n, minApplied: true });
    expect(contingencyFee(agreement, fresh, 1_500n)).toMatchObject({ feeFen: 1_500n, limitedToRecovered: true });
    expect(contingencyFee(agreement, fresh, 0n).feeFen).toBe(0n);
    expect(contingencyFee(agreement, fresh, -100n).feeFen).toBe(0n);
  });
  it('caps the contingency fee', () => {
    expect(contingencyFee(agreement, old, 10_000_000n)).toMatchObject({ bandFeeFen: 2_500_000n, feeFen: 500_000n, capApplied: true });
  });
  it('fixed fee per placement or per case', () => {
    expect(fixedFee(agreement, 2)).toBe(10_000n);
    expect(fixedFee({ ...agreement, fixed: { amountFen: 5_000n, basis: 'per_case' } }, 3)).toBe(5_000n);
    expect(fixedFee(agreement, 0)).toBe(0n);
  });
  it('fee due = f(net recovered) − already charged, negative after a reversal, and explained', () => {
    const d = computeFeeDue(agreement, fresh, { netRecoveredFen: 1_000_000n, placements: 1, contingencyChargedFen: 200_000n, fixedChargedFen: 5_000n });
    expect(d.contingencyDeltaFen).toBe(-50_000n);
    expect(d.fixedDeltaFen).toBe(0n);
    expect(d.explanation).toBe('agreement fa_1 v1, tier 1; net recovered 10000.00; 15.00% × 10000.00 (0.00–10000.00) = 1500.00; fee 1500.00 − charged before 2000.00 = -500.00');
  });
  it('validates agreements', () => {
    expect(() => validateFeeAgreement(agreement)).not.toThrow();
    expect(() => validateFeeAgreement({ ...agreement, tiers: [{ maxDebtAgeDays: 10, bands: [{ bps: 100n }] }] })).toThrow(/last tier/);
    expect(() => validateFeeAgreement({ ...agreement, tiers: [{ bands: [{ uptoFen: 10n, bps: 100n }, { uptoFen: 5n, bps: 1n }, { bps: 1n }] }] })).toThrow(/increase/);
    expect(() => validateFeeAgreement({ ...agreement, minFen: 9_000_000n })).toThrow(/minimum above cap/);
    expect(() => validateFeeAgreement({ ...agreement, tiers: [{ bands: [{ bps: 10_001n }] }] })).toThrow(/0\.\.10000/);
  });
});
