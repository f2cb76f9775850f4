import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auc, calibrationBins, gini, ks, ksStatistic, rocCurve, stratifiedKFold, expectedCalibrationError } from './metrics.js';

// brute-force pairwise AUC: P(score_pos > score_neg) + 0.5·P(tie)
function pairwiseAuc(s: number[], y: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < s.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < s.length; j++) {
      if (y[j] !== 0) continue;
      den++;
      num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

describe('metrics', () => {
  it('AUC of a perfect and a reversed ranking', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(gini([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
  });
  it('AUC counts ties as one half', () => {
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBeCloseTo(0.875, 12);
  });
  it('AUC equals the brute-force pairwise probability (property, with heavy ties)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 60 }),
        (rows) => {
          const s = rows.map((r) => r[0]);
          const y = rows.map((r) => r[1]);
          if (!y.includes(0) || !y.includes(1)) return true;
          expect(auc(s, y)).toBeCloseTo(pairwiseAuc(s, y), 12);
          return true;
        },
      ),
    );
  });
  it('KS is the max TPR−FPR gap and ROC ends at (1,1)', () => {
    const s = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const y = [0, 0, 1, 0, 1, 1];
    const roc = rocCurve(s, y);
    expect(roc.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    // threshold 0.3: tpr=3/3, fpr=1/3 → 2/3
    expect(ks(s, y)).toBeCloseTo(2 / 3, 12);
    expect(ksStatistic(s, y).threshold).toBe(0.3);
  });
  it('calibration bins report observed rates and counts', () => {
    const p = [0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9];
    const y = [0, 0, 0, 1, 1, 1, 1, 0];
    const bins = calibrationBins(p, y, 2);
    expect(bins.map((b) => b.count)).toEqual([4, 4]);
    expect(bins[0].observedRate).toBe(0.25);
    expect(bins[1].observedRate).toBe(0.75);
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.15, 12);
  });
  it('stratified k-fold keeps class shares per fold and is seed-deterministic', () => {
    const y = Array.from({ length: 1003 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const f1 = stratifiedKFold(y, 5, 7);
    expect(Array.from(f1)).toEqual(Array.from(stratifiedKFold(y, 5, 7)));
    expect(Array.from(f1)).not.toEqual(Array.from(stratifiedKFold(y, 5, 8)));
    const pos = y.filter((v) => v === 1).length;
    for (let k = 0; k < 5; k++) {
      const inFold = y.filter((_, i) => f1[i] === k);
      const p = inFold.filter((v) => v === 1).length;
      expect(Math.abs(p - pos / 5)).toBeLessThanOrEqual(1);
      expect(Math.abs(inFold.length - y.length / 5)).toBeLessThanOrEqual(1);
    }
  });
});
