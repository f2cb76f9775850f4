// PI-07 (issue 9): the free-text scrubbing every module's retention purge uses. Property tests: no needle survives
// anywhere in a scrubbed JSON value, the structure (keys, array lengths, non-string leaves) is unchanged, ids and
// dates outside free-text keys stay, and scrubbing twice changes nothing more.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FREE_TEXT_KEYS, PURGED, holdsPersonalData, prepareNeedles, scrubJson } from './purge-text.js';

const NEEDLES = ['欧阳澜清', '330106198001010011', '13977104242', 'lanqing@example.cn'];
const shape = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(shape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v === 'string' ? 's' : v;

const key = fc.constantFrom('caseId', 'holdId', 'kind', 'to', 'at', 'reason', 'note', 'what', 'amountFen', 'reference', 'detail', 'x');
const plain = fc.constantFrom('closed', 'legal_hold', 'case_01m8k9a0b01xx8z9gjrc9vqayg', '2026-11-29T09:17:58.342Z', '1500.00', 'paid', '', '已结案');
const withNeedle = fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...NEEDLES), fc.string({ maxLength: 6 })).map(([a, n, b]) => `${a}${n}${b}`);
const leaf = fc.oneof(plain, withNeedle, fc.integer(), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 5 })),
})).node;

describe('scrubJson (PI-07 purge of free text in JSON)', () => {
  it('no needle survives; structure and non-string leaves unchanged; idempotent', () => {
    fc.assert(fc.property(json, (v) => {
      const needles = prepareNeedles(NEEDLES);
      const s = scrubJson(v, needles);
      const text = JSON.stringify(s.value) ?? '';
      for (const n of NEEDLES) expect(text.includes(n)).toBe(false);
      expect(shape(s.value)).toEqual(shape(v));
      expect(scrubJson(s.value, needles).changed).toBe(false);
      if (!s.changed) expect(s.value).toEqual(v);
    }), { numRuns: 300 });
  });

  it('keeps ids, enums, dates and amounts outside free-text keys; erases free-text keys and detected personal data', () => {
    const ev = { type: 'transitioned', to: 'closed', closeReason: 'paid', caseId: 'case_01m8k9a0b01xx8z9gjrc9vqayg', at: '2026-11-29T09:17:58.342Z', amount: '1500.00',
      reason: '结清', data: { note: '无', who: '客户手机13912345678已停机' } };
    const s = scrubJson(ev, []);
    expect(s.value).toEqual({ ...ev, reason: PURGED, data: { note: PURGED, who: PURGED } });
    expect(FREE_TEXT_KEYS.has('closeReason')).toBe(false);
  });

  it('needles: phone numbers also match as bare digits; too-short needles are ignored', () => {
    expect(prepareNeedles(['+86 139-7710-4242', '王', ' '])).toEqual(expect.arrayContaining(['+86 139-7710-4242', '13977104242']));
    expect(prepareNeedles(['王'])).toEqual([]);
    expect(holdsPersonalData('付款 13977104242', prepareNeedles(['+86 139-7710-4242']))).toBe(true);
    expect(holdsPersonalData('case_01m8k9a0b01xx8z9gjrc9vqayg', [])).toBe(false);
    expect(holdsPersonalData('a1166948b1a81cf2312e75285e5daed58cd6598b096ab9e17ef30fe967a3a858', [])).toBe(false);
  });
});
