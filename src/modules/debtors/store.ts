// Debtor use cases on the database. Identity numbers and contact values are sealed with the tenant-bound envelope
// cipher; exact lookups go through keyed blind indexes (context = tenant id, so two tenants' indexes never link).
// One debtor per identity per tenant: registering a known identity returns the existing debtor and merges any new
// contact points into it.
import { and, eq, inArray, sql as dsql } from 'drizzle-orm';
import { one, rows, sql, type SQL, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { blindIndex, createKeyRing, decryptField, deriveSubkey, encryptField, maskValue, type KeyRing, type PiiType } from '../../platform/pii/index.js';
import { deriveSecret, type Secrets } from '../../platform/secrets.js';
import { DebtorInput, identityKey, maskIdNumber, normaliseDebtor, normalisePhone } from './debtor.js';
import { RelatedPartyInput, classifyThirdParty, mayAskToPay, mayDiscloseDebt, type ThirdPartyClass } from './parties.js';
import { nameSearchKeys, normaliseQuery } from './search-keys.js';
import { contactPoints, debtors, relatedParties } from './schema.js';
import { debtorError } from './errors.js';
import { registerDebtorsSetBased } from './bulk.js';

/** The key ring for sealing values, and the pinned blind-index key (it must not follow KEK rotation). */
export interface DebtorKeys {
  ring: KeyRing;
  indexKey: Buffer;
}

/** Keys for this module from the process key ring; the index key is derived from `indexKeyId` (default: current). */
export function debtorKeys(ring: KeyRing, indexKeyId = ring.currentId): DebtorKeys {
  return { ring, indexKey: deriveSubkey(ring, indexKeyId, 'debtors.blind-index.v1') };
}

/** Keys from the installation secrets (src/platform/secrets.ts): KEKs for sealing, a seed-derived blind-index key. */
export function debtorKeysFromSecrets(secrets: Secrets): DebtorKeys {
  return { ring: createKeyRing(secrets.keks.map((k) => ({ id: k.id, key: k.key }))), indexKey: deriveSecret(secrets, 'debtors.blind-index.v1') };
}

async function tenantOf(tx: Tx): Promise<string> {
  const r = await one<{ t: string | null }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  if (!r?.t) throw new Error('debtors: no tenant in this transaction (use withTenant)');
  return r.t;
}

const idBidx = (keys: DebtorKeys, tenantId: string, d: Parameters<typeof identityKey>[0]) =>
  blindIndex(keys.indexKey, d.kind === 'person' ? 'id_card' : 'uscc', identityKey(d), tenantId);

function phoneType(p: string): PiiType {
  return /^1\d{10}$/.test(p) ? 'mobile' : 'landline';
}

interface PointValue {
  kind: 'phone' | 'email' | 'address';
  value: string;
  label?: string;
  timeZone?: string;
}

function pointsOf(d: DebtorInput): PointValue[] {
  return [
    ...d.phones.map((value) => ({ kind: 'phone' as const, value })),
    ...d.emails.map((value) => ({ kind: 'email' as const, value })),
    ...d.addresses.map((a) => ({ kind: 'address' as const, value: a.text, label: a.label, timeZone: a.timeZone })),
  ];
}

async function addPoints(tx: Tx, keys: DebtorKeys, tenantId: string, debtorId: string, points: PointValue[]): Promise<number> {
  if (!points.length) return 0;
  const values = points.map((p) => {
    const type: PiiType = p.kind === 'phone' ? phoneType(p.value) : p.kind;
    return {
      tenantId, id: newId('cpt'), debtorId, kind: p.kind, label: p.label ?? null, timeZone: p.timeZone ?? null,
      valueEnc: encryptField(keys.ring, p.value, `${tenantId}:debtors.contact_points`),
      valueMasked: maskValue(type, p.value),
      valueBidx: blindIndex(keys.indexKey, p.kind === 'phone' ? 'mobile' : p.kind, p.value, tenantId),
    };
  });
  const ins = await tx.insert(contactPoints).values(values).onConflictDoNothing().returning({ id: contactPoints.id });
  return ins.length;
}

/**
 * Registers a debtor, or finds the existing one with the same identity (and merges new contact points).
 * Throws DEBTORS_ID_INVALID, DEBTORS_USCC_INVALID, DEBTORS_PHONE_INVALID, DEBTORS_EMAIL_INVALID, DEBTORS_TIMEZONE_INVALID.
 */
export async function registerDebtor(tx: Tx, keys: DebtorKeys, input: DebtorInput): Promise<{ debtorId: string; created: boolean }> {
  const d = normaliseDebtor(DebtorInput.parse(input));
  const tenantId = await tenantOf(tx);
  const bidx = idBidx(keys, tenantId, d);
  const [existing] = await tx.select({ id: debtors.id }).from(debtors).where(eq(debtors.identityBidx, bidx));
  if (existing) {
    await addPoints(tx, keys, tenantId, existing.id, pointsOf(d));
    return { debtorId: existing.id, created: false };
  }
  const id = newId('dbt');
  const keysOfName = nameSearchKeys(d.name);
  const number = d.kind === 'person' ? d.idNumber : d.uscc;
  const inserted = await tx.insert(debtors).values({
    tenantId, id, kind: d.kind, name: d.name, namePinyin: keysOfName.pinyin, nameInitials: keysOfName.initials,
    idType: d.kind === 'person' ? d.idType : 'uscc',
    idNumberEnc: encryptField(keys.ring, number, `${tenantId}:debtors.id_number`),
    idNumberMasked: maskIdNumber(number, d.kind),
    identityBidx: bidx,
    legalRepresentative: d.kind === 'organisation' ? d.legalRepresentative : null,
    employer: d.kind === 'person' ? d.employer ?? null : null,
    timeZone: d.timeZone,
    region: d.kind === 'person' ? (d.idType === 'resident_id' ? number.slice(0, 2) : null) : number.slice(2, 4),
  }).onConflictDoNothing().returning({ id: debtors.id });
  if (!inserted.length) {
    // Lost a race with a concurrent registration of the same identity: use theirs.
    const [again] = await tx.select({ id: debtors.id }).from(debtors).where(eq(debtors.identityBidx, bidx));
    await addPoints(tx, keys, tenantId, again.id, pointsOf(d));
    return { debtorId: again.id, created: false };
  }
  await addPoints(tx, keys, tenantId, id, pointsOf(d));
  return { debtorId: id, created: true };
}

export interface DebtorView {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  idType: string;
  idNumberMasked: string;
  legalRepresentative: string | null;
  employer: string | null;
  timeZone: string;
  region: string | null;
  contactPoints: Array<{ id: string; kind: 'phone' | 'email' | 'address'; masked: string; label: string | null; suppressed: boolean }>;
  createdAt: Date;
}

/** The debtor with masked identifiers and contact points. Throws DEBTORS_NOT_FOUND. */
export async function getDebtor(tx: Tx, id: string): Promise<DebtorView> {
  const [d] = await tx.select().from(debtors).where(eq(debtors.id, id));
  if (!d) throw debtorError('DEBTORS_NOT_FOUND', { detail: id });
  const pts = await tx.select().from(contactPoints).where(eq(contactPoints.debtorId, id)).orderBy(contactPoints.createdAt, contactPoints.id);
  return {
    id: d.id, kind: d.kind, name: d.name, idType: d.idType, idNumberMasked: d.idNumberMasked, legalRepresentative: d.legalRepresentative,
    employer: d.employer, timeZone: d.timeZone, region: d.region, createdAt: d.createdAt,
    contactPoints: pts.map((p) => ({ id: p.id, kind: p.kind, masked: p.valueMasked, label: p.label, suppressed: p.suppressedAt !== null })),
  };
}

/** Debtor id with this identity in the current tenant, or null. */
export async function findDebtorByIdentity(tx: Tx, keys: DebtorKeys, identity: Parameters<typeof identityKey>[0]): Promise<string | null> {
  const [d] = await tx.select({ id: debtors.id }).from(debtors).where(eq(debtors.identityBidx, idBidx(keys, await tenantOf(tx), identity)));
  return d?.id ?? null;
}

/**
 * The full identity number (for the portal's last-6 check or a lawful disclosure). The caller records the unmasking
 * in the audit log (PI-22). Throws DEBTORS_NOT_FOUND.
 */
export async function revealIdNumber(tx: Tx, keys: DebtorKeys, id: string): Promise<string> {
  const tenantId = await tenantOf(tx);
  const [d] = await tx.select({ enc: debtors.idNumberEnc }).from(debtors).where(eq(debtors.id, id));
  if (!d) throw debtorError('DEBTORS_NOT_FOUND', { detail: id });
  // Purged under the retention rules (rights.ts): nothing left to reveal.
  if (d.enc === '') return '';
  return decryptField(keys.ring, d.enc, `${tenantId}:debtors.id_number`);
}

/** Active (unsuppressed) contact values of a debtor, decrypted, for delivery by the caller. */
export async function revealContactPoints(tx: Tx, keys: DebtorKeys, debtorId: string, kind: 'phone' | 'email' | 'address'): Promise<Array<{ id: string; value: string }>> {
  const tenantId = await tenantOf(tx);
  const pts = await tx.select().from(contactPoints)
    .where(and(eq(contactPoints.debtorId, debtorId), eq(contactPoints.kind, kind), dsql`${contactPoints.suppressedAt} IS NULL`))
    .orderBy(contactPoints.createdAt, contactPoints.id);
  return pts.map((p) => ({ id: p.id, value: decryptField(keys.ring, p.valueEnc, `${tenantId}:debtors.contact_points`) }));
}

/** Records a related party (COL-33 class derived, see classifyThirdParty). Throws DEBTORS_NOT_FOUND, DEBTORS_PARTY_INVALID, DEBTORS_PHONE_INVALID. */
export async function addRelatedParty(tx: Tx, keys: DebtorKeys, debtorId: string, input: RelatedPartyInput): Promise<{ id: string; classification: ThirdPartyClass }> {
  const p = RelatedPartyInput.parse(input);
  const tenantId = await tenantOf(tx);
  const [d] = await tx.select({ id: debtors.id }).from(debtors).where(eq(debtors.id, debtorId));
  if (!d) throw debtorError('DEBTORS_NOT_FOUND', { detail: debtorId });
  if (p.jointHouseholdDebt && p.relationship !== 'spouse') {
    throw debtorError('DEBTORS_PARTY_INVALID', { detail: 'joint household debt applies to a spouse only', rule: 'COL-33' });
  }
  const phone = p.phones[0] ? normalisePhone(p.phones[0]) : null;
  if (p.phones[0] && !phone) throw debtorError('DEBTORS_PHONE_INVALID', { field: 'phones.0' });
  const id = newId('rpt');
  const classification = classifyThirdParty(p);
  await tx.insert(relatedParties).values({
    tenantId, id, debtorId, name: p.name, relationship: p.relationship, classification, jointHouseholdDebt: p.jointHouseholdDebt === true,
    phoneEnc: phone ? encryptField(keys.ring, phone, `${tenantId}:debtors.related_parties`) : null,
    phoneMasked: phone ? maskValue(phoneType(phone), phone) : null,
    partyDebtorId: p.debtorId ?? null,
  });
  return { id, classification };
}

export interface RelatedPartyView {
  id: string;
  name: string;
  relationship: string;
  classification: ThirdPartyClass;
  phoneMasked: string | null;
  suppressed: boolean;
  /** COL-30/32: may be asked to pay / may hear about the debt. */
  mayAskToPay: boolean;
  mayDiscloseDebt: boolean;
}

export async function listRelatedParties(tx: Tx, debtorId: string): Promise<RelatedPartyView[]> {
  const ps = await tx.select().from(relatedParties).where(eq(relatedParties.debtorId, debtorId)).orderBy(relatedParties.createdAt, relatedParties.id);
  return ps.map((p) => {
    const cls = { relationship: p.relationship as RelatedPartyInput['relationship'], classification: p.classification as ThirdPartyClass, jointHouseholdDebt: p.jointHouseholdDebt };
    const suppressed = p.suppressedAt !== null;
    return {
      id: p.id, name: p.name, relationship: p.relationship, classification: p.classification as ThirdPartyClass, phoneMasked: p.phoneMasked, suppressed,
      mayAskToPay: !suppressed && mayAskToPay(cls), mayDiscloseDebt: !suppressed && mayDiscloseDebt(cls),
    };
  });
}

/** COL-32: a third party who refuses or asks not to be called again is suppressed permanently. Throws DEBTORS_NOT_FOUND. */
export async function suppressRelatedParty(tx: Tx, partyId: string): Promise<void> {
  const r = await tx.update(relatedParties).set({ suppressedAt: new Date() })
    .where(and(eq(relatedParties.id, partyId), dsql`${relatedParties.suppressedAt} IS NULL`)).returning({ id: relatedParties.id });
  if (!r.length) {
    const [p] = await tx.select({ id: relatedParties.id }).from(relatedParties).where(eq(relatedParties.id, partyId));
    if (!p) throw debtorError('DEBTORS_NOT_FOUND', { detail: partyId });
  }
}

/**
 * Debtor ids matching a free-text query: an exact ID number, USCC, phone or e-mail (through the blind indexes), or
 * the name by characters, pinyin or initials. At most `limit` ids, best kinds of match first, in a stable order:
 *   1. exact identifier matches (ID number, USCC, phone, e-mail);
 *   2. names whose initials are the query ("zw" → 张伟, 周文), by pinyin then id;
 *   3. names whose pinyin starts with the query ("zhangw" → 张伟, 张文), by pinyin then id;
 *   4. names whose characters start with the query ("张" → 张伟), by name then id;
 *   5. names whose initials start with the query ("zw" → 张文杰), by initials, pinyin, id;
 *   6. only when nothing above matched and the query has no digit: names or pinyin merely containing the query
 *      (娜娜 in 欧阳娜娜), by pinyin then id.
 * Kinds 2–5 are each one short range scan of an index that is already in the returned order (migration 0230;
 * "order" is byte order, `~<~`), so a query matching tens of thousands of names reads at most `limit` rows per
 * kind instead of sorting them all (issue 3; the plans are checked in search.test.ts). Kind 6 reads every
 * debtor of the tenant.
 */
export async function searchDebtorIds(tx: Tx, keys: DebtorKeys, query: string, limit = 50): Promise<string[]> {
  const tenantId = await tenantOf(tx);
  const q = query.trim();
  if (!q || limit < 1) return [];
  const nq = normaliseQuery(q);
  const exact: string[] = [];
  // Exact identifiers through the blind indexes, skipped when the folded query cannot be one (saves two round trips
  // for most name queries): identity numbers are 5–18 letters and digits, phones have digits, e-mails an '@'.
  if (/^[0-9a-z]{5,18}$/.test(nq)) {
    const idNorm = q.replace(/\s+/g, '').toUpperCase();
    const bidxes = [
      blindIndex(keys.indexKey, 'id_card', `resident_id:${idNorm}`, tenantId),
      blindIndex(keys.indexKey, 'id_card', `passport:${idNorm}`, tenantId),
      blindIndex(keys.indexKey, 'uscc', `uscc:${idNorm}`, tenantId),
    ];
    exact.push(...(await tx.select({ id: debtors.id }).from(debtors)
      .where(and(eq(debtors.tenantId, tenantId), inArray(debtors.identityBidx, bidxes)))).map((r) => r.id));
  }
  if (/[\d@]/.test(nq)) {
    const pointBidx = [blindIndex(keys.indexKey, 'mobile', q, tenantId), blindIndex(keys.indexKey, 'email', q, tenantId)];
    exact.push(...(await tx.select({ id: contactPoints.debtorId }).from(contactPoints)
      .where(and(eq(contactPoints.tenantId, tenantId), inArray(contactPoints.valueBidx, pointBidx)))).map((r) => r.id));
  }
  let byName: string[] = [];
  // Four or more digits: a phone, ID or contract number, never a name; '@': an e-mail address. No name statement.
  if (nq && !/\d{4}/.test(nq) && !nq.includes('@')) {
    byName = await namePrefixMatches(tx, tenantId, q, nq, limit);
    // Names hold no digits: a query with digits skips the substring scan, as does one already answered by an exact
    // identifier or by a name prefix.
    if (!byName.length && !exact.length && !/\d/.test(nq)) byName = await nameSubstringMatches(tx, tenantId, nq, limit);
  }
  return [...new Set([...exact, ...byName])].slice(0, limit);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * The least string above every string that starts with `prefix`, in byte (= code point) order: the prefix with its
 * last code point incremented (dropped when it is the highest). Prefix matches are then `~>=~ prefix AND ~<~ this`,
 * which, unlike LIKE, are leakproof operators and so may drive an index scan under row-level security (a LIKE under
 * RLS is only a filter after the tenant's rows are read — the 250 ms of issue 3).
 */
function prefixUpperBound(prefix: string): string | null {
  const cps = [...prefix].map((c) => c.codePointAt(0)!);
  while (cps.length) {
    const last = cps.pop()!;
    if (last < 0x10ffff) {
      cps.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...cps);
    }
  }
  return null;
}

/** `col` starts with `prefix`, as an index range (see prefixUpperBound). */
function startsWith(col: SQL, prefix: string): SQL {
  const hi = prefixUpperBound(prefix);
  return hi === null ? sql`${col} ~>=~ ${prefix}` : sql`${col} ~>=~ ${prefix} AND ${col} ~<~ ${hi}`;
}

/**
 * Kinds 2–5 of searchDebtorIds: one index range scan per kind, each `LIMIT limit` in its index's order (numbered by
 * `rn`), so the first `limit` distinct ids in (kind, rn) order are exactly the first `limit` of the kinds'
 * concatenation (a kind's first `limit` rows repeat at most the ids already taken before it). For a Latin query the
 * exact-initials kind runs first on its own: when it fills `limit` ("zw" at a million debtors) the others never run;
 * otherwise the other three follow in one statement.
 */
async function namePrefixMatches(tx: Tx, tenantId: string, q: string, nq: string, limit: number): Promise<string[]> {
  const kind = (k: number, where: SQL, order: SQL) => sql`(SELECT id, ${sql.raw(String(k))} AS k, row_number() OVER (ORDER BY ${order}) AS rn
    FROM debtors.debtors WHERE tenant_id = ${tenantId} AND ${where} ORDER BY ${order} LIMIT ${limit})`;
  const byPinyin = sql`name_pinyin USING ~<~, id USING ~<~`;
  const byName = kind(3, startsWith(sql`name`, q), sql`name USING ~<~, id USING ~<~`);
  const ids: string[] = [];
  const seen = new Set<string>();
  const take = async (kinds: SQL[]) => {
    for (const r of await rows<{ id: string }>(tx, sql`SELECT id FROM (${sql.join(kinds, sql` UNION ALL `)}) m ORDER BY k, rn`)) {
      if (ids.length === limit) break;
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      ids.push(r.id);
    }
  };
  if (!/^[a-z0-9]+$/.test(nq)) {
    await take([byName]);
    return ids;
  }
  await take([kind(1, sql`name_initials = ${nq}`, byPinyin)]);
  if (ids.length < limit) {
    await take([
      kind(2, startsWith(sql`name_pinyin`, nq), byPinyin),
      byName,
      kind(4, sql`name_initials ~>~ ${nq} AND ${startsWith(sql`name_initials`, nq)}`, sql`name_initials USING ~<~, name_pinyin USING ~<~, id USING ~<~`),
    ]);
  }
  return ids;
}

/**
 * Kind 6 of searchDebtorIds: names (folded) or pinyin containing the query. No index helps a substring, so this is
 * one scan of the tenant's debtors (~0.3–0.5 s at 1,000,000 on a loaded 2-core machine), which is why it runs only
 * when nothing starts with the query. The order is byte order spelled `COLLATE "C"` rather than `USING ~<~`: an
 * order that the pinyin index provides, with a LIMIT, tempts the planner to walk that whole index hoping for early
 * matches (seconds when there are few); this way it scans once and keeps the top `limit`.
 */
async function nameSubstringMatches(tx: Tx, tenantId: string, nq: string, limit: number): Promise<string[]> {
  const like = `%${likeEscape(nq)}%`;
  const latin = /^[a-z0-9]+$/.test(nq);
  const rs = await rows<{ id: string }>(tx, sql`SELECT id FROM debtors.debtors WHERE tenant_id = ${tenantId} AND (
      replace(lower(name), ' ', '') LIKE ${like}
      ${latin ? sql`OR name_pinyin LIKE ${like}` : sql``})
    ORDER BY name_pinyin COLLATE "C", id COLLATE "C" LIMIT ${limit}`);
  return rs.map((r) => r.id);
}

/** Province-level region code of each debtor (from the ID number or USCC), for assignment by region. */
export async function debtorRegions(tx: Tx, ids: string[]): Promise<Map<string, string | null>> {
  if (!ids.length) return new Map();
  const rs = await tx.select({ id: debtors.id, region: debtors.region }).from(debtors).where(inArray(debtors.id, ids));
  return new Map(rs.map((r) => [r.id, r.region]));
}

/** Names and masked identifiers of many debtors at once (case lists). */
export async function debtorSummaries(tx: Tx, ids: string[]): Promise<Map<string, { name: string; kind: string; idNumberMasked: string; timeZone: string }>> {
  if (!ids.length) return new Map();
  const rs = await tx.select({ id: debtors.id, name: debtors.name, kind: debtors.kind, idNumberMasked: debtors.idNumberMasked, timeZone: debtors.timeZone })
    .from(debtors).where(inArray(debtors.id, ids));
  return new Map(rs.map((r) => [r.id, r]));
}

/**
 * Registers many debtors at once (bulk placement): same outcome as calling registerDebtor for each input in order —
 * one debtor per identity per tenant (blind index), sealed identifiers and contact values, new contact points merged
 * into known debtors — with a few multi-row statements instead of ~3 round trips per input. Returns one result per
 * input, in input order; an identity repeated within the batch maps to the same debtor (created only on its first
 * occurrence). Throws the first validation error in input order (same codes as registerDebtor), writing nothing.
 */
export async function registerDebtors(tx: Tx, keys: DebtorKeys, inputs: DebtorInput[]): Promise<Array<{ debtorId: string; created: boolean }>> {
  // Set-based since issue 3's 1,000,000-row benchmark: a handful of statements per 5,000 identities (bulk.ts).
  return registerDebtorsSetBased(tx, keys, inputs);
}
