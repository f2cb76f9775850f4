import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { residentIdCheckChar } from '../cn-ids.js';
import { detect } from './detect.js';
import { maskText, maskValue } from './mask.js';
import { COMPOUND_SURNAMES, SURNAMES, surnameLength } from './lexicon.js';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
const mobile = fc.tuple(fc.constantFrom('138', '139', '150', '186', '199'), digits(8)).map(([p, d]) => p + d);
const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const idBody = fc.tuple(fc.constantFrom('110105', '440305', '330106'), fc.integer({ min: 1950, max: 2005 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(3))
  .map(([r, y, m, d, s]) => `${r}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${s}`);
const id = idBody.map((b) => b + residentIdCheckChar(b));

/** Replace positions [from, to) of `s` with other digits. */
const mutate = (s: string, from: number, to: number, repl: string) => s.slice(0, from) + repl.slice(0, to - from) + s.slice(to);

describe('masking properties (PI-22)', () => {
  it('is deterministic and reveals nothing of the hidden positions: changing them never changes the mask', () => {
    fc.assert(
      fc.property(id, digits(11), (v, other) => {
        const w = mutate(v, 3, 14, other); // ID: positions 3..13 are hidden
        expect(maskValue('id_card', v)).toBe(maskValue('id_card', v));
        expect(maskValue('id_card', w)).toBe(maskValue('id_card', v));
      }),
    );
    fc.assert(
      fc.property(mobile, digits(4), (v, other) => {
        expect(maskValue('mobile', mutate(v, 3, 7, other))).toBe(maskValue('mobile', v));
        expect(maskValue('mobile', v)).toMatch(/^1\d\d\*{4}\d{4}$/);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(16, 19), digits(19), digits(19), (len, a, b) => {
        const v = '62' + a.slice(0, len - 2);
        const w = '62' + b.slice(0, len - 6) + v.slice(-4);
        expect(maskValue('bank_card', w)).toBe(maskValue('bank_card', v));
        expect(maskValue('bank_card', v)).not.toContain(v.slice(0, 6));
      }),
    );
  });
  it('names keep only the surname; the given name leaves no trace (changing it never changes the mask)', () => {
    const surname = fc.constantFrom(...SURNAMES.slice(0, 100).split(''), ...COMPOUND_SURNAMES.slice(0, 5));
    fc.assert(
      fc.property(surname, fc.array(han, { minLength: 1, maxLength: 2 }), fc.array(han, { minLength: 2, maxLength: 2 }), (s, g, other) => {
        const n = s + g.join('');
        const alt = s + other.slice(0, g.length).join('');
        fc.pre(surnameLength(n) === s.length && surnameLength(alt) === s.length); // e.g. 万 + 俟… reads as 万俟
        const m = maskValue('name', n);
        expect(m).toMatch(/^[^*]+\*+$/);
        expect(m.startsWith(s)).toBe(true);
        expect(m.length).toBe(n.length);
        expect(maskValue('name', alt)).toBe(m);
      }),
    );
  });
  it('maskText removes every mobile and ID from arbitrary surrounding text', () => {
    const filler = fc.array(fc.constantFrom('，', '。', '借款', '电话', ' ', '号码', '已还', 'abc'), { maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(filler, mobile, filler, id, filler, (a, m, b, i, c) => {
        const text = `${a}手机${m}${b}身份证${i}${c}`;
        const out = maskText(text);
        expect(out).not.toContain(m);
        expect(out).not.toContain(i);
        expect(out).not.toContain(i.slice(3, 14));
        expect(maskText(text)).toBe(out);
        // nothing left for the detectors to find in the masked text
        expect(detect(out).filter((f) => f.type === 'mobile' || f.type === 'id_card')).toEqual([]);
      }),
    );
  });
});
