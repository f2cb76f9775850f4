// HTTP adapter of the risk module: model registry reads, champion/challenger deployment, collection-plan
// proposals, the explanation trail of a case and human-review requests (COL-85 / PIPL art 24).
// Zod in and out; money as decimal strings; no rules here — everything is a use case call.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { commonError } from '../../platform/errors.js';
import { formatYuan, parseYuan } from '../../platform/money.js';
import type { Role } from '../../platform/tenancy.js';
import type { Tx } from '../../platform/db/index.js';
import { getCase, getCreditor } from '../cases/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { assessCase, decidePlan, getCaseRisk, getCreditorPolicy, importBankStatement, listBankStatements, setCreditorPolicy } from './workflow.js';
import { createRun, featureBatchJob, getModelCharts, getRun, listRuns, modelDrift, trainJob } from './runs.js';
import { findDeployment } from './registry.js';
import { CONTACT_CHANNELS } from './feature-inputs.js';
import { proposeCollectionPlan } from './plan.js';
import { getModelCard, getCaseScores, listModelVersions, listOpenReviews, requestHumanReview, resolveHumanReview, setDeployment } from './registry.js';

const Money = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'a decimal amount in yuan, e.g. "1234.50"');
const Version = z.string().regex(/^[a-z]+-[0-9]{14}-[0-9a-f]{8}$/);
const CaseParam = z.strictObject({ caseId: z.string().min(1).max(80) });
const Stat = z.object({ mean: z.number(), std: z.number(), min: z.number(), max: z.number() });

const ModelOut = z.object({
  version: z.string(), kind: z.enum(['gbdt', 'scorecard']), target: z.string(), dataSha256: z.string(), trainingRows: z.number(),
  featureNames: z.array(z.string()), excludedProtected: z.array(z.string()),
  metrics: z.object({ folds: z.number(), seed: z.number(), auc: Stat, ks: Stat, gini: Stat, trainMs: Stat }).nullable(),
  trainedBy: z.string(), trainedAt: z.string(), registeredBy: z.string(), registeredAt: z.string(),
});

export const ProposePlanInput = z.strictObject({
  caseId: z.string().min(1).max(80),
  pd: z.number().min(0).max(1),
  modelReasons: z.array(z.string().max(200)).max(10).optional(),
  balance: Money,
  dpd: z.number().int().min(0).max(36500),
  contactability: z.strictObject({
    reachRate: z.number().min(0).max(1),
    consecutiveFailed: z.number().int().min(0),
    invalidNumber: z.boolean(),
    channels: z.array(z.enum(CONTACT_CHANNELS)),
    preferredHour: z.number().int().min(0).max(23).optional(),
  }),
  creditor: z.strictObject({ maxDiscountBps: z.number().int().min(0).max(10000), allowLegalAction: z.boolean(), minLegalBalance: Money }),
  limitationDaysLeft: z.number().int().nullable(),
  vulnerable: z.boolean(),
  caps: z
    .strictObject({
      voiceConversationsPerDay: z.number().int().min(0), dialAttemptsPerDay: z.number().int().min(0), messagesPerDay: z.number().int().min(0),
      messagesPer7Days: z.number().int().min(0), allowedFromHour: z.number().int().min(0).max(23), allowedToHour: z.number().int().min(1).max(24),
    })
    .partial()
    .optional(),
});
export type ProposePlanInput = z.infer<typeof ProposePlanInput>;

const PlanOut = z.object({
  caseId: z.string(), status: z.literal('proposed'), requiresHumanReview: z.literal(true), segment: z.enum(['low', 'medium', 'high', 'very_high']),
  steps: z.array(z.object({ day: z.number(), channel: z.enum(CONTACT_CHANNELS), attempts: z.number(), fromHour: z.number(), toHour: z.number(), purpose: z.string() })),
  caps: z.record(z.string(), z.number()),
  settlement: z.object({ min: z.string(), max: z.string(), minDiscountBps: z.number(), maxDiscountBps: z.number(), reasons: z.array(z.string()) }),
  recommendations: z.array(z.object({ kind: z.string(), reasons: z.array(z.string()), rules: z.array(z.string()) })),
  explanation: z.array(z.string()),
  review: z.object({ requestPath: z.string(), note: z.string() }),
});

const ReviewOut = z.object({
  id: z.string(), caseId: z.string(), scoreId: z.string().nullable(), requesterKind: z.enum(['debtor', 'staff']), requestedBy: z.string(),
  reason: z.string(), status: z.enum(['open', 'resolved']), resolution: z.string().nullable(),
});
const ScoreOut = z.object({
  scoreId: z.string(), caseId: z.string(), modelVersion: z.string(), arm: z.enum(['champion', 'challenger']), pd: z.number(), points: z.number().nullable(),
  reasons: z.array(z.object({ feature: z.string(), value: z.number().nullable(), impact: z.number(), text: z.string() })), scoredAt: z.string(),
});

const STAFF: readonly Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const GOVERNANCE: readonly Role[] = ['tenant_admin', 'compliance_officer'];

/** A debtor may act only on the case they signed in with (their portal subject). */
/** The case must exist in the caller's tenant (CASES_NOT_FOUND otherwise); a debtor sees only the case they signed in with. */
async function assertCaseVisible(tx: Tx, role: Role, subject: string | undefined, caseId: string): Promise<void> {
  const c = await getCase(tx, caseId);
  if (role === 'debtor' && subject !== c.ref) throw commonError('FORBIDDEN', { detail: 'debtors may only see their own case' });
}

/** What the risk routes use: the job queue (training and batch feature runs) and the debtor keys (case search). */
export interface RiskRoutesDeps {
  queue?: JobQueue;
  keys?: DebtorKeys;
}

const ReasonOut = z.object({ feature: z.string(), value: z.number().nullable(), impact: z.number(), text: z.string() });
const StoredPlanOut = z.object({
  planId: z.string(), caseId: z.string(), scoreId: z.string(), status: z.enum(['proposed', 'accepted', 'rejected']),
  plan: PlanOut.omit({ caps: true }).extend({
    caps: z.object({ voiceConversationsPerDay: z.number(), dialAttemptsPerDay: z.number(), messagesPerDay: z.number(), messagesPer7Days: z.number(), allowedFromHour: z.number(), allowedToHour: z.number() }),
  }),
  inputs: z.object({
    pd: z.number(), balance: z.string(), dpd: z.number(), reachRate: z.number(), channels: z.array(z.string()), maxDiscountBps: z.number(),
    creditorPolicyDefault: z.boolean(), limitationDaysLeft: z.number().nullable(),
  }),
  proposedBy: z.string(), proposedAt: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(),
});
const DeploymentOut = z.object({ championVersion: z.string(), challengerVersion: z.string().nullable(), challengerShareBps: z.number() });
const CaseRiskOut = z.object({ score: ScoreOut.nullable(), plan: StoredPlanOut.nullable(), deployment: DeploymentOut.nullable(), openReviewRequests: z.number() });
const RunOut = z.object({
  id: z.string(), kind: z.enum(['train', 'features']), status: z.enum(['queued', 'running', 'done', 'failed']), stage: z.string(), total: z.number(), processed: z.number(),
  params: z.record(z.string(), z.unknown()), result: z.record(z.string(), z.unknown()).nullable(), error: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), finishedAt: z.string().nullable(),
});
const ChartsOut = z.object({
  holdoutRows: z.number(), holdout: z.object({ auc: z.number(), ks: z.number(), gini: z.number() }),
  roc: z.array(z.object({ fpr: z.number(), tpr: z.number() })), ks: z.array(z.object({ population: z.number(), bad: z.number(), good: z.number() })),
  calibration: z.array(z.object({ meanPredicted: z.number(), observedRate: z.number(), count: z.number() })), importance: z.array(z.object({ feature: z.string(), importance: z.number() })),
});
const DriftOut = z.object({
  version: z.string(), currentRows: z.number(), referenceRows: z.number(), worst: z.enum(['stable', 'moderate', 'significant']).nullable(),
  features: z.array(z.object({ feature: z.string(), psi: z.number(), status: z.enum(['stable', 'moderate', 'significant']), bins: z.array(z.object({ upper: z.string(), expectedShare: z.number(), actualShare: z.number() })) })),
});
const StatementOut = z.object({ id: z.string(), caseId: z.string(), fileSha256: z.string(), txCount: z.number(), from: z.string().nullable(), to: z.string().nullable(), categories: z.record(z.string(), z.number()), importedAt: z.string() });
const PolicyOut = z.object({ creditorId: z.string(), maxDiscountBps: z.number(), allowLegalAction: z.boolean(), minLegalBalance: z.string(), isDefault: z.boolean() });

/** Fastify plugin with the risk routes under /api/v1/risk. */
export async function riskRoutes(app: App, deps: RiskRoutesDeps = {}): Promise<void> {
  const actorOf = (req: Parameters<typeof requirePrincipal>[0]) => {
    const p = requirePrincipal(req);
    return { userId: p.userId, role: p.role, tenantId: p.tenant.id };
  };
  const train = trainJob;
  const features = featureBatchJob({ keys: deps.keys as DebtorKeys });

  app.get('/api/v1/risk/deployment', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Current champion and challenger (null when no model is deployed)', response: { 200: z.object({ deployment: DeploymentOut.nullable() }) } },
  }, async (req) => {
    const d = await req.inTenant((tx) => findDeployment(tx));
    return { deployment: d ? { championVersion: d.championVersion, challengerVersion: d.challengerVersion, challengerShareBps: d.challengerShareBps } : null };
  });

  app.get('/api/v1/risk/models/:version/charts', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Evaluation charts of a version as JSON (ROC, KS, calibration, importance on the hold-out)', params: z.strictObject({ version: Version }), response: { 200: ChartsOut } },
  }, async (req) => req.inTenant((tx) => getModelCharts(tx, req.params.version)));

  app.get('/api/v1/risk/models/:version/drift', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'PSI drift per feature: training reference against the stored case features', params: z.strictObject({ version: Version }), response: { 200: DriftOut } },
  }, async (req) => req.inTenant((tx) => modelDrift(tx, req.params.version)));

  app.post('/api/v1/risk/runs', {
    config: { access: { roles: [...GOVERNANCE] } },
    schema: {
      tags: ['risk'], summary: 'Start a background run: train a model on the SYNTHETIC demo data, or compute features of every open case',
      body: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('train'), model: z.enum(['gbdt', 'scorecard']), rows: z.number().int().min(500).max(20000).optional(), seed: z.number().int().min(0).max(2147483647).optional() }),
        z.strictObject({ kind: z.literal('features') }),
      ]),
      response: { 202: RunOut },
    },
  }, async (req, reply) => {
    const a = actorOf(req);
    const b = req.body;
    const run = await req.inTenant((tx) => (b.kind === 'train' ? createRun(tx, 'train', { kind: b.model, rows: b.rows ?? 3000, seed: b.seed ?? 42 }, a.userId) : createRun(tx, 'features', {}, a.userId)));
    if (deps.queue) await deps.queue.send(b.kind === 'train' ? train : features, { tenantId: a.tenantId, runId: run.id });
    return reply.code(202).send(run);
  });

  app.get('/api/v1/risk/runs', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Latest background runs with progress', response: { 200: z.object({ items: z.array(RunOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listRuns(tx)) }));

  app.get('/api/v1/risk/runs/:id', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'A background run with its progress', params: z.strictObject({ id: z.string().min(1).max(80) }), response: { 200: RunOut } },
  }, async (req) => req.inTenant((tx) => getRun(tx, req.params.id)));

  app.get('/api/v1/risk/cases/:caseId', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Latest score (reason codes, model version, arm) and collection-plan proposal of a case', params: CaseParam, response: { 200: CaseRiskOut } },
  }, async (req) => req.inTenant((tx) => getCaseRisk(tx, req.params.caseId)));

  app.post('/api/v1/risk/cases/:caseId/assess', {
    config: { access: { roles: [...STAFF], scope: 'collection_outsourcing' } },
    schema: {
      tags: ['risk'], summary: 'Score a case with the deployed model and propose a collection plan inside the compliance caps (a proposal, COL-85)',
      params: CaseParam, response: { 201: z.object({ score: ScoreOut, plan: StoredPlanOut }) },
    },
  }, async (req, reply) => {
    const a = actorOf(req);
    return reply.code(201).send(await req.inTenant((tx) => assessCase(tx, req.params.caseId, a)));
  });

  app.post('/api/v1/risk/plans/:planId/decision', {
    config: { access: { roles: [...STAFF] } },
    schema: {
      tags: ['risk'], summary: 'A person accepts or rejects a proposed plan (recorded with audit and evidence, COL-85)',
      params: z.strictObject({ planId: z.string().min(1).max(80) }),
      body: z.strictObject({ decision: z.enum(['accepted', 'rejected']), note: z.string().trim().max(2000).nullable().optional() }),
      response: { 200: StoredPlanOut },
    },
  }, async (req) => {
    const a = actorOf(req);
    return req.inTenant((tx) => decidePlan(tx, req.params.planId, req.body.decision, req.body.note || null, a));
  });

  app.post('/api/v1/risk/cases/:caseId/bank-statements', {
    config: { access: { roles: [...STAFF] } },
    bodyLimit: 6 * 1024 * 1024,
    schema: {
      tags: ['risk'], summary: 'Import a bank-statement CSV for the debtor of a case (zh/en headers; only parsed transactions are kept)',
      params: CaseParam, body: z.strictObject({ csv: z.string().min(1).max(5_000_000) }), response: { 201: StatementOut },
    },
  }, async (req, reply) => {
    const a = actorOf(req);
    return reply.code(201).send(await req.inTenant((tx) => importBankStatement(tx, req.params.caseId, req.body.csv, a)));
  });

  app.get('/api/v1/risk/cases/:caseId/bank-statements', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Bank statements imported for the debtor of a case', params: CaseParam, response: { 200: z.object({ items: z.array(StatementOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listBankStatements(tx, req.params.caseId)) }));

  app.get('/api/v1/risk/creditors/:creditorId/policy', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Settlement policy of a creditor (discount floor, legal action)', params: z.strictObject({ creditorId: z.string().min(1).max(80) }), response: { 200: PolicyOut } },
  }, async (req) => {
    const p = await req.inTenant(async (tx) => {
      await getCreditor(tx, req.params.creditorId);
      return getCreditorPolicy(tx, req.params.creditorId);
    });
    return { creditorId: p.creditorId, maxDiscountBps: p.maxDiscountBps, allowLegalAction: p.allowLegalAction, minLegalBalance: formatYuan(p.minLegalBalanceFen), isDefault: p.isDefault };
  });

  app.put('/api/v1/risk/creditors/:creditorId/policy', {
    config: { access: { roles: [...GOVERNANCE] } },
    schema: {
      tags: ['risk'], summary: 'Set the settlement policy of a creditor (the most a plan may offer off the balance)',
      params: z.strictObject({ creditorId: z.string().min(1).max(80) }),
      body: z.strictObject({ maxDiscountBps: z.number().int().min(0).max(10000), allowLegalAction: z.boolean(), minLegalBalance: Money }),
      response: { 200: PolicyOut },
    },
  }, async (req) => {
    const a = actorOf(req);
    const p = await req.inTenant(async (tx) => {
      await getCreditor(tx, req.params.creditorId);
      return setCreditorPolicy(tx, { creditorId: req.params.creditorId, maxDiscountBps: req.body.maxDiscountBps, allowLegalAction: req.body.allowLegalAction, minLegalBalanceFen: parseYuan(req.body.minLegalBalance) }, a);
    });
    return { creditorId: p.creditorId, maxDiscountBps: p.maxDiscountBps, allowLegalAction: p.allowLegalAction, minLegalBalance: formatYuan(p.minLegalBalanceFen), isDefault: p.isDefault };
  });

  app.get('/api/v1/risk/models', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Registered model versions (metrics, data hash, who, when)', response: { 200: z.object({ items: z.array(ModelOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listModelVersions(tx)) }));

  app.get('/api/v1/risk/models/:version/card', {
    config: { access: { roles: [...STAFF] } },
    schema: { tags: ['risk'], summary: 'Markdown model card of a version', params: z.strictObject({ version: Version }), response: { 200: z.object({ markdown: z.string() }) } },
  }, async (req) => ({ markdown: await req.inTenant((tx) => getModelCard(tx, req.params.version)) }));

  app.put('/api/v1/risk/deployment', {
    config: { access: { roles: [...GOVERNANCE] } },
    schema: {
      tags: ['risk'], summary: 'Set champion and challenger (share in basis points of cases)',
      body: z.strictObject({ championVersion: Version, challengerVersion: Version.nullable().optional(), challengerShareBps: z.number().int().min(0).max(10000).optional(), reason: z.string().trim().min(1).max(500) }),
      response: { 200: z.object({ championVersion: z.string(), challengerVersion: z.string().nullable(), challengerShareBps: z.number() }) },
    },
  }, async (req) => {
    const d = await req.inTenant((tx) => setDeployment(tx, req.body, requirePrincipal(req).userId));
    return { championVersion: d.championVersion, challengerVersion: d.challengerVersion, challengerShareBps: d.challengerShareBps };
  });

  app.post('/api/v1/risk/plans', {
    config: { access: { roles: [...STAFF], scope: 'collection_outsourcing' } },
    schema: { tags: ['risk'], summary: 'Propose a collection plan (a proposal for human review, COL-85)', body: ProposePlanInput, response: { 200: PlanOut } },
  }, async (req) => {
    const b = req.body;
    const plan = proposeCollectionPlan({
      ...b,
      balanceFen: parseYuan(b.balance),
      creditor: { maxDiscountBps: b.creditor.maxDiscountBps, allowLegalAction: b.creditor.allowLegalAction, minLegalBalanceFen: parseYuan(b.creditor.minLegalBalance) },
    });
    const { minFen, maxFen, ...rest } = plan.settlement;
    return { ...plan, caps: { ...plan.caps }, settlement: { ...rest, min: formatYuan(minFen), max: formatYuan(maxFen) } };
  });

  app.post('/api/v1/risk/plans/:caseId/review-requests', {
    config: { access: { roles: [...STAFF, 'debtor'] } },
    schema: {
      tags: ['risk'], summary: 'Ask for an explanation and human review of an automated proposal (PIPL art 24)', params: CaseParam,
      body: z.strictObject({ scoreId: z.string().max(80).nullable().optional(), reason: z.string().trim().min(1).max(2000) }),
      response: { 201: ReviewOut },
    },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const r = await req.inTenant(async (tx) => {
      await assertCaseVisible(tx, p.role, p.subject, req.params.caseId);
      return requestHumanReview(tx, { caseId: req.params.caseId, scoreId: req.body.scoreId ?? null, requesterKind: p.role === 'debtor' ? 'debtor' : 'staff', requestedBy: p.id, reason: req.body.reason });
    });
    return reply.code(201).send(r);
  });

  app.get('/api/v1/risk/cases/:caseId/scores', {
    config: { access: { roles: [...STAFF, 'debtor'] } },
    schema: { tags: ['risk'], summary: 'Scores of a case with model version and reason codes (the explanation trail)', params: CaseParam, response: { 200: z.object({ items: z.array(ScoreOut) }) } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return {
      items: await req.inTenant(async (tx) => {
        await assertCaseVisible(tx, p.role, p.subject, req.params.caseId);
        return getCaseScores(tx, req.params.caseId);
      }),
    };
  });

  app.get('/api/v1/risk/review-requests', {
    config: { access: { roles: [...GOVERNANCE] } },
    schema: { tags: ['risk'], summary: 'Open human-review requests', response: { 200: z.object({ items: z.array(ReviewOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listOpenReviews(tx)) }));

  app.post('/api/v1/risk/review-requests/:id/resolve', {
    config: { access: { roles: [...GOVERNANCE] } },
    schema: {
      tags: ['risk'], summary: 'Record the human reviewer’s decision', params: z.strictObject({ id: z.string().min(1).max(80) }),
      body: z.strictObject({ resolution: z.string().trim().min(1).max(2000) }), response: { 204: z.null() },
    },
  }, async (req, reply) => {
    await req.inTenant((tx) => resolveHumanReview(tx, req.params.id, req.body.resolution, requirePrincipal(req).userId));
    return reply.code(204).send(null);
  });
}
