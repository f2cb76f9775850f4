// Prefixed, sortable-enough random IDs: `case_01JD…`. Prefix tells the entity at a glance (Medusa style).
import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** 48-bit millisecond time + 80 random bits, base32: sorts by creation time, unguessable. */
export function newId(prefix: string): string {
  const t = Date.now();
  let time = '';
  let n = t;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[n % 32] + time;
    n = Math.floor(n / 32);
  }
  const r = randomBytes(10);
  let rand = '';
  let acc = 0n;
  for (const b of r) acc = (acc << 8n) | BigInt(b);
  for (let i = 0; i < 16; i++) {
    rand = ALPHABET[Number(acc & 31n)] + rand;
    acc >>= 5n;
  }
  return `${prefix}_${time}${rand}`;
}

/** Random bytes handed out from buffers filled in bulk (one randomFillSync per `size` bytes): bulk import paths. */
export class RandomPool {
  private buf: Buffer;
  private off: number;
  constructor(private readonly size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
    this.off = size;
  }
  /** `n` fresh random bytes (a view; copy if kept beyond the next call's refill). */
  take(n: number): Buffer {
    if (n > this.size) return randomFillSync(Buffer.allocUnsafe(n));
    if (this.off + n > this.size) {
      randomFillSync(this.buf);
      this.off = 0;
    }
    const out = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }
}

/** newId's format (`prefix_` + 10 time chars + 16 random chars) with randomness from a pool, for bulk paths. */
export function pooledId(pool: RandomPool, prefix: string, now = Date.now()): string {
  let time = '';
  let n = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[n % 32] + time;
    n = Math.floor(n / 32);
  }
  // 16 characters × 5 bits = 80 bits: one byte per character, low 5 bits (256 % 32 = 0, so unbiased).
  const r = pool.take(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[r[i] & 31];
  return `${prefix}_${time}${rand}`;
}

/** URL-safe random token (for sessions, reset links, API key secrets). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
