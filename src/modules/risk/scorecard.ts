// Logistic-regression scorecard: WOE binning (quantile fine bins → min-size merge → monotone WOE or IV-preserving
// merge), information value, L2 logistic regression on WOE, points scaling (base score at base odds, PDO), and
// reason codes as points lost versus the best bin of each characteristic (COL-85 / PIPL art 24 explanation).
import type { Dataset } from './dataset.js';
import { trainLogistic } from './logistic.js';
import { riskError } from './errors.js';

export interface ScorecardParams {
  initialBins: number; // fine quantile bins before merging
  maxBins: number; // coarse bins per characteristic
  minBinFraction: number; // each bin holds at least this share of training rows
  monotone: boolean; // enforce monotone bad rate across bins
  minIv: number; // characteristics below this IV are dropped
  l2: number;
  baseScore: number; // points at baseOdds (good:bad)
  baseOdds: number;
  pdo: number; // points to double the odds
  smoothing: number; // added to good/bad counts per bin to keep WOE finite
}

export const DEFAULT_SCORECARD_PARAMS: ScorecardParams = {
  initialBins: 20,
  maxBins: 8,
  minBinFraction: 0.03,
  monotone: true,
  minIv: 0.02,
  l2: 1,
  baseScore: 600,
  baseOdds: 50,
  pdo: 20,
  smoothing: 0.5,
};

/** One characteristic: bins are (-∞, e0], (e0, e1], …, (e_last, ∞); missing values have their own attribute. */
export interface CharacteristicBins {
  feature: string;
  edges: number[];
  woe: number[];
  count: number[];
  badRate: number[];
  missingWoe: number;
  missingCount: number;
  iv: number;
}

export interface ScorecardCharacteristic extends CharacteristicBins {
  coefficient: number;
  points: number[];
  missingPoints: number;
}

export interface ScorecardModel {
  kind: 'scorecard';
  featureNames: string[]; // characteristics used, in model order
  characteristics: ScorecardCharacteristic[];
  dropped: { feature: string; iv: number }[];
  intercept: number;
  params: ScorecardParams;
  factor: number;
  offset: number;
}

interface Bin {
  hi: number; // upper edge (Infinity for the last)
  good: number;
  bad: number;
}

const badRate = (b: Bin) => b.bad / Math.max(1, b.good + b.bad);

function woeOf(b: Bin, totGood: number, totBad: number, s: number): number {
  return Math.log((b.good + s) / (totGood + s) / ((b.bad + s) / (totBad + s)));
}

function ivOf(bins: Bin[], totGood: number, totBad: number, s: number): number {
  let iv = 0;
  for (const b of bins) iv += ((b.good + s) / (totGood + s) - (b.bad + s) / (totBad + s)) * woeOf(b, totGood, totBad, s);
  return iv;
}

function mergeAt(bins: Bin[], i: number): void {
  // merge bin i with bin i+1
  bins[i + 1] = { hi: bins[i + 1].hi, good: bins[i].good + bins[i + 1].good, bad: bins[i].bad + bins[i + 1].bad };
  bins.splice(i, 1);
}

/** Fit WOE bins for one numeric column on training rows. */
export function fitCharacteristic(feature: string, col: ArrayLike<number>, y: ArrayLike<number>, params: Partial<ScorecardParams> = {}): CharacteristicBins {
  const p = { ...DEFAULT_SCORECARD_PARAMS, ...params };
  const vals: number[] = [];
  const ys: number[] = [];
  let missGood = 0;
  let missBad = 0;
  for (let i = 0; i < col.length; i++) {
    if (Number.isNaN(col[i])) {
      if (y[i] === 1) missBad++;
      else missGood++;
    } else {
      vals.push(col[i]);
      ys.push(y[i]);
    }
  }
  const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
  const n = vals.length;
  // fine bins: cut at quantiles, never splitting equal values
  let bins: Bin[] = [];
  let cur: Bin = { hi: Infinity, good: 0, bad: 0 };
  let nextCut = n / p.initialBins;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (ys[i] === 1) cur.bad++;
    else cur.good++;
    const v = vals[i];
    const last = r === n - 1;
    if (!last && r + 1 >= nextCut && vals[order[r + 1]] !== v) {
      cur.hi = v;
      bins.push(cur);
      cur = { hi: Infinity, good: 0, bad: 0 };
      while (nextCut <= r + 1) nextCut += n / p.initialBins;
    }
  }
  if (cur.good + cur.bad > 0 || bins.length === 0) bins.push(cur);
  bins[bins.length - 1].hi = Infinity;
  const totGood = ys.reduce((a, b) => a + (b === 1 ? 0 : 1), 0) + missGood;
  const totBad = ys.reduce((a, b) => a + b, 0) + missBad;
  const s = p.smoothing;
  const minCount = p.minBinFraction * col.length;
  // 1. merge undersized bins into the neighbour with the closer bad rate
  for (;;) {
    if (bins.length <= 1) break;
    let k = -1;
    let smallest = Infinity;
    bins.forEach((b, i) => {
      const c = b.good + b.bad;
      if (c < minCount && c < smallest) {
        smallest = c;
        k = i;
      }
    });
    if (k < 0) break;
    if (k === 0) mergeAt(bins, 0);
    else if (k === bins.length - 1) mergeAt(bins, k - 1);
    else {
      const dl = Math.abs(badRate(bins[k]) - badRate(bins[k - 1]));
      const dr = Math.abs(badRate(bins[k]) - badRate(bins[k + 1]));
      mergeAt(bins, dl <= dr ? k - 1 : k);
    }
  }
  // 2. monotone bad rate (pool adjacent violators in the better direction)
  if (p.monotone && bins.length > 2) {
    const tryDir = (dir: 1 | -1): Bin[] => {
      const b = bins.map((x) => ({ ...x }));
      for (let i = 0; i < b.length - 1; ) {
        if (dir * (badRate(b[i + 1]) - badRate(b[i])) < 0) {
          mergeAt(b, i);
          if (i > 0) i--;
        } else i++;
      }
      return b;
    };
    const up = tryDir(1);
    const down = tryDir(-1);
    bins = ivOf(up, totGood, totBad, s) >= ivOf(down, totGood, totBad, s) ? up : down;
  }
  // 3. at most maxBins: merge the adjacent pair whose merge loses the least IV
  while (bins.length > p.maxBins) {
    let best = 0;
    let bestIv = -Infinity;
    for (let i = 0; i < bins.length - 1; i++) {
      const b = bins.map((x) => ({ ...x }));
      mergeAt(b, i);
      const iv = ivOf(b, totGood, totBad, s);
      if (iv > bestIv) {
        bestIv = iv;
        best = i;
      }
    }
    mergeAt(bins, best);
  }
  const missBin: Bin = { hi: NaN, good: missGood, bad: missBad };
  const hasMissing = missGood + missBad > 0;
  return {
    feature,
    edges: bins.slice(0, -1).map((b) => b.hi),
    woe: bins.map((b) => woeOf(b, totGood, totBad, s)),
    count: bins.map((b) => b.good + b.bad),
    badRate: bins.map(badRate),
    missingWoe: hasMissing ? woeOf(missBin, totGood, totBad, s) : 0,
    missingCount: missGood + missBad,
    iv: ivOf(hasMissing ? [...bins, missBin] : bins, totGood, totBad, s),
  };
}

/** Bin index of a value (−1 = missing). */
export function attributeIndex(c: CharacteristicBins, v: number): number {
  if (Number.isNaN(v)) return -1;
  let k = 0;
  while (k < c.edges.length && v > c.edges[k]) k++;
  return k;
}

/** WOE of a value in a characteristic. */
export function woeValue(c: CharacteristicBins, v: number): number {
  const k = attributeIndex(c, v);
  return k < 0 ? c.missingWoe : c.woe[k];
}

/** Human-readable label of attribute k ("(a, b]", "missing"). */
export function attributeLabel(c: CharacteristicBins, k: number): string {
  if (k < 0) return 'missing';
  const lo = k === 0 ? '-inf' : String(c.edges[k - 1]);
  const hi = k === c.edges.length ? 'inf' : String(c.edges[k]);
  return `(${lo}, ${hi}]`;
}

/** Train a scorecard on training rows only (binning included — no leakage into held-out data). */
export function trainScorecard(x: Dataset, y: ArrayLike<number>, params: Partial<ScorecardParams> = {}): ScorecardModel {
  const p = { ...DEFAULT_SCORECARD_PARAMS, ...params };
  if (x.nRows !== y.length) throw riskError('RISK_BAD_INPUT', { detail: 'x and y differ in length' });
  const all = x.names.map((name, j) => fitCharacteristic(name, x.columns[j], y, p));
  const kept = all.filter((c) => c.iv >= p.minIv);
  const dropped = all.filter((c) => c.iv < p.minIv).map((c) => ({ feature: c.feature, iv: c.iv }));
  const woeCols = kept.map((c) => {
    const col = x.columns[x.names.indexOf(c.feature)];
    const o = new Float64Array(x.nRows);
    for (let i = 0; i < x.nRows; i++) o[i] = woeValue(c, col[i]);
    return o;
  });
  const lr = trainLogistic({ names: kept.map((c) => c.feature), columns: woeCols, nRows: x.nRows }, y, p.l2);
  // score = offset + factor · ln(odds good:bad) = offset − factor · (b0 + Σ bj·WOEj)
  const factor = p.pdo / Math.LN2;
  const offset = p.baseScore - factor * Math.log(p.baseOdds);
  const k = Math.max(1, kept.length);
  const characteristics: ScorecardCharacteristic[] = kept.map((c, j) => {
    const b = lr.coefficients[j];
    const pts = (w: number) => Math.round(-factor * (b * w + lr.intercept / k) + offset / k);
    return { ...c, coefficient: b, points: c.woe.map(pts), missingPoints: pts(c.missingWoe) };
  });
  return {
    kind: 'scorecard',
    featureNames: kept.map((c) => c.feature),
    characteristics,
    dropped,
    intercept: lr.intercept,
    params: p,
    factor,
    offset,
  };
}

export interface ScorecardReason {
  feature: string;
  attribute: string;
  value: number;
  points: number;
  pointsLost: number; // versus the best attribute of the characteristic
}

export interface ScorecardResult {
  score: number; // sum of integer points (higher = safer)
  pd: number; // model probability of default
  reasons: ScorecardReason[];
}

/** Score one row given as a map or array aligned with model.featureNames. */
export function scoreScorecardRow(m: ScorecardModel, row: ArrayLike<number>, topReasons = 4): ScorecardResult {
  let eta = m.intercept;
  let score = 0;
  const reasons: ScorecardReason[] = [];
  m.characteristics.forEach((c, j) => {
    const v = row[j];
    const k = attributeIndex(c, v);
    const w = k < 0 ? c.missingWoe : c.woe[k];
    eta += c.coefficient * w;
    const pts = k < 0 ? c.missingPoints : c.points[k];
    score += pts;
    const best = Math.max(...c.points, c.missingCount > 0 ? c.missingPoints : -Infinity);
    reasons.push({ feature: c.feature, attribute: attributeLabel(c, k), value: v, points: pts, pointsLost: best - pts });
  });
  reasons.sort((a, b) => b.pointsLost - a.pointsLost);
  return { score, pd: 1 / (1 + Math.exp(-eta)), reasons: reasons.filter((r) => r.pointsLost > 0).slice(0, topReasons) };
}

/** Probabilities of default for every row (columns aligned with model.featureNames). */
export function predictScorecardProba(m: ScorecardModel, x: Dataset): Float64Array {
  const out = new Float64Array(x.nRows).fill(m.intercept);
  m.characteristics.forEach((c, j) => {
    const col = x.columns[j];
    for (let i = 0; i < x.nRows; i++) out[i] += c.coefficient * woeValue(c, col[i]);
  });
  for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-out[i]));
  return out;
}

/** Integer scorecard points for every row. */
export function predictScorecardPoints(m: ScorecardModel, x: Dataset): Float64Array {
  const out = new Float64Array(x.nRows);
  m.characteristics.forEach((c, j) => {
    const col = x.columns[j];
    for (let i = 0; i < x.nRows; i++) {
      const k = attributeIndex(c, col[i]);
      out[i] += k < 0 ? c.missingPoints : c.points[k];
    }
  });
  return out;
}

/** Validate a parsed JSON object as a scorecard model (shape only). */
export function assertScorecardModel(obj: unknown): asserts obj is ScorecardModel {
  const o = obj as Partial<ScorecardModel> | null;
  if (!o || o.kind !== 'scorecard' || !Array.isArray(o.characteristics) || typeof o.intercept !== 'number') {
    throw riskError('RISK_MODEL_INVALID', { detail: 'not a scorecard model' });
  }
  for (const c of o.characteristics) {
    if (!Array.isArray(c.edges) || c.woe.length !== c.edges.length + 1 || c.points.length !== c.woe.length) {
      throw riskError('RISK_MODEL_INVALID', { detail: `characteristic ${c.feature} malformed` });
    }
  }
}
