// Background risk runs with progress (risk.runs): training a model on the SYNTHETIC demo data (generator →
// features → stratified CV → fit on 80 % → charts on the 20 % hold-out → registry), and batch feature computation
// for every open case of a tenant. Evaluation charts (ROC, KS, calibration, importance) are stored as JSON with the
// model version, with a training reference sample of its most important features for PSI drift reports.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { one, rows, sql, withTenant, type Database, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { defineJob } from '../../platform/jobs/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { searchCases } from '../cases/index.js';
import type { Dataset } from './dataset.js';
import { takeLabels, takeRows } from './dataset.js';
import { crossValidate } from './evaluate.js';
import { computeFeatures, FEATURE_NAMES } from './features.js';
import { auc, calibrationBins, gini, ks, rocCurve, stratifiedKFold } from './metrics.js';
import { featureImportance, modelVersion, predictModel, trainModel, type ModelBundle, type ModelKind } from './model.js';
import { populationStabilityIndex, type DriftStatus } from './drift.js';
import { registerModelVersion } from './registry.js';
import { generateSyntheticDebtor } from './synthetic.js';
import { createRng } from './random.js';
import { computeCaseFeatures, listStoredFeatures } from './workflow.js';
import { riskError } from './errors.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export const TrainParams = z.strictObject({
  kind: z.enum(['gbdt', 'scorecard']),
  rows: z.number().int().min(500).max(20000).default(3000),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
});
export type TrainParams = z.infer<typeof TrainParams>;

export interface RunView {
  id: string;
  kind: 'train' | 'features';
  status: 'queued' | 'running' | 'done' | 'failed';
  stage: string;
  total: number;
  processed: number;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

function toRun(r: Record<string, unknown>): RunView {
  return {
    id: r.id as string, kind: r.kind as RunView['kind'], status: r.status as RunView['status'], stage: r.stage as string, total: Number(r.total), processed: Number(r.processed),
    params: json(r.params), result: r.result ? json(r.result) : null, error: (r.error as string | null) ?? null, createdBy: r.created_by as string, createdAt: iso(r.created_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
  };
}

/** Create a queued run (the route then sends the job). */
export async function createRun(tx: Tx, kind: 'train' | 'features', params: Record<string, unknown>, createdBy: string): Promise<RunView> {
  const id = newId('rrun');
  const r = await one<Record<string, unknown>>(tx, sql`INSERT INTO risk.runs (tenant_id, id, kind, status, params, created_by) VALUES (${TENANT}, ${id}, ${kind}, 'queued', ${JSON.stringify(params)}::jsonb, ${createdBy}) RETURNING *`);
  return toRun(r!);
}

/** A run with its progress. Throws RISK_RUN_NOT_FOUND. */
export async function getRun(tx: Tx, id: string): Promise<RunView> {
  const r = await one<Record<string, unknown>>(tx, sql`SELECT * FROM risk.runs WHERE id = ${id}`);
  if (!r) throw riskError('RISK_RUN_NOT_FOUND', { detail: id });
  return toRun(r);
}

/** Latest runs, newest first. */
export async function listRuns(tx: Tx, limit = 20): Promise<RunView[]> {
  return (await rows<Record<string, unknown>>(tx, sql`SELECT * FROM risk.runs ORDER BY created_at DESC, id DESC LIMIT ${limit}`)).map(toRun);
}

type Progress = { stage?: string; total?: number; processed?: number; status?: RunView['status'] };
function progress(db: Database, tenantId: string, id: string) {
  return (p: Progress) =>
    withTenant(db, tenantId, (tx) =>
      tx.execute(sql`UPDATE risk.runs SET stage = COALESCE(${p.stage ?? null}, stage), total = COALESCE(${p.total ?? null}::int, total),
        processed = COALESCE(${p.processed ?? null}::int, processed), status = COALESCE(${p.status ?? null}, status) WHERE id = ${id}`),
    );
}

async function finish(db: Database, tenantId: string, id: string, status: 'done' | 'failed', result: Record<string, unknown> | null, error: string | null) {
  await withTenant(db, tenantId, (tx) => tx.execute(sql`UPDATE risk.runs SET status = ${status}, stage = ${status}, result = ${result ? JSON.stringify(result) : null}::jsonb, error = ${error}, finished_at = now() WHERE id = ${id}`));
}

/** Claim a queued run (queued → running); null when it is not queued any more (a second delivery of the job). */
async function claim(db: Database, tenantId: string, id: string): Promise<RunView | null> {
  return withTenant(db, tenantId, async (tx) => {
    const r = await one<Record<string, unknown>>(tx, sql`UPDATE risk.runs SET status = 'running', stage = 'starting' WHERE id = ${id} AND status = 'queued' RETURNING *`);
    return r ? toRun(r) : null;
  });
}

const yieldLoop = () => new Promise<void>((r) => setImmediate(r));

// ------------------------------------------------------------------ charts

export interface ModelCharts {
  holdoutRows: number;
  holdout: { auc: number; ks: number; gini: number };
  roc: { fpr: number; tpr: number }[];
  ks: { population: number; bad: number; good: number }[];
  calibration: { meanPredicted: number; observedRate: number; count: number }[];
  importance: { feature: string; importance: number }[];
}

/** Chart data from hold-out probabilities: ROC (≤ 101 points), KS curves by population share, calibration deciles, importance. */
export function buildCharts(p: ArrayLike<number>, y: ArrayLike<number>, importance: { feature: string; importance: number }[]): ModelCharts {
  const roc = rocCurve(p, y);
  const nPos = Array.from(y).filter((v) => v === 1).length;
  const nNeg = y.length - nPos;
  const pick = <T>(xs: T[], n: number) => (xs.length <= n ? xs : Array.from({ length: n }, (_, k) => xs[Math.round((k * (xs.length - 1)) / (n - 1))]));
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    holdoutRows: y.length,
    holdout: { auc: r4(auc(p, y)), ks: r4(ks(p, y)), gini: r4(gini(p, y)) },
    roc: pick(roc, 101).map((q) => ({ fpr: r4(q.fpr), tpr: r4(q.tpr) })),
    ks: pick(roc, 101).map((q) => ({ population: r4((q.tpr * nPos + q.fpr * nNeg) / y.length), bad: r4(q.tpr), good: r4(q.fpr) })),
    calibration: calibrationBins(p, y, 10).map((b) => ({ meanPredicted: r4(b.meanPredicted), observedRate: r4(b.observedRate), count: b.count })),
    importance: importance.slice(0, 20).map((i) => ({ feature: i.feature, importance: r4(i.importance) })),
  };
}

/** Stored charts of a version. Throws RISK_CHARTS_NOT_FOUND (e.g. a model registered from the CLI). */
export async function getModelCharts(tx: Tx, version: string): Promise<ModelCharts> {
  const r = await one<{ charts: unknown }>(tx, sql`SELECT charts FROM risk.model_charts WHERE version = ${version}`);
  if (!r) throw riskError('RISK_CHARTS_NOT_FOUND', { detail: version });
  return json(r.charts);
}

export interface FeatureDrift {
  feature: string;
  psi: number;
  status: DriftStatus;
  bins: { upper: string; expectedShare: number; actualShare: number }[];
}

/**
 * PSI drift of a model version: its training reference sample of the most important features against the tenant's
 * stored case feature snapshots (risk.case_features, filled by assessments and the batch run). Most drifted first.
 * Throws RISK_CHARTS_NOT_FOUND when the version has no reference sample.
 */
export async function modelDrift(tx: Tx, version: string): Promise<{ version: string; currentRows: number; referenceRows: number; worst: DriftStatus | null; features: FeatureDrift[] }> {
  const r = await one<{ reference: unknown }>(tx, sql`SELECT reference FROM risk.model_charts WHERE version = ${version}`);
  if (!r) throw riskError('RISK_CHARTS_NOT_FOUND', { detail: version });
  const ref = json<Record<string, (number | null)[]>>(r.reference);
  const names = Object.keys(ref);
  const cur = await listStoredFeatures(tx, names);
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  const features: FeatureDrift[] = cur.rows === 0 ? [] : names.map((n) => {
    const res = populationStabilityIndex(ref[n].map((v) => (v === null ? NaN : v)), cur.columns[n]);
    return {
      feature: n, psi: r4(res.psi), status: res.status,
      bins: res.bins.map((b) => ({ upper: Number.isNaN(b.hi) ? 'missing' : b.hi === Infinity ? '+inf' : String(r4(b.hi)), expectedShare: r4(b.expectedShare), actualShare: r4(b.actualShare) })),
    };
  }).sort((a, b) => b.psi - a.psi);
  const worst = features.length === 0 ? null : features.some((f) => f.status === 'significant') ? 'significant' : features.some((f) => f.status === 'moderate') ? 'moderate' : 'stable';
  return { version, currentRows: cur.rows, referenceRows: ref[names[0]]?.length ?? 0, worst, features };
}

// ------------------------------------------------------------------ training on the synthetic demo data

/** Train, evaluate and register a model on SYNTHETIC debtors (the job body). Returns the registered version. */
export async function runTraining(db: Database, tenantId: string, runId: string): Promise<string | null> {
  const run = await claim(db, tenantId, runId);
  if (!run) return null;
  const set = progress(db, tenantId, runId);
  try {
    const p = TrainParams.parse(run.params);
    const n = p.rows;
    await set({ stage: 'features', total: n, processed: 0 });
    const rng = createRng(p.seed);
    const F = FEATURE_NAMES.length;
    const columns = FEATURE_NAMES.map(() => new Float64Array(n));
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const d = generateSyntheticDebtor(rng, i);
      const f = computeFeatures(d.input);
      for (let j = 0; j < F; j++) columns[j][i] = f[j];
      y[i] = d.outcome;
      if ((i + 1) % 250 === 0 || i === n - 1) {
        await set({ processed: i + 1 });
        await yieldLoop();
      }
    }
    const x: Dataset = { names: [...FEATURE_NAMES], columns, nRows: n };
    const h = createHash('sha256');
    for (const c of columns) h.update(new Uint8Array(c.buffer));
    h.update(y);
    const sha = h.digest('hex');
    const kind: ModelKind = p.kind;
    const params = kind === 'gbdt' ? { nEstimators: 200 } : {};
    await set({ stage: 'cross-validation', total: 3, processed: 0 });
    let done = 0;
    const pending: Promise<unknown>[] = [];
    const cv = crossValidate(kind, x, y, { folds: 3, seed: p.seed, params, onFold: () => void pending.push(set({ processed: ++done })) });
    await Promise.all(pending);
    await set({ stage: 'training', processed: 3 });
    const fold = stratifiedKFold(y, 5, p.seed);
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === 0 ? te : tr).push(i);
    const xtr = takeRows(x, tr);
    const ytr = takeLabels(y, tr);
    const t0 = performance.now();
    const model = trainModel(kind, xtr, ytr, params);
    const trainMs = performance.now() - t0;
    const xte = takeRows(x, te);
    const yte = takeLabels(y, te);
    const pte = predictModel(model, xte);
    const importance = featureImportance(model, kind === 'gbdt' ? xte : undefined);
    const charts = buildCharts(pte, yte, importance);
    // reference sample for drift: the 15 most important features, ≤ 1000 training rows
    const refRows = tr.slice(0, 1000);
    const reference: Record<string, (number | null)[]> = {};
    for (const { feature } of importance.slice(0, 15)) {
      const col = x.columns[x.names.indexOf(feature)];
      reference[feature] = refRows.map((i) => (Number.isNaN(col[i]) ? null : Math.round(col[i] * 1e6) / 1e6));
    }
    await set({ stage: 'registering' });
    const now = new Date();
    const bundle: ModelBundle = {
      format: 'recourse-risk-model/1', version: modelVersion(kind, now, sha), kind, target: 'synthetic_outcome_90d', featureNames: model.featureNames, excludedProtected: [],
      trainedAt: now.toISOString(), trainedBy: run.createdBy, dataSha256: sha, trainingRows: tr.length, defaultRate: ytr.reduce((a, v) => a + v, 0) / ytr.length, trainMs, cv: cv.summary, model,
    };
    const version = await withTenant(db, tenantId, async (tx) => {
      const s = await registerModelVersion(tx, bundle, run.createdBy);
      await tx.execute(sql`INSERT INTO risk.model_charts (tenant_id, version, charts, reference) VALUES (${TENANT}, ${s.version}, ${JSON.stringify(charts)}::jsonb, ${JSON.stringify(reference)}::jsonb)`);
      return s.version;
    });
    await finish(db, tenantId, runId, 'done', { version, cvAuc: cv.summary.auc.mean, holdoutAuc: charts.holdout.auc, trainMs: Math.round(trainMs), synthetic: true, rows: n, dataSha256: sha }, null);
    return version;
  } catch (e) {
    await finish(db, tenantId, runId, 'failed', null, (e as Error).message.slice(0, 500));
    return null;
  }
}

// ------------------------------------------------------------------ batch features for every open case

/** Compute and store features of every open case of the tenant (the job body), with progress. */
export async function runFeatureBatch(db: Database, keys: DebtorKeys, tenantId: string, runId: string): Promise<number> {
  const run = await claim(db, tenantId, runId);
  if (!run) return 0;
  const set = progress(db, tenantId, runId);
  try {
    const ids: string[] = [];
    await withTenant(db, tenantId, async (tx) => {
      for (let offset = 0; ; offset += 1000) {
        const page = await searchCases(tx, keys, { limit: 1000, offset });
        ids.push(...page.items.filter((c) => c.stage !== 'closed').map((c) => c.id));
        if (page.items.length < 1000) break;
      }
    });
    await set({ stage: 'features', total: ids.length, processed: 0 });
    let done = 0;
    let failed = 0;
    for (let k = 0; k < ids.length; k += 50) {
      await withTenant(db, tenantId, async (tx) => {
        for (const id of ids.slice(k, k + 50)) {
          try {
            await computeCaseFeatures(tx, id);
          } catch {
            failed++;
          }
          done++;
        }
      });
      await set({ processed: done });
      await yieldLoop();
    }
    await finish(db, tenantId, runId, 'done', { cases: done - failed, failed, features: FEATURE_NAMES.length }, null);
    return done - failed;
  } catch (e) {
    await finish(db, tenantId, runId, 'failed', null, (e as Error).message.slice(0, 500));
    return 0;
  }
}

export const RunPayload = z.object({ tenantId: z.string().min(1), runId: z.string().min(1) });

/** Job: train a model on the synthetic demo data. */
export const trainJob = defineJob({
  name: 'risk.train', version: 1, payload: RunPayload,
  async handler(p, { db }) {
    await runTraining(db, p.tenantId, p.runId);
  },
});

/** Job: features for every open case of a tenant. */
export function featureBatchJob(deps: { keys: DebtorKeys }) {
  return defineJob({
    name: 'risk.features', version: 1, payload: RunPayload,
    async handler(p, { db }) {
      await runFeatureBatch(db, deps.keys, p.tenantId, p.runId);
    },
  });
}
