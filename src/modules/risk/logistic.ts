// L2-regularised logistic regression fitted by IRLS (Newton) with a Cholesky solve; the intercept is not penalised.
// Used by the scorecard (on WOE features) and as the plain baseline (on standardised raw features).
import type { Dataset } from './dataset.js';
import { riskError } from './errors.js';

export interface LogisticModel {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

/** Solve A x = b for symmetric positive-definite A (n×n row-major), adding jitter if needed. */
export function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let jitter = 0; jitter < 6; jitter++) {
    const L = new Float64Array(n * n);
    const eps = jitter === 0 ? 0 : 1e-10 * 10 ** jitter;
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = A[i * n + j] + (i === j ? eps : 0);
        for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
        if (i === j) {
          if (s <= 0) {
            ok = false;
            break;
          }
          L[i * n + i] = Math.sqrt(s);
        } else L[i * n + j] = s / L[j * n + j];
      }
    }
    if (!ok) continue;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
      z[i] = s / L[i * n + i];
    }
    const x = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
      x[i] = s / L[i * n + i];
    }
    return x;
  }
  throw riskError('RISK_BAD_INPUT', { detail: 'normal equations are not positive definite' });
}

/** Fit P(y=1|x) = σ(b0 + Σ bj xj) minimising log-loss + (l2/2)·Σ bj². */
export function trainLogistic(x: Dataset, y: ArrayLike<number>, l2 = 1, maxIter = 50, tol = 1e-8): LogisticModel {
  const n = x.nRows;
  const p = x.columns.length;
  const d = p + 1;
  const beta = new Float64Array(d);
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i];
  ybar = Math.min(1 - 1e-6, Math.max(1e-6, ybar / n));
  beta[0] = Math.log(ybar / (1 - ybar));
  const eta = new Float64Array(n);
  let it = 0;
  let converged = false;
  const cols = x.columns;
  for (; it < maxIter; it++) {
    eta.fill(beta[0]);
    for (let j = 0; j < p; j++) {
      const c = cols[j];
      const b = beta[j + 1];
      if (b !== 0) for (let i = 0; i < n; i++) eta[i] += b * c[i];
    }
    const H = new Float64Array(d * d);
    const g = new Float64Array(d);
    const w = new Float64Array(n);
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const pr = 1 / (1 + Math.exp(-eta[i]));
      w[i] = Math.max(pr * (1 - pr), 1e-12);
      r[i] = pr - y[i];
    }
    // gradient and Hessian (upper triangle, then mirrored)
    for (let a = 0; a < d; a++) {
      const ca = a === 0 ? null : cols[a - 1];
      let ga = 0;
      for (let i = 0; i < n; i++) ga += r[i] * (ca ? ca[i] : 1);
      g[a] = ga + (a > 0 ? l2 * beta[a] : 0);
      for (let b2 = a; b2 < d; b2++) {
        const cb = b2 === 0 ? null : cols[b2 - 1];
        let h = 0;
        if (!ca && !cb) for (let i = 0; i < n; i++) h += w[i];
        else if (!ca) for (let i = 0; i < n; i++) h += w[i] * cb![i];
        else for (let i = 0; i < n; i++) h += w[i] * ca[i] * cb![i];
        if (a === b2 && a > 0) h += l2;
        H[a * d + b2] = h;
        H[b2 * d + a] = h;
      }
    }
    const step = choleskySolve(H, g, d);
    let maxStep = 0;
    for (let a = 0; a < d; a++) {
      beta[a] -= step[a];
      maxStep = Math.max(maxStep, Math.abs(step[a]));
    }
    if (maxStep < tol) {
      converged = true;
      it++;
      break;
    }
  }
  return { intercept: beta[0], coefficients: Array.from(beta.subarray(1)), iterations: it, converged };
}

/** Linear predictor (log-odds) per row. */
export function predictLogisticMargin(m: LogisticModel, x: Dataset): Float64Array {
  const out = new Float64Array(x.nRows).fill(m.intercept);
  m.coefficients.forEach((b, j) => {
    const c = x.columns[j];
    for (let i = 0; i < x.nRows; i++) out[i] += b * c[i];
  });
  return out;
}

export interface Standardizer {
  names: string[];
  mean: number[];
  std: number[];
}

/** Fit per-column mean/std (missing values ignored; they become 0 = the mean after transform). */
export function fitStandardizer(x: Dataset): Standardizer {
  const mean: number[] = [];
  const std: number[] = [];
  for (const c of x.columns) {
    let s = 0;
    let s2 = 0;
    let k = 0;
    for (let i = 0; i < c.length; i++) {
      if (Number.isNaN(c[i])) continue;
      s += c[i];
      s2 += c[i] * c[i];
      k++;
    }
    const m = k ? s / k : 0;
    const v = k ? s2 / k - m * m : 0;
    mean.push(m);
    std.push(v > 1e-24 ? Math.sqrt(v) : 1);
  }
  return { names: x.names.slice(), mean, std };
}

/** Apply a standardizer. */
export function standardize(s: Standardizer, x: Dataset): Dataset {
  return {
    names: x.names.slice(),
    nRows: x.nRows,
    columns: x.columns.map((c, j) => {
      const o = new Float64Array(c.length);
      for (let i = 0; i < c.length; i++) o[i] = Number.isNaN(c[i]) ? 0 : (c[i] - s.mean[j]) / s.std[j];
      return o;
    }),
  };
}
