// Data-subject rights and retention on debtor records (PI-07, PI-09): correcting a field after a reviewed request
// (PIPL art 46), and purging a debtor's personal data when its retention period has run out (art 19/47, COL-61).
// A purged debtor keeps its row and ids (cases, ledger and the evidence log refer to them; the evidence log never
// held personal data) but every personal value is overwritten and every contact point suppressed.
import { and, eq, inArray, isNull, sql as dsql } from 'drizzle-orm';
import { one, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { blindIndex, encryptField, maskValue, type PiiType } from '../../platform/pii/index.js';
import { normalisePhone } from './debtor.js';
import { nameSearchKeys } from './search-keys.js';
import { contactPoints, debtors, relatedParties } from './schema.js';
import { debtorError } from './errors.js';
import type { DebtorKeys } from './store.js';

/** Fields a data subject may ask to correct (PI-09). Identity numbers are not self-service: they need documents. */
export const CORRECTABLE_FIELDS = ['name', 'phone', 'email', 'address', 'employer'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** Placeholder written over purged text values. */
export const PURGED = '已删除';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

async function tenantOf(tx: Tx): Promise<string> {
  const r = await one<{ t: string | null }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  if (!r?.t) throw new Error('debtors: no tenant in this transaction (use withTenant)');
  return r.t;
}

/**
 * Checks and normalises a proposed value for a field. Throws DEBTORS_CORRECTION_INVALID (field `value`) or
 * DEBTORS_PHONE_INVALID / DEBTORS_EMAIL_INVALID.
 */
export function normaliseCorrection(field: CorrectableField, raw: string): string {
  const v = raw.trim();
  if (!v || v.length > 200) throw debtorError('DEBTORS_CORRECTION_INVALID', { field: 'value', detail: 'a value of 1-200 characters' });
  if (field === 'phone') {
    const p = normalisePhone(v);
    if (!p) throw debtorError('DEBTORS_PHONE_INVALID', { field: 'value' });
    return p;
  }
  if (field === 'email') {
    if (!EMAIL.test(v)) throw debtorError('DEBTORS_EMAIL_INVALID', { field: 'value' });
    return v.toLowerCase();
  }
  if (field === 'name' && v.length > 50) throw debtorError('DEBTORS_CORRECTION_INVALID', { field: 'value', detail: 'a name of at most 50 characters' });
  return v;
}

/** The PI-22 display mask of a proposed value of a field. */
export function maskCorrection(field: CorrectableField, value: string): string {
  switch (field) {
    case 'phone':
      return maskValue(/^1\d{10}$/.test(value) ? 'mobile' : 'landline', value);
    case 'email':
      return maskValue('email', value);
    case 'address':
      return maskValue('address', value);
    case 'name':
      return maskValue('name', value);
    default:
      return value.length <= 2 ? '*'.repeat(value.length) : `${value.slice(0, 2)}${'*'.repeat(Math.min(6, value.length - 2))}`;
  }
}

export interface CorrectionResult {
  field: CorrectableField;
  /** New contact point (phone, email, address corrections). */
  contactPointId: string | null;
  /** Contact point suppressed because the new value replaces it. */
  suppressedPointId: string | null;
}

/**
 * Applies a reviewed correction (PI-09, PIPL art 46): name and employer are overwritten; a phone, e-mail or address
 * is added as a new contact point and the one it replaces (if named) is suppressed. The caller records audit and
 * evidence. Throws DEBTORS_NOT_FOUND, DEBTORS_PURGED, DEBTORS_CORRECTION_INVALID, DEBTORS_PHONE_INVALID, DEBTORS_EMAIL_INVALID.
 */
export async function correctDebtorField(
  tx: Tx, keys: DebtorKeys, debtorId: string, input: { field: CorrectableField; value: string; replacesPointId?: string | null },
): Promise<CorrectionResult> {
  const tenantId = await tenantOf(tx);
  const [d] = await tx.select({ id: debtors.id, kind: debtors.kind, purgedAt: debtors.purgedAt }).from(debtors).where(eq(debtors.id, debtorId));
  if (!d) throw debtorError('DEBTORS_NOT_FOUND', { detail: debtorId });
  if (d.purgedAt) throw debtorError('DEBTORS_PURGED', { detail: debtorId, rule: 'PI-07' });
  const value = normaliseCorrection(input.field, input.value);
  if (input.field === 'name') {
    const k = nameSearchKeys(value);
    await tx.update(debtors).set({ name: value, namePinyin: k.pinyin, nameInitials: k.initials, updatedAt: new Date() }).where(eq(debtors.id, debtorId));
    return { field: 'name', contactPointId: null, suppressedPointId: null };
  }
  if (input.field === 'employer') {
    if (d.kind !== 'person') throw debtorError('DEBTORS_CORRECTION_INVALID', { field: 'field', detail: 'an organisation has no employer' });
    await tx.update(debtors).set({ employer: value, updatedAt: new Date() }).where(eq(debtors.id, debtorId));
    return { field: 'employer', contactPointId: null, suppressedPointId: null };
  }
  const kind = input.field;
  let suppressed: string | null = null;
  if (input.replacesPointId) {
    const [old] = await tx.select({ id: contactPoints.id, kind: contactPoints.kind }).from(contactPoints)
      .where(and(eq(contactPoints.id, input.replacesPointId), eq(contactPoints.debtorId, debtorId)));
    if (!old || old.kind !== kind) throw debtorError('DEBTORS_CORRECTION_INVALID', { field: 'replacesPointId', detail: `no ${kind} contact point ${input.replacesPointId} of this debtor` });
    suppressed = old.id;
  }
  const type: PiiType = kind === 'phone' ? (/^1\d{10}$/.test(value) ? 'mobile' : 'landline') : kind;
  const bidx = blindIndex(keys.indexKey, kind === 'phone' ? 'mobile' : kind, value, tenantId);
  const [same] = await tx.select({ id: contactPoints.id }).from(contactPoints)
    .where(and(eq(contactPoints.debtorId, debtorId), eq(contactPoints.kind, kind), eq(contactPoints.valueBidx, bidx)));
  let pointId: string;
  if (same) {
    // The value is already on file (maybe suppressed earlier): use it again.
    pointId = same.id;
    await tx.update(contactPoints).set({ suppressedAt: null }).where(eq(contactPoints.id, same.id));
  } else {
    pointId = newId('cpt');
    await tx.insert(contactPoints).values({
      tenantId, id: pointId, debtorId, kind, label: '本人更正 / corrected by the debtor', timeZone: null,
      valueEnc: encryptField(keys.ring, value, `${tenantId}:debtors.contact_points`), valueMasked: maskValue(type, value), valueBidx: bidx,
    });
  }
  if (suppressed && suppressed !== pointId) {
    await tx.update(contactPoints).set({ suppressedAt: new Date() }).where(and(eq(contactPoints.id, suppressed), isNull(contactPoints.suppressedAt)));
  }
  return { field: kind, contactPointId: pointId, suppressedPointId: suppressed && suppressed !== pointId ? suppressed : null };
}

export interface PurgeResult {
  debtorId: string;
  alreadyPurged: boolean;
  contactPoints: number;
  relatedParties: number;
}

/**
 * Overwrites every personal value of a debtor (name and search keys, identity number, employer, legal
 * representative, region, contact values, related parties' names and phones) and suppresses every contact point
 * (PI-07, COL-61). Idempotent. The caller decides that retention has run out and records audit and evidence.
 * Throws DEBTORS_NOT_FOUND.
 */
export async function purgeDebtor(tx: Tx, debtorId: string, at = new Date()): Promise<PurgeResult> {
  const [d] = await tx.select({ id: debtors.id, kind: debtors.kind, purgedAt: debtors.purgedAt }).from(debtors).where(eq(debtors.id, debtorId));
  if (!d) throw debtorError('DEBTORS_NOT_FOUND', { detail: debtorId });
  if (d.purgedAt) return { debtorId, alreadyPurged: true, contactPoints: 0, relatedParties: 0 };
  await tx.update(debtors).set({
    name: PURGED, namePinyin: '', nameInitials: '', idNumberEnc: '', idNumberMasked: PURGED,
    // Keeps the unique (tenant, identity) index satisfied without any trace of the identity.
    identityBidx: `purged:${debtorId}`,
    employer: null, legalRepresentative: d.kind === 'organisation' ? PURGED : null, region: null, updatedAt: at, purgedAt: at,
  }).where(eq(debtors.id, debtorId));
  const pts = await tx.update(contactPoints).set({
    valueEnc: '', valueMasked: PURGED, valueBidx: dsql`'purged:' || ${contactPoints.id}`, label: null,
    suppressedAt: dsql`coalesce(${contactPoints.suppressedAt}, ${at.toISOString()}::timestamptz)`,
  }).where(eq(contactPoints.debtorId, debtorId)).returning({ id: contactPoints.id });
  const rps = await tx.update(relatedParties).set({
    name: PURGED, phoneEnc: null, phoneMasked: null,
    suppressedAt: dsql`coalesce(${relatedParties.suppressedAt}, ${at.toISOString()}::timestamptz)`,
  }).where(eq(relatedParties.debtorId, debtorId)).returning({ id: relatedParties.id });
  return { debtorId, alreadyPurged: false, contactPoints: pts.length, relatedParties: rps.length };
}

/** When each debtor was purged (null: not purged). Unknown ids are absent from the map. */
export async function debtorPurgeStatus(tx: Tx, ids: string[]): Promise<Map<string, Date | null>> {
  if (!ids.length) return new Map();
  const rs = await tx.select({ id: debtors.id, purgedAt: debtors.purgedAt }).from(debtors).where(inArray(debtors.id, ids));
  return new Map(rs.map((r) => [r.id, r.purgedAt]));
}
