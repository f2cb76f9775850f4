// Per-creditor fee agreements. Fees are the agency's charge to the CREDITOR, taken from the creditor escrow, never
// added to the debtor's debt (COL-44). The contingency fee is a pure function of the cumulative net recovered money
// (receipts − reversals − refunds): fee due now = f(net recovered) − fees already charged. Because f is monotone and
// depends only on the total, any sequence of partial payments, reversals, refunds and retries converges to f(total)
// and no recovered fen is charged twice.
import { applyBps, formatYuan } from '../../platform/money.js';
import { ledgerError } from './errors.js';

/** A marginal band: `bps` applies to recovered money up to `uptoFen` (cumulative); the last band has no upper bound. */
export interface FeeBand {
  uptoFen?: bigint;
  bps: bigint;
}

/** A tier chosen once per case from the debt's age and amount at placement; the first matching tier wins. */
export interface ContingencyTier {
  maxDebtAgeDays?: number;
  maxDebtAmountFen?: bigint;
  bands: FeeBand[];
}

export interface FeeAgreement {
  id: string;
  /** Agreements change by new versions; money recovered under a version is charged under that version only. */
  version: number;
  creditorId: string;
  fixed?: { amountFen: bigint; basis: 'per_case' | 'per_placement' };
  tiers: ContingencyTier[];
  /** Minimum contingency fee once anything is recovered (never more than what was recovered). */
  minFen?: bigint;
  /** Maximum contingency fee per case under this agreement version. */
  capFen?: bigint;
}

export interface CaseFeeContext {
  debtAgeDays: number;
  debtAmountFen: bigint;
}

export function validateFeeAgreement(a: FeeAgreement): void {
  const fail = (detail: string) => ledgerError('LEDGER_FEE_AGREEMENT_INVALID', { detail });
  if (a.tiers.length === 0) throw fail('at least one tier');
  for (const t of a.tiers) {
    if (t.bands.length === 0) throw fail('a tier needs at least one band');
    let prev = 0n;
    t.bands.forEach((b, i) => {
      if (b.bps < 0n || b.bps > 10_000n) throw fail('band rate must be 0..10000 bps');
      const last = i === t.bands.length - 1;
      if (last !== (b.uptoFen === undefined)) throw fail('only the last band is open-ended');
      if (b.uptoFen !== undefined) {
        if (b.uptoFen <= prev) throw fail('band limits must increase');
        prev = b.uptoFen;
      }
    });
  }
  const last = a.tiers[a.tiers.length - 1]!;
  if (last.maxDebtAgeDays !== undefined || last.maxDebtAmountFen !== undefined) throw fail('the last tier must match every case');
  if (a.minFen !== undefined && a.minFen < 0n) throw fail('minimum must be ≥ 0');
  if (a.capFen !== undefined && a.capFen < 0n) throw fail('cap must be ≥ 0');
  if (a.minFen !== undefined && a.capFen !== undefined && a.minFen > a.capFen) throw fail('minimum above cap');
  if (a.fixed && a.fixed.amountFen < 0n) throw fail('fixed fee must be ≥ 0');
}

/** Index of the tier that applies to a case (by debt age, then amount, at placement). */
export function selectTier(a: FeeAgreement, ctx: CaseFeeContext): number {
  const i = a.tiers.findIndex(
    (t) => (t.maxDebtAgeDays === undefined || ctx.debtAgeDays <= t.maxDebtAgeDays) && (t.maxDebtAmountFen === undefined || ctx.debtAmountFen <= t.maxDebtAmountFen),
  );
  return i < 0 ? a.tiers.length - 1 : i;
}

export interface FeeBasisLine {
  fromFen: bigint;
  toFen: bigint;
  bps: bigint;
  feeFen: bigint;
}

export interface ContingencyFee {
  recoveredFen: bigint;
  tier: number;
  bands: FeeBasisLine[];
  /** Σ bands before minimum/cap/recovered limits. */
  bandFeeFen: bigint;
  feeFen: bigint;
  minApplied: boolean;
  capApplied: boolean;
  limitedToRecovered: boolean;
}

/** f(net recovered): marginal bands, then minimum, then cap, never above the money recovered. Monotone in recovered. */
export function contingencyFee(a: FeeAgreement, ctx: CaseFeeContext, recoveredFen: bigint): ContingencyFee {
  const tier = selectTier(a, ctx);
  const bands: FeeBasisLine[] = [];
  let bandFee = 0n;
  let from = 0n;
  const r = recoveredFen > 0n ? recoveredFen : 0n;
  for (const b of a.tiers[tier]!.bands) {
    if (r <= from) break;
    const to = b.uptoFen === undefined || r < b.uptoFen ? r : b.uptoFen;
    // Each band is rounded on its cumulative slice, so the total depends only on r (monotone, retry-safe).
    const fee = applyBps(to - from, b.bps);
    bands.push({ fromFen: from, toFen: to, bps: b.bps, feeFen: fee });
    bandFee += fee;
    from = to;
    if (b.uptoFen === undefined) break;
  }
  let fee = bandFee;
  let minApplied = false;
  let capApplied = false;
  let limitedToRecovered = false;
  if (r > 0n && a.minFen !== undefined && fee < a.minFen) {
    fee = a.minFen;
    minApplied = true;
  }
  if (a.capFen !== undefined && fee > a.capFen) {
    fee = a.capFen;
    capApplied = true;
  }
  if (fee > r) {
    fee = r;
    limitedToRecovered = true;
  }
  return { recoveredFen: r, tier, bands, bandFeeFen: bandFee, feeFen: fee, minApplied, capApplied, limitedToRecovered };
}

/** Target fixed fee: once per case, or once per placement of the case with us. */
export function fixedFee(a: FeeAgreement, placements: number): bigint {
  if (!a.fixed || placements <= 0) return 0n;
  return a.fixed.basis === 'per_case' ? a.fixed.amountFen : a.fixed.amountFen * BigInt(placements);
}

export interface FeeDue {
  contingency: ContingencyFee;
  contingencyChargedFen: bigint;
  /** > 0: charge the creditor escrow; < 0: give fee back; 0: nothing to do (a retry lands here). */
  contingencyDeltaFen: bigint;
  fixedTargetFen: bigint;
  fixedChargedFen: bigint;
  fixedDeltaFen: bigint;
  explanation: string;
}

/** Fee due now = target(cumulative facts) − already charged, for both fee kinds. */
export function computeFeeDue(
  a: FeeAgreement,
  ctx: CaseFeeContext,
  facts: { netRecoveredFen: bigint; placements: number; contingencyChargedFen: bigint; fixedChargedFen: bigint },
): FeeDue {
  const c = contingencyFee(a, ctx, facts.netRecoveredFen);
  const fixedTarget = fixedFee(a, facts.placements);
  return {
    contingency: c,
    contingencyChargedFen: facts.contingencyChargedFen,
    contingencyDeltaFen: c.feeFen - facts.contingencyChargedFen,
    fixedTargetFen: fixedTarget,
    fixedChargedFen: facts.fixedChargedFen,
    fixedDeltaFen: fixedTarget - facts.fixedChargedFen,
    explanation: explainFee(a, c, facts.contingencyChargedFen),
  };
}

/** Human-readable fee basis for a statement line, e.g. "net recovered 1500.00; 20.00% × 1000.00 = 200.00 + …". */
export function explainFee(a: FeeAgreement, c: ContingencyFee, chargedBeforeFen: bigint): string {
  const pct = (bps: bigint) => `${bps / 100n}.${(bps % 100n).toString().padStart(2, '0')}%`;
  const parts = c.bands.map((b) => `${pct(b.bps)} × ${formatYuan(b.toFen - b.fromFen)} (${formatYuan(b.fromFen)}–${formatYuan(b.toFen)}) = ${formatYuan(b.feeFen)}`);
  let s = `agreement ${a.id} v${a.version}, tier ${c.tier + 1}; net recovered ${formatYuan(c.recoveredFen)}; ${parts.join(' + ') || 'no recovery'}`;
  if (c.minApplied) s += `; minimum ${formatYuan(a.minFen!)}`;
  if (c.capApplied) s += `; capped at ${formatYuan(a.capFen!)}`;
  if (c.limitedToRecovered) s += '; limited to the money recovered';
  s += `; fee ${formatYuan(c.feeFen)} − charged before ${formatYuan(chargedBeforeFen)} = ${formatYuan(c.feeFen - chargedBeforeFen)}`;
  return s;
}
