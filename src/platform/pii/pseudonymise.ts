// De-identification for analytics, model training and exports (PI-10, PI-21 GB/T 37964, PI-22): keyed pseudonyms,
// generalisation (bands, region prefixes), a k-anonymity check and an export gate that refuses when k fails.
// Reminder (PI-10): pseudonymised data is STILL personal information; only the export gate's output under an
// allow-list and k ≥ 5 is fit for analytics, and it is still not "anonymised" in the PIPL sense.
import { isValidResidentId, residentIdBirthDate } from '../cn-ids.js';
import { parseAddress } from './address.js';
import { detect } from './detect.js';
import { piiError } from './errors.js';
import { keyedHash, type HmacAlgorithm } from './hmac.js';
import { maskValue } from './mask.js';
import { normaliseValue } from './normalise.js';
import type { PiiType } from './types.js';

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(buf: Buffer, chars: number): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of buf) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  return out;
}

export interface PseudonymOptions {
  /** Normalise as this type first, so "138 1234 5678" and "13812345678" get one pseudonym. */
  type?: PiiType;
  /** Base32 characters (default 16 = 80 bits). */
  length?: number;
  prefix?: string;
  /** HMAC-SHA-256 (default) or HMAC-SM3. */
  algorithm?: HmacAlgorithm;
}

/**
 * Keyed pseudonym (HMAC-SHA-256 or HMAC-SM3, PI-22): deterministic for (key, purpose, value); unlinkable across purposes and
 * keys; irreversible without the key. Output `ps_` + base32 (letters a–z and digits 2–7).
 */
export function pseudonym(key: Buffer, purpose: string, value: string, opts: PseudonymOptions = {}): string {
  if (!purpose) throw piiError('PII_EXPORT_SPEC_INVALID', { detail: 'pseudonym purpose is required' });
  const norm = opts.type ? normaliseValue(opts.type, value) : value;
  const mac = keyedHash(opts.algorithm ?? 'sha256', key, `${purpose}\u0000${opts.type ?? ''}\u0000${norm}`);
  return (opts.prefix ?? 'ps_') + base32(mac, Math.min(opts.length ?? 16, 51));
}

// ---- generalisation ----------------------------------------------------------------------------------------------

/** Completed years of age on `asOf` of the holder of a valid resident ID. */
export function ageFromResidentId(id: string, asOf: Date = new Date()): number {
  const [y, m, d] = residentIdBirthDate(id.trim().toUpperCase()).split('-').map(Number);
  let age = asOf.getUTCFullYear() - y;
  if (asOf.getUTCMonth() + 1 < m || (asOf.getUTCMonth() + 1 === m && asOf.getUTCDate() < d)) age--;
  return age;
}

/** Age band with bottom/top coding: `<20`, `20-29`, …, `60+` by default. */
export function ageBand(age: number, width = 10, bottom = 20, top = 60): string {
  if (!Number.isFinite(age)) return 'unknown';
  if (age < bottom) return `<${bottom}`;
  if (age >= top) return `${top}+`;
  const lo = bottom + Math.floor((age - bottom) / width) * width;
  return `${lo}-${Math.min(lo + width, top) - 1}`;
}

/** Default amount bands in fen: 0, 1k, 5k, 10k, 50k, 100k, 500k yuan. */
export const DEFAULT_AMOUNT_EDGES_FEN: readonly bigint[] = [0n, 100_000n, 500_000n, 1_000_000n, 5_000_000n, 10_000_000n, 50_000_000n];

const yuan = (fen: bigint) => (fen / 100n).toString();

/** Amount band label in yuan (`1000-5000`, `500000+`, `<0`); edges are ascending fen. */
export function amountBand(fen: bigint, edgesFen: readonly bigint[] = DEFAULT_AMOUNT_EDGES_FEN): string {
  if (edgesFen.length === 0) throw piiError('PII_EXPORT_SPEC_INVALID', { detail: 'no band edges' });
  if (fen < edgesFen[0]) return `<${yuan(edgesFen[0])}`;
  for (let i = edgesFen.length - 1; i >= 0; i--) {
    if (fen >= edgesFen[i]) return i === edgesFen.length - 1 ? `${yuan(edgesFen[i])}+` : `${yuan(edgesFen[i])}-${yuan(edgesFen[i + 1])}`;
  }
  return 'unknown';
}

/**
 * Region code generalised to city (first 4 digits + `00`) or province (first 2 + `0000`), from a GB/T 2260
 * six-digit code or a resident ID (its first six digits).
 */
export function generaliseRegionCode(codeOrId: string, level: 'city' | 'province' = 'city'): string {
  const s = codeOrId.trim();
  if (!/^\d{6}/.test(s)) return 'unknown';
  return level === 'city' ? `${s.slice(0, 4)}00` : `${s.slice(0, 2)}0000`;
}

/** Address text generalised to city or province level (`广东省深圳市`); 'unknown' when it cannot be parsed. */
export function generaliseAddress(address: string, level: 'city' | 'province' = 'city'): string {
  const a = parseAddress(address.trim(), 0, 200);
  if (level === 'province') return a.province ?? (a.city ? a.city : 'unknown');
  const end = a.cityEnd;
  return end > 0 ? address.trim().slice(0, end) : 'unknown';
}

// ---- k-anonymity ------------------------------------------------------------------------------------------------

export interface EquivalenceClass {
  /** The quasi-identifier values shared by the class. */
  key: Record<string, string>;
  count: number;
  /** Indexes of the rows in the class. */
  rows: number[];
}

export interface KAnonymityResult {
  k: number;
  ok: boolean;
  classes: number;
  minClassSize: number;
  /** Classes smaller than k (empty when ok). */
  violating: EquivalenceClass[];
}

/** K-anonymity over the chosen quasi-identifiers (PI-21, PI-22 default k = 5). */
export function checkKAnonymity(rows: ReadonlyArray<Record<string, unknown>>, quasiIdentifiers: readonly string[], k = 5): KAnonymityResult {
  if (!Number.isInteger(k) || k < 1) throw piiError('PII_EXPORT_SPEC_INVALID', { detail: 'k must be a positive integer' });
  const classes = new Map<string, EquivalenceClass>();
  rows.forEach((row, i) => {
    const vals = quasiIdentifiers.map((q) => (row[q] === null || row[q] === undefined ? '' : String(row[q])));
    const id = JSON.stringify(vals);
    let c = classes.get(id);
    if (!c) {
      c = { key: Object.fromEntries(quasiIdentifiers.map((q, j) => [q, vals[j]])), count: 0, rows: [] };
      classes.set(id, c);
    }
    c.count++;
    c.rows.push(i);
  });
  const violating = [...classes.values()].filter((c) => c.count < k).sort((a, b) => a.count - b.count);
  const sizes = [...classes.values()].map((c) => c.count);
  return { k, ok: violating.length === 0, classes: classes.size, minClassSize: sizes.length ? Math.min(...sizes) : 0, violating };
}

// ---- export gate -------------------------------------------------------------------------------------------------

export type ColumnSpec =
  | { op: 'keep'; from?: string }
  | { op: 'pseudonym'; from?: string; type?: PiiType }
  | { op: 'mask'; from?: string; type: PiiType }
  /** Source is an age (number) or a resident ID. */
  | { op: 'ageBand'; from?: string; width?: number }
  /** Source is bigint fen, or a decimal string/integer of fen. */
  | { op: 'amountBand'; from?: string; edgesFen?: readonly bigint[] }
  /** Source is a six-digit region code or a resident ID. */
  | { op: 'region'; from?: string; level?: 'city' | 'province' }
  | { op: 'address'; from?: string; level?: 'city' | 'province' };

export interface ExportSpec {
  /** Pseudonym purpose (e.g. `risk-model-2026q4`): pseudonyms differ per purpose. */
  purpose: string;
  pseudonymKey: Buffer;
  /** HMAC algorithm of the pseudonyms (default sha256). */
  algorithm?: HmacAlgorithm;
  /** ALLOW-LIST: output column → how it is produced. Columns not listed are dropped. */
  columns: Record<string, ColumnSpec>;
  /** Output columns an attacker could link with outside data (age band, region, amount band …). */
  quasiIdentifiers: readonly string[];
  k?: number;
  /** 'refuse' (default) throws; 'suppress' drops rows of violating classes (record suppression, PI-21). */
  onViolation?: 'refuse' | 'suppress';
  /** With 'suppress': refuse anyway when more than this fraction would be dropped (default 0.05). */
  maxSuppressedFraction?: number;
  asOf?: Date;
}

export interface PreparedExport {
  rows: Record<string, string>[];
  kAnonymity: KAnonymityResult;
  suppressed: number;
}

const DIRECT_IDENTIFIERS: readonly PiiType[] = ['id_card', 'mobile', 'bank_card', 'email'];

function toFen(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  return null;
}

function produce(col: string, spec: ColumnSpec, raw: unknown, ex: ExportSpec): string {
  if (raw === null || raw === undefined || raw === '') return '';
  const s = typeof raw === 'string' ? raw : String(raw);
  switch (spec.op) {
    case 'keep': {
      // A kept column must not smuggle direct identifiers out (PI-22: analytics get pseudonyms, not identifiers).
      if (detect(s, { types: DIRECT_IDENTIFIERS, use: 'analytics_export' }).length > 0) {
        throw piiError('PII_EXPORT_SPEC_INVALID', { rule: 'PI-22', field: col, detail: `column ${col} contains direct identifiers; pseudonymise or drop it` });
      }
      return s;
    }
    case 'pseudonym':
      return pseudonym(ex.pseudonymKey, ex.purpose, s, { type: spec.type, algorithm: ex.algorithm });
    case 'mask':
      return maskValue(spec.type, s);
    case 'ageBand': {
      const age = typeof raw === 'number' ? raw : isValidResidentId(s) ? ageFromResidentId(s, ex.asOf) : Number(s);
      return ageBand(age, spec.width);
    }
    case 'amountBand': {
      const fen = toFen(raw);
      if (fen === null) throw piiError('PII_EXPORT_SPEC_INVALID', { field: col, detail: `column ${col}: amount must be integer fen` });
      return amountBand(fen, spec.edgesFen);
    }
    case 'region':
      return generaliseRegionCode(s, spec.level);
    case 'address':
      return generaliseAddress(s, spec.level);
  }
}

/**
 * Builds an analytics/export data set (PI-22): only allow-listed columns, transformed as specified, then a
 * k-anonymity check over the quasi-identifiers. Throws PII_K_ANONYMITY_FAILED (with the violating classes' sizes
 * and keys in `extra`) or PII_EXPORT_SPEC_INVALID.
 */
export function prepareExport(rows: ReadonlyArray<Record<string, unknown>>, spec: ExportSpec): PreparedExport {
  const k = spec.k ?? 5;
  const cols = Object.keys(spec.columns);
  if (cols.length === 0) throw piiError('PII_EXPORT_SPEC_INVALID', { detail: 'no columns' });
  for (const q of spec.quasiIdentifiers) {
    if (!cols.includes(q)) throw piiError('PII_EXPORT_SPEC_INVALID', { field: q, detail: `quasi-identifier ${q} is not an output column` });
  }
  const out = rows.map((r) => {
    const o: Record<string, string> = {};
    for (const c of cols) {
      const cs = spec.columns[c];
      o[c] = produce(c, cs, r[cs.from ?? c], spec);
    }
    return o;
  });
  const result = checkKAnonymity(out, spec.quasiIdentifiers, k);
  if (result.ok) return { rows: out, kAnonymity: result, suppressed: 0 };

  const bad = new Set(result.violating.flatMap((c) => c.rows));
  const maxFrac = spec.maxSuppressedFraction ?? 0.05;
  if (spec.onViolation === 'suppress' && bad.size <= Math.floor(out.length * maxFrac)) {
    const kept = out.filter((_, i) => !bad.has(i));
    const recheck = checkKAnonymity(kept, spec.quasiIdentifiers, k);
    return { rows: kept, kAnonymity: recheck, suppressed: bad.size };
  }
  throw piiError('PII_K_ANONYMITY_FAILED', {
    rule: 'PI-22',
    detail: `${result.violating.length} equivalence classes have fewer than ${k} rows (smallest: ${result.minClassSize})`,
    extra: { k, violating: result.violating.map((c) => ({ key: c.key, count: c.count })) },
  });
}
