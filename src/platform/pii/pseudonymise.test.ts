import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors.js';
import { generatePeople } from './corpus.js';
import {
  ageBand,
  ageFromResidentId,
  amountBand,
  checkKAnonymity,
  generaliseAddress,
  generaliseRegionCode,
  prepareExport,
  pseudonym,
} from './pseudonymise.js';

const key = Buffer.alloc(32, 7);

describe('keyed pseudonyms (PI-22)', () => {
  it('deterministic per key and purpose; differs across purposes; normalises when typed', () => {
    const p = pseudonym(key, 'risk-model', '13812345678', { type: 'mobile' });
    expect(p).toMatch(/^ps_[a-z2-7]{16}$/);
    expect(pseudonym(key, 'risk-model', '+86 138 1234 5678', { type: 'mobile' })).toBe(p);
    expect(pseudonym(key, 'reporting', '13812345678', { type: 'mobile' })).not.toBe(p);
  });
  it('property: deterministic, key-dependent, never contains the original', () => {
    const digits = fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: 11, maxLength: 18 }).map((a) => a.join(''));
    const value = fc.oneof(digits, fc.string({ minLength: 2, maxLength: 20 }));
    fc.assert(
      fc.property(value, fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (v, a, b) => {
        const ka = Buffer.from(a);
        const kb = Buffer.from(b);
        const pa = pseudonym(ka, 'p', v);
        expect(pseudonym(ka, 'p', v)).toBe(pa);
        if (!ka.equals(kb)) expect(pseudonym(kb, 'p', v)).not.toBe(pa);
        if (v.length >= 4) expect(pa).not.toContain(v);
      }),
      { numRuns: 200 },
    );
  });
});

describe('generalisation (PI-21)', () => {
  it('age from ID and bands with bottom/top coding', () => {
    expect(ageFromResidentId('11010519491231002X', new Date('2026-11-29'))).toBe(76);
    expect(ageFromResidentId('11010519491231002X', new Date('2026-12-31'))).toBe(77);
    expect(ageBand(17)).toBe('<20');
    expect(ageBand(20)).toBe('20-29');
    expect(ageBand(45)).toBe('40-49');
    expect(ageBand(76)).toBe('60+');
    expect(ageBand(33, 5)).toBe('30-34');
  });
  it('amount bands in yuan from bigint fen', () => {
    expect(amountBand(99_999n)).toBe('0-1000');
    expect(amountBand(100_000n)).toBe('1000-5000');
    expect(amountBand(1_234_567n)).toBe('10000-50000');
    expect(amountBand(90_000_000n)).toBe('500000+');
    expect(amountBand(-1n)).toBe('<0');
  });
  it('region to city/province from a code, an ID or an address', () => {
    expect(generaliseRegionCode('440305')).toBe('440300');
    expect(generaliseRegionCode('11010519491231002X', 'province')).toBe('110000');
    expect(generaliseAddress('广东省深圳市南山区科技园南路18号')).toBe('广东省深圳市');
    expect(generaliseAddress('北京市朝阳区建国路88号')).toBe('北京市');
    expect(generaliseAddress('广东省深圳市南山区科技园南路18号', 'province')).toBe('广东省');
    expect(generaliseAddress('不知道')).toBe('unknown');
  });
});

describe('k-anonymity (k ≥ 5 default, PI-22)', () => {
  const rows = [
    ...Array.from({ length: 5 }, () => ({ age: '30-39', city: '440300' })),
    ...Array.from({ length: 2 }, () => ({ age: '40-49', city: '110100' })),
    { age: '60+', city: '440300' },
  ];
  it('returns the violating equivalence classes, smallest first', () => {
    const r = checkKAnonymity(rows, ['age', 'city']);
    expect(r.ok).toBe(false);
    expect(r.classes).toBe(3);
    expect(r.minClassSize).toBe(1);
    expect(r.violating.map((c) => [c.key, c.count, c.rows])).toEqual([
      [{ age: '60+', city: '440300' }, 1, [7]],
      [{ age: '40-49', city: '110100' }, 2, [5, 6]],
    ]);
    expect(checkKAnonymity(rows, ['age', 'city'], 1).ok).toBe(true);
    expect(checkKAnonymity(rows.slice(0, 5), ['age', 'city']).ok).toBe(true);
  });
});

describe('prepareExport', () => {
  const raw = generatePeople(11, 400);
  const people = raw.map((p, i) => ({ ...p, 欠款_fen: BigInt(100_000 + (i % 7) * 900_000) }));
  const base = {
    purpose: 'risk-model-2026q4',
    pseudonymKey: key,
    columns: {
      person: { op: 'pseudonym', from: '身份证号', type: 'id_card' },
      ageBand: { op: 'ageBand', from: '身份证号' },
      province: { op: 'region', from: '身份证号', level: 'province' },
      amount: { op: 'amountBand', from: '欠款_fen' },
    },
    quasiIdentifiers: ['ageBand', 'province'],
    asOf: new Date('2026-11-29'),
  } as const;

  it('outputs only allow-listed, transformed columns when k holds', () => {
    const res = prepareExport(people, { ...base, quasiIdentifiers: ['province'], k: 5 });
    expect(res.kAnonymity.ok).toBe(true);
    expect(Object.keys(res.rows[0]).sort()).toEqual(['ageBand', 'amount', 'person', 'province']);
    const blob = JSON.stringify(res.rows);
    for (const p of raw.slice(0, 50)) {
      expect(blob).not.toContain(p.身份证号);
      expect(blob).not.toContain(p.手机号);
      expect(blob).not.toContain(p.姓名);
    }
  });
  it('refuses with the violating classes when k fails', () => {
    try {
      prepareExport(people.slice(0, 40), { ...base, quasiIdentifiers: ['ageBand', 'province', 'amount'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('PII_K_ANONYMITY_FAILED');
      expect((e as DomainError).rule).toBe('PI-22');
      const v = (e as DomainError).extra!.violating as Array<{ count: number }>;
      expect(v.length).toBeGreaterThan(0);
      expect(v.every((c) => c.count < 5)).toBe(true);
    }
  });
  it('suppresses a small number of violating rows when asked, and re-checks', () => {
    const rows = [...Array.from({ length: 60 }, () => ({ a: 'x' })), { a: 'rare' }];
    const res = prepareExport(rows, { purpose: 'p', pseudonymKey: key, columns: { a: { op: 'keep' } }, quasiIdentifiers: ['a'], onViolation: 'suppress' });
    expect(res.suppressed).toBe(1);
    expect(res.rows.length).toBe(60);
    expect(res.kAnonymity.ok).toBe(true);
    // too many would be suppressed: refuse
    const many = [...rows, ...Array.from({ length: 10 }, (_, i) => ({ a: `r${i}` }))];
    expect(() => prepareExport(many, { purpose: 'p', pseudonymKey: key, columns: { a: { op: 'keep' } }, quasiIdentifiers: ['a'], onViolation: 'suppress' })).toThrow(DomainError);
  });
  it('refuses a kept column that carries direct identifiers, and a QI that is not an output column', () => {
    const rows = Array.from({ length: 10 }, () => ({ note: '已联系13812345678' }));
    expect(() => prepareExport(rows, { purpose: 'p', pseudonymKey: key, columns: { note: { op: 'keep' } }, quasiIdentifiers: [] })).toThrow(/direct identifiers/);
    expect(() => prepareExport(rows, { purpose: 'p', pseudonymKey: randomBytes(32), columns: { note: { op: 'mask', type: 'mobile' } }, quasiIdentifiers: ['city'] })).toThrow(/not an output column/);
  });
});

describe('pseudonyms with HMAC-SM3', () => {
  it('are deterministic and differ from the SHA-256 ones', () => {
    const a = pseudonym(key, 'p', '11010519491231002X', { type: 'id_card', algorithm: 'sm3' });
    expect(pseudonym(key, 'p', '11010519491231002x', { type: 'id_card', algorithm: 'sm3' })).toBe(a);
    expect(pseudonym(key, 'p', '11010519491231002X', { type: 'id_card' })).not.toBe(a);
  });
});
