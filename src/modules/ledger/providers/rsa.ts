// SHA256withRSA (PKCS#1 v1.5) signing and verification for the gateway adapters, with keys as PEM text.
// Verification never throws: a malformed key or signature is simply "not valid".
import { createPrivateKey, createPublicKey, createSign, createVerify, X509Certificate, type KeyObject } from 'node:crypto';

/** A public key from a PEM public key or a PEM X.509 certificate (WeChat platform certificates, UnionPay certs). */
export function publicKeyOf(pem: string): KeyObject {
  if (pem.includes('BEGIN CERTIFICATE')) return new X509Certificate(pem).publicKey;
  return createPublicKey(pem);
}

export function rsaSha256Sign(privateKeyPem: string, data: string | Buffer): string {
  return createSign('RSA-SHA256').update(data).sign(createPrivateKey(privateKeyPem), 'base64');
}

export function rsaSha256Verify(publicKeyPem: string, data: string | Buffer, signatureB64: string): boolean {
  try {
    if (!/^[A-Za-z0-9+/=\s]+$/.test(signatureB64)) return false;
    return createVerify('RSA-SHA256').update(data).verify(publicKeyOf(publicKeyPem), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** Checks a PEM parses as the expected kind of key (config validation). */
export function pemKind(pem: string): 'private' | 'public' | null {
  try {
    createPrivateKey(pem);
    return 'private';
  } catch {
    try {
      publicKeyOf(pem);
      return 'public';
    } catch {
      return null;
    }
  }
}

/** "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai (UTC+8, no DST) for an instant. */
export function beijingDateTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** "yyyy-MM-dd HH:mm:ss" or "yyyyMMddHHmmss" Beijing time → instant (ms), NaN when malformed. */
export function parseBeijing(s: string): number {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/.exec(s);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
}
