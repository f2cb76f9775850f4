// What the debtor (or a third party) told us about being contacted, as records the gate reads:
//   opt-outs       a channel ("no SMS"), a number or address ("not this number"), or a channel on a number
//                  ("do not text this number") — COL-22 family (民法典 art 1033: no intrusion by phone, SMS, IM or
//                  e-mail without consent); permanent, append-only like every suppression
//   representation the debtor has a lawyer (US-05 comparator): contact goes to the representative, a contact kind of
//                  its own; the debtor is on legal_representation hold while it lasts
//   window consent recorded, time-limited consent to contact in the product quiet window (COL-11); never COL-10
//   minor          a related party known to be a minor (COL-35): a hold on that party
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { appendEvidence } from '../evidence/index.js';
import { loadCaseFacts } from './contact-facts.js';
import { complianceError } from './errors.js';
import type { Channel } from './rule-sets.js';
import { addSuppression, placeHold, recordQuietHoursConsent } from './store.js';
import { evidenceActor } from './template-store.js';

const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export interface ContactPreferences {
  optOuts: Array<{ id: string; channel: Channel | null; contactPointId: string | null; partyId: string | null; ruleId: string; reason: string | null; createdAt: string }>;
  representations: Array<{ id: string; lawyerName: string; firm: string; contact: string; since: string; endedAt: string | null }>;
  consents: Array<{ id: string; grantedAt: string; expiresAt: string | null; revokedAt: string | null; recordingId: string | null }>;
}

/** Opt-outs, representations and window consents of the case's debtor. Throws CASES_NOT_FOUND. */
export async function listContactPreferences(tx: Tx, caseId: string): Promise<ContactPreferences> {
  const cf = await loadCaseFacts(tx, caseId);
  const sup = await rows<Record<string, unknown>>(tx, sql`SELECT id, channel, contact_point_id, contact_id, rule_id, reason, created_at FROM compliance.suppressions
    WHERE debtor_id = ${cf.debtorId} ORDER BY created_at DESC, id`);
  const reps = await rows<Record<string, unknown>>(tx, sql`SELECT id, lawyer_name, firm, contact, since, ended_at FROM compliance.representations
    WHERE debtor_id = ${cf.debtorId} AND (case_id IS NULL OR case_id = ${caseId}) ORDER BY since DESC, id`);
  const cons = await rows<Record<string, unknown>>(tx, sql`SELECT id, granted_at, expires_at, revoked_at, recording_id FROM compliance.quiet_hours_consents
    WHERE debtor_id = ${cf.debtorId} ORDER BY granted_at DESC, id`);
  return {
    optOuts: sup.map((x) => ({ id: String(x.id), channel: (x.channel as Channel | null) ?? null, contactPointId: (x.contact_point_id as string | null) ?? null,
      partyId: (x.contact_id as string | null) ?? null, ruleId: String(x.rule_id), reason: (x.reason as string | null) ?? null, createdAt: ts(x.created_at) })),
    representations: reps.map((x) => ({ id: String(x.id), lawyerName: String(x.lawyer_name), firm: String(x.firm), contact: String(x.contact), since: ts(x.since), endedAt: x.ended_at ? ts(x.ended_at) : null })),
    consents: cons.map((x) => ({ id: String(x.id), grantedAt: ts(x.granted_at), expiresAt: x.expires_at ? ts(x.expires_at) : null, revokedAt: x.revoked_at ? ts(x.revoked_at) : null, recordingId: (x.recording_id as string | null) ?? null })),
  };
}

/**
 * Records an opt-out of the case's debtor: a channel, a number/address, or a channel on a number (COL-22).
 * Throws CASES_NOT_FOUND, COMPLIANCE_OPT_OUT_INVALID (naming the field).
 */
export async function addOptOut(tx: Tx, o: { caseId: string; channel?: Channel; contactPointId?: string; reason?: string; by: string }): Promise<{ id: string }> {
  // The case first: a case of another tenant (invisible under RLS) is 404 whatever the body says.
  const cf = await loadCaseFacts(tx, o.caseId);
  if (!o.channel && !o.contactPointId) throw complianceError('COMPLIANCE_OPT_OUT_INVALID', { field: 'channel', detail: 'channel: name a channel, a number, or both' });
  if (o.contactPointId && !cf.contactPoints.some((p) => p.id === o.contactPointId)) {
    throw complianceError('COMPLIANCE_OPT_OUT_INVALID', { field: 'contactPointId', detail: 'contactPointId: not a number or address of this debtor' });
  }
  const id = await addSuppression(tx, { debtorId: cf.debtorId, channel: o.channel, contactPointId: o.contactPointId, ruleId: 'COL-22', reason: o.reason, createdBy: o.by });
  await appendEvidence(tx, { type: 'contact.opt_out', case: o.caseId, actor: evidenceActor(o.by), occurredAt: new Date().toISOString(), refs: { suppression: id }, meta: { channel: o.channel ?? null, number: Boolean(o.contactPointId) } });
  return { id };
}

/** The debtor is represented by a lawyer from `since` (US-05). Throws CASES_NOT_FOUND. */
export async function addRepresentation(tx: Tx, r: { caseId: string; lawyerName: string; firm: string; contact: string; since?: string; allCases?: boolean; by: string }): Promise<{ id: string }> {
  const cf = await loadCaseFacts(tx, r.caseId);
  const id = newId('rep');
  const since = r.since ?? new Date().toISOString();
  await tx.execute(sql`INSERT INTO compliance.representations (tenant_id, id, debtor_id, case_id, lawyer_name, firm, contact, since, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${cf.debtorId}, ${r.allCases ? null : r.caseId}, ${r.lawyerName}, ${r.firm}, ${r.contact}, ${since}::timestamptz, ${r.by})`);
  await appendEvidence(tx, { type: 'contact.representation', case: r.caseId, actor: evidenceActor(r.by), occurredAt: since, refs: { representation: id }, meta: { ended: false } });
  return { id };
}

/** Ends a representation: the debtor may be contacted directly again. Throws COMPLIANCE_REPRESENTATION_NOT_FOUND. */
export async function endRepresentation(tx: Tx, caseId: string, id: string, by: string, at = new Date().toISOString()): Promise<void> {
  const r = await rows(tx, sql`UPDATE compliance.representations SET ended_at = ${at}::timestamptz, ended_by = ${by}
    WHERE id = ${id} AND ended_at IS NULL AND (case_id IS NULL OR case_id = ${caseId}) RETURNING id`);
  if (!r.length) throw complianceError('COMPLIANCE_REPRESENTATION_NOT_FOUND', { detail: id });
  await appendEvidence(tx, { type: 'contact.representation', case: caseId, actor: evidenceActor(by), occurredAt: at, refs: { representation: id }, meta: { ended: true } });
}

/**
 * Records the debtor's consent to be contacted in the product quiet window (COL-11) until `expiresAt`. It can never
 * lift COL-10 (22:00–08:00): the rule set marks that window not consent-overridable. Throws CASES_NOT_FOUND.
 */
export async function recordWindowConsent(tx: Tx, c: { caseId: string; grantedAt?: string; expiresAt: string; channel: string; recordingId?: string; by: string }): Promise<{ id: string }> {
  const cf = await loadCaseFacts(tx, c.caseId);
  const id = await recordQuietHoursConsent(tx, { debtorId: cf.debtorId, caseId: c.caseId, grantedAt: c.grantedAt ?? new Date().toISOString(), expiresAt: c.expiresAt,
    channel: c.channel, recordingId: c.recordingId, createdBy: c.by });
  await appendEvidence(tx, { type: 'contact.window_consent', case: c.caseId, actor: evidenceActor(c.by), occurredAt: new Date().toISOString(), refs: { consent: id }, meta: { expiresAt: c.expiresAt } });
  return { id };
}

/** A related party of the case's debtor is a minor (COL-35): no contact with them. Throws CASES_NOT_FOUND, COMPLIANCE_PARTY_NOT_FOUND. */
export async function markPartyMinor(tx: Tx, p: { caseId: string; partyId: string; reason?: string; by: string }): Promise<{ holdId: string }> {
  const cf = await loadCaseFacts(tx, p.caseId);
  if (!cf.parties.some((x) => x.id === p.partyId)) throw complianceError('COMPLIANCE_PARTY_NOT_FOUND', { field: 'partyId', detail: p.partyId });
  const holdId = await placeHold(tx, { debtorId: cf.debtorId, partyId: p.partyId, kind: 'minor', reason: p.reason ?? 'known to be a minor (COL-35)', createdBy: p.by });
  return { holdId };
}
