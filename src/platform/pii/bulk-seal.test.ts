// The bulk helpers of set-based registration (issue 3): pooled envelopes (platform encryptFields) must open with the platform's decryptField
// (PI-08 sealing unchanged), bind their column context, never repeat a data key or IV, and pooled ids keep newId's format.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createKeyRing, decryptField, generateKeyBase64, envelopeKeyId, encryptFields, type KeyRing } from './index.js';
import { RandomPool, pooledId } from '../ids.js';

const sealValues = (r: KeyRing, pool: RandomPool, values: string[], context: string) => encryptFields(r, values, context, pool);

const ring = createKeyRing([{ id: 'k2', key: generateKeyBase64() }, { id: 'k1', key: generateKeyBase64() }]);

describe('bulk sealing encryptFields (PI-08)', () => {
  it('property: sealValues envelopes open with decryptField to the same values, under the current KEK', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 30 }), fc.integer({ min: 56, max: 4096 }), (values, size) => {
      const pool = new RandomPool(size);
      const sealed = sealValues(ring, pool, values, 'ten_x:debtors.id_number');
      expect(sealed.map((e) => decryptField(ring, e, 'ten_x:debtors.id_number'))).toEqual(values);
      for (const e of sealed) expect(envelopeKeyId(e)).toBe('k2');
    }), { numRuns: 60 });
  });

  it('binds the column context: another context fails to open', () => {
    const [e] = sealValues(ring, new RandomPool(), ['330106199001010012'], 'ten_a:debtors.id_number');
    expect(() => decryptField(ring, e, 'ten_b:debtors.id_number')).toThrow();
    expect(() => decryptField(ring, e, 'ten_a:debtors.contact_points')).toThrow();
  });

  it('never reuses a wrapped data key or a body IV across 5,000 values, even with a small pool', () => {
    const sealed = sealValues(ring, new RandomPool(200), Array.from({ length: 5000 }, () => 'same value'), 'c');
    expect(new Set(sealed.map((e) => e.split('.')[2])).size).toBe(5000);
    expect(new Set(sealed.map((e) => Buffer.from(e.split('.')[3], 'base64url').subarray(0, 12).toString('hex'))).size).toBe(5000);
  });

  it('pooledId has newId\'s shape and does not repeat', () => {
    const pool = new RandomPool(1000);
    const ids = Array.from({ length: 20000 }, () => pooledId(pool, 'dbt'));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^dbt_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
