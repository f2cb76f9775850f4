// Check, then record: the two use cases every contact path goes through.
//   checkContact   loads the facts (contact-facts.ts) and decides (decideContact). NO side effects: nothing is
//                  logged, nothing counts toward caps, a template's usage is not counted. Returns a checkId.
//   recordContact  records a contact attempt: decides again with the facts as they are now and writes the decision
//                  (allowed or refused; or, for a contact that already happened outside the product, a breach) to
//                  compliance.contact_attempts. The checkId is its idempotency key: recording the same check twice
//                  returns the first record.
import { createHash } from 'node:crypto';
import { one, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { formatYuan } from '../../platform/money.js';
import { contentHashOf, decideContact, type FiredRule, type GateDecision } from './contact-gate.js';
import { loadCaseFacts, loadContactFacts, type CaseFacts, type ContactRequest, type LoadedContactFacts } from './contact-facts.js';
import { complianceError } from './errors.js';
import type { RuleSet } from './rule-sets.js';
import { renderTemplate } from './scripts-library.js';
import { loadTemplate } from './template-store.js';

export interface ContactCheck extends GateDecision {
  /** Idempotency key of this check: pass it to recordContact for the contact it authorised. */
  checkId: string;
  renderedText: string | null;
  debtorId: string;
}

export interface CheckContactInput extends ContactRequest {
  /** Template variables beyond the ones filled from the case (agencyName, creditorName, debtorName, amount, asOfDate, dueDate). */
  variables?: Record<string, string>;
}

/** Renders the template's latest version in Chinese with the case's own variables. Throws COMPLIANCE_TEMPLATE_NOT_FOUND, COMPLIANCE_TEMPLATE_VARIABLES. */
export async function renderTemplateForCase(tx: Tx, cf: CaseFacts, templateId: string, extra: Record<string, string>): Promise<{ text: string; approved: boolean; version: number }> {
  const rec = await loadTemplate(tx, templateId);
  const c = cf.caseFile;
  const auto: Record<string, string> = {
    agencyName: cf.names?.agencyName ?? '', creditorName: cf.names?.creditorName ?? c.creditor.name, debtorName: c.debtor.name,
    amount: formatYuan(c.position.outstandingFen), asOfDate: c.asOf, dueDate: c.debt.dueDate,
  };
  const vars = Object.fromEntries(Object.keys(rec.content.variables).filter((k) => (extra[k] ?? auto[k]) !== undefined).map((k) => [k, extra[k] ?? auto[k]]));
  // Only an approved or filed version is usable (COL-85); the newest such version is the one counted.
  const usable = await one<{ version: number }>(tx, sql`SELECT version FROM compliance.templates WHERE id = ${templateId} AND state IN ('approved', 'filed') ORDER BY version DESC LIMIT 1`);
  return { text: renderTemplate(rec.content, 'zh', vars), approved: Boolean(usable), version: usable ? Number(usable.version) : rec.version };
}

/** Deterministic key of a check: the same case, contact, content and instant give the same id. */
export function checkIdOf(r: ContactRequest, at: string, text: string | undefined, ruleSetId: string): string {
  const t = r.target.kind === 'third_party' ? `tp:${r.target.partyId}:${r.target.purpose}` : r.target.kind;
  const key = [r.caseId, r.channel, t, r.contactPointId ?? '', r.templateId ?? '', text ? contentHashOf(text) : '', new Date(at).toISOString(), ruleSetId,
    r.staffCount ?? '', r.recipientCount ?? '', r.entersPremisesWithoutConsent ? 1 : 0].join('|');
  return `chk_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

interface Prepared extends LoadedContactFacts {
  at: string;
  text: string | undefined;
  templateVersion: number | null;
  decision: GateDecision;
  checkId: string;
}

async function prepare(tx: Tx, input: CheckContactInput, rules?: RuleSet): Promise<Prepared> {
  const at = input.at ?? new Date().toISOString();
  const caseFacts = await loadCaseFacts(tx, input.caseId, new Date(at));
  let text = input.text;
  let templateApproved = false;
  let templateVersion: number | null = null;
  if (input.templateId) {
    const t = await renderTemplateForCase(tx, caseFacts, input.templateId, input.variables ?? {});
    text = t.text;
    templateApproved = t.approved;
    templateVersion = t.approved ? t.version : null;
  }
  const loaded = await loadContactFacts(tx, { ...input, at }, { text, templateApproved, rules, caseFacts });
  const decision = decideContact(loaded.attempt, loaded.ctx);
  return { ...loaded, at, text, templateVersion, decision, checkId: checkIdOf(input, at, text, loaded.rules.id) };
}

/**
 * May this contact happen? Loads the facts from the records and decides. Reads only: nothing is logged or counted.
 * Throws CASES_NOT_FOUND, COMPLIANCE_TEMPLATE_NOT_FOUND, COMPLIANCE_TEMPLATE_VARIABLES.
 */
export async function checkContact(tx: Tx, input: CheckContactInput, o: { rules?: RuleSet } = {}): Promise<ContactCheck> {
  const p = await prepare(tx, input, o.rules);
  return { ...p.decision, checkId: p.checkId, renderedText: p.text ?? null, debtorId: p.caseFacts.debtorId };
}

export type ContactSource = 'gate' | 'touch' | 'campaign' | 'reminder' | 'dialer';

export interface RecordContactInput extends CheckContactInput {
  actorId?: string;
  source?: ContactSource;
  /** The key from checkContact: a second record with the same key returns the first one. */
  checkId?: string;
  /**
   * The contact already happened (logged afterwards, e.g. a call made outside the product). A refusal is then stored
   * as a breach: it counts toward caps like any contact and is listed for the compliance officer.
   */
  happened?: boolean;
}

export interface RecordedContact extends ContactCheck {
  attemptId: string;
  /** A contact the gate refuses that happened anyway. */
  breach: boolean;
  /** The checkId was recorded before: this is that record. */
  duplicate: boolean;
}

const ruleArray = (fired: FiredRule[]) => sql.raw(`ARRAY[${[...new Set(fired.map((f) => f.ruleId))].map((r) => `'${r.replace(/[^A-Z0-9-]/gi, '')}'`).join(',')}]::text[]`);

/**
 * Records one contact attempt through the gate. Throws CASES_NOT_FOUND, COMPLIANCE_TEMPLATE_NOT_FOUND,
 * COMPLIANCE_TEMPLATE_VARIABLES, COMPLIANCE_CHECK_MISMATCH (a checkId issued for a different contact).
 */
export async function recordContact(tx: Tx, input: RecordContactInput, o: { rules?: RuleSet } = {}): Promise<RecordedContact> {
  if (input.checkId) {
    const prior = await one<Record<string, unknown>>(tx, sql`SELECT id, decision, fired, warnings, rule_set_id, next_allowed_at, breach, debtor_id
      FROM compliance.contact_attempts WHERE check_id = ${input.checkId}`);
    if (prior) {
      const j = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
      return {
        attemptId: String(prior.id), decision: prior.decision as 'allow' | 'deny', fired: j(prior.fired), warnings: j(prior.warnings ?? []),
        ruleSetId: String(prior.rule_set_id), nextAllowedAt: prior.next_allowed_at ? new Date(String(prior.next_allowed_at)).toISOString() : null,
        checkId: input.checkId, renderedText: null, debtorId: String(prior.debtor_id), breach: Boolean(prior.breach), duplicate: true,
      };
    }
  }
  const p = await prepare(tx, input, o.rules);
  if (input.checkId && input.checkId !== p.checkId) {
    throw complianceError('COMPLIANCE_CHECK_MISMATCH', { field: 'checkId', detail: 'checkId: this key was issued for a different contact (case, channel, target, content or time)' });
  }
  const d = p.decision;
  const breach = d.decision === 'deny' && input.happened === true;
  const attemptId = newId('cat');
  const a = p.attempt;
  const target = a.target;
  await tx.execute(sql`INSERT INTO compliance.contact_attempts (tenant_id, id, debtor_id, case_id, channel, target_kind,
      third_party_contact_id, representation_id, contact_point_id, attempted_at, decision, fired, rule_ids, rule_set_id, next_allowed_at,
      template_id, template_version, content_hash, actor_id, check_id, source, breach, warnings)
    VALUES (current_setting('app.tenant_id', true), ${attemptId}, ${p.caseFacts.debtorId}, ${p.caseFacts.caseId}, ${a.channel}, ${target.kind},
      ${target.kind === 'third_party' ? target.contactId : null}, ${target.kind === 'representative' ? target.representationId || null : null},
      ${a.contactPointId ?? null}, ${p.at}::timestamptz, ${d.decision}, ${JSON.stringify(d.fired)}::jsonb, ${ruleArray(d.fired)},
      ${p.rules.id}, ${d.nextAllowedAt}::timestamptz, ${a.templateId ?? null}, ${p.templateVersion},
      ${p.text ? contentHashOf(p.text) : null}, ${input.actorId ?? null}, ${input.checkId ?? null}, ${input.source ?? 'gate'}, ${breach},
      ${JSON.stringify(d.warnings)}::jsonb)`);
  if (d.decision === 'allow' && p.templateVersion !== null) {
    await tx.execute(sql`UPDATE compliance.templates SET usage_count = usage_count + 1 WHERE id = ${a.templateId!} AND version = ${p.templateVersion}`);
  }
  return { ...d, attemptId, checkId: input.checkId ?? p.checkId, renderedText: p.text ?? null, debtorId: p.caseFacts.debtorId, breach, duplicate: false };
}
