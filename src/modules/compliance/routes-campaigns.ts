// HTTP adapter of campaigns (planned within every rule, sent through the gate) and the compliance dashboard.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { commonError } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import { CASE_STAGES } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { CAMPAIGN_CHANNELS, getCampaign, listCampaigns, planCampaignForSegment, startCampaign } from './campaigns.js';
import { complianceDashboard } from './dashboard.js';
import { campaignJob } from './jobs.js';
import { actorOf, CaseParams, Fired, firedOut, Id, OFFICERS, STAFF } from './routes-shared.js';

export async function complianceCampaignRoutes(app: App, deps: { keys?: DebtorKeys; queue?: JobQueue; messenger?: Messenger }) {
  // ---- dashboard
  app.get('/api/v1/compliance/dashboard', {
    config: { access: { roles: ['tenant_admin', 'compliance_officer', 'legal_officer'] } },
    schema: { tags: ['compliance'], summary: 'Decisions by rule over time, top refused reasons, per-collector figures, complaints and their SLA (COL-80)',
      querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(366).default(30) }) },
  }, async (req) => req.inTenant((tx) => complianceDashboard(tx, req.query.days)));

  // ---- campaigns
  const CampaignOut = z.object({
    id: z.string(), name: z.string(), channel: z.string(), templateId: z.string(), day: z.string(), timeZone: z.string(), status: z.string(),
    planned: z.array(z.object({ caseId: z.string(), debtorId: z.string(), at: z.string() })),
    skipped: z.array(z.object({ caseId: z.string(), debtorId: z.string(), fired: z.array(Fired), nextAllowedAt: z.string().nullable(), summaryEn: z.string(), summaryZh: z.string() })),
    sent: z.number(), refused: z.number(), createdAt: z.string(),
  });
  const campaignOut = (c: Awaited<ReturnType<typeof getCampaign>>) => ({ ...c, skipped: c.skipped.map((s) => ({ ...s, fired: firedOut(s.fired) })) });
  app.post('/api/v1/campaigns', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['compliance'], summary: 'Plan a day of automated contact over a segment: fits every cap, window, hold and consent; explains every skipped case (COL-10..COL-23)',
      body: z.strictObject({
        name: z.string().trim().min(2).max(100), channel: z.enum(CAMPAIGN_CHANNELS), templateId: Id, day: z.iso.date(), timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
        filters: z.strictObject({ stage: z.enum(CASE_STAGES).optional(), limit: z.number().int().min(1).max(1000).optional() }).default({}),
        variables: z.record(z.string().max(40), z.string().max(200)).optional(),
      }),
      response: { 201: CampaignOut } },
  }, async (req, reply) => {
    if (!deps.keys) throw commonError('NOT_FOUND', { detail: 'campaigns need the debtor keys' });
    const c = await req.inTenant((tx) => planCampaignForSegment(tx, deps.keys!, { ...req.body, createdBy: actorOf(req).userId }));
    return reply.code(201).send(campaignOut(c));
  });
  app.get('/api/v1/campaigns', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Campaigns with their plan, skipped cases and results', response: { 200: z.object({ items: z.array(CampaignOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listCampaigns(tx))).map(campaignOut) }));
  app.get('/api/v1/campaigns/:id', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'One campaign', params: CaseParams, response: { 200: CampaignOut } },
  }, async (req) => campaignOut(await req.inTenant((tx) => getCampaign(tx, req.params.id))));
  app.post('/api/v1/campaigns/:id/execute', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['compliance'], summary: 'Send the campaign as a job: each planned contact passes the gate again at send time, then the messenger', params: CaseParams,
      response: { 202: z.object({ id: z.string(), status: z.string() }) } },
  }, async (req, reply) => {
    const c = await req.inTenant((tx) => startCampaign(tx, req.params.id));
    if (deps.queue && deps.keys && deps.messenger) await deps.queue.send(campaignJob({ keys: deps.keys, messenger: deps.messenger }), { tenantId: requirePrincipal(req).tenant.id, campaignId: c.id });
    return reply.code(202).send({ id: c.id, status: c.status });
  });
}
