// HTTP routes of the privacy module: thin handlers over the use cases in this module.
//   debtor portal (role debtor, principal.subject = case ref): my data, download, corrections, explanation (PI-09)
//   back office (tenant_admin, compliance_officer): correction queue, processing records and PIAs (PI-06),
//   retention report / purge run / holds / period (PI-07, COL-61); regulator: read processing records and PIAs.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal, type Principal } from '../../platform/http/access.js';
import { commonError } from '../../platform/errors.js';
import { withRegulator, type Database } from '../../platform/db/index.js';
import type { Role } from '../../platform/tenancy.js';
import type { Config } from '../../platform/config.js';
import type { DebtorKeys } from '../debtors/index.js';
import { CORRECTABLE_FIELDS, askForReview, decideCorrection, explainDecisions, getMyData, listCorrections, myDataCsv, requestCorrection } from './rights.js';
import { ActivityInput, LEGAL_BASES, PIA_CONCLUSIONS, PiaInput, createActivity, listActivities, listPias, loadDefaultRecords, recordPia } from './records.js';
import { applyRetention, previewRetention, getRetentionDays, listRetentionHolds, placeRetentionHold, releaseRetentionHold, retentionReport, setRetentionDays } from './retention.js';
import { seedDemoPrivacy } from './demo.js';
import { myDataPdf } from './my-data-pdf.js';
import { ANALYTICS_FIELDS, analyticsCsv, analyticsExport, type AnalyticsField } from './analytics-export.js';

export interface PrivacyRoutesDeps {
  db: Database;
  keys: DebtorKeys;
  config?: Pick<Config, 'loadDemo'>;
}

const DEBTOR: Role[] = ['debtor'];
const OFFICERS: Role[] = ['tenant_admin', 'compliance_officer'];
const READERS: Role[] = ['tenant_admin', 'compliance_officer', 'legal_officer'];

const Id = z.string().regex(/^[a-z]{2,6}_[0-9a-z]{26}$/, 'an id like corr_…');
const IdParams = z.strictObject({ id: Id });

const subjectOf = (p: Principal) => {
  if (!p.subject) throw commonError('FORBIDDEN', { detail: 'a debtor portal session is needed' });
  return p.subject;
};

const ContactOut = z.object({ id: z.string(), kind: z.string(), masked: z.string(), label: z.string().nullable(), suppressed: z.boolean() });
const CorrectionOut = z.object({
  id: z.string(), caseId: z.string(), debtorId: z.string(), field: z.enum(CORRECTABLE_FIELDS), proposedMasked: z.string(), replacesPointId: z.string().nullable(),
  note: z.string().nullable(), status: z.enum(['open', 'approved', 'rejected']), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(), createdAt: z.string(),
});
const MyDataOut = z.object({
  generatedAt: z.string(),
  controller: z.object({ note: z.string() }),
  subject: z.object({ name: z.string(), kind: z.string(), idType: z.string(), idNumberMasked: z.string(), employer: z.string().nullable(), timeZone: z.string(), contactPoints: z.array(ContactOut) }),
  case: z.object({ id: z.string(), ref: z.string(), stage: z.string(), placedAt: z.string(), closeReason: z.string().nullable() }),
  source: z.object({ creditorName: z.string(), creditorCode: z.string(), originalCreditor: z.string(), note: z.string() }),
  debt: z.object({ contractNumber: z.string(), product: z.string().nullable(), currency: z.string(), principal: z.string(), originationDate: z.string(), dueDate: z.string(),
    outstanding: z.string(), paid: z.string(), daysPastDue: z.number(), asOf: z.string() }),
  purpose: z.object({ activity: z.string(), purpose: z.string(), legalBasis: z.string(), categories: z.array(z.string()), recipients: z.string(), retention: z.string() }),
  retention: z.object({ days: z.number(), note: z.string() }),
  events: z.array(z.object({ at: z.string(), type: z.string(), detail: z.string() })),
  corrections: z.array(CorrectionOut),
  automatedDecisions: z.object({ scored: z.boolean(), count: z.number() }),
});
const ReviewOut = z.object({ id: z.string(), caseId: z.string(), scoreId: z.string().nullable(), requesterKind: z.enum(['debtor', 'staff']), reason: z.string(), status: z.enum(['open', 'resolved']) });
const ExplanationOut = z.object({
  scores: z.array(z.object({ scoreId: z.string(), modelVersion: z.string(), scoredAt: z.string(), pd: z.number(), points: z.number().nullable(),
    reasons: z.array(z.object({ feature: z.string(), text: z.string(), impact: z.number() })) })),
  reviews: z.array(ReviewOut),
  note: z.string(),
});
const ActivityOut = z.object({
  id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string(), purpose: z.string(), legalBasis: z.enum(LEGAL_BASES), categories: z.array(z.string()),
  sensitive: z.boolean(), recipients: z.string(), retention: z.string(), securityMeasures: z.string(), createdAt: z.string(), updatedAt: z.string(), lastPiaOn: z.string().nullable(),
});
const PiaOut = z.object({
  id: z.string(), activityId: z.string(), activityCode: z.string(), assessedOn: z.string(), scope: z.string(), risks: z.string(), measures: z.string(),
  conclusion: z.enum(PIA_CONCLUSIONS), approver: z.string(), createdBy: z.string(), createdAt: z.string(),
});
const RetentionStatus = z.enum(['open', 'retained', 'due', 'held', 'purged']);
const ReportOut = z.object({
  asOf: z.string(), retentionDays: z.number(),
  counts: z.object({ open: z.number(), retained: z.number(), due: z.number(), held: z.number(), purged: z.number() }),
  items: z.array(z.object({
    debtorId: z.string(), status: RetentionStatus, closedAt: z.string().nullable(), dueAt: z.string().nullable(), holds: z.array(z.string()), purgedAt: z.string().nullable(),
    cases: z.array(z.object({ id: z.string(), ref: z.string(), stage: z.string(), closedAt: z.string().nullable() })),
  })),
});
const PurgedOut = z.object({
  debtorId: z.string(), caseIds: z.array(z.string()), contactPoints: z.number(), relatedParties: z.number(),
  modules: z.record(z.string(), z.record(z.string(), z.number())), filesErased: z.number(),
});
const HoldOut = z.object({ id: z.string(), caseId: z.string(), reason: z.string(), placedBy: z.string(), placedAt: z.string() });

export async function privacyRoutes(app: App, deps: PrivacyRoutesDeps): Promise<void> {
  const { keys } = deps;
  if (deps.config?.loadDemo) await seedDemoPrivacy(deps.db);

  // ---- debtor portal (PI-09) ----
  app.get('/api/v1/privacy/portal/my-data', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['privacy'], summary: 'Debtor portal: what the agency holds about me, masked (PI-09, PIPL art 45)', response: { 200: MyDataOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => getMyData(tx, keys, subjectOf(p)));
  });

  app.get('/api/v1/privacy/portal/my-data/download', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['privacy'], summary: 'Debtor portal: download a copy of my data as JSON, CSV or a Chinese PDF (PIPL art 45)',
      querystring: z.strictObject({ format: z.enum(['json', 'csv', 'pdf']).default('json') }) },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const d = await req.inTenant((tx) => getMyData(tx, keys, subjectOf(p)));
    const name = `my-data-${d.case.ref}.${req.query.format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
    if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(myDataCsv(d));
    if (req.query.format === 'pdf') return reply.type('application/pdf').send(Buffer.from(await myDataPdf(d)));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(d, null, 2));
  });

  app.get('/api/v1/privacy/portal/corrections', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['privacy'], summary: 'Debtor portal: my correction requests', response: { 200: z.object({ items: z.array(CorrectionOut) }) } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return { items: (await req.inTenant((tx) => getMyData(tx, keys, subjectOf(p)))).corrections };
  });

  app.post('/api/v1/privacy/portal/corrections', {
    config: { access: { roles: DEBTOR }, rateLimit: { max: 20, windowMs: 3_600_000 } },
    schema: {
      tags: ['privacy'], summary: 'Debtor portal: ask for a correction of my data (PI-09, PIPL art 46)',
      body: z.strictObject({ field: z.enum(CORRECTABLE_FIELDS), value: z.string().trim().min(1).max(200), replacesPointId: Id.nullable().optional(), note: z.string().trim().max(500).optional() }),
      response: { 201: CorrectionOut },
    },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const c = await req.inTenant((tx) => requestCorrection(tx, keys, { ...req.body, caseRef: subjectOf(p), tenantId: p.tenant.id, requestedBy: p.id }));
    return reply.code(201).send(c);
  });

  app.get('/api/v1/privacy/portal/explanation', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['privacy'], summary: 'Debtor portal: why — automated scores with reason codes and my review requests (PIPL arts 24, 48)', response: { 200: ExplanationOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => explainDecisions(tx, keys, subjectOf(p)));
  });

  app.post('/api/v1/privacy/portal/review-requests', {
    config: { access: { roles: DEBTOR }, rateLimit: { max: 10, windowMs: 3_600_000 } },
    schema: { tags: ['privacy'], summary: 'Debtor portal: ask for a human review of an automated decision (COL-85, PIPL art 24)',
      body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }), response: { 201: ReviewOut } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    return reply.code(201).send(await req.inTenant((tx) => askForReview(tx, keys, { caseRef: subjectOf(p), requestedBy: p.id, reason: req.body.reason })));
  });

  // ---- back office: correction queue ----
  app.get('/api/v1/privacy/corrections', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Correction requests (default: open), proposed values masked',
      querystring: z.strictObject({ status: z.enum(['open', 'approved', 'rejected']).optional() }), response: { 200: z.object({ items: z.array(CorrectionOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listCorrections(tx, { status: req.query.status ?? 'open' })) }));

  for (const verb of ['approve', 'reject'] as const) {
    app.post(`/api/v1/privacy/corrections/:id/${verb}`, {
      config: { access: { roles: OFFICERS } },
      schema: { tags: ['privacy'], summary: verb === 'approve' ? 'Approve a correction: updates the debtor, audit + evidence (PI-09)' : 'Reject a correction with a reason (PI-09)',
        params: IdParams, body: z.strictObject({ note: z.string().trim().min(2).max(1000) }), response: { 200: CorrectionOut } },
    }, async (req) => {
      const p = requirePrincipal(req);
      return req.inTenant((tx) => decideCorrection(tx, keys, { id: req.params.id, approve: verb === 'approve', note: req.body.note, actorId: p.userId, actorRole: p.role, tenantId: p.tenant.id }));
    });
  }

  // ---- processing records and PIAs (PI-06) ----
  app.get('/api/v1/privacy/activities', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'Records of processing activities (PI-06, GB/T 35273 §11.3)', response: { 200: z.object({ items: z.array(ActivityOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listActivities(tx)) }));

  app.post('/api/v1/privacy/activities', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Record a processing activity (PI-06)', body: ActivityInput, response: { 201: ActivityOut } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => createActivity(tx, req.body, requirePrincipal(req).userId))));

  app.post('/api/v1/privacy/activities/defaults', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Load the default processing records and PIAs the tenant does not have yet', response: { 200: z.object({ added: z.number() }) } },
  }, async (req) => ({ added: await req.inTenant((tx) => loadDefaultRecords(tx, requirePrincipal(req).userId)) }));

  app.get('/api/v1/privacy/pias', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'Impact assessments (PI-06, PIPL art 55-56; kept ≥ 3 years)', response: { 200: z.object({ items: z.array(PiaOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listPias(tx)) }));

  app.post('/api/v1/privacy/pias', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Record an impact assessment of a processing activity (PI-06)', body: PiaInput, response: { 201: PiaOut } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => recordPia(tx, req.body, requirePrincipal(req).userId))));

  app.get('/api/v1/regulator/privacy/tenants/:tenantId/records', {
    config: { access: { roles: ['regulator'] } },
    schema: { tags: ['privacy'], summary: 'Regulator (read-only): a tenant’s processing records and PIAs (PI-06)',
      params: z.strictObject({ tenantId: z.string().regex(/^ten_[0-9a-z]{26}$/) }), response: { 200: z.object({ activities: z.array(ActivityOut), pias: z.array(PiaOut) }) } },
  }, async (req) => withRegulator(deps.db, async (tx) => ({ activities: await listActivities(tx, req.params.tenantId), pias: await listPias(tx, req.params.tenantId) })));

  // ---- retention (PI-07, COL-61) ----
  app.get('/api/v1/privacy/retention', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Retention dry run: debtors due for purge, held, retained, purged (PI-07, COL-61)', response: { 200: ReportOut } },
  }, async (req) => req.inTenant((tx) => retentionReport(tx, keys)));

  // ---- pseudonymised analytics export (PI-10, PI-21) ----
  app.get('/api/v1/privacy/analytics-export', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Pseudonymised case data set for analytics / model training / a data room: allow-listed columns, keyed pseudonyms, amount bands, region to city or province, k-anonymity checked (422 PII_K_ANONYMITY_FAILED otherwise); audit-logged',
      querystring: z.strictObject({
        purpose: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,60}$/, 'a purpose code like risk-model-2026q4'),
        level: z.enum(['city', 'province']).default('province'),
        fields: z.string().regex(new RegExp(`^(${ANALYTICS_FIELDS.join('|')})(,(${ANALYTICS_FIELDS.join('|')}))*$`), `comma-separated: ${ANALYTICS_FIELDS.join(', ')}`).optional(),
        k: z.coerce.number().int().min(2).max(100).default(5),
        suppress: z.enum(['true', 'false']).default('false'),
        format: z.enum(['json', 'csv']).default('json'),
      }) },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const q = req.query;
    const e = await req.inTenant((tx) => analyticsExport(tx, keys, { purpose: q.purpose, ...(q.fields ? { fields: q.fields.split(',') as AnalyticsField[] } : {}), level: q.level, k: q.k, suppress: q.suppress === 'true', actorId: p.userId, actorRole: p.role, tenantId: p.tenant.id }));
    reply.header('cache-control', 'no-store').header('x-k-anonymity', `k=${e.kAnonymity.k}; min-class=${e.kAnonymity.minClassSize}; suppressed=${e.suppressed}`);
    if (q.format === 'csv') return reply.header('content-disposition', `attachment; filename="analytics-${q.purpose}.csv"`).type('text/csv; charset=utf-8').send(analyticsCsv(e));
    return { columns: e.columns, rows: e.rows, k: e.kAnonymity.k, minClassSize: e.kAnonymity.minClassSize, classes: e.kAnonymity.classes, suppressed: e.suppressed };
  });

  app.get('/api/v1/privacy/retention/preview', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Purge dry run: for each debtor due (up to 50), what the purge would erase per module and table; nothing changes (PI-07)',
      querystring: z.strictObject({ debtorId: z.string().regex(/^dbt_[0-9a-z]{26}$/, 'a debtor id like dbt_…').optional() }),
      response: { 200: z.object({ asOf: z.string(), retentionDays: z.number(), due: z.number(), items: z.array(PurgedOut) }) } },
  }, async (req) => req.inTenant((tx) => previewRetention(tx, keys, { ...(req.query.debtorId ? { debtorId: req.query.debtorId } : {}) })));

  app.post('/api/v1/privacy/retention/run', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Purge the personal data of every debtor due now (audit + evidence; holds respected)',
      body: z.strictObject({ confirm: z.literal(true) }),
      response: { 200: z.object({ asOf: z.string(), retentionDays: z.number(), held: z.number(),
        purged: z.array(PurgedOut.extend({ evidenceLeaf: z.number() })),
        failed: z.array(z.object({ debtorId: z.string(), error: z.string() })), importFilesErased: z.number() }) } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => applyRetention(tx, keys, { actorId: p.userId, actorRole: p.role, tenantId: p.tenant.id }));
  });

  app.get('/api/v1/privacy/retention/settings', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'The tenant’s retention period (days after a case closes; default 1825, COL-61)', response: { 200: z.object({ retentionDays: z.number() }) } },
  }, async (req) => ({ retentionDays: await req.inTenant((tx) => getRetentionDays(tx)) }));

  app.put('/api/v1/privacy/retention/settings', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['privacy'], summary: 'Set the retention period (days after a case closes, PI-07)',
      body: z.strictObject({ retentionDays: z.number().int().min(0).max(36500) }), response: { 200: z.object({ retentionDays: z.number() }) } },
  }, async (req) => ({ retentionDays: await req.inTenant((tx) => setRetentionDays(tx, req.body.retentionDays, requirePrincipal(req).userId)) }));

  app.get('/api/v1/privacy/retention/holds', {
    config: { access: { roles: [...OFFICERS, 'legal_officer'] } },
    schema: { tags: ['privacy'], summary: 'Retention holds in force', response: { 200: z.object({ items: z.array(HoldOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listRetentionHolds(tx)) }));

  app.post('/api/v1/privacy/retention/holds', {
    config: { access: { roles: [...OFFICERS, 'legal_officer'] } },
    schema: { tags: ['privacy'], summary: 'Keep a case’s personal data past its retention date (litigation, regulator request)',
      body: z.strictObject({ caseId: Id, reason: z.string().trim().min(2).max(500) }), response: { 201: HoldOut } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => placeRetentionHold(tx, { ...req.body, actorId: requirePrincipal(req).userId }))));

  app.post('/api/v1/privacy/retention/holds/:id/release', {
    config: { access: { roles: [...OFFICERS, 'legal_officer'] } },
    schema: { tags: ['privacy'], summary: 'Release a retention hold', params: IdParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => releaseRetentionHold(tx, req.params.id, requirePrincipal(req).userId));
    return reply.code(204).send(null);
  });
}
