// Digests used by the evidence log and file capture (BC-10): SHA-256 and SM3 (GB/T 32905-2016).
// SM3 comes from node:crypto when the linked OpenSSL provides it, otherwise from the pure-JS `sm-crypto` package.
import { createHash, getHashes } from 'node:crypto';
import smCrypto from 'sm-crypto';

export type HashAlgorithm = 'sha256' | 'sm3';
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sm3'];

const nodeHasSm3 = getHashes().includes('sm3');
const smSm3 = (smCrypto as { sm3: (input: number[] | Uint8Array) => string }).sm3;

export function isHashAlgorithm(x: unknown): x is HashAlgorithm {
  return x === 'sha256' || x === 'sm3';
}

/** Digest of the concatenation of `parts` (no copy when node:crypto does the work). */
export function digestParts(alg: HashAlgorithm, ...parts: Uint8Array[]): Uint8Array {
  if (alg === 'sha256' || nodeHasSm3) {
    const h = createHash(alg);
    for (const p of parts) h.update(p);
    return new Uint8Array(h.digest());
  }
  return fromHex(smSm3(concatBytes(...parts)));
}

export function digest(alg: HashAlgorithm, data: Uint8Array | string): Uint8Array {
  return digestParts(alg, typeof data === 'string' ? utf8(data) : data);
}

export const sha256 = (data: Uint8Array | string): Uint8Array => digest('sha256', data);
export const sm3 = (data: Uint8Array | string): Uint8Array => digest('sm3', data);

/** Pure-JS SM3 (sm-crypto), independent of OpenSSL; used to cross-check the node:crypto path in tests. */
export function sm3Js(data: Uint8Array): Uint8Array {
  return fromHex(smSm3(data));
}

/** Both digests of a captured file, as lowercase hex (BC-10). */
export function fileDigests(bytes: Uint8Array): { sha256: string; sm3: string; size: number } {
  return { sha256: toHex(sha256(bytes)), sm3: toHex(sm3(bytes)), size: bytes.length };
}

// ---- byte helpers ----

export function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf8'));
}

export function fromUtf8(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Strict hex decoding: even length, [0-9a-fA-F] only. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new Error('invalid hex');
  return new Uint8Array(Buffer.from(s, 'hex'));
}

export function toBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** Strict standard base64 (with padding); Buffer's decoder silently skips junk, so round-trip check. */
export function fromBase64(s: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Error('invalid base64');
  const b = Buffer.from(s, 'base64');
  if (b.toString('base64') !== s) throw new Error('invalid base64');
  return new Uint8Array(b);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}
