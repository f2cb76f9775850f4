// Histogram gradient-boosted decision trees for binary log-loss (XGBoost/LightGBM-style second-order boosting).
// Typed arrays throughout: row-major Uint8 bins, per-node gradient/hessian/count histograms with the
// subtraction trick, in-place row partitioning. Depth-wise or leaf-wise (best-first) growth.
import type { Dataset } from './dataset.js';
import { binRowMajor, fitBinMapper, type BinMapper } from './binning.js';
import { createRng, type Rng } from './random.js';
import { riskError } from './errors.js';

export interface GbdtParams {
  nEstimators: number;
  learningRate: number;
  growth: 'depthwise' | 'leafwise';
  maxDepth: number; // -1 = unlimited (leaf-wise only)
  maxLeaves: number; // leaf-wise cap; depth-wise caps at 2^maxDepth anyway
  lambda: number; // L2 on leaf values
  gamma: number; // minimum split gain
  minChildWeight: number; // minimum hessian sum per child
  minSamplesLeaf: number;
  subsample: number; // row fraction per tree (without replacement)
  colsampleByTree: number;
  maxBins: number; // ≤ 255
  earlyStoppingRounds: number; // 0 = off
  validationFraction: number; // carved from the training rows when no explicit validation set is given
  seed: number;
}

/** Defaults tuned on the Taiwan development data with 5-fold CV (see docs/risk.md). */
export const DEFAULT_GBDT_PARAMS: GbdtParams = {
  nEstimators: 400,
  learningRate: 0.05,
  growth: 'depthwise',
  maxDepth: 4,
  maxLeaves: 31,
  lambda: 5,
  gamma: 0,
  minChildWeight: 5,
  minSamplesLeaf: 40,
  subsample: 0.8,
  colsampleByTree: 0.8,
  maxBins: 255,
  earlyStoppingRounds: 30,
  validationFraction: 0.15,
  seed: 42,
};

/** One tree in flat arrays; node 0 is the root; feature −1 marks a leaf. x ≤ threshold (or x missing) goes left. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  /** Training rows that reached the node (path-dependent TreeSHAP weights). */
  cover: number[];
}

export interface GbdtModel {
  kind: 'gbdt';
  featureNames: string[];
  baseScore: number; // initial margin (log-odds of the training default rate)
  trees: Tree[];
  params: GbdtParams;
  bestIteration: number;
  gainImportance: number[];
  validationLogLoss: number[];
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

interface Leaf {
  start: number;
  end: number;
  depth: number;
  node: number;
  hist: Float64Array | null; // [g, h, count] per global bin
  g: number;
  h: number;
  n: number;
  best: { gain: number; feature: number; bin: number } | null;
}

/** Train a GBDT. `valid` overrides the internal early-stopping split. */
export function trainGbdt(
  x: Dataset,
  y: ArrayLike<number>,
  params: Partial<GbdtParams> = {},
  valid?: { x: Dataset; y: ArrayLike<number> },
): GbdtModel {
  const p: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...params };
  if (x.nRows !== y.length) throw riskError('RISK_BAD_INPUT', { detail: 'x and y differ in length' });
  const rng = createRng(p.seed);
  const n = x.nRows;
  // internal validation split (stratified by label), fitted binning never sees it
  let trainRows: Uint32Array;
  let validRows: Uint32Array | null = null;
  if (!valid && p.earlyStoppingRounds > 0 && p.validationFraction > 0) {
    const tr: number[] = [];
    const va: number[] = [];
    for (const cls of [0, 1]) {
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (y[i] === cls) rows.push(i);
      shuffle(rows, rng);
      const k = Math.round(rows.length * p.validationFraction);
      va.push(...rows.slice(0, k));
      tr.push(...rows.slice(k));
    }
    trainRows = Uint32Array.from(tr.sort((a, b) => a - b));
    validRows = Uint32Array.from(va.sort((a, b) => a - b));
  } else {
    trainRows = new Uint32Array(n);
    for (let i = 0; i < n; i++) trainRows[i] = i;
  }
  const sub = (ds: Dataset, rows: Uint32Array): Dataset => ({
    names: ds.names,
    nRows: rows.length,
    columns: ds.columns.map((c) => {
      const o = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) o[i] = c[rows[i]];
      return o;
    }),
  });
  const xt = validRows ? sub(x, trainRows) : x;
  const yt = new Float64Array(trainRows.length);
  for (let i = 0; i < trainRows.length; i++) yt[i] = y[trainRows[i]];
  const xv = valid ? valid.x : validRows ? sub(x, validRows) : null;
  let yv: Float64Array | null = null;
  if (valid) yv = Float64Array.from(valid.y as ArrayLike<number>);
  else if (validRows) {
    yv = new Float64Array(validRows.length);
    for (let i = 0; i < validRows.length; i++) yv[i] = y[validRows[i]];
  }

  const mapper = fitBinMapper(xt, p.maxBins);
  const F = xt.columns.length;
  const nt = xt.nRows;
  const binsT = binRowMajor(mapper, xt);
  const binsV = xv ? binRowMajor(mapper, xv) : null;
  const nBins = mapper.edges.map((e) => e.length + 1);
  const offset = new Int32Array(F + 1);
  for (let j = 0; j < F; j++) offset[j + 1] = offset[j] + nBins[j];
  const totalBins = offset[F];

  let pos = 0;
  for (let i = 0; i < nt; i++) pos += yt[i];
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, pos / nt));
  const baseScore = Math.log(rate / (1 - rate));
  const marginT = new Float64Array(nt).fill(baseScore);
  const marginV = xv ? new Float64Array(xv.nRows).fill(baseScore) : null;
  const grad = new Float64Array(nt);
  const hess = new Float64Array(nt);
  const gainImportance = new Array<number>(F).fill(0);
  const trees: Tree[] = [];
  const validLoss: number[] = [];
  let bestLoss = Infinity;
  let bestIter = 0;
  const idx = new Uint32Array(nt);
  const allFeatures = Array.from({ length: F }, (_, j) => j);
  const histPool: Float64Array[] = [];

  for (let t = 0; t < p.nEstimators; t++) {
    for (let i = 0; i < nt; i++) {
      const pr = sigmoid(marginT[i]);
      grad[i] = pr - yt[i];
      hess[i] = Math.max(pr * (1 - pr), 1e-16);
    }
    // row subsample
    let m = 0;
    if (p.subsample < 1) {
      for (let i = 0; i < nt; i++) if (rng() < p.subsample) idx[m++] = i;
    } else {
      for (let i = 0; i < nt; i++) idx[m++] = i;
    }
    // column subsample
    let feats = allFeatures;
    if (p.colsampleByTree < 1) {
      const k = Math.max(1, Math.round(F * p.colsampleByTree));
      feats = shuffle(allFeatures.slice(), rng).slice(0, k).sort((a, b) => a - b);
    }
    const { tree, binSplit } = growTree(p, binsT, F, idx, m, grad, hess, feats, offset, totalBins, gainImportance, histPool);
    // convert bin splits to raw thresholds
    for (let k = 0; k < tree.feature.length; k++) {
      if (tree.feature[k] >= 0) tree.threshold[k] = mapper.edges[tree.feature[k]][binSplit[k]];
    }
    trees.push(tree);
    addTreeBinned(tree, binSplit, binsT, F, nt, marginT);
    if (binsV && marginV && yv) {
      addTreeBinned(tree, binSplit, binsV, F, yv.length, marginV);
      let loss = 0;
      for (let i = 0; i < yv.length; i++) {
        const pr = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(marginV[i])));
        loss -= yv[i] === 1 ? Math.log(pr) : Math.log(1 - pr);
      }
      loss /= yv.length;
      validLoss.push(loss);
      if (loss < bestLoss - 1e-7) {
        bestLoss = loss;
        bestIter = t + 1;
      } else if (p.earlyStoppingRounds > 0 && t + 1 - bestIter >= p.earlyStoppingRounds) break;
    } else bestIter = t + 1;
  }
  return {
    kind: 'gbdt',
    featureNames: x.names.slice(),
    baseScore,
    trees: trees.slice(0, bestIter),
    params: p,
    bestIteration: bestIter,
    gainImportance,
    validationLogLoss: validLoss,
  };
}

function shuffle<T>(a: T[], rng: Rng): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
  return a;
}

function addTreeBinned(tree: Tree, binSplit: number[], bins: Uint8Array, F: number, n: number, margin: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let k = 0;
    const base = i * F;
    while (tree.feature[k] >= 0) k = bins[base + tree.feature[k]] <= binSplit[k] ? tree.left[k] : tree.right[k];
    margin[i] += tree.value[k];
  }
}

function growTree(
  p: GbdtParams,
  bins: Uint8Array,
  F: number,
  idx: Uint32Array,
  m: number,
  grad: Float64Array,
  hess: Float64Array,
  feats: number[],
  offset: Int32Array,
  totalBins: number,
  gainImportance: number[],
  pool: Float64Array[],
): { tree: Tree; binSplit: number[] } {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [], cover: [] };
  const binSplit: number[] = [];
  const newNode = (): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.cover.push(0);
    binSplit.push(-1);
    return tree.feature.length - 1;
  };
  // active features and their histogram offsets as typed arrays (hot loop)
  const nf = feats.length;
  const fIdx = Int32Array.from(feats);
  const fOff = Int32Array.from(feats, (f) => offset[f]);
  const take = (): Float64Array => {
    const h = pool.pop();
    if (!h) return new Float64Array(totalBins * 3);
    for (let q = 0; q < nf; q++) h.fill(0, fOff[q] * 3, offset[fIdx[q] + 1] * 3);
    return h;
  };
  const release = (h: Float64Array | null) => {
    if (h && pool.length < 64) pool.push(h);
  };
  const buildHist = (start: number, end: number): Float64Array => {
    const hist = take();
    for (let a = start; a < end; a++) {
      const r = idx[a];
      const g = grad[r];
      const h = hess[r];
      const base = r * F;
      for (let q = 0; q < nf; q++) {
        const k = (fOff[q] + bins[base + fIdx[q]]) * 3;
        hist[k] += g;
        hist[k + 1] += h;
        hist[k + 2] += 1;
      }
    }
    return hist;
  };
  const maxDepth = p.maxDepth < 0 ? Infinity : p.maxDepth;
  const maxLeaves = p.growth === 'leafwise' ? p.maxLeaves : Infinity;
  const lam = p.lambda;
  const findBest = (leaf: Leaf): void => {
    leaf.best = null;
    if (leaf.depth >= maxDepth || leaf.n < 2 * p.minSamplesLeaf || !leaf.hist) return;
    const hist = leaf.hist;
    const parentScore = (leaf.g * leaf.g) / (leaf.h + lam);
    let bestGain = p.gamma > 0 ? p.gamma : 1e-12;
    for (const f of feats) {
      let gl = 0;
      let hl = 0;
      let cl = 0;
      const last = offset[f + 1] - 1;
      for (let b = offset[f]; b < last; b++) {
        gl += hist[b * 3];
        hl += hist[b * 3 + 1];
        cl += hist[b * 3 + 2];
        if (cl < p.minSamplesLeaf || hl < p.minChildWeight) continue;
        const cr = leaf.n - cl;
        const hr = leaf.h - hl;
        if (cr < p.minSamplesLeaf || hr < p.minChildWeight) break;
        const gr = leaf.g - gl;
        const gain = 0.5 * ((gl * gl) / (hl + lam) + (gr * gr) / (hr + lam) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          leaf.best = { gain, feature: f, bin: b - offset[f] };
        }
      }
    }
  };
  const makeLeaf = (start: number, end: number, depth: number, hist: Float64Array | null): Leaf => {
    let g = 0;
    let h = 0;
    for (let a = start; a < end; a++) {
      g += grad[idx[a]];
      h += hess[idx[a]];
    }
    const node = newNode();
    tree.cover[node] = end - start;
    tree.value[node] = (-g / (h + lam)) * p.learningRate;
    const leaf: Leaf = { start, end, depth, node, hist, g, h, n: end - start, best: null };
    return leaf;
  };
  const root = makeLeaf(0, m, 0, null);
  if (maxDepth > 0) root.hist = buildHist(0, m);
  findBest(root);
  if (!root.best) release(root.hist);
  const open: Leaf[] = root.best ? [root] : [];
  let nLeaves = 1;
  while (open.length > 0 && nLeaves < maxLeaves) {
    let pick = 0;
    if (p.growth === 'leafwise') {
      for (let i = 1; i < open.length; i++) if (open[i].best!.gain > open[pick].best!.gain) pick = i;
    }
    const leaf = open.splice(pick, 1)[0];
    const { feature: f, bin, gain } = leaf.best!;
    // partition idx[start, end) so rows with bin ≤ split come first
    let lo = leaf.start;
    let hi = leaf.end - 1;
    while (lo <= hi) {
      if (bins[idx[lo] * F + f] <= bin) lo++;
      else {
        const tmp = idx[lo];
        idx[lo] = idx[hi];
        idx[hi] = tmp;
        hi--;
      }
    }
    const mid = lo;
    tree.feature[leaf.node] = f;
    binSplit[leaf.node] = bin;
    gainImportance[f] += gain;
    const childDepth = leaf.depth + 1;
    const needHist = childDepth < maxDepth;
    let histL: Float64Array | null = null;
    let histR: Float64Array | null = null;
    if (needHist && leaf.hist) {
      const parent = leaf.hist;
      if (mid - leaf.start <= leaf.end - mid) {
        histL = buildHist(leaf.start, mid);
        histR = parent;
        for (let q = 0; q < nf; q++) for (let k = fOff[q] * 3, e = offset[fIdx[q] + 1] * 3; k < e; k++) histR[k] -= histL[k];
      } else {
        histR = buildHist(mid, leaf.end);
        histL = parent;
        for (let q = 0; q < nf; q++) for (let k = fOff[q] * 3, e = offset[fIdx[q] + 1] * 3; k < e; k++) histL[k] -= histR[k];
      }
    }
    if (!needHist) release(leaf.hist);
    leaf.hist = null;
    const l = makeLeaf(leaf.start, mid, childDepth, histL);
    const r = makeLeaf(mid, leaf.end, childDepth, histR);
    tree.left[leaf.node] = l.node;
    tree.right[leaf.node] = r.node;
    tree.value[leaf.node] = 0;
    nLeaves++;
    for (const c of [l, r]) {
      findBest(c);
      if (c.best) open.push(c);
      else {
        release(c.hist);
        c.hist = null;
      }
    }
  }
  for (const l of open) release(l.hist);
  return { tree, binSplit };
}

/** Raw margin (log-odds) contribution of one tree for row i of column-major data. */
export function predictTreeRow(tree: Tree, columns: Float64Array[], i: number): number {
  let k = 0;
  while (tree.feature[k] >= 0) {
    const v = columns[tree.feature[k]][i];
    k = Number.isNaN(v) || v <= tree.threshold[k] ? tree.left[k] : tree.right[k];
  }
  return tree.value[k];
}

/** Margins (log-odds) for every row; columns must be in model.featureNames order. */
export function predictGbdtMargin(model: GbdtModel, x: Dataset): Float64Array {
  const out = new Float64Array(x.nRows).fill(model.baseScore);
  for (const tree of model.trees) for (let i = 0; i < x.nRows; i++) out[i] += predictTreeRow(tree, x.columns, i);
  return out;
}

/** Default probabilities for every row. */
export function predictGbdtProba(model: GbdtModel, x: Dataset): Float64Array {
  const m = predictGbdtMargin(model, x);
  for (let i = 0; i < m.length; i++) m[i] = sigmoid(m[i]);
  return m;
}

/** Validate a parsed JSON object as a GBDT model (shape only). */
export function assertGbdtModel(obj: unknown): asserts obj is GbdtModel {
  const o = obj as Partial<GbdtModel> | null;
  if (!o || o.kind !== 'gbdt' || !Array.isArray(o.trees) || !Array.isArray(o.featureNames) || typeof o.baseScore !== 'number') {
    throw riskError('RISK_MODEL_INVALID', { detail: 'not a gbdt model' });
  }
  for (const t of o.trees) {
    const len = t.feature?.length;
    if (!len || [t.threshold, t.left, t.right, t.value, t.cover].some((a) => !Array.isArray(a) || a.length !== len)) {
      throw riskError('RISK_MODEL_INVALID', { detail: 'tree arrays malformed' });
    }
  }
}
