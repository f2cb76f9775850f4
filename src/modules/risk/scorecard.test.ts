import { describe, expect, it } from 'vitest';
import { fitCharacteristic, predictScorecardProba, predictScorecardPoints, scoreScorecardRow, trainScorecard, attributeIndex } from './scorecard.js';
import { trainLogistic, predictLogisticMargin } from './logistic.js';
import { auc } from './metrics.js';
import { alignColumns, rowOf } from './dataset.js';
import { makeClassificationData } from './testing.js';

describe('scorecard', () => {
  const train = makeClassificationData(4000, 11);
  const test = makeClassificationData(2000, 12);

  it('monotone WOE binning gives a monotone bad rate, bins ≤ maxBins, min size honoured', () => {
    const c = fitCharacteristic('x0', train.x.columns[0], train.y, { monotone: true, maxBins: 6, minBinFraction: 0.05 });
    expect(c.woe.length).toBeLessThanOrEqual(6);
    for (const n of c.count) expect(n).toBeGreaterThanOrEqual(0.05 * 4000);
    const d = c.badRate.slice(1).map((r, i) => Math.sign(r - c.badRate[i]));
    expect(d.every((s) => s >= 0) || d.every((s) => s <= 0)).toBe(true);
    expect(c.iv).toBeGreaterThan(0.3); // x0 is the strong driver
    const noise = fitCharacteristic('x5', train.x.columns[5], train.y, { monotone: true });
    expect(noise.iv).toBeLessThan(0.05);
  });

  it('WOE with no monotone constraint captures a U-shaped effect', () => {
    const c = fitCharacteristic('x1', train.x.columns[1], train.y, { monotone: false });
    const mid = c.badRate.slice(1, -1);
    expect(Math.min(...mid)).toBeLessThan(c.badRate[0]);
    expect(Math.min(...mid)).toBeLessThan(c.badRate.at(-1)!);
  });

  it('discriminates held-out data and beats linear LR on raw features when the effect is non-linear', () => {
    const m = trainScorecard(train.x, train.y, { monotone: false });
    const xt = alignColumns(test.x, m.featureNames);
    const a = auc(predictScorecardProba(m, xt), test.y);
    const lr = trainLogistic(train.x, train.y);
    expect(a).toBeGreaterThan(auc(predictLogisticMargin(lr, test.x), test.y));
    // points go the other way: higher score = safer
    expect(auc(predictScorecardPoints(m, xt).map((v) => -v), test.y)).toBeGreaterThan(a - 0.02);
  });

  it('points scaling: PDO more points doubles the odds; base score at base odds', () => {
    const m = trainScorecard(train.x, train.y, { baseScore: 600, baseOdds: 50, pdo: 20 });
    expect(m.factor).toBeCloseTo(20 / Math.LN2, 12);
    expect(m.offset + m.factor * Math.log(50)).toBeCloseTo(600, 9);
    expect(m.offset + m.factor * Math.log(100) - (m.offset + m.factor * Math.log(50))).toBeCloseTo(20, 9);
    const r = scoreScorecardRow(m, rowOf(alignColumns(test.x, m.featureNames), 0));
    const lnOdds = Math.log((1 - r.pd) / r.pd);
    // rounding each attribute's points to an integer costs at most 0.5 per characteristic
    expect(Math.abs(r.score - (m.offset + m.factor * lnOdds))).toBeLessThanOrEqual(0.5 * m.characteristics.length + 1e-9);
  });

  it('reason codes list points lost against each characteristic’s best attribute (COL-85)', () => {
    const m = trainScorecard(train.x, train.y);
    const xt = alignColumns(test.x, m.featureNames);
    for (let i = 0; i < 20; i++) {
      const r = scoreScorecardRow(m, rowOf(xt, i), 10);
      for (const reason of r.reasons) {
        const c = m.characteristics.find((ch) => ch.feature === reason.feature)!;
        expect(reason.pointsLost).toBe(Math.max(...c.points) - c.points[attributeIndex(c, reason.value)]);
        expect(reason.pointsLost).toBeGreaterThan(0);
      }
    }
  });

  it('missing values get their own attribute when seen in training', () => {
    const col = train.x.columns[0].slice();
    for (let i = 0; i < col.length; i += 4) col[i] = NaN;
    const c = fitCharacteristic('x0', col, train.y);
    expect(c.missingCount).toBe(1000);
    expect(attributeIndex(c, NaN)).toBe(-1);
  });
});
