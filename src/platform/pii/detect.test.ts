import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../cn-ids.js';
import { detect, isPlausibleCardNumber, luhnValid, usccPlausibility } from './detect.js';
import { detectInField, typeFromHeader } from './fields.js';
import { generateCorpus, scoreFindings } from './corpus.js';
import { PII_TYPES, type PiiType } from './types.js';

const types = (text: string) => detect(text).map((f) => [f.type, f.text]);

describe('detect: identifiers with checksums (PI-05, PI-20 §6.2)', () => {
  it('finds an 18-digit ID with a valid check character, date and region', () => {
    expect(types('身份证号11010519491231002X。')).toEqual([['id_card', '11010519491231002X']]);
    expect(types('身份证号11010519491231002x')).toEqual([['id_card', '11010519491231002x']]);
  });
  it('rejects IDs with a wrong check char, impossible birth date or unknown region', () => {
    expect(detect('编号110105194912310021').filter((f) => f.type === 'id_card')).toEqual([]);
    const badDate = '11010519490230002';
    expect(detect(`证件${badDate}${residentIdCheckChar(badDate)}`).filter((f) => f.type === 'id_card')).toEqual([]);
    const badRegion = '00010519491231002';
    expect(detect(`证件${badRegion}${residentIdCheckChar(badRegion)}`).filter((f) => f.type === 'id_card')).toEqual([]);
  });
  it('handles full-width digits and grouped IDs, with offsets into the original text', () => {
    const text = '证件：１１０１０５１９４９１２３１００２Ｘ，另 110105 19491231 002X';
    const f = detect(text);
    expect(f.map((x) => x.type)).toEqual(['id_card', 'id_card']);
    expect(text.slice(f[0].start, f[0].end)).toBe('１１０１０５１９４９１２３１００２Ｘ');
    expect(f[1].text).toBe('110105 19491231 002X');
  });
  it('finds mobiles in the usual written forms and not inside longer numbers', () => {
    expect(types('手机13812345678')).toEqual([['mobile', '13812345678']]);
    expect(types('电话 +86 138-1234-5678 。')).toEqual([['mobile', '+86 138-1234-5678']]);
    expect(types('tel 138 1234 5678')).toEqual([['mobile', '138 1234 5678']]);
    expect(types('单号138123456789012')).toEqual([]);
    expect(types('12812345678')).toEqual([]);
    // digits spaced one by one are not joined (also keeps adversarial "1 1 1 1 …" input linear)
    expect(types('1 3 8 1 2 3 4 5 6 7 8')).toEqual([]);
  });
  it('finds landlines with area codes', () => {
    expect(types('座机010-65432100')).toEqual([['landline', '010-65432100']]);
    expect(types('座机（0755）86001234')).toEqual([['landline', '（0755）86001234']]);
    expect(types('客服95588，热线400-820-8820')).toEqual([]);
  });
  it('finds bank cards by Luhn + plausible BIN and length, grouped or not', () => {
    expect(luhnValid('6222021234567890128')).toBe(true);
    expect(isPlausibleCardNumber('6222021234567890128')).toBe(true);
    expect(isPlausibleCardNumber('6222021234567890127')).toBe(false); // Luhn fails
    expect(isPlausibleCardNumber('1222021234567890125')).toBe(false); // no such BIN
    expect(types('卡号6222 0212 3456 7890 128')).toEqual([['bank_card', '6222 0212 3456 7890 128']]);
    expect(types('卡号 4563 5100 0000 0009')).toEqual([['bank_card', '4563 5100 0000 0009']]);
  });
  it('lowers card/phone confidence after order/serial cues so they fall under the default threshold', () => {
    expect(detect('订单号6222021234567890128').length).toBe(0);
    expect(detect('订单号6222021234567890128', { minConfidence: 0 })[0].type).toBe('bank_card');
  });
  it('finds unified social credit codes and checks the embedded organisation code', () => {
    expect(types('统一社会信用代码：91110000802100433B')).toEqual([['uscc', '91110000802100433B']]);
    expect(types('统一社会信用代码：91110000802100433C')).toEqual([]);
    // publicly listed codes of large companies: both the GB 32100 and the embedded GB 11714 check hold
    for (const c of ['91110000802100433B', '9144030071526726XG', '91330100799655058B', '91440300708461136T', '914403001922038216']) {
      expect(usccPlausibility(c), c).toBe(0.97);
    }
    expect(usccPlausibility('911100008021004399')).toBe(0.45); // org code 80210043-9: wrong check
  });
  it('finds e-mail addresses before phone numbers inside them', () => {
    expect(types('邮箱13812345678@qq.com。')).toEqual([['email', '13812345678@qq.com']]);
    expect(types('mail zhang.san_01@corp.com.cn,')).toEqual([['email', 'zhang.san_01@corp.com.cn']]);
  });
  it('finds ordinary and new-energy licence plates', () => {
    expect(types('车牌粤B12345')).toEqual([['plate', '粤B12345']]);
    expect(types('新能源粤BD12345、京A12345F')).toEqual([['plate', '粤BD12345'], ['plate', '京A12345F']]);
    expect(types('京A·8K2J9')).toEqual([['plate', '京A·8K2J9']]);
    expect(types('京ABCDEF')).toEqual([]); // ordinary plates carry at most 2 letters
  });
});

describe('detect: names and addresses (heuristic)', () => {
  it('reads names after cues and before titles', () => {
    expect(types('借款人张三于2023年借款')).toEqual([['name', '张三']]);
    expect(types('姓名：欧阳娜娜，')).toEqual([['name', '欧阳娜娜']]);
    expect(types('请联系王小明先生')).toEqual([['name', '王小明']]);
    expect(types('转入李华名下银行卡')).toEqual([['name', '李华']]);
    expect(types('借款人买买提·吐尔逊已签收')).toEqual([['name', '买买提·吐尔逊']]);
  });
  it('does not take places or ordinary words after a cue for names', () => {
    expect(types('债权人郑州市某公司')).toEqual([]);
    expect(types('借款人周末无法接听')).toEqual([]);
    expect(types('借款人应当按期还款')).toEqual([]);
  });
  it('finds street-level addresses, with or without a cue, and not institutions', () => {
    expect(types('家住北京市朝阳区建国路88号院3号楼2单元502室。')).toEqual([['address', '北京市朝阳区建国路88号院3号楼2单元502室']]);
    expect(types('位于深圳市南山区科技园南路18号。')).toEqual([['address', '深圳市南山区科技园南路18号']]);
    expect(types('住址：湖南省邵阳市隆回县桃花镇张家村3组12号')).toEqual([['address', '湖南省邵阳市隆回县桃花镇张家村3组12号']]);
    expect(types('本案由北京市朝阳区人民法院受理')).toEqual([]);
    expect(types('深圳市南山区腾飞科技有限公司')).toEqual([]);
    expect(types('户籍所在地为广东省')).toEqual([]);
    expect(types('住东莞市中山路963号。')).toEqual([['address', '东莞市中山路963号']]);
    expect(types('城市道路建设')).toEqual([]); // bare 市 + street without a house number
  });
});

describe('detectInField: structured values', () => {
  it('maps headers to types', () => {
    expect(typeFromHeader('身份证号')).toBe('id_card');
    expect(typeFromHeader('手机号码')).toBe('mobile');
    expect(typeFromHeader('家庭住址')).toBe('address');
    expect(typeFromHeader('借款人姓名')).toBe('name');
    expect(typeFromHeader('金额')).toBeNull();
  });
  it('classifies a whole cell by its header and falls back to free-text detection', () => {
    expect(detectInField('张三', '姓名').map((f) => f.type)).toEqual(['name']);
    expect(detectInField(' 138 1234 5678 ', '联系电话')[0]).toMatchObject({ type: 'mobile', text: '138 1234 5678', start: 1 });
    expect(detectInField('010-65432100', '电话')[0].type).toBe('landline');
    expect(detectInField('上海市浦东新区世纪大道100号', 'address')[0].type).toBe('address');
    expect(detectInField('已还款，电话13812345678', '备注').map((f) => f.type)).toEqual(['mobile']);
    expect(detectInField('不是身份证', '身份证号')).toEqual([]);
  });
});

describe('detect: labelled corpus precision/recall (generated, seeded)', () => {
  // Thresholds: checksum-backed types must be ≥ 0.95 on both. Names and addresses are cue/lexicon heuristics:
  // the corpus deliberately contains cue-less names (expected misses) and surname-initial ordinary words.
  const BARS: Record<PiiType, [precision: number, recall: number]> = {
    id_card: [0.95, 0.95],
    mobile: [0.95, 0.95],
    bank_card: [0.95, 0.95],
    email: [0.95, 0.95],
    uscc: [0.95, 0.95],
    landline: [0.9, 0.9],
    plate: [0.9, 0.9],
    name: [0.85, 0.75],
    address: [0.85, 0.8],
  };
  for (const seed of [1, 2]) {
    it(`meets the per-type bars on corpus seed ${seed}`, () => {
      const c = generateCorpus(seed, 60_000);
      const scores = scoreFindings(detect(c.text), c.labels, PII_TYPES);
      for (const s of scores) {
        expect(s.labels, `${s.type} has labels`).toBeGreaterThan(10);
        expect(s.precision, `${s.type} precision`).toBeGreaterThanOrEqual(BARS[s.type][0]);
        expect(s.recall, `${s.type} recall`).toBeGreaterThanOrEqual(BARS[s.type][1]);
      }
    });
  }
  it('the scorer can fail: an empty result has zero recall and shifted spans are not matches', () => {
    const c = generateCorpus(3, 5_000);
    const s = scoreFindings([], c.labels, ['mobile']);
    expect(s[0].recall).toBe(0);
    const shifted = c.labels.filter((l) => l.type === 'id_card').map((l) => ({ ...l, start: l.end, end: l.end + 18, confidence: 1 }));
    expect(scoreFindings(shifted, c.labels, ['id_card'])[0].tp).toBe(0);
  });
  it('the generator is deterministic per seed and labels point at their text', () => {
    const a = generateCorpus(7, 3_000);
    expect(generateCorpus(7, 3_000)).toEqual(a);
    expect(generateCorpus(8, 3_000).text).not.toBe(a.text);
    for (const l of a.labels) expect(a.text.slice(l.start, l.end)).toBe(l.text);
  });
});
