// Gateway amounts. Alipay sends yuan as a decimal string ("88.88"), WeChat Pay and UnionPay send integer fen
// ("amount.total": 8888, "txnAmt": "8888"). Conversions are exact string/bigint arithmetic, never a float (CALC-01:
// money is integer fen). A gateway amount must be positive.
const YUAN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
const FEN = /^[1-9]\d{0,17}$/;

/** "88.8" → 8880n. Throws RangeError for anything but a plain non-negative decimal with at most two places. */
export function yuanToFen(s: string): bigint {
  if (typeof s !== 'string' || !YUAN.test(s)) throw new RangeError(`not a yuan amount: ${JSON.stringify(s)}`);
  const [int, frac = ''] = s.split('.');
  return BigInt(int!) * 100n + BigInt((frac + '00').slice(0, 2));
}

/** 8880n → "88.80" (what Alipay's total_amount expects). Throws RangeError for a negative amount. */
export function fenToYuan(fen: bigint): string {
  if (fen < 0n) throw new RangeError('negative amount');
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
}

/** "8888" or 8888 → 8888n (WeChat amount.total, UnionPay txnAmt). Positive integers only; a JSON number must be a safe integer. */
export function fenFromGateway(v: unknown): bigint {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`not a fen amount: ${v}`);
    return BigInt(v);
  }
  if (typeof v !== 'string' || !FEN.test(v)) throw new RangeError(`not a fen amount: ${JSON.stringify(v)}`);
  return BigInt(v);
}
