import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidResidentId, isValidUscc, residentIdCheckChar, usccCheckChar, isValidCnMobile } from './cn-ids.js';

describe('GB 11643 resident ID', () => {
  it('accepts the standard published example and rejects a wrong check char', () => {
    // Example from GB 11643-1999 appendix: 11010519491231002X
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('11010519491231002x')).toBe(true); // lower-case x accepted
  });
  it('rejects impossible birth dates even with a correct check char', () => {
    const base = '11010519490230002';
    expect(isValidResidentId(base + residentIdCheckChar(base))).toBe(false);
  });
  it('any single-digit change of a valid ID is detected', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
      const id = '11010519491231002X';
      const d = (Number(id[pos]) + delta) % 10;
      const changed = id.slice(0, pos) + d + id.slice(pos + 1);
      expect(isValidResidentId(changed)).toBe(false);
    }));
  });
});

describe('GB 32100 unified social credit code', () => {
  it('accepts real published codes', () => {
    expect(isValidUscc('91110000802100433B')).toBe(true); // China Petrochemical Corporation
    expect(isValidUscc('91110000802100433C')).toBe(false);
    expect(isValidUscc('9111000080210043')).toBe(false);
  });
});

describe('mobile', () => {
  it('accepts mainland mobiles only', () => {
    expect(isValidCnMobile('13812345678')).toBe(true);
    expect(isValidCnMobile('+86 138-1234-5678')).toBe(true);
    expect(isValidCnMobile('12812345678')).toBe(false);
  });
});
