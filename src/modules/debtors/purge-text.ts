// Shared pieces of the retention purge across modules (PI-07, COL-61; issue 9). The privacy module drives the purge
// of a debtor whose retention period has run out and calls one purge function per owning module
// (src/modules/<m>/purge.ts); each overwrites or deletes personal data in its own tables only. This file holds what
// they share: the input shape, the result shape, and the scrubbing of free text inside JSON (timeline events,
// transfer meta, document snapshots).
import { detect } from '../../platform/pii/index.js';
import { sql, one, type SQL, type Tx } from '../../platform/db/index.js';
import { decryptField } from '../../platform/pii/index.js';
import { eq } from 'drizzle-orm';
import { PURGED } from './rights.js';
import { contactPoints, debtors, relatedParties } from './schema.js';
import type { DebtorKeys } from './store.js';

export { PURGED };

/** What a module purge is asked to erase. */
export interface PurgeScope {
  /** The purged debtor's cases (all closed). */
  caseIds: string[];
  /** The purged debtor (one per call; a list so the shape fits batch purges later). */
  debtorIds: string[];
  /** The purge time (stored where a module records when). */
  at: Date;
  /**
   * The debtor's personal values in clear (name, identity number, phone numbers, e-mails, addresses), read before
   * the debtors module overwrites them: any string in the module's rows that contains one is overwritten. Never
   * stored or logged.
   */
  needles: string[];
}

/** What one module erased: row counts per table and the SHA-256 of the original files it no longer needs. */
export interface ModulePurgeResult {
  module: string;
  counts: Record<string, number>;
  /** Files in the evidence store (evidence.files) the module's purged rows referenced; the privacy module erases them. */
  files: string[];
}

/** Keys of JSON objects that hold free text (reasons, notes, references, names). Their string values are erased. */
export const FREE_TEXT_KEYS = new Set([
  'reason', 'releaseReason', 'note', 'notes', 'text', 'title', 'summary', 'comment', 'message', 'description', 'answer',
  'reference', 'memo', 'payer', 'payerName', 'counterparty', 'name', 'address', 'target', 'decisionNote', 'transcript',
]);

/** Normalised needles (at least 2 characters; phone numbers also as bare digits). */
export function prepareNeedles(needles: readonly string[]): string[] {
  const out = new Set<string>();
  for (const n of needles) {
    const t = n.trim();
    if (t.length >= 2) out.add(t);
    const digits = t.replace(/[\s+\-()]/g, '');
    if (/^\d{7,}$/.test(digits)) out.add(digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits);
  }
  return [...out];
}

/** True when a string holds a needle or personal data the detectors find (the eager erasure threshold). */
export function holdsPersonalData(s: string, needles: readonly string[]): boolean {
  if (!s) return false;
  if (needles.some((n) => s.includes(n))) return true;
  if (STRUCTURAL.some((re) => re.test(s))) return false;
  return detect(s, { use: 'erasure' }).length > 0;
}

/** Machine values the detectors must not read as numbers (ids, hex digests, ISO times, decimal amounts). */
const STRUCTURAL = [/^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/, /^[0-9a-f]{32,128}$/i, /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, /^-?\d{1,10}(\.\d{1,2})?$/];

/**
 * A copy of a JSON value with free text erased: string values under FREE_TEXT_KEYS become PURGED, and any other
 * string that holds a needle or detected personal data becomes PURGED. Structure, ids, enums, amounts and dates stay
 * (so timelines still replay). Returns the copy and whether anything changed.
 */
export function scrubJson(value: unknown, needles: readonly string[]): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') {
      if ((key !== null && FREE_TEXT_KEYS.has(key) && v !== PURGED && v !== '') || (v !== PURGED && holdsPersonalData(v, needles))) {
        changed = true;
        return PURGED;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  const out = walk(value, null);
  return { value: out, changed };
}

/** `= ANY(...)` operand for a list of ids (parameterised; ids are `prefix_base32`, so a comma never occurs). */
export function idArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!/^[A-Za-z0-9_:.-]+$/.test(id)) throw new Error(`purge: unexpected id ${JSON.stringify(id)}`);
  return sql`string_to_array(${ids.join(',')}, ',')`;
}

/**
 * The debtor's personal values in clear, read just before the purge overwrites them: name, identity number, legal
 * representative, employer, every contact value (suppressed ones too) and related parties' names and phones. The
 * privacy module hands them to each module's purge as `needles`; they are never stored or logged.
 */
export async function debtorNeedles(tx: Tx, keys: DebtorKeys, debtorId: string): Promise<string[]> {
  const t = await one<{ t: string }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  const tenantId = t?.t ?? '';
  const out: string[] = [];
  const open = (enc: string | null, ctx: string) => {
    if (!enc) return;
    try {
      out.push(decryptField(keys.ring, enc, `${tenantId}:${ctx}`));
    } catch {
      // A value sealed under a key no longer in the ring cannot be read, so it cannot be searched for either.
    }
  };
  const [d] = await tx.select().from(debtors).where(eq(debtors.id, debtorId));
  if (!d || d.purgedAt) return [];
  out.push(d.name);
  if (d.legalRepresentative) out.push(d.legalRepresentative);
  if (d.employer) out.push(d.employer);
  open(d.idNumberEnc, 'debtors.id_number');
  for (const p of await tx.select().from(contactPoints).where(eq(contactPoints.debtorId, debtorId))) open(p.valueEnc, 'debtors.contact_points');
  for (const p of await tx.select().from(relatedParties).where(eq(relatedParties.debtorId, debtorId))) {
    out.push(p.name);
    open(p.phoneEnc, 'debtors.related_parties');
  }
  return [...new Set(out.filter((x) => x && x !== PURGED))];
}
