// HTTP adapter of the compliance module: the contact gate (POST /api/v1/contacts/check), content screening, and the
// tenant's rule configuration. No rules here: zod in/out, then the use cases in store.ts.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/index.js';
import type { Role } from '../../platform/tenancy.js';
import { screenContent } from './content-screen.js';
import { CHANNELS, HOLD_KINDS } from './rule-sets.js';
import { complianceOpsRoutes, type ComplianceOpsDeps } from './routes-ops.js';
import { complianceSettingsRoutes } from './routes-settings.js';
import { changeRuleConfig, loadRuleTable } from './settings.js';
import { gateReachability, loadReachability } from './reachability.js';
import { checkContactForCase, listRuleConfigHistory, loadEffectiveRules } from './store.js';

export interface ComplianceRoutesDeps extends ComplianceOpsDeps {
  db: Database;
}

const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const OFFICERS: Role[] = ['tenant_admin', 'compliance_officer'];

const Target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('debtor') }),
  z.strictObject({
    kind: z.literal('third_party'), contactId: z.string().min(1).max(64), relation: z.string().min(1).max(40), debtRelated: z.boolean(),
    purpose: z.enum(['locate', 'relay_message', 'collect']), isMinor: z.boolean().optional(),
  }),
]);

export const CheckContactBody = z.strictObject({
  debtorId: z.string().min(1).max(64),
  caseId: z.string().min(1).max(64).optional(),
  channel: z.enum(CHANNELS),
  at: z.iso.datetime({ offset: true }).optional(),
  debtorTimeZone: z.string().min(1).max(64),
  target: Target,
  contactPointId: z.string().max(64).optional(),
  templateId: z.string().max(64).optional(),
  text: z.string().max(5000).optional(),
  staffCount: z.number().int().min(0).max(20).optional(),
  recipientCount: z.number().int().min(1).max(100000).optional(),
  entersPremisesWithoutConsent: z.boolean().optional(),
  /** Ignored: COL-31 reachability is derived by the server from the contact log and staff marks (kept so older clients still validate). */
  reachability: z.strictObject({ numberInvalid: z.boolean().optional(), outOfContact: z.boolean().optional(), incapacitated: z.boolean().optional() }).optional()
    .describe('ignored: the server derives COL-31 reachability from the contact history; a claim here never lets a third-party contact through'),
  names: z.strictObject({ agencyName: z.string().max(100).optional(), creditorName: z.string().max(100).optional() }).optional(),
  timeBarred: z.boolean().optional(),
});
export type CheckContactBody = z.infer<typeof CheckContactBody>;

const Fired = z.object({
  ruleId: z.string(), check: z.string(), reasonZh: z.string(), reasonEn: z.string(), nextAllowedAt: z.string().optional(),
  hits: z.array(z.object({ ruleId: z.string(), category: z.string(), matched: z.string(), start: z.number(), end: z.number() })).optional(),
});
export const CheckContactResponse = z.object({
  attemptId: z.string(), decision: z.enum(['allow', 'deny']), fired: z.array(Fired), nextAllowedAt: z.string().nullable(), ruleSetId: z.string(),
  /** COL-31 as derived by the server (third-party contacts only). */
  reachability: z.object({ unreachable: z.boolean(), reasonZh: z.string(), reasonEn: z.string() }).optional(),
});

const Overrides = z.strictObject({
  quietWindow: z.strictObject({ start: z.string(), end: z.string() }).optional(),
  caps: z.record(z.string(), z.number().int()).optional(),
  minGapMinutes: z.number().int().optional(),
  holidayChannels: z.array(z.enum(CHANNELS)).optional(),
  fieldVisitMinStaff: z.number().int().optional(),
  thirdPartyRequiresUnreachable: z.boolean().optional(),
});

export async function complianceRoutes(app: App, deps: ComplianceRoutesDeps) {
  await complianceOpsRoutes(app, deps);
  await complianceSettingsRoutes(app);
  app.post('/api/v1/contacts/check', {
    config: { access: { roles: STAFF, apiKeyScope: 'contacts:check' } },
    schema: { tags: ['compliance'], summary: 'Ask the contact gate whether a contact may happen now; the decision is logged (COL-10..COL-92)',
      body: CheckContactBody, response: { 200: CheckContactResponse } },
  }, async (req) => {
    const { debtorId, caseId, reachability: _claimed, names, timeBarred, at, ...attempt } = req.body;
    const { d, reach } = await req.inTenant(async (tx) => {
      const rules = await loadEffectiveRules(tx);
      // COL-31: the server's derivation from the contact log wins; the caller's claim is not used.
      const reach = attempt.target.kind === 'third_party' ? await loadReachability(tx, { debtorId, rules, at }) : null;
      const d = await checkContactForCase(tx, {
        debtorId, caseId, reachability: reach ? gateReachability(reach) : undefined, rules, names, timeBarred, actorId: req.principal?.userId, attempt: { ...attempt, at },
      });
      return { d, reach };
    });
    return {
      ...d, fired: d.fired.map((f) => ({ ...f, hits: f.hits?.map(({ ruleId, category, matched, start, end }) => ({ ruleId, category, matched, start, end })) })),
      ...(reach ? { reachability: { unreachable: reach.unreachable, reasonZh: reach.reasonZh, reasonEn: reach.reasonEn } } : {}),
    };
  });

  app.post('/api/v1/compliance/screen', {
    config: { access: { roles: STAFF, apiKeyScope: 'contacts:check' } },
    schema: { tags: ['compliance'], summary: 'Screen text for banned content (COL-42..46, COL-92)',
      body: z.strictObject({ text: z.string().min(1).max(20000), jurisdiction: z.enum(['CN', 'US']).optional() }),
      response: { 200: z.object({ clean: z.boolean(), hits: z.array(z.object({ ruleId: z.string(), category: z.string(), matched: z.string(), start: z.number(), end: z.number() })) }) } },
  }, async (req) => {
    const r = screenContent(req.body.text, req.body.jurisdiction ?? 'CN');
    return { clean: r.clean, hits: r.hits.map(({ ruleId, category, matched, start, end }) => ({ ruleId, category, matched, start, end })) };
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
