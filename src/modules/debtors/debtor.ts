// Debtor records: natural persons and organisations, their validation and their identity key. Invariant: one debtor
// per identity per tenant; the identity key (document type + normalised number, or the USCC) is what makes two
// records "the same person", and the database stores only its keyed blind index (src/platform/pii/crypto.ts).
import { z } from 'zod';
import { isValidCnMobile, isValidResidentId, isValidUscc, residentIdCheckChar } from '../../platform/cn-ids.js';
import { canonicalMobile, toHalfWidth } from '../../platform/pii/normalise.js';
import { maskValue } from '../../platform/pii/mask.js';
import { debtorError, type DebtorErrorCode } from './errors.js';

export const ID_TYPES = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit', 'foreign_permanent_id'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const Address = z.object({
  label: z.string().trim().max(40).optional(),
  text: z.string().trim().min(1).max(300),
  /** IANA time zone of this address when abroad (COL-10 computes quiet hours in the debtor's local time). */
  timeZone: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

const common = {
  name: z.string().trim().min(1).max(100),
  phones: z.array(z.string().trim().min(1).max(30)).max(10).default([]),
  emails: z.array(z.string().trim().min(1).max(200)).max(10).default([]),
  addresses: z.array(Address).max(10).default([]),
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
};

export const PersonInput = z.object({
  kind: z.literal('person'),
  ...common,
  idType: z.enum(ID_TYPES).default('resident_id'),
  idNumber: z.string().trim().min(1).max(40),
  employer: z.string().trim().max(200).optional(),
});
export type PersonInput = z.infer<typeof PersonInput>;

export const OrganisationInput = z.object({
  kind: z.literal('organisation'),
  ...common,
  uscc: z.string().trim().min(1).max(30),
  legalRepresentative: z.string().trim().min(1).max(100),
});
export type OrganisationInput = z.infer<typeof OrganisationInput>;

export const DebtorInput = z.discriminatedUnion('kind', [PersonInput, OrganisationInput]);
export type DebtorInput = z.infer<typeof DebtorInput>;

/** A field-level problem (used by the import report as well as by validateDebtor). */
export interface DebtorIssue {
  field: string;
  code: DebtorErrorCode;
  reason: string;
}

/** Identity document numbers folded to their canonical form: half-width, no spaces, upper case. */
export function normaliseIdNumber(raw: string): string {
  return toHalfWidth(raw.normalize('NFKC')).replace(/\s+/g, '').toUpperCase();
}

/** Whether `number` is a well-formed document of `type` (GB 11643 check character for resident IDs). */
export function isValidIdNumber(type: IdType, raw: string): boolean {
  const n = normaliseIdNumber(raw);
  switch (type) {
    case 'resident_id':
      return isValidResidentId(n);
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(n);
    case 'hk_macau_permit': // 港澳居民来往内地通行证: H/M + 8 or 10 digits
      return /^[HM]\d{8}(\d{2})?$/.test(n);
    case 'taiwan_permit': // 台湾居民来往大陆通行证: 8 digits (older: 10)
      return /^\d{8}(\d{2})?$/.test(n);
    case 'foreign_permanent_id': // 外国人永久居留身份证: 2023 format is 18 chars, leading 9, GB 11643 check; old 15-char
      return (/^9\d{16}[\dX]$/.test(n) && residentIdCheckChar(n.slice(0, 17)) === n[17]) || /^[A-Z]{3}\d{12}$/.test(n);
  }
}

// Building an Intl.DateTimeFormat is costly (it dominated bulk-import validation), so answers are memoised.
const zoneCache = new Map<string, boolean>();

export function isValidTimeZone(tz: string): boolean {
  let ok = zoneCache.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (zoneCache.size < 1000) zoneCache.set(tz, ok);
  }
  return ok;
}

/** Mainland mobiles fold to 11 digits; landlines (0xx-xxxxxxxx) and +international numbers keep digits only. */
export function normalisePhone(raw: string): string | null {
  const hw = toHalfWidth(raw).trim();
  if (isValidCnMobile(hw)) return canonicalMobile(hw);
  const d = hw.replace(/[\s()-]/g, '');
  if (/^0\d{2,3}\d{7,8}$/.test(d)) return d;
  if (/^\+\d{8,15}$/.test(d) && !d.startsWith('+86')) return d;
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Every problem with a parsed debtor input (empty: valid). */
export function debtorIssues(d: DebtorInput): DebtorIssue[] {
  const out: DebtorIssue[] = [];
  if (d.kind === 'person') {
    if (!isValidIdNumber(d.idType, d.idNumber)) {
      out.push({ field: 'idNumber', code: 'DEBTORS_ID_INVALID', reason: `not a valid ${d.idType} number` });
    }
  } else if (!isValidUscc(d.uscc)) {
    out.push({ field: 'uscc', code: 'DEBTORS_USCC_INVALID', reason: 'fails the GB 32100 check character' });
  }
  d.phones.forEach((p, i) => {
    if (normalisePhone(p) === null) out.push({ field: `phones.${i}`, code: 'DEBTORS_PHONE_INVALID', reason: 'not a mobile, landline or +international number' });
  });
  d.emails.forEach((e, i) => {
    if (!EMAIL.test(e)) out.push({ field: `emails.${i}`, code: 'DEBTORS_EMAIL_INVALID', reason: 'not an e-mail address' });
  });
  if (!isValidTimeZone(d.timeZone)) out.push({ field: 'timeZone', code: 'DEBTORS_TIMEZONE_INVALID', reason: `unknown time zone ${d.timeZone}` });
  d.addresses.forEach((a, i) => {
    if (a.timeZone && !isValidTimeZone(a.timeZone)) {
      out.push({ field: `addresses.${i}.timeZone`, code: 'DEBTORS_TIMEZONE_INVALID', reason: `unknown time zone ${a.timeZone}` });
    }
  });
  return out;
}

/** The validated, normalised debtor. Throws the first issue as a DomainError (DEBTORS_* codes). */
export function normaliseDebtor(d: DebtorInput): DebtorInput {
  const issues = debtorIssues(d);
  if (issues.length) throw debtorError(issues[0].code, { detail: issues[0].reason, field: issues[0].field, extra: { issues } });
  const phones = [...new Set(d.phones.map((p) => normalisePhone(p)!))];
  const emails = [...new Set(d.emails.map((e) => e.trim().toLowerCase()))];
  if (d.kind === 'person') return { ...d, idNumber: normaliseIdNumber(d.idNumber), phones, emails };
  return { ...d, uscc: normaliseIdNumber(d.uscc), phones, emails };
}

/**
 * The identity of a debtor within a tenant: `resident_id:330106…` or `uscc:9111…`. Equal for two inputs exactly when
 * they name the same person or organisation. Hash it with a blind index before storing.
 */
export function identityKey(d: Pick<PersonInput, 'kind' | 'idType' | 'idNumber'> | Pick<OrganisationInput, 'kind' | 'uscc'>): string {
  return d.kind === 'person' ? `${d.idType}:${normaliseIdNumber(d.idNumber)}` : `uscc:${normaliseIdNumber(d.uscc)}`;
}

/** Display form of an ID number or USCC (PI-22), via the platform masker. */
export function maskIdNumber(n: string, kind: 'person' | 'organisation' = 'person'): string {
  return maskValue(kind === 'person' ? 'id_card' : 'uscc', normaliseIdNumber(n));
}
