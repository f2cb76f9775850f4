// HTTP adapter for compliance operations: recording contacts through the gate, the live composer check, case
// contact history, the script library workflow, complaints (staff and debtor portal), recordings and the
// dashboard. Thin handlers: zod in/out, then operations.ts in the tenant's transaction.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { commonError } from '../../platform/errors.js';
import type { Tx } from '../../platform/db/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import { CASE_STAGES } from '../cases/index.js';
import { CAMPAIGN_CHANNELS, getCampaign, listCampaigns, planCampaignForSegment, startCampaign } from './campaigns.js';
import { campaignJob } from './jobs.js';
import type { Role } from '../../platform/tenancy.js';
import { getCase, OUTCOME_CODE_LIST, searchCases } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { complianceError } from './errors.js';
import type { FiredRule } from './contact-gate.js';
import { CHANNELS } from './rule-sets.js';
import { TEMPLATE_STATES } from './scripts-library.js';
import {
  actOnTemplate, checkCaseContact, complianceDashboard, exportTemplates, fileComplaint, importTemplates, listCaseContacts, listComplaints,
  listRecordings, listTemplates, loadTemplate, recordCaseContact, respondToComplaint, saveTemplateDraft, setRecordingLegalHold, setTranscript,
  storeRecording, type ComplaintView, type TemplateView,
} from './operations.js';

export interface ComplianceOpsDeps {
  keys?: DebtorKeys;
  queue?: JobQueue;
  messenger?: Messenger;
}

const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const OFFICERS: Role[] = ['tenant_admin', 'compliance_officer'];
const READERS: Role[] = STAFF;

const Id = z.string().min(1).max(64);
const CaseParams = z.strictObject({ id: Id });
const Target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('debtor') }),
  z.strictObject({
    kind: z.literal('third_party'), contactId: z.string().min(1).max(64), relation: z.string().min(1).max(40), debtRelated: z.boolean(),
    purpose: z.enum(['locate', 'relay_message', 'collect']), isMinor: z.boolean().optional(),
  }),
]);
const Hit = z.object({ ruleId: z.string(), category: z.string(), matched: z.string(), start: z.number(), end: z.number() });
const Fired = z.object({ ruleId: z.string(), check: z.string(), reasonZh: z.string(), reasonEn: z.string(), nextAllowedAt: z.string().optional(), hits: z.array(Hit).optional() });
const Decision = z.object({ attemptId: z.string(), decision: z.enum(['allow', 'deny']), fired: z.array(Fired), nextAllowedAt: z.string().nullable(), ruleSetId: z.string(), renderedText: z.string().nullable() });

const ContactFields = {
  channel: z.enum(CHANNELS),
  target: Target.default({ kind: 'debtor' }),
  contactPointId: z.string().max(64).optional(),
  templateId: z.string().max(64).optional(),
  variables: z.record(z.string().max(40), z.string().max(200)).optional(),
  text: z.string().max(5000).optional(),
  staffCount: z.number().int().min(0).max(20).optional(),
  /** When the contact happens/happened (default now); recorded contacts may be logged afterwards, never in the future. */
  at: z.iso.datetime({ offset: true }).optional(),
};
const RecordBody = z.strictObject({ caseId: Id, ...ContactFields, outcomeCode: z.enum(OUTCOME_CODE_LIST), note: z.string().max(2000).optional() });

const firedOut = (fired: FiredRule[]) =>
  fired.map((f) => ({ ruleId: f.ruleId, check: f.check, reasonZh: f.reasonZh, reasonEn: f.reasonEn, ...(f.nextAllowedAt ? { nextAllowedAt: f.nextAllowedAt } : {}),
    ...(f.hits ? { hits: f.hits.map(({ ruleId, category, matched, start, end }) => ({ ruleId, category, matched, start, end })) } : {}) }));

const Var = z.enum(['text', 'money', 'date', 'phone', 'url', 'count']);
const TemplateContent = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{2,63}$/, 'lower-case letters, digits and _'),
  category: z.enum(['first_notice', 'reminder', 'payment_plan', 'broken_promise', 'third_party_locate', 'settlement', 'automated_voice', 'payment_received', 'dispute', 'complaint', 'hardship', 'closure', 'call_opening']),
  channels: z.array(z.enum(CHANNELS)).min(1),
  audience: z.enum(['debtor', 'third_party']),
  automated: z.boolean(),
  zh: z.string().min(1).max(2000),
  en: z.string().min(1).max(2000),
  variables: z.record(z.string().regex(/^[a-zA-Z]\w{0,39}$/), Var),
});
const Problem = z.object({ code: z.string(), ruleId: z.string(), lang: z.string().optional(), detail: z.string() });
const TemplateOut = z.object({
  templateId: z.string(), version: z.number(), state: z.enum(TEMPLATE_STATES), content: TemplateContent, authorId: z.string(), approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(), filingNumber: z.string().nullable(), usageCount: z.number(),
  transitions: z.array(z.object({ from: z.string(), to: z.string(), by: z.string(), at: z.string(), note: z.string().optional() })), problems: z.array(Problem),
});
const templateOut = (v: TemplateView) => ({ ...v, problems: v.problems.map(({ code, ruleId, lang, detail }) => ({ code, ruleId, ...(lang ? { lang } : {}), detail })) });

const ComplaintOut = z.object({
  id: z.string(), kind: z.enum(['complaint', 'dispute']), caseId: z.string().nullable(), channel: z.string(), summary: z.string(), receivedAt: z.string(), dueAt: z.string(),
  status: z.string(), answer: z.string().nullable(), answeredAt: z.string().nullable(), overdue: z.boolean(),
});
const complaintOut = (c: ComplaintView) => ({
  id: c.id, kind: c.kind, caseId: c.caseId, channel: c.channel, summary: c.summary, receivedAt: c.receivedAt, dueAt: c.dueAt, status: c.status, answer: c.answer, answeredAt: c.answeredAt, overdue: c.overdue,
});
const RecordingOut = z.object({
  id: z.string(), caseId: z.string().nullable(), attemptId: z.string(), sha256: z.string(), mediaType: z.string().nullable(), sizeBytes: z.number().nullable(),
  durationSeconds: z.number(), startedAt: z.string(), announcedRecording: z.boolean(), retainUntil: z.string().nullable(), legalHold: z.boolean(),
  retentionStatus: z.string(), transcript: z.string().nullable(), transcriptHits: z.array(Hit),
});

async function portalCaseId(tx: Tx, keys: DebtorKeys | undefined, ref: string): Promise<string> {
  if (!keys) throw commonError('NOT_FOUND', { detail: 'portal not configured' });
  const r = await searchCases(tx, keys, { q: ref, limit: 5 });
  const hit = r.items.find((i) => i.ref === ref.trim().toUpperCase());
  if (!hit) throw commonError('NOT_FOUND', { detail: 'case' });
  return hit.id;
}

const actorOf = (req: FastifyRequest) => {
  const p = requirePrincipal(req);
  return { userId: p.userId ?? p.id, roles: [p.role as string] };
};

export async function complianceOpsRoutes(app: App, deps: ComplianceOpsDeps) {
  // ---- contacts
  app.post('/api/v1/contacts', {
    config: { access: { roles: STAFF, apiKeyScope: 'contacts:write' } },
    schema: { tags: ['compliance'], summary: 'Record a contact through the gate: refused (409, every fired rule, logged) or recorded with its outcome (COL-10..COL-92, COL-60)',
      body: RecordBody,
      response: { 201: z.object({ attemptId: z.string(), decision: Decision, outcome: z.string(), evidenceLeaf: z.number(), holdId: z.string().nullable() }), 409: z.object({ status: z.number(), code: z.string(), rules: z.array(z.string()).optional(), attemptId: z.string().optional(), decision: Decision.optional(), evidenceLeaf: z.number().optional() }).loose() } },
  }, async (req, reply) => {
    const { userId } = actorOf(req);
    if (req.body.at && Date.parse(req.body.at) > Date.now() + 5 * 60_000) throw commonError('VALIDATION_FAILED', { detail: 'at: a contact cannot be recorded in the future', field: 'at' });
    if (req.body.at && Date.parse(req.body.at) < Date.now() - 30 * 86_400_000) throw commonError('VALIDATION_FAILED', { detail: 'at: older than 30 days', field: 'at' });
    const r = await req.inTenant((tx) => recordCaseContact(tx, { ...req.body, actorId: userId }));
    const decision = { ...r.decision, fired: firedOut(r.decision.fired) };
    if (!r.recorded) {
      const rules = [...new Set(r.decision.fired.map((f) => f.ruleId))];
      return reply.code(409).type('application/problem+json').send({
        type: 'https://recourse.dev/problems/compliance_contact_refused', title: 'The contact gate refused this contact', status: 409, code: 'COMPLIANCE_CONTACT_REFUSED',
        detail: `refused by ${rules.join(', ')}; the refusal is logged`, rules, attemptId: r.attemptId, decision, evidenceLeaf: r.evidenceLeaf,
      });
    }
    return reply.code(201).send({ attemptId: r.attemptId, decision, outcome: r.outcome, evidenceLeaf: r.evidenceLeaf, holdId: r.holdId });
  });

  app.post('/api/v1/cases/:id/contacts/check', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Live composer preview: what the gate would decide for this contact now (not logged; the contact itself is)',
      params: CaseParams, body: z.strictObject(ContactFields), response: { 200: Decision } },
  }, async (req) => {
    const d = await req.inTenant((tx) => checkCaseContact(tx, { caseId: req.params.id, ...req.body, actorId: actorOf(req).userId, dryRun: true }));
    return { ...d, fired: firedOut(d.fired) };
  });

  app.get('/api/v1/cases/:id/contacts', {
    config: { access: { roles: READERS } },
    schema: { tags: ['compliance'], summary: 'The case’s contact log: allowed and refused attempts with every fired rule', params: CaseParams,
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), channel: z.string(), targetKind: z.string(), attemptedAt: z.string(), decision: z.enum(['allow', 'deny']),
        fired: z.array(Fired), outcome: z.string().nullable(), templateId: z.string().nullable(), actorId: z.string().nullable() })) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listCaseContacts(tx, req.params.id))).map((x) => ({ ...x, fired: firedOut(x.fired) })) }));

  // ---- script library
  app.get('/api/v1/scripts', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Script library: latest version of every template with state, filing number and usage (starter library on first use)',
      querystring: z.strictObject({ state: z.enum(TEMPLATE_STATES).optional(), category: z.string().max(40).optional() }),
      response: { 200: z.object({ items: z.array(TemplateOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listTemplates(tx, req.query))).map(templateOut) }));

  app.get('/api/v1/scripts/export', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Export the script library as JSON (recourse.scripts.v1)' },
  }, async (req) => req.inTenant((tx) => exportTemplates(tx)));

  app.post('/api/v1/scripts/import', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['compliance'], summary: 'Import templates as drafts (approval is never imported); review problems listed per template (COL-40, COL-42..46)',
      body: z.strictObject({ templates: z.array(TemplateContent.loose()).min(1).max(500) }),
      response: { 200: z.object({ imported: z.array(z.object({ templateId: z.string(), version: z.number() })), problems: z.array(z.object({ templateId: z.string(), problems: z.array(Problem) })) }) } },
  }, async (req) => {
    const templates = req.body.templates.map((t) => TemplateContent.parse({ id: t.id, category: t.category, channels: t.channels, audience: t.audience, automated: t.automated, zh: t.zh, en: t.en, variables: t.variables }));
    const r = await req.inTenant((tx) => importTemplates(tx, templates, actorOf(req).userId));
    return { imported: r.imported, problems: r.problems.map((p) => ({ templateId: p.templateId, problems: p.problems.map(({ code, ruleId, lang, detail }) => ({ code, ruleId, ...(lang ? { lang } : {}), detail })) })) };
  });

  app.get('/api/v1/scripts/:id', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'One template (latest version) with its transitions and review problems', params: CaseParams, response: { 200: TemplateOut } },
  }, async (req) => templateOut(await req.inTenant((tx) => loadTemplate(tx, req.params.id))));

  app.post('/api/v1/scripts', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Create a template (draft v1) or a new draft version of an existing one', body: TemplateContent, response: { 201: TemplateOut } },
  }, async (req, reply) => reply.code(201).send(templateOut(await req.inTenant((tx) => saveTemplateDraft(tx, req.body, actorOf(req).userId)))));

  app.post('/api/v1/scripts/:id/actions', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Approval workflow: submit, approve (compliance officer, not the author), reject, file (filing number), retire',
      params: CaseParams,
      body: z.discriminatedUnion('action', [
        z.strictObject({ action: z.literal('submit') }), z.strictObject({ action: z.literal('approve') }),
        z.strictObject({ action: z.literal('reject'), reason: z.string().trim().min(2).max(500) }),
        z.strictObject({ action: z.literal('file'), filingNumber: z.string().trim().min(3).max(64) }), z.strictObject({ action: z.literal('retire') }),
      ]),
      response: { 200: TemplateOut } },
  }, async (req) => {
    const actor = actorOf(req);
    if ((req.body.action === 'file' || req.body.action === 'retire') && !actor.roles.some((r) => OFFICERS.includes(r as Role))) throw complianceError('COMPLIANCE_NOT_OFFICER');
    return templateOut(await req.inTenant((tx) => actOnTemplate(tx, req.params.id, req.body, actor)));
  });

  // ---- complaints
  const ComplaintBody = z.strictObject({ kind: z.enum(['complaint', 'dispute']).default('complaint'), summary: z.string().trim().min(2).max(2000) });
  app.post('/api/v1/cases/:id/complaints', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Log a complaint or dispute received by phone/letter: case hold, 15-day response SLA (COL-80, COL-35)', params: CaseParams,
      body: ComplaintBody.extend({ channel: z.enum(['phone', 'letter', 'email', 'visit', 'regulator']).default('phone') }), response: { 201: ComplaintOut } },
  }, async (req, reply) => reply.code(201).send(complaintOut(await req.inTenant((tx) => fileComplaint(tx, { caseId: req.params.id, ...req.body, by: actorOf(req).userId })))));

  app.get('/api/v1/complaints', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Complaints and disputes with their COL-80 deadline', querystring: z.strictObject({ status: z.enum(['open', 'answered', 'escalated', 'closed']).optional(), caseId: Id.optional() }),
      response: { 200: z.object({ items: z.array(ComplaintOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listComplaints(tx, req.query))).map(complaintOut) }));

  app.post('/api/v1/complaints/:id/respond', {
    config: { access: { roles: ['tenant_admin', 'compliance_officer', 'legal_officer', 'mediator'] } },
    schema: { tags: ['compliance'], summary: 'Answer a complaint (releases its hold); a dispute’s hold is released only with debtVerified', params: CaseParams,
      body: z.strictObject({ answer: z.string().trim().min(2).max(4000), debtVerified: z.boolean().optional() }), response: { 200: ComplaintOut } },
  }, async (req) => complaintOut(await req.inTenant((tx) => respondToComplaint(tx, req.params.id, { ...req.body, by: actorOf(req).userId }))));

  app.get('/api/v1/portal/complaints', {
    config: { access: { roles: ['debtor'] } },
    schema: { tags: ['compliance', 'portal'], summary: 'My complaints and disputes with their response deadline', response: { 200: z.object({ items: z.array(ComplaintOut) }) } },
  }, async (req) => ({ items: (await req.inTenant(async (tx) => listComplaints(tx, { caseId: await portalCaseId(tx, deps.keys, requirePrincipal(req).subject ?? '') }))).map(complaintOut) }));

  app.post('/api/v1/portal/complaints', {
    config: { access: { roles: ['debtor'] }, rateLimit: { max: 10, windowMs: 60_000 } },
    schema: { tags: ['compliance', 'portal'], summary: 'File a complaint or dispute ("this is not my debt") about my case: contact stops until it is answered (COL-80, COL-35)',
      body: ComplaintBody, response: { 201: ComplaintOut } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const c = await req.inTenant(async (tx) => fileComplaint(tx, { caseId: await portalCaseId(tx, deps.keys, p.subject ?? ''), ...req.body, channel: 'portal', by: 'system' }));
    return reply.code(201).send(complaintOut(c));
  });

  // ---- recordings
  app.post('/api/v1/cases/:id/recordings', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Upload a call recording (multipart: file=audio/*, attemptId, durationSeconds, announced, transcript?): write-once with SHA-256/SM3 and an evidence leaf (COL-60..62)',
      params: CaseParams, consumes: ['multipart/form-data'], response: { 201: RecordingOut } },
  }, async (req, reply) => {
    await req.inTenant((tx) => getCase(tx, req.params.id)); // unknown or foreign case: 404 before reading the body
    if (!req.isMultipart()) throw commonError('VALIDATION_FAILED', { detail: 'send multipart/form-data with a "file" part', field: 'file' });
    const fields: Record<string, string> = {};
    let file: { mediaType: string; bytes: Buffer } | null = null;
    for await (const part of req.parts({ limits: { fileSize: 100 * 1024 * 1024, files: 1, fields: 10, fieldSize: 200_000 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw commonError('VALIDATION_FAILED', { detail: 'the file is too large', field: 'file' });
        file = { mediaType: part.mimetype || 'application/octet-stream', bytes };
      } else fields[part.fieldname] = String(part.value ?? '');
    }
    if (!file) throw commonError('VALIDATION_FAILED', { detail: 'a "file" part is required', field: 'file' });
    const attemptId = fields.attemptId?.trim();
    if (!attemptId) throw commonError('VALIDATION_FAILED', { detail: 'attemptId is required', field: 'attemptId' });
    const duration = Number(fields.durationSeconds ?? '0');
    if (!Number.isInteger(duration) || duration < 0 || duration > 86_400) throw commonError('VALIDATION_FAILED', { detail: 'durationSeconds must be an integer 0..86400', field: 'durationSeconds' });
    if (fields.transcript && fields.transcript.length > 100_000) throw commonError('VALIDATION_FAILED', { detail: 'transcript too long', field: 'transcript' });
    const rec = await req.inTenant((tx) => storeRecording(tx, {
      caseId: req.params.id, attemptId, bytes: file!.bytes, mediaType: file!.mediaType, durationSeconds: duration,
      announcedRecording: fields.announced === 'true', transcript: fields.transcript || undefined, by: actorOf(req).userId,
    }));
    return reply.code(201).send(rec);
  });

  app.get('/api/v1/cases/:id/recordings', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'The case’s call recordings with digests, retention (COL-61) and transcript screening hits', params: CaseParams,
      response: { 200: z.object({ items: z.array(RecordingOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listRecordings(tx, req.params.id)) }));

  const RecParams = z.strictObject({ id: Id, recordingId: Id });
  app.put('/api/v1/cases/:id/recordings/:recordingId/transcript', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Attach or paste a transcript; it is screened for banned content (COL-42..46, COL-92)', params: RecParams,
      body: z.strictObject({ transcript: z.string().min(1).max(100_000) }), response: { 200: RecordingOut } },
  }, async (req) => req.inTenant((tx) => setTranscript(tx, req.params.id, req.params.recordingId, req.body.transcript)));

  app.put('/api/v1/cases/:id/recordings/:recordingId/legal-hold', {
    config: { access: { roles: ['tenant_admin', 'compliance_officer', 'legal_officer'] } },
    schema: { tags: ['compliance'], summary: 'Put or lift a legal hold: a held recording is kept past its COL-61 retention', params: RecParams,
      body: z.strictObject({ on: z.boolean() }), response: { 200: RecordingOut } },
  }, async (req) => req.inTenant((tx) => setRecordingLegalHold(tx, req.params.id, req.params.recordingId, req.body.on)));

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
