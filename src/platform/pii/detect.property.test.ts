import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detect } from './detect.js';
import { genCard, genMobile, genResidentId, genName, genAddress, seededRandom } from './corpus.js';
import { parseAddress } from './address.js';

const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('借款人', '先生', '住址：', '卡号', '订单号', '手机', '，', '。', ' ', '-', '+86', '１３８', 'X', '市', '区', '路', '号'),
  fc.integer({ min: 1, max: 1e6 }).map((s) => {
    const r = seededRandom(s);
    return [genMobile(r), genResidentId(r), genCard(r), genName(r), genAddress(r).text][s % 5];
  }),
);

describe('detect: structural properties', () => {
  it('never throws; findings are in order, non-overlapping, inside the input, and text is the slice', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const input = parts.join('');
        const f = detect(input, { minConfidence: 0 });
        let prevEnd = 0;
        for (const x of f) {
          expect(x.start).toBeGreaterThanOrEqual(prevEnd);
          expect(x.end).toBeGreaterThan(x.start);
          expect(x.end).toBeLessThanOrEqual(input.length);
          expect(x.text).toBe(input.slice(x.start, x.end));
          expect(x.confidence).toBeGreaterThan(0);
          expect(x.confidence).toBeLessThanOrEqual(1);
          prevEnd = x.end;
        }
      }),
      { numRuns: 200 },
    );
  });
  it('a generated mobile/ID/card between arbitrary Chinese text is found exactly', () => {
    const han = fc.array(fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), { maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(han, fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 2 }), han, (a, seed, k, b) => {
        const r = seededRandom(seed);
        const [type, v] = ([['mobile', genMobile(r)], ['id_card', genResidentId(r)], ['bank_card', genCard(r)]] as const)[k];
        const f = detect(`${a}，${v}。${b}`).filter((x) => x.type === type);
        expect(f.map((x) => x.text)).toEqual([v]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseAddress', () => {
  it('splits province / city / district / street parts', () => {
    expect(parseAddress('北京市朝阳区建国路88号院3号楼')).toMatchObject({ province: '北京市', district: '朝阳区', streetParts: 3 }); // 建国路 · 88号院 · 3号楼
    expect(parseAddress('北京市朝阳区建国路88号').city).toBeUndefined(); // municipality: no city level
    expect(parseAddress('云南省大理白族自治州大理市文化路440号')).toMatchObject({ province: '云南省', city: '大理白族自治州', district: '大理市', streetParts: 2 });
    expect(parseAddress('浙江省温州市瑞安市桃花镇张家村3组12号')).toMatchObject({ city: '温州市', district: '瑞安市', streetParts: 4 });
    expect(parseAddress('上海市浦东新区世纪大道100号')).toMatchObject({ district: '浦东新区' });
    expect(parseAddress('北京市朝阳区人民法院').institution).toBe(true);
    const a = parseAddress('住在广东省深圳市南山区科技园南路18号的', 2);
    expect(a.end).toBe('住在广东省深圳市南山区科技园南路18号'.length);
    expect(a.cityEnd).toBe('住在广东省深圳市'.length);
  });
});
