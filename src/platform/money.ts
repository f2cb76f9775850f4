// Money is integer fen (1/100 CNY) in bigint; JSON carries decimal strings ("1234.56"). Never a float.

const DECIMAL = /^-?\d{1,15}(\.\d{1,2})?$/;

/** "1234.5" → 123450n. Throws RangeError on anything that is not a plain decimal with at most 2 places. */
export function parseYuan(s: string): bigint {
  const t = s.trim();
  if (!DECIMAL.test(t)) throw new RangeError(`not a money amount: ${JSON.stringify(s)}`);
  const neg = t.startsWith('-');
  const [int, frac = ''] = (neg ? t.slice(1) : t).split('.');
  const fen = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
  return neg ? -fen : fen;
}

/** 123450n → "1234.50" */
export function formatYuan(fen: bigint): string {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** Multiply by a rate given in basis points (1/10000), rounding half-up away from zero, exact. */
export function applyBps(fen: bigint, bps: bigint): bigint {
  const p = fen * bps;
  const q = p / 10000n;
  const r = p % 10000n;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= 10000n) return p < 0n ? q - 1n : q + 1n;
  return q;
}

/** Round a rational num/den (bigints, den > 0) half-up to an integer. */
export function roundDiv(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('denominator must be positive');
  const q = num / den;
  const r = num % den;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= den) return num < 0n ? q - 1n : q + 1n;
  return q;
}
