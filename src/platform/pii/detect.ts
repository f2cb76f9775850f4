// Detectors for Chinese personal data in free text and in structured fields (PI-05, PI-08, PI-20 §6.2/§7.2).
//
// One pass: the text is folded to half-width (offset-preserving), then ONE combined regular expression walks it
// left to right; each alternative yields a candidate that is validated in code (GB 11643 and GB 32100 check
// characters via src/platform/cn-ids.ts, Luhn + BIN for cards, surname list + cues for names, an address parser).
import { isPlausibleRegion, isValidCnMobile, isValidResidentId, isValidUscc, residentIdBirthDate } from '../cn-ids.js';
import { parseAddress } from './address.js';
import {
  ADDRESS_CUES,
  CARD_CUES,
  ID_CUES,
  NAME_CUES,
  NAME_STOP,
  NAME_TITLES,
  NUMBER_DECOY_CUES,
  PHONE_CUES,
  PROVINCES,
  SURNAME_WORDS,
  surnameLength,
  surnameRank,
} from './lexicon.js';
import { findHanNames, findRomanNames, type NameHit } from './names.js';
import { toHalfWidth } from './normalise.js';
import type { Finding, PiiType } from './types.js';
import { thresholdFor, type DetectionUse } from './uses.js';

export interface DetectOptions {
  /** What the findings are for; sets the confidence threshold (uses.ts; default 'ui_mask' = 0.5). */
  use?: DetectionUse;
  /** Drop findings below this confidence (overrides the use's threshold). */
  minConfidence?: number;
  /** Only report these types (default: all). */
  types?: readonly PiiType[];
  /** Reference date for "birth date is not in the future" (default: now). */
  now?: Date;
}

const HAN = '\\u4e00-\\u9fff';
const byLengthDesc = (a: string, b: string) => b.length - a.length;
const alt = (ws: readonly string[]) => [...ws].sort(byLengthDesc).join('|');
const PLATE_PROV = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_L = 'A-HJ-NP-Z';

// Order matters only between alternatives that can start at the same position.
export const NAMED_SOURCE = [
    // e-mail first: "13812345678@qq.com" is an address, not a phone number
    `(?<![A-Za-z0-9._%+\\-])(?<email>[A-Za-z0-9][A-Za-z0-9._%+\\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24})(?![A-Za-z0-9\\-])`,
    // landline with bracketed area code: (010)12345678
    `(?<ptel>\\(0\\d{2,3}\\)[ \\-]?(?:\\d{7,8}|\\d{3,4}[ \\-]\\d{3,4}))(?![\\d])`,
    // 18 characters from the GB 32100 alphabet: USCC, or an ID number
    `(?<![0-9A-Za-z])(?<code>[0-9A-HJ-NP-RTUW-Y]{18})(?![0-9A-Za-z])`,
    // digit groups with single spaces/hyphens: phones, IDs and cards as people type them (letters may touch them:
    // "ID110105…", "…002Xabc"; redaction prefers a rare false positive to a leak)
    `(?<![0-9])(?<num>\\+?\\d+(?:[ \\-]{1,2}\\d+)*[Xx]?)(?![0-9])`,
    // licence plates, new-energy (D/F) forms first
    `(?<plate>[${PLATE_PROV}][${PLATE_L}][·•・ ]?(?:[DF][${PLATE_L}0-9]\\d{4}|\\d{5}[DF]|[${PLATE_L}0-9]{4}[${PLATE_L}0-9挂学警]))(?![0-9A-Za-z])`,
    `(?<ncue>${alt(NAME_CUES)})[:： ]{0,3}(?<nval>[${HAN}·]{2,11})`,
    `(?<ntitle>${alt(NAME_TITLES)})`,
    `(?<acue>${alt(ADDRESS_CUES)})[:： ]{0,3}`,
    `(?<prov>${alt(PROVINCES.map(([s]) => s))})`,
    `(?<city>[${HAN}]{2,4}市)(?=[${HAN}]{1,8}?(?:[区县市路街镇乡村弄巷]|\\d))`,
].join('|');
// Named groups are for reading; the compiled pattern uses plain numbered groups (no per-match `groups` object).
const GROUP_NAMES = [...NAMED_SOURCE.matchAll(/\(\?<([a-z]+)>/g)].map((x) => x[1]);
const gi = (name: string) => GROUP_NAMES.indexOf(name) + 1;
const [G_EMAIL, G_PTEL, G_CODE, G_NUM, G_PLATE, G_NCUE, G_NVAL, G_NTITLE, G_ACUE, G_PROV, G_CITY] = [
  'email', 'ptel', 'code', 'num', 'plate', 'ncue', 'nval', 'ntitle', 'acue', 'prov', 'city',
].map(gi);
export const MASTER_SOURCE = NAMED_SOURCE.replace(/\(\?<([a-z]+)>/g, '(');

/** A "name" followed by one of these is a place (债权人郑州市…). */
const PLACE_AFTER = new Set('市省县区镇村路街州'.split(''));
const LEAD_STOP = new Set('在于至到从往赴位住是的了和与及向去来回即为将由原现居'.split(''));

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes plausible for cards held in China (UnionPay 62/60/81, legacy 9x, Visa, Mastercard, JCB, Amex). */
export function isPlausibleCardNumber(digits: string): boolean {
  const n = digits.length;
  if (!/^\d+$/.test(digits)) return false;
  if (/^3[47]/.test(digits)) return n === 15 && luhnValid(digits);
  if (n < 16 || n > 19) return false;
  if (!/^(?:62|60|81|9[4-9]|4|5[1-5]|2[2-7]|35)/.test(digits)) return false;
  return luhnValid(digits);
}

const LANDLINE_RE = /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/;
export function isPlausibleLandline(digits: string): boolean {
  return LANDLINE_RE.test(digits);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/**
 * Plausibility of a GB 32100 code beyond its check character (which a random 18-digit number passes 1 time in 31):
 * registration-authority char, a province-level region in chars 3–4, and the embedded GB 11714 organisation code
 * (chars 9–17) carrying its own mod-11 check. [K] background knowledge, see docs/privacy.md.
 */
export function usccPlausibility(code: string): number {
  const s = code.toUpperCase();
  if (!/^[1-9ANY]/.test(s) || !isPlausibleRegion(s.slice(2, 4))) return 0.3;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ORG_CHARS.indexOf(s[8 + i]);
    // GB 11714 letters count as 10.. in their own table; USCC org codes of letters are rare, accept them unscored
    if (v < 0 || v > 9) return 0.8;
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  const check = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  return s[16] === check ? 0.97 : 0.45;
}

function looksLikeIdShape(d: string): boolean {
  if (!isPlausibleRegion(d.slice(0, 2))) return false;
  const y = Number(d.slice(6, 10));
  const m = Number(d.slice(10, 12));
  const day = Number(d.slice(12, 14));
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/** What a run of digits (separators removed, may start with + and end with X) is, if anything. */
export function classifyCompact(s: string): PiiType | null {
  // 0086 is the international prefix written out (0086 138…): read it as +86
  const intl = s[0] === '+' || (s.startsWith('0086') && s.length >= 14);
  const plain = s[0] === '+' ? s.slice(1) : intl ? s.slice(2) : s;
  const n = plain.length;
  if (n === 18) {
    if (isValidResidentId(plain)) return 'id_card';
    if (isValidUscc(plain)) return 'uscc';
  }
  const last = plain.charCodeAt(n - 1);
  if (last === 88 || last === 120) return null; // X/x only ends an ID
  if ((n === 11 || n === 13) && isValidCnMobile(plain)) return 'mobile';
  // +86 27 89814215: the country code replaces the trunk 0 of the area code
  if (intl && plain.startsWith('86') && n >= 11 && n <= 13 && isPlausibleLandline(`0${plain.slice(2)}`)) return 'landline';
  if (intl) return null;
  if (n >= 10 && n <= 12 && isPlausibleLandline(plain)) return 'landline';
  // an 18-digit number with a region and a real birth date is a mistyped ID number, not a card
  if (n === 18 && looksLikeIdShape(plain)) return null;
  if (n >= 15 && n <= 19 && isPlausibleCardNumber(plain)) return 'bank_card';
  return null;
}

/** Distance (in chars) from `pos` back to the nearest cue word ending within `window`, or -1. */
function cueDistance(text: string, pos: number, cues: readonly string[], window = 14): number {
  const from = Math.max(0, pos - window);
  let seg = text.slice(from, pos); // search a copy of the window only (indexOf on `text` would run to its end)
  // a cue in the previous sentence says nothing about this number (快递已签收。打了0574…)
  const stop = Math.max(seg.lastIndexOf('。'), seg.lastIndexOf('；'), seg.lastIndexOf('\n'), seg.lastIndexOf('！'), seg.lastIndexOf('？'));
  if (stop >= 0) seg = seg.slice(stop + 1);
  let best = -1;
  for (const c of cues) {
    const i = seg.lastIndexOf(c);
    if (i >= 0) {
      const dist = seg.length - (i + c.length);
      if (best < 0 || dist < best) best = dist;
    }
  }
  return best;
}

function closer(a: number, b: number): boolean {
  return a >= 0 && (b < 0 || a < b);
}

function numberConfidence(type: PiiType, text: string, start: number, compact: string, now: Date): number {
  const decoy = cueDistance(text, start, NUMBER_DECOY_CUES);
  switch (type) {
    case 'id_card': {
      const birth = residentIdBirthDate(compact.replace(/^\+/, ''));
      return birth > now.toISOString().slice(0, 10) ? 0.6 : closer(cueDistance(text, start, ID_CUES), decoy) ? 0.995 : 0.98;
    }
    case 'uscc':
      return usccPlausibility(compact);
    case 'mobile': {
      const cue = cueDistance(text, start, PHONE_CUES);
      if (closer(decoy, cue)) return 0.3;
      return cue >= 0 ? 0.98 : 0.9;
    }
    case 'landline': {
      const cue = cueDistance(text, start, PHONE_CUES);
      if (closer(decoy, cue)) return 0.25;
      return cue >= 0 ? 0.95 : 0.7;
    }
    case 'bank_card': {
      const cue = cueDistance(text, start, CARD_CUES);
      if (closer(decoy, cue)) return 0.3;
      return cue >= 0 ? 0.98 : 0.85;
    }
    default:
      return 0.9;
  }
}

/** Splits a digit token into its groups and reports the longest classifiable runs of consecutive groups. */
function scanNumberToken(text: string, tokStart: number, tok: string, now: Date, out: Finding[], orig: string): void {
  if (tok.length < 10) return; // shortest PII number is a 10-digit landline
  if (!tok.includes(' ') && !tok.includes('-')) {
    // fast path: one group (most tokens)
    const type = tok.length <= 22 ? classifyCompact(tok) : null;
    if (type) {
      const end = tokStart + tok.length;
      out.push({ type, start: tokStart, end, text: orig.slice(tokStart, end), confidence: numberConfidence(type, text, tokStart, tok, now) });
    }
    return;
  }
  const groups: Array<{ s: number; e: number; v: string }> = [];
  const re = /\+?[0-9]+[Xx]?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tok))) groups.push({ s: tokStart + m.index, e: tokStart + m.index + m[0].length, v: m[0] });
  let i = 0;
  while (i < groups.length) {
    let found = false;
    // longest run first, at most 22 characters (19-digit card, +86 mobile with groups)
    // prefixes built once per start group; groups joined across separators are ≥ 2 characters each (138 1234 5678,
    // 6222 0212 …), which also keeps "1 1 1 1 …" linear
    const prefixes: string[] = [];
    let acc = '';
    for (let j = i; j < groups.length && acc.length + groups[j].v.length <= 22; j++) {
      if (j > i && (groups[j].v.length < 2 || groups[i].v.length < 2)) break;
      prefixes.push((acc += groups[j].v));
    }
    for (let k = i + prefixes.length - 1; k >= i; k--) {
      const compact = prefixes[k - i];
      if (compact.length < 10) break;
      if (compact.length > 19 && !(compact[0] === '+' && compact.length <= 22)) continue; // nothing longer than a card
      if (compact.includes('+', 1) || /[Xx]./.test(compact)) continue;
      const type = classifyCompact(compact);
      // part of a longer grouped number (a mistyped card, an order number in 4s) is not a card or a mobile
      // (a landline may carry an extension group after it, not a group before it)
      const leftPart = i > 0 && groups[i - 1].v.length >= 3;
      const rightPart = k < groups.length - 1 && groups[k + 1].v.length >= 3;
      const partial = type === 'landline' ? leftPart : leftPart || rightPart;
      if (type && !(partial && type !== 'id_card' && type !== 'uscc')) {
        const start = groups[i].s;
        const end = groups[k].e;
        out.push({ type, start, end, text: orig.slice(start, end), confidence: numberConfidence(type, text, start, compact, now) });
        i = k + 1;
        found = true;
        break;
      }
    }
    if (!found) i++;
  }
}

/** Picks the name that ends right before a title (张三先生): 2–4 chars starting with the most common surname. */
function nameBeforeTitle(text: string, titleStart: number): [number, number] | null {
  let best: [number, number] | null = null;
  let bestRank = Infinity;
  for (let len = 2; len <= 4; len++) {
    const s = titleStart - len;
    if (s < 0) break;
    const cand = text.slice(s, titleStart);
    if (!/^[\u4e00-\u9fff]+$/.test(cand)) break;
    const sl = surnameLength(cand);
    if (sl === 0 || len - sl > 2 || len - sl < 1 || SURNAME_WORDS.has(cand.slice(0, 2))) continue;
    if ([...cand.slice(sl)].some((c) => NAME_STOP.has(c))) continue;
    const rank = surnameRank(cand);
    if (rank < bestRank) {
      bestRank = rank;
      best = [s, titleStart];
    }
  }
  return best;
}

/** Reads a name right after a cue (借款人张三于…): surname + 1–2 given chars, stopping at function words. */
const DOTTED_NAME = /^[\u4e00-\u9fff]{1,5}·[\u4e00-\u9fff]{1,5}/;
function nameAfterCue(val: string): number {
  // transliterated (e.g. Uyghur) names carry a separator dot and no Han surname: 买买提·吐尔逊
  const dotted = DOTTED_NAME.exec(val);
  if (dotted) {
    const dot = dotted[0].indexOf('·');
    let n = dot + 1;
    while (n < dotted[0].length && !NAME_STOP.has(dotted[0][n])) n++;
    if (n > dot + 1) return n;
  }
  const sl = surnameLength(val);
  if (sl === 0 || val.length < sl + 1 || SURNAME_WORDS.has(val.slice(0, 2))) return 0;
  let n = sl;
  while (n < val.length && n < sl + 2 && !NAME_STOP.has(val[n]) && val[n] !== '·') n++;
  return n - sl >= 1 ? n : 0;
}

/**
 * Finds personal data in free text. Findings are sorted by start, non-overlapping, with offsets into `input`.
 * Full-width digits/letters, spaced or hyphenated numbers and +86 prefixes are recognised.
 */
export function detect(input: string, opts: DetectOptions = {}): Finding[] {
  const minConfidence = thresholdFor(opts.use, opts.minConfidence);
  const now = opts.now ?? new Date();
  const text = toHalfWidth(input);
  const out: Finding[] = [];
  const re = new RegExp(MASTER_SOURCE, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const at = m.index;
    if (m[G_EMAIL] !== undefined) {
      out.push({ type: 'email', start: at, end: at + m[G_EMAIL].length, text: input.slice(at, at + m[G_EMAIL].length), confidence: 0.97 });
    } else if (m[G_PTEL] !== undefined) {
      out.push({ type: 'landline', start: at, end: at + m[G_PTEL].length, text: input.slice(at, at + m[G_PTEL].length), confidence: 0.95 });
    } else if (m[G_CODE] !== undefined) {
      const type = classifyCompact(m[G_CODE]);
      if (type) {
        out.push({ type, start: at, end: at + 18, text: input.slice(at, at + 18), confidence: numberConfidence(type, text, at, m[G_CODE], now) });
      }
    } else if (m[G_NUM] !== undefined) {
      scanNumberToken(text, at, m[G_NUM], now, out, input);
    } else if (m[G_PLATE] !== undefined) {
      const tail = m[G_PLATE].replace(/[·•・ ]/, '').slice(2);
      const letters = (tail.match(/[A-Z]/g) ?? []).length;
      // ordinary plates carry at most two letters after the issuing-office letter
      if (tail.length === 6 || letters <= 2) {
        out.push({ type: 'plate', start: at, end: at + m[G_PLATE].length, text: input.slice(at, at + m[G_PLATE].length), confidence: 0.9 });
      }
    } else if (m[G_NCUE] !== undefined) {
      const valStart = at + m[0].length - m[G_NVAL].length;
      const n = nameAfterCue(m[G_NVAL]);
      if (n > 0 && !PLACE_AFTER.has(text[valStart + n] ?? '')) {
        out.push({ type: 'name', start: valStart, end: valStart + n, text: input.slice(valStart, valStart + n), confidence: 0.9 });
        re.lastIndex = valStart + n;
      } else {
        re.lastIndex = valStart;
      }
    } else if (m[G_NTITLE] !== undefined) {
      const span = nameBeforeTitle(text, at);
      if (span) out.push({ type: 'name', start: span[0], end: span[1], text: input.slice(span[0], span[1]), confidence: 0.8 });
    } else if (m[G_ACUE] !== undefined) {
      const from = at + m[0].length;
      const a = parseAddress(text, from);
      if (!a.institution && a.end - from >= 4 && (a.streetParts > 0 || a.district)) {
        out.push({ type: 'address', start: from, end: a.end, text: input.slice(from, a.end), confidence: 0.9 });
        re.lastIndex = a.end;
      }
    } else if (m[G_PROV] !== undefined || m[G_CITY] !== undefined) {
      let from = at;
      // "位于沈阳市…": the anchor may have started on a verb/preposition; keep at least 2 chars before 市
      if (m[G_CITY] !== undefined) {
        // "家在慈溪市…", "他住义乌市…": start after the last verb/preposition that precedes a 2+ character city name
        const cityEnd = at + m[G_CITY].length;
        for (let k = cityEnd - 3; k >= at; k--) {
          if (LEAD_STOP.has(text[k])) {
            from = k + 1;
            break;
          }
        }
      }
      const a = parseAddress(text, from);
      // a bare "X市" + street without district must carry a house number (东莞市中山路963号, not 城市道路)
      const bareCity = m[G_CITY] !== undefined && !a.district;
      if (bareCity && !/\d+(?:号|栋|幢|室|弄|单元)/.test(text.slice(from, a.end))) continue;
      if (!a.institution && a.streetParts > 0 && (a.district || a.city || (a.province && a.province.length > 2))) {
        const conf = a.district && (a.province || a.city) ? 0.85 : 0.7;
        out.push({ type: 'address', start: from, end: a.end, text: input.slice(from, a.end), confidence: conf });
        re.lastIndex = a.end;
      }
    }
  }
  if (!opts.types || opts.types.includes('name')) {
    // names without cue words: scored over the text the identifiers and addresses have not already claimed
    const taken = out.filter((f) => f.confidence >= minConfidence).sort((a, b) => a.start - b.start);
    const hits: NameHit[] = [];
    findHanNames(text, taken, minConfidence, hits);
    findRomanNames(text, hits);
    for (const h of hits) out.push({ type: 'name', start: h.start, end: h.end, text: input.slice(h.start, h.end), confidence: h.confidence });
  }
  return resolve(out, minConfidence, opts.types);
}

function resolve(found: Finding[], minConfidence: number, types?: readonly PiiType[]): Finding[] {
  const kept = found.filter((f) => f.confidence >= minConfidence && (!types || types.includes(f.type)));
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  const res: Finding[] = [];
  for (const f of kept) {
    const prev = res[res.length - 1];
    if (prev && f.start < prev.end) {
      // overlap: keep the more confident, then the longer
      if (f.confidence > prev.confidence || (f.confidence === prev.confidence && f.end - f.start > prev.end - prev.start)) {
        res[res.length - 1] = f;
      }
      continue;
    }
    res.push(f);
  }
  return res;
}
