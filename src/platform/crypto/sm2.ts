// GB/T 32918.2 SM2 digital signatures through the `sm-crypto` package: e = SM3(Z_A || M) with
// Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A). (node:crypto's "SM2" EC keys only give ECDSA over
// the SM2 curve, which SM2 verifiers reject; see docs/evidence.md.)
import smCrypto from 'sm-crypto';
import { fromHex, toHex } from './digest.js';

interface SmSm2 {
  generateKeyPairHex(): { privateKey: string; publicKey: string };
  getPublicKeyFromPrivateKey(privateKey: string): string;
  doSignature(msg: number[] | Uint8Array, privateKey: string, opts: { hash: boolean; publicKey?: string; userId?: string; der?: boolean }): string;
  doVerifySignature(msg: number[] | Uint8Array, sigHex: string, publicKey: string, opts: { hash: boolean; userId?: string; der?: boolean }): boolean;
  verifyPublicKey(publicKey: string): boolean;
}
const sm2 = (smCrypto as { sm2: SmSm2 }).sm2;

/** GB/T 35276 default signer ID, used when none is agreed. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

export interface Sm2KeyPair {
  /** 32-byte private scalar, hex. */
  privateKeyHex: string;
  /** 65-byte uncompressed public point 04 || x || y. */
  publicKey: Uint8Array;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const kp = sm2.generateKeyPairHex();
  return { privateKeyHex: kp.privateKey.padStart(64, '0'), publicKey: normalisePublicKey(kp.publicKey) };
}

export function sm2PublicKeyFromPrivate(privateKeyHex: string): Uint8Array {
  return normalisePublicKey(sm2.getPublicKeyFromPrivateKey(privateKeyHex));
}

function normalisePublicKey(hex: string): Uint8Array {
  const h = hex.toLowerCase();
  if (h.length !== 130 || !h.startsWith('04')) throw new Error('SM2 public key must be an uncompressed point (65 bytes)');
  return fromHex(h);
}

/** SM2 signature over `msg` (with the Z-value over `userId`), returned as the 64-byte r || s. */
export function sm2Sign(privateKeyHex: string, msg: Uint8Array, userId = SM2_DEFAULT_USER_ID): Uint8Array {
  const publicKey = sm2.getPublicKeyFromPrivateKey(privateKeyHex);
  const sig = sm2.doSignature(Array.from(msg), privateKeyHex, { hash: true, publicKey, userId });
  return fromHex(sig);
}

/** Verifies a 64-byte r || s SM2 signature. Never throws on malformed input; returns false. */
export function sm2Verify(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array, userId = SM2_DEFAULT_USER_ID): boolean {
  if (sig.length !== 64 || publicKey.length !== 65 || publicKey[0] !== 0x04) return false;
  const pk = toHex(publicKey);
  try {
    if (!sm2.verifyPublicKey(pk)) return false;
    return sm2.doVerifySignature(Array.from(msg), toHex(sig), pk, { hash: true, userId });
  } catch {
    return false;
  }
}
