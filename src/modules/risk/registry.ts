// Model registry use cases (tables in migrations/0700_risk_model_registry.sql). All take a tenant-scoped `tx`
// (withTenant); tenant_id comes from the transaction's app.tenant_id and RLS enforces it. Scores are append-only
// with their model version and reason codes so a debtor's explanation request (PIPL art 24) can be answered later.
import { createHash } from 'node:crypto';
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId, randomToken } from '../../platform/ids.js';
import type { Dataset } from './dataset.js';
import { explainRow, featureImportance, parseModelBundle, predictModel, type CvSummary, type Explanation, type ModelBundle } from './model.js';
import { predictScorecardPoints } from './scorecard.js';
import { alignColumns } from './dataset.js';
import { renderModelCard } from './model-card.js';
import { riskError } from './errors.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;

export interface ModelVersionSummary {
  version: string;
  kind: 'gbdt' | 'scorecard';
  target: string;
  dataSha256: string;
  trainingRows: number;
  featureNames: string[];
  excludedProtected: string[];
  metrics: CvSummary | null;
  trainedBy: string;
  trainedAt: string;
  registeredBy: string;
  registeredAt: string;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function toSummary(r: Record<string, unknown>): ModelVersionSummary {
  return {
    version: r.version as string,
    kind: r.kind as 'gbdt' | 'scorecard',
    target: r.target as string,
    dataSha256: r.data_sha256 as string,
    trainingRows: Number(r.training_rows),
    featureNames: r.feature_names as string[],
    excludedProtected: r.excluded_protected as string[],
    metrics: ((typeof r.metrics === 'string' ? JSON.parse(r.metrics) : r.metrics) ?? null) as CvSummary | null,
    trainedBy: r.trained_by as string,
    trainedAt: iso(r.trained_at),
    registeredBy: r.registered_by as string,
    registeredAt: iso(r.registered_at),
  };
}

const SUMMARY_COLS = sql`version, kind, target, data_sha256, training_rows, feature_names, excluded_protected, metrics, trained_by, trained_at, registered_by, registered_at`;

/** Register an immutable model version (with its model card). Throws RISK_MODEL_VERSION_EXISTS, RISK_MODEL_INVALID. */
export async function registerModelVersion(tx: Tx, bundle: ModelBundle, registeredBy: string): Promise<ModelVersionSummary> {
  const b = parseModelBundle(JSON.stringify(bundle)); // validates shape
  const exists = await one(tx, sql`SELECT 1 AS x FROM risk.model_versions WHERE version = ${b.version}`);
  if (exists) throw riskError('RISK_MODEL_VERSION_EXISTS', { detail: b.version });
  const card = renderModelCard(b, { importance: featureImportance(b.model) });
  const r = await one<Record<string, unknown>>(
    tx,
    sql`INSERT INTO risk.model_versions (tenant_id, version, kind, target, data_sha256, training_rows, feature_names,
          excluded_protected, metrics, bundle, model_card, trained_by, trained_at, registered_by)
        VALUES (${TENANT}, ${b.version}, ${b.kind}, ${b.target}, ${b.dataSha256}, ${b.trainingRows},
          ${sql.raw(pgTextArray(b.featureNames))}, ${sql.raw(pgTextArray(b.excludedProtected))},
          ${b.cv ? JSON.stringify(b.cv) : null}::jsonb, ${JSON.stringify(b)}::jsonb, ${card}, ${b.trainedBy}, ${b.trainedAt}, ${registeredBy})
        RETURNING ${SUMMARY_COLS}`,
  );
  return toSummary(r!);
}

function pgTextArray(xs: readonly string[]): string {
  return `ARRAY[${xs.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

/** All versions of this tenant, newest first. */
export async function listModelVersions(tx: Tx): Promise<ModelVersionSummary[]> {
  return (await rows<Record<string, unknown>>(tx, sql`SELECT ${SUMMARY_COLS} FROM risk.model_versions ORDER BY registered_at DESC, version DESC`)).map(toSummary);
}

/** A stored model bundle. Throws RISK_MODEL_NOT_FOUND. */
export async function getModelBundle(tx: Tx, version: string): Promise<ModelBundle> {
  const r = await one<{ bundle: unknown }>(tx, sql`SELECT bundle FROM risk.model_versions WHERE version = ${version}`);
  if (!r) throw riskError('RISK_MODEL_NOT_FOUND', { detail: version });
  return parseModelBundle(typeof r.bundle === 'string' ? r.bundle : JSON.stringify(r.bundle));
}

/** Markdown model card of a version. Throws RISK_MODEL_NOT_FOUND. */
export async function getModelCard(tx: Tx, version: string): Promise<string> {
  const r = await one<{ model_card: string }>(tx, sql`SELECT model_card FROM risk.model_versions WHERE version = ${version}`);
  if (!r) throw riskError('RISK_MODEL_NOT_FOUND', { detail: version });
  return r.model_card;
}

export interface Deployment {
  championVersion: string;
  challengerVersion: string | null;
  challengerShareBps: number;
  salt: string;
}

/** Current deployment, or null when none is set. */
export async function findDeployment(tx: Tx): Promise<Deployment | null> {
  const r = await one<Record<string, unknown>>(tx, sql`SELECT champion_version, challenger_version, challenger_share_bps, salt FROM risk.deployments`);
  return r
    ? { championVersion: r.champion_version as string, challengerVersion: (r.challenger_version as string | null) ?? null, challengerShareBps: Number(r.challenger_share_bps), salt: r.salt as string }
    : null;
}

/**
 * Set champion and optional challenger with its share of cases (basis points). Keeps the hash salt so existing
 * case assignments stay stable. Throws RISK_MODEL_NOT_FOUND, RISK_BAD_INPUT.
 */
export async function setDeployment(
  tx: Tx,
  input: { championVersion: string; challengerVersion?: string | null; challengerShareBps?: number; reason: string },
  changedBy: string,
): Promise<Deployment> {
  const challenger = input.challengerVersion ?? null;
  const share = challenger ? (input.challengerShareBps ?? 1000) : 0;
  if (!Number.isInteger(share) || share < 0 || share > 10000) throw riskError('RISK_BAD_INPUT', { detail: 'challengerShareBps must be an integer 0–10000' });
  if (challenger === input.championVersion) throw riskError('RISK_BAD_INPUT', { detail: 'challenger must differ from champion' });
  for (const v of [input.championVersion, challenger]) {
    if (v && !(await one(tx, sql`SELECT 1 AS x FROM risk.model_versions WHERE version = ${v}`))) throw riskError('RISK_MODEL_NOT_FOUND', { detail: v });
  }
  const salt = (await findDeployment(tx))?.salt ?? randomToken(12);
  await tx.execute(sql`INSERT INTO risk.deployments (tenant_id, champion_version, challenger_version, challenger_share_bps, salt, updated_by)
      VALUES (${TENANT}, ${input.championVersion}, ${challenger}, ${share}, ${salt}, ${changedBy})
      ON CONFLICT (tenant_id) DO UPDATE SET champion_version = EXCLUDED.champion_version, challenger_version = EXCLUDED.challenger_version,
        challenger_share_bps = EXCLUDED.challenger_share_bps, updated_by = EXCLUDED.updated_by, updated_at = now()`);
  await tx.execute(sql`INSERT INTO risk.deployment_events (tenant_id, id, champion_version, challenger_version, challenger_share_bps, reason, changed_by)
      VALUES (${TENANT}, ${newId('rde')}, ${input.championVersion}, ${challenger}, ${share}, ${input.reason}, ${changedBy})`);
  return { championVersion: input.championVersion, challengerVersion: challenger, challengerShareBps: share, salt };
}

/** Deterministic arm for a case: SHA-256(salt:caseId) mod 10000 < share → challenger. Pure. */
export function assignArm(caseId: string, d: Deployment): { arm: 'champion' | 'challenger'; version: string } {
  if (!d.challengerVersion || d.challengerShareBps <= 0) return { arm: 'champion', version: d.championVersion };
  const h = createHash('sha256').update(`${d.salt}:${caseId}`).digest();
  const bucket = h.readUInt32BE(0) % 10000;
  return bucket < d.challengerShareBps ? { arm: 'challenger', version: d.challengerVersion } : { arm: 'champion', version: d.championVersion };
}

export interface CaseScore {
  scoreId: string;
  caseId: string;
  modelVersion: string;
  arm: 'champion' | 'challenger';
  pd: number;
  points: number | null;
  reasons: Explanation[];
}

/**
 * Score a case with the deployed model for its arm and store the score with reason codes (append-only).
 * `features` maps feature name → value. Throws RISK_MODEL_NOT_FOUND (no deployment), RISK_FEATURE_MISMATCH.
 */
export async function scoreCase(tx: Tx, caseId: string, features: Record<string, number>, topReasons = 4): Promise<CaseScore> {
  const d = await findDeployment(tx);
  if (!d) throw riskError('RISK_MODEL_NOT_FOUND', { detail: 'no model deployed for this tenant' });
  const { arm, version } = assignArm(caseId, d);
  const bundle = await getModelBundle(tx, version);
  const names = Object.keys(features);
  const x: Dataset = { names, columns: names.map((n) => Float64Array.of(features[n])), nRows: 1 };
  const pd = predictModel(bundle.model, x)[0];
  const points = bundle.model.kind === 'scorecard' ? predictScorecardPoints(bundle.model, alignColumns(x, bundle.model.featureNames))[0] : null;
  const reasons = explainRow(bundle.model, x, 0, topReasons);
  const scoreId = newId('rsc');
  await tx.execute(sql`INSERT INTO risk.case_scores (tenant_id, id, case_id, model_version, arm, pd, points, reasons)
      VALUES (${TENANT}, ${scoreId}, ${caseId}, ${version}, ${arm}, ${pd}, ${points}, ${JSON.stringify(reasons)}::jsonb)`);
  return { scoreId, caseId, modelVersion: version, arm, pd, points, reasons };
}

/** Scores of a case, newest first; throws RISK_CASE_NOT_SCORED when there is none (the explanation trail). */
export async function getCaseScores(tx: Tx, caseId: string): Promise<(CaseScore & { scoredAt: string })[]> {
  const s = await listCaseScores(tx, caseId);
  if (s.length === 0) throw riskError('RISK_CASE_NOT_SCORED', { detail: caseId });
  return s;
}

/** Scores of a case, newest first (empty when none). */
export async function listCaseScores(tx: Tx, caseId: string): Promise<(CaseScore & { scoredAt: string })[]> {
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT id, case_id, model_version, arm, pd, points, reasons, scored_at FROM risk.case_scores WHERE case_id = ${caseId} ORDER BY scored_at DESC, id DESC`);
  return rs.map((r) => ({
    scoreId: r.id as string,
    caseId: r.case_id as string,
    modelVersion: r.model_version as string,
    arm: r.arm as 'champion' | 'challenger',
    pd: Number(r.pd),
    points: r.points === null ? null : Number(r.points),
    reasons: (typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons) as Explanation[],
    scoredAt: iso(r.scored_at),
  }));
}

export interface ReviewRequest {
  id: string;
  caseId: string;
  scoreId: string | null;
  requesterKind: 'debtor' | 'staff';
  requestedBy: string;
  reason: string;
  status: 'open' | 'resolved';
  resolution: string | null;
}

/**
 * File a request for explanation / human review of an automated decision (COL-85, PIPL art 24). The case must have
 * a stored score (and `scoreId`, when given, must be one of its scores). Throws RISK_BAD_INPUT, RISK_CASE_NOT_SCORED.
 */
export async function requestHumanReview(
  tx: Tx,
  input: { caseId: string; scoreId?: string | null; requesterKind: 'debtor' | 'staff'; requestedBy: string; reason: string },
): Promise<ReviewRequest> {
  if (!input.reason.trim()) throw riskError('RISK_BAD_INPUT', { detail: 'reason is required' });
  const scored = input.scoreId
    ? await one(tx, sql`SELECT 1 AS x FROM risk.case_scores WHERE case_id = ${input.caseId} AND id = ${input.scoreId}`)
    : await one(tx, sql`SELECT 1 AS x FROM risk.case_scores WHERE case_id = ${input.caseId} LIMIT 1`);
  if (!scored) throw riskError('RISK_CASE_NOT_SCORED', { detail: input.caseId });
  const id = newId('rrv');
  await tx.execute(sql`INSERT INTO risk.review_requests (tenant_id, id, case_id, score_id, requester_kind, requested_by, reason)
      VALUES (${TENANT}, ${id}, ${input.caseId}, ${input.scoreId ?? null}, ${input.requesterKind}, ${input.requestedBy}, ${input.reason})`);
  return { id, caseId: input.caseId, scoreId: input.scoreId ?? null, requesterKind: input.requesterKind, requestedBy: input.requestedBy, reason: input.reason, status: 'open', resolution: null };
}

/** Resolve an open review request with the reviewer's decision. Throws RISK_REVIEW_NOT_FOUND. */
export async function resolveHumanReview(tx: Tx, id: string, resolution: string, resolvedBy: string): Promise<void> {
  const r = await rows(tx, sql`UPDATE risk.review_requests SET status = 'resolved', resolution = ${resolution}, resolved_by = ${resolvedBy}, resolved_at = now()
      WHERE id = ${id} AND status = 'open' RETURNING id`);
  if (r.length === 0) throw riskError('RISK_REVIEW_NOT_FOUND', { detail: id });
}

/** Open review requests, oldest first. */
export async function listOpenReviews(tx: Tx): Promise<ReviewRequest[]> {
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT id, case_id, score_id, requester_kind, requested_by, reason, status, resolution FROM risk.review_requests WHERE status = 'open' ORDER BY created_at, id`);
  return rs.map((r) => ({
    id: r.id as string,
    caseId: r.case_id as string,
    scoreId: (r.score_id as string | null) ?? null,
    requesterKind: r.requester_kind as 'debtor' | 'staff',
    requestedBy: r.requested_by as string,
    reason: r.reason as string,
    status: r.status as 'open' | 'resolved',
    resolution: (r.resolution as string | null) ?? null,
  }));
}
