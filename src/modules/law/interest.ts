// Interest, default interest and penalty to a date (CALC-01 caps applied) and late-performance double interest
// (CALC-05). Exact: bigint fen, rates in basis points, one half-up rounding per segment.
import { roundDiv } from '../../platform/money.js';
import { lawError } from './errors.js';
import { daysBetween, dayNumber, addDays } from './dates.js';
import { interestCap, NEW_RULES_FROM, type InterestCap, type LprBasis, type LprTable } from './lpr.js';

/**
 * Day count. 'ACT/360' follows the PBOC convention 日利率 = 年利率 ÷ 360 (人民币利率管理规定 art 20) used by banks;
 * 'ACT/365' is the usual court practice for private lending. Interest runs from `from` (inclusive) to `to`
 * (exclusive) — 算头不算尾.
 */
export type DayCount = 'ACT/360' | 'ACT/365';

function basisDays(dc: DayCount): bigint {
  return dc === 'ACT/360' ? 360n : 365n;
}

function checkAmount(fen: bigint): void {
  if (fen < 0n) throw lawError('LAW_AMOUNT_INVALID', { detail: 'amount must not be negative' });
}

/** Simple interest: principal × rate × days / basis, rounded half-up to the fen. */
export function simpleInterest(input: { principalFen: bigint; annualRateBps: number; from: string; to: string; dayCount?: DayCount }): bigint {
  checkAmount(input.principalFen);
  if (!Number.isInteger(input.annualRateBps) || input.annualRateBps < 0) throw lawError('LAW_AMOUNT_INVALID', { detail: 'rate' });
  const days = daysBetween(input.from, input.to);
  if (days < 0) throw lawError('LAW_PERIOD_INVALID', { detail: `${input.from} → ${input.to}` });
  return roundDiv(input.principalFen * BigInt(input.annualRateBps) * BigInt(days), 10_000n * basisDays(input.dayCount ?? 'ACT/365'));
}

export interface InterestSegment {
  from: string;
  to: string;
  days: number;
  agreedBps: number;
  appliedBps: number;
  cap: InterestCap;
  interestFen: bigint;
}

export interface CappedInterest {
  segments: InterestSegment[];
  /** Interest supported after the CALC-01 cap. */
  totalFen: bigint;
  /** What the agreed rate would give without the cap. */
  claimedFen: bigint;
  /** claimed − total: the part a court would not support. */
  excessFen: bigint;
}

/**
 * Contract (or default) interest from `from` to `to` at the agreed rate, capped per CALC-01. For contracts formed
 * before 2020-08-20 the period is split at 2020-08-20 (art 31): 24 % before, 4 × LPR at filing after.
 * Also used for default interest (art 28: same cap).
 */
export function cappedInterest(input: {
  principalFen: bigint;
  agreedRateBps: number;
  from: string;
  to: string;
  formationDate: string;
  filingDate?: string;
  lenderIsFinancialInstitution?: boolean;
  dayCount?: DayCount;
  table?: LprTable;
  basis?: LprBasis;
}): CappedInterest {
  if (daysBetween(input.from, input.to) < 0) throw lawError('LAW_PERIOD_INVALID', { detail: `${input.from} → ${input.to}` });
  const bounds: Array<[string, string]> = [];
  if (input.formationDate < NEW_RULES_FROM && input.from < NEW_RULES_FROM && input.to > NEW_RULES_FROM && !input.lenderIsFinancialInstitution) {
    bounds.push([input.from, NEW_RULES_FROM], [NEW_RULES_FROM, input.to]);
  } else {
    bounds.push([input.from, input.to]);
  }
  const segments: InterestSegment[] = bounds.map(([from, to]) => {
    const cap = interestCap({
      formationDate: input.formationDate,
      accrualDate: from,
      filingDate: input.filingDate,
      lenderIsFinancialInstitution: input.lenderIsFinancialInstitution,
      table: input.table,
      basis: input.basis,
    });
    const appliedBps = Math.min(input.agreedRateBps, cap.capBps);
    return {
      from,
      to,
      days: daysBetween(from, to),
      agreedBps: input.agreedRateBps,
      appliedBps,
      cap,
      interestFen: simpleInterest({ principalFen: input.principalFen, annualRateBps: appliedBps, from, to, dayCount: input.dayCount }),
    };
  });
  const totalFen = segments.reduce((s, x) => s + x.interestFen, 0n);
  const claimedFen = segments.reduce(
    (s, x) => s + simpleInterest({ principalFen: input.principalFen, annualRateBps: x.agreedBps, from: x.from, to: x.to, dayCount: input.dayCount }),
    0n,
  );
  return { segments, totalFen, claimedFen, excessFen: claimedFen - totalFen };
}

/**
 * CALC-01 art 29: default interest + penalty + other fees TOGETHER may not exceed what the cap rate gives on the
 * overdue principal for the overdue period. Returns the allowed total and how much is cut.
 */
export function capDefaultCharges(input: {
  overduePrincipalFen: bigint;
  from: string;
  to: string;
  defaultInterestFen: bigint;
  penaltyFen: bigint;
  otherFeesFen: bigint;
  cap: InterestCap;
  dayCount?: DayCount;
}): { claimedFen: bigint; ceilingFen: bigint; allowedFen: bigint; cutFen: bigint } {
  for (const a of [input.overduePrincipalFen, input.defaultInterestFen, input.penaltyFen, input.otherFeesFen]) checkAmount(a);
  const claimedFen = input.defaultInterestFen + input.penaltyFen + input.otherFeesFen;
  const ceilingFen = simpleInterest({
    principalFen: input.overduePrincipalFen,
    annualRateBps: input.cap.capBps,
    from: input.from,
    to: input.to,
    dayCount: input.dayCount,
  });
  const allowedFen = claimedFen < ceilingFen ? claimedFen : ceilingFen;
  return { claimedFen, ceilingFen, allowedFen, cutFen: claimedFen - allowedFen };
}

/** CALC-05: 0.000175 per day = 175 per million per day. */
export const LATE_DOUBLE_RATE_PER_MILLION_PER_DAY = 175n;

/**
 * CALC-05 (2014 SPC interpretation on 迟延履行期间的债务利息, arts 1–3):
 * 加倍部分 = unpaid money debt fixed by the judgment (excluding ordinary interest) × 0.000175 × days late.
 * Runs from the day after `periodEnd` (the last day of the performance period) up to and including `paidOn`.
 * Zero when paid within the period.
 */
export function lateDoubleInterest(input: { unpaidFen: bigint; periodEnd: string; paidOn: string }): { days: number; interestFen: bigint; startsOn: string } {
  checkAmount(input.unpaidFen);
  dayNumber(input.periodEnd);
  const days = Math.max(0, daysBetween(input.periodEnd, input.paidOn));
  return {
    days,
    startsOn: addDays(input.periodEnd, 1),
    interestFen: roundDiv(input.unpaidFen * LATE_DOUBLE_RATE_PER_MILLION_PER_DAY * BigInt(days), 1_000_000n),
  };
}

/** CALC-05 for instalment judgments: each instalment runs from the day after its own due date (art 2). */
export function lateDoubleInterestInstalments(
  instalments: ReadonlyArray<{ unpaidFen: bigint; periodEnd: string }>,
  paidOn: string,
): { totalFen: bigint; rows: Array<{ unpaidFen: bigint; periodEnd: string; days: number; interestFen: bigint }> } {
  const rows = instalments.map((i) => ({ ...i, ...lateDoubleInterest({ unpaidFen: i.unpaidFen, periodEnd: i.periodEnd, paidOn }) }));
  return { totalFen: rows.reduce((s, r) => s + r.interestFen, 0n), rows: rows.map(({ unpaidFen, periodEnd, days, interestFen }) => ({ unpaidFen, periodEnd, days, interestFen })) };
}
