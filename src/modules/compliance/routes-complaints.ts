// HTTP adapter of complaints and disputes (staff and the debtor portal; COL-80) and call recordings (COL-60..62).
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { commonError } from '../../platform/errors.js';
import type { Tx } from '../../platform/db/index.js';
import { getCase, searchCases } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { fileComplaint, listComplaints, respondToComplaint, type ComplaintView } from './complaints.js';
import { listRecordings, setRecordingLegalHold, setTranscript, storeRecording } from './recordings.js';
import { actorOf, CaseParams, Hit, Id, STAFF } from './routes-shared.js';

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

export async function complianceComplaintRoutes(app: App, deps: { keys?: DebtorKeys }) {
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
}
