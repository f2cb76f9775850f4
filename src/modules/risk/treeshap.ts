// Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution for
// tree ensembles", Algorithm 2), O(T·L·D²). Weights come from each node's training cover. For every row:
// Σ_j φ_j + expectedValue = model margin (log-odds) — the property the tests check.
import type { Dataset } from './dataset.js';
import type { GbdtModel, Tree } from './gbdt.js';

/** Scratch space for TreeSHAP of trees up to a given depth. */
export class PathBuffer {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  pw: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.pw = new Float64Array(size);
  }
}

/** Path buffer big enough for trees of depth ≤ D. */
export function newPathBuffer(D: number): PathBuffer {
  return new PathBuffer(((D + 2) * (D + 3)) / 2 + 2);
}

function extendPath(P: PathBuffer, o: number, depth: number, zero: number, one: number, feature: number): void {
  P.feature[o + depth] = feature;
  P.zero[o + depth] = zero;
  P.one[o + depth] = one;
  P.pw[o + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    P.pw[o + i + 1] += (one * P.pw[o + i] * (i + 1)) / (depth + 1);
    P.pw[o + i] = (zero * P.pw[o + i] * (depth - i)) / (depth + 1);
  }
}

function unwindPath(P: PathBuffer, o: number, depth: number, pathIndex: number): void {
  const one = P.one[o + pathIndex];
  const zero = P.zero[o + pathIndex];
  let nextOne = P.pw[o + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = P.pw[o + i];
      P.pw[o + i] = (nextOne * (depth + 1)) / ((i + 1) * one);
      nextOne = tmp - (P.pw[o + i] * zero * (depth - i)) / (depth + 1);
    } else {
      P.pw[o + i] = (P.pw[o + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = pathIndex; i < depth; i++) {
    P.feature[o + i] = P.feature[o + i + 1];
    P.zero[o + i] = P.zero[o + i + 1];
    P.one[o + i] = P.one[o + i + 1];
  }
}

function unwoundPathSum(P: PathBuffer, o: number, depth: number, pathIndex: number): number {
  const one = P.one[o + pathIndex];
  const zero = P.zero[o + pathIndex];
  let nextOne = P.pw[o + depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (nextOne * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      nextOne = P.pw[o + i] - (tmp * zero * (depth - i)) / (depth + 1);
    } else if (zero !== 0) {
      total += P.pw[o + i] / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function recurse(
  tree: Tree,
  goesLeft: (f: number, thr: number) => boolean,
  phi: Float64Array,
  node: number,
  P: PathBuffer,
  parentOffset: number,
  depth: number,
  parentZero: number,
  parentOne: number,
  parentFeature: number,
): void {
  // copy the parent's path into a fresh region so siblings do not clobber each other
  const o = parentOffset + depth + 1;
  for (let i = 0; i <= depth; i++) {
    P.feature[o + i] = P.feature[parentOffset + i];
    P.zero[o + i] = P.zero[parentOffset + i];
    P.one[o + i] = P.one[parentOffset + i];
    P.pw[o + i] = P.pw[parentOffset + i];
  }
  extendPath(P, o, depth, parentZero, parentOne, parentFeature);
  const f = tree.feature[node];
  if (f < 0) {
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(P, o, depth, i);
      phi[P.feature[o + i]] += w * (P.one[o + i] - P.zero[o + i]) * tree.value[node];
    }
    return;
  }
  const left = goesLeft(f, tree.threshold[node]);
  const hot = left ? tree.left[node] : tree.right[node];
  const cold = left ? tree.right[node] : tree.left[node];
  const w = tree.cover[node];
  const hotZero = tree.cover[hot] / w;
  const coldZero = tree.cover[cold] / w;
  let inZero = 1;
  let inOne = 1;
  let pathIndex = 0;
  for (; pathIndex <= depth; pathIndex++) if (P.feature[o + pathIndex] === f) break;
  let d = depth;
  if (pathIndex !== depth + 1) {
    inZero = P.zero[o + pathIndex];
    inOne = P.one[o + pathIndex];
    unwindPath(P, o, depth, pathIndex);
    d -= 1;
  }
  recurse(tree, goesLeft, phi, hot, P, o, d + 1, hotZero * inZero, inOne, f);
  recurse(tree, goesLeft, phi, cold, P, o, d + 1, coldZero * inZero, 0, f);
}

function treeDepth(tree: Tree, node = 0): number {
  if (tree.feature[node] < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]), treeDepth(tree, tree.right[node]));
}

const depthCache = new WeakMap<GbdtModel, number>();
function modelDepth(model: GbdtModel): number {
  let d = depthCache.get(model);
  if (d === undefined) {
    d = model.trees.reduce((m, t) => Math.max(m, treeDepth(t)), 0);
    depthCache.set(model, d);
  }
  return d;
}

/** Cover-weighted mean leaf value of one tree (its contribution to the expected margin). */
export function treeExpectedValue(tree: Tree): number {
  let s = 0;
  for (let k = 0; k < tree.feature.length; k++) if (tree.feature[k] < 0) s += tree.value[k] * tree.cover[k];
  return s / tree.cover[0];
}

/** Expected margin of the model over its training distribution (the SHAP base value). */
export function gbdtExpectedValue(model: GbdtModel): number {
  return model.trees.reduce((s, t) => s + treeExpectedValue(t), model.baseScore);
}

/** SHAP values of one row of a tree (accumulated into phi). */
export function treeShapRow(tree: Tree, row: ArrayLike<number>, phi: Float64Array, buffer?: PathBuffer): void {
  const P = buffer ?? newPathBuffer(treeDepth(tree));
  const goesLeft = (f: number, thr: number) => {
    const v = row[f];
    return Number.isNaN(v) || v <= thr;
  };
  // the root's pseudo parent region starts at offset 0 with depth 0; recurse writes at offset 1
  recurse(tree, goesLeft, phi, 0, P, 0, 0, 1, 1, -1);
}

/** Per-feature SHAP values (log-odds units) and the base value for one row. */
export function gbdtShapRow(model: GbdtModel, row: ArrayLike<number>): { phi: Float64Array; expectedValue: number } {
  const phi = new Float64Array(model.featureNames.length);
  const P = newPathBuffer(modelDepth(model));
  for (const t of model.trees) treeShapRow(t, row, phi, P);
  return { phi, expectedValue: gbdtExpectedValue(model) };
}

/** Mean |SHAP| per feature over (up to `maxRows`) rows — a global importance measure. */
export function meanAbsShap(model: GbdtModel, x: Dataset, maxRows = 2000): number[] {
  const F = model.featureNames.length;
  const acc = new Float64Array(F);
  const n = Math.min(x.nRows, maxRows);
  const step = x.nRows / n;
  const row = new Float64Array(F);
  for (let r = 0; r < n; r++) {
    const i = Math.floor(r * step);
    for (let j = 0; j < F; j++) row[j] = x.columns[j][i];
    const { phi } = gbdtShapRow(model, row);
    for (let j = 0; j < F; j++) acc[j] += Math.abs(phi[j]);
  }
  return Array.from(acc, (v) => v / n);
}

export interface ShapReason {
  feature: string;
  value: number;
  /** Contribution to the log-odds of default (positive = raises risk). */
  contribution: number;
}

/** Top-N features pushing this row's risk up (COL-85 explanation), largest SHAP first. */
export function gbdtReasonCodes(model: GbdtModel, row: ArrayLike<number>, topN = 4): ShapReason[] {
  const { phi } = gbdtShapRow(model, row);
  return Array.from(phi, (c, j) => ({ feature: model.featureNames[j], value: row[j], contribution: c }))
    .filter((r) => r.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, topN);
}
