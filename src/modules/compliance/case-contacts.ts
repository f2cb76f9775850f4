// Contacts on a case: recording a contact through the gate (recordCaseContact: the gate, the outcome, the case touch,
// an evidence leaf, all in one transaction), the touch seam the cases module calls for its "record touch" button
// (recordTouchThroughGate: a contact logged after the fact; refused → breach), and the case's contact log.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { getCase, placeHold as placeCaseHold, recordTouch, markFirstAction, type OutcomeCode, type TouchGateInput, type TouchGateResult } from '../cases/index.js';
import { appendEvidence } from '../evidence/index.js';
import type { FiredRule } from './contact-gate.js';
import { recordContact, type CheckContactInput, type RecordedContact } from './check-contact.js';
import { complianceError } from './errors.js';
import { markNumberInvalid } from './reachability.js';
import { VOICE, type Channel, type Outcome } from './rule-sets.js';
import { recordContactOutcome } from './store.js';
import { evidenceActor } from './template-store.js';

const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const TOUCH_CHANNEL: Record<Channel, 'phone' | 'sms' | 'email' | 'letter' | 'visit' | 'wechat' | 'portal'> = {
  voice_agent: 'phone', voice_automated: 'phone', sms: 'sms', im: 'wechat', email: 'email', letter: 'letter', portal: 'portal', field_visit: 'visit',
};
const GATE_CHANNEL: Record<TouchGateInput['channel'], Channel> = {
  phone: 'voice_agent', sms: 'sms', email: 'email', letter: 'letter', visit: 'field_visit', wechat: 'im', portal: 'portal',
};

/** The gate's outcome (what counts toward caps, COL-20/21) for a cases outcome code on a channel. */
export function gateOutcomeOf(code: OutcomeCode | string, channel: Channel): Outcome {
  const failed = code === 'wrong_number';
  const unanswered = code === 'no_answer' || code === 'busy' || code === 'left_message';
  if (channel === 'field_visit') return failed || unanswered ? 'failed' : 'visited';
  if (VOICE.includes(channel)) return failed ? 'failed' : unanswered ? 'unanswered' : 'answered';
  return failed ? 'failed' : 'delivered';
}

export interface RecordCaseContactInput extends CheckContactInput {
  outcomeCode: OutcomeCode;
  note?: string;
  actorId?: string;
  checkId?: string;
  source?: 'gate' | 'dialer';
}

export type RecordCaseContactResult =
  | { recorded: true; attemptId: string; decision: RecordedContact; outcome: Outcome; evidenceLeaf: number; holdId: string | null }
  | { recorded: false; attemptId: string; decision: RecordedContact; evidenceLeaf: number };

/**
 * Records a contact on a case (the dialer / integration path and the composer's "record"). The gate runs in the same
 * transaction: a refusal is logged with every fired rule and an evidence leaf, and nothing else changes; an allowed
 * contact gets its outcome (counted toward caps), a case touch with the outcome code, and an evidence leaf.
 * Throws CASES_NOT_FOUND, COMPLIANCE_CONTACT_OUT_OF_ORDER, COMPLIANCE_CHECK_MISMATCH, COMPLIANCE_TEMPLATE_*.
 */
export async function recordCaseContact(tx: Tx, input: RecordCaseContactInput): Promise<RecordCaseContactResult> {
  if (input.at) {
    // A contact logged afterwards may not slip in before contacts already counted: caps hold over the whole sequence.
    const c = await getCase(tx, input.caseId);
    const last = await one<{ t: unknown }>(tx, sql`SELECT max(attempted_at) AS t FROM compliance.contact_attempts WHERE debtor_id = ${c.debtor.id} AND (decision = 'allow' OR breach)`);
    if (last?.t && Date.parse(ts(last.t)) > Date.parse(input.at)) {
      throw complianceError('COMPLIANCE_CONTACT_OUT_OF_ORDER', { field: 'at', detail: `at: the debtor's contact log already has a contact at ${ts(last.t)}; log contacts in order` });
    }
  }
  const d = await recordContact(tx, { ...input, source: input.source ?? 'gate' });
  const at = new Date(input.at ?? Date.now());
  const recordedAt = new Date(Math.max(Date.now(), at.getTime()));
  const ruleMeta = [...new Set(d.fired.map((f) => f.ruleId))].join(':').slice(0, 64) || 'none';
  const base = { case: input.caseId, actor: evidenceActor(input.actorId), occurredAt: at.toISOString() };
  if (d.decision === 'deny' || d.duplicate) {
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
    holdId = (await placeCaseHold(tx, { caseId: input.caseId, kind: 'cease_contact', reason: 'debtor asked not to be contacted (US-06)', actorId: input.actorId ?? null, at: recordedAt })).holdId;
  }
  const leaf = await appendEvidence(tx, {
    ...base, type: 'contact.recorded', refs: { attempt: d.attemptId },
    meta: { channel: input.channel, outcome, outcomeCode: input.outcomeCode, template: input.templateId && /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/.test(input.templateId) ? input.templateId : null },
  });
  return { recorded: true, attemptId: d.attemptId, decision: d, outcome, evidenceLeaf: leaf.leafIndex, holdId };
}

/**
 * The cases module's "record touch" (wired as its TouchGate in app.ts): a contact that already happened, decided by
 * the same gate with the same facts. It always counts toward caps; a refused one is recorded as a breach, with its
 * rules and an evidence leaf, for the compliance officer (GET /api/v1/compliance/breaches, the dashboard).
 */
export async function recordTouchThroughGate(tx: Tx, t: TouchGateInput): Promise<TouchGateResult> {
  const channel = GATE_CHANNEL[t.channel];
  const d = await recordContact(tx, {
    caseId: t.caseId, channel, at: t.at.toISOString(), target: { kind: 'debtor' }, actorId: t.by ?? undefined, source: 'touch', happened: true,
    ...(t.staffCount !== undefined ? { staffCount: t.staffCount } : {}),
  });
  await recordContactOutcome(tx, d.attemptId, gateOutcomeOf(t.outcomeCode, channel), t.at.toISOString());
  const ruleIds = [...new Set(d.fired.map((f) => f.ruleId))];
  if (d.breach) {
    await appendEvidence(tx, { type: 'contact.breach', case: t.caseId, actor: evidenceActor(t.by), occurredAt: t.at.toISOString(), refs: { attempt: d.attemptId },
      meta: { channel, rules: ruleIds.join(':').slice(0, 64) || 'none' } });
  }
  return { attemptId: d.attemptId, decision: d.decision, breach: d.breach, ruleIds, warnings: [...new Set(d.warnings.map((w) => w.ruleId))] };
}

export interface CaseContactEntry {
  id: string;
  channel: Channel;
  targetKind: 'debtor' | 'third_party' | 'representative';
  attemptedAt: string;
  decision: 'allow' | 'deny';
  breach: boolean;
  source: string;
  fired: FiredRule[];
  warnings: FiredRule[];
  outcome: Outcome | null;
  templateId: string | null;
  actorId: string | null;
}

const entryOf = (x: Record<string, unknown>): CaseContactEntry => ({
  id: String(x.id), channel: x.channel as Channel, targetKind: x.target_kind as CaseContactEntry['targetKind'], attemptedAt: ts(x.attempted_at),
  decision: x.decision as 'allow' | 'deny', breach: Boolean(x.breach), source: String(x.source ?? 'gate'), fired: json<FiredRule[]>(x.fired),
  warnings: json<FiredRule[]>(x.warnings ?? []), outcome: (x.outcome as Outcome | null) ?? null,
  templateId: (x.template_id as string | null) ?? null, actorId: (x.actor_id as string | null) ?? null,
});

/** The case's contact log (allowed, refused and breaches, with reasons), newest first. Throws CASES_NOT_FOUND. */
export async function listCaseContacts(tx: Tx, caseId: string, limit = 200): Promise<CaseContactEntry[]> {
  await getCase(tx, caseId);
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT id, channel, target_kind, attempted_at, decision, breach, source, fired, warnings, outcome, template_id, actor_id
    FROM compliance.contact_attempts WHERE case_id = ${caseId} ORDER BY attempted_at DESC, id DESC LIMIT ${limit}`);
  return r.map(entryOf);
}

/** Contacts that happened although the gate refuses them, newest first: the compliance officer's breach list. */
export async function listBreaches(tx: Tx, f: { days?: number; now?: Date } = {}): Promise<Array<CaseContactEntry & { caseId: string | null }>> {
  const from = new Date((f.now ?? new Date()).getTime() - (f.days ?? 90) * 86_400_000).toISOString();
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT id, case_id, channel, target_kind, attempted_at, decision, breach, source, fired, warnings, outcome, template_id, actor_id
    FROM compliance.contact_attempts WHERE breach AND attempted_at >= ${from}::timestamptz ORDER BY attempted_at DESC, id DESC LIMIT 500`);
  return r.map((x) => ({ ...entryOf(x), caseId: (x.case_id as string | null) ?? null }));
}
