// RFC 8785 JSON Canonicalization Scheme. Leaf bytes of the evidence log are the JCS form of the record.
// - object members sorted by their names as UTF-16 code-unit sequences (what Array.prototype.sort does);
// - numbers in the ECMAScript Number-to-String form (JSON.stringify already does this for finite numbers);
// - strings escaped as JSON.stringify does (the RFC 8785 §3.2.2.2 rules: \b \t \n \f \r \" \\ and \u00xx for
//   other control characters, everything else literal).
import { utf8 } from './digest.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue | undefined };

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

function str(s: string): string {
  if (hasLoneSurrogate(s)) throw new TypeError('JCS: string with a lone surrogate cannot be canonicalised');
  return JSON.stringify(s);
}

/** Canonical JSON text (RFC 8785). Throws on values JSON cannot carry (NaN, Infinity, bigint, functions, undefined in arrays). */
export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('JCS: non-finite number');
      return JSON.stringify(value); // -0 → "0", 1e21 → "1e+21" per ECMAScript
    case 'string':
      return str(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v) => {
          if (v === undefined) throw new TypeError('JCS: undefined in array');
          return canonicalize(v);
        }).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError('JCS: only plain objects can be canonicalised');
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${str(k)}:${canonicalize(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`JCS: cannot canonicalise a ${typeof value}`);
  }
}

/** UTF-8 bytes of the canonical JSON text. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalize(value));
}
