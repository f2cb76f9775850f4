import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detect } from './detect.js';
import { genCard, genMobile, genResidentId, scoreFindings, seededRandom } from './corpus.js';
import { generateFreeform } from './corpus-freeform.js';
import { handCorpus } from './corpus-hand.js';
import { DETECTION_THRESHOLDS } from './uses.js';
import { scrubText } from './mask.js';
import { PII_TYPES } from './types.js';

const names = (t: string) => detect(t).filter((f) => f.type === 'name').map((f) => f.text);
const typed = (t: string) => detect(t).map((f) => [f.type, f.text]);

describe('names without cue words (PI-05)', () => {
  it('finds 2- and 3-character names and compound surnames in running text', () => {
    expect(names('刚和王晓东通完电话，他说下周还。')).toEqual(['王晓东']);
    expect(names('去公司找欧阳娜娜，前台说她不在。')).toEqual(['欧阳娜娜']);
    expect(names('李秀英表示愿意分期。')).toEqual(['李秀英']);
    expect(names('跟刘洋确认了，刘洋同意先还五千。')).toEqual(['刘洋', '刘洋']);
    expect(names('上午联系司马云飞，对方说在开会。')).toEqual(['司马云飞']);
  });
  it('finds romanised names in English text', () => {
    expect(names('Called Zhang Wei twice.')).toEqual(['Zhang Wei']);
    expect(names('Ouyang Nana promised to pay.')).toEqual(['Ouyang Nana']);
  });
  it('leaves brands, parks, places and surname-initial words alone', () => {
    for (const t of ['他在周大福做店员。', '他穿着李宁的衣服。', '公司在张江高科技园区。', '他老婆在王府井上班。', '对方很高兴，说马上转账。',
      '这个王国里没有债务。', '他张开双手说没钱了。', '最近黄金涨了。', '周末不方便，安全起见改短信。', '他原来在林业局工作。', 'Meeting at the Li Ning store.']) {
      expect(names(t), t).toEqual([]);
    }
  });
});

describe('identifiers as people type them (PI-05, PI-20 §6.2)', () => {
  it('mobiles with +86/0086, spaces or hyphens', () => {
    expect(typed('新手机+86 139 1234 5678。')).toEqual([['mobile', '+86 139 1234 5678']]);
    expect(typed('号码0086 13912345678')).toEqual([['mobile', '0086 13912345678']]);
  });
  it('landlines with area codes in the usual forms', () => {
    expect(typed('电话(0571) 8765 4321')).toEqual([['landline', '(0571) 8765 4321']]);
    expect(typed('座机+86 27 89814215')).toEqual([['landline', '+86 27 89814215']]);
    expect(typed('快递已签收。打了0574 4329268')).toEqual([['landline', '0574 4329268']]);
  });
  it('a mistyped card or ID stays a decoy, and no card/mobile is read out of it', () => {
    expect(detect('他报的卡号6222 0212 3456 7890 127对不上。')).toEqual([]);
    expect(detect('证件号330782 19850612 3219，有误。')).toEqual([]);
  });
  it('property: generated IDs (spaced, lowercase x), mobiles (3-4-4) and cards (groups of four) are found', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
      const r = seededRandom(seed);
      const id = genResidentId(r).toLowerCase();
      const idTyped = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
      const m = genMobile(r);
      const mTyped = `+86 ${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
      const card = genCard(r).replace(/(\d{4})(?=\d)/g, '$1 ');
      const f = detect(`身份证${idTyped}，手机${mTyped}，卡号${card}。`);
      expect(f.map((x) => [x.type, x.text])).toEqual([['id_card', idTyped], ['mobile', mTyped], ['bank_card', card]]);
    }), { numRuns: 200 });
  });
  it('property: a card with a wrong Luhn digit is not a card', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 9 }), (seed, d) => {
      const c = genCard(seededRandom(seed));
      const bad = c.slice(0, -1) + String((Number(c.at(-1)) + d) % 10);
      expect(detect(`卡号${bad.replace(/(\d{4})(?=\d)/g, '$1 ')}。`).filter((f) => f.type === 'bank_card')).toEqual([]);
    }), { numRuns: 200 });
  });
});

describe('addresses as written', () => {
  it('from the city or county-level city down to the room, the span covering all of it', () => {
    for (const a of ['义乌市稠城街道工人北路123号', '金华市婺城区宾虹路88号阳光小区3幢2单元501室', '杭州市西湖区文三路259弄12号602室', '慈溪市怡景花园7栋3102室']) {
      expect(typed(`他住${a}，租的。`), a).toEqual([['address', a]]);
    }
  });
});

describe('thresholds per use', () => {
  it('log scrubbing is eager, analytics export strict', () => {
    expect(DETECTION_THRESHOLDS.log_scrub).toBeLessThan(DETECTION_THRESHOLDS.ui_mask);
    expect(DETECTION_THRESHOLDS.analytics_export).toBeGreaterThan(DETECTION_THRESHOLDS.ui_mask);
    expect(scrubText('刚和王晓东通完电话，手机13812345678')).toBe('刚和【姓名】通完电话，手机【手机号】');
  });
});

describe('free-form corpus (held-out split: names, surnames, cities and streets unseen while tuning)', () => {
  const f1 = (c: ReturnType<typeof handCorpus>) => {
    const s = scoreFindings(detect(c.text), c.labels, PII_TYPES);
    const tp = s.reduce((a, x) => a + x.tp, 0);
    const fp = s.reduce((a, x) => a + x.fp, 0);
    const fn = s.reduce((a, x) => a + x.fn, 0);
    const p = tp / (tp + fp);
    const r = tp / (tp + fn);
    return { f1: (2 * p * r) / (p + r), name: s.find((x) => x.type === 'name')! };
  };
  it('held-out: F1 ≥ 0.99 overall, names recall ≥ 0.99 at precision ≥ 0.99', () => {
    const { f1: f, name } = f1(generateFreeform('heldout', 11, 60_000));
    expect(f).toBeGreaterThanOrEqual(0.99);
    expect(name.recall).toBeGreaterThanOrEqual(0.99);
    expect(name.precision).toBeGreaterThanOrEqual(0.99);
  });
  it('hand-written lines: F1 ≥ 0.98', () => {
    expect(f1(handCorpus()).f1).toBeGreaterThanOrEqual(0.98);
  });
});
