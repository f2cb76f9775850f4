// Compliance operations over real cases: the case-aware gate (holds from the cases module, reachability from the
// debtor's contact points, names for COL-40), recording a contact in the same transaction as the gate decision
// (cases touch + first action, evidence leaf), the persisted script library, complaints and disputes that put the
// case on hold (COL-80, COL-35), call recordings with screened transcripts and COL-61 retention, and the dashboard.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { formatYuan } from '../../platform/money.js';
import { getCase, placeHold as placeCaseHold, recordTouch, releaseHold, markFirstAction, type CaseFile, type OutcomeCode } from '../cases/index.js';
import { appendEvidence, storeEvidenceFile } from '../evidence/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { ContactTarget, FiredRule, Hold } from './contact-gate.js';
import { screenContent, type ScreenHit } from './content-screen.js';
import { complianceError } from './errors.js';
import { VOICE, type Channel, type HoldKind, type Outcome } from './rule-sets.js';
import {
  approveTemplate, draftTemplate, fileTemplate, rejectTemplate, renderTemplate, retireTemplate, reviewTemplate, reviseTemplate, submitTemplate,
  STARTER_TEMPLATES, type Actor, type ScriptTemplate, type TemplateProblem, type TemplateRecord, type TemplateState,
} from './scripts-library.js';
import { gateReachability, loadReachability, markNumberInvalid } from './reachability.js';
import { checkContactForCase, COMPLAINT_SLA_DAYS, loadEffectiveRules, recordContactOutcome, saveTemplateRecord, type RecordedDecision } from './store.js';

const DAY_MS = 86_400_000;
const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
/** Evidence leaves accept ids like `usr_…`; anything else is recorded as `system`. */
const evidenceActor = (id: string | null | undefined) => (id && /^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/.test(id) ? id : 'system');

// ---------------------------------------------------------------- case context for the gate

/** Case hold kinds (cases module) → the gate's hold kinds (COL-35, US-05/06). */
const CASE_HOLD_TO_GATE: Record<string, HoldKind> = {
  dispute: 'dispute', complaint: 'complaint', cease_contact: 'cease_contact', deceased: 'deceased',
  bankruptcy: 'cease_contact', legal_hold: 'legal_representation',
};

export interface CaseContactContext {
  caseFile: CaseFile;
  debtorId: string;
  timeZone: string;
  holds: Hold[];
  names: { agencyName: string; creditorName: string };
}

/** The case, its debtor's zone, active case holds, names and reachability. Throws CASES_NOT_FOUND (404) for unknown or foreign ids. */
export async function caseContactContext(tx: Tx, caseId: string, at = new Date()): Promise<CaseContactContext> {
  const c = await getCase(tx, caseId, at);
  const t = await getCurrentTenant(tx);
  return {
    caseFile: c, debtorId: c.debtor.id, timeZone: c.debtor.timeZone,
    holds: c.holds.map((h) => ({ kind: CASE_HOLD_TO_GATE[h.kind] ?? 'cease_contact', since: h.placedAt.toISOString(), until: h.resumeAt?.toISOString() ?? null })),
    names: { agencyName: t.displayName, creditorName: c.creditor.name },
  };
}

export interface CaseContactInput {
  caseId: string;
  channel: Channel;
  target: ContactTarget;
  contactPointId?: string;
  templateId?: string;
  /** Variables for the template beyond the ones filled from the case (agencyName, creditorName, debtorName, amount, asOfDate, dueDate). */
  variables?: Record<string, string>;
  text?: string;
  staffCount?: number;
  at?: string;
  actorId?: string;
}

/** Renders the template's latest usable (or newest) version in Chinese with the case's own variables. */
export async function renderForCase(tx: Tx, ctx: CaseContactContext, templateId: string, extra: Record<string, string>): Promise<string> {
  const rec = await loadTemplate(tx, templateId);
  const c = ctx.caseFile;
  const auto: Record<string, string> = {
    agencyName: ctx.names.agencyName, creditorName: ctx.names.creditorName, debtorName: c.debtor.name,
    amount: formatYuan(c.position.outstandingFen), asOfDate: c.asOf, dueDate: c.debt.dueDate,
  };
  const vars = Object.fromEntries(Object.keys(rec.content.variables).filter((k) => (extra[k] ?? auto[k]) !== undefined).map((k) => [k, extra[k] ?? auto[k]]));
  return renderTemplate(rec.content, 'zh', vars);
}

/** The gate for a case's contact (logged like every decision). Throws CASES_NOT_FOUND, COMPLIANCE_TEMPLATE_NOT_FOUND, COMPLIANCE_TEMPLATE_VARIABLES. */
export async function checkCaseContact(tx: Tx, input: CaseContactInput & { dryRun?: boolean }): Promise<RecordedDecision & { renderedText: string | null }> {
  const at = input.at ?? new Date().toISOString();
  const ctx = await caseContactContext(tx, input.caseId, new Date(at));
  const text = input.templateId ? await renderForCase(tx, ctx, input.templateId, input.variables ?? {}) : input.text;
  const rules = await loadEffectiveRules(tx);
  // COL-31: reachability is derived here from the contact log and staff marks, never taken from the caller.
  const reach = input.target.kind === 'third_party'
    ? gateReachability(await loadReachability(tx, { debtorId: ctx.debtorId, rules, at, deceased: ctx.holds.some((h) => h.kind === 'deceased') }))
    : undefined;
  const d = await checkContactForCase(tx, {
    debtorId: ctx.debtorId, caseId: input.caseId, extraHolds: ctx.holds, names: text ? ctx.names : undefined, reachability: reach, rules,
    actorId: input.actorId, dryRun: input.dryRun,
    attempt: { channel: input.channel, at, debtorTimeZone: ctx.timeZone, target: input.target, contactPointId: input.contactPointId, templateId: input.templateId, text, staffCount: input.staffCount },
  });
  return { ...d, renderedText: text ?? null };
}

const TOUCH_CHANNEL: Record<Channel, 'phone' | 'sms' | 'email' | 'letter' | 'visit' | 'wechat' | 'portal'> = {
  voice_agent: 'phone', voice_automated: 'phone', sms: 'sms', im: 'wechat', email: 'email', letter: 'letter', portal: 'portal', field_visit: 'visit',
};

/** The gate's outcome (what counts toward caps, COL-20/21) for a cases outcome code on a channel. */
export function gateOutcomeOf(code: OutcomeCode, channel: Channel): Outcome {
  const failed = code === 'wrong_number';
  const unanswered = code === 'no_answer' || code === 'busy' || code === 'left_message';
  if (channel === 'field_visit') return failed || unanswered ? 'failed' : 'visited';
  if (VOICE.includes(channel)) return failed ? 'failed' : unanswered ? 'unanswered' : 'answered';
  return failed ? 'failed' : 'delivered';
}

export interface RecordContactInput extends CaseContactInput {
  outcomeCode: OutcomeCode;
  note?: string;
}

export type RecordContactResult =
  | { recorded: true; attemptId: string; decision: RecordedDecision & { renderedText: string | null }; outcome: Outcome; evidenceLeaf: number; holdId: string | null }
  | { recorded: false; attemptId: string; decision: RecordedDecision & { renderedText: string | null }; evidenceLeaf: number };

/**
 * Records a contact that happened (or is about to) on a case. The gate runs in the same transaction: a refusal is
 * logged with every fired rule and an evidence leaf, and nothing else changes; an allowed contact gets its outcome
 * (counted toward caps), a case touch with the outcome code (first action, dispute hold), and an evidence leaf.
 */
export async function recordCaseContact(tx: Tx, input: RecordContactInput): Promise<RecordContactResult> {
  if (input.at) {
    // A contact logged afterwards may not slip in before contacts already counted: caps hold over the whole sequence.
    const c = await getCase(tx, input.caseId);
    const last = await one<{ t: unknown }>(tx, sql`SELECT max(attempted_at) AS t FROM compliance.contact_attempts WHERE debtor_id = ${c.debtor.id} AND decision = 'allow'`);
    if (last?.t && Date.parse(ts(last.t)) > Date.parse(input.at)) {
      throw complianceError('COMPLIANCE_CONTACT_OUT_OF_ORDER', { field: 'at', detail: `at: the debtor's contact log already has a contact at ${ts(last.t)}; log contacts in order` });
    }
  }
  const d = await checkCaseContact(tx, input);
  const at = new Date(input.at ?? Date.now());
  const recordedAt = new Date(Math.max(Date.now(), at.getTime()));
  const ruleMeta = [...new Set(d.fired.map((f) => f.ruleId))].join(':').slice(0, 64) || 'none';
  const base = { case: input.caseId, actor: evidenceActor(input.actorId), occurredAt: at.toISOString() };
  if (d.decision === 'deny') {
    const leaf = await appendEvidence(tx, { ...base, type: 'contact.refused', refs: { attempt: d.attemptId }, meta: { channel: input.channel, rules: /^[A-Za-z]/.test(ruleMeta) ? ruleMeta : 'none' } });
    return { recorded: false, attemptId: d.attemptId, decision: d, evidenceLeaf: leaf.leafIndex };
  }
  const outcome = gateOutcomeOf(input.outcomeCode, input.channel);
  await recordContactOutcome(tx, d.attemptId, outcome, at.toISOString());
  if (input.outcomeCode === 'wrong_number' && input.target.kind === 'debtor' && VOICE.concat(['sms', 'im']).includes(input.channel)) {
    // COL-31: "number invalid" — the number dialled (or the debtor's only number) is invalid from now on.
    const c = await getCase(tx, input.caseId);
    const phones = c.debtor.contactPoints.filter((p) => p.kind === 'phone');
    const cp = input.contactPointId ? phones.find((p) => p.id === input.contactPointId) : phones.length === 1 ? phones[0] : undefined;
    if (cp) await markNumberInvalid(tx, { debtorId: c.debtor.id, contactPointId: cp.id, by: input.actorId ?? 'system' });
  }
  // Case events are appended in time order: the touch is dated when it is recorded.
  const touch = await recordTouch(tx, input.caseId, { outcomeCode: input.outcomeCode, channel: TOUCH_CHANNEL[input.channel], at: recordedAt, by: input.actorId ?? null });
  await markFirstAction(tx, { caseId: input.caseId, kind: `contact:${input.channel}`, actorId: input.actorId ?? null, at: recordedAt });
  let holdId = touch.holdId;
  if (input.outcomeCode === 'cease_requested') {
    holdId = (await placeCaseHold(tx, { caseId: input.caseId, kind: 'cease_contact', reason: 'debtor asked not to be contacted (COL-35)', actorId: input.actorId ?? null, at: recordedAt })).holdId;
  }
  const leaf = await appendEvidence(tx, {
    ...base, type: 'contact.recorded', refs: { attempt: d.attemptId },
    meta: { channel: input.channel, outcome, outcomeCode: input.outcomeCode, template: input.templateId && /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/.test(input.templateId) ? input.templateId : null },
  });
  return { recorded: true, attemptId: d.attemptId, decision: d, outcome, evidenceLeaf: leaf.leafIndex, holdId };
}

export interface CaseContactEntry {
  id: string;
  channel: Channel;
  targetKind: 'debtor' | 'third_party';
  attemptedAt: string;
  decision: 'allow' | 'deny';
  fired: FiredRule[];
  outcome: Outcome | null;
  templateId: string | null;
  actorId: string | null;
}

/** The case's contact log (allowed and refused, with reasons), newest first. Throws CASES_NOT_FOUND. */
export async function listCaseContacts(tx: Tx, caseId: string, limit = 200): Promise<CaseContactEntry[]> {
  await getCase(tx, caseId);
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT id, channel, target_kind, attempted_at, decision, fired, outcome, template_id, actor_id
    FROM compliance.contact_attempts WHERE case_id = ${caseId} ORDER BY attempted_at DESC, id DESC LIMIT ${limit}`);
  return r.map((x) => ({
    id: String(x.id), channel: x.channel as Channel, targetKind: x.target_kind as 'debtor' | 'third_party', attemptedAt: ts(x.attempted_at),
    decision: x.decision as 'allow' | 'deny', fired: json<FiredRule[]>(x.fired), outcome: (x.outcome as Outcome | null) ?? null,
    templateId: (x.template_id as string | null) ?? null, actorId: (x.actor_id as string | null) ?? null,
  }));
}

// ---------------------------------------------------------------- script library (persisted)

export interface TemplateView {
  templateId: string;
  version: number;
  state: TemplateState;
  content: ScriptTemplate;
  authorId: string;
  approvedBy: string | null;
  approvedAt: string | null;
  filingNumber: string | null;
  usageCount: number;
  transitions: TemplateRecord['transitions'];
  problems: TemplateProblem[];
}

function toView(x: Record<string, unknown>, transitions: TemplateRecord['transitions']): TemplateView {
  const content = json<ScriptTemplate>(x.content);
  return {
    templateId: String(x.id), version: Number(x.version), state: x.state as TemplateState, content, authorId: String(x.author_id),
    approvedBy: (x.approved_by as string | null) ?? null, approvedAt: x.approved_at ? ts(x.approved_at) : null, filingNumber: (x.filing_number as string | null) ?? null,
    usageCount: Number(x.usage_count ?? 0), transitions, problems: reviewTemplate(content),
  };
}

const recordOf = (v: TemplateView): TemplateRecord => ({
  templateId: v.templateId, version: v.version, state: v.state, content: v.content, authorId: v.authorId,
  approvedBy: v.approvedBy ?? undefined, approvedAt: v.approvedAt ?? undefined, filingNumber: v.filingNumber ?? undefined, transitions: v.transitions,
});

/**
 * Seeds the starter library (40+ zh/en templates, each reviewed by reviewTemplate in the tests) into a tenant that has
 * no templates yet. They enter as `approved` by `starter-library` with a transition note saying so; a tenant's
 * compliance officer may retire or revise any of them.
 */
export async function ensureStarterLibrary(tx: Tx): Promise<number> {
  const n = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM compliance.templates`);
  if (Number(n?.n ?? 0) > 0) return 0;
  const at = new Date().toISOString();
  for (const t of STARTER_TEMPLATES) {
    const rec: TemplateRecord = {
      ...draftTemplate(t, 'starter-library'), state: 'approved', approvedBy: 'starter-library', approvedAt: at,
      transitions: [{ from: 'draft', to: 'approved', by: 'starter-library', at, note: 'Recourse starter library (COL-40 identification, COL-42..46 screened)' }],
    };
    await saveTemplateRecord(tx, rec);
  }
  return STARTER_TEMPLATES.length;
}

async function transitionsOf(tx: Tx, id: string, version: number): Promise<TemplateRecord['transitions']> {
  const t = await rows<Record<string, unknown>>(tx, sql`SELECT from_state, to_state, by_user, at, note FROM compliance.template_transitions
    WHERE template_id = ${id} AND version = ${version} ORDER BY seq`);
  return t.map((x) => ({ from: x.from_state as TemplateState, to: x.to_state as TemplateState, by: String(x.by_user), at: ts(x.at), ...(x.note ? { note: String(x.note) } : {}) }));
}

/** Latest version of every template (starter library seeded on first use), with usage counts summed over versions. */
export async function listTemplates(tx: Tx, f: { state?: TemplateState; category?: string } = {}): Promise<TemplateView[]> {
  await ensureStarterLibrary(tx);
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT DISTINCT ON (id) id, version, state, content, author_id, approved_by, approved_at, filing_number,
      (SELECT sum(usage_count) FROM compliance.templates u WHERE u.id = t.id)::bigint AS usage_count
    FROM compliance.templates t ORDER BY id, version DESC`);
  return r.map((x) => toView(x, [])).filter((v) => (!f.state || v.state === f.state) && (!f.category || v.content.category === f.category));
}

/** Latest version of one template with its transitions. Throws COMPLIANCE_TEMPLATE_NOT_FOUND. */
export async function loadTemplate(tx: Tx, id: string): Promise<TemplateView> {
  await ensureStarterLibrary(tx);
  const x = await one<Record<string, unknown>>(tx, sql`SELECT id, version, state, content, author_id, approved_by, approved_at, filing_number, usage_count
    FROM compliance.templates WHERE id = ${id} ORDER BY version DESC LIMIT 1`);
  if (!x) throw complianceError('COMPLIANCE_TEMPLATE_NOT_FOUND', { detail: id });
  return toView(x, await transitionsOf(tx, id, Number(x.version)));
}

async function saveAndAudit(tx: Tx, rec: TemplateRecord, actorId: string): Promise<TemplateView> {
  await saveTemplateRecord(tx, rec);
  const code = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/.test(rec.templateId) ? rec.templateId : null;
  await appendEvidence(tx, { type: 'script.changed', actor: evidenceActor(actorId), occurredAt: new Date().toISOString(), meta: { template: code, version: rec.version, state: rec.state } });
  return loadTemplate(tx, rec.templateId);
}

/** A new template (draft v1) or, when the id exists, a new draft version of it. */
export async function saveTemplateDraft(tx: Tx, content: ScriptTemplate, authorId: string): Promise<TemplateView> {
  const existing = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM compliance.templates WHERE id = ${content.id}`);
  if (Number(existing?.n ?? 0) === 0) return saveAndAudit(tx, draftTemplate(content, authorId), authorId);
  const cur = await loadTemplate(tx, content.id);
  if (cur.state === 'draft' || cur.state === 'submitted') throw complianceError('COMPLIANCE_TEMPLATE_TRANSITION', { detail: `version ${cur.version} is still ${cur.state}; decide it first` });
  return saveAndAudit(tx, reviseTemplate(recordOf(cur), content, authorId), authorId);
}

export type TemplateAction = { action: 'submit' } | { action: 'approve' } | { action: 'reject'; reason: string } | { action: 'file'; filingNumber: string } | { action: 'retire' };

/** Moves the latest version through the approval workflow (draft → submitted → approved → filed; reject; retire). */
export async function actOnTemplate(tx: Tx, id: string, a: TemplateAction, actor: Actor): Promise<TemplateView> {
  const rec = recordOf(await loadTemplate(tx, id));
  const at = new Date().toISOString();
  const next = a.action === 'submit' ? submitTemplate(rec, actor.userId, at)
    : a.action === 'approve' ? approveTemplate(rec, actor, at)
      : a.action === 'reject' ? rejectTemplate(rec, actor, at, a.reason)
        : a.action === 'file' ? fileTemplate(rec, a.filingNumber, actor.userId, at)
          : retireTemplate(rec, actor.userId, at);
  return saveAndAudit(tx, next, actor.userId);
}

/** Export: the latest version of every template with state, filing number and usage. */
export async function exportTemplates(tx: Tx): Promise<{ format: 'recourse.scripts.v1'; exportedAt: string; templates: Array<ScriptTemplate & { state: TemplateState; version: number; filingNumber: string | null; usageCount: number }> }> {
  const list = await listTemplates(tx);
  return { format: 'recourse.scripts.v1', exportedAt: new Date().toISOString(), templates: list.map((v) => ({ ...v.content, state: v.state, version: v.version, filingNumber: v.filingNumber, usageCount: v.usageCount })) };
}

/** Import: each template becomes a draft (new id) or a new draft version; approval is never imported. */
export async function importTemplates(tx: Tx, templates: ScriptTemplate[], authorId: string): Promise<{ imported: Array<{ templateId: string; version: number }>; problems: Array<{ templateId: string; problems: TemplateProblem[] }> }> {
  const imported: Array<{ templateId: string; version: number }> = [];
  const problems: Array<{ templateId: string; problems: TemplateProblem[] }> = [];
  for (const t of templates) {
    const v = await saveTemplateDraft(tx, t, authorId);
    imported.push({ templateId: v.templateId, version: v.version });
    if (v.problems.length) problems.push({ templateId: v.templateId, problems: v.problems });
  }
  return { imported, problems };
}

// ---------------------------------------------------------------- complaints and disputes (COL-80, COL-35)

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

// ---------------------------------------------------------------- recordings (COL-60..62)

export const RECORDING_RETENTION_YEARS = 5;
const AUDIO = /^audio\/[a-z0-9.+-]+$/;

export interface RecordingView {
  id: string;
  caseId: string | null;
  attemptId: string;
  sha256: string;
  mediaType: string | null;
  sizeBytes: number | null;
  durationSeconds: number;
  startedAt: string;
  announcedRecording: boolean;
  retainUntil: string | null;
  legalHold: boolean;
  retentionStatus: string;
  transcript: string | null;
  transcriptHits: Array<Pick<ScreenHit, 'ruleId' | 'category' | 'matched' | 'start' | 'end'>>;
}

function recordingView(x: Record<string, unknown>): RecordingView {
  return {
    id: String(x.id), caseId: (x.case_id as string | null) ?? null, attemptId: String(x.attempt_id), sha256: String(x.sha256), mediaType: (x.media_type as string | null) ?? null,
    sizeBytes: x.size_bytes == null ? null : Number(x.size_bytes), durationSeconds: Number(x.duration_seconds), startedAt: ts(x.started_at),
    announcedRecording: Boolean(x.announced_recording), retainUntil: x.retain_until ? ts(x.retain_until) : null, legalHold: Boolean(x.legal_hold),
    retentionStatus: String(x.retention_status), transcript: (x.transcript as string | null) ?? null, transcriptHits: json(x.transcript_hits ?? []),
  };
}

const hitsOf = (text: string) => screenContent(text).hits.map(({ ruleId, category, matched, start, end }) => ({ ruleId, category, matched, start, end }));

/**
 * Stores a call recording write-once in the evidence file store (SHA-256 + SM3) with an evidence leaf, linked to an
 * allowed contact attempt of the case; retention 5 years (COL-61 default). A transcript, if given, is screened.
 * Throws CASES_NOT_FOUND, COMPLIANCE_RECORDING_INVALID (naming the field).
 */
export async function storeRecording(tx: Tx, r: { caseId: string; attemptId: string; bytes: Uint8Array; mediaType: string; durationSeconds: number; announcedRecording: boolean; transcript?: string; by: string }): Promise<RecordingView> {
  await getCase(tx, r.caseId);
  if (!AUDIO.test(r.mediaType)) throw complianceError('COMPLIANCE_RECORDING_INVALID', { field: 'file', detail: `an audio file is required, got ${r.mediaType}` });
  if (r.bytes.length === 0) throw complianceError('COMPLIANCE_RECORDING_INVALID', { field: 'file', detail: 'the file is empty' });
  const att = await one<{ attempted_at: unknown }>(tx, sql`SELECT attempted_at FROM compliance.contact_attempts WHERE id = ${r.attemptId} AND case_id = ${r.caseId} AND decision = 'allow'`);
  if (!att) throw complianceError('COMPLIANCE_RECORDING_INVALID', { field: 'attemptId', detail: 'no allowed contact attempt with this id on this case' });
  const content = await storeEvidenceFile(tx, r.bytes, r.mediaType);
  const id = newId('rec');
  const startedAt = ts(att.attempted_at);
  const retain = new Date(Date.parse(startedAt) + RECORDING_RETENTION_YEARS * 365 * DAY_MS).toISOString();
  await tx.execute(sql`INSERT INTO compliance.recordings (tenant_id, id, attempt_id, storage_key, sha256, duration_seconds, started_at, announced_recording, retain_until,
      case_id, media_type, size_bytes, transcript, transcript_hits, uploaded_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${r.attemptId}, ${`evidence:${content.sha256}`}, ${content.sha256}, ${r.durationSeconds}, ${startedAt}::timestamptz,
      ${r.announcedRecording}, ${retain}::timestamptz, ${r.caseId}, ${r.mediaType}, ${content.size}, ${r.transcript ?? null},
      ${JSON.stringify(r.transcript ? hitsOf(r.transcript) : [])}::jsonb, ${r.by})`);
  await appendEvidence(tx, { type: 'recording.stored', case: r.caseId, actor: evidenceActor(r.by), occurredAt: startedAt, content, refs: { attempt: r.attemptId, recording: id }, meta: { announced: r.announcedRecording, seconds: r.durationSeconds } });
  return getRecording(tx, id);
}

export async function getRecording(tx: Tx, id: string, caseId?: string): Promise<RecordingView> {
  const x = await one<Record<string, unknown>>(tx, sql`SELECT * FROM compliance.recordings WHERE id = ${id} AND (${caseId ?? null}::text IS NULL OR case_id = ${caseId ?? null})`);
  if (!x) throw complianceError('COMPLIANCE_RECORDING_NOT_FOUND', { detail: id });
  return recordingView(x);
}

export async function listRecordings(tx: Tx, caseId: string): Promise<RecordingView[]> {
  await getCase(tx, caseId);
  return (await rows<Record<string, unknown>>(tx, sql`SELECT * FROM compliance.recordings WHERE case_id = ${caseId} ORDER BY started_at DESC`)).map(recordingView);
}

/** Attaches or replaces the transcript; it is screened and the hits are stored with it (COL-42..46, COL-92). */
export async function setTranscript(tx: Tx, caseId: string, id: string, transcript: string): Promise<RecordingView> {
  await getRecording(tx, id, caseId);
  await tx.execute(sql`UPDATE compliance.recordings SET transcript = ${transcript}, transcript_hits = ${JSON.stringify(hitsOf(transcript))}::jsonb WHERE id = ${id}`);
  return getRecording(tx, id);
}

export async function setRecordingLegalHold(tx: Tx, caseId: string, id: string, on: boolean): Promise<RecordingView> {
  await getRecording(tx, id, caseId);
  await tx.execute(sql`UPDATE compliance.recordings SET legal_hold = ${on},
    retention_status = CASE WHEN retention_status = 'expired' THEN 'expired' WHEN retain_until < now() THEN (CASE WHEN ${on} THEN 'expired_on_hold' ELSE 'expired' END) ELSE 'retained' END
    WHERE id = ${id}`);
  return getRecording(tx, id);
}

/**
 * COL-61 retention sweep: recordings past retain_until become `expired` (or `expired_on_hold` while a legal hold is on).
 * The audio bytes live in the write-once evidence store and are not deleted here: the status tells the evidence
 * purge what may go; digests stay so the log still verifies.
 */
export async function sweepRecordingRetention(tx: Tx, now = new Date()): Promise<{ expired: number; onHold: number }> {
  const e = await rows(tx, sql`UPDATE compliance.recordings SET retention_status = 'expired' WHERE retain_until < ${now.toISOString()}::timestamptz AND NOT legal_hold AND retention_status <> 'expired' RETURNING id`);
  const h = await rows(tx, sql`UPDATE compliance.recordings SET retention_status = 'expired_on_hold' WHERE retain_until < ${now.toISOString()}::timestamptz AND legal_hold AND retention_status = 'retained' RETURNING id`);
  return { expired: e.length, onHold: h.length };
}

// ---------------------------------------------------------------- dashboard

export interface ComplianceDashboard {
  from: string;
  to: string;
  totals: { allowed: number; refused: number };
  byRuleByDay: Array<{ day: string; ruleId: string; count: number }>;
  topRefused: Array<{ ruleId: string; count: number; reasonZh: string; reasonEn: string }>;
  perCollector: Array<{ actorId: string; allowed: number; refused: number; refusalRate: number }>;
  complaints: { open: number; overdue: number; answered: number; answeredWithinSla: number; disputes: number; received: number; slaDays: number };
}

/** Decisions by rule over time, top refused reasons, per-collector figures and complaints with their SLA (COL-80). */
export async function complianceDashboard(tx: Tx, days = 30, now = new Date()): Promise<ComplianceDashboard> {
  const from = new Date(now.getTime() - days * DAY_MS).toISOString();
  const to = now.toISOString();
  const tot = await one<{ a: number; r: number }>(tx, sql`SELECT count(*) FILTER (WHERE decision = 'allow')::int AS a, count(*) FILTER (WHERE decision = 'deny')::int AS r
    FROM compliance.contact_attempts WHERE attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz`);
  const byDay = await rows<{ day: string; rule_id: string; n: number }>(tx, sql`SELECT to_char(attempted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, r AS rule_id, count(*)::int AS n
    FROM compliance.contact_attempts, unnest(rule_ids) AS r WHERE decision = 'deny' AND attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz
    GROUP BY 1, 2 ORDER BY 1, 2`);
  const top = await rows<{ rule_id: string; n: number; zh: string; en: string }>(tx, sql`SELECT f->>'ruleId' AS rule_id, count(*)::int AS n, min(f->>'reasonZh') AS zh, min(f->>'reasonEn') AS en
    FROM compliance.contact_attempts, jsonb_array_elements(fired) AS f WHERE decision = 'deny' AND attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`);
  const per = await rows<{ actor_id: string; a: number; r: number }>(tx, sql`SELECT coalesce(actor_id, 'system') AS actor_id, count(*) FILTER (WHERE decision = 'allow')::int AS a,
      count(*) FILTER (WHERE decision = 'deny')::int AS r
    FROM compliance.contact_attempts WHERE attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 50`);
  const c = await one<Record<string, number>>(tx, sql`SELECT count(*) FILTER (WHERE status IN ('open', 'escalated'))::int AS open,
      count(*) FILTER (WHERE status IN ('open', 'escalated') AND coalesce(extended_until, due_at) < ${to}::timestamptz)::int AS overdue,
      count(*) FILTER (WHERE status IN ('answered', 'closed'))::int AS answered,
      count(*) FILTER (WHERE status IN ('answered', 'closed') AND answered_at <= coalesce(extended_until, due_at))::int AS within,
      count(*) FILTER (WHERE kind = 'dispute')::int AS disputes,
      count(*) FILTER (WHERE received_at >= ${from}::timestamptz)::int AS received
    FROM compliance.complaints`);
  return {
    from, to, totals: { allowed: Number(tot?.a ?? 0), refused: Number(tot?.r ?? 0) },
    byRuleByDay: byDay.map((x) => ({ day: String(x.day), ruleId: String(x.rule_id), count: Number(x.n) })),
    topRefused: top.map((x) => ({ ruleId: String(x.rule_id), count: Number(x.n), reasonZh: String(x.zh), reasonEn: String(x.en) })),
    perCollector: per.map((x) => ({ actorId: String(x.actor_id), allowed: Number(x.a), refused: Number(x.r), refusalRate: Number(x.a) + Number(x.r) ? Number(x.r) / (Number(x.a) + Number(x.r)) : 0 })),
    complaints: {
      open: Number(c?.open ?? 0), overdue: Number(c?.overdue ?? 0), answered: Number(c?.answered ?? 0), answeredWithinSla: Number(c?.within ?? 0),
      disputes: Number(c?.disputes ?? 0), received: Number(c?.received ?? 0), slaDays: COMPLAINT_SLA_DAYS,
    },
  };
}
