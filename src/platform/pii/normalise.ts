// Canonical forms of PII values: used by detection (full-width input), blind indexes and pseudonyms, so that
// "１３８ 1234 5678" and "+86-138-1234-5678" index and pseudonymise to the same thing.
import type { PiiType } from './types.js';

/**
 * Full-width ASCII (U+FF01–FF5E), the ideographic space and dash variants to ASCII. Every replaced character is a
 * single UTF-16 unit mapped to a single unit, so offsets in the result are offsets in the input.
 */
const FOLD_RE = /[\uff01-\uff5e\u3000\u2010\u2013\u2014\u2212]/g;
function fold(c: string): string {
  const x = c.charCodeAt(0);
  if (x >= 0xff01) return String.fromCharCode(x - 0xfee0);
  return x === 0x3000 ? ' ' : '-';
}
const utf16 = new TextDecoder('utf-16le');
export function toHalfWidth(s: string): string {
  // short strings: one regex pass; long texts (free text is full of ，：（）) fold through a code-unit buffer, which
  // is several times faster than a replace callback per punctuation mark
  if (s.length < 256) return s.replace(FOLD_RE, fold);
  const n = s.length;
  const buf = new Uint16Array(n);
  let changed = false;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x2010) {
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      else if (c === 0x3000) c = 32;
      else if (c === 0x2010 || c === 0x2013 || c === 0x2014 || c === 0x2212) c = 45;
      if (c !== s.charCodeAt(i)) changed = true;
    }
    buf[i] = c;
  }
  if (!changed) return s;
  const out = utf16.decode(buf);
  // a lone surrogate decodes to U+FFFD (same length); keep the regex path's exact output in that rare case
  return out.length === n && !out.includes('\ufffd') ? out : s.replace(FOLD_RE, fold);
}

/** ASCII digits of `s` (after full-width folding), everything else dropped. */
export function digitsOnly(s: string): string {
  return toHalfWidth(s).replace(/\D/g, '');
}

/** Mainland mobile reduced to its 11 digits (drops +86 / 0086 / 86). */
export function canonicalMobile(s: string): string {
  const d = digitsOnly(s);
  if (d.length === 15 && d.startsWith('0086')) return d.slice(4);
  if (d.length === 13 && d.startsWith('86')) return d.slice(2);
  return d;
}

/** The canonical form of a value of `type` (blind indexes and pseudonyms hash this). */
export function normaliseValue(type: PiiType, value: string): string {
  const hw = toHalfWidth(value.normalize('NFKC'));
  switch (type) {
    case 'id_card':
    case 'uscc':
      return hw.replace(/\s+/g, '').toUpperCase();
    case 'mobile':
      return canonicalMobile(hw);
    case 'landline':
    case 'bank_card':
      return digitsOnly(hw);
    case 'email':
      return hw.trim().toLowerCase();
    case 'plate':
      return hw.replace(/[\s·•・-]+/g, '').toUpperCase();
    case 'name':
    case 'address':
      return hw.replace(/\s+/g, '');
  }
}
