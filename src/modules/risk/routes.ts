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
import { getCase } from '../cases/index.js';
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

/** Fastify plugin with the risk routes under /api/v1/risk. */
export interface RiskRoutesDeps {
  db?: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function riskRoutes(app: App, _deps: RiskRoutesDeps = {}): Promise<void> {
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
