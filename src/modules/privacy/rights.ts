// Data-subject rights in the debtor portal (PI-09; PIPL arts 44-48): see what the agency holds (access), download a
// copy (JSON / CSV), ask for a correction (reviewed by staff, applied through the debtors module with audit and
// evidence), and ask why (the automated scores on record with their reason codes, and a human-review request
// through the risk module, COL-85 / PIPL art 24). Identity numbers and contact values are shown with their PI-22
// masks even to the debtor: a portal session is protected by a one-time code only, so the copy must not be a leak.
import { rows, one, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../platform/audit.js';
import { decryptField, encryptField } from '../../platform/pii/index.js';
import { formatYuan } from '../../platform/money.js';
import {
  correctDebtorField, maskCorrection, normaliseCorrection, debtorPurgeStatus, CORRECTABLE_FIELDS, type CorrectableField, type DebtorKeys,
} from '../debtors/index.js';
import { getCase, listCaseTimeline, searchCases } from '../cases/index.js';
import { appendEvidence } from '../evidence/index.js';
import { listCaseScores, listOpenReviews, requestHumanReview, type ReviewRequest } from '../risk/index.js';
import { COLLECTION_ACTIVITY, findActivityByCode } from './records.js';
import { getRetentionDays } from './retention.js';
import { privacyError } from './errors.js';

export { CORRECTABLE_FIELDS, type CorrectableField };

/** The case a debtor session is for (principal.subject = case ref). Throws PRIVACY_CASE_NOT_FOUND, PRIVACY_PURGED. */
export async function caseIdOfRef(tx: Tx, keys: DebtorKeys, caseRef: string): Promise<{ caseId: string; debtorId: string }> {
  const ref = caseRef.trim().toUpperCase();
  const hit = (await searchCases(tx, keys, { q: ref, limit: 5 })).items.find((c) => c.ref === ref);
  if (!hit) throw privacyError('PRIVACY_CASE_NOT_FOUND', { detail: ref });
  if ((await debtorPurgeStatus(tx, [hit.debtorId])).get(hit.debtorId)) throw privacyError('PRIVACY_PURGED', { detail: ref, rule: 'PI-07' });
  return { caseId: hit.id, debtorId: hit.debtorId };
}

export interface MyData {
  generatedAt: string;
  controller: { note: string };
  subject: {
    name: string;
    kind: string;
    idType: string;
    idNumberMasked: string;
    employer: string | null;
    timeZone: string;
    contactPoints: Array<{ id: string; kind: string; masked: string; label: string | null; suppressed: boolean }>;
  };
  case: { id: string; ref: string; stage: string; placedAt: string; closeReason: string | null };
  source: { creditorName: string; creditorCode: string; originalCreditor: string; note: string };
  debt: { contractNumber: string; product: string | null; currency: string; principal: string; originationDate: string; dueDate: string; outstanding: string; paid: string; daysPastDue: number; asOf: string };
  purpose: { activity: string; purpose: string; legalBasis: string; categories: string[]; recipients: string; retention: string };
  retention: { days: number; note: string };
  events: Array<{ at: string; type: string; detail: string }>;
  corrections: CorrectionView[];
  automatedDecisions: { scored: boolean; count: number };
}

/** Describes a timeline event without free text written by staff (which may name third parties). */
function eventDetail(e: Awaited<ReturnType<typeof listCaseTimeline>>[number]): string {
  switch (e.type) {
    case 'placed': return 'placed';
    case 'transitioned': return `${e.from}→${e.to}${e.closeReason ? ` (${e.closeReason})` : ''}`;
    case 'hold_placed': return `hold:${e.kind}`;
    case 'hold_released': return 'hold released';
    default: return e.what;
  }
}

/** Everything the agency holds about the signed-in debtor, masked per PI-22 (PI-09, PIPL art 45). */
export async function getMyData(tx: Tx, keys: DebtorKeys, caseRef: string): Promise<MyData> {
  const { caseId } = await caseIdOfRef(tx, keys, caseRef);
  const f = await getCase(tx, caseId);
  const activity = await findActivityByCode(tx, COLLECTION_ACTIVITY);
  const days = await getRetentionDays(tx);
  const events = await listCaseTimeline(tx, caseId);
  const scores = await listCaseScores(tx, caseId);
  return {
    generatedAt: new Date().toISOString(),
    controller: { note: '本机构受债权人委托处理您的个人信息（PIPL 第 21 条）。 / This agency processes your data on the creditor’s instruction (PIPL art 21).' },
    subject: {
      name: f.debtor.name, kind: f.debtor.kind, idType: f.debtor.idType, idNumberMasked: f.debtor.idNumberMasked, employer: f.debtor.employer,
      timeZone: f.debtor.timeZone, contactPoints: f.debtor.contactPoints.map((p) => ({ id: p.id, kind: p.kind, masked: p.masked, label: p.label, suppressed: p.suppressed })),
    },
    case: { id: f.id, ref: f.ref, stage: f.stage, placedAt: f.placedAt.toISOString(), closeReason: f.closeReason },
    source: {
      creditorName: f.creditor.name, creditorCode: f.creditor.code, originalCreditor: f.debt.originalCreditor,
      note: '您的信息由委托债权人提供。 / Your data was received from the entrusting creditor.',
    },
    debt: {
      contractNumber: f.debt.contractNumber, product: f.debt.product ?? null, currency: f.debt.currency, principal: formatYuan(f.debt.principalFen),
      originationDate: f.debt.originationDate, dueDate: f.debt.dueDate, outstanding: formatYuan(f.position.outstandingFen), paid: formatYuan(f.position.paidFen),
      daysPastDue: f.position.daysPastDue, asOf: f.asOf,
    },
    purpose: activity
      ? { activity: `${activity.nameZh} / ${activity.nameEn}`, purpose: activity.purpose, legalBasis: activity.legalBasis, categories: activity.categories, recipients: activity.recipients, retention: activity.retention }
      : { activity: COLLECTION_ACTIVITY, purpose: '受托催收 / entrusted collection', legalBasis: 'contract', categories: [], recipients: '委托债权人 / the entrusting creditor', retention: `${days} days after closing` },
    retention: { days, note: `结案后 ${days} 天删除，法律保全除外（PI-07、COL-61）。 / Deleted ${days} days after the case closes unless under a legal hold.` },
    events: events.map((e) => ({ at: e.at.toISOString(), type: e.type, detail: eventDetail(e) })),
    corrections: await listCorrections(tx, { caseId }),
    automatedDecisions: { scored: scores.length > 0, count: scores.length },
  };
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  // Leading = + - @ would run as a formula in a spreadsheet: prefix a quote.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The same data as a readable two-column CSV (section, field, value), UTF-8 with BOM for spreadsheet programs. */
export function myDataCsv(d: MyData): string {
  const lines: string[][] = [['section / 部分', 'field / 字段', 'value / 内容']];
  const put = (section: string, o: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(o)) lines.push([section, k, Array.isArray(v) ? v.join('; ') : typeof v === 'object' && v ? JSON.stringify(v) : String(v ?? '')]);
  };
  const { contactPoints, ...subject } = d.subject;
  put('subject / 本人', subject);
  contactPoints.forEach((p, i) => lines.push(['subject / 本人', `contact ${i + 1} (${p.kind})`, `${p.masked}${p.suppressed ? ' [suppressed]' : ''}`]));
  put('case / 案件', d.case);
  put('source / 来源', d.source);
  put('debt / 债务', d.debt);
  put('purpose / 处理目的', d.purpose);
  put('retention / 保存期限', d.retention);
  for (const e of d.events) lines.push(['events / 案件记录', e.at, `${e.type}: ${e.detail}`]);
  for (const c of d.corrections) lines.push(['corrections / 更正请求', c.createdAt, `${c.field}: ${c.proposedMasked} [${c.status}]`]);
  lines.push(['automated decisions / 自动化决策', 'scores', String(d.automatedDecisions.count)]);
  return '\ufeff' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface CorrectionView {
  id: string;
  caseId: string;
  caseRef?: string;
  debtorId: string;
  field: CorrectableField;
  proposedMasked: string;
  replacesPointId: string | null;
  note: string | null;
  status: 'open' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

function correctionOf(r: Record<string, unknown>): CorrectionView {
  const t = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
  return {
    id: String(r.id), caseId: String(r.case_id), debtorId: String(r.debtor_id), field: r.field as CorrectableField, proposedMasked: String(r.proposed_value_masked),
    replacesPointId: (r.replaces_point_id as string | null) ?? null, note: (r.note as string | null) ?? null, status: r.status as CorrectionView['status'],
    decidedBy: (r.decided_by as string | null) ?? null, decidedAt: t(r.decided_at), decisionNote: (r.decision_note as string | null) ?? null, createdAt: t(r.created_at)!,
  };
}

/** Correction requests, newest first; filtered by case or status. */
export async function listCorrections(tx: Tx, f: { caseId?: string; status?: 'open' | 'approved' | 'rejected' } = {}): Promise<CorrectionView[]> {
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT * FROM privacy.correction_requests
    WHERE (${f.caseId ?? null}::text IS NULL OR case_id = ${f.caseId ?? null}) AND (${f.status ?? null}::text IS NULL OR status = ${f.status ?? null})
    ORDER BY created_at DESC, id DESC LIMIT 500`);
  return rs.map(correctionOf);
}

const sealContext = (tenantId: string) => `${tenantId}:privacy.correction_requests`;

/**
 * A debtor asks to correct a field (PI-09, PIPL art 46). The value is checked now (so the reviewer sees a valid
 * proposal) and sealed. Throws PRIVACY_CASE_NOT_FOUND, PRIVACY_CORRECTION_OPEN, DEBTORS_CORRECTION_INVALID,
 * DEBTORS_PHONE_INVALID, DEBTORS_EMAIL_INVALID.
 */
export async function requestCorrection(
  tx: Tx, keys: DebtorKeys,
  input: { caseRef: string; tenantId: string; requestedBy: string; field: CorrectableField; value: string; replacesPointId?: string | null; note?: string | null },
): Promise<CorrectionView> {
  const { caseId, debtorId } = await caseIdOfRef(tx, keys, input.caseRef);
  const value = normaliseCorrection(input.field, input.value);
  if (input.replacesPointId) {
    const f = await getCase(tx, caseId);
    const p = f.debtor.contactPoints.find((x) => x.id === input.replacesPointId);
    if (!p || p.kind !== input.field) throw privacyError('PRIVACY_CORRECTION_NOT_FOUND', { field: 'replacesPointId', detail: `no ${input.field} of yours with id ${input.replacesPointId}` });
  }
  const open = await one(tx, sql`SELECT 1 AS x FROM privacy.correction_requests WHERE case_id = ${caseId} AND field = ${input.field} AND status = 'open'`);
  if (open) throw privacyError('PRIVACY_CORRECTION_OPEN', { field: 'field', detail: input.field });
  const id = newId('corr');
  await tx.execute(sql`INSERT INTO privacy.correction_requests
      (tenant_id, id, case_id, debtor_id, field, proposed_value_enc, proposed_value_masked, replaces_point_id, note, requested_by)
    VALUES (${input.tenantId}, ${id}, ${caseId}, ${debtorId}, ${input.field}, ${encryptField(keys.ring, value, sealContext(input.tenantId))},
      ${maskCorrection(input.field, value)}, ${input.replacesPointId ?? null}, ${input.note ?? null}, ${input.requestedBy})`);
  return (await listCorrections(tx, { caseId })).find((c) => c.id === id)!;
}

/**
 * Staff decision on a correction request. Approving applies it through debtors.correctDebtorField; either way the
 * decision is audit-logged and an evidence leaf records it (ids and codes only, BC-16).
 * Throws PRIVACY_CORRECTION_NOT_FOUND, PRIVACY_CORRECTION_DECIDED, DEBTORS_*.
 */
export async function decideCorrection(
  tx: Tx, keys: DebtorKeys,
  input: { id: string; approve: boolean; note: string; actorId: string; actorRole: string; tenantId: string },
): Promise<CorrectionView> {
  const r = await one<Record<string, unknown>>(tx, sql`SELECT * FROM privacy.correction_requests WHERE id = ${input.id} FOR UPDATE`);
  if (!r) throw privacyError('PRIVACY_CORRECTION_NOT_FOUND', { detail: input.id });
  if (r.status !== 'open') throw privacyError('PRIVACY_CORRECTION_DECIDED', { detail: `${input.id} is ${String(r.status)}` });
  const c = correctionOf(r);
  let applied: { contactPointId: string | null; suppressedPointId: string | null } = { contactPointId: null, suppressedPointId: null };
  if (input.approve) {
    const value = decryptField(keys.ring, String(r.proposed_value_enc), sealContext(input.tenantId));
    applied = await correctDebtorField(tx, keys, c.debtorId, { field: c.field, value, replacesPointId: c.replacesPointId });
  }
  const status = input.approve ? 'approved' : 'rejected';
  await tx.execute(sql`UPDATE privacy.correction_requests SET status = ${status}, decided_by = ${input.actorId}, decided_at = now(), decision_note = ${input.note}
    WHERE id = ${input.id}`);
  await recordAudit(tx, {
    tenantId: input.tenantId, actorId: input.actorId, actorRole: input.actorRole, action: `privacy.correction.${status}`, targetType: 'debtor', targetId: c.debtorId,
    reason: input.note, detail: { rule: 'PI-09', request: c.id, field: c.field, ...(applied.contactPointId ? { contactPoint: applied.contactPointId } : {}) },
  });
  await appendEvidence(tx, {
    type: `privacy.correction_${status}`, case: c.caseId, actor: input.actorId, occurredAt: new Date(),
    refs: { debtor: c.debtorId, request: c.id, ...(applied.contactPointId ? { contactPoint: applied.contactPointId } : {}) },
    meta: { rule: 'PI-09', field: c.field },
  });
  return (await listCorrections(tx, { caseId: c.caseId })).find((x) => x.id === c.id)!;
}

export interface Explanation {
  scores: Array<{ scoreId: string; modelVersion: string; scoredAt: string; pd: number; points: number | null; reasons: Array<{ feature: string; text: string; impact: number }> }>;
  reviews: ReviewRequest[];
  note: string;
}

/** Why (PI-09, PIPL arts 24, 48): the automated scores on record with reason codes, and this case's review requests. */
export async function explainDecisions(tx: Tx, keys: DebtorKeys, caseRef: string): Promise<Explanation> {
  const { caseId } = await caseIdOfRef(tx, keys, caseRef);
  const scores = await listCaseScores(tx, caseId);
  const reviews = (await listOpenReviews(tx)).filter((r) => r.caseId === caseId && r.requesterKind === 'debtor');
  return {
    scores: scores.map((s) => ({ scoreId: s.scoreId, modelVersion: s.modelVersion, scoredAt: s.scoredAt, pd: s.pd, points: s.points, reasons: s.reasons.map((x) => ({ feature: x.feature, text: x.text, impact: x.impact })) })),
    reviews,
    note: scores.length
      ? '以下评分仅用于安排联系与和解建议，不单独决定对您的任何处理；您可以要求人工复核。 / These scores only inform contact planning and settlement proposals; you may ask for a human review.'
      : '您的案件没有自动化评分记录。 / No automated score is on record for your case.',
  };
}

/** Asks for a human review of the automated decisions on the debtor's case (through risk.requestHumanReview). Throws PRIVACY_NOT_SCORED. */
export async function askForReview(tx: Tx, keys: DebtorKeys, input: { caseRef: string; requestedBy: string; reason: string }): Promise<ReviewRequest> {
  const { caseId } = await caseIdOfRef(tx, keys, input.caseRef);
  const scores = await listCaseScores(tx, caseId);
  if (!scores.length) throw privacyError('PRIVACY_NOT_SCORED', { detail: input.caseRef, rule: 'COL-85' });
  return requestHumanReview(tx, { caseId, scoreId: scores[0].scoreId, requesterKind: 'debtor', requestedBy: input.requestedBy, reason: input.reason });
}
