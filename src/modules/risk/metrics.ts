// Discrimination and calibration metrics for binary risk models, plus seeded stratified k-fold.
// Labels are 0/1 in any numeric array; scores are any monotone risk score (higher = more likely to default).
import { createRng, shuffleInPlace } from './random.js';
import { riskError } from './errors.js';

type Num = ArrayLike<number>;

function checkLengths(scores: Num, labels: Num): void {
  if (scores.length !== labels.length) {
    throw riskError('RISK_BAD_INPUT', { detail: `scores (${scores.length}) and labels (${labels.length}) differ in length` });
  }
}

/** Indices sorted by score ascending (stable). */
function orderByScore(scores: Num): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const s = Float64Array.from(scores as ArrayLike<number>);
  idx.sort((a, b) => s[a] - s[b] || a - b);
  return idx;
}

/**
 * Area under the ROC curve, tie-aware (Mann–Whitney U with mid-ranks: a tied positive/negative pair counts 1/2).
 * Returns NaN when one class is absent.
 */
export function auc(scores: Num, labels: Num): number {
  checkLengths(scores, labels);
  const n = scores.length;
  const idx = orderByScore(scores);
  let nPos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const v = scores[idx[i]];
    while (j + 1 < n && scores[idx[j + 1]] === v) j++;
    const midRank = (i + j) / 2 + 1; // 1-based average rank of the tie group
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]] === 1) {
        nPos++;
        rankSumPos += midRank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Gini coefficient (accuracy ratio) = 2·AUC − 1. */
export function gini(scores: Num, labels: Num): number {
  return 2 * auc(scores, labels) - 1;
}

export interface RocPoint {
  threshold: number;
  fpr: number;
  tpr: number;
}

/** ROC curve points (one per distinct score, descending threshold), starting at (0,0) and ending at (1,1). */
export function rocCurve(scores: Num, labels: Num): RocPoint[] {
  checkLengths(scores, labels);
  const idx = orderByScore(scores);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  const nNeg = labels.length - nPos;
  const pts: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  let i = idx.length - 1;
  while (i >= 0) {
    const v = scores[idx[i]];
    while (i >= 0 && scores[idx[i]] === v) {
      if (labels[idx[i]] === 1) tp++;
      else fp++;
      i--;
    }
    pts.push({ threshold: v, fpr: nNeg ? fp / nNeg : 0, tpr: nPos ? tp / nPos : 0 });
  }
  return pts;
}

/** Kolmogorov–Smirnov statistic: max over thresholds of |TPR − FPR| (ties grouped), with the threshold. */
export function ksStatistic(scores: Num, labels: Num): { ks: number; threshold: number } {
  let best = 0;
  let thr = NaN;
  for (const p of rocCurve(scores, labels)) {
    const d = Math.abs(p.tpr - p.fpr);
    if (d > best) {
      best = d;
      thr = p.threshold;
    }
  }
  return { ks: best, threshold: thr };
}

/** KS statistic only. */
export function ks(scores: Num, labels: Num): number {
  return ksStatistic(scores, labels).ks;
}

/** Mean log-loss of probabilities (clipped to [1e-15, 1−1e-15]). */
export function logLoss(probs: Num, labels: Num): number {
  checkLengths(probs, labels);
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probs[i]));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / probs.length;
}

/** Brier score (mean squared error of probabilities). */
export function brier(probs: Num, labels: Num): number {
  checkLengths(probs, labels);
  let s = 0;
  for (let i = 0; i < probs.length; i++) s += (probs[i] - labels[i]) ** 2;
  return s / probs.length;
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/**
 * Calibration table. `strategy: 'quantile'` (default) puts ≈equal counts per bin by sorted probability;
 * 'uniform' uses equal-width bins on [0,1]. Empty bins are dropped.
 */
export function calibrationBins(probs: Num, labels: Num, nBins = 10, strategy: 'quantile' | 'uniform' = 'quantile'): CalibrationBin[] {
  checkLengths(probs, labels);
  const n = probs.length;
  const binOf = new Int32Array(n);
  if (strategy === 'uniform') {
    for (let i = 0; i < n; i++) binOf[i] = Math.min(nBins - 1, Math.max(0, Math.floor(probs[i] * nBins)));
  } else {
    const idx = orderByScore(probs);
    for (let r = 0; r < n; r++) binOf[idx[r]] = Math.min(nBins - 1, Math.floor((r * nBins) / n));
  }
  const cnt = new Float64Array(nBins);
  const sp = new Float64Array(nBins);
  const sy = new Float64Array(nBins);
  const lo = new Float64Array(nBins).fill(Infinity);
  const hi = new Float64Array(nBins).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const b = binOf[i];
    cnt[b]++;
    sp[b] += probs[i];
    sy[b] += labels[i];
    if (probs[i] < lo[b]) lo[b] = probs[i];
    if (probs[i] > hi[b]) hi[b] = probs[i];
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (cnt[b] === 0) continue;
    out.push({ lo: lo[b], hi: hi[b], count: cnt[b], meanPredicted: sp[b] / cnt[b], observedRate: sy[b] / cnt[b] });
  }
  return out;
}

/** Expected calibration error: count-weighted mean |observed − predicted| over calibration bins. */
export function expectedCalibrationError(bins: CalibrationBin[]): number {
  let n = 0;
  let s = 0;
  for (const b of bins) {
    n += b.count;
    s += b.count * Math.abs(b.observedRate - b.meanPredicted);
  }
  return n ? s / n : 0;
}

/**
 * Stratified k-fold: returns fold[i] ∈ [0,k) so that each fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class c.
 * Deterministic for a given seed.
 */
export function stratifiedKFold(labels: Num, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw riskError('RISK_BAD_INPUT', { detail: 'k must be an integer ≥ 2' });
  const rng = createRng(seed);
  const fold = new Int32Array(labels.length);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    let arr = byClass.get(c);
    if (!arr) byClass.set(c, (arr = []));
    arr.push(i);
  }
  let offset = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace(byClass.get(c)!, rng);
    // rotate the starting fold per class so fold sizes stay balanced overall
    for (let j = 0; j < rows.length; j++) fold[rows[j]] = (j + offset) % k;
    offset = (offset + rows.length) % k;
  }
  return fold;
}

/** Mean and sample standard deviation. */
export function meanStd(xs: readonly number[]): { mean: number; std: number; min: number; max: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(v), min: Math.min(...xs), max: Math.max(...xs) };
}
