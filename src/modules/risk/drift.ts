// Population stability index (PSI) drift report: bins fitted on the reference (training) sample by quantiles,
// compared with a new sample. Rule of thumb: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant shift.
import type { Dataset } from './dataset.js';

export type DriftStatus = 'stable' | 'moderate' | 'significant';

export interface PsiBin {
  hi: number;
  expectedShare: number;
  actualShare: number;
}

export interface PsiResult {
  psi: number;
  status: DriftStatus;
  bins: PsiBin[];
}

const EPS = 1e-4;

/** Drift status of a PSI value. */
export function driftStatus(psi: number): DriftStatus {
  return psi < 0.1 ? 'stable' : psi <= 0.25 ? 'moderate' : 'significant';
}

/** PSI of `actual` against `expected`, with ≤ nBins quantile bins of `expected` (missing values get their own bin). */
export function populationStabilityIndex(expected: ArrayLike<number>, actual: ArrayLike<number>, nBins = 10): PsiResult {
  const ref = Array.from(expected).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const edges: number[] = [];
  for (let q = 1; q < nBins; q++) {
    // last value of the q-th equal-count chunk, so that x ≤ edge puts ≈ q/nBins of the reference at or below it
    const v = ref[Math.max(0, Math.ceil((q * ref.length) / nBins) - 1)];
    if (ref.length && (edges.length === 0 || v > edges[edges.length - 1]) && v < ref[ref.length - 1]) edges.push(v);
  }
  const count = (xs: ArrayLike<number>) => {
    const c = new Array<number>(edges.length + 2).fill(0); // last slot = missing
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (Number.isNaN(v)) {
        c[edges.length + 1]++;
        continue;
      }
      let k = 0;
      while (k < edges.length && v > edges[k]) k++;
      c[k]++;
    }
    return c.map((x) => x / Math.max(1, xs.length));
  };
  const e = count(expected);
  const a = count(actual);
  let psi = 0;
  const bins: PsiBin[] = [];
  for (let k = 0; k < e.length; k++) {
    if (e[k] === 0 && a[k] === 0) continue;
    const ek = Math.max(e[k], EPS);
    const ak = Math.max(a[k], EPS);
    psi += (ak - ek) * Math.log(ak / ek);
    bins.push({ hi: k < edges.length ? edges[k] : k === edges.length ? Infinity : NaN, expectedShare: e[k], actualShare: a[k] });
  }
  return { psi, status: driftStatus(psi), bins };
}

export interface DriftReport {
  features: { feature: string; psi: number; status: DriftStatus }[];
  score?: { psi: number; status: DriftStatus };
  worst: DriftStatus;
}

/** PSI for every shared column (and optionally for model scores), most drifted first. */
export function driftReport(reference: Dataset, current: Dataset, scores?: { reference: ArrayLike<number>; current: ArrayLike<number> }): DriftReport {
  const features = reference.names
    .filter((n) => current.names.includes(n))
    .map((n) => {
      const r = populationStabilityIndex(reference.columns[reference.names.indexOf(n)], current.columns[current.names.indexOf(n)]);
      return { feature: n, psi: r.psi, status: r.status };
    })
    .sort((a, b) => b.psi - a.psi);
  const score = scores ? (({ psi, status }) => ({ psi, status }))(populationStabilityIndex(scores.reference, scores.current)) : undefined;
  const all = [...features.map((f) => f.status), ...(score ? [score.status] : [])];
  const worst: DriftStatus = all.includes('significant') ? 'significant' : all.includes('moderate') ? 'moderate' : 'stable';
  return { features, score, worst };
}
