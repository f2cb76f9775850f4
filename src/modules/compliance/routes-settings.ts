// HTTP adapter for rule-set settings (rule table, stricter changes, change history, COL-12 holidays) and COL-31
// reachability of a case's debtor (derived, with staff marks). Thin: zod in/out, use cases in settings.ts / reachability.ts.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import type { Role } from '../../platform/tenancy.js';
import { caseReachability, clearCaseReachabilityMark, markCaseReachability, MARK_KINDS } from './reachability.js';
import { deleteHoliday, listHolidays, listRuleChanges, putHoliday } from './settings.js';
import { loadEffectiveRules } from './store.js';

const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const OFFICERS: Role[] = ['tenant_admin', 'compliance_officer'];
const READ_RULES: Role[] = ['tenant_admin', 'compliance_officer', 'legal_officer'];
const Id = z.string().min(1).max(64);
const Day = z.strictObject({ day: z.iso.date() });
const Holiday = z.object({ day: z.string(), name: z.string() });
const Mark = z.object({ id: z.string(), kind: z.enum(MARK_KINDS), reason: z.string(), createdBy: z.string(), createdAt: z.string() });
const ReachabilityOut = z.object({
  caseId: z.string(), unreachable: z.boolean(), numberInvalid: z.boolean(), failedOnAllChannels: z.boolean(), outOfContact: z.boolean(), incapacitated: z.boolean(),
  threshold: z.number(), reasonZh: z.string(), reasonEn: z.string(), marks: z.array(Mark),
  lines: z.array(z.object({ contactPointId: z.string(), kind: z.enum(['phone', 'email']), masked: z.string(), state: z.enum(['invalid', 'failing', 'ok', 'untried']), failures: z.number() })),
});
const userOf = (req: Parameters<typeof requirePrincipal>[0]) => {
  const p = requirePrincipal(req);
  return p.userId ?? p.id;
};

export async function complianceSettingsRoutes(app: App) {
  app.get('/api/v1/compliance/rules/history', {
    config: { access: { roles: READ_RULES } },
    schema: { tags: ['compliance'], summary: 'History of the tenant’s rule configuration: who, when, why and the per-field diff of each version',
      response: { 200: z.object({ items: z.array(z.object({ version: z.number(), ruleSetId: z.string(), changedBy: z.string(), changedByName: z.string().nullable(),
        changedAt: z.string(), reason: z.string().nullable(), diff: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })) })) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listRuleChanges(tx)) }));

  app.get('/api/v1/compliance/holidays', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'The tenant’s statutory-holiday calendar (COL-12: no outbound calls or visits on these days)',
      querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }), response: { 200: z.object({ items: z.array(Holiday) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listHolidays(tx, req.query.year)) }));

  app.put('/api/v1/compliance/holidays/:day', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['compliance'], summary: 'Add or rename a tenant holiday (COL-12)', params: Day,
      body: z.strictObject({ name: z.string().trim().min(1).max(60) }), response: { 200: Holiday } },
  }, async (req) => req.inTenant((tx) => putHoliday(tx, { day: req.params.day, name: req.body.name, by: userOf(req) })));

  app.delete('/api/v1/compliance/holidays/:day', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['compliance'], summary: 'Remove a tenant holiday (COL-12)', params: Day, response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => deleteHoliday(tx, { day: req.params.day, by: userOf(req) }));
    return reply.code(204).send(null);
  });

  app.get('/api/v1/cases/:id/reachability', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'COL-31: is the case’s debtor unreachable (third parties allowed) and why — derived from the contact log and staff marks',
      params: z.strictObject({ id: Id }), response: { 200: ReachabilityOut } },
  }, async (req) => req.inTenant(async (tx) => caseReachability(tx, req.params.id, await loadEffectiveRules(tx))));

  app.post('/api/v1/cases/:id/reachability/marks', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Mark the case’s debtor out of contact (or lacking civil capacity) with a reason (COL-31; audited, evidence leaf)',
      params: z.strictObject({ id: Id }), body: z.strictObject({ kind: z.enum(MARK_KINDS), reason: z.string().trim().min(5).max(500) }), response: { 201: Mark } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => markCaseReachability(tx, { caseId: req.params.id, ...req.body, by: userOf(req) }))));

  app.post('/api/v1/cases/:id/reachability/marks/:markId/clear', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Clear a reachability mark (kept with who, when and why)',
      params: z.strictObject({ id: Id, markId: Id }), body: z.strictObject({ reason: z.string().trim().min(5).max(500) }), response: { 200: z.object({ cleared: z.literal(true) }) } },
  }, async (req) => {
    await req.inTenant((tx) => clearCaseReachabilityMark(tx, { caseId: req.params.id, markId: req.params.markId, reason: req.body.reason, by: userOf(req) }));
    return { cleared: true as const };
  });
}
