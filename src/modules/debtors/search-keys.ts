// Search keys for debtor names: the name itself, its toneless pinyin and its initials, so staff can find 张三 by
// "zhangsan", "zhang san", "zs" or "张". Surnames use their surname reading (单 → shan, 曾 → zeng).
import { pinyin } from 'pinyin-pro';
import { toHalfWidth } from '../../platform/pii/normalise.js';

export interface NameSearchKeys {
  /** The name without spaces, lower-cased (Latin names). */
  name: string;
  /** Pinyin syllables joined without separators, e.g. "zhangsan"; Latin parts kept lower-cased. */
  pinyin: string;
  /** First letters of the syllables, e.g. "zs". */
  initials: string;
}

const fold = (s: string) => toHalfWidth(s.normalize('NFKC')).toLowerCase().replace(/[\s·•・.\-_'’]+/g, '');

/** Search keys of a person's or organisation's name. */
export function nameSearchKeys(name: string): NameSearchKeys {
  const clean = toHalfWidth(name.normalize('NFKC')).trim();
  const syllables = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true })
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  // Latin runs come back as one element ("li lei"): split them into words for initials.
  const words = syllables.flatMap((s) => s.split(/[^a-z0-9]+/).filter(Boolean));
  return { name: fold(clean), pinyin: words.join(''), initials: words.map((w) => w[0]).join('') };
}

/** Normalised search query: characters folded like the keys. */
export function normaliseQuery(q: string): string {
  return fold(q);
}

/**
 * Does a name match a query? Substring of the name, prefix or substring of the full pinyin, or prefix of the
 * initials. Empty queries match nothing.
 */
export function nameMatches(keys: NameSearchKeys, query: string): boolean {
  const q = normaliseQuery(query);
  if (!q) return false;
  if (keys.name.includes(q)) return true;
  if (/^[a-z0-9]+$/.test(q)) return keys.pinyin.includes(q) || keys.initials.startsWith(q);
  return false;
}
