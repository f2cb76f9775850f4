// One model format for both learners: a versioned bundle with provenance (data hash, rows, when, who),
// cross-validated metrics and the protected columns that were excluded. Training, scoring and explanations.
import { createHash } from 'node:crypto';
import type { Dataset } from './dataset.js';
import { alignColumns, rowOf } from './dataset.js';
import { assertGbdtModel, predictGbdtProba, trainGbdt, type GbdtModel, type GbdtParams } from './gbdt.js';
import { gbdtReasonCodes, meanAbsShap } from './treeshap.js';
import { assertScorecardModel, predictScorecardProba, scoreScorecardRow, trainScorecard, type ScorecardModel, type ScorecardParams } from './scorecard.js';
import { isProtectedAttributeName } from './features.js';
import { riskError } from './errors.js';

export type ModelKind = 'gbdt' | 'scorecard';
export type RiskModel = GbdtModel | ScorecardModel;

export interface CvSummary {
  folds: number;
  seed: number;
  auc: { mean: number; std: number; min: number; max: number };
  ks: { mean: number; std: number; min: number; max: number };
  gini: { mean: number; std: number; min: number; max: number };
  trainMs: { mean: number; std: number; min: number; max: number };
}

export interface ModelBundle {
  format: 'recourse-risk-model/1';
  version: string;
  kind: ModelKind;
  target: string;
  featureNames: string[];
  excludedProtected: string[];
  trainedAt: string;
  trainedBy: string;
  dataSha256: string;
  trainingRows: number;
  defaultRate: number;
  trainMs: number;
  cv?: CvSummary;
  model: RiskModel;
}

export interface Explanation {
  feature: string;
  value: number;
  /** gbdt: SHAP log-odds contribution; scorecard: points lost versus the best attribute. */
  impact: number;
  text: string;
}

/** SHA-256 hex of the training data bytes (for the registry and model card). */
export function hashData(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Columns to exclude before training: protected attributes (COL-85) unless explicitly allowed, plus `drop`.
 * Returns kept data and the excluded protected names.
 */
export function excludeProtected(x: Dataset, allowProtected = false, drop: readonly string[] = []): { x: Dataset; excluded: string[] } {
  const excluded: string[] = [];
  const names: string[] = [];
  const columns: Float64Array[] = [];
  x.names.forEach((n, j) => {
    if (drop.includes(n)) return;
    if (!allowProtected && isProtectedAttributeName(n)) {
      excluded.push(n);
      return;
    }
    names.push(n);
    columns.push(x.columns[j]);
  });
  return { x: { names, columns, nRows: x.nRows }, excluded };
}

/** Train either learner. */
export function trainModel(kind: ModelKind, x: Dataset, y: ArrayLike<number>, params: Partial<GbdtParams & ScorecardParams> = {}): RiskModel {
  return kind === 'gbdt' ? trainGbdt(x, y, params) : trainScorecard(x, y, params);
}

/** Default probabilities for rows of `x` (columns matched by name). Throws RISK_FEATURE_MISMATCH. */
export function predictModel(model: RiskModel, x: Dataset): Float64Array {
  const a = alignColumns(x, model.featureNames);
  return model.kind === 'gbdt' ? predictGbdtProba(model, a) : predictScorecardProba(model, a);
}

/** Reason codes for row i of `x` (COL-85 explanation): the top factors raising this debtor's estimated risk. */
export function explainRow(model: RiskModel, x: Dataset, i: number, topN = 4): Explanation[] {
  const row = rowOf(alignColumns(x, model.featureNames), i);
  if (model.kind === 'gbdt') {
    return gbdtReasonCodes(model, row, topN).map((r) => ({
      feature: r.feature,
      value: r.value,
      impact: r.contribution,
      text: `${r.feature} = ${r.value} raises the log-odds of default by ${r.contribution.toFixed(3)}`,
    }));
  }
  return scoreScorecardRow(model, row, topN).reasons.map((r) => ({
    feature: r.feature,
    value: r.value,
    impact: r.pointsLost,
    text: `${r.feature} = ${r.value} (attribute ${r.attribute}) scores ${r.pointsLost} points below the best attribute`,
  }));
}

/** Global importance per feature: mean |SHAP| for gbdt (on `x`), |coefficient|·IV-weighted spread of points for scorecards. */
export function featureImportance(model: RiskModel, x?: Dataset): { feature: string; importance: number }[] {
  let imp: number[];
  if (model.kind === 'gbdt') {
    imp = x ? meanAbsShap(model, alignColumns(x, model.featureNames), 1000) : model.gainImportance.slice();
  } else {
    imp = model.characteristics.map((c) => Math.max(...c.points) - Math.min(...c.points));
  }
  return model.featureNames.map((feature, j) => ({ feature, importance: imp[j] })).sort((a, b) => b.importance - a.importance);
}

/** Parse and validate a model bundle from JSON text. Throws RISK_MODEL_INVALID. */
export function parseModelBundle(text: string): ModelBundle {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw riskError('RISK_MODEL_INVALID', { detail: 'not JSON' });
  }
  const b = obj as Partial<ModelBundle>;
  if (b.format !== 'recourse-risk-model/1' || !b.model) throw riskError('RISK_MODEL_INVALID', { detail: 'unknown model format' });
  if (b.model.kind === 'gbdt') assertGbdtModel(b.model);
  else assertScorecardModel(b.model);
  return b as ModelBundle;
}

/** Model version string: `<kind>-<yyyymmddHHMMss>-<first 8 hex of the data hash>`. */
export function modelVersion(kind: ModelKind, at: Date, dataSha256: string): string {
  return `${kind}-${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${dataSha256.slice(0, 8)}`;
}
