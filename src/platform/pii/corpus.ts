// Seeded generator of a LABELLED corpus of Chinese collection-style text, and the precision/recall scorer used by
// the detector tests and bench/pii.ts. The noise is deliberate: spaced/hyphenated numbers, full-width digits, +86,
// lower-case x, English fragments, and decoys (order/serial numbers, dates, amounts, case numbers, court and company
// names, service numbers) that look like personal data but are not. Decoys are random, not re-rolled, so a decoy
// that happens to pass a checksum is an honest false positive.
import { residentIdCheckChar, usccCheckChar } from '../cn-ids.js';
import { COMPOUND_SURNAMES, SURNAMES } from './lexicon.js';
import type { Finding, PiiType } from './types.js';

export interface Label {
  type: PiiType;
  start: number;
  end: number;
  text: string;
}

export interface Corpus {
  text: string;
  labels: Label[];
}

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const digits = (r: Rng, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
  return s;
};
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Real province/city/district triples with their GB/T 2260 codes (city '' for municipalities). */
export const REGIONS: ReadonlyArray<[province: string, city: string, district: string, code: string]> = [
  ['北京市', '', '朝阳区', '110105'], ['北京市', '', '海淀区', '110108'], ['上海市', '', '浦东新区', '310115'],
  ['上海市', '', '徐汇区', '310104'], ['天津市', '', '和平区', '120101'], ['重庆市', '', '渝中区', '500103'],
  ['广东省', '深圳市', '南山区', '440305'], ['广东省', '广州市', '天河区', '440106'], ['广东省', '东莞市', '', '441900'],
  ['浙江省', '杭州市', '西湖区', '330106'], ['浙江省', '宁波市', '鄞州区', '330212'], ['浙江省', '温州市', '瑞安市', '330381'],
  ['江苏省', '南京市', '鼓楼区', '320106'], ['江苏省', '苏州市', '姑苏区', '320508'], ['四川省', '成都市', '武侯区', '510107'],
  ['四川省', '绵阳市', '涪城区', '510703'], ['四川省', '凉山彝族自治州', '西昌市', '513401'], ['湖北省', '武汉市', '洪山区', '420111'],
  ['山东省', '济南市', '历下区', '370102'], ['河南省', '郑州市', '金水区', '410105'], ['河南省', '洛阳市', '老城区', '410302'],
  ['湖南省', '长沙市', '岳麓区', '430104'], ['湖南省', '邵阳市', '隆回县', '430524'], ['福建省', '厦门市', '思明区', '350203'],
  ['陕西省', '西安市', '雁塔区', '610113'], ['辽宁省', '沈阳市', '和平区', '210102'], ['河北省', '石家庄市', '长安区', '130102'],
  ['河北省', '保定市', '涿州市', '130681'], ['安徽省', '合肥市', '蜀山区', '340104'], ['江西省', '南昌市', '东湖区', '360102'],
  ['云南省', '昆明市', '五华区', '530102'], ['云南省', '大理白族自治州', '大理市', '532901'],
  ['广西壮族自治区', '南宁市', '青秀区', '450103'], ['内蒙古自治区', '呼和浩特市', '新城区', '150102'],
  ['新疆维吾尔自治区', '乌鲁木齐市', '天山区', '650102'], ['贵州省', '贵阳市', '云岩区', '520103'],
  ['黑龙江省', '哈尔滨市', '南岗区', '230103'], ['吉林省', '长春市', '朝阳区', '220104'], ['山西省', '太原市', '小店区', '140105'],
  ['甘肃省', '兰州市', '城关区', '620102'], ['海南省', '海口市', '龙华区', '460106'],
];

const ROADS = ['建国路', '人民路', '解放路', '中山路', '和平路', '长江路', '黄河路', '新华路', '文化路', '胜利路', '科技园南路', '世纪大道', '南京西路', '淮海中路', '天府大道', '东风路', '光明街', '幸福街', '朝阳北路', '青年路', '学府路', '滨江大道', '五一路', '北京东路'];
const COMMUNITIES = ['阳光花园', '锦绣小区', '翠苑', '金色家园', '幸福里小区', '绿城公寓', '东方大厦', '华府', '新城国际', '怡景花园'];
const TOWNS = ['城关镇', '桃花镇', '马家乡', '新安镇', '石门镇'];
const VILLAGES = ['张家村', '李庄村', '高桥村', '红旗村', '大王村'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '玉兰', '志强', '海燕', '俊', '鹏', '浩', '宇', '欣', '婷', '雪', '晨', '子涵', '梓轩', '一诺', '思雨', '佳怡', '建国', '国强', '晓东', '小红', '春梅', '立新', '振华', '晓月', '志成', '国庆', '建新', '丹', '琳', '凯', '斌', '辉', '慧'];
const MOBILE_PREFIX = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '170', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '193', '195', '198', '199'];
const AREA = ['010', '021', '020', '022', '023', '024', '027', '028', '029', '0755', '0571', '0531', '0371', '0731', '0592', '0769', '0512'];
const BINS: ReadonlyArray<[string, number]> = [['622202', 19], ['622208', 19], ['621226', 19], ['622700', 19], ['621700', 19], ['622848', 19], ['622588', 16], ['621483', 16], ['622262', 19], ['621661', 19], ['601382', 19], ['456351', 16], ['436742', 16], ['524091', 16], ['518710', 16], ['955880', 19], ['625906', 16]];
const DOMAINS = ['qq.com', '163.com', '126.com', 'gmail.com', 'sina.com', 'foxmail.com', 'hotmail.com', 'example.cn', 'corp.com.cn'];
const PINYIN = ['zhang', 'wang', 'li', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'lin', 'he', 'gao', 'luo'];
const PLATE_PROV = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_L = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const USCC_CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const COMPANY = ['腾飞科技', '华信商贸', '鼎盛投资', '恒通物流', '金桥建设', '瑞丰食品', '博远信息'];

const toFullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

// ---- value generators (valid values) ----------------------------------------------------------------------------

export function genResidentId(r: Rng): string {
  const region = pick(r, REGIONS)[3];
  const y = int(r, 1955, 2004);
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  const body = `${region}${y}${pad(m, 2)}${pad(d, 2)}${digits(r, 3)}`;
  return body + residentIdCheckChar(body);
}
export const genMobile = (r: Rng) => pick(r, MOBILE_PREFIX) + digits(r, 8);
export const genLandline = (r: Rng): [string, string] => {
  const a = pick(r, AREA);
  return [a, String(int(r, 2, 8)) + digits(r, a.length === 3 ? 7 : pick(r, [6, 7]))];
};
export function genCard(r: Rng): string {
  const [bin, len] = pick(r, BINS);
  const body = bin + digits(r, len - bin.length - 1);
  return body + luhnDigit(body);
}
export function genUscc(r: Rng): string {
  // registration authority + type, region, GB 11714 organisation code (8 digits + its mod-11 check)
  let body = pick(r, ['91', '92', '93', '52', '12', '11']) + pick(r, REGIONS)[3];
  const org = digits(r, 8);
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const c = 11 - ([...org].reduce((s, d, i) => s + Number(d) * w[i], 0) % 11);
  body += org + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
  return body + usccCheckChar(body);
}
export const genEmail = (r: Rng) => `${pick(r, PINYIN)}${pick(r, ['', '.', '_'])}${pick(r, PINYIN)}${r() < 0.5 ? digits(r, int(r, 1, 4)) : ''}@${pick(r, DOMAINS)}`;
export function genPlate(r: Rng): string {
  const head = pick(r, [...PLATE_PROV]) + PLATE_L[int(r, 0, 11)];
  if (r() < 0.25) return head + (r() < 0.5 ? pick(r, ['D', 'F']) + digits(r, 5) : digits(r, 5) + pick(r, ['D', 'F']));
  let tail = '';
  let letters = 0;
  for (let i = 0; i < 5; i++) {
    if (letters < 2 && r() < 0.2) {
      tail += PLATE_L[int(r, 0, PLATE_L.length - 1)];
      letters++;
    } else tail += digits(r, 1);
  }
  return head + tail;
}
export function genName(r: Rng): string {
  const sur = r() < 0.03 ? pick(r, COMPOUND_SURNAMES) : SURNAMES[Math.floor(Math.pow(r(), 2) * 120)];
  return sur + pick(r, GIVEN);
}
export function genAddress(r: Rng): { text: string; region: (typeof REGIONS)[number] } {
  const region = pick(r, REGIONS);
  const [p, c, d] = region;
  let s = r() < 0.8 || !c ? p : '';
  s += c + d;
  if (d.endsWith('县') || r() < 0.15) {
    s += `${pick(r, TOWNS)}${pick(r, VILLAGES)}${int(r, 1, 12)}组${int(r, 1, 99)}号`;
  } else {
    s += `${pick(r, ROADS)}${int(r, 1, 999)}号`;
    const k = r();
    if (k < 0.4) s += `${pick(r, COMMUNITIES)}${int(r, 1, 30)}栋${int(r, 1, 4)}单元${int(r, 1, 33)}0${int(r, 1, 6)}室`;
    else if (k < 0.6) s += `${int(r, 1, 20)}号楼${int(r, 1, 33)}0${int(r, 1, 6)}室`;
  }
  return { text: s, region };
}

// ---- noise ---------------------------------------------------------------------------------------------------

function noisyMobile(r: Rng, m: string): string {
  const k = r();
  if (k < 0.45) return m;
  if (k < 0.6) return `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
  if (k < 0.72) return `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
  if (k < 0.85) return `+86 ${m}`;
  return toFullWidth(m);
}
function noisyId(r: Rng, id: string): string {
  const k = r();
  if (k < 0.6) return id;
  if (k < 0.75) return toFullWidth(id);
  if (k < 0.85) return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  return id.toLowerCase();
}
function noisyCard(r: Rng, c: string): string {
  if (r() < 0.55) return c;
  return c.replace(/(\d{4})(?=\d)/g, '$1 ');
}
function noisyLandline(r: Rng, [a, n]: [string, string]): string {
  return pick(r, [`${a}-${n}`, `(${a})${n}`, `（${a}）${n}`, `${a} ${n}`, `${a}${n}`]);
}

// ---- document assembly -------------------------------------------------------------------------------------------

type Piece = string | { type: PiiType; text: string };

const FILLER = [
  '经多次电话沟通，债务人表示近期资金紧张，承诺下月还款。',
  '本次通话已全程录音，催收员态度平和，未使用威胁性语言。',
  '根据合同约定，逾期利息按年利率百分之十五计算。',
  '客户称已通过网银转账，请财务核对到账情况。',
  '如对本通知有异议，请于收到之日起七日内联系我司。',
  '该案件已进入诉前调解程序，调解员将另行联系双方。',
  'The debtor requested a payment plan; follow-up scheduled next week.',
  '借款人应当按期足额归还借款本金及利息。',
  '本函仅作为催告通知，不构成对任何权利的放弃。',
  '我司将依法保护您的个人信息安全。',
];

/** Pieces of one sentence: PII pieces carry labels, strings are context (including decoys). */
function sentence(r: Rng): Piece[] {
  const name = () => ({ type: 'name' as const, text: genName(r) });
  const mobile = () => ({ type: 'mobile' as const, text: noisyMobile(r, genMobile(r)) });
  const id = () => ({ type: 'id_card' as const, text: noisyId(r, genResidentId(r)) });
  const card = () => ({ type: 'bank_card' as const, text: noisyCard(r, genCard(r)) });
  const addr = () => ({ type: 'address' as const, text: genAddress(r).text });
  const amount = () => (r() < 0.5 ? `${int(r, 1, 999)},${pad(int(r, 0, 999), 3)}.${pad(int(r, 0, 99), 2)}` : String(int(r, 100, 99999999)));
  const date = () => (r() < 0.5 ? `${int(r, 2015, 2026)}年${int(r, 1, 12)}月${int(r, 1, 28)}日` : `${int(r, 2015, 2026)}-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)}`);
  switch (int(r, 0, 35)) {
    case 0: return ['借款人', name(), '，身份证号', id(), '，手机', mobile(), '。'];
    case 1: return ['经核实，', name(), pick(r, ['先生', '女士']), '的联系电话为', mobile(), '，现住址', addr(), '。'];
    case 2: return ['请将款项转入', name(), '名下银行卡', card(), '（开户行：中国工商银行）。'];
    case 3: return ['紧急联系人：', name(), '，电话：', mobile(), '。'];
    case 4: return ['电子邮箱：', { type: 'email', text: genEmail(r) }, '；备用邮箱 ', { type: 'email', text: genEmail(r) }, '。'];
    case 5: return ['名下车辆', { type: 'plate', text: genPlate(r) }, '已于', date(), '被查封。'];
    case 6: return [`债权人${pick(r, REGIONS)[1] || '北京'}${pick(r, COMPANY)}有限公司（统一社会信用代码：`, { type: 'uscc', text: genUscc(r) }, '）。'];
    case 7: return ['送达地址：', addr(), '，收件人', name(), '。'];
    case 8: return ['客户', name(), '于', date(), '借款人民币', amount(), '元。'];
    case 9: return ['其工作单位位于', addr(), '。'];
    case 10: return ['Contact: ', { type: 'email', text: genEmail(r) }, ', Tel ', mobile(), '.'];
    case 11: return ['公司座机', { type: 'landline', text: noisyLandline(r, genLandline(r)) }, '，工作时间可拨打。'];
    case 12: return ['还款账户', card(), '，户名', name(), '。'];
    case 13: return ['被告', name(), '，男，', String(int(r, 1955, 2004)), '年出生，公民身份号码', id(), '，住', addr(), '。'];
    // decoys
    case 14: return [`订单号：${digits(r, 8)}${digits(r, 10)}，金额￥${amount()}元。`];
    case 15: return [`交易流水号${pick(r, ['62', '43', '52'])}${digits(r, 17)}，交易时间${date()}。`];
    case 16: return [`合同编号HT${digits(r, 14)}，案号（${int(r, 2018, 2026)}）京0105民初${int(r, 100, 99999)}号。`];
    case 17: return [`本案由${pick(r, REGIONS).slice(0, 3).join('')}人民法院受理，诉讼费${amount()}元。`];
    case 18: return [`客服电话95588或400-${digits(r, 3)}-${digits(r, 4)}，工号${digits(r, 5)}。`];
    case 19: return [`时间戳${int(r, 1600000000, 1799999999)}${digits(r, 3)}，批次${digits(r, 12)}。`];
    case 20: return [`${pick(r, REGIONS)[1] || '上海市'}${pick(r, COMPANY)}有限公司向${pick(r, ['张家界', '王府井', '李家沱'])}分公司发函。`];
    case 21: return [`快递单号SF${digits(r, 12)}，运单号${digits(r, 13)}。`];
    case 22: return [`凭证号${digits(r, 18)}，发票号码${digits(r, 8)}。`];
    case 23: return [`截至${date()}，尚欠本金${amount()}元、利息${amount()}元，共计${int(r, 2, 40)}期。`];
    // names without any cue (the detector is cue-driven: these are expected misses)
    case 24: return ['今天下午与', name(), '通话，对方表示会尽快处理。'];
    // cue words followed by ordinary words that start with a surname character
    case 25: return [pick(r, ['债务人高度配合催收工作。', '客户黄金积存账户已冻结。', '原告方向本院提交了新证据。', '借款人周末无法接听电话。', '联系人数量超过三人时需审批。'])];
    // harder positives: (+86) prefix, extensions, dashed cards, minority names without a listed surname
    case 26: return ['联系电话', { type: 'mobile', text: `(+86)${genMobile(r)}` }, '，总机', { type: 'landline', text: `${noisyLandline(r, genLandline(r))}-${int(r, 100, 8999)}` }, '。'];
    case 27: return ['卡号', { type: 'bank_card', text: genCard(r).replace(/(\d{4})(?=\d)/g, '$1-') }, '。'];
    case 28: return ['借款人', { type: 'name', text: pick(r, ['买买提·吐尔逊', '阿依古丽', '古丽娜尔·艾力', '扎西多吉', '次仁卓玛']) }, '已签收。'];
    // decoys without any decoy cue: reference/merchant numbers with card-like prefixes (about 1 in 10 passes Luhn)
    case 29: return [`${pick(r, ['商户号', '参考号', '终端识别码', '会员卡面号'])}${pick(r, ['62', '60', '45', '52'])}${digits(r, pick(r, [14, 17]))}。`];
    default: return [pick(r, FILLER)];
  }
}

/** Generates a labelled corpus of about `targetChars` characters from `seed` (same seed → same corpus). */
export function generateCorpus(seed: number, targetChars = 20_000): Corpus {
  const r = seededRandom(seed);
  const parts: string[] = [];
  const labels: Label[] = [];
  let pos = 0;
  while (pos < targetChars) {
    for (const p of sentence(r)) {
      if (typeof p === 'string') {
        parts.push(p);
        pos += p.length;
      } else {
        labels.push({ type: p.type, start: pos, end: pos + p.text.length, text: p.text });
        parts.push(p.text);
        pos += p.text.length;
      }
    }
    const sep = r() < 0.15 ? '\n' : '';
    parts.push(sep);
    pos += sep.length;
  }
  return { text: parts.join(''), labels };
}

/** Structured rows (one person each) for table fixtures and export tests. */
export function generatePeople(seed: number, n: number): Array<Record<string, string>> {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const a = genAddress(r);
    return {
      姓名: genName(r),
      身份证号: genResidentId(r),
      手机号: genMobile(r),
      银行卡号: genCard(r),
      邮箱: genEmail(r),
      地址: a.text,
      备注: pick(r, FILLER),
    };
  });
}

// ---- scoring ------------------------------------------------------------------------------------------------------

export interface TypeScore {
  type: PiiType;
  labels: number;
  found: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Intersection over union of two spans. */
function iou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const uni = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return uni === 0 ? 0 : inter / uni;
}

/**
 * Precision/recall per type. A finding is a true positive when it has the label's type and its span overlaps the
 * label with IoU ≥ `minIou` (default 0.5); each label matches at most one finding.
 */
export function scoreFindings(findings: readonly Finding[], labels: readonly Label[], types: readonly PiiType[], minIou = 0.5): TypeScore[] {
  return types.map((type) => {
    const ls = labels.filter((l) => l.type === type);
    const fs = findings.filter((f) => f.type === type);
    const used = new Set<number>();
    let tp = 0;
    let li = 0;
    for (const f of fs) {
      while (li < ls.length && ls[li].end <= f.start) li++;
      for (let j = li; j < ls.length && ls[j].start < f.end; j++) {
        if (!used.has(j) && iou(f, ls[j]) >= minIou) {
          used.add(j);
          tp++;
          break;
        }
      }
    }
    const fp = fs.length - tp;
    const fn = ls.length - tp;
    return {
      type,
      labels: ls.length,
      found: fs.length,
      tp,
      fp,
      fn,
      precision: fs.length === 0 ? (ls.length === 0 ? 1 : 0) : tp / fs.length,
      recall: ls.length === 0 ? 1 : tp / ls.length,
    };
  });
}
