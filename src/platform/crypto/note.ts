// C2SP signed-note: text, a blank line, then signature lines "— <name> <base64(4-byte key hash || signature)>".
// Key hash = first 4 bytes (big-endian uint32) of SHA-256(name || 0x0A || type identifier || public key).
// Verifiers ignore lines from keys they do not know; a note is accepted when at least one known key verifies and no
// known key's line fails.
// Type identifiers: 0x01 Ed25519 (signed-note), 0x04 Ed25519 timestamped cosignature (C2SP tlog-cosignature),
// 0xFF "recourse-sm2" (this project's SM2/SM3 line: the 0xFF escape the signed-note spec leaves for
// unregistered algorithms, followed by an ASCII label; key = 65-byte uncompressed point, signature = 64-byte r||s,
// signer ID "1234567812345678").
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { bytesEqual, concatBytes, fromBase64, sha256, toBase64, utf8 } from './digest.js';
import { sm2PublicKeyFromPrivate, sm2Sign, sm2Verify } from './sm2.js';

export const TYPE_ED25519 = Uint8Array.of(0x01);
export const TYPE_COSIGNATURE_V1 = Uint8Array.of(0x04);
export const TYPE_SM2 = concatBytes(Uint8Array.of(0xff), utf8('recourse-sm2'));

export type KeyAlgorithm = 'ed25519' | 'cosignature/v1' | 'sm2';

export interface NoteSigner {
  name: string;
  keyHash: number;
  sign(text: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  name: string;
  keyHash: number;
  /** `sig` is the line's bytes after the 4-byte key hash. */
  verify(text: Uint8Array, sig: Uint8Array): boolean;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function keyHash(name: string, typeId: Uint8Array, publicKey: Uint8Array): number {
  const h = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a), typeId, publicKey));
  return ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
}

function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

// ---- Ed25519 ----

export function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error('Ed25519 seed must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const der = createPublicKey(ed25519PrivateKey(seed)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - 32));
}

export function generateEd25519Seed(): Uint8Array {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return new Uint8Array(der.subarray(der.length - 32));
}

export function ed25519Sign(seed: Uint8Array, msg: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign(null, msg, ed25519PrivateKey(seed)));
}

export function ed25519Verify(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (publicKey.length !== 32 || sig.length !== 64) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
    return nodeVerify(null, msg, key, sig);
  } catch {
    return false;
  }
}

// ---- vkeys ----

/** C2SP vkey `<name>+<8 hex key hash>+<base64(type || public key)>`. */
export function encodeVkey(name: string, typeId: Uint8Array, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new Error('invalid key name');
  return `${name}+${keyHash(name, typeId, publicKey).toString(16).padStart(8, '0')}+${toBase64(concatBytes(typeId, publicKey))}`;
}

export interface ParsedVkey {
  name: string;
  keyHash: number;
  algorithm: KeyAlgorithm | 'unknown';
  typeId: Uint8Array;
  publicKey: Uint8Array;
}

/** Parses and checks a vkey (key hash must match). Throws on malformed input. */
export function parseVkey(vkey: string): ParsedVkey {
  // base64 may itself contain '+', so split on the first two only
  const i = vkey.indexOf('+');
  const j = i < 0 ? -1 : vkey.indexOf('+', i + 1);
  if (i < 0 || j < 0) throw new Error('vkey: expected name+hash+key');
  const name = vkey.slice(0, i);
  const hashHex = vkey.slice(i + 1, j);
  const keyB64 = vkey.slice(j + 1);
  if (!isValidKeyName(name)) throw new Error('vkey: invalid key name');
  if (!/^[0-9a-f]{8}$/.test(hashHex)) throw new Error('vkey: key hash must be 8 lowercase hex digits');
  const raw = fromBase64(keyB64);
  let algorithm: ParsedVkey['algorithm'] = 'unknown';
  let typeId = raw.subarray(0, 1);
  if (raw[0] === 0x01 && raw.length === 33) algorithm = 'ed25519';
  else if (raw[0] === 0x04 && raw.length === 33) algorithm = 'cosignature/v1';
  else if (raw.length === TYPE_SM2.length + 65 && bytesEqual(raw.subarray(0, TYPE_SM2.length), TYPE_SM2)) {
    algorithm = 'sm2';
    typeId = TYPE_SM2;
  }
  const publicKey = raw.subarray(typeId.length);
  const kh = Number.parseInt(hashHex, 16);
  if (keyHash(name, typeId, publicKey) !== kh) throw new Error('vkey: key hash does not match the key');
  return { name, keyHash: kh, algorithm, typeId, publicKey };
}

/** A verifier for any vkey type this project knows (Ed25519, witness cosignature v1, SM2). */
export function verifierFromVkey(vkey: string): NoteVerifier {
  const k = parseVkey(vkey);
  switch (k.algorithm) {
    case 'ed25519':
      return { name: k.name, keyHash: k.keyHash, verify: (text, sig) => ed25519Verify(k.publicKey, text, sig) };
    case 'cosignature/v1':
      return cosignatureVerifier(k.name, k.publicKey);
    case 'sm2':
      return { name: k.name, keyHash: k.keyHash, verify: (text, sig) => sm2Verify(k.publicKey, text, sig) };
    default:
      throw new Error(`vkey: unsupported key type 0x${k.typeId[0]?.toString(16) ?? '??'}`);
  }
}

// ---- signers ----

export function ed25519Signer(name: string, seed: Uint8Array): NoteSigner & { vkey: string } {
  const pub = ed25519PublicKey(seed);
  const key = ed25519PrivateKey(seed);
  return {
    name,
    keyHash: keyHash(name, TYPE_ED25519, pub),
    vkey: encodeVkey(name, TYPE_ED25519, pub),
    sign: (text) => new Uint8Array(nodeSign(null, text, key)),
  };
}

export function sm2Signer(name: string, privateKeyHex: string): NoteSigner & { vkey: string } {
  const pub = sm2PublicKeyFromPrivate(privateKeyHex);
  return {
    name,
    keyHash: keyHash(name, TYPE_SM2, pub),
    vkey: encodeVkey(name, TYPE_SM2, pub),
    sign: (text) => sm2Sign(privateKeyHex, text),
  };
}

/** ECDSA P-256 verifier as used by Rekor checkpoints (key hash = SHA-256(SPKI DER)[:4], DER signature). */
export function ecdsaP256Verifier(name: string, spkiDer: Uint8Array): NoteVerifier {
  const h = sha256(spkiDer);
  const key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  return {
    name,
    keyHash: ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0,
    verify: (text, sig) => {
      try {
        return nodeVerify('sha256', text, key, sig);
      } catch {
        return false;
      }
    },
  };
}

// ---- tlog-cosignature v1 (witness): signed message "cosignature/v1\ntime <T>\n" || checkpoint text ----

export function cosignatureMessage(text: Uint8Array, timestamp: bigint): Uint8Array {
  return concatBytes(utf8(`cosignature/v1\ntime ${timestamp.toString()}\n`), text);
}

function u64(n: bigint): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return new Uint8Array(b);
}

export function cosignatureSigner(name: string, seed: Uint8Array, clock: () => bigint = () => BigInt(Math.floor(Date.now() / 1000))): NoteSigner & { vkey: string } {
  const pub = ed25519PublicKey(seed);
  const key = ed25519PrivateKey(seed);
  return {
    name,
    keyHash: keyHash(name, TYPE_COSIGNATURE_V1, pub),
    vkey: encodeVkey(name, TYPE_COSIGNATURE_V1, pub),
    sign: (text) => {
      const t = clock();
      return concatBytes(u64(t), new Uint8Array(nodeSign(null, cosignatureMessage(text, t), key)));
    },
  };
}

export function cosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return {
    name,
    keyHash: keyHash(name, TYPE_COSIGNATURE_V1, publicKey),
    verify: (text, sig) => {
      if (sig.length !== 72) return false;
      const t = Buffer.from(sig.subarray(0, 8)).readBigUInt64BE();
      return ed25519Verify(publicKey, cosignatureMessage(text, t), sig.subarray(8));
    },
  };
}

/** The timestamp inside a cosignature line's signature bytes (after the key hash). */
export function cosignatureTimestamp(sig: Uint8Array): bigint {
  return Buffer.from(sig.subarray(0, 8)).readBigUInt64BE();
}

// ---- notes ----

export interface NoteSignatureLine {
  name: string;
  keyHash: number;
  /** Signature bytes after the key hash. */
  signature: Uint8Array;
  line: string;
}

export interface ParsedNote {
  text: string;
  signatures: NoteSignatureLine[];
}

const DASH = '\u2014 ';

/** Splits a signed note into text and signature lines. Throws on malformed notes. */
export function parseNote(note: string): ParsedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('note: no blank line before signatures');
  const text = note.slice(0, split + 1);
  const tail = note.slice(split + 2);
  if (!tail.endsWith('\n')) throw new Error('note: signature block must end with a newline');
  const lines = tail.slice(0, -1).split('\n');
  const signatures: NoteSignatureLine[] = [];
  for (const line of lines) {
    if (!line.startsWith(DASH)) throw new Error('note: malformed signature line');
    const rest = line.slice(DASH.length);
    const sp = rest.lastIndexOf(' ');
    if (sp <= 0) throw new Error('note: malformed signature line');
    const name = rest.slice(0, sp);
    if (!isValidKeyName(name)) throw new Error('note: invalid key name');
    const raw = fromBase64(rest.slice(sp + 1));
    if (raw.length < 5) throw new Error('note: signature too short');
    const kh = ((raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3]) >>> 0;
    signatures.push({ name, keyHash: kh, signature: raw.subarray(4), line });
  }
  if (signatures.length === 0) throw new Error('note: no signatures');
  return { text, signatures };
}

/** Signs `text` (which must end in a newline) with every signer; appends to existing signature lines if given. */
export function signNote(text: string, signers: NoteSigner[], existing: string[] = []): string {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  if (text.endsWith('\n\n')) throw new Error('note text must not end with a blank line');
  const bytes = utf8(text);
  const lines = [...existing];
  for (const s of signers) {
    if (!isValidKeyName(s.name)) throw new Error('invalid key name');
    lines.push(`${DASH}${s.name} ${toBase64(concatBytes(u32(s.keyHash), s.sign(bytes)))}`);
  }
  return `${text}\n${lines.map((l) => `${l}\n`).join('')}`;
}

export interface OpenedNote {
  text: string;
  /** Names (with key hash) of the keys whose signatures verified. */
  verifiedBy: { name: string; keyHash: number }[];
  signatures: NoteSignatureLine[];
}

/**
 * Verifies a note with the given verifiers: unknown keys are ignored; a known key whose signature does not verify
 * makes the whole note fail; at least one known key must verify. Throws with a reason on failure.
 */
export function openNote(note: string, verifiers: NoteVerifier[]): OpenedNote {
  const parsed = parseNote(note);
  const textBytes = utf8(parsed.text);
  const verifiedBy: OpenedNote['verifiedBy'] = [];
  for (const s of parsed.signatures) {
    const v = verifiers.find((x) => x.name === s.name && x.keyHash === s.keyHash);
    if (!v) continue;
    if (!v.verify(textBytes, s.signature)) throw new Error(`note: invalid signature by ${s.name}`);
    if (!verifiedBy.some((x) => x.name === s.name && x.keyHash === s.keyHash)) verifiedBy.push({ name: s.name, keyHash: s.keyHash });
  }
  if (verifiedBy.length === 0) throw new Error('note: no signature from a known key');
  return { text: parsed.text, verifiedBy, signatures: parsed.signatures };
}
