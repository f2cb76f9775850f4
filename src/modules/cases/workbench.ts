// The collector's workbench around one case: saved list views, tasks and reminders, sealed notes, attachments kept
// write-once in the evidence store, touches with an outcome code, and the audited reveal of masked identifiers
// (PI-20/PI-22). Every change to a case lands on its timeline and in the evidence log in the same transaction.
import { z } from 'zod';
import { and, asc, desc, eq, gte, lt, or, sql as dsql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../platform/audit.js';
import { encryptField, decryptField, maskText, authoriseUnmask, type Role, type PiiType } from '../../platform/pii/index.js';
import { revealIdNumber, revealContactPoints, getDebtor, type DebtorKeys } from '../debtors/index.js';
import { appendEvidence, storeEvidenceFile, findEvidenceFile } from '../evidence/index.js';
import { appendCaseEvent, lockCaseRow } from './timeline.js';
import { markFirstAction } from './workflow.js';
import { attachments, caseViews, cases, notes, tasks } from './schema.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';

// ---- saved views ----

export const CaseViewFilters = z.strictObject({
  q: z.string().max(100).optional(),
  stage: z.string().max(40).optional(),
  hold: z.string().max(40).optional(),
  dpdBucket: z.string().max(20).optional(),
  balanceBand: z.string().max(20).optional(),
  collectorId: z.string().max(40).optional(),
  creditorId: z.string().max(40).optional(),
  sort: z.string().max(20).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  pageSize: z.number().int().min(1).max(500).optional(),
});
export type CaseViewFilters = z.infer<typeof CaseViewFilters>;

export interface CaseView { id: string; name: string; filters: CaseViewFilters; shared: boolean; ownerId: string; mine: boolean; createdAt: Date }

/** The caller's own views and the tenant's shared ones. */
export async function listCaseViews(tx: Tx, userId: string): Promise<CaseView[]> {
  const rs = await tx.select().from(caseViews).where(or(eq(caseViews.ownerId, userId), eq(caseViews.shared, true))).orderBy(asc(caseViews.name), asc(caseViews.id));
  return rs.map((r) => ({ id: r.id, name: r.name, filters: r.filters as CaseViewFilters, shared: r.shared, ownerId: r.ownerId, mine: r.ownerId === userId, createdAt: r.createdAt }));
}

export async function saveCaseView(tx: Tx, userId: string, input: { name: string; filters: CaseViewFilters; shared?: boolean }): Promise<{ id: string }> {
  const id = newId('view');
  await tx.insert(caseViews).values({ tenantId: await tenantOf(tx), id, ownerId: userId, name: input.name, filters: CaseViewFilters.parse(input.filters), shared: input.shared ?? false });
  return { id };
}

/** Deletes one of the caller's views (a shared view only by its owner or an admin). Throws CASES_VIEW_NOT_FOUND. */
export async function deleteCaseView(tx: Tx, userId: string, id: string, isAdmin = false): Promise<void> {
  const cond = isAdmin ? and(eq(caseViews.id, id), or(eq(caseViews.ownerId, userId), eq(caseViews.shared, true))) : and(eq(caseViews.id, id), eq(caseViews.ownerId, userId));
  const r = await tx.delete(caseViews).where(cond).returning({ id: caseViews.id });
  if (!r.length) throw caseError('CASES_VIEW_NOT_FOUND', { detail: id });
}

// ---- tasks ----

export interface TaskView { id: string; caseId: string; kind: string; title: string; dueAt: Date | null; assignedTo: string | null; status: string; createdAt: Date; doneAt: Date | null }

const taskOut = (t: typeof tasks.$inferSelect): TaskView => ({ id: t.id, caseId: t.caseId, kind: t.kind, title: t.title, dueAt: t.dueAt, assignedTo: t.assignedTo, status: t.status, createdAt: t.createdAt, doneAt: t.doneAt });

/** Tasks of a case, open first by due date. Throws CASES_NOT_FOUND. */
export async function listCaseTasks(tx: Tx, caseId: string): Promise<TaskView[]> {
  await requireCase(tx, caseId);
  const rs = await tx.select().from(tasks).where(eq(tasks.caseId, caseId))
    .orderBy(dsql`(${tasks.status} = 'open') DESC`, dsql`${tasks.dueAt} ASC NULLS LAST`, asc(tasks.createdAt));
  return rs.map(taskOut);
}

/**
 * Open tasks across cases: the caller's own (`mine`) or everyone's, by due window in the tenant's day (Asia/Shanghai):
 * overdue (due before now), today (due from now until local midnight), upcoming (due after today, or undated).
 */
export async function listTasks(tx: Tx, input: { userId?: string; due?: 'overdue' | 'today' | 'upcoming'; limit?: number }, now = new Date()): Promise<TaskView[]> {
  const conds = [eq(tasks.status, 'open')];
  if (input.userId) conds.push(eq(tasks.assignedTo, input.userId));
  const endOfDay = shanghaiMidnightAfter(now);
  if (input.due === 'overdue') conds.push(lt(tasks.dueAt, now));
  else if (input.due === 'today') conds.push(and(gte(tasks.dueAt, now), lt(tasks.dueAt, endOfDay))!);
  else if (input.due === 'upcoming') conds.push(or(gte(tasks.dueAt, endOfDay), dsql`${tasks.dueAt} IS NULL`)!);
  const rs = await tx.select().from(tasks).where(and(...conds)).orderBy(dsql`${tasks.dueAt} ASC NULLS LAST`, asc(tasks.id)).limit(input.limit ?? 200);
  return rs.map(taskOut);
}

function shanghaiMidnightAfter(now: Date): Date {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const d = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  return new Date(d - 8 * 3_600_000);
}

/** Adds a task or reminder to a case (it lands on the timeline). Throws CASES_NOT_FOUND, CASES_CLOSED. */
export async function addCaseTask(tx: Tx, input: { caseId: string; title: string; dueAt: Date; assigneeId?: string; kind?: string; actorId?: string | null; at?: Date }): Promise<{ taskId: string }> {
  const at = input.at ?? new Date();
  const c = await lockCaseRow(tx, input.caseId);
  if (c.stage === 'closed') throw caseError('CASES_CLOSED');
  const taskId = newId('task');
  await tx.insert(tasks).values({ tenantId: await tenantOf(tx), id: taskId, caseId: c.id, kind: input.kind ?? 'manual', title: input.title, dueAt: input.dueAt, assignedTo: input.assigneeId ?? c.assignedTo ?? input.actorId ?? null, status: 'open' });
  await appendCaseEvent(tx, c, { type: 'recorded', what: 'task_created', at, actorId: input.actorId ?? null, data: { taskId, kind: input.kind ?? 'manual', dueAt: input.dueAt.toISOString() } });
  return { taskId };
}

/** Completes an open task (timeline event on its case). Throws CASES_TASK_NOT_FOUND. */
export async function completeCaseTask(tx: Tx, taskId: string, actorId: string | null, at = new Date()): Promise<TaskView> {
  const [t] = await tx.select().from(tasks).where(eq(tasks.id, taskId));
  if (!t) throw caseError('CASES_TASK_NOT_FOUND', { detail: taskId });
  if (t.status !== 'open') throw caseError('CASES_TASK_NOT_FOUND', { detail: `task ${taskId} is ${t.status}` });
  const c = await lockCaseRow(tx, t.caseId);
  const [done] = await tx.update(tasks).set({ status: 'done', doneAt: at }).where(and(eq(tasks.id, taskId), eq(tasks.status, 'open'))).returning();
  await appendCaseEvent(tx, c, { type: 'recorded', what: 'task_completed', at, actorId, data: { taskId } });
  return taskOut(done);
}

// ---- notes ----

const noteAad = (tenantId: string) => `${tenantId}:cases.notes`;

/** Adds a note; the text is sealed at rest. Throws CASES_NOT_FOUND. */
export async function addNote(tx: Tx, keys: DebtorKeys, input: { caseId: string; text: string; authorId: string | null; at?: Date }): Promise<{ noteId: string }> {
  const at = input.at ?? new Date();
  const c = await lockCaseRow(tx, input.caseId);
  const tenantId = await tenantOf(tx);
  const noteId = newId('note');
  await tx.insert(notes).values({ tenantId, id: noteId, caseId: c.id, authorId: input.authorId, textEnc: encryptField(keys.ring, input.text, noteAad(tenantId)), createdAt: at });
  await appendCaseEvent(tx, c, { type: 'recorded', what: 'note_added', at, actorId: input.authorId, data: { noteId } });
  return { noteId };
}

/** Notes of a case, newest first, with personal data in the text masked per the caller's role (PI-22). */
export async function listNotes(tx: Tx, keys: DebtorKeys, caseId: string, role: Role): Promise<Array<{ id: string; authorId: string | null; text: string; createdAt: Date }>> {
  await requireCase(tx, caseId);
  const tenantId = await tenantOf(tx);
  const rs = await tx.select().from(notes).where(eq(notes.caseId, caseId)).orderBy(desc(notes.createdAt), desc(notes.id));
  return rs.map((n) => ({ id: n.id, authorId: n.authorId, text: maskText(decryptField(keys.ring, n.textEnc, noteAad(tenantId)), { role }), createdAt: n.createdAt }));
}

// ---- attachments ----

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * Stores an attachment write-once in the evidence file store (deduplicated by SHA-256) and appends an evidence leaf
 * with its digests; the case timeline records it. Throws CASES_NOT_FOUND, CASES_ATTACHMENT_INVALID.
 */
export async function addAttachment(
  tx: Tx, input: { caseId: string; fileName: string; mediaType: string; bytes: Uint8Array; actorId: string | null; at?: Date },
): Promise<{ attachmentId: string; sha256: string; size: number }> {
  const at = input.at ?? new Date();
  if (!input.bytes.length) throw caseError('CASES_ATTACHMENT_INVALID', { detail: 'the file is empty', field: 'file' });
  if (input.bytes.length > MAX_ATTACHMENT_BYTES) throw caseError('CASES_ATTACHMENT_INVALID', { detail: 'the file is larger than 20 MB', field: 'file' });
  const mediaType = /^[a-z]+\/[a-z0-9.+-]+$/.test(input.mediaType) ? input.mediaType : 'application/octet-stream';
  const fileName = input.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'file';
  const c = await lockCaseRow(tx, input.caseId);
  const content = await storeEvidenceFile(tx, input.bytes, mediaType);
  const attachmentId = newId('att');
  const leaf = await appendEvidence(tx, { type: 'case.attachment_added', case: c.id, actor: input.actorId ?? 'system', occurredAt: at, content, refs: { attachment: attachmentId } });
  await tx.insert(attachments).values({
    tenantId: await tenantOf(tx), id: attachmentId, caseId: c.id, fileName, mediaType, size: content.size, sha256: content.sha256, evidenceSeq: leaf.leafIndex, uploadedBy: input.actorId, createdAt: at,
  });
  await appendCaseEvent(tx, c, { type: 'recorded', what: 'attachment_added', at, actorId: input.actorId, data: { attachmentId, sha256: content.sha256, size: content.size } });
  return { attachmentId, sha256: content.sha256, size: content.size };
}

export async function listAttachments(tx: Tx, caseId: string) {
  await requireCase(tx, caseId);
  return tx.select({ id: attachments.id, fileName: attachments.fileName, mediaType: attachments.mediaType, size: attachments.size, sha256: attachments.sha256,
    evidenceSeq: attachments.evidenceSeq, uploadedBy: attachments.uploadedBy, createdAt: attachments.createdAt })
    .from(attachments).where(eq(attachments.caseId, caseId)).orderBy(desc(attachments.createdAt), desc(attachments.id));
}

/** The attachment's bytes. Throws CASES_ATTACHMENT_NOT_FOUND. */
export async function getAttachment(tx: Tx, caseId: string, attachmentId: string): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array; sha256: string }> {
  const [a] = await tx.select().from(attachments).where(and(eq(attachments.caseId, caseId), eq(attachments.id, attachmentId)));
  if (!a) throw caseError('CASES_ATTACHMENT_NOT_FOUND', { detail: attachmentId });
  const f = await findEvidenceFile(tx, a.sha256);
  if (!f) throw caseError('CASES_ATTACHMENT_NOT_FOUND', { detail: `bytes of ${attachmentId} are missing` });
  return { fileName: a.fileName, mediaType: a.mediaType, bytes: f.bytes, sha256: a.sha256 };
}

// ---- touches ----

/** Outcome codes of a touch (call, SMS, visit, letter …) and what each one means for the case. */
export const OUTCOME_CODES = {
  contacted_promise: { zh: '已联系，承诺还款', en: 'Contacted: promise to pay', contacted: true },
  contacted_refused: { zh: '已联系，拒绝还款', en: 'Contacted: refused to pay', contacted: true },
  contacted_hardship: { zh: '已联系，称经济困难', en: 'Contacted: hardship stated', contacted: true },
  contacted_paid_claimed: { zh: '已联系，称已还款', en: 'Contacted: says already paid', contacted: true },
  wrong_number: { zh: '号码错误', en: 'Wrong number', contacted: false },
  no_answer: { zh: '无人接听', en: 'No answer', contacted: false },
  busy: { zh: '占线', en: 'Line busy', contacted: false },
  left_message: { zh: '已留言', en: 'Left a message', contacted: false },
  third_party_message: { zh: '第三方转告', en: 'Message via a third party', contacted: false },
  dispute_raised: { zh: '债务人提出异议', en: 'Debtor disputes the debt', contacted: true },
  cease_requested: { zh: '要求停止联系', en: 'Asked not to be contacted', contacted: true },
  deceased_reported: { zh: '告知债务人已故', en: 'Reported deceased', contacted: false },
} as const;
export type OutcomeCode = keyof typeof OUTCOME_CODES;
export const OUTCOME_CODE_LIST = Object.keys(OUTCOME_CODES) as [OutcomeCode, ...OutcomeCode[]];
export const TOUCH_CHANNELS = ['phone', 'sms', 'email', 'letter', 'visit', 'wechat', 'portal'] as const;

export const TouchInput = z.object({
  outcomeCode: z.enum(OUTCOME_CODE_LIST),
  channel: z.enum(TOUCH_CHANNELS),
  at: z.date().optional(),
  by: z.string().nullish(),
  note: z.string().trim().max(2000).optional(),
  /** Rules of the contact gate that refuse this touch (it happened anyway): kept on the timeline event. */
  breachRules: z.array(z.string().regex(/^[A-Z]{2,4}-\d{2}$/)).max(20).optional(),
});
export type TouchInput = z.input<typeof TouchInput>;

/**
 * Records one touch on a case with its outcome code: a timeline event, the first-action mark (the SLA clock stops
 * at the first touch), an optional sealed note, and for `dispute_raised` a dispute hold until the debt is verified
 * (the "this is not my debt"). Throws CASES_NOT_FOUND, CASES_CLOSED.
 */
export async function recordTouch(tx: Tx, caseId: string, input: TouchInput, keys?: DebtorKeys): Promise<{ seq: number; holdId: string | null }> {
  const i = TouchInput.parse(input);
  const at = i.at ?? new Date();
  const c0 = await lockCaseRow(tx, caseId);
  if (c0.stage === 'closed') throw caseError('CASES_CLOSED');
  await markFirstAction(tx, { caseId, kind: `touch:${i.channel}`, actorId: i.by ?? null, at });
  const c = await lockCaseRow(tx, caseId);
  const { event } = await appendCaseEvent(tx, c, { type: 'recorded', what: 'touch', at, actorId: i.by ?? null, data: { outcomeCode: i.outcomeCode, channel: i.channel, ...(i.breachRules?.length ? { complianceBreach: i.breachRules } : {}) } });
  if (i.note && keys) await addNote(tx, keys, { caseId, text: i.note, authorId: i.by ?? null, at });
  let holdId: string | null = null;
  if (i.outcomeCode === 'dispute_raised') {
    const c2 = await lockCaseRow(tx, caseId);
    holdId = newId('hold');
    await appendCaseEvent(tx, c2, { type: 'hold_placed', at, actorId: i.by ?? null, holdId, kind: 'dispute', reason: 'debtor disputes the debt; verify before collecting', resumeAt: null });
  }
  return { seq: event.seq, holdId };
}

// ---- reveal ----

export const REVEAL_FIELDS = ['idNumber', 'phones', 'emails', 'addresses'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];
/** Roles that may unmask a debtor's identifiers with a stated reason (design default; PI-20). */
export const REVEAL_PERMISSIONS: Partial<Record<Role, readonly string[]>> = {
  tenant_admin: ['pii:unmask'], legal_officer: ['pii:unmask'], compliance_officer: ['pii:unmask'], mediator: ['pii:unmask'],
};

/**
 * Unmasks the case debtor's identifiers for a stated reason. Each call is written to the audit trail with the reason
 * and to the evidence log as an audit-worthy read (ids and field names only). Throws CASES_NOT_FOUND,
 * PII_UNMASK_FORBIDDEN, PII_UNMASK_REASON_REQUIRED.
 */
export async function revealCaseDebtor(
  tx: Tx, keys: DebtorKeys, input: { caseId: string; fields: RevealField[]; reason: string; actorId: string; role: Role; ip?: string | null; userAgent?: string | null; at?: Date },
): Promise<{ idNumber?: string; phones?: string[]; emails?: string[]; addresses?: string[] }> {
  const at = input.at ?? new Date();
  const [c] = await tx.select({ id: cases.id, debtorId: cases.debtorId }).from(cases).where(eq(cases.id, input.caseId));
  if (!c) throw caseError('CASES_NOT_FOUND', { detail: input.caseId });
  const debtor = await getDebtor(tx, c.debtorId);
  const fields = [...new Set(input.fields)];
  const typeOf: Record<RevealField, PiiType> = { idNumber: debtor.kind === 'organisation' ? 'uscc' : 'id_card', phones: 'mobile', emails: 'email', addresses: 'address' };
  for (const f of fields) authoriseUnmask({ role: input.role, permissions: REVEAL_PERMISSIONS[input.role] ?? [], type: typeOf[f], reason: input.reason, actorId: input.actorId, subjectRef: `${c.debtorId}#${f}` }, undefined, at);
  const out: { idNumber?: string; phones?: string[]; emails?: string[]; addresses?: string[] } = {};
  for (const f of fields) {
    if (f === 'idNumber') out.idNumber = await revealIdNumber(tx, keys, c.debtorId);
    else {
      const kind = f === 'phones' ? 'phone' : f === 'emails' ? 'email' : 'address';
      out[f] = (await revealContactPoints(tx, keys, c.debtorId, kind)).map((p) => p.value);
    }
  }
  const tenantId = await tenantOf(tx);
  await recordAudit(tx, {
    tenantId, actorId: input.actorId, actorRole: input.role, action: 'pii.unmask', targetType: 'case', targetId: c.id, ip: input.ip ?? null, userAgent: input.userAgent ?? null,
    status: 200, reason: input.reason.trim(), detail: { debtorId: c.debtorId, fields, rule: 'PI-20' },
  });
  await appendEvidence(tx, {
    type: 'pii.unmasked', case: c.id, actor: input.actorId, occurredAt: at, refs: { debtor: c.debtorId },
    meta: Object.fromEntries(fields.map((f) => [f, true])),
  });
  return out;
}

async function requireCase(tx: Tx, caseId: string): Promise<void> {
  const [c] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw caseError('CASES_NOT_FOUND', { detail: caseId });
}
