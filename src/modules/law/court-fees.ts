// Court fees under 诉讼费用交纳办法 (2007): CALC-03 acceptance fee (art 13(1)), CALC-04 preservation fee
// (art 14(2)), CALC-06 enforcement fee (art 14(1)), CALC-07 payment-order fee (art 14(3)).
// Bands are cumulative (each rate applies only to the part of the amount inside its band). Exact in fen; one
// half-up rounding at the end.
import { roundDiv } from '../../platform/money.js';
import { lawError } from './errors.js';

const YUAN = 100n;

interface Band {
  /** Upper bound of the band in fen (null = no upper bound). */
  upToFen: bigint | null;
  /** Rate in basis points of the part inside the band. */
  bps: bigint;
}

/** Σ over bands of (part in band × bps), as a rational numerator over 10000. */
function banded(amountFen: bigint, floorFen: bigint, bands: Band[]): bigint {
  let num = 0n;
  let lower = floorFen;
  for (const b of bands) {
    if (amountFen <= lower) break;
    const upper = b.upToFen === null || amountFen < b.upToFen ? amountFen : b.upToFen;
    num += (upper - lower) * b.bps;
    lower = upper;
  }
  return num;
}

function checkAmount(fen: bigint): void {
  if (fen < 0n) throw lawError('LAW_AMOUNT_INVALID', { detail: 'amount must not be negative' });
}

const ACCEPTANCE_BANDS: Band[] = [
  { upToFen: 100_000n * YUAN, bps: 250n },
  { upToFen: 200_000n * YUAN, bps: 200n },
  { upToFen: 500_000n * YUAN, bps: 150n },
  { upToFen: 1_000_000n * YUAN, bps: 100n },
  { upToFen: 2_000_000n * YUAN, bps: 90n },
  { upToFen: 5_000_000n * YUAN, bps: 80n },
  { upToFen: 10_000_000n * YUAN, bps: 70n },
  { upToFen: 20_000_000n * YUAN, bps: 60n },
  { upToFen: null, bps: 50n },
];

export type HalvingReason = 'mediation' | 'withdrawal' | 'simplified_procedure';

/**
 * CALC-03 案件受理费 for a property case: 50 yuan up to 10,000; then 2.5 %/2 %/1.5 %/1 %/0.9 %/0.8 %/0.7 %/0.6 %/0.5 %
 * cumulatively. `halvedFor`: mediation or withdrawal (art 15), simplified procedure (art 16) — halved once even when
 * several apply (not compounded).
 */
export function acceptanceFee(amountFen: bigint, opts: { halvedFor?: HalvingReason[] } = {}): { fullFen: bigint; dueFen: bigint; halved: boolean } {
  checkAmount(amountFen);
  const fullFen = 50n * YUAN + roundDiv(banded(amountFen, 10_000n * YUAN, ACCEPTANCE_BANDS), 10_000n);
  const halved = (opts.halvedFor ?? []).length > 0;
  return { fullFen, dueFen: halved ? roundDiv(fullFen, 2n) : fullFen, halved };
}

/** CALC-04 申请保全措施费: 30 yuan up to 1,000 or no amount; 1 % to 100,000; 0.5 % above; at most 5,000 yuan. */
export function preservationFee(amountFen: bigint | null): bigint {
  if (amountFen === null) return 30n * YUAN;
  checkAmount(amountFen);
  const fee =
    30n * YUAN +
    roundDiv(
      banded(amountFen, 1_000n * YUAN, [
        { upToFen: 100_000n * YUAN, bps: 100n },
        { upToFen: null, bps: 50n },
      ]),
      10_000n,
    );
  const max = 5_000n * YUAN;
  return fee > max ? max : fee;
}

/**
 * CALC-06 申请执行费: 50 yuan up to 10,000; 1.5 % to 500,000; 1 % to 5M; 0.5 % to 10M; 0.1 % above.
 * With no amount (`null`) the fee is a range of 50–500 yuan set by the court; this returns that range.
 */
export function enforcementFee(amountFen: bigint): bigint;
export function enforcementFee(amountFen: null): { minFen: bigint; maxFen: bigint };
export function enforcementFee(amountFen: bigint | null): bigint | { minFen: bigint; maxFen: bigint } {
  if (amountFen === null) return { minFen: 50n * YUAN, maxFen: 500n * YUAN };
  checkAmount(amountFen);
  return (
    50n * YUAN +
    roundDiv(
      banded(amountFen, 10_000n * YUAN, [
        { upToFen: 500_000n * YUAN, bps: 150n },
        { upToFen: 5_000_000n * YUAN, bps: 100n },
        { upToFen: 10_000_000n * YUAN, bps: 50n },
        { upToFen: null, bps: 10n },
      ]),
      10_000n,
    )
  );
}

/** CALC-07 支付令 fee: one third of the full CALC-03 acceptance fee (art 14(3)), rounded half-up to the fen. */
export function paymentOrderFee(amountFen: bigint): bigint {
  checkAmount(amountFen);
  return roundDiv(acceptanceFee(amountFen).fullFen, 3n);
}
