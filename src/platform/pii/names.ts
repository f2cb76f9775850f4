// Person names without cue words (刚和王晓东通完电话, 欧阳娜娜表示…) and romanised names in English text
// (Called Zhang Wei). A surname table, given-name characters and word lists derived from jieba's dictionary
// (name-lexicon.ts), and context scoring. jieba's own tagger is not called: see docs/privacy.md for why.
import { COMMON_WORDS, DICT_GIVEN_CHARS, GENERAL_WORDS2, RARE_WORDS } from './name-lexicon.js';
import { COMPOUND_SURNAMES, SURNAMES } from './lexicon.js';

export interface NameHit {
  start: number;
  end: number;
  confidence: number;
}

const key2 = (s: string, i = 0) => s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
const toKeys = (ws: readonly string[]) => {
  const set = new Set<number>();
  const long = new Set<string>();
  for (const chunk of ws) for (const w of chunk.split(' ')) if (w.length === 2) set.add(key2(w)); else long.add(w);
  return { set, long };
};
const COMMON = toKeys(COMMON_WORDS);
const RARE = toKeys(RARE_WORDS);
const GENERAL = toKeys(GENERAL_WORDS2).set;

// Per-character flags over the CJK block: surname rank class, given-name tier, stop characters.
const BASE = 0x4e00;
const SUR = new Uint8Array(0x5200); // 0 none, 3 top-100 surname, 2 top-300, 1 first char of a compound only
const GIVEN = new Uint8Array(0x5200); // 0 never in a given name, 1 possible, 2 common
for (let i = 0; i < SURNAMES.length; i++) {
  const c = SURNAMES.charCodeAt(i) - BASE;
  if (!SUR[c]) SUR[c] = i < 100 ? 3 : 2;
}
const COMPOUND = new Set(COMPOUND_SURNAMES.map((s) => key2(s)));
for (const s of COMPOUND_SURNAMES) if (!SUR[s.charCodeAt(0) - BASE]) SUR[s.charCodeAt(0) - BASE] = 1;
for (let i = 0; i < DICT_GIVEN_CHARS.length; i++) GIVEN[DICT_GIVEN_CHARS.charCodeAt(i) - BASE] = i < 400 ? 2 : 1;
// Given-name characters of people born since the 1980s, which a dictionary of older texts under-counts.
for (const c of '涵轩梓诺怡萱琪瑶婷娟磊鑫浩宇欣晨雨泽彤悦曦睿琳妍昊铭哲皓煜琦颖婕钰璐倩菲薇瑾珊莹蕾娅玥芸霖熙骏凯斌峰磊帆旭航阳杰翔洋江宸逸辰楠桐淇莉娜丽艳霞燕梅芳敏静洁雯' )
  GIVEN[c.charCodeAt(0) - BASE] = 2;
// Characters that end a name: function words, verbs and nouns that follow a name far more often than they are in it.
for (const c of '的了是在于与和及或向对从把被将为因欠借还已未应当该其等共现说称讲问叫给让去来到过着们个这那就都也很吗呢吧啊哦嗯又再才只每各某本此些么什怎谁您你我他她它没不无有要会能可想得地之而且但却则即如虽所以跟找打接通电话回复欠款钱元年号时分秒期请氏市区省县镇村路街上下前后里内卡碑二三四五六七八九十百千万亿两几半' )
  GIVEN[c.charCodeAt(0) - BASE] = 0;

/** Words a name is often followed by (李秀英表示, 刘洋同意, 吴敏情绪…); checked at the character after a name. */
const RIGHT_CUES = [
  '说', '称', '讲', '表示', '同意', '承诺', '答应', '已', '还', '在', '是', '的', '接', '主动', '本人', '今天', '明天', '昨天',
  '上午', '下午', '晚上', '情绪', '未', '没', '不', '也', '都', '和', '与', '跟', '先', '又', '现', '目前', '回复', '欠', '借',
  '家', '母亲', '父亲', '妻子', '丈夫', '老婆', '老公', '儿子', '女儿', '姐姐', '哥哥', '弟弟', '妹妹', '同事', '电话', '手机',
  '因', '要求', '请求', '认为', '拒绝', '否认', '承认', '希望', '愿意', '打算', '准备', '反映', '告诉', '让', '把', '被', '给',
  '外出', '出差', '逾期', '约', '通', '打', '去', '来', '回', '过', '做', '目前', '人', '住', '于', '将', '会', '要', '自己', '一直', '最近', '联系', '所', '等', '称其', '名下', '账户', '那边', '这边',
  '处', '这', '那', '吗', '呢', '了', '对', '向', '从', '个人', '身份', '证件', '微信', '支付宝', '单位', '公司',
];
/** Words a name is often preceded by (和王晓东通完电话, 去公司找X, 催收员X). */
const LEFT_CUES = [
  '和', '跟', '与', '找', '给', '叫', '问', '催', '告知', '联系', '通知', '据', '同事', '是', '为', '让', '被', '把', '帮', '替',
  '向', '对', '由', '请', '及', '或', '到', '见', '约', '劝', '致电', '回复', '提醒', '转告', '员', '人', '们', '拨打', '打给',
  '并', '说', '称', '知', '等', '哥', '姐', '弟', '妹', '妻', '夫', '子', '女', '父', '母', '友', '朋友', '邻居', '老板', '室友',
];
/** What follows a brand, shop, company, park or place (周大福金店, 李宁专卖店, 张江高科技园区). */
const ORG_AFTER1 = '市省县区镇乡村路街道巷弄州店厂园局院所行馆牌站港湾湖山河江桥口庄屯寨营坝岭集酒楼鞋';
const ORG_AFTER2 = ('公司 集团 专卖 大厦 广场 银行 科技 珠宝 金店 门店 品牌 分店 超市 家具 电器 药业 食品 麻辣 出行 地图 证券 易购 烧鸡 火腿 '
  + '牌子 服饰 体育 商场 商城 小区 花园 高新 开发 工业 软件 医院 学校 大学 中学 小学').split(' ');
/** Brands and places that are written like names and that the dictionary tags as names (周大福, 李宁, 石家庄). */
const NAME_LIKE = new Set([
  '周大福', '周生生', '周六福', '李宁', '王老吉', '张小泉', '杨国福', '陈克明', '马应龙', '黄飞红', '钱大妈', '苏宁', '方正', '金六福',
  '孔府', '高德', '蒋记', '张亮', '谢馥春', '王致和', '曹操', '刘伶', '石家庄', '张家界', '张家口', '张家港', '王府井', '李家沱',
  '马鞍山', '潘家园', '曹家渡', '石景山', '徐家汇', '周庄', '张江', '漕河泾', '金桥', '江宁', '高新', '华为', '万科', '金地', '雷军',
  '明白', '张开', '高明', '常州', '江阴', '黄山', '金华', '高邮', '龙岩', '许昌', '安阳', '周口', '贺州', '温岭', '常熟', '江门',
  '章丘', '武汉', '武威', '金昌', '白山', '白城', '邵阳', '马尾', '龙华', '罗湖', '龙岗', '宝安', '韩城', '黄冈', '岳阳', '石狮',
]);
const NAME_LIKE_BY_FIRST = new Map<string, string[]>();
for (const w of [...NAME_LIKE].sort((a, b) => b.length - a.length)) NAME_LIKE_BY_FIRST.set(w[0], [...(NAME_LIKE_BY_FIRST.get(w[0]) ?? []), w]);
/** Length of the brand or place written like a name that starts at `i` (马应龙 in 买了马应龙的), or 0. */
function nameLikeAt(text: string, i: number): number {
  for (const w of NAME_LIKE_BY_FIRST.get(text[i]) ?? []) if (text.startsWith(w, i)) return w.length;
  return 0;
}

const MEASURE = '张条位名个只把';
const DEMONSTRATIVE = '这那一两二三四五六七八九十几每哪某半整';
// Flat lookup tables over the CJK block: this runs at every surname character of every text.
const ORG1 = new Uint8Array(0x5200);
for (const c of ORG_AFTER1) ORG1[c.charCodeAt(0) - BASE] = 1;
const ORG2 = new Set(ORG_AFTER2.map((w) => key2(w)));
const byChar = (ws: readonly string[], last: boolean) => {
  const m = new Map<number, string[]>();
  for (const w of ws) {
    const c = w.charCodeAt(last ? w.length - 1 : 0);
    m.set(c, [...(m.get(c) ?? []), w]);
  }
  return m;
};
const RIGHT_BY_FIRST = byChar(RIGHT_CUES, false);
const LEFT_BY_LAST = byChar(LEFT_CUES, true);
const LIKE_FIRST = new Uint8Array(0x5200);
for (const w of NAME_LIKE) LIKE_FIRST[w.charCodeAt(0) - BASE] = 1;
const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fff;
function startsWithCue(text: string, at: number): boolean {
  for (const w of RIGHT_BY_FIRST.get(text.charCodeAt(at)) ?? []) if (text.startsWith(w, at)) return true;
  return false;
}
function endsWithCue(text: string, at: number): boolean {
  for (const w of LEFT_BY_LAST.get(text.charCodeAt(at - 1)) ?? []) if (at >= w.length && text.startsWith(w, at - w.length)) return true;
  return false;
}
function orgAfter(text: string, at: number): boolean {
  const c = text.charCodeAt(at) - BASE;
  if (c < 0 || c >= 0x5200) return false;
  return ORG1[c] === 1 || (at + 1 < text.length && ORG2.has(key2(text, at)));
}
const boundaryAt = (text: string, i: number) => i < 0 || i >= text.length || !isHan(text.charCodeAt(i));

/** Scores one candidate (surname at `i`, `sl` chars; given name `gl` chars); -Infinity when it cannot be a name. */
export function scoreCandidate(text: string, i: number, sl: number, gl: number): number {
  const end = i + sl + gl;
  if (end > text.length) return -Infinity;
  let s = sl === 2 ? 2.5 : SUR[text.charCodeAt(i) - BASE] === 3 ? 1 : 0.5;
  for (let k = i + sl; k < end; k++) {
    const c = text.charCodeAt(k);
    if (!isHan(c)) return -Infinity;
    const g = GIVEN[c - BASE];
    if (g === 0) return -Infinity;
    s += g === 2 ? 1 : 0.25;
  }
  // (a brand or place starting at i was skipped by the caller)
  const len = end - i;
  if (len === 2) {
    if (COMMON.set.has(key2(text, i))) return -Infinity;
    if (RARE.set.has(key2(text, i))) s -= 2;
  } else {
    const cand = text.slice(i, end);
    if (COMMON.long.has(cand)) return -Infinity;
    if (RARE.long.has(cand)) s -= 1.5;
  }
  if (sl === 1 && gl === 2 && COMMON.set.has(key2(text, i))) s -= 2; // 王国强: the first two are a word
  else if (sl === 1 && gl === 2 && RARE.set.has(key2(text, i))) s -= 1; // 周五前
  if (gl === 2 && GENERAL.has(key2(text, i + sl))) s -= 1; // 张伟明天: given part is itself a word
  if (end < text.length && orgAfter(text, end)) return -Infinity;
  // the surname closes a word started before it (地方便, 不安全)
  if (i > 0 && sl === 1 && (GENERAL.has(key2(text, i - 1)) || (COMMON.set.has(key2(text, i - 1)) && !endsWithCue(text, i)))) s -= 3.5;
  for (let k = i + 1; k < end; k++) if (LIKE_FIRST[text.charCodeAt(k) - BASE] && nameLikeAt(text, k)) return -Infinity; // 向李家沱: a place starts inside
  // 这张卡, 两位, 一名: the surname character is a measure word
  if (i > 0 && MEASURE.includes(text[i]) && DEMONSTRATIVE.includes(text[i - 1])) return -Infinity;
  // a given name that ends with the start of a common word is probably one character shorter
  if (end < text.length && GENERAL.has(key2(text, end - 1)) && !boundaryAt(text, end)) s -= 2;
  if (boundaryAt(text, i - 1)) s += 1;
  else if (endsWithCue(text, i)) s += 1.5;
  if (boundaryAt(text, end)) s += 1;
  else if (startsWithCue(text, end)) s += 1.5;
  if (gl === 1) s -= 0.5; // two-character names collide with words more often
  return s;
}

/** Maps a candidate score to a confidence in 0..0.95 (threshold tuning lives in policy, not here). */
const confidenceOf = (s: number) => Math.max(0.05, Math.min(0.95, 0.5 + (s - 2.5) * 0.12));

function bestAt(text: string, i: number): number {
  let best = -Infinity;
  if (nameLikeAt(text, i)) return best;
  const sls = COMPOUND.has(key2(text, i)) ? [2, 1] : SUR[text.charCodeAt(i) - BASE] === 1 ? [] : [1];
  for (const sl of sls) for (const gl of [2, 1]) best = Math.max(best, scoreCandidate(text, i, sl, gl));
  return best;
}

/**
 * Chinese names in `text` outside the spans already taken (`taken` sorted by start). Reports every candidate with a
 * confidence ≥ `floor`, longest plausible form first (欧阳娜娜 over 欧阳娜).
 */
export function findHanNames(text: string, taken: ReadonlyArray<{ start: number; end: number }>, floor: number, out: NameHit[]): void {
  let t = 0;
  const n = text.length;
  for (let i = 0; i < n - 1; i++) {
    const c = text.charCodeAt(i) - BASE;
    if (c < 0 || c >= 0x5200 || SUR[c] === 0) continue;
    while (t < taken.length && taken[t].end <= i) t++;
    if (t < taken.length && taken[t].start <= i) {
      i = taken[t].end - 1;
      continue;
    }
    const like = LIKE_FIRST[c] ? nameLikeAt(text, i) : 0;
    if (like) {
      i += like - 1;
      continue;
    }
    // cheap rejection first: a single surname must be followed by a possible given-name character
    const g1 = text.charCodeAt(i + 1) - BASE;
    if (SUR[c] !== 1 && (g1 < 0 || g1 >= 0x5200 || GIVEN[g1] === 0) && !COMPOUND.has(key2(text, i))) continue;
    const sls = COMPOUND.has(key2(text, i)) ? [2, 1] : SUR[c] === 1 ? [] : [1];
    let best = -Infinity;
    let bestEnd = 0;
    for (const sl of sls) {
      for (const gl of [2, 1]) {
        const s = scoreCandidate(text, i, sl, gl);
        if (s > best + 0.25 || (s > best - 0.01 && i + sl + gl > bestEnd && s >= best)) {
          best = s;
          bestEnd = i + sl + gl;
        }
      }
      if (sl === 2 && best > -Infinity) break; // a compound surname that reads as one wins over its single first char
    }
    if (best === -Infinity) continue;
    // 和陈美玲: 和 is a surname too; the reading that starts one character later may be the better one
    if (bestEnd - i > 1 && i + 1 < n && g1 >= 0 && g1 < 0x5200 && SUR[g1] && bestAt(text, i + 1) > best) continue;
    const end = Math.min(bestEnd, t < taken.length ? taken[t].start : n);
    if (end - i < 2) continue;
    const conf = confidenceOf(best);
    if (conf >= floor) {
      out.push({ start: i, end, confidence: conf });
      i = end - 1;
    }
  }
}

// ---- romanised names (English text) --------------------------------------------------------------------------
const PINYIN_SYL = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|an|ao|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u|v)';
const PINYIN_WORD = new RegExp(`^(?:${PINYIN_SYL}){1,2}$`);
const PINYIN_SURNAMES = new Set(
  ('wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao '
    + 'peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lv lu ding ren shen yao cui zhong tan wang fan jin shi jia '
    + 'xia fu fang bai zou meng xiong qin qiu hou long shao wan qian yan kong tao mao hao gong kang niu ge xing an qiao pang ni zhuang '
    + 'nie zhai yin duan lei ou guan lan jiao yue sima ouyang shangguan zhuge dongfang huangfu yuchi gongsun zhangsun yuwen xiahou '
    + 'duanmu nangong zhongli murong linghu situ').split(' '),
);
const EN_STOP = new Set(['he', 'an', 'long', 'fan', 'bai', 'ban', 'bang', 'sun', 'men', 'dan', 'hang', 'pan', 'ran', 'tan', 'yan', 'wan', 'ma', 'me', 'a', 'i', 'o', 'e']);
const EN_NOT_AFTER = /^\s*(?:store|shop|brand|park|road|street|bank|group|hotel|district|city|province|county|building|plaza|co\b|ltd|limited|corp)/i;
const ROMAN_RE = /\b([A-Z][a-z]{1,8})[ \u00a0]([A-Z][a-z]{1,11})\b/g;

const isPinyin = (w: string) => PINYIN_WORD.test(w) || PINYIN_SURNAMES.has(w);

/** Romanised Chinese names written as "Surname Given" (Zhang Wei, Ouyang Nana) or "Given Surname" (Wei Zhang). */
export function findRomanNames(text: string, out: NameHit[]): void {
  ROMAN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ROMAN_RE.exec(text))) {
    const a = m[1].toLowerCase();
    const b = m[2].toLowerCase();
    if (!isPinyin(a) || !isPinyin(b)) {
      ROMAN_RE.lastIndex = m.index + m[1].length + 1; // "Called Chen Jie": retry from the second word
      continue;
    }
    const end = m.index + m[0].length;
    if (EN_NOT_AFTER.test(text.slice(end, end + 12))) continue;
    const surnameFirst = PINYIN_SURNAMES.has(a) && PINYIN_WORD.test(b) && !EN_STOP.has(b);
    const givenFirst = PINYIN_SURNAMES.has(b) && PINYIN_WORD.test(a) && !EN_STOP.has(a);
    if (!surnameFirst && !givenFirst) continue;
    // sentence-initial English words that are also syllables ("He Long" is rare; "Long Beach" is not pinyin-pinyin)
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const cue = /(?:called|with|to|from|mr\.?|ms\.?|mrs\.?|miss|dear|debtor|customer|by|and|for|of|visit|met|name:?)\s*$/i.test(before);
    out.push({ start: m.index, end, confidence: cue ? 0.9 : surnameFirst ? 0.8 : 0.65 });
  }
}
