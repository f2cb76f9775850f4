// Quantile feature binning for the histogram GBDT: ≤ maxBins bins per feature, fitted on training rows only.
// Bin of x = smallest i with x ≤ edges[i] (or edges.length when none); NaN (missing) always goes to bin 0,
// which is why every split (bins ≤ b go left) sends missing values left — prediction mirrors that rule.
import type { Dataset } from './dataset.js';

/** Per-feature upper bin edges (ascending, distinct). Feature j has edges[j].length + 1 bins. */
export interface BinMapper {
  edges: Float64Array[];
}

/** Fit quantile edges per feature (distinct values ≤ maxBins → mid-points between them). */
export function fitBinMapper(ds: Dataset, maxBins = 255, sampleCap = 200_000): BinMapper {
  if (maxBins < 2 || maxBins > 256) throw new RangeError('maxBins must be in [2, 256]');
  const edges = ds.columns.map((col) => fitEdges(col, maxBins, sampleCap));
  return { edges };
}

function fitEdges(col: Float64Array, maxBins: number, sampleCap: number): Float64Array {
  const step = col.length > sampleCap ? col.length / sampleCap : 1;
  const vals: number[] = [];
  for (let p = 0; p < col.length; p += step) {
    const v = col[Math.floor(p)];
    if (!Number.isNaN(v)) vals.push(v);
  }
  const sorted = Float64Array.from(vals).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length <= 1) return new Float64Array(0);
  if (distinct.length <= maxBins) {
    const e = new Float64Array(distinct.length - 1);
    for (let i = 0; i < e.length; i++) e[i] = (distinct[i] + distinct[i + 1]) / 2;
    return e;
  }
  const out: number[] = [];
  const n = sorted.length;
  for (let q = 1; q < maxBins; q++) {
    const v = sorted[Math.min(n - 1, Math.floor((q * n) / maxBins))];
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  // the last edge must leave something on the right
  while (out.length > 0 && out[out.length - 1] >= sorted[n - 1]) out.pop();
  return Float64Array.from(out);
}

/** Bin index of a value. */
export function binOf(edges: Float64Array, x: number): number {
  if (Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Row-major binned matrix: out[i * nCols + j] = bin of row i, feature j. */
export function binRowMajor(mapper: BinMapper, ds: Dataset): Uint8Array {
  const nCols = ds.columns.length;
  const out = new Uint8Array(ds.nRows * nCols);
  for (let j = 0; j < nCols; j++) {
    const col = ds.columns[j];
    const e = mapper.edges[j];
    for (let i = 0; i < ds.nRows; i++) out[i * nCols + j] = binOf(e, col[i]);
  }
  return out;
}
