// Minimal DER reader/writer for the RFC 3161 and CMS structures the time-stamp anchor needs (X.690).
export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the content. */
  content: number;
  end: number;
}

export function readTlv(b: Uint8Array, off: number): Tlv {
  if (off + 2 > b.length) throw new Error('DER: truncated');
  const tag = b[off];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags unsupported');
  let len = b[off + 1];
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  if (p + len > b.length) throw new Error('DER: truncated');
  return { tag, start: off, content: p, end: p + len };
}

/** The children of a constructed TLV. */
export function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.content; p < t.end; ) {
    const c = readTlv(b, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

export const bytesOf = (b: Uint8Array, t: Tlv) => b.subarray(t.content, t.end);
export const whole = (b: Uint8Array, t: Tlv) => b.subarray(t.start, t.end);

function encLen(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const len = content.reduce((n, c) => n + c.length, 0);
  const head = [tag, ...encLen(len)];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  let o = head.length;
  for (const c of content) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
export const octets = (c: Uint8Array) => tlv(0x04, c);
export const nul = () => Uint8Array.of(0x05, 0x00);
export const bool = (v: boolean) => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);

/** A non-negative INTEGER from big-endian bytes (minimal, with a 0x00 pad when the high bit is set). */
export function uint(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = bytes.subarray(i);
  return tlv(0x02, ...(v[0] & 0x80 ? [Uint8Array.of(0), v] : [v]));
}

/** OID content bytes from dotted form. */
export function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const stack: number[] = [p & 0x7f];
    let x = Math.floor(p / 128);
    while (x > 0) {
      stack.unshift((x & 0x7f) | 0x80);
      x = Math.floor(x / 128);
    }
    out.push(...stack);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export function oidToString(content: Uint8Array): string {
  const out: number[] = [Math.floor(content[0] / 40), content[0] % 40];
  let v = 0;
  for (const byte of content.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      out.push(v);
      v = 0;
    }
  }
  return out.join('.');
}
