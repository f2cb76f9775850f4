// Self-contained offline HTML evaluation report: ROC, KS, calibration and feature-importance charts as inline SVG
// (no scripts, no network), with the cross-validation table. Inputs are out-of-fold predictions.
import { calibrationBins, rocCurve, ksStatistic, auc } from './metrics.js';
import type { FoldResult } from './evaluate.js';

export interface ReportInput {
  title: string;
  subtitle?: string;
  labels: ArrayLike<number>;
  oof: ArrayLike<number>;
  folds: FoldResult[];
  importance: { feature: string; importance: number }[];
  importanceLabel: string;
  notes?: string[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const W = 420;
const H = 320;
const M = { l: 48, r: 12, t: 24, b: 40 };
const sx = (v: number) => M.l + v * (W - M.l - M.r);
const sy = (v: number) => H - M.b - v * (H - M.t - M.b);

function axes(title: string, xl: string, yl: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line x1="${sx(t)}" y1="${sy(0)}" x2="${sx(t)}" y2="${sy(0) + 4}" stroke="#333"/><text x="${sx(t)}" y="${sy(0) + 16}" font-size="10" text-anchor="middle">${t}</text>` +
      `<line x1="${sx(0) - 4}" y1="${sy(t)}" x2="${sx(0)}" y2="${sy(t)}" stroke="#333"/><text x="${sx(0) - 6}" y="${sy(t) + 3}" font-size="10" text-anchor="end">${t}</text>`)
    .join('');
  return `<text x="${W / 2}" y="14" font-size="13" text-anchor="middle" font-weight="bold">${esc(title)}</text>
<rect x="${sx(0)}" y="${sy(1)}" width="${sx(1) - sx(0)}" height="${sy(0) - sy(1)}" fill="none" stroke="#999"/>${ticks}
<text x="${W / 2}" y="${H - 6}" font-size="11" text-anchor="middle">${esc(xl)}</text>
<text x="12" y="${H / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${H / 2})">${esc(yl)}</text>`;
}

const poly = (pts: [number, number][], color: string, dash = '') =>
  `<polyline fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`;

function thin<T>(xs: T[], max = 400): T[] {
  if (xs.length <= max) return xs;
  const step = xs.length / max;
  const out = Array.from({ length: max }, (_, i) => xs[Math.floor(i * step)]);
  out.push(xs[xs.length - 1]);
  return out;
}

/** ROC curve SVG. */
export function rocSvg(scores: ArrayLike<number>, labels: ArrayLike<number>): string {
  const roc = thin(rocCurve(scores, labels));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="ROC curve">${axes(`ROC, pooled out-of-fold (AUC ${auc(scores, labels).toFixed(4)})`, 'false positive rate', 'true positive rate')}
${poly([[0, 0], [1, 1]], '#bbb', '4 4')}${poly(roc.map((p) => [p.fpr, p.tpr]), '#1f77b4')}</svg>`;
}

/** KS chart: cumulative share of defaulters and non-defaulters by descending risk. */
export function ksSvg(scores: ArrayLike<number>, labels: ArrayLike<number>): string {
  const roc = thin(rocCurve(scores, labels));
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += labels[i];
  const k = ksStatistic(scores, labels);
  const pop = (p: { fpr: number; tpr: number }) => (p.tpr * nPos + p.fpr * (n - nPos)) / n;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="KS chart">${axes(`KS, pooled out-of-fold (${k.ks.toFixed(4)})`, 'share of population (riskiest first)', 'cumulative share')}
${poly(roc.map((p) => [pop(p), p.tpr]), '#d62728')}${poly(roc.map((p) => [pop(p), p.fpr]), '#2ca02c')}
<text x="${sx(0.55)}" y="${sy(0.2)}" font-size="11" fill="#d62728">defaulters</text><text x="${sx(0.55)}" y="${sy(0.1)}" font-size="11" fill="#2ca02c">non-defaulters</text></svg>`;
}

/** Calibration (reliability) chart by deciles. */
export function calibrationSvg(probs: ArrayLike<number>, labels: ArrayLike<number>): string {
  const bins = calibrationBins(probs, labels, 10);
  const mx = Math.min(1, Math.max(0.05, ...bins.map((b) => Math.max(b.meanPredicted, b.observedRate))) * 1.1);
  const pts = bins.map((b) => [b.meanPredicted / mx, b.observedRate / mx] as [number, number]);
  const dots = pts.map(([x, y]) => `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3.5" fill="#9467bd"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="Calibration">${axes(`Calibration (axes scaled to ${mx.toFixed(2)})`, 'mean predicted probability', 'observed default rate')}
${poly([[0, 0], [1, 1]], '#bbb', '4 4')}${poly(pts, '#9467bd')}${dots}</svg>`;
}

/** Horizontal bar chart of the top features. */
export function importanceSvg(items: { feature: string; importance: number }[], label: string, top = 20): string {
  const it = items.slice(0, top);
  const rowH = 18;
  const h = 40 + rowH * it.length;
  const w = 560;
  const left = 190;
  const max = Math.max(1e-12, ...it.map((i) => i.importance));
  const bars = it
    .map((i, k) => {
      const y = 30 + k * rowH;
      const bw = ((w - left - 60) * i.importance) / max;
      return `<text x="${left - 6}" y="${y + 12}" font-size="11" text-anchor="end">${esc(i.feature)}</text><rect x="${left}" y="${y + 2}" width="${bw.toFixed(1)}" height="${rowH - 5}" fill="#ff7f0e"/><text x="${left + bw + 4}" y="${y + 12}" font-size="10">${i.importance.toPrecision(3)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="Feature importance"><text x="${w / 2}" y="16" font-size="13" text-anchor="middle" font-weight="bold">${esc(label)}</text>${bars}</svg>`;
}

/** The whole report page. */
export function renderReportHtml(r: ReportInput): string {
  const rows = r.folds
    .map((f) => `<tr><td>${f.fold + 1}</td><td>${f.auc.toFixed(4)}</td><td>${f.ks.toFixed(4)}</td><td>${f.gini.toFixed(4)}</td><td>${(f.trainMs / 1000).toFixed(2)} s</td><td>${f.testRows}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
.grid{display:flex;flex-wrap:wrap;gap:16px}svg{background:#fff;border:1px solid #eee}</style></head><body>
<h1>${esc(r.title)}</h1>${r.subtitle ? `<p>${esc(r.subtitle)}</p>` : ''}
<h2>Cross-validation</h2><table><tr><th>fold</th><th>AUC</th><th>KS</th><th>Gini</th><th>train</th><th>rows</th></tr>${rows}</table>
<p>Charts use out-of-fold predictions: every row is scored by the model that did not see it.</p>
<div class="grid">${rocSvg(r.oof, r.labels)}${ksSvg(r.oof, r.labels)}${calibrationSvg(r.oof, r.labels)}</div>
<h2>Feature importance</h2>${importanceSvg(r.importance, r.importanceLabel)}
${r.notes?.length ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</body></html>`;
}
