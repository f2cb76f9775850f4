import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toCapitals, parseCapitals, MAX_CAPITALS_FEN } from './capital-numerals.js';

const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_CAPITALS_FEN }),
  fc.bigInt({ min: 0n, max: 10_000_000n }),
  // amounts with many zeros stress the 零 rules
  fc.array(fc.constantFrom<bigint>(0n, 0n, 0n, 1n, 5n, 9n), { minLength: 1, maxLength: 13 }).map((ds) => ds.reduce((a, d) => a * 10n + d, 0n)),
);

describe('capital numerals properties', () => {
  it('round-trips: parseCapitals(toCapitals(x)) = x', () => {
    fc.assert(fc.property(amount, (x) => parseCapitals(toCapitals(x)) === x), { numRuns: 2000 });
  });
  it('never writes 零零, never ends in 零, 整 exactly when there is no 分, always 人民币 prefix', () => {
    fc.assert(
      fc.property(amount, (x) => {
        const s = toCapitals(x);
        expect(s.startsWith('人民币')).toBe(true);
        expect(s).not.toMatch(/零零/);
        if (x !== 0n) expect(s).not.toMatch(/零[整元万亿]/);
        expect(s.endsWith('整')).toBe(x % 10n === 0n);
        expect(s).not.toMatch(/[^壹贰叁肆伍陆柒捌玖]拾/); // no bare 拾 (always 壹拾)
      }),
      { numRuns: 1000 },
    );
  });
});
