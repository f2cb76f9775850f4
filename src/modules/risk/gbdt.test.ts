import { describe, expect, it } from 'vitest';
import { predictGbdtMargin, predictGbdtProba, trainGbdt, assertGbdtModel } from './gbdt.js';
import { gbdtExpectedValue, gbdtReasonCodes, gbdtShapRow } from './treeshap.js';
import { auc } from './metrics.js';
import { makeClassificationData } from './testing.js';
import { rowOf } from './dataset.js';
import { trainLogistic, predictLogisticMargin } from './logistic.js';

describe('gbdt', () => {
  const train = makeClassificationData(3000, 1);
  const test = makeClassificationData(2000, 2);

  it('learns a non-linear signal better than logistic regression on held-out data', () => {
    const m = trainGbdt(train.x, train.y, { nEstimators: 120, earlyStoppingRounds: 0 });
    const a = auc(predictGbdtProba(m, test.x), test.y);
    const lr = trainLogistic(train.x, train.y, 1);
    const aLr = auc(predictLogisticMargin(lr, test.x), test.y);
    expect(a).toBeGreaterThan(0.8);
    expect(a).toBeGreaterThan(aLr + 0.03); // x1 enters as x1², which a linear model cannot express
  });

  it('depth-wise trees respect maxDepth; leaf-wise trees respect maxLeaves', () => {
    const depth = (t: { feature: number[]; left: number[]; right: number[] }, k = 0): number =>
      t.feature[k] < 0 ? 0 : 1 + Math.max(depth(t, t.left[k]), depth(t, t.right[k]));
    const dw = trainGbdt(train.x, train.y, { nEstimators: 10, maxDepth: 3, earlyStoppingRounds: 0 });
    for (const t of dw.trees) expect(depth(t)).toBeLessThanOrEqual(3);
    const lw = trainGbdt(train.x, train.y, { nEstimators: 10, growth: 'leafwise', maxDepth: -1, maxLeaves: 7, earlyStoppingRounds: 0 });
    for (const t of lw.trees) expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(7);
    expect(lw.trees.some((t) => depth(t) > 3)).toBe(true); // best-first grows unbalanced trees
  });

  it('minSamplesLeaf is honoured in every leaf cover', () => {
    const m = trainGbdt(train.x, train.y, { nEstimators: 5, minSamplesLeaf: 200, subsample: 1, earlyStoppingRounds: 0 });
    for (const t of m.trees) t.feature.forEach((f, k) => f < 0 && expect(t.cover[k]).toBeGreaterThanOrEqual(200));
  });

  it('early stopping truncates to the best validation iteration', () => {
    const m = trainGbdt(train.x, train.y, { nEstimators: 400, learningRate: 0.3, earlyStoppingRounds: 10 });
    expect(m.trees.length).toBe(m.bestIteration);
    expect(m.trees.length).toBeLessThan(400);
    const best = Math.min(...m.validationLogLoss);
    expect(m.validationLogLoss[m.bestIteration - 1]).toBe(best);
  });

  it('is deterministic for a seed and survives a JSON round trip', () => {
    const a = trainGbdt(train.x, train.y, { nEstimators: 20, seed: 3 });
    const b = trainGbdt(train.x, train.y, { nEstimators: 20, seed: 3 });
    expect(Array.from(predictGbdtMargin(a, test.x))).toEqual(Array.from(predictGbdtMargin(b, test.x)));
    const c = JSON.parse(JSON.stringify(a));
    assertGbdtModel(c);
    expect(Array.from(predictGbdtMargin(c, test.x))).toEqual(Array.from(predictGbdtMargin(a, test.x)));
    expect(() => assertGbdtModel({ kind: 'gbdt' })).toThrow(/not a gbdt model/);
  });

  it('missing values go left consistently between training bins and raw-threshold prediction', () => {
    const x = { ...train.x, columns: train.x.columns.map((c) => c.slice()) };
    for (let i = 0; i < x.nRows; i += 7) x.columns[0][i] = NaN;
    const m = trainGbdt(x, train.y, { nEstimators: 30, earlyStoppingRounds: 0 });
    const p = predictGbdtProba(m, x);
    expect(p.every((v) => Number.isFinite(v))).toBe(true);
  });
});

describe('TreeSHAP (Lundberg et al. algorithm 2)', () => {
  const train = makeClassificationData(2000, 5);
  it('SHAP values sum to the margin minus the expected value, for depth-wise and leaf-wise trees', () => {
    for (const params of [
      { nEstimators: 40, maxDepth: 5, earlyStoppingRounds: 0 },
      { nEstimators: 40, growth: 'leafwise' as const, maxDepth: -1, maxLeaves: 24, earlyStoppingRounds: 0 },
    ]) {
      const m = trainGbdt(train.x, train.y, params);
      const margin = predictGbdtMargin(m, train.x);
      for (let i = 0; i < 200; i++) {
        const { phi, expectedValue } = gbdtShapRow(m, rowOf(train.x, i));
        const sum = phi.reduce((a, b) => a + b, expectedValue);
        expect(sum).toBeCloseTo(margin[i], 9);
      }
    }
  });
  it('expected value equals the cover-weighted mean training margin when no subsampling is used', () => {
    const m = trainGbdt(train.x, train.y, { nEstimators: 15, subsample: 1, colsampleByTree: 1, earlyStoppingRounds: 0 });
    const margin = predictGbdtMargin(m, train.x);
    const mean = margin.reduce((a, b) => a + b, 0) / margin.length;
    expect(gbdtExpectedValue(m)).toBeCloseTo(mean, 9);
  });
  it('a feature the model never splits on gets zero attribution; reason codes rank positive contributions', () => {
    const m = trainGbdt(train.x, train.y, { nEstimators: 30, earlyStoppingRounds: 0 });
    const unused = m.featureNames.findIndex((_, j) => m.trees.every((t) => !t.feature.includes(j)));
    const row = rowOf(train.x, 3);
    if (unused >= 0) expect(gbdtShapRow(m, row).phi[unused]).toBe(0);
    const reasons = gbdtReasonCodes(m, row, 3);
    for (let i = 1; i < reasons.length; i++) expect(reasons[i - 1].contribution).toBeGreaterThanOrEqual(reasons[i].contribution);
    for (const r of reasons) expect(r.contribution).toBeGreaterThan(0);
  });
  it('two-leaf stump: SHAP equals leaf value minus the cover-weighted mean (hand-computed)', () => {
    const model = {
      kind: 'gbdt' as const,
      featureNames: ['a', 'b'],
      baseScore: 0,
      trees: [{ feature: [0, -1, -1], threshold: [1, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -1, 3], cover: [4, 3, 1] }],
      params: {} as never,
      bestIteration: 1,
      gainImportance: [0, 0],
      validationLogLoss: [],
    };
    // E = (3·−1 + 1·3)/4 = 0; x_a = 5 goes right → φ_a = 3
    expect(Array.from(gbdtShapRow(model, [5, 0]).phi)).toEqual([3, 0]);
    expect(Array.from(gbdtShapRow(model, [0, 0]).phi)).toEqual([-1, 0]);
  });
});
