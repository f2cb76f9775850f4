// Prefixed, sortable-enough random IDs: `case_01JD…`. Prefix tells the entity at a glance (Medusa style).
import { randomBytes } from 'node:crypto';

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

/** URL-safe random token (for sessions, reset links, API key secrets). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
