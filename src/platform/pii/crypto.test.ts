import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors.js';
import {
  blindIndex,
  blindIndexEquals,
  createKeyRing,
  decryptField,
  deriveSubkey,
  encryptField,
  envelopeKeyId,
  generateKeyBase64,
  needsRewrap,
  parseKeyRing,
  rewrap,
  rewrapAll,
  withNewCurrentKey,
} from './crypto.js';
import { keyedHash } from './hmac.js';

const k1 = generateKeyBase64();
const k2 = generateKeyBase64();
const ring1 = parseKeyRing(`k1:${k1}`);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  return 'no error';
}

describe('key ring (RECOURSE_KEYS format, PI-08)', () => {
  it('parses id:base64 pairs, first is current', () => {
    const r = parseKeyRing(`k2:${k2}, k1:${k1}`);
    expect(r.currentId).toBe('k2');
    expect([...r.keys.keys()]).toEqual(['k2', 'k1']);
  });
  it('rejects short keys, bad ids, duplicates and empty specs', () => {
    expect(codeOf(() => parseKeyRing(`k1:${Buffer.alloc(16).toString('base64')}`))).toBe('PII_KEYRING_INVALID');
    expect(codeOf(() => parseKeyRing(`k.1:${k1}`))).toBe('PII_KEYRING_INVALID');
    expect(codeOf(() => parseKeyRing(`k1:${k1},k1:${k2}`))).toBe('PII_KEYRING_INVALID');
    expect(codeOf(() => parseKeyRing(''))).toBe('PII_KEYRING_INVALID');
    expect(codeOf(() => parseKeyRing(k1))).toBe('PII_KEYRING_INVALID');
  });
});

describe('envelope encryption AES-256-GCM', () => {
  it('round-trips, names the key, and uses a fresh IV/data key per call', () => {
    const a = encryptField(ring1, '11010519491231002X', 'ten_a:debtors.id_number');
    const b = encryptField(ring1, '11010519491231002X', 'ten_a:debtors.id_number');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^pii1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('110105');
    expect(envelopeKeyId(a)).toBe('k1');
    expect(decryptField(ring1, a, 'ten_a:debtors.id_number')).toBe('11010519491231002X');
  });
  it('binds the context: a ciphertext moved to another tenant/column does not decrypt', () => {
    const a = encryptField(ring1, '13812345678', 'ten_a:debtors.mobile');
    expect(codeOf(() => decryptField(ring1, a, 'ten_b:debtors.mobile'))).toBe('PII_DECRYPT_FAILED');
  });
  it('detects tampering and unknown keys', () => {
    const a = encryptField(ring1, 'secret');
    const parts = a.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[body.length - 1] ^= 1;
    expect(codeOf(() => decryptField(ring1, [...parts.slice(0, 3), body.toString('base64url')].join('.')))).toBe('PII_DECRYPT_FAILED');
    expect(codeOf(() => decryptField(parseKeyRing(`k9:${k2}`), a))).toBe('PII_KEY_UNKNOWN');
    expect(codeOf(() => decryptField(createKeyRing([{ id: 'k1', key: k2 }]), a))).toBe('PII_DECRYPT_FAILED');
    expect(codeOf(() => decryptField(ring1, 'pii1.k1.abc'))).toBe('PII_CIPHERTEXT_INVALID');
  });
  it('property: any string round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 20 }), (s, ctx) => {
        expect(decryptField(ring1, encryptField(ring1, s, ctx), ctx)).toBe(s);
      }),
      { numRuns: 60 },
    );
  });
});

describe('rotation without downtime', () => {
  it('old ciphertexts stay readable after a new KEK becomes current; rewrapAll moves them to it', () => {
    const old = ['张三', '13812345678', null, '北京市朝阳区建国路88号'].map((v) => (v === null ? null : encryptField(ring1, v, 'ctx')));
    const ring2 = withNewCurrentKey(ring1, 'k2', k2);
    expect(ring2.currentId).toBe('k2');
    // reads during rotation: both keys are in the ring
    expect(decryptField(ring2, old[0]!, 'ctx')).toBe('张三');
    const fresh = encryptField(ring2, '新写入', 'ctx');
    expect(envelopeKeyId(fresh)).toBe('k2');

    const res = rewrapAll(ring2, [...old, fresh]);
    expect(res.rewrapped).toBe(3);
    expect(res.unchanged).toBe(1);
    expect(res.envelopes[2]).toBeNull();
    for (const e of res.envelopes) if (e) expect(needsRewrap(ring2, e)).toBe(false);
    // value ciphertext untouched, only the wrapped data key changed
    expect(res.envelopes[0]!.split('.')[3]).toBe(old[0]!.split('.')[3]);
    // after retiring k1, everything still decrypts
    const onlyK2 = createKeyRing([{ id: 'k2', key: k2 }]);
    expect(res.envelopes.map((e) => (e ? decryptField(onlyK2, e, 'ctx') : null))).toEqual(['张三', '13812345678', null, '北京市朝阳区建国路88号', '新写入']);
    // idempotent
    expect(rewrapAll(ring2, res.envelopes).rewrapped).toBe(0);
    // without the rewrap, retiring k1 would lose data: the check can fail
    expect(codeOf(() => decryptField(onlyK2, old[0]!, 'ctx'))).toBe('PII_KEY_UNKNOWN');
  });
  it('property: rotation keeps every value readable', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 8 }), (vals) => {
        const envs = vals.map((v) => encryptField(ring1, v));
        const ring2 = withNewCurrentKey(ring1, 'k2', randomBytes(32));
        const moved = rewrapAll(ring2, envs).envelopes.map((e) => rewrap(ring2, e));
        const onlyNew = createKeyRing([{ id: 'k2', key: ring2.keys.get('k2')! }]);
        expect(moved.map((e) => decryptField(onlyNew, e))).toEqual(vals);
      }),
      { numRuns: 30 },
    );
  });
});

describe('blind indexes (exact search over encrypted fields)', () => {
  const key = deriveSubkey(ring1, 'k1', 'blind-index:v1');
  it('normalises before hashing: ID case, phone formatting, full-width', () => {
    expect(blindIndex(key, 'id_card', '11010519491231002x')).toBe(blindIndex(key, 'id_card', ' 11010519491231002X '));
    const m = blindIndex(key, 'mobile', '13812345678');
    expect(blindIndex(key, 'mobile', '+86 138-1234-5678')).toBe(m);
    expect(blindIndex(key, 'mobile', '１３８ １２３４ ５６７８')).toBe(m);
    expect(blindIndexEquals(blindIndex(key, 'mobile', '138 1234 5678'), m)).toBe(true);
    expect(blindIndex(key, 'mobile', '13812345679')).not.toBe(m);
  });
  it('is keyed, type- and context-separated, and does not contain the value', () => {
    const m = blindIndex(key, 'mobile', '13812345678', 'ten_a');
    expect(blindIndex(deriveSubkey(ring1, 'k1', 'other'), 'mobile', '13812345678', 'ten_a')).not.toBe(m);
    expect(blindIndex(key, 'mobile', '13812345678', 'ten_b')).not.toBe(m);
    expect(blindIndex(key, 'landline', '13812345678', 'ten_a')).not.toBe(m);
    expect(m).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(m).not.toContain('1381234');
  });
  it('derived subkeys are stable for a pinned key id across rotation', () => {
    const ring2 = withNewCurrentKey(ring1, 'k2', k2);
    expect(deriveSubkey(ring2, 'k1', 'blind-index:v1').equals(key)).toBe(true);
  });
});

describe('keyed hash algorithms (PI-22: HMAC-SHA-256 or HMAC-SM3)', () => {
  it('HMAC-SHA-256 matches RFC 4231 test case 2', () => {
    expect(keyedHash('sha256', Buffer.from('Jefe'), 'what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
  it('HMAC-SM3 from node:crypto and from sm-crypto agree (incl. CJK and long keys)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.string({ maxLength: 50 }), (k, d) => {
        const key = Buffer.from(k);
        expect(keyedHash('sm3', key, d).toString('hex')).toBe(keyedHash('sm3', key, d, true).toString('hex'));
      }),
      { numRuns: 30 },
    );
    expect(keyedHash('sm3', Buffer.alloc(32, 7), '张三').length).toBe(32);
  });
  it('blind indexes per algorithm differ but each normalises', () => {
    const key = Buffer.alloc(32, 1);
    const a = blindIndex(key, 'mobile', '13812345678', '', 'sm3');
    expect(blindIndex(key, 'mobile', '+86 138 1234 5678', '', 'sm3')).toBe(a);
    expect(blindIndex(key, 'mobile', '13812345678', '', 'sha256')).not.toBe(a);
  });
});
