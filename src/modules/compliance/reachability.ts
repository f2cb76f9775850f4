// COL-31 reachability, derived on the server from the contact history: third parties may be contacted only when the
// debtor is unreachable. The caller never supplies it. A debtor is unreachable when (a) every phone number is invalid
// (suppressed in the debtor record, or an attempt ended "wrong number"), (b) each of the debtor's phone and e-mail
// lines ended its last `unreachable.consecutiveFailures` attempts unanswered, failed or bounced, (c) staff marked the
// debtor out of contact (or lacking civil capacity) with a reason, or (d) the debtor is deceased (a hold).
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { getCase } from '../cases/index.js';
import { getDebtor } from '../debtors/index.js';
import { appendEvidence } from '../evidence/index.js';
import type { GateContext } from './contact-gate.js';
import { complianceError } from './errors.js';
import type { Channel, Outcome, RuleSet } from './rule-sets.js';

export const MARK_KINDS = ['out_of_contact', 'incapacitated'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface ReachabilityLine {
  contactPointId: string;
  kind: 'phone' | 'email';
  masked: string;
  /** invalid: number invalid / suppressed; failing: ≥ N consecutive failures; ok: the last attempt reached the debtor or N not reached; untried: no attempt. */
  state: 'invalid' | 'failing' | 'ok' | 'untried';
  /** Consecutive failed attempts at the end of this line's history (at most N are read). */
  failures: number;
}

export interface ReachabilityMark {
  id: string;
  kind: MarkKind;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface Reachability {
  unreachable: boolean;
  numberInvalid: boolean;
  /** Every phone / e-mail line has N consecutive failures or is invalid. */
  failedOnAllChannels: boolean;
  outOfContact: boolean;
  incapacitated: boolean;
  /** The rule set's `unreachable.consecutiveFailures` (3 in China, CBA 2026). */
  threshold: number;
  lines: ReachabilityLine[];
  marks: ReachabilityMark[];
  reasonZh: string;
  reasonEn: string;
}

export interface LineFact {
  id: string;
  kind: 'phone' | 'email' | 'address';
  masked: string;
  /** Suppressed in the debtor record, or marked invalid by an attempt outcome (COL-31 suppression). */
  invalid: boolean;
}

export interface AttemptFact {
  at: string;
  channel: Channel;
  contactPointId: string | null;
  /** null: allowed but no outcome recorded yet — counts as reached (the strict reading). */
  outcome: Outcome | null;
}

const FAILED: Array<Outcome | null> = ['unanswered', 'failed'];
const lineKindOf = (c: Channel): 'phone' | 'email' | null =>
  c === 'email' ? 'email' : c === 'voice_agent' || c === 'voice_automated' || c === 'sms' || c === 'im' ? 'phone' : null;

/**
 * Pure derivation. An attempt names its contact point or, without one, counts for every line of its kind (as COL-21
 * counts an unnamed dial against every number). Addresses are not lines: a letter gives no delivery signal.
 */
export function deriveReachability(input: {
  rules: RuleSet; lines: LineFact[]; attempts: AttemptFact[]; marks: ReachabilityMark[]; deceased?: boolean;
}): Reachability {
  const n = Math.max(1, input.rules.thirdParty.unreachable.consecutiveFailures);
  const newestFirst = [...input.attempts].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const lines: ReachabilityLine[] = input.lines.filter((l) => l.kind !== 'address').map((l) => {
    const kind = l.kind as 'phone' | 'email';
    const mine = newestFirst.filter((a) => (a.contactPointId ? a.contactPointId === l.id : lineKindOf(a.channel) === kind));
    let failures = 0;
    for (const a of mine.slice(0, n)) {
      if (FAILED.includes(a.outcome)) failures++;
      else break;
    }
    const state = l.invalid ? 'invalid' : mine.length === 0 ? 'untried' : failures >= n ? 'failing' : 'ok';
    return { contactPointId: l.id, kind, masked: l.masked, state, failures };
  });
  const phones = lines.filter((l) => l.kind === 'phone');
  const numberInvalid = phones.length > 0 && phones.every((p) => p.state === 'invalid');
  const failedOnAllChannels = lines.length > 0 && lines.every((l) => l.state === 'invalid' || l.state === 'failing') && lines.some((l) => l.state === 'failing');
  const outOfContact = input.marks.some((m) => m.kind === 'out_of_contact');
  const incapacitated = input.marks.some((m) => m.kind === 'incapacitated');
  const deceased = input.deceased ?? false;
  const unreachable = numberInvalid || failedOnAllChannels || outOfContact || incapacitated || deceased;
  const zh: string[] = [];
  const en: string[] = [];
  if (numberInvalid) { zh.push('债务人所有电话号码均无效'); en.push('every phone number of the debtor is invalid'); }
  if (failedOnAllChannels) { zh.push(`所有联系渠道均连续${n}次联系失败`); en.push(`${n} consecutive failed attempts on every channel`); }
  if (outOfContact) { zh.push('工作人员已标记失联'); en.push('staff marked the debtor out of contact'); }
  if (incapacitated) { zh.push('工作人员已标记无民事行为能力'); en.push('staff recorded a lack of civil capacity'); }
  if (deceased) { zh.push('债务人已身故'); en.push('the debtor is deceased'); }
  if (!unreachable) {
    const lineZh = lines.map((l) => `${l.masked}：${l.state === 'invalid' ? '无效' : l.state === 'untried' ? '未尝试' : `连续失败${l.failures}/${n}`}`);
    const lineEn = lines.map((l) => `${l.masked}: ${l.state === 'invalid' ? 'invalid' : l.state === 'untried' ? 'not tried' : `${l.failures}/${n} consecutive failures`}`);
    zh.push(lines.length ? `债务人可联系（${lineZh.join('；')}）` : '债务人可联系（无电话或邮箱记录，需工作人员标记失联）');
    en.push(lines.length ? `the debtor is reachable (${lineEn.join('; ')})` : 'the debtor is reachable (no phone or e-mail on file; staff may mark out of contact)');
  }
  return {
    unreachable, numberInvalid, failedOnAllChannels, outOfContact, incapacitated, threshold: n, lines, marks: input.marks,
    reasonZh: zh.join('；'), reasonEn: en.join('; '),
  };
}

/** What the gate needs: the derived facts, flagged so the gate does not fall back to its own history count. */
export function gateReachability(r: Reachability): NonNullable<GateContext['reachability']> {
  return {
    derived: true, numberInvalid: r.numberInvalid, outOfContact: r.outOfContact, incapacitated: r.incapacitated,
    failedOnAllChannels: r.failedOnAllChannels, explainZh: r.reasonZh, explainEn: r.reasonEn,
  };
}

const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Active staff marks of a debtor. */
export async function listReachabilityMarks(tx: Tx, debtorId: string): Promise<ReachabilityMark[]> {
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT id, kind, reason, created_by, created_at FROM compliance.reachability_marks
    WHERE debtor_id = ${debtorId} AND cleared_at IS NULL ORDER BY created_at`);
  return r.map((x) => ({ id: String(x.id), kind: x.kind as MarkKind, reason: String(x.reason), createdBy: String(x.created_by), createdAt: ts(x.created_at) }));
}

/**
 * Reads the debtor's lines (debtors module), the newest N allowed attempts per line from the contact log, COL-31
 * invalid-number suppressions and staff marks, and derives reachability at `at`.
 */
export async function loadReachability(tx: Tx, q: { debtorId: string; rules: RuleSet; at?: string; deceased?: boolean }): Promise<Reachability> {
  const at = q.at ?? new Date().toISOString();
  // A debtor not (yet) in the debtor records has no lines: reachable unless staff marked otherwise.
  const debtor = await getDebtor(tx, q.debtorId).catch((e: unknown) => {
    if ((e as { code?: string }).code === 'DEBTORS_NOT_FOUND') return { contactPoints: [] as Awaited<ReturnType<typeof getDebtor>>['contactPoints'] };
    throw e;
  });
  const n = Math.max(1, q.rules.thirdParty.unreachable.consecutiveFailures);
  const attempts = await rows<Record<string, unknown>>(tx, sql`
    SELECT attempted_at, channel, contact_point_id, outcome FROM (
      SELECT attempted_at, channel, contact_point_id, outcome,
             row_number() OVER (PARTITION BY coalesce(contact_point_id, CASE WHEN channel = 'email' THEN '*email' ELSE '*phone' END)
                                ORDER BY attempted_at DESC, id DESC) AS rn
        FROM compliance.contact_attempts
       WHERE debtor_id = ${q.debtorId} AND decision = 'allow' AND target_kind = 'debtor'
         AND channel IN ('voice_agent', 'voice_automated', 'sms', 'im', 'email') AND attempted_at <= ${at}::timestamptz) x
     WHERE rn <= ${n}`);
  const invalid = new Set((await rows<{ contact_point_id: string }>(tx, sql`SELECT contact_point_id FROM compliance.suppressions
    WHERE debtor_id = ${q.debtorId} AND rule_id = 'COL-31' AND contact_point_id IS NOT NULL`)).map((x) => x.contact_point_id));
  return deriveReachability({
    rules: q.rules, deceased: q.deceased,
    lines: debtor.contactPoints.map((p) => ({ id: p.id, kind: p.kind, masked: p.masked, invalid: p.suppressed || invalid.has(p.id) })),
    attempts: attempts.map((a) => ({ at: ts(a.attempted_at), channel: a.channel as Channel, contactPointId: (a.contact_point_id as string | null) ?? null, outcome: (a.outcome as Outcome | null) ?? null })),
    marks: await listReachabilityMarks(tx, q.debtorId),
  });
}

/** COL-31: an attempt ended "wrong number": that number is invalid from now on (and the gate will not dial it again). */
export async function markNumberInvalid(tx: Tx, m: { debtorId: string; contactPointId: string; by: string }): Promise<void> {
  const exists = await one(tx, sql`SELECT 1 AS x FROM compliance.suppressions WHERE debtor_id = ${m.debtorId} AND contact_point_id = ${m.contactPointId} AND rule_id = 'COL-31'`);
  if (exists) return;
  await tx.execute(sql`INSERT INTO compliance.suppressions (tenant_id, id, debtor_id, contact_point_id, rule_id, reason, created_by)
    VALUES (current_setting('app.tenant_id', true), ${newId('sup')}, ${m.debtorId}, ${m.contactPointId}, 'COL-31', 'number invalid (wrong number)', ${m.by})`);
}

const evidenceActor = (id: string) => (/^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/.test(id) ? id : 'system');

/** Staff mark a debtor out of contact (or lacking civil capacity) with a reason; evidence leaf `reachability.marked`. */
export async function markReachability(tx: Tx, m: { debtorId: string; caseId: string; kind: MarkKind; reason: string; by: string }): Promise<ReachabilityMark> {
  const id = newId('rmk');
  const at = new Date().toISOString();
  await tx.execute(sql`INSERT INTO compliance.reachability_marks (tenant_id, id, debtor_id, case_id, kind, reason, created_by, created_at)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${m.debtorId}, ${m.caseId}, ${m.kind}, ${m.reason}, ${m.by}, ${at}::timestamptz)`);
  await appendEvidence(tx, { type: 'reachability.marked', case: m.caseId, actor: evidenceActor(m.by), occurredAt: at, refs: { mark: id }, meta: { kind: m.kind } });
  return { id, kind: m.kind, reason: m.reason, createdBy: m.by, createdAt: at };
}

/** Clears an active mark of this debtor (kept with who/when/why). Throws COMPLIANCE_MARK_NOT_FOUND. */
export async function clearReachabilityMark(tx: Tx, m: { debtorId: string; caseId: string; markId: string; reason: string; by: string }): Promise<void> {
  const r = await rows(tx, sql`UPDATE compliance.reachability_marks SET cleared_at = now(), cleared_by = ${m.by}, clear_reason = ${m.reason}
    WHERE id = ${m.markId} AND debtor_id = ${m.debtorId} AND cleared_at IS NULL RETURNING id`);
  if (!r.length) throw complianceError('COMPLIANCE_MARK_NOT_FOUND', { detail: m.markId });
  await appendEvidence(tx, { type: 'reachability.cleared', case: m.caseId, actor: evidenceActor(m.by), occurredAt: new Date().toISOString(), refs: { mark: m.markId } });
}

// ---------------------------------------------------------------- per case (the composer and the HTTP routes)

/** Reachability of the case's debtor now, under the tenant's rules. Throws CASES_NOT_FOUND (404 for foreign ids). */
export async function caseReachability(tx: Tx, caseId: string, rules: RuleSet): Promise<Reachability & { caseId: string; debtorId: string }> {
  const c = await getCase(tx, caseId);
  const r = await loadReachability(tx, { debtorId: c.debtor.id, rules, deceased: c.holds.some((h) => h.kind === 'deceased') });
  return { ...r, caseId, debtorId: c.debtor.id };
}

/** Marks the case's debtor out of contact / incapacitated. Throws CASES_NOT_FOUND. */
export async function markCaseReachability(tx: Tx, m: { caseId: string; kind: MarkKind; reason: string; by: string }): Promise<ReachabilityMark> {
  const c = await getCase(tx, m.caseId);
  return markReachability(tx, { ...m, debtorId: c.debtor.id });
}

/** Clears a mark of the case's debtor. Throws CASES_NOT_FOUND, COMPLIANCE_MARK_NOT_FOUND. */
export async function clearCaseReachabilityMark(tx: Tx, m: { caseId: string; markId: string; reason: string; by: string }): Promise<void> {
  const c = await getCase(tx, m.caseId);
  await clearReachabilityMark(tx, { ...m, debtorId: c.debtor.id });
}
