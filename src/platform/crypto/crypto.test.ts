import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  canonicalize, cosignatureVerifier, ecdsaP256Verifier, ed25519PublicKey, ed25519Signer, encodeVkey, fromBase64, fromHex,
  generateEd25519Seed, generateSm2KeyPair, openNote, parseNote, parseVkey, sha256, signNote, sm2Sign, sm2Signer, sm2Verify,
  sm3, sm3Js, toHex, utf8, verifierFromVkey, cosignatureSigner, TYPE_ED25519,
} from './index.js';

const misc = JSON.parse(readFileSync('/work/shared/testvectors/tlog/misc-vectors.json', 'utf8'));

describe('digests (BC-10)', () => {
  it('SM3 matches GB/T 32905-2016 Appendix A, on both implementations', () => {
    for (const v of misc.sm3_gbt32905.vectors) {
      expect(toHex(sm3(v.inputAscii))).toBe(v.digestHex);
      expect(toHex(sm3Js(utf8(v.inputAscii)))).toBe(v.digestHex);
    }
  });
  it('SHA-256 of the empty string', () => {
    expect(toHex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('strict base64/hex decoding rejects junk', () => {
    expect(() => fromBase64('ab$=')).toThrow();
    expect(() => fromBase64('YQ')).toThrow();
    expect(() => fromHex('abc')).toThrow();
    expect(() => fromHex('zz')).toThrow();
  });
});

describe('RFC 8785 JCS', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const keys = Object.keys(JSON.parse(canonicalize(input)));
    // JSON.parse puts integer-like keys first, so check the raw order instead
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    expect(canonicalize(input)).toBe(`{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify((input as Record<string, string>)[k])}`).join(',')}}`);
    expect(keys.length).toBe(7);
  });
  it('serialises numbers the ECMAScript way (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalize([1e21, 1e-7, -0, 0.000001, 123456789012345680000, 5e-324, 1.7976931348623157e308, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0,0.000001,123456789012345680000,5e-324,1.7976931348623157e+308,333333333.3333333]');
  });
  it('escapes strings minimally and keeps non-ASCII literal', () => {
    expect(canonicalize({ s: '\u20ac$\u000f\nA\'B"\\\\"/' })).toBe('{"s":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
    expect(canonicalize({ b: [true, false, null], a: { d: 1, c: '催收' } })).toBe('{"a":{"c":"催收","d":1},"b":[true,false,null]}');
  });
  it('rejects what JSON cannot carry', () => {
    expect(() => canonicalize(NaN)).toThrow();
    expect(() => canonicalize(Infinity)).toThrow();
    expect(() => canonicalize(1n)).toThrow();
    expect(() => canonicalize('\ud800')).toThrow();
    expect(() => canonicalize(new Date())).toThrow();
  });
});

describe('C2SP signed notes', () => {
  it('verifies the C2SP signed-note spec example', () => {
    const v = verifierFromVkey(misc.c2sp_signed_note_example.vkey);
    const opened = openNote(misc.c2sp_signed_note_example.note, [v]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verifiedBy).toEqual([{ name: 'example.com/foo', keyHash: 0x530d903a }]);
  });
  it('verifies a real sum.golang.org checkpoint', () => {
    const v = verifierFromVkey(misc.go_sumdb_checkpoint.vkey);
    expect(openNote(misc.go_sumdb_checkpoint.note, [v]).text.split('\n')[1]).toBe('30055305');
  });
  it('reproduces the sigsum checkpoint signature from its seed (Ed25519 is deterministic)', () => {
    const note: string = misc.sigsum_checkpoint.note;
    const parsed = parseNote(note);
    const signer = ed25519Signer(parsed.signatures[0].name, fromHex(misc.sigsum_checkpoint.ed25519SeedHex));
    expect(signNote(parsed.text, [signer])).toBe(note);
    expect(openNote(note, [verifierFromVkey(signer.vkey)]).verifiedBy.length).toBe(1);
  });
  it('verifies the sigsum witness cosignature (tlog-cosignature, type 0x04) and ignores the line with the wrong key hash', () => {
    const c = misc.sigsum_checkpoint;
    const pub = ed25519PublicKey(fromHex(c.ed25519SeedHex));
    const v = cosignatureVerifier(c.cosignature_key_name, pub);
    const note = `${c.cosigned_checkpoint_body}\n${c.cosignature_lines.map((l: string) => `${l}\n`).join('')}`;
    const parsed = parseNote(note);
    expect(parsed.signatures.map((s) => s.keyHash === v.keyHash)).toEqual(c.cosignature_lines.map((_: string, i: number) => i === c.cosignature_valid_line_index));
    expect(openNote(note, [v]).verifiedBy).toEqual([{ name: c.cosignature_key_name, keyHash: v.keyHash }]);
    // reproduce it from the seed with the same timestamp
    const signer = cosignatureSigner(c.cosignature_key_name, fromHex(c.ed25519SeedHex), () => BigInt(c.cosignature_timestamp));
    expect(signNote(c.cosigned_checkpoint_body, [signer])).toContain(c.cosignature_lines[c.cosignature_valid_line_index]);
  });
  it('verifies a real Rekor checkpoint with its ECDSA P-256 key', () => {
    const r = misc.sigstore_rekor_checkpoint;
    const v = ecdsaP256Verifier(r.keyName, fromBase64(r.spkiDerBase64));
    expect(openNote(r.note, [v]).text.startsWith('rekor.sigstore.dev - 2605736670972794746\n21428036\n')).toBe(true);
  });
  it('rejects a changed text, a changed signature, and notes with no known key', () => {
    const signer = ed25519Signer('localhost/t-a/evidence', generateEd25519Seed());
    const note = signNote('hello\n1\n', [signer]);
    const v = verifierFromVkey(signer.vkey);
    expect(() => openNote(note.replace('hello', 'hellp'), [v])).toThrow();
    const parsed = parseNote(note);
    const bad = Uint8Array.from(parsed.signatures[0].signature);
    bad[5] ^= 1;
    const tampered = signNote('hello\n1\n', [{ ...signer, sign: () => bad }]);
    expect(() => openNote(tampered, [v])).toThrow(/invalid signature/);
    const other = ed25519Signer('localhost/t-b/evidence', generateEd25519Seed());
    expect(() => openNote(note, [verifierFromVkey(other.vkey)])).toThrow(/no signature from a known key/);
  });
  it('vkey round-trips and a wrong key hash is refused', () => {
    const seed = generateEd25519Seed();
    const vkey = encodeVkey('example.org/log', TYPE_ED25519, ed25519PublicKey(seed));
    const p = parseVkey(vkey);
    expect(p.algorithm).toBe('ed25519');
    expect(toHex(p.publicKey)).toBe(toHex(ed25519PublicKey(seed)));
    const [n, h] = vkey.split('+');
    const k = vkey.slice(n.length + h.length + 2);
    const wrong = ((Number.parseInt(h, 16) ^ 1) >>> 0).toString(16).padStart(8, '0');
    expect(() => parseVkey(`${n}+${wrong}+${k}`)).toThrow();
    expect(() => parseVkey(`bad name+${h}+${k}`)).toThrow();
  });
});

// Independent GB/T 32918.2 verifier in BigInt, to prove the sm-crypto output is SM2 with the Z-value and not ECDSA.
const P = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF');
const A = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC');
const B = BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93');
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
const GX = BigInt('0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7');
const GY = BigInt('0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0');
type Pt = [bigint, bigint] | null;
const mod = (x: bigint, m: bigint) => ((x % m) + m) % m;
const inv = (x: bigint, m: bigint) => { let [a, b, u, v] = [mod(x, m), m, 1n, 0n]; while (b) { const q = a / b; [a, b, u, v] = [b, a - q * b, v, u - q * v]; } return mod(u, m); };
function add(p: Pt, q: Pt): Pt {
  if (!p) return q; if (!q) return p;
  if (p[0] === q[0] && mod(p[1] + q[1], P) === 0n) return null;
  const l = p[0] === q[0] ? mod((3n * p[0] * p[0] + A) * inv(2n * p[1], P), P) : mod((q[1] - p[1]) * inv(q[0] - p[0], P), P);
  const x = mod(l * l - p[0] - q[0], P);
  return [x, mod(l * (p[0] - x) - p[1], P)];
}
function mul(k: bigint, p: Pt): Pt { let r: Pt = null; let a = p; while (k > 0n) { if (k & 1n) r = add(r, a); a = add(a, a); k >>= 1n; } return r; }
const hex32 = (x: bigint) => x.toString(16).padStart(64, '0');
function referenceSm2Verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array, id = '1234567812345678'): boolean {
  const px = BigInt('0x' + toHex(pub.subarray(1, 33))); const py = BigInt('0x' + toHex(pub.subarray(33)));
  const idb = utf8(id);
  const z = sm3(fromHex((idb.length * 8).toString(16).padStart(4, '0') + toHex(idb) + [A, B, GX, GY, px, py].map(hex32).join('')));
  const e = BigInt('0x' + toHex(sm3(new Uint8Array([...z, ...msg]))));
  const r = BigInt('0x' + toHex(sig.subarray(0, 32))); const s = BigInt('0x' + toHex(sig.subarray(32)));
  const t = mod(r + s, N);
  const pt = add(mul(s, [GX, GY]), mul(t, [px, py]));
  return pt !== null && mod(e + pt[0], N) === r;
}

describe('SM2 (GB/T 32918.2)', () => {
  it('the reference curve parameters are consistent (G on the curve)', () => {
    expect(mod(GY * GY - (GX ** 3n + A * GX + B), P)).toBe(0n);
  });
  it('signatures verify under an independent Z-value SM2 verifier, and fail for a different signer ID', () => {
    const kp = generateSm2KeyPair();
    const msg = utf8('localhost/t-x/evidence\n3\nabc=\n');
    const sig = sm2Sign(kp.privateKeyHex, msg);
    expect(sig.length).toBe(64);
    expect(referenceSm2Verify(kp.publicKey, msg, sig)).toBe(true);
    expect(referenceSm2Verify(kp.publicKey, msg, sig, 'ALICE123@YAHOO.COM')).toBe(false);
    expect(sm2Verify(kp.publicKey, msg, sig)).toBe(true);
    const bad = Uint8Array.from(sig); bad[40] ^= 1;
    expect(sm2Verify(kp.publicKey, msg, bad)).toBe(false);
    expect(sm2Verify(kp.publicKey, utf8('other'), sig)).toBe(false);
  });
  it('an SM2 line sits beside the Ed25519 line; each verifier checks only its own key', () => {
    const ed = ed25519Signer('localhost/t-y/evidence', generateEd25519Seed());
    const sm = sm2Signer('localhost/t-y/evidence-sm2', generateSm2KeyPair().privateKeyHex);
    const note = signNote('localhost/t-y/evidence\n1\nAAAA\n', [ed, sm]);
    expect(openNote(note, [verifierFromVkey(ed.vkey)]).verifiedBy.length).toBe(1);
    expect(openNote(note, [verifierFromVkey(sm.vkey)]).verifiedBy[0].name).toBe('localhost/t-y/evidence-sm2');
    expect(openNote(note, [verifierFromVkey(ed.vkey), verifierFromVkey(sm.vkey)]).verifiedBy.length).toBe(2);
    expect(parseVkey(sm.vkey).algorithm).toBe('sm2');
  });
});
