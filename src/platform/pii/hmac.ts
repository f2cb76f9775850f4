// Keyed hashes for blind indexes and pseudonyms: HMAC-SHA-256 or HMAC-SM3 (PI-22 allows either; tenants that chose
// SM3 for their evidence log can use it here too). SM3 comes from node:crypto when the linked OpenSSL has it,
// otherwise from the pure-JS sm-crypto package (same output, checked in tests).
import { createHmac, getHashes } from 'node:crypto';
import smCrypto from 'sm-crypto';

export type HmacAlgorithm = 'sha256' | 'sm3';

const nodeHasSm3 = getHashes().includes('sm3');
const smSm3 = (smCrypto as { sm3: (input: string, opts?: { key: string }) => string }).sm3;

/** HMAC of the UTF-8 string `data`; 32 bytes for both algorithms. */
export function keyedHash(alg: HmacAlgorithm, key: Buffer, data: string, forceJs = false): Buffer {
  if (alg === 'sha256' || (nodeHasSm3 && !forceJs)) return createHmac(alg, key).update(data, 'utf8').digest();
  return Buffer.from(smSm3(data, { key: key.toString('hex') }), 'hex');
}
