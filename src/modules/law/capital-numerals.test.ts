import { describe, expect, it } from 'vitest';
import { toCapitals, parseCapitals, formatFigures } from './capital-numerals.js';

const y = (s: string) => BigInt(Math.round(Number(s) * 100)); // test-only helper for small literals

describe('capital numerals (D0 closing block)', () => {
  it.each([
    ['100000.00', '人民币壹拾万元整'],
    ['1680.32', '人民币壹仟陆佰捌拾元叁角贰分'], // PBOC example
    ['107000.53', '人民币壹拾万柒仟元伍角叁分'], // PBOC example (form without 零)
    ['325.04', '人民币叁佰贰拾伍元零肆分'], // PBOC example
    ['6007.14', '人民币陆仟零柒元壹角肆分'], // PBOC example
    ['1409.50', '人民币壹仟肆佰零玖元伍角整'],
    ['10.00', '人民币壹拾元整'],
    ['0.00', '人民币零元整'],
    ['0.05', '人民币伍分'],
    ['0.50', '人民币伍角整'],
    ['10010.00', '人民币壹万零壹拾元整'],
    ['1000500.00', '人民币壹佰万零伍佰元整'],
    ['100000001.00', '人民币壹亿零壹元整'],
    ['105000000.00', '人民币壹亿零伍佰万元整'],
    ['120000000.00', '人民币壹亿贰仟万元整'],
    ['123456789.01', '人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分'],
  ])('%s → %s and back', (amount, text) => {
    expect(toCapitals(y(amount))).toBe(text);
    expect(parseCapitals(text)).toBe(y(amount));
  });

  it('parses the alternative forms (元零角, 正, no prefix)', () => {
    expect(parseCapitals('人民币壹拾万柒仟元零伍角叁分')).toBe(10_700_053n);
    expect(parseCapitals('壹仟元正')).toBe(100_000n);
  });

  it('refuses negative, too large and garbage', () => {
    expect(() => toCapitals(-1n)).toThrow(expect.objectContaining({ code: 'LAW_AMOUNT_INVALID' }));
    expect(() => toCapitals(10n ** 14n)).toThrow(expect.objectContaining({ code: 'LAW_AMOUNT_TOO_LARGE' }));
    expect(() => parseCapitals('一百元')).toThrow(expect.objectContaining({ code: 'LAW_CAPITALS_UNPARSEABLE' }));
    expect(() => parseCapitals('')).toThrow(expect.objectContaining({ code: 'LAW_CAPITALS_UNPARSEABLE' }));
  });

  it('formats figures with separators', () => {
    expect(formatFigures(10_000_000n)).toBe('¥100,000.00');
    expect(formatFigures(123_456_789n)).toBe('¥1,234,567.89');
    expect(formatFigures(5n)).toBe('¥0.05');
  });
});
