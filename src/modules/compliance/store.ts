// Database use cases of the compliance module. Every function takes a tenant-scoped transaction (withTenant) first.
// checkContactForCase loads the debtor's history across all cases (COL-23), holds, suppressions, consents and
// holidays, runs the pure gate and records the decision — allowed or denied — in compliance.contact_attempts.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import {
  decideContact, contentHashOf, type ContactAttempt, type ContactHistoryEntry, type GateContext, type GateDecision, type Hold,
} from './contact-gate.js';
import { complianceError } from './errors.js';
import {
  applyTenantOverrides, getRuleSet, VOICE, type Channel, type HoldKind, type Jurisdiction, type Outcome, type RuleSet, type TenantOverrides,
} from './rule-sets.js';
import type { TemplateRecord } from './scripts-library.js';

const DAY_MS = 86_400_000;
const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

// ---------------------------------------------------------------- rule configuration (versioned, audited)

export interface RuleConfigInput {
  jurisdiction: Jurisdiction;
  overrides: TenantOverrides;
  changedBy: string;
  reason?: string;
}

/** Saves a new version of the tenant's rule configuration. Throws COMPLIANCE_OVERRIDE_LOOSER / _INVALID. */
export async function saveRuleConfig(tx: Tx, input: RuleConfigInput): Promise<{ version: number; ruleSetId: string }> {
  const base = getRuleSet(input.jurisdiction);
  applyTenantOverrides(base, input.overrides); // validates: stricter only
  const r = await one<{ version: number }>(tx, sql`
    INSERT INTO compliance.rule_configs (tenant_id, version, jurisdiction, rule_set_id, overrides, changed_by, reason)
    SELECT current_setting('app.tenant_id', true), coalesce(max(version), 0) + 1, ${input.jurisdiction}, ${base.id},
           ${JSON.stringify(input.overrides)}::jsonb, ${input.changedBy}, ${input.reason ?? null}
      FROM compliance.rule_configs
    RETURNING version`);
  return { version: Number(r!.version), ruleSetId: base.id };
}

export interface RuleConfigVersion {
  version: number;
  jurisdiction: Jurisdiction;
  ruleSetId: string;
  overrides: TenantOverrides;
  changedBy: string;
  reason: string | null;
  changedAt: string;
}

/** Every version of the tenant's rule configuration, newest first (the audit trail of changes). */
export async function listRuleConfigHistory(tx: Tx): Promise<RuleConfigVersion[]> {
  const r = await rows<Record<string, unknown>>(tx, sql`
    SELECT version, jurisdiction, rule_set_id, overrides, changed_by, reason, changed_at FROM compliance.rule_configs ORDER BY version DESC`);
  return r.map((x) => ({
    version: Number(x.version), jurisdiction: x.jurisdiction as Jurisdiction, ruleSetId: String(x.rule_set_id),
    overrides: (typeof x.overrides === 'string' ? JSON.parse(x.overrides) : x.overrides) as TenantOverrides,
    changedBy: String(x.changed_by), reason: (x.reason as string | null) ?? null, changedAt: ts(x.changed_at),
  }));
}

/** The tenant's effective rules: latest configuration applied to its rule set; China defaults when none saved. */
export async function loadEffectiveRules(tx: Tx): Promise<RuleSet> {
  const [latest] = await listRuleConfigHistory(tx);
  if (!latest) return getRuleSet('CN');
  return applyTenantOverrides(getRuleSet(latest.ruleSetId), latest.overrides);
}

// ---------------------------------------------------------------- holds, suppressions, consents, holidays

/** A compliance hold on the debtor (or, with partyId, on one related party: a minor, COL-35). */
export async function placeHold(tx: Tx, h: { debtorId: string; caseId?: string; partyId?: string; kind: HoldKind; since?: string; until?: string; reason?: string; createdBy: string }): Promise<string> {
  const id = newId('hold');
  await tx.execute(sql`INSERT INTO compliance.holds (tenant_id, id, debtor_id, case_id, party_id, kind, since, until, reason, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${h.debtorId}, ${h.caseId ?? null}, ${h.partyId ?? null}, ${h.kind},
            ${h.since ?? new Date().toISOString()}::timestamptz, ${h.until ?? null}::timestamptz, ${h.reason ?? null}, ${h.createdBy})`);
  return id;
}

export async function liftHold(tx: Tx, holdId: string, by: string, at = new Date().toISOString()): Promise<void> {
  await tx.execute(sql`UPDATE compliance.holds SET lifted_at = ${at}::timestamptz, lifted_by = ${by} WHERE id = ${holdId} AND lifted_at IS NULL`);
}

/** COL-32 permanent suppression of a third party, a contact point, or a debtor channel opt-out. Append-only. */
export async function addSuppression(tx: Tx, s: { debtorId: string; contactId?: string; contactPointId?: string; channel?: Channel; ruleId: string; reason?: string; createdBy: string }): Promise<string> {
  const id = newId('sup');
  await tx.execute(sql`INSERT INTO compliance.suppressions (tenant_id, id, debtor_id, contact_id, contact_point_id, channel, rule_id, reason, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${s.debtorId}, ${s.contactId ?? null}, ${s.contactPointId ?? null},
            ${s.channel ?? null}, ${s.ruleId}, ${s.reason ?? null}, ${s.createdBy})`);
  return id;
}

/** COL-10 recorded debtor consent to contact in the quiet window. */
export async function recordQuietHoursConsent(tx: Tx, c: { debtorId: string; grantedAt: string; recordingId?: string; channel: string; revokedAt?: string; expiresAt?: string; caseId?: string; createdBy?: string }): Promise<string> {
  const id = newId('qhc');
  await tx.execute(sql`INSERT INTO compliance.quiet_hours_consents (tenant_id, id, debtor_id, granted_at, revoked_at, recording_id, channel, expires_at, case_id, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${c.debtorId}, ${c.grantedAt}::timestamptz, ${c.revokedAt ?? null}::timestamptz, ${c.recordingId ?? null}, ${c.channel},
            ${c.expiresAt ?? null}::timestamptz, ${c.caseId ?? null}, ${c.createdBy ?? null})`);
  return id;
}

export async function revokeQuietHoursConsent(tx: Tx, id: string, at: string): Promise<void> {
  await tx.execute(sql`UPDATE compliance.quiet_hours_consents SET revoked_at = ${at}::timestamptz WHERE id = ${id} AND revoked_at IS NULL`);
}

/** COL-12 tenant holiday calendar. */
export async function setHoliday(tx: Tx, day: string, name: string): Promise<void> {
  await tx.execute(sql`INSERT INTO compliance.holidays (tenant_id, day, name) VALUES (current_setting('app.tenant_id', true), ${day}::date, ${name})
    ON CONFLICT (tenant_id, day) DO UPDATE SET name = excluded.name`);
}

// ---------------------------------------------------------------- gate context and decision log

function lookbackHours(r: RuleSet): number {
  const hs = [24 * 2, ...r.caps.map((c) => (c.period.kind === 'rolling' ? c.period.hours : 48)), r.contentDedupe?.hours ?? 0,
    r.quietAfterConversation?.hours ?? 0, r.thirdParty.repeatLimitHours ?? 0];
  return Math.max(...hs) + 48;
}

/**
 * The gate context for one debtor at `at` (loadGateContexts for one debtor): allowed attempts and recorded breaches of
 * every case within the longest rule window (COL-23), active holds (debtor-wide or on `caseId`), suppressions,
 * opt-outs, consents and holidays. The facts of one case (holds, identity, limitation) come from contact-facts.ts.
 */
export async function loadGateContext(tx: Tx, q: { debtorId: string; caseId?: string; at: string; rules: RuleSet }): Promise<GateContext> {
  const { byDebtor, holidays } = await loadGateContexts(tx, { debtorIds: [q.debtorId], at: q.at, rules: q.rules });
  const f = byDebtor.get(q.debtorId)!;
  return {
    rules: q.rules, history: f.history, holidays, suppressions: f.suppressions, channelOptOuts: f.channelOptOuts, quietHoursConsents: f.quietHoursConsents,
    holds: f.holds.filter((h) => h.partyId === null && (h.caseId === null || h.caseId === (q.caseId ?? null))).map(({ kind, since, until }) => ({ kind, since, until })),
  };
}

/** Postgres text[] literal for ids (letters, digits, _ - . only; anything else is refused). */
function idArray(ids: string[]): string {
  for (const id of ids) if (!/^[A-Za-z0-9_.:-]+$/.test(id)) throw complianceError('COMPLIANCE_OVERRIDE_INVALID', { detail: `bad id ${id}` });
  return `{${ids.join(',')}}`;
}

export interface DebtorGateFacts {
  history: ContactHistoryEntry[];
  /** Active compliance holds with the case they are on (null = debtor-wide) and the related party (null = the debtor). */
  holds: Array<Hold & { caseId: string | null; partyId: string | null }>;
  /** Representations by a lawyer (US-05), active or ended. */
  representations: Array<{ id: string; caseId: string | null; since: string; endedAt: string | null }>;
  suppressions: NonNullable<GateContext['suppressions']>;
  channelOptOuts: Channel[];
  quietHoursConsents: NonNullable<GateContext['quietHoursConsents']>;
}

/**
 * loadGateContext for a page of debtors in five set-based queries (no per-debtor query): what a campaign over a
 * large segment needs. `until` bounds the history read (the end of the planning window); holidays are read once.
 */
export async function loadGateContexts(tx: Tx, q: { debtorIds: string[]; at: string; until?: string; rules: RuleSet }): Promise<{ byDebtor: Map<string, DebtorGateFacts>; holidays: string[] }> {
  const ids = idArray([...new Set(q.debtorIds)]);
  const since = new Date(Date.parse(q.at) - lookbackHours(q.rules) * 3_600_000).toISOString();
  const until = q.until ?? q.at;
  const byDebtor = new Map<string, DebtorGateFacts>();
  const get = (d: string) => {
    let f = byDebtor.get(d);
    if (!f) byDebtor.set(d, (f = { history: [], holds: [], representations: [], suppressions: [], channelOptOuts: [], quietHoursConsents: [] }));
    return f;
  };
  for (const d of q.debtorIds) get(d);
  const hist = await rows<Record<string, unknown>>(tx, sql`
    SELECT debtor_id, attempted_at, channel, outcome, target_kind, contact_point_id, third_party_contact_id, content_hash, case_id
      FROM compliance.contact_attempts
     WHERE debtor_id = ANY(${ids}::text[]) AND (decision = 'allow' OR breach) AND attempted_at > ${since}::timestamptz AND attempted_at <= ${until}::timestamptz
     ORDER BY debtor_id, attempted_at`);
  for (const h of hist) {
    get(String(h.debtor_id)).history.push({
      at: ts(h.attempted_at), channel: h.channel as Channel, target: h.target_kind as 'debtor' | 'third_party' | 'representative',
      outcome: (h.outcome as Outcome | null) ?? (VOICE.includes(h.channel as Channel) ? 'answered' : 'delivered'),
      contactPointId: (h.contact_point_id as string | null) ?? undefined, thirdPartyContactId: (h.third_party_contact_id as string | null) ?? undefined,
      contentHash: (h.content_hash as string | null) ?? undefined, caseId: (h.case_id as string | null) ?? undefined,
    });
  }
  const holds = await rows<Record<string, unknown>>(tx, sql`SELECT debtor_id, case_id, party_id, kind, since, until FROM compliance.holds
    WHERE debtor_id = ANY(${ids}::text[]) AND lifted_at IS NULL`);
  for (const h of holds) {
    get(String(h.debtor_id)).holds.push({ kind: h.kind as HoldKind, since: ts(h.since), until: h.until ? ts(h.until) : null,
      caseId: (h.case_id as string | null) ?? null, partyId: (h.party_id as string | null) ?? null });
  }
  const reps = await rows<Record<string, unknown>>(tx, sql`SELECT debtor_id, id, case_id, since, ended_at FROM compliance.representations WHERE debtor_id = ANY(${ids}::text[])`);
  for (const x of reps) get(String(x.debtor_id)).representations.push({ id: String(x.id), caseId: (x.case_id as string | null) ?? null, since: ts(x.since), endedAt: x.ended_at ? ts(x.ended_at) : null });
  const sup = await rows<Record<string, unknown>>(tx, sql`SELECT debtor_id, contact_id, contact_point_id, channel, rule_id, reason FROM compliance.suppressions WHERE debtor_id = ANY(${ids}::text[])`);
  for (const x of sup) {
    const f = get(String(x.debtor_id));
    if (x.contact_id || x.contact_point_id) {
      f.suppressions.push({ contactId: (x.contact_id as string | null) ?? undefined, contactPointId: (x.contact_point_id as string | null) ?? undefined,
        channel: (x.contact_point_id && x.channel ? x.channel as Channel : undefined), ruleId: String(x.rule_id), reason: (x.reason as string | null) ?? undefined });
    } else if (x.channel) f.channelOptOuts.push(x.channel as Channel);
  }
  const cons = await rows<Record<string, unknown>>(tx, sql`SELECT debtor_id, granted_at, revoked_at, expires_at, recording_id FROM compliance.quiet_hours_consents WHERE debtor_id = ANY(${ids}::text[])`);
  for (const c of cons) {
    get(String(c.debtor_id)).quietHoursConsents.push({ grantedAt: ts(c.granted_at), revokedAt: c.revoked_at ? ts(c.revoked_at) : null,
      expiresAt: c.expires_at ? ts(c.expires_at) : null, recordingId: (c.recording_id as string | null) ?? undefined });
  }
  const hol = await rows<{ day: unknown }>(tx, sql`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM compliance.holidays
     WHERE day BETWEEN (${q.at}::timestamptz - interval '2 days')::date AND (${until}::timestamptz + interval '2 days')::date`);
  return { byDebtor, holidays: hol.map((h) => String(h.day)) };
}

/** Decide-and-log with facts the caller gives: the store test's scenario table and the bench only. Every product path uses check-contact.ts. */
export interface LogDecisionWithFactsInput {
  debtorId: string;
  caseId?: string;
  /** The proposed contact; `at` defaults to now. */
  attempt: Omit<ContactAttempt, 'at' | 'caseId'> & { at?: string };
  reachability?: GateContext['reachability'];
  names?: GateContext['names'];
  timeBarred?: boolean;
  actorId?: string;
  /** Rules to use instead of the tenant's saved configuration (campaign previews, tests). */
  rules?: RuleSet;
  /** Holds kept elsewhere (the case's holds from the cases module), added to compliance.holds (COL-35). */
  extraHolds?: Hold[];
  /** Preview only (the live composer): decide without logging or counting usage. */
  dryRun?: boolean;
}

export interface RecordedDecision extends GateDecision {
  attemptId: string;
}

/**
 * Runs the gate for a case's contact with the debtor's full history from the database, then records the decision
 * (allowed or denied) in the contact log. A template id is resolved against compliance.templates: only an approved
 * or filed version counts as approved (COL-85), and an allowed use increments its usage count.
 */
export async function logDecisionWithFacts(tx: Tx, input: LogDecisionWithFactsInput): Promise<RecordedDecision> {
  const at = input.attempt.at ?? new Date().toISOString();
  const rules = input.rules ?? (await loadEffectiveRules(tx));
  const ctx = await loadGateContext(tx, { debtorId: input.debtorId, caseId: input.caseId, at, rules });
  let templateVersion: number | null = null;
  let templateApproved = false;
  if (input.attempt.templateId) {
    const t = await one<{ version: number }>(tx, sql`SELECT version FROM compliance.templates
      WHERE id = ${input.attempt.templateId} AND state IN ('approved', 'filed') ORDER BY version DESC LIMIT 1`);
    if (t) {
      templateVersion = Number(t.version);
      templateApproved = true;
    }
  }
  const attempt: ContactAttempt = { ...input.attempt, at, caseId: input.caseId, templateApproved };
  const decision = decideContact(attempt, {
    ...ctx, holds: [...(ctx.holds ?? []), ...(input.extraHolds ?? [])], reachability: input.reachability, names: input.names, timeBarred: input.timeBarred,
  });
  const attemptId = newId('cat');
  const target = attempt.target;
  if (input.dryRun) return { ...decision, attemptId: 'preview' };
  await tx.execute(sql`INSERT INTO compliance.contact_attempts (tenant_id, id, debtor_id, case_id, channel, target_kind,
      third_party_contact_id, contact_point_id, attempted_at, decision, fired, rule_ids, rule_set_id, next_allowed_at,
      template_id, template_version, content_hash, actor_id)
    VALUES (current_setting('app.tenant_id', true), ${attemptId}, ${input.debtorId}, ${input.caseId ?? null}, ${attempt.channel}, ${target.kind},
      ${target.kind === 'third_party' ? target.contactId : null}, ${attempt.contactPointId ?? null}, ${at}::timestamptz, ${decision.decision},
      ${JSON.stringify(decision.fired)}::jsonb, ${sql.raw(`ARRAY[${[...new Set(decision.fired.map((f) => f.ruleId))].map((r) => `'${r.replace(/[^A-Z0-9-]/gi, '')}'`).join(',')}]::text[]`)},
      ${rules.id}, ${decision.nextAllowedAt}::timestamptz, ${attempt.templateId ?? null}, ${templateVersion},
      ${attempt.text ? contentHashOf(attempt.text) : null}, ${input.actorId ?? null})`);
  if (decision.decision === 'allow' && templateVersion !== null) {
    await tx.execute(sql`UPDATE compliance.templates SET usage_count = usage_count + 1 WHERE id = ${attempt.templateId!} AND version = ${templateVersion}`);
  }
  return { ...decision, attemptId };
}

/** Records what happened on an allowed contact (answered, unanswered, delivered…). Only once. */
export async function recordContactOutcome(tx: Tx, attemptId: string, outcome: Outcome, at = new Date().toISOString()): Promise<void> {
  const r = await rows(tx, sql`UPDATE compliance.contact_attempts SET outcome = ${outcome}, outcome_at = ${at}::timestamptz
    WHERE id = ${attemptId} AND (decision = 'allow' OR breach) AND outcome IS NULL RETURNING id`);
  if (!r.length) throw complianceError('COMPLIANCE_CONTACT_DENIED', { detail: 'no allowed attempt without an outcome with this id' });
}

export interface ContactLogEntry {
  id: string;
  caseId: string | null;
  channel: Channel;
  attemptedAt: string;
  decision: 'allow' | 'deny';
  ruleIds: string[];
  outcome: Outcome | null;
}

/** The debtor's contact log (allowed and denied), newest first — what a regulator sees (COL-80). */
export async function listContactLog(tx: Tx, debtorId: string, limit = 200): Promise<ContactLogEntry[]> {
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT id, case_id, channel, attempted_at, decision, rule_ids, outcome
    FROM compliance.contact_attempts WHERE debtor_id = ${debtorId} ORDER BY attempted_at DESC, id DESC LIMIT ${limit}`);
  return r.map((x) => ({
    id: String(x.id), caseId: (x.case_id as string | null) ?? null, channel: x.channel as Channel, attemptedAt: ts(x.attempted_at),
    decision: x.decision as 'allow' | 'deny', ruleIds: (Array.isArray(x.rule_ids) ? x.rule_ids : String(x.rule_ids ?? '').replace(/[{}]/g, '').split(',').filter(Boolean)) as string[],
    outcome: (x.outcome as Outcome | null) ?? null,
  }));
}

// ---------------------------------------------------------------- templates

/** Stores a template record (insert or state update) with any transitions not stored yet. */
export async function saveTemplateRecord(tx: Tx, rec: TemplateRecord): Promise<void> {
  await tx.execute(sql`INSERT INTO compliance.templates (tenant_id, id, version, state, content, author_id, approved_by, approved_at, filing_number)
    VALUES (current_setting('app.tenant_id', true), ${rec.templateId}, ${rec.version}, ${rec.state}, ${JSON.stringify(rec.content)}::jsonb,
            ${rec.authorId}, ${rec.approvedBy ?? null}, ${rec.approvedAt ?? null}::timestamptz, ${rec.filingNumber ?? null})
    ON CONFLICT (tenant_id, id, version) DO UPDATE SET state = excluded.state, approved_by = excluded.approved_by,
      approved_at = excluded.approved_at, filing_number = excluded.filing_number, updated_at = now()`);
  const stored = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM compliance.template_transitions WHERE template_id = ${rec.templateId} AND version = ${rec.version}`);
  const n = Number(stored?.n ?? 0);
  for (const [i, t] of rec.transitions.entries()) {
    if (i < n) continue;
    await tx.execute(sql`INSERT INTO compliance.template_transitions (tenant_id, template_id, version, seq, from_state, to_state, by_user, at, note)
      VALUES (current_setting('app.tenant_id', true), ${rec.templateId}, ${rec.version}, ${i + 1}, ${t.from}, ${t.to}, ${t.by}, ${t.at}::timestamptz, ${t.note ?? null})`);
  }
}

export async function templateUsage(tx: Tx, templateId: string): Promise<Array<{ version: number; state: string; usageCount: number }>> {
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT version, state, usage_count FROM compliance.templates WHERE id = ${templateId} ORDER BY version`);
  return r.map((x) => ({ version: Number(x.version), state: String(x.state), usageCount: Number(x.usage_count) }));
}

// ---------------------------------------------------------------- complaints (COL-80) and recordings (COL-60..62)

export const COMPLAINT_SLA_DAYS = 15;

/** Opens a complaint with a 15-day decision deadline (COL-80) and, by default, a complaint hold on the case. */
export async function openComplaint(tx: Tx, c: { debtorId: string; caseId?: string; channel: string; summary: string; receivedAt?: string; holdContact?: boolean; createdBy: string }): Promise<{ id: string; dueAt: string }> {
  const id = newId('cmp');
  const receivedAt = c.receivedAt ?? new Date().toISOString();
  const dueAt = new Date(Date.parse(receivedAt) + COMPLAINT_SLA_DAYS * DAY_MS).toISOString();
  await tx.execute(sql`INSERT INTO compliance.complaints (tenant_id, id, debtor_id, case_id, channel, summary, received_at, due_at)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${c.debtorId}, ${c.caseId ?? null}, ${c.channel}, ${c.summary}, ${receivedAt}::timestamptz, ${dueAt}::timestamptz)`);
  if (c.holdContact ?? true) await placeHold(tx, { debtorId: c.debtorId, caseId: c.caseId, kind: 'complaint', since: receivedAt, reason: `complaint ${id}`, createdBy: c.createdBy });
  return { id, dueAt };
}

/** Answers a complaint and lifts the complaint hold it placed. */
export async function answerComplaint(tx: Tx, id: string, answer: string, by: string, at = new Date().toISOString()): Promise<void> {
  const r = await rows(tx, sql`UPDATE compliance.complaints SET status = 'answered', answer = ${answer}, answered_at = ${at}::timestamptz
    WHERE id = ${id} AND status IN ('open', 'escalated') RETURNING id`);
  if (!r.length) throw complianceError('COMPLIANCE_CONTACT_DENIED', { detail: `no open complaint ${id}` });
  await tx.execute(sql`UPDATE compliance.holds SET lifted_at = ${at}::timestamptz, lifted_by = ${by} WHERE reason = ${`complaint ${id}`} AND lifted_at IS NULL`);
}

/** COL-80 "extendable": moves the deadline later (never earlier) for an open complaint. */
export async function extendComplaint(tx: Tx, id: string, until: string): Promise<void> {
  const r = await rows(tx, sql`UPDATE compliance.complaints SET extended_until = ${until}::timestamptz
    WHERE id = ${id} AND status IN ('open', 'escalated') AND ${until}::timestamptz > coalesce(extended_until, due_at) RETURNING id`);
  if (!r.length) throw complianceError('COMPLIANCE_CONTACT_DENIED', { detail: `complaint ${id} is not open or the new deadline is not later` });
}

/** Open complaints past their (possibly extended) deadline at `now`. */
export async function listOverdueComplaints(tx: Tx, now = new Date().toISOString()): Promise<Array<{ id: string; debtorId: string; dueAt: string }>> {
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT id, debtor_id, coalesce(extended_until, due_at) AS due FROM compliance.complaints
    WHERE status IN ('open', 'escalated') AND coalesce(extended_until, due_at) < ${now}::timestamptz ORDER BY due`);
  return r.map((x) => ({ id: String(x.id), debtorId: String(x.debtor_id), dueAt: ts(x.due) }));
}

/** Recording metadata for an attempt (COL-60/62); retention defaults to 5 years (COL-61 DEFAULT). */
export async function recordRecording(tx: Tx, rec: { attemptId: string; storageKey: string; sha256: string; durationSeconds: number; startedAt: string; announcedRecording: boolean; retainUntil?: string }): Promise<string> {
  const id = newId('rec');
  const retain = rec.retainUntil ?? new Date(Date.parse(rec.startedAt) + 5 * 365 * DAY_MS).toISOString();
  await tx.execute(sql`INSERT INTO compliance.recordings (tenant_id, id, attempt_id, storage_key, sha256, duration_seconds, started_at, announced_recording, retain_until)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${rec.attemptId}, ${rec.storageKey}, ${rec.sha256}, ${rec.durationSeconds},
            ${rec.startedAt}::timestamptz, ${rec.announcedRecording}, ${retain}::timestamptz)`);
  return id;
}
