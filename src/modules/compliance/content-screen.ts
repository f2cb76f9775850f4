// Banned-content screening for free text, templates and transcripts (COL-42..COL-46, COL-92, US-09/US-10).
// The text is normalised into a "compact" form (NFKC: full-width → ASCII; lower case; traditional → simplified via
// opencc-js; every non-letter/non-digit dropped, so "法 * 院" and "黑-名-单" match) with a map back to the original
// positions. Pinyin abbreviations (fy 法院, jc 警察, gaj 公安局, pcs 派出所) only count next to a threat or
// impersonation context, to keep ordinary Latin text from firing.
import * as OpenCC from 'opencc-js';

export type ScreenCategory =
  | 'impersonation' | 'misleading_legal' | 'blacklist' | 'exposure' | 'violence_threat' | 'insult'
  | 'borrow_to_repay' | 'personal_account' | 'collection_fee' | 'public_posting' | 'time_barred';

export interface ScreenHit {
  /** The rule the category breaks first (CATEGORY_RULES). */
  ruleId: string;
  /** Every rule the hit breaks (ruleId first): threatening to tell the employer or family is COL-43 and COL-34. */
  ruleIds: string[];
  category: ScreenCategory;
  /** The matched words as they appear in the original text. */
  matched: string;
  /** UTF-16 offsets into the original text, [start, end). */
  start: number;
  end: number;
  /** Label of the pattern that matched (for audit and tuning). */
  pattern: string;
}

/** Rule cited for each category, per jurisdiction (CN: COL-42..46, COL-92; US: US-10, US-09). */
export const CATEGORY_RULES: Record<'CN' | 'US', Record<ScreenCategory, string>> = {
  CN: {
    impersonation: 'COL-42', misleading_legal: 'COL-43', blacklist: 'COL-43', exposure: 'COL-43', violence_threat: 'COL-46',
    insult: 'COL-46', borrow_to_repay: 'COL-44', personal_account: 'COL-44', collection_fee: 'COL-44', public_posting: 'COL-45',
    time_barred: 'COL-92',
  },
  US: {
    impersonation: 'US-10', misleading_legal: 'US-10', blacklist: 'US-10', exposure: 'US-10', violence_threat: 'US-10',
    insult: 'US-10', borrow_to_repay: 'US-11', personal_account: 'US-11', collection_fee: 'US-11', public_posting: 'US-10',
    time_barred: 'US-09',
  },
};

/**
 * Further rules a category breaks. Spec COL-43 lists "通知单位/家人/村委 as a threat" as a misleading consequence and
 * COL-34 bans telling others about the debt (and reading the contact list); posting a notice in public (COL-45) also
 * makes the debt public (COL-34).
 */
export const CATEGORY_ALSO_RULES: Record<'CN' | 'US', Partial<Record<ScreenCategory, string[]>>> = {
  CN: { exposure: ['COL-34'], public_posting: ['COL-34'] },
  US: {},
};

export interface ScreenResult {
  clean: boolean;
  hits: ScreenHit[];
}

interface Pattern {
  id: string;
  category: ScreenCategory;
  re: RegExp;
}

const AUTH = '(?:法院|人民法院|公安局?|警察|派出所|检察院|司法局|政府|经侦|执行局|刑警|法官|检察官|民警|网警|警方|国家机关|jingcha|fayuan|gongan)';
const AUTH_PY = '(?:fy|jc|gaj|pcs|jcy|zf)';
const THREAT_VERB = '(?:已经?|马上|将|会|要|就)?(?:上门|抓|拘|传唤|立案|来找|找你|找您|来抓|介入|出警)';
const YOU = '(?:你|您)?(?:的)?';
const CIRCLE = '(?:单位|(?<=你|您|的)公司|领导|老板|同事|家人|家里人|家属|父母|爸妈|亲戚|亲友|朋友|邻居|村委会?|居委会?|社区|学校|老师|通讯录|子女|孩子|配偶|老婆|老公)';

const PATTERNS: Pattern[] = [
  // COL-42 impersonating courts, police, procuratorate, government
  { id: 'self-authority', category: 'impersonation', re: new RegExp(`(?:我是|我们是|这里是|本人是|我这边是|我们这边是|我们来自|我来自)[\\p{L}\\p{N}]{0,6}?${AUTH}`, 'u') },
  { id: 'self-authority-py', category: 'impersonation', re: new RegExp(`(?:我是|我们是|这里是|我们来自|我来自)${AUTH_PY}`, 'u') },
  { id: 'authority-acts', category: 'impersonation', re: new RegExp(`(?:法院|公安局|派出所|检察院|经侦|执行局|警方|警察)(?:的)?(?:工作人员|通知您|通知你|来电|已经?受理|执行庭|办案|已经?介入)`, 'u') },
  { id: 'authority-abbrev-threat', category: 'impersonation', re: new RegExp(`${AUTH_PY}${THREAT_VERB}`, 'u') },
  { id: 'report-to-abbrev', category: 'impersonation', re: new RegExp(`(?:报|找|叫|通知|交给|移交)${AUTH_PY}(?![a-z])`, 'u') },
  { id: 'court-case-number', category: 'impersonation', re: /20\d{2}[\p{Script=Han}]\d{2,4}(?:民|刑|执)(?:初|终|保|恢|特)?\d+/u },
  { id: 'legal-papers', category: 'impersonation', re: /传票|拘传|逮捕令|拘留证|协查通[报知]|通缉令|法院文书|律师函已由法院/u },
  { id: 'on-behalf-authority', category: 'impersonation', re: new RegExp(`(?:代表|受)${AUTH}(?:委托|通知)?`, 'u') },
  { id: 'en-authority', category: 'impersonation', re: /(?:thisis|wearefrom|weare|callingfrom|onbehalfof|iamfrom|imfrom|iam)(?:the|a)?(?:police|court|sheriff|fbi|irs|government|districtattorney|lawenforcement|federalagent|policeofficer|courtofficer)/u },
  { id: 'en-papers', category: 'impersonation', re: /courtsummons|arrestwarrant|lawenforcementofficer|federalagent|sheriffsdepartment|subpoenaissued/u },
  // COL-43 misleading or exaggerated legal consequences, invented blacklists
  { id: 'blacklist', category: 'blacklist', re: /黑名单|黑户|征信黑|拉黑(?:你|您)?的?征信|heimingdan|blacklist/u },
  { id: 'already-filed', category: 'misleading_legal', re: /已经?(?:立案|起诉(?:你|您)|判决|移交(?:法院|公安)|移送(?:公安|司法))/u },
  { id: 'criminal', category: 'misleading_legal', re: /刑事责任|刑事案件|诈骗罪|坐牢|判刑|拘留|逮捕|抓捕|抓(?:你|您|人)|进监狱|蹲监狱|吃牢饭|入狱|通缉|立案侦查|zuolao/u },
  { id: 'exaggerated-measures', category: 'misleading_legal', re: /限高|限制(?:你|您)?(?:的)?(?:出行|高消费|出境)|冻结(?:你|您)?(?:的)?(?:所有|全部|一切)|查封(?:你|您)?(?:的)?(?:房|车|全部|所有)|(?:影响|连累)(?:你|您)?(?:的)?(?:子女|孩子)|政审|考公|成为老赖/u },
  { id: 'en-criminal', category: 'misleading_legal', re: /arrest|jail|prison|criminalcharge|criminalrecord|criminalprosecution|warrant(?!y)|deport|seizeyour(?:house|home|car)/u },
  // COL-46 threats of violence or exposure; insults
  { id: 'exposure', category: 'exposure', re: new RegExp(`(?:通知|告诉|联系|找|打给|告知|曝光给|发给|打电话给)${YOU}${CIRCLE}`, 'u') },
  { id: 'exposure-py', category: 'exposure', re: /baotongxunlu|爆(?:你|您)?(?:的)?通讯录|轰炸(?:你|您)?(?:的)?通讯录/u },
  { id: 'public-posting', category: 'public_posting', re: /曝光|公开(?:你|您)的|公示(?:你|您)|张贴|贴到(?:你|您)?(?:家|单位|小区|门口)|挂到网上|挂网|发(?:到|在)(?:你|您)?(?:的)?(?:朋友圈|群|网上|抖音|微博)/u },
  { id: 'violence', category: 'violence_threat', re: /打断|弄死|砍(?:死|你)|废了(?:你|您)|让(?:你|您)好看|给(?:你|您)点颜色|后果自负|走着瞧|别怪(?:我|我们)不客气|小心(?:你|您)?(?:的)?(?:家人|孩子|安全|点)|上门(?:堵|算账|闹)|天天上门|收拾(?:你|您)|出门小心|不得好死|灭了(?:你|您)|人身安全/u },
  { id: 'insult', category: 'insult', re: /老赖|骗子|无赖|畜生|垃圾|废物|不要脸|去死|滚蛋|傻逼|煞笔|沙比|王八蛋|狗东西|人渣|败类|贱人|死全家|混蛋|赖皮|laolai|nmsl|(?<![a-z])(?:sb|cnm|tmd)(?![a-z])/u },
  { id: 'en-exposure', category: 'exposure', re: /(?:tell|inform|notify|call|contact|email|visit)(?:your|all your)(?:employer|boss|family|wife|husband|parents|neighbors|neighbours|coworkers|colleagues|friends|church)|(?:expose|shame)you|postyour(?:name|photo|debt)|socialmedia(?:post|shame)/u },
  { id: 'en-threat', category: 'violence_threat', re: /hurtyou|youwillregret|youllregret|watchyourback|breakyour|wewillfindyou|wellfindyou|comeafteryou|beatyou/u },
  { id: 'en-insult', category: 'insult', re: /deadbeat|(?<!c)loser|scumbag|(?<![a-z])scum|idiot|stupid|(?<!fami)liar|thief|worthless|pathetic|moron/u },
  // COL-44 borrowing to repay, personal accounts, collection fees
  { id: 'borrow-to-repay', category: 'borrow_to_repay', re: /以贷养贷|拆东墙|(?:去|再|先|赶紧|马上|可以)(?:借|贷|办)(?:点|些|一笔|张|个)?(?:钱|款|网贷|贷款|信用卡|花呗|借呗|高利贷)?(?:来|去)?(?:还|补上)|网贷还|套现(?:来)?还|找(?:朋友|亲戚|家人|同事)借|借高利贷|卖(?:房|车|肾)(?:来|去)?还|借钱(?:来|去)?还/u },
  { id: 'en-borrow', category: 'borrow_to_repay', re: /borrow(?:money|some|it)?(?:from[a-z]{0,20})?(?:topay|torepay)|takeout(?:a|another)?(?:new)?(?:loan|paydayloan)|paydayloan|useanothercreditcard|borrowfromyour|sellyour(?:car|house|kidney)/u },
  { id: 'personal-account', category: 'personal_account', re: /(?:个人|私人)(?:账户|账号|卡|银行卡|微信|支付宝|收款)|(?:转|打|汇|付)(?:账|款|钱)?(?:到|给|进)(?:我(?!司|们|公司)|本人)(?:的)?|我的(?:微信|支付宝|银行卡|收款码)|扫我的(?:码|收款码|二维码)/u },
  { id: 'en-personal-account', category: 'personal_account', re: /personalaccount|myownaccount|sendittome|paymedirectly|tomy(?:paypal|venmo|cashapp|zelle|personal|wechat|alipay)|giftcard/u },
  { id: 'collection-fee', category: 'collection_fee', re: /催收费|催收服务费|上门费|外访费|手续费由(?:你|您)承担|collectionfee|visitfee/u },
  // COL-92 claims about time-barred debts
  { id: 'time-barred', category: 'time_barred', re: /(?:过了|超过了?|过|超)(?:诉讼)?时效(?:也|还|照样|一样|依然){0,2}(?:可以|能|会)?(?:被)?(?:起诉|告|胜诉|判)|时效(?:对(?:你|您))?(?:没用|无效|不管用|不适用|不影响)|永不过期|永远不会过期|永远有效|不存在(?:诉讼)?时效/u },
  { id: 'en-time-barred', category: 'time_barred', re: /(?:statuteoflimitations|timebarred|timelimit)(?:does|do|will|would)?(?:not|nt|n't)(?:apply|matter|protectyou)|(?:no|never)(?:expires|expire)|neverexpire|(?:old|timebarred)debt(?:s)?(?:can|will)still(?:be)?(?:sued|takentocourt)/u },
];

let converter: ((s: string) => string) | null = null;
function toSimplified(s: string): string {
  const conv = converter ?? (converter = OpenCC.Converter({ from: 'hk', to: 'cn' }));
  return conv(s);
}
const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const VARIANTS: Record<string, string> = { 帐: '账', 賬: '账', 劃: '划', 囯: '国', 國: '国' };

export interface Normalised {
  compact: string;
  /** compact index → original UTF-16 [start, end) */
  spans: Array<[number, number]>;
}

// One message is normalised by several checks (screen, disclosure, automation, names, dedupe hash) and the gate may be
// re-evaluated at several instants: the last few hundred results are kept (pure function of the text; callers only read).
const NORMALISED = new Map<string, Normalised>();

/** Compact, simplified, lower-case letters/digits of the text, with a position map back to the original. */
export function normaliseForScreen(text: string): Normalised {
  const hit = NORMALISED.get(text);
  if (hit) return hit;
  if (NORMALISED.size >= 512) NORMALISED.clear();
  const n = normalise(text);
  NORMALISED.set(text, n);
  return n;
}

function normalise(text: string): Normalised {
  let compact = '';
  // Flat start/end offsets; the [start, end) pairs are only built when a caller reads `spans` (a hit to report).
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  // Convert the whole text once (phrase-aware); fall back to per-character conversion if lengths differ.
  const hasHan = HAN.test(text);
  const whole = hasHan ? toSimplified(text) : text;
  const aligned = whole.length === text.length;
  for (const cp of text) {
    const start = i;
    i += cp.length;
    let c = charFacts(cp);
    if (hasHan && c.han) {
      const simp = aligned ? whole.slice(start, i) : toSimplified(c.norm);
      c = charFacts(VARIANTS[simp] ?? simp);
    }
    if (!c.kept) continue;
    compact += c.kept;
    for (let k = 0; k < c.kept.length; k++) {
      starts.push(start);
      ends.push(i);
    }
  }
  let spans: Array<[number, number]> | undefined;
  return {
    compact,
    get spans() {
      return (spans ??= starts.map((st, k): [number, number] => [st, ends[k]]));
    },
  };
}

// Per code point: NFKC + lower case, whether it is Han, and the letters/digits it contributes. Texts reuse a small
// alphabet, so this replaces per-character normalisation and regex tests with a map lookup.
interface CharFacts { norm: string; han: boolean; kept: string }
const CHAR_FACTS = new Map<string, CharFacts>();
function charFacts(cp: string): CharFacts {
  let f = CHAR_FACTS.get(cp);
  if (f) return f;
  const norm = cp.normalize('NFKC').toLowerCase();
  let kept = '';
  for (const ch of norm) if (LETTER_OR_DIGIT.test(ch)) kept += ch;
  f = { norm, han: HAN.test(norm), kept };
  if (CHAR_FACTS.size >= 65_536) CHAR_FACTS.clear();
  CHAR_FACTS.set(cp, f);
  return f;
}

// "We will never post / use personal accounts / contact your family" is a reassurance, not a threat. Only statements
// of what the collector does are negatable, and only when the negation is at most 3 characters before the match.
const NEGATABLE = new Set<ScreenCategory>(['personal_account', 'public_posting', 'exposure', 'impersonation', 'collection_fee']);
const NEGATION = /(?:不会|绝不|从不|请勿|切勿|不得|禁止|严禁|不要向|never|willnot|wont|donot|dont|doesnot)[\p{L}\p{N}]{0,3}$/u;

const GLOBAL = new Map<string, RegExp>();
function globalRe(p: Pattern): RegExp {
  let re = GLOBAL.get(p.id);
  if (!re) {
    re = new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : p.re.flags + 'g');
    GLOBAL.set(p.id, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Every banned-content hit in the text (Chinese and English), with matched words, position and rule ID. */
export function screenContent(text: string, jurisdiction: 'CN' | 'US' = 'CN'): ScreenResult {
  const n = normaliseForScreen(text);
  const compact = n.compact;
  const hits: ScreenHit[] = [];
  for (const p of PATTERNS) {
    for (const m of compact.matchAll(globalRe(p))) {
      if (m[0].length === 0) continue;
      const a = m.index!;
      if (NEGATABLE.has(p.category) && NEGATION.test(compact.slice(Math.max(0, a - 12), a))) continue;
      const b = a + m[0].length - 1;
      const start = n.spans[a][0];
      const end = n.spans[b][1];
      const ruleId = CATEGORY_RULES[jurisdiction][p.category];
      hits.push({ ruleId, ruleIds: [ruleId, ...(CATEGORY_ALSO_RULES[jurisdiction][p.category] ?? [])], category: p.category, matched: text.slice(start, end), start, end, pattern: p.id });
    }
  }
  hits.sort((x, y) => x.start - y.start || x.ruleId.localeCompare(y.ruleId));
  return { clean: hits.length === 0, hits };
}

const DEBT_WORDS_ZH = /欠款|欠钱|欠债|欠费|拖欠|借款|贷款|逾期|债务|债权|还款|催收|还钱|账单|违约|未还|应还|本金|利息|起诉|诉讼|清偿|结清|分期|减免/u;
const DEBT_WORDS_EN = /\b(?:debts?|owes?|owed|owing|overdue|loans?|payments?|repay\w*|collections?|collectors?|arrears|balance|default(?:ed)?|lawsuit|settle(?:ment)?|instal?ments?)\b/i;

/** COL-32 / US-03: whether a message to a third party reveals the debt (words only; the caller supplies the rendered text). */
export function findDebtDisclosure(text: string): string[] {
  const { compact } = normaliseForScreen(text);
  const out: string[] = [];
  const zh = compact.match(new RegExp(DEBT_WORDS_ZH.source, 'gu'));
  if (zh) out.push(...zh);
  const en = text.normalize('NFKC').match(new RegExp(DEBT_WORDS_EN.source, 'gi'));
  if (en) out.push(...en.map((w) => w.toLowerCase()));
  return [...new Set(out)];
}

/** COL-85 / US-13: an automated message says that it is automated. */
export function announcesAutomation(text: string): boolean {
  const { compact } = normaliseForScreen(text);
  return /自动语音|语音机器人|智能语音|ai语音|人工智能|机器人|自动播报|automated|recordedmessage|virtualassistant|aiassistant/u.test(compact);
}

/** US-07: an electronic message carries an opt-out notice. */
export function hasOptOutNotice(text: string): boolean {
  const { compact } = normaliseForScreen(text);
  return /退订|回复td|replystop|unsubscribe|optout/u.test(compact);
}

/** COL-40: the text names the agency and (for debtor-directed messages) the creditor. */
export function namesParties(text: string, names: { agencyName?: string; creditorName?: string }): { agency: boolean; creditor: boolean } {
  const t = normaliseForScreen(text).compact;
  const has = (n?: string) => !n || t.includes(normaliseForScreen(n).compact);
  return { agency: has(names.agencyName), creditor: has(names.creditorName) };
}
