import { describe, expect, it } from 'vitest';
import { excludeProtected, explainRow, featureImportance, modelVersion, parseModelBundle, predictModel, trainModel, type ModelBundle } from './model.js';
import { crossValidate } from './evaluate.js';
import { makeClassificationData } from './testing.js';
import { createRng } from './random.js';
import { driftReport, populationStabilityIndex } from './drift.js';
import { renderReportHtml } from './report.js';
import { renderModelCard } from './model-card.js';
import { auc } from './metrics.js';
import type { Dataset } from './dataset.js';

const data = makeClassificationData(1500, 21);

describe('model bundle and explanations', () => {
  it('COL-85: protected columns are excluded unless explicitly allowed', () => {
    const x: Dataset = { ...data.x, names: ['SEX', 'x1', 'MARRIAGE', 'religion_code', 'x4', 'x5'] };
    expect(excludeProtected(x).excluded).toEqual(['SEX', 'MARRIAGE', 'religion_code']);
    expect(excludeProtected(x).x.names).toEqual(['x1', 'x4', 'x5']);
    expect(excludeProtected(x, true).x.names).toHaveLength(6);
    expect(excludeProtected(x, false, ['x5']).x.names).toEqual(['x1', 'x4']);
  });

  it('round-trips through JSON and scores identically; columns are matched by name', () => {
    for (const kind of ['gbdt', 'scorecard'] as const) {
      const model = trainModel(kind, data.x, data.y, { nEstimators: 30 });
      const bundle: ModelBundle = {
        format: 'recourse-risk-model/1', version: modelVersion(kind, new Date('2026-01-02T03:04:05Z'), 'abcdef0123'), kind, target: 'y',
        featureNames: model.featureNames, excludedProtected: [], trainedAt: '2026-01-02T03:04:05Z', trainedBy: 'test', dataSha256: 'abcdef0123',
        trainingRows: data.x.nRows, defaultRate: 0.3, trainMs: 1, model,
      };
      expect(bundle.version).toBe(`${kind}-20260102030405-abcdef01`);
      const back = parseModelBundle(JSON.stringify(bundle));
      const reversed: Dataset = { names: [...data.x.names].reverse(), columns: [...data.x.columns].reverse(), nRows: data.x.nRows };
      expect(Array.from(predictModel(back.model, reversed))).toEqual(Array.from(predictModel(model, data.x)));
      const reasons = explainRow(back.model, data.x, 0, 3);
      expect(reasons.length).toBeLessThanOrEqual(3);
      for (const r of reasons) expect(r.impact).toBeGreaterThan(0);
      expect(featureImportance(model, data.x)[0].feature).toBe('x0'); // the strong driver
    }
    expect(() => parseModelBundle('{"format":"nope"}')).toThrow(/unknown model format/);
    expect(() => parseModelBundle('not json')).toThrow(/not JSON/);
  });
});

describe('cross-validation', () => {
  it('no leakage: with labels independent of the features, CV AUC stays near 0.5', () => {
    const rng = createRng(99);
    const y = Uint8Array.from({ length: data.x.nRows }, () => (rng() < 0.3 ? 1 : 0));
    for (const kind of ['gbdt', 'scorecard'] as const) {
      const cv = crossValidate(kind, data.x, y, { folds: 3, seed: 1, params: { nEstimators: 40 } });
      expect(Math.abs(cv.summary.auc.mean - 0.5)).toBeLessThan(0.06);
    }
  });
  it('reports per-fold metrics, spread and out-of-fold predictions for every row', () => {
    const cv = crossValidate('gbdt', data.x, data.y, { folds: 4, seed: 2, params: { nEstimators: 40 } });
    expect(cv.folds).toHaveLength(4);
    expect(cv.folds.reduce((a, f) => a + f.testRows, 0)).toBe(data.x.nRows);
    expect(cv.summary.auc.std).toBeGreaterThan(0);
    expect(cv.summary.gini.mean).toBeCloseTo(2 * cv.summary.auc.mean - 1, 12);
    expect(auc(cv.oof, data.y)).toBeGreaterThan(0.75);
    const base = crossValidate('logistic', data.x, data.y, { folds: 4, seed: 2 });
    expect(base.summary.auc.mean).toBeLessThan(cv.summary.auc.mean);
  });
});

describe('drift, report and model card', () => {
  it('PSI is ~0 for the same distribution and large for a shifted one', () => {
    const a = data.x.columns[0];
    const shifted = a.map((v) => v + 1);
    expect(populationStabilityIndex(a, a).psi).toBeCloseTo(0, 12);
    expect(populationStabilityIndex(a, shifted).status).toBe('significant');
    const rep = driftReport(data.x, { ...data.x, columns: [shifted, ...data.x.columns.slice(1)] });
    expect(rep.features[0].feature).toBe('x0');
    expect(rep.worst).toBe('significant');
  });
  it('report is self-contained HTML with the four charts and escapes text', () => {
    const cv = crossValidate('scorecard', data.x, data.y, { folds: 3, seed: 3 });
    const html = renderReportHtml({ title: 'T <script>', labels: data.y, oof: cv.oof, folds: cv.folds, importance: [{ feature: 'x0&', importance: 1 }], importanceLabel: 'imp' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('T &lt;script&gt;');
    expect(html.match(/<svg /g)).toHaveLength(4);
    for (const label of ['ROC curve', 'KS chart', 'Calibration', 'Feature importance']) expect(html).toContain(`aria-label="${label}"`);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // offline: no external resources
  });
  it('model card states metrics, exclusions and the COL-85 / PIPL art 24 governance', () => {
    const model = trainModel('scorecard', data.x, data.y);
    const cv = crossValidate('scorecard', data.x, data.y, { folds: 3, seed: 1 }).summary;
    const md = renderModelCard({
      format: 'recourse-risk-model/1', version: 'scorecard-1', kind: 'scorecard', target: 'y', featureNames: model.featureNames, excludedProtected: ['SEX'],
      trainedAt: 'now', trainedBy: 'me', dataSha256: 'ff', trainingRows: 1500, defaultRate: 0.3, trainMs: 5, cv, model,
    });
    expect(md).toContain('# Model card — scorecard-1');
    expect(md).toContain('`SEX`');
    expect(md).toContain(cv.auc.mean.toFixed(4));
    expect(md).toMatch(/PIPL art 24/);
  });
});

describe('PSI exact values', () => {
  it('hand-computed PSI for a binary feature moving from 50/50 to 25/75', () => {
    const r = populationStabilityIndex([0, 0, 1, 1], [0, 1, 1, 1], 2);
    const expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5);
    expect(r.psi).toBeCloseTo(expected, 12);
    expect(r.status).toBe('significant');
    expect(r.bins.map((b) => [b.expectedShare, b.actualShare])).toEqual([[0.5, 0.25], [0.5, 0.75]]);
  });
  it('missing values form their own bin', () => {
    const r = populationStabilityIndex([1, 2, 3, 4], [1, 2, NaN, NaN], 2);
    expect(r.bins.at(-1)).toMatchObject({ expectedShare: 0, actualShare: 0.5 });
    expect(r.psi).toBeGreaterThan(0.25);
  });
});
