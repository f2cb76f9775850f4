// Stratified k-fold cross-validation. Everything that learns from data (GBDT bin edges, WOE bins, IV selection,
// standardisation, early-stopping split) is fitted inside each training fold only, so the held-out fold never leaks.
import type { Dataset } from './dataset.js';
import { takeLabels, takeRows } from './dataset.js';
import { auc, gini, ks, meanStd, stratifiedKFold } from './metrics.js';
import { predictModel, trainModel, type CvSummary, type ModelKind } from './model.js';
import { fitStandardizer, predictLogisticMargin, standardize, trainLogistic } from './logistic.js';
import type { GbdtParams } from './gbdt.js';
import type { ScorecardParams } from './scorecard.js';

export type EvalKind = ModelKind | 'logistic';

export interface FoldResult {
  fold: number;
  auc: number;
  ks: number;
  gini: number;
  trainMs: number;
  testRows: number;
}

export interface CrossValidation {
  kind: EvalKind;
  folds: FoldResult[];
  summary: CvSummary;
  /** Out-of-fold default probabilities (each row predicted by the model that did not see it). */
  oof: Float64Array;
}

/** Plain logistic regression on standardised raw features — the baseline for the benchmark. */
export function trainBaseline(x: Dataset, y: ArrayLike<number>) {
  const s = fitStandardizer(x);
  const m = trainLogistic(standardize(s, x), y, 1);
  return { predict: (z: Dataset) => predictLogisticMargin(m, standardize(s, z)) };
}

/** k-fold CV of one learner; `params` go to the learner. */
export function crossValidate(
  kind: EvalKind,
  x: Dataset,
  y: ArrayLike<number>,
  opts: { folds?: number; seed?: number; params?: Partial<GbdtParams & ScorecardParams>; onFold?: (r: FoldResult) => void } = {},
): CrossValidation {
  const k = opts.folds ?? 5;
  const seed = opts.seed ?? 42;
  const fold = stratifiedKFold(y, k, seed);
  const oof = new Float64Array(x.nRows);
  const results: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < x.nRows; i++) (fold[i] === f ? te : tr).push(i);
    const xtr = takeRows(x, tr);
    const ytr = takeLabels(y, tr);
    const xte = takeRows(x, te);
    const yte = takeLabels(y, te);
    const t0 = performance.now();
    let p: Float64Array;
    if (kind === 'logistic') {
      const b = trainBaseline(xtr, ytr);
      const trainMs = performance.now() - t0;
      p = b.predict(xte).map((m) => 1 / (1 + Math.exp(-m)));
      results.push({ fold: f, auc: auc(p, yte), ks: ks(p, yte), gini: gini(p, yte), trainMs, testRows: te.length });
    } else {
      const m = trainModel(kind, xtr, ytr, { seed: seed + f, ...opts.params });
      const trainMs = performance.now() - t0;
      p = predictModel(m, xte);
      results.push({ fold: f, auc: auc(p, yte), ks: ks(p, yte), gini: gini(p, yte), trainMs, testRows: te.length });
    }
    te.forEach((row, j) => (oof[row] = p[j]));
    opts.onFold?.(results[results.length - 1]);
  }
  return {
    kind,
    folds: results,
    oof,
    summary: {
      folds: k,
      seed,
      auc: meanStd(results.map((r) => r.auc)),
      ks: meanStd(results.map((r) => r.ks)),
      gini: meanStd(results.map((r) => r.gini)),
      trainMs: meanStd(results.map((r) => r.trainMs)),
    },
  };
}
