// HTTP adapter of the compliance module: registers the contact, script, complaint and campaign routes, and serves
// content screening and the tenant's rule configuration. No rules here: zod in/out, then the use cases.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/index.js';
import type { Role } from '../../platform/tenancy.js';
import { screenContent } from './content-screen.js';
import { CHANNELS, HOLD_KINDS } from './rule-sets.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { complianceCampaignRoutes } from './routes-campaigns.js';
import { complianceComplaintRoutes } from './routes-complaints.js';
import { complianceContactRoutes } from './routes-contacts.js';
import { complianceScriptRoutes } from './routes-scripts.js';
import { complianceSettingsRoutes } from './routes-settings.js';
import { changeRuleConfig, loadRuleTable } from './settings.js';
import { listRuleConfigHistory, loadEffectiveRules } from './store.js';

export interface ComplianceRoutesDeps {
  db: Database;
  keys?: DebtorKeys;
  queue?: JobQueue;
  messenger?: Messenger;
}

const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const OFFICERS: Role[] = ['tenant_admin', 'compliance_officer'];

const Overrides = z.strictObject({
  quietWindow: z.strictObject({ start: z.string(), end: z.string() }).optional(),
  caps: z.record(z.string(), z.number().int()).optional(),
  minGapMinutes: z.number().int().optional(),
  holidayChannels: z.array(z.enum(CHANNELS)).optional(),
  fieldVisitMinStaff: z.number().int().optional(),
  thirdPartyRequiresUnreachable: z.boolean().optional(),
});

export async function complianceRoutes(app: App, deps: ComplianceRoutesDeps) {
  await complianceContactRoutes(app);
  await complianceScriptRoutes(app);
  await complianceComplaintRoutes(app, deps);
  await complianceCampaignRoutes(app, deps);
  await complianceSettingsRoutes(app);
  app.post('/api/v1/compliance/screen', {
    config: { access: { roles: STAFF, apiKeyScope: 'contacts:check' } },
    schema: { tags: ['compliance'], summary: 'Screen text for banned content (COL-42..46, COL-92)',
      body: z.strictObject({ text: z.string().min(1).max(20000), jurisdiction: z.enum(['CN', 'US']).optional() }),
      response: { 200: z.object({ clean: z.boolean(), hits: z.array(z.object({ ruleId: z.string(), ruleIds: z.array(z.string()), category: z.string(), matched: z.string(), start: z.number(), end: z.number() })) }) } },
  }, async (req) => {
    const r = screenContent(req.body.text, req.body.jurisdiction ?? 'CN');
    return { clean: r.clean, hits: r.hits.map(({ ruleId, ruleIds, category, matched, start, end }) => ({ ruleId, ruleIds, category, matched, start, end })) };
  });

  app.get('/api/v1/compliance/rules', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'The tenant’s effective contact rules and the history of changes' },
  }, async (req) => req.inTenant(async (tx) => ({
    effective: await loadEffectiveRules(tx), table: await loadRuleTable(tx), history: await listRuleConfigHistory(tx), holdKinds: HOLD_KINDS,
  })));

  app.put('/api/v1/compliance/rules', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['compliance'], summary: 'Save a stricter rule configuration (looser values are refused naming the field)',
      body: z.strictObject({ jurisdiction: z.enum(['CN', 'US']), overrides: Overrides, reason: z.string().max(500).optional() }),
      response: { 200: z.object({ version: z.number(), ruleSetId: z.string() }) } },
  }, async (req) => req.inTenant((tx) => changeRuleConfig(tx, { ...req.body, changedBy: req.principal!.userId })));
}
