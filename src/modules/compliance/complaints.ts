// Complaints and disputes (COL-80): logged on a case with a case hold of the same kind (the gate reads it), a
// 15-day response deadline, answering releases the hold (a dispute's only once the debt is verified).
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { getCase, placeHold as placeCaseHold, releaseHold } from '../cases/index.js';
import { appendEvidence } from '../evidence/index.js';
import { complianceError } from './errors.js';
import { COMPLAINT_SLA_DAYS } from './store.js';
import { evidenceActor } from './template-store.js';

const DAY_MS = 86_400_000;
const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());


export interface ComplaintView {
  id: string;
  kind: 'complaint' | 'dispute';
  caseId: string | null;
  debtorId: string;
  channel: string;
  summary: string;
  receivedAt: string;
  dueAt: string;
  status: string;
  answer: string | null;
  answeredAt: string | null;
  caseHoldId: string | null;
  overdue: boolean;
}

function complaintView(x: Record<string, unknown>, now = Date.now()): ComplaintView {
  const due = ts(x.extended_until ?? x.due_at);
  const status = String(x.status);
  return {
    id: String(x.id), kind: x.kind as 'complaint' | 'dispute', caseId: (x.case_id as string | null) ?? null, debtorId: String(x.debtor_id), channel: String(x.channel),
    summary: String(x.summary), receivedAt: ts(x.received_at), dueAt: due, status, answer: (x.answer as string | null) ?? null,
    answeredAt: x.answered_at ? ts(x.answered_at) : null, caseHoldId: (x.case_hold_id as string | null) ?? null,
    overdue: (status === 'open' || status === 'escalated') && Date.parse(due) < now,
  };
}

/**
 * Logs a complaint (portal, phone, letter…) or a dispute ("this is not my debt") on a case: a case hold of the same kind
 * stops contact (the gate reads it, COL-35), the response is due in 15 days (COL-80), and an evidence leaf records it.
 * Throws CASES_NOT_FOUND, CASES_CLOSED.
 */
export async function fileComplaint(tx: Tx, c: { caseId: string; kind: 'complaint' | 'dispute'; channel: string; summary: string; by: string; at?: Date }): Promise<ComplaintView> {
  const at = c.at ?? new Date();
  const cf = await getCase(tx, c.caseId, at);
  const id = newId('cmp');
  const { holdId } = await placeCaseHold(tx, {
    caseId: c.caseId, kind: c.kind, at, actorId: c.by.startsWith('usr_') ? c.by : null,
    reason: c.kind === 'dispute' ? `dispute ${id}: verify the debt before any contact (COL-35)` : `complaint ${id}: no contact until answered (COL-80)`,
  });
  const dueAt = new Date(at.getTime() + COMPLAINT_SLA_DAYS * DAY_MS);
  await tx.execute(sql`INSERT INTO compliance.complaints (tenant_id, id, debtor_id, case_id, channel, summary, received_at, due_at, kind, case_hold_id, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${cf.debtor.id}, ${c.caseId}, ${c.channel}, ${c.summary}, ${at.toISOString()}::timestamptz,
            ${dueAt.toISOString()}::timestamptz, ${c.kind}, ${holdId}, ${c.by})`);
  await appendEvidence(tx, { type: `complaint.opened`, case: c.caseId, actor: evidenceActor(c.by), occurredAt: at.toISOString(), refs: { complaint: id }, meta: { kind: c.kind, channel: c.channel.replace(/[^A-Za-z0-9_]/g, '_') || 'other' } });
  return (await getComplaint(tx, id));
}

/** Throws COMPLIANCE_COMPLAINT_NOT_FOUND. */
export async function getComplaint(tx: Tx, id: string): Promise<ComplaintView> {
  const x = await one<Record<string, unknown>>(tx, sql`SELECT * FROM compliance.complaints WHERE id = ${id}`);
  if (!x) throw complianceError('COMPLIANCE_COMPLAINT_NOT_FOUND', { detail: id });
  return complaintView(x);
}

export async function listComplaints(tx: Tx, f: { status?: string; caseId?: string } = {}): Promise<ComplaintView[]> {
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT * FROM compliance.complaints
    WHERE (${f.status ?? null}::text IS NULL OR status = ${f.status ?? null}) AND (${f.caseId ?? null}::text IS NULL OR case_id = ${f.caseId ?? null})
    ORDER BY received_at DESC LIMIT 500`);
  return r.map((x) => complaintView(x));
}

/**
 * Answers a complaint. A complaint's case hold is released; a dispute's hold stays until `debtVerified` is true
 * (the debt was verified and the evidence sent), then it is released too. Throws COMPLIANCE_COMPLAINT_NOT_FOUND, COMPLIANCE_COMPLAINT_CLOSED.
 */
export async function respondToComplaint(tx: Tx, id: string, r: { answer: string; by: string; debtVerified?: boolean; at?: Date }): Promise<ComplaintView> {
  const cur = await getComplaint(tx, id);
  if (cur.status !== 'open' && cur.status !== 'escalated') throw complianceError('COMPLIANCE_COMPLAINT_CLOSED', { detail: `${id} is ${cur.status}` });
  const at = r.at ?? new Date();
  await tx.execute(sql`UPDATE compliance.complaints SET status = 'answered', answer = ${r.answer}, answered_at = ${at.toISOString()}::timestamptz, answered_by = ${r.by} WHERE id = ${id}`);
  const release = cur.kind === 'complaint' || r.debtVerified === true;
  if (release && cur.caseId && cur.caseHoldId) {
    const cf = await getCase(tx, cur.caseId, at);
    if (cf.holds.some((h) => h.holdId === cur.caseHoldId)) {
      await releaseHold(tx, { caseId: cur.caseId, holdId: cur.caseHoldId, reason: cur.kind === 'dispute' ? `debt verified, dispute ${id} answered` : `complaint ${id} answered`, actorId: r.by, at });
    }
  }
  await appendEvidence(tx, { type: 'complaint.answered', case: cur.caseId, actor: evidenceActor(r.by), occurredAt: at.toISOString(), refs: { complaint: id }, meta: { kind: cur.kind, holdReleased: release, withinSla: at.getTime() <= Date.parse(cur.dueAt) } });
  return getComplaint(tx, id);
}
