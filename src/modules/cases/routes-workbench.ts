// HTTP adapter for the case workbench: list export, saved views, tasks, notes, attachments, reveal, touches, SLA
// summary, imports with progress, leads, the creditor portal, hand-offs and inter-agency transfers. Thin handlers:
// zod in and out, one use case per request in the caller's tenant; errors are DomainErrors (problem+json).
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { withPlatform, type Database } from '../../platform/db/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { commonError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { formatYuan, parseYuan } from '../../platform/money.js';
import type { Role } from '../../platform/tenancy.js';
import { DebtorInput, type DebtorKeys } from '../debtors/index.js';
import { findTenant } from '../tenants/index.js';
import { CASE_STAGES, HOLD_KINDS } from './state-machine.js';
import { searchCases, DPD_BUCKETS, BALANCE_BANDS, CASE_SORTS, type SearchCasesInput } from './queries.js';
import {
  CaseViewFilters, listCaseViews, saveCaseView, deleteCaseView, listCaseTasks, listTasks, addCaseTask, completeCaseTask, addNote, listNotes,
  addAttachment, listAttachments, getAttachment, recordTouch, revealCaseDebtor, OUTCOME_CODES, OUTCOME_CODE_LIST, TOUCH_CHANNELS, REVEAL_FIELDS, MAX_ATTACHMENT_BYTES,
} from './workbench.js';
import { slaSummary, type SlaCase } from './sla-report.js';
import { previewImport, createImport, getImport, getRejectedRows, importJob, IMPORT_MODES, ImportMappingInput } from './import-jobs.js';
import { listLeads, requireLead } from './leads.js';
import { creditorOverview, linkCreditorUser, exportCaseRows, toCsv, toXlsx, convertLead, maskListItem } from './portal.js';
import { handoffCase, listHandoffs, listIncomingTransfers, acceptTransfer, HANDOFF_KINDS } from './handoff.js';
import { CreateCreditorInput, EntrustmentInput } from './creditors.js';
import { isCalendarDate } from './dates.js';
import { caseError } from './errors.js';
import { touchGate } from './touch-gate.js';
import type { CaseListItem } from './queries.js';

export interface WorkbenchRoutesDeps {
  db: Database;
  keys: DebtorKeys;
  queue?: JobQueue;
}

const READERS: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const WRITERS: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const REVEALERS: Role[] = ['tenant_admin', 'legal_officer', 'compliance_officer', 'mediator'];
const ADMINS: Role[] = ['tenant_admin'];

const Id = z.string().regex(/^[a-z]{2,6}_[0-9a-z]{26}$/, 'an id like case_…');
const CaseParams = z.strictObject({ id: Id });
const Money = z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, 'a decimal amount like "1234.50"');
const CalendarDate = z.string().refine(isCalendarDate, 'YYYY-MM-DD');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The list filters shared by GET /cases and GET /cases/export (old names onHold/assignedTo/limit/offset still work). */
export const CaseListQuery = z.strictObject({
  q: z.string().max(100).optional(),
  status: z.enum(CASE_STAGES).optional(),
  stage: z.enum(CASE_STAGES).optional(),
  hold: z.enum(['any', 'none', ...HOLD_KINDS]).optional(),
  onHold: z.enum(['true', 'false']).optional(),
  dpdBucket: z.enum(DPD_BUCKETS).optional(),
  balanceBand: z.enum(BALANCE_BANDS).optional(),
  collectorId: z.string().max(40).optional(),
  assignedTo: z.string().max(40).optional(),
  creditorId: z.string().max(40).optional(),
  sort: z.enum(CASE_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export function toSearchInput(q: CaseListQuery): SearchCasesInput {
  const pageSize = q.pageSize ?? q.limit ?? 50;
  const offset = q.page ? (q.page - 1) * pageSize : q.offset ?? 0;
  const stage = q.status ?? q.stage;
  const assignedTo = q.collectorId ?? q.assignedTo;
  return {
    ...(q.q ? { q: q.q } : {}), ...(stage ? { stage } : {}), ...(q.hold ? { hold: q.hold } : {}), ...(q.onHold ? { onHold: q.onHold === 'true' } : {}),
    ...(q.dpdBucket ? { dpdBucket: q.dpdBucket } : {}), ...(q.balanceBand ? { balanceBand: q.balanceBand } : {}), ...(assignedTo ? { assignedTo } : {}),
    ...(q.creditorId ? { creditorId: q.creditorId } : {}), ...(q.sort ? { sort: q.sort } : {}), ...(q.order ? { order: q.order } : {}), limit: pageSize, offset,
  };
}

export const CaseListItemOut = z.object({
  id: z.string(), ref: z.string(), stage: z.enum(CASE_STAGES), closeReason: z.string().nullable(), debtorId: z.string(), debtorName: z.string(),
  debtorIdMasked: z.string(), creditorId: z.string(), contractNumber: z.string(), principal: z.string(), currency: z.string(), dueDate: z.string(),
  daysPastDue: z.number(), dpdBucket: z.enum(DPD_BUCKETS), balanceBand: z.enum(BALANCE_BANDS), placedAt: z.string(), assignedTo: z.string().nullable(), assignedToName: z.string().nullable(), onHold: z.boolean(),
});
export function caseListItemOut(i: CaseListItem, role: Role): z.infer<typeof CaseListItemOut> {
  const m = maskListItem(i, role);
  return {
    id: m.id, ref: m.ref, stage: m.stage, closeReason: m.closeReason, debtorId: m.debtorId, debtorName: m.debtorName, debtorIdMasked: m.debtorIdMasked, creditorId: m.creditorId,
    contractNumber: m.contractNumber, principal: formatYuan(m.principalFen), currency: m.currency, dueDate: m.dueDate, daysPastDue: m.daysPastDue, dpdBucket: m.dpdBucket,
    balanceBand: m.balanceBand, placedAt: m.placedAt.toISOString(), assignedTo: m.assignedTo, assignedToName: m.assignedToName, onHold: m.onHold,
  };
}

const TaskOut = z.object({ id: z.string(), caseId: z.string(), kind: z.string(), title: z.string(), dueAt: z.string().nullable(), assignedTo: z.string().nullable(), status: z.string(), createdAt: z.string(), doneAt: z.string().nullable() });
const taskOut = (t: { id: string; caseId: string; kind: string; title: string; dueAt: Date | null; assignedTo: string | null; status: string; createdAt: Date; doneAt: Date | null }) =>
  ({ ...t, dueAt: iso(t.dueAt), createdAt: t.createdAt.toISOString(), doneAt: iso(t.doneAt) });

const ViewOut = z.object({ id: z.string(), name: z.string(), filters: CaseViewFilters, shared: z.boolean(), ownerId: z.string(), mine: z.boolean(), createdAt: z.string() });
const ImportOut = z.object({
  id: z.string(), status: z.enum(['queued', 'running', 'done', 'failed', 'rejected']), mode: z.enum(IMPORT_MODES), fileName: z.string(), creditorId: z.string(),
  total: z.number().nullable(), processed: z.number(), inserted: z.number(), duplicates: z.number(), errorCount: z.number(),
  errors: z.array(z.object({ row: z.number(), field: z.string(), reason: z.string() })), rejectedFileAvailable: z.boolean(), failure: z.string().nullable(),
  createdAt: z.string(), finishedAt: z.string().nullable(),
});

const DebtBody = z.strictObject({
  originalCreditor: z.string().trim().min(1).max(200), contractNumber: z.string().trim().min(1).max(100), product: z.string().max(100).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'), principal: Money, contractRateBps: z.number().int().min(0).max(100_000).default(0),
  penaltyRateBps: z.number().int().min(0).max(100_000).default(0), fees: Money.default('0'), originationDate: CalendarDate, dueDate: CalendarDate,
  lastPaymentDate: CalendarDate.optional(), acknowledgedDate: CalendarDate.optional(),
});

interface Upload { fields: Record<string, string>; file: { fileName: string; mediaType: string; bytes: Buffer } | null }

/** Reads a multipart body (one file plus text fields). Throws VALIDATION_FAILED naming `file` for a non-multipart body or an oversized file. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) throw commonError('VALIDATION_FAILED', { detail: 'send multipart/form-data with a "file" part', field: 'file' });
  const out: Upload = { fields: {}, file: null };
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 1_000_000 } })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch(() => { throw commonError('VALIDATION_FAILED', { detail: `the file is larger than ${Math.round(maxBytes / 1048576)} MB`, field: 'file' }); });
      if (part.file.truncated) throw commonError('VALIDATION_FAILED', { detail: 'the file is too large', field: 'file' });
      out.file = { fileName: part.filename || 'file', mediaType: part.mimetype || 'application/octet-stream', bytes };
    } else out.fields[part.fieldname] = String(part.value ?? '');
  }
  return out;
}

function parseField<T extends z.ZodType>(schema: T, value: unknown, field: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw commonError('VALIDATION_FAILED', { detail: `${field}: ${r.error.issues.map((i) => `${i.path.join('.') || field} ${i.message}`).join('; ')}`, field });
  return r.data;
}

const contentDisposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function workbenchRoutes(app: App, deps: WorkbenchRoutesDeps) {
  const { db, keys } = deps;
  const job = importJob({ keys });
  const role = (req: FastifyRequest) => requirePrincipal(req).role as Role;

  // ---- list & export ----
  app.get('/api/v1/cases', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Search and list cases: q (name, pinyin, initials, phone, ID number, ref, contract), status, hold, DPD bucket, balance band, collector, creditor; sorted, paginated; names masked per role (PI-22)',
      querystring: CaseListQuery, response: { 200: z.object({ total: z.number(), totalExact: z.boolean().describe('false: more than total match (counting stops 10,000 rows past the offset)'), page: z.number(), pageSize: z.number(), items: z.array(CaseListItemOut) }) } },
  }, async (req) => {
    const input = toSearchInput(req.query);
    const r = await req.inTenant((tx) => searchCases(tx, keys, input));
    return { total: r.total, totalExact: r.totalExact, page: Math.floor((input.offset ?? 0) / input.limit!) + 1, pageSize: input.limit!, items: r.items.map((i) => caseListItemOut(i, role(req))) };
  });

  app.get('/api/v1/cases/export', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Download the filtered case list as CSV or XLSX, masked per role (PI-22); audit-logged', querystring: CaseListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const { format, ...q } = req.query;
    const filters = toSearchInput(q);
    const rows = await req.inTenant(async (tx) => {
      const out = await exportCaseRows(tx, keys, { ...filters, offset: 0 }, p.role as Role);
      await recordAudit(tx, { tenantId: p.tenant.id, actorId: p.userId, actorRole: p.role, action: 'cases.export', targetType: 'case_list', ip: req.ip, userAgent: req.headers['user-agent'] ?? null,
        status: 200, detail: { format, rows: out.length, filters: { ...q }, rule: 'PI-22' } });
      return out;
    });
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'xlsx') {
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', contentDisposition(`cases-${stamp}.xlsx`)).send(await toXlsx(rows));
    }
    return reply.type('text/csv; charset=utf-8').header('content-disposition', contentDisposition(`cases-${stamp}.csv`)).send(toCsv(rows));
  });

  // ---- saved views ----
  app.get('/api/v1/case-views', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cases'], summary: 'My saved case-list views and the views shared in this agency', response: { 200: z.object({ items: z.array(ViewOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listCaseViews(tx, requirePrincipal(req).userId))).map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) }));

  app.post('/api/v1/case-views', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cases'], summary: 'Save the current list filters as a named view (shared: visible to the whole agency)',
      body: z.strictObject({ name: z.string().trim().min(1).max(80), filters: CaseViewFilters, shared: z.boolean().optional() }), response: { 201: z.object({ id: z.string() }) } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => saveCaseView(tx, requirePrincipal(req).userId, req.body))));

  app.delete('/api/v1/case-views/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cases'], summary: 'Delete one of my views (admins may also delete shared views)', params: CaseParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    await req.inTenant((tx) => deleteCaseView(tx, p.userId, req.params.id, p.role === 'tenant_admin'));
    return reply.code(204).send(null);
  });

  // ---- tasks ----
  app.get('/api/v1/cases/:id/tasks', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Tasks and reminders of a case (open first, by due time)', params: CaseParams, response: { 200: z.object({ items: z.array(TaskOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listCaseTasks(tx, req.params.id))).map(taskOut) }));

  app.post('/api/v1/cases/:id/tasks', {
    config: { access: { roles: WRITERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Add a task or reminder to a case (default assignee: the case collector)', params: CaseParams,
      body: z.strictObject({ title: z.string().trim().min(1).max(200), dueAt: z.iso.datetime({ offset: true }), assigneeId: Id.optional() }), response: { 201: z.object({ taskId: z.string() }) } },
  }, async (req, reply) => {
    const r = await req.inTenant((tx) => addCaseTask(tx, { caseId: req.params.id, title: req.body.title, dueAt: new Date(req.body.dueAt), ...(req.body.assigneeId ? { assigneeId: req.body.assigneeId } : {}), actorId: requirePrincipal(req).userId }));
    return reply.code(201).send(r);
  });

  app.post('/api/v1/tasks/:taskId/complete', {
    config: { access: { roles: WRITERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Mark a task done', params: z.strictObject({ taskId: Id }), response: { 200: TaskOut } },
  }, async (req) => taskOut(await req.inTenant((tx) => completeCaseTask(tx, req.params.taskId, requirePrincipal(req).userId))));

  app.get('/api/v1/tasks', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Open tasks: mine=true for my own; due=overdue|today|upcoming (Asia/Shanghai day)',
      querystring: z.strictObject({ mine: z.enum(['true', 'false']).optional(), due: z.enum(['overdue', 'today', 'upcoming']).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ items: z.array(TaskOut) }) } },
  }, async (req) => {
    const q = req.query;
    const items = await req.inTenant((tx) => listTasks(tx, { ...(q.mine === 'true' ? { userId: requirePrincipal(req).userId } : {}), ...(q.due ? { due: q.due } : {}), ...(q.limit ? { limit: q.limit } : {}) }));
    return { items: items.map(taskOut) };
  });

  // ---- notes ----
  const NoteOut = z.object({ id: z.string(), authorId: z.string().nullable(), text: z.string(), createdAt: z.string() });
  app.get('/api/v1/cases/:id/notes', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Notes of a case, newest first; personal data in the text masked per role (PI-22)', params: CaseParams, response: { 200: z.object({ items: z.array(NoteOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listNotes(tx, keys, req.params.id, role(req)))).map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) }));

  app.post('/api/v1/cases/:id/notes', {
    config: { access: { roles: WRITERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Add a note (sealed at rest)', params: CaseParams, body: z.strictObject({ text: z.string().trim().min(1).max(5000) }), response: { 201: z.object({ noteId: z.string() }) } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => addNote(tx, keys, { caseId: req.params.id, text: req.body.text, authorId: requirePrincipal(req).userId }))));

  // ---- attachments ----
  const AttachmentOut = z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), evidenceSeq: z.number().nullable(), uploadedBy: z.string().nullable(), createdAt: z.string() });
  app.post('/api/v1/cases/:id/attachments', {
    config: { access: { roles: WRITERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Attach a file (multipart "file", ≤ 20 MB): stored write-once in the evidence store with a log leaf', params: CaseParams, consumes: ['multipart/form-data'],
      response: { 201: z.object({ attachmentId: z.string(), sha256: z.string(), size: z.number() }) } },
  }, async (req, reply) => {
    await req.inTenant((tx) => listAttachments(tx, req.params.id)); // 404 for a case this tenant does not hold, before reading the upload
    const up = await readUpload(req, MAX_ATTACHMENT_BYTES);
    if (!up.file) throw commonError('VALIDATION_FAILED', { detail: 'no "file" part', field: 'file' });
    const f = up.file;
    const r = await req.inTenant((tx) => addAttachment(tx, { caseId: req.params.id, fileName: f.fileName, mediaType: f.mediaType, bytes: f.bytes, actorId: requirePrincipal(req).userId }));
    return reply.code(201).send(r);
  });

  app.get('/api/v1/cases/:id/attachments', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Attachments of a case', params: CaseParams, response: { 200: z.object({ items: z.array(AttachmentOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listAttachments(tx, req.params.id))).map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) }));

  app.get('/api/v1/cases/:id/attachments/:attachmentId', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Download an attachment (original bytes)', params: z.strictObject({ id: Id, attachmentId: Id }) },
  }, async (req, reply) => {
    const a = await req.inTenant((tx) => getAttachment(tx, req.params.id, req.params.attachmentId));
    return reply.type(a.mediaType).header('content-disposition', contentDisposition(a.fileName)).header('x-content-sha256', a.sha256).send(Buffer.from(a.bytes));
  });

  // ---- reveal ----
  app.post('/api/v1/cases/:id/reveal', {
    config: { access: { roles: REVEALERS } },
    schema: { tags: ['cases'], summary: 'Unmask the debtor\'s ID number / phones / e-mails / addresses for a stated reason (PI-20); audited and logged as evidence', params: CaseParams,
      body: z.strictObject({ fields: z.array(z.enum(REVEAL_FIELDS)).min(1).max(4), reason: z.string().trim().min(5).max(500) }),
      response: { 200: z.object({ idNumber: z.string().optional(), phones: z.array(z.string()).optional(), emails: z.array(z.string()).optional(), addresses: z.array(z.string()).optional() }) } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => revealCaseDebtor(tx, keys, { caseId: req.params.id, fields: req.body.fields, reason: req.body.reason, actorId: p.userId, role: p.role as Role, ip: req.ip, userAgent: req.headers['user-agent'] ?? null }));
  });

  // ---- touches ----
  app.get('/api/v1/outcome-codes', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cases'], summary: 'Outcome codes for a touch, with zh/en labels', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string(), contacted: z.boolean() })), channels: z.array(z.string()) }) } },
  }, async () => ({ items: OUTCOME_CODE_LIST.map((code) => ({ code, ...OUTCOME_CODES[code] })), channels: [...TOUCH_CHANNELS] }));

  app.post('/api/v1/cases/:id/touches', {
    config: { access: { roles: WRITERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Record a touch with its outcome code (first touch stops the SLA clock; dispute_raised puts the case on dispute hold)', params: CaseParams,
      body: z.strictObject({ outcomeCode: z.enum(OUTCOME_CODE_LIST), channel: z.enum(TOUCH_CHANNELS), at: z.iso.datetime({ offset: true }).optional(), note: z.string().trim().max(2000).optional(),
        staffCount: z.number().int().min(0).max(20).optional() }),
      response: { 201: z.object({ seq: z.number(), holdId: z.string().nullable(),
        compliance: z.object({ attemptId: z.string(), decision: z.enum(['allow', 'deny']), breach: z.boolean(), ruleIds: z.array(z.string()), warnings: z.array(z.string()) }).nullable() }) } },
  }, async (req, reply) => {
    const b = req.body;
    const by = requirePrincipal(req).userId;
    const at = b.at ? new Date(b.at) : new Date();
    const r = await req.inTenant(async (tx) => {
      // The contact gate (compliance, wired at composition) decides the touch with the facts of every other path
      // and records it; a refused one is kept as a breach for the compliance officer, never silently.
      const gate = touchGate();
      const compliance = gate ? await gate(tx, { caseId: req.params.id, channel: b.channel, outcomeCode: b.outcomeCode, at, by, ...(b.staffCount !== undefined ? { staffCount: b.staffCount } : {}) }) : null;
      const t = await recordTouch(tx, req.params.id, { outcomeCode: b.outcomeCode, channel: b.channel, by, at, ...(b.note ? { note: b.note } : {}),
        ...(compliance?.breach ? { breachRules: compliance.ruleIds } : {}) }, keys);
      return { ...t, compliance };
    });
    return reply.code(201).send(r);
  });

  // ---- SLA ----
  const SlaCaseOut = z.object({ caseId: z.string(), ref: z.string(), debtorName: z.string(), creditor: z.object({ id: z.string(), name: z.string() }),
    collector: z.object({ id: z.string(), name: z.string() }).nullable(), stage: z.string(), placedAt: z.string(), dueAt: z.string(), hoursLeft: z.number() });
  app.get('/api/v1/sla/summary', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'First-action SLA of cases placed in the last `days` days: met / at risk / breached, per creditor and per day; the open cases at risk (due within `dueWithinHours`, default 24, or in the last 25 % of their window) and breached (no first action yet), with masked debtor names',
      querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(90).optional(), dueWithinHours: z.coerce.number().int().min(1).max(168).optional(),
        limit: z.coerce.number().int().min(1).max(200).optional() }),
      response: { 200: z.object({ met: z.number(), onTrack: z.number(), atRisk: z.number(), breached: z.number(), windowDays: z.number(),
        byCreditor: z.array(z.object({ creditorId: z.string(), name: z.string(), met: z.number(), onTrack: z.number(), atRisk: z.number(), breached: z.number() })),
        daily: z.array(z.object({ date: z.string(), placed: z.number(), firstActionOnTime: z.number(), breached: z.number() })),
        atRiskCases: z.array(SlaCaseOut), breachedCases: z.array(SlaCaseOut), breachedOpenTotal: z.number() }) } },
  }, async (req) => {
    const s = await req.inTenant((tx) => slaSummary(tx, { ...(req.query.days ? { days: req.query.days } : {}), cases: true,
      ...(req.query.dueWithinHours ? { dueWithinHours: req.query.dueWithinHours } : {}), ...(req.query.limit ? { limit: req.query.limit } : {}) }));
    const out = (c: SlaCase) => ({ ...c, placedAt: c.placedAt.toISOString(), dueAt: c.dueAt.toISOString() });
    return { ...s, atRiskCases: (s.atRiskCases ?? []).map(out), breachedCases: (s.breachedCases ?? []).map(out), breachedOpenTotal: s.breachedOpenTotal ?? 0 };
  });

  // ---- imports ----
  app.post('/api/v1/imports/preview', {
    config: { access: { roles: ADMINS, scope: 'collection_outsourcing', apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Column-mapping step: upload a CSV/XLSX (multipart "file"); returns its headers, a suggested mapping and the first rows', consumes: ['multipart/form-data'],
      response: { 200: z.object({ kind: z.enum(['csv', 'xlsx']), headers: z.array(z.string()), suggestedMapping: z.record(z.string(), z.string()), fields: z.array(z.string()), rows: z.array(z.record(z.string(), z.string())) }) } },
  }, async (req) => {
    const up = await readUpload(req, 200 * 1024 * 1024);
    if (!up.file) throw commonError('VALIDATION_FAILED', { detail: 'no "file" part', field: 'file' });
    const r = await previewImport(up.file.fileName, up.file.bytes);
    return { ...r, suggestedMapping: r.suggestedMapping as Record<string, string> };
  });

  app.post('/api/v1/imports', {
    config: { access: { roles: ADMINS, scope: 'collection_outsourcing', apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Start a bulk placement (multipart: file, creditorId, mode=dry_run|all_or_nothing|valid_only, mapping JSON); runs as a job', consumes: ['multipart/form-data'],
      response: { 202: z.object({ importId: z.string() }) } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const up = await readUpload(req, 200 * 1024 * 1024);
    if (!up.file) throw commonError('VALIDATION_FAILED', { detail: 'no "file" part', field: 'file' });
    const creditorId = parseField(Id, up.fields.creditorId, 'creditorId');
    const mode = parseField(z.enum(IMPORT_MODES), up.fields.mode ?? 'dry_run', 'mode');
    let mapping: z.infer<typeof ImportMappingInput> | undefined;
    if (up.fields.mapping) {
      let raw: unknown;
      try {
        raw = JSON.parse(up.fields.mapping);
      } catch {
        throw commonError('VALIDATION_FAILED', { detail: 'mapping must be JSON {ourField: "column header"}', field: 'mapping' });
      }
      mapping = parseField(ImportMappingInput, raw, 'mapping');
    }
    const f = up.file;
    const { importId } = await req.inTenant((tx) => createImport(tx, keys, { creditorId, mode, fileName: f.fileName, bytes: f.bytes, ...(mapping ? { mapping } : {}), actorId: p.userId }));
    if (deps.queue) await deps.queue.send(job, { tenantId: p.tenant.id, importId });
    return reply.code(202).send({ importId });
  });

  app.get('/api/v1/imports/:id', {
    config: { access: { roles: ADMINS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Progress and result of an import (first 200 row errors)', params: CaseParams, response: { 200: ImportOut } },
  }, async (req) => {
    const r = await req.inTenant((tx) => getImport(tx, req.params.id));
    return { ...r, createdAt: r.createdAt.toISOString(), finishedAt: iso(r.finishedAt) };
  });

  app.get('/api/v1/imports/:id/rejected', {
    config: { access: { roles: ADMINS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'The rejected rows with their reasons as CSV', params: CaseParams },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const r = await req.inTenant(async (tx) => {
      const out = await getRejectedRows(tx, keys, req.params.id);
      await recordAudit(tx, { tenantId: p.tenant.id, actorId: p.userId, actorRole: p.role, action: 'cases.import.rejected_download', targetType: 'import', targetId: req.params.id, ip: req.ip, status: 200 });
      return out;
    });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', contentDisposition(r.fileName)).send(r.csv);
  });

  // ---- leads ----
  app.get('/api/v1/leads', {
    config: { access: { roles: ADMINS } },
    schema: { tags: ['cases'], summary: 'Requests from the public consultation form (contact masked)',
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), contactMasked: z.string(), message: z.string(), status: z.string(), createdAt: z.string() })) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listLeads(tx, 200))).map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })) }));

  app.post('/api/v1/leads/:id/convert', {
    config: { access: { roles: ADMINS, scope: 'collection_outsourcing' } },
    // A lead this agency does not hold is 404 before the (large) body is validated.
    preValidation: async (req) => {
      const id = String((req.params as { id?: unknown }).id ?? '');
      await req.inTenant((tx) => requireLead(tx, id));
    },
    schema: { tags: ['cases'], summary: 'Convert a lead into a creditor (existing creditorId, or a new creditor with its entrustment, COL-02/03) and a placed case', params: CaseParams,
      body: z.strictObject({ creditorId: Id.optional(), creditor: CreateCreditorInput.optional(), entrustment: EntrustmentInput.omit({ creditorId: true }).optional(), debtor: DebtorInput, debt: DebtBody }),
      response: { 201: z.object({ creditorId: z.string(), caseId: z.string(), ref: z.string() }) } },
  }, async (req, reply) => {
    const b = req.body;
    const r = await req.inTenant((tx) => convertLead(tx, keys, {
      leadId: req.params.id, ...(b.creditorId ? { creditorId: b.creditorId } : {}), ...(b.creditor ? { creditor: b.creditor } : {}), ...(b.entrustment ? { entrustment: b.entrustment } : {}),
      debtor: b.debtor, actorId: requirePrincipal(req).userId,
      debt: { ...b.debt, principalFen: parseYuan(b.debt.principal), feesFen: parseYuan(b.debt.fees), contractRateBps: BigInt(b.debt.contractRateBps), penaltyRateBps: BigInt(b.debt.penaltyRateBps) },
    }));
    return reply.code(201).send(r);
  });

  // ---- creditor portal ----
  app.get('/api/v1/creditor/overview', {
    config: { access: { roles: ['creditor'] } },
    schema: { tags: ['cases'], summary: 'Creditor portal: my creditors\' placements by stage, first-action SLA (30 days) and cases (masked)',
      querystring: z.strictObject({ page: z.coerce.number().int().min(1).max(100_000).optional(), pageSize: z.coerce.number().int().min(1).max(200).optional() }),
      response: { 200: z.object({
        creditors: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
        byStage: z.array(z.object({ stage: z.enum(CASE_STAGES), count: z.number() })),
        sla: z.object({ windowDays: z.number(), met: z.number(), onTrack: z.number(), atRisk: z.number(), breached: z.number(), complianceRate: z.number().nullable() }),
        cases: z.object({ total: z.number(), items: z.array(CaseListItemOut) }),
      }) } },
  }, async (req) => {
    const pageSize = req.query.pageSize ?? 50;
    const r = await req.inTenant((tx) => creditorOverview(tx, keys, requirePrincipal(req).userId, { limit: pageSize, offset: ((req.query.page ?? 1) - 1) * pageSize }));
    return { ...r, cases: { total: r.cases.total, items: r.cases.items.map((i) => caseListItemOut(i, 'creditor')) } };
  });

  app.post('/api/v1/creditors/:id/users', {
    config: { access: { roles: ADMINS } },
    schema: { tags: ['cases'], summary: 'Link a creditor-role user to this creditor (creditor portal access)', params: CaseParams, body: z.strictObject({ userId: z.string().trim().min(1).max(40) }), response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => linkCreditorUser(tx, req.params.id, req.body.userId));
    return reply.code(204).send(null);
  });

  // ---- hand-off & transfers ----
  const HandoffOut = z.object({ id: z.string(), kind: z.enum([...HANDOFF_KINDS, 'received']), target: z.string().nullable(), reason: z.string(), actorId: z.string().nullable(), at: z.string(), transferId: z.string().nullable(), packageDigest: z.string().nullable() });
  app.post('/api/v1/cases/:id/handoff', {
    config: { access: { roles: ['tenant_admin', 'collector', 'legal_officer'], apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Hand the case to the legal track, a lawyer (→ legal, assigned to a legal officer) or another agency on this platform (closes here as transferred; COL-73)', params: CaseParams,
      body: z.strictObject({ to: z.enum(HANDOFF_KINDS), targetTenantSlug: z.string().trim().min(1).max(60).optional(), lawyerName: z.string().trim().min(1).max(200).optional(), assigneeId: Id.optional(), reason: z.string().trim().min(2).max(1000) }),
      response: { 201: z.object({ handoffId: z.string(), stage: z.string(), assignedTo: z.string().nullable(), transferId: z.string().nullable() }) } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const b = req.body;
    let target: { id: string; slug: string; displayName: string } | undefined;
    if (b.to === 'agency') {
      if (p.role !== 'tenant_admin') throw commonError('FORBIDDEN', { detail: 'only an agency admin transfers a case to another agency' });
      if (!b.targetTenantSlug) throw caseError('CASES_HANDOFF_INVALID', { detail: 'name the receiving agency', field: 'targetTenantSlug' });
      const t = await withPlatform(db, (tx) => findTenant(tx, b.targetTenantSlug!));
      if (!t || t.kind !== 'agency' || t.status !== 'active') throw caseError('CASES_HANDOFF_INVALID', { detail: 'no active agency with that site name', field: 'targetTenantSlug' });
      target = { id: t.id, slug: t.slug, displayName: t.displayName };
    }
    const r = await req.inTenant((tx) => handoffCase(tx, keys, { caseId: req.params.id, to: b.to, reason: b.reason, ...(b.lawyerName ? { lawyerName: b.lawyerName } : {}), ...(b.assigneeId ? { assigneeId: b.assigneeId } : {}), ...(target ? { target } : {}), actorId: p.userId }));
    return reply.code(201).send(r);
  });

  app.get('/api/v1/cases/:id/handoffs', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Hand-offs of a case (and the transfer it was received from)', params: CaseParams, response: { 200: z.object({ items: z.array(HandoffOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listHandoffs(tx, req.params.id))).map((h) => ({ ...h, at: h.at.toISOString() })) }));

  const TransferOut = z.object({ id: z.string(), fromTenantId: z.string(), createdAt: z.string(), packageDigest: z.string(),
    summary: z.object({ fromRef: z.string(), creditorName: z.string(), contractNumber: z.string(), principal: z.string(), currency: z.string(), events: z.number() }) });
  app.get('/api/v1/transfers/incoming', {
    config: { access: { roles: ADMINS } },
    schema: { tags: ['cases'], summary: 'Cases other agencies transferred to this agency, waiting to be accepted', response: { 200: z.object({ items: z.array(TransferOut) }) } },
  }, async (req) => ({ items: (await req.inTenant(listIncomingTransfers)).map((t) => {
    const s = t.summary as { fromRef: string; creditorName: string; contractNumber: string; principal: string; currency: string; events: number };
    return { id: t.id, fromTenantId: t.fromTenantId, createdAt: t.createdAt.toISOString(), packageDigest: t.packageDigest, summary: { ...s, principal: formatYuan(BigInt(s.principal)) } };
  }) }));

  app.post('/api/v1/transfers/:id/accept', {
    config: { access: { roles: ADMINS, scope: 'collection_outsourcing' } },
    schema: { tags: ['cases'], summary: 'Accept a transfer: the case is placed here (under creditorId, or the creditor with the same USCC/code) with the sending history attached', params: CaseParams,
      body: z.strictObject({ creditorId: Id.optional() }).optional(), response: { 201: z.object({ caseId: z.string(), ref: z.string() }) } },
  }, async (req, reply) => {
    const r = await req.inTenant((tx) => acceptTransfer(tx, keys, { transferId: req.params.id, ...(req.body?.creditorId ? { creditorId: req.body.creditorId } : {}), actorId: requirePrincipal(req).userId }));
    return reply.code(201).send(r);
  });
}
