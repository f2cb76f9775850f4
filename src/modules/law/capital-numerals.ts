// Amounts in Chinese capital numerals (中文大写金额), as written on legal documents next to the figures
// (D0 closing block: "¥100,000.00 / 人民币壹拾万元整"). Rules follow the PBOC 《支付结算办法》 annex
// 《正确填写票据和结算凭证的基本规定》:
// - 整 after 元 or 角 when the amount stops there, never after 分;
// - one 零 for a run of zeros in the middle (incl. across 万/亿 groups), none for trailing zeros;
// - 元 … 零X分 when 角 is zero but 分 is not; no 零 between 元 and a non-zero 角 (both forms are allowed);
// - 壹拾 (never a bare 拾) for the leading ten.
import { lawError } from './errors.js';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿'];
/** Largest amount accepted: 9999,9999,9999.99 yuan (below 1 万亿). */
export const MAX_CAPITALS_FEN = 99_999_999_999_99n;

/** Write a 1..9999 group; `pad` = a higher group exists, so a group under 1000 starts with 零. */
function group(n: number, pad: boolean): string {
  let out = '';
  let zero = pad && n < 1000;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d] + SMALL_UNITS[pos];
  }
  return out;
}

/** Integer yuan → capitals without 元 (e.g. 100000n → 壹拾万). 0n → ''. */
function integerPart(yuan: bigint): string {
  const groups: number[] = [];
  let y = yuan;
  while (y > 0n) {
    groups.push(Number(y % 10000n));
    y /= 10000n;
  }
  let out = '';
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    const higher = out !== '';
    let s = group(g, higher);
    if (pendingZero && !s.startsWith('零')) s = '零' + s;
    pendingZero = false;
    out += s + GROUP_UNITS[i];
  }
  return out;
}

/**
 * 10_000_000n fen → "人民币壹拾万元整". Throws LAW_AMOUNT_INVALID for negatives and LAW_AMOUNT_TOO_LARGE above
 * MAX_CAPITALS_FEN. `prefix: false` leaves out 人民币.
 */
export function toCapitals(fen: bigint, opts: { prefix?: boolean } = {}): string {
  if (fen < 0n) throw lawError('LAW_AMOUNT_INVALID', { detail: 'negative amounts have no capital form' });
  if (fen > MAX_CAPITALS_FEN) throw lawError('LAW_AMOUNT_TOO_LARGE');
  const prefix = opts.prefix === false ? '' : '人民币';
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const f = Number(fen % 10n);
  if (fen === 0n) return `${prefix}零元整`;
  let out = yuan > 0n ? integerPart(yuan) + '元' : '';
  if (jiao === 0 && f === 0) return `${prefix}${out}整`;
  if (jiao > 0) out += DIGITS[jiao] + '角';
  else if (yuan > 0n) out += '零';
  if (f > 0) return `${prefix}${out}${DIGITS[f]}分`;
  return `${prefix}${out}整`;
}

const DIGIT_VALUE = new Map<string, number>([...DIGITS].map((c, i) => [c, i]));
const SMALL_VALUE = new Map<string, number>([['拾', 10], ['佰', 100], ['仟', 1000]]);

/** Parse a 1..9999 group (may start with 零, may contain 零). */
function parseGroup(s: string, whole: string): bigint {
  let total = 0;
  let digit: number | null = null;
  for (const c of s) {
    if (c === '零') {
      if (digit !== null) throw lawError('LAW_CAPITALS_UNPARSEABLE', { detail: whole });
      continue;
    }
    const d = DIGIT_VALUE.get(c);
    if (d !== undefined) {
      if (digit !== null) throw lawError('LAW_CAPITALS_UNPARSEABLE', { detail: whole });
      digit = d;
      continue;
    }
    const u = SMALL_VALUE.get(c);
    if (u === undefined) throw lawError('LAW_CAPITALS_UNPARSEABLE', { detail: whole });
    total += (digit ?? 1) * u; // tolerate a bare 拾 on reading
    digit = null;
  }
  return BigInt(total + (digit ?? 0));
}

/** "人民币壹拾万元整" → 10_000_000n fen. Accepts 正 for 整 and an optional 人民币 prefix. Inverse of toCapitals. */
export function parseCapitals(text: string): bigint {
  let s = text.trim().replace(/^人民币/, '').replace(/[整正]$/, '');
  if (s === '') throw lawError('LAW_CAPITALS_UNPARSEABLE', { detail: text });
  let fen = 0n;
  const fenM = s.match(/(零?)([壹贰叁肆伍陆柒捌玖])分$/);
  if (fenM) {
    fen += BigInt(DIGIT_VALUE.get(fenM[2])!);
    s = s.slice(0, s.length - fenM[0].length);
  }
  const jiaoM = s.match(/([壹贰叁肆伍陆柒捌玖])角$/);
  if (jiaoM) {
    fen += BigInt(DIGIT_VALUE.get(jiaoM[1])!) * 10n;
    s = s.slice(0, s.length - jiaoM[0].length);
  }
  s = s.replace(/零$/, '');
  if (s === '') return fen;
  if (!s.endsWith('元')) throw lawError('LAW_CAPITALS_UNPARSEABLE', { detail: text });
  s = s.slice(0, -1);
  if (s === '零') return fen;
  let yuan = 0n;
  const yi = s.split('亿');
  if (yi.length > 2) throw lawError('LAW_CAPITALS_UNPARSEABLE', { detail: text });
  let rest = yi.length === 2 ? yi[1] : yi[0];
  if (yi.length === 2) yuan += parseGroup(yi[0], text) * 100_000_000n;
  const wan = rest.split('万');
  if (wan.length > 2) throw lawError('LAW_CAPITALS_UNPARSEABLE', { detail: text });
  if (wan.length === 2) {
    yuan += parseGroup(wan[0], text) * 10_000n;
    rest = wan[1];
  }
  yuan += parseGroup(rest, text);
  return yuan * 100n + fen;
}

/** 10_000_000n → "¥100,000.00" (figures with thousands separators, as printed beside the capitals). */
export function formatFigures(fen: bigint, symbol = '¥'): string {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  const int = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${symbol}${int}.${(a % 100n).toString().padStart(2, '0')}`;
}
