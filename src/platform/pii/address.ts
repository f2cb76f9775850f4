// Chinese address parsing, just deep enough for detection (is this a street-level address?), masking (cut at the
// district, PI-22) and generalisation (cut at the city, PI-21). Not a geocoder.
import { INSTITUTION_WORDS, MUNICIPALITIES, PROVINCES, STREET_SUFFIXES } from './lexicon.js';

const HAN = '\\u4e00-\\u9fff';
const PROVINCE_RE = new RegExp(
  `(${PROVINCES.map(([s]) => s).join('|')})(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?`,
  'y',
);
const CITY_RE = new RegExp(`[${HAN}]{1,7}?(?:市|自治州|地区|盟)`, 'y');
const DISTRICT_RE = new RegExp(`[${HAN}]{1,6}?(?:新区|区|县|旗|市)`, 'y');
const COMPONENT_RE = new RegExp(`[${HAN}0-9A-Za-z#\\-]{0,12}?(?:${STREET_SUFFIXES.join('|')})`, 'y');
const TRAILING_RE = /[0-9A-Za-z\-]+(?:室|房|号)?/y;
/** Characters that never occur inside an address component body (they end the address). */
const ADDRESS_STOP = /[的是在欠于与及向对把被将为因已未等请经]/;
const INSTITUTION_RE = new RegExp(INSTITUTION_WORDS.join('|'));

export interface ParsedAddress {
  start: number;
  province?: string;
  city?: string;
  district?: string;
  /** Offset just after the last administrative part (province/city/district) found; `start` when none. */
  adminEnd: number;
  /** Offset just after the city-level part (province for municipalities); `start` when none. */
  cityEnd: number;
  /** Offset just after the whole address. */
  end: number;
  /** Number of street-level components (路, 号, 室 …) read after the administrative part. */
  streetParts: number;
  /** True when the text right after the address names a court, company, bank or office (not a home address). */
  institution: boolean;
}

function stickyMatch(re: RegExp, s: string, at: number, limit: number): RegExpExecArray | null {
  re.lastIndex = at;
  const m = re.exec(s);
  return m && m.index + m[0].length <= limit ? m : null;
}

/** Parses the address that starts at `from` in `s` (the caller has found an anchor or a cue there). */
export function parseAddress(s: string, from = 0, maxLen = 80): ParsedAddress {
  const limit = Math.min(s.length, from + maxLen);
  const text = s;
  let at = from;
  const out: ParsedAddress = { start: from, adminEnd: from, cityEnd: from, end: from, streetParts: 0, institution: false };

  const p = stickyMatch(PROVINCE_RE, text, at, limit);
  let municipality = false;
  if (p) {
    out.province = p[0];
    municipality = MUNICIPALITIES.has(p[1]);
    at = p.index + p[0].length;
    out.adminEnd = out.cityEnd = at;
  }
  if (!municipality) {
    const c = stickyMatch(CITY_RE, text, at, limit);
    if (c && !INSTITUTION_RE.test(c[0])) {
      out.city = c[0];
      at = c.index + c[0].length;
      out.adminEnd = out.cityEnd = at;
    }
  }
  const d = stickyMatch(DISTRICT_RE, text, at, limit);
  if (d && !INSTITUTION_RE.test(d[0]) && !ADDRESS_STOP.test(d[0])) {
    out.district = d[0];
    at = d.index + d[0].length;
    out.adminEnd = at;
  }
  // Street-level components: 建国路 88号 3栋 2单元 502室 …
  for (;;) {
    const m = stickyMatch(COMPONENT_RE, text, at, limit);
    if (!m || ADDRESS_STOP.test(m[0])) break;
    if (INSTITUTION_RE.test(m[0])) {
      out.institution = true;
      break;
    }
    out.streetParts++;
    at = m.index + m[0].length;
  }
  if (out.streetParts > 0) {
    const t = stickyMatch(TRAILING_RE, text, at, limit);
    if (t) at = t.index + t[0].length;
  }
  out.end = at;
  if (!out.institution && INSTITUTION_RE.test(text.slice(at, at + 6))) {
    const tail = text.slice(at, at + 6);
    // "…建国路支行", "…区人民法院": the address is part of an institution's name.
    if (INSTITUTION_WORDS.some((w) => tail.startsWith(w))) out.institution = true;
  }
  return out;
}
