// Field encryption at rest (PI-08 art 51, PI-20 §6.3) and blind indexes for exact search on encrypted fields.
//
// Envelope scheme: each value gets a fresh 256-bit data key (DEK); the value is sealed with AES-256-GCM under the
// DEK, and the DEK is sealed with AES-256-GCM under a key-encryption key (KEK) from the key ring. The envelope names
// the KEK id, so the ring can hold old and new KEKs at once: new writes use the current KEK, reads accept any KEK
// in the ring, and `rewrapAll` re-seals only the 32-byte DEKs under the new KEK in the background (the bulky value
// ciphertext is untouched). Retire an old KEK only when no envelope names it (`envelopeKeyId`).
//
// Format (text, safe for a `text` column):  pii1.<kekId>.<b64url(wrapIv‖wrapTag‖wrappedDek)>.<b64url(iv‖tag‖ct)>
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { RandomPool } from '../ids.js';
import { piiError } from './errors.js';
import { keyedHash, type HmacAlgorithm } from './hmac.js';
import { normaliseValue } from './normalise.js';
import type { PiiType } from './types.js';

const VERSION = 'pii1';
const IV_LEN = 12;
const TAG_LEN = 16;
const KEY_LEN = 32;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

export interface KeyRing {
  /** Id of the KEK that seals new data keys. */
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** Builds a ring from `{id, key}` pairs (key: 32 raw bytes or their base64). The first is current unless named. */
export function createKeyRing(entries: ReadonlyArray<{ id: string; key: Buffer | string }>, currentId?: string): KeyRing {
  if (entries.length === 0) throw piiError('PII_KEYRING_INVALID', { detail: 'no keys' });
  const keys = new Map<string, Buffer>();
  for (const { id, key } of entries) {
    if (!KEY_ID_RE.test(id)) throw piiError('PII_KEYRING_INVALID', { detail: `bad key id ${JSON.stringify(id)}` });
    if (keys.has(id)) throw piiError('PII_KEYRING_INVALID', { detail: `duplicate key id ${id}` });
    const raw = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
    if (raw.length !== KEY_LEN) throw piiError('PII_KEYRING_INVALID', { detail: `key ${id} must be 32 bytes` });
    keys.set(id, raw);
  }
  const cur = currentId ?? entries[0].id;
  if (!keys.has(cur)) throw piiError('PII_KEYRING_INVALID', { detail: `current key ${cur} not in ring` });
  return Object.freeze({ currentId: cur, keys });
}

/**
 * Parses the RECOURSE_KEYS format: comma-separated `id:base64key`, the FIRST is current (src/platform/config.ts).
 * Rotation: prepend the new key (`k2:…,k1:…`), restart, run rewrapAll, then drop k1.
 */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf(':');
      if (i <= 0) throw piiError('PII_KEYRING_INVALID', { detail: 'expected id:base64key' });
      return { id: p.slice(0, i), key: p.slice(i + 1) };
    });
  return createKeyRing(entries);
}

/** A fresh random 32-byte key, base64 (for RECOURSE_KEYS). */
export function generateKeyBase64(): string {
  return randomBytes(KEY_LEN).toString('base64');
}

/** Ring with `id` added as the new current KEK (old keys kept for reading). */
export function withNewCurrentKey(ring: KeyRing, id: string, key: Buffer | string): KeyRing {
  const entries = [{ id, key }, ...[...ring.keys].filter(([k]) => k !== id).map(([k, v]) => ({ id: k, key: v }))];
  return createKeyRing(entries, id);
}

function seal(key: Buffer, plain: Buffer, aad: Buffer, iv: Buffer = randomBytes(IV_LEN)): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV_LEN + TAG_LEN) throw piiError('PII_CIPHERTEXT_INVALID');
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_LEN));
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(IV_LEN, IV_LEN + TAG_LEN));
  try {
    return Buffer.concat([d.update(sealed.subarray(IV_LEN + TAG_LEN)), d.final()]);
  } catch {
    throw piiError('PII_DECRYPT_FAILED');
  }
}

const wrapAad = (kid: string) => Buffer.from(`${VERSION}|dek|${kid}`, 'utf8');
const bodyAad = (context: string) => Buffer.from(`${VERSION}|val|${context}`, 'utf8');

interface Parts {
  kid: string;
  wrapped: Buffer;
  body: Buffer;
}

function parse(envelope: string): Parts {
  const p = envelope.split('.');
  if (p.length !== 4 || p[0] !== VERSION || !KEY_ID_RE.test(p[1])) throw piiError('PII_CIPHERTEXT_INVALID');
  return { kid: p[1], wrapped: Buffer.from(p[2], 'base64url'), body: Buffer.from(p[3], 'base64url') };
}

function kek(ring: KeyRing, kid: string): Buffer {
  const k = ring.keys.get(kid);
  if (!k) throw piiError('PII_KEY_UNKNOWN', { detail: `key ${kid} is not in the ring` });
  return k;
}

/**
 * Encrypts a value. `context` (e.g. `ten_…:debtors.id_number`) is bound as associated data: a ciphertext copied
 * to another tenant or column fails to decrypt.
 */
export function encryptField(ring: KeyRing, plaintext: string | Buffer, context = ''): string {
  const dek = randomBytes(KEY_LEN);
  const body = seal(dek, Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8'), bodyAad(context));
  const wrapped = seal(kek(ring, ring.currentId), dek, wrapAad(ring.currentId));
  dek.fill(0);
  return `${VERSION}.${ring.currentId}.${wrapped.toString('base64url')}.${body.toString('base64url')}`;
}

/**
 * encryptField for many values of one context (bulk import paths): the same envelopes, a fresh data key and fresh IVs
 * per value, with the randomness drawn from a pool filled in bulk instead of two random-bytes calls per value.
 */
export function encryptFields(ring: KeyRing, values: readonly string[], context = '', pool = new RandomPool()): string[] {
  const kid = ring.currentId;
  const wk = kek(ring, kid);
  const wAad = wrapAad(kid);
  const bAad = bodyAad(context);
  return values.map((v) => {
    const r = pool.take(KEY_LEN + 2 * IV_LEN);
    const dek = Buffer.from(r.subarray(0, KEY_LEN));
    const wrapped = seal(wk, dek, wAad, Buffer.from(r.subarray(KEY_LEN, KEY_LEN + IV_LEN)));
    const body = seal(dek, Buffer.from(v, 'utf8'), bAad, Buffer.from(r.subarray(KEY_LEN + IV_LEN)));
    dek.fill(0);
    return `${VERSION}.${kid}.${wrapped.toString('base64url')}.${body.toString('base64url')}`;
  });
}

/** Decrypts to bytes. Throws PII_CIPHERTEXT_INVALID, PII_KEY_UNKNOWN or PII_DECRYPT_FAILED (tampered/wrong context). */
export function decryptFieldBytes(ring: KeyRing, envelope: string, context = ''): Buffer {
  const { kid, wrapped, body } = parse(envelope);
  const dek = open(kek(ring, kid), wrapped, wrapAad(kid));
  try {
    return open(dek, body, bodyAad(context));
  } finally {
    dek.fill(0);
  }
}

/** Decrypts a UTF-8 value (see decryptFieldBytes for errors). */
export function decryptField(ring: KeyRing, envelope: string, context = ''): string {
  return decryptFieldBytes(ring, envelope, context).toString('utf8');
}

/** Id of the KEK an envelope's data key is sealed under. */
export function envelopeKeyId(envelope: string): string {
  return parse(envelope).kid;
}

export function needsRewrap(ring: KeyRing, envelope: string): boolean {
  return envelopeKeyId(envelope) !== ring.currentId;
}

/** Re-seals the envelope's data key under the ring's current KEK; the value ciphertext is unchanged. */
export function rewrap(ring: KeyRing, envelope: string): string {
  const { kid, wrapped, body } = parse(envelope);
  if (kid === ring.currentId) return envelope;
  const dek = open(kek(ring, kid), wrapped, wrapAad(kid));
  try {
    const rewrapped = seal(kek(ring, ring.currentId), dek, wrapAad(ring.currentId));
    return `${VERSION}.${ring.currentId}.${rewrapped.toString('base64url')}.${body.toString('base64url')}`;
  } finally {
    dek.fill(0);
  }
}

/**
 * Rotation helper: re-seals every envelope not yet under the current KEK (nulls pass through, so a nullable column
 * can be fed directly). Idempotent; safe to run while the application reads and writes (both keys stay in the ring).
 */
export function rewrapAll<T extends string | null | undefined>(
  ring: KeyRing,
  envelopes: readonly T[],
): { envelopes: T[]; rewrapped: number; unchanged: number } {
  let rewrapped = 0;
  let unchanged = 0;
  const out = envelopes.map((e) => {
    if (e === null || e === undefined) return e;
    if (!needsRewrap(ring, e)) {
      unchanged++;
      return e;
    }
    rewrapped++;
    return rewrap(ring, e) as T;
  });
  return { envelopes: out, rewrapped, unchanged };
}

// ---- blind indexes ------------------------------------------------------------------------------------------------

/**
 * Derives a purpose-bound subkey (HKDF-SHA-256) from one ring key. Blind-index and pseudonym keys must NOT follow
 * KEK rotation (the stored indexes would stop matching), so callers pin `keyId` explicitly.
 */
export function deriveSubkey(ring: KeyRing, keyId: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', kek(ring, keyId), Buffer.from('recourse-pii', 'utf8'), Buffer.from(purpose, 'utf8'), KEY_LEN));
}

/**
 * Keyed HMAC (SHA-256 by default, or SM3) over the normalised value (ID upper-cased, phone digits only without
 * +86, e-mail lower-cased, card digits only …), so equal values index equally however they were typed. `context`
 * (e.g. the tenant id) keeps indexes of different tenants unlinkable. Output: 43-char base64url.
 */
export function blindIndex(key: Buffer, type: PiiType, value: string, context = '', alg: HmacAlgorithm = 'sha256'): string {
  return keyedHash(alg, key, `${type}\u0000${context}\u0000${normaliseValue(type, value)}`).toString('base64url');
}

/** Constant-time comparison of two blind indexes. */
export function blindIndexEquals(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
