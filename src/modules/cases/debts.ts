// A debt's position on a given day, derived from its terms and its payments and never stored: principal, interest,
// default interest and fees outstanding, and days past due. Payments settle costs, then interest, then principal
// (民法典 art 561). Interest runs at the contractual rate cut to the legal cap (CALC-01, supplied by the caller from
// the law module), so the platform never computes a demand above what the law supports (COL-02).
import { z } from 'zod';
import { roundDiv } from '../../platform/money.js';
import { daysBetween, isCalendarDate } from './dates.js';
import { caseError } from './errors.js';

/** ISO 4217 codes the runtime knows; CNY is the default. */
export const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

const CalendarDate = z.string().refine(isCalendarDate, 'not a calendar date (YYYY-MM-DD)');

export const DebtTerms = z.object({
  originalCreditor: z.string().trim().min(1).max(200),
  contractNumber: z.string().trim().min(1).max(100),
  product: z.string().trim().max(100).optional(),
  currency: z.string().default('CNY'),
  principalFen: z.bigint(),
  /** Contractual interest, basis points per year (2400 = 24 %). */
  contractRateBps: z.bigint().default(0n),
  /** Default (penalty) interest on overdue principal after the due date, basis points per year. */
  penaltyRateBps: z.bigint().default(0n),
  /** Fees and costs already charged (e.g. agreed late fees), settled first. */
  feesFen: z.bigint().default(0n),
  originationDate: CalendarDate,
  dueDate: CalendarDate,
  lastPaymentDate: CalendarDate.optional(),
  acknowledgedDate: CalendarDate.optional(),
});
export type DebtTerms = z.infer<typeof DebtTerms>;

export interface Payment {
  date: string;
  amountFen: bigint;
}

export interface DebtPosition {
  principalFen: bigint;
  interestFen: bigint;
  penaltyFen: bigint;
  feesFen: bigint;
  paidFen: bigint;
  outstandingFen: bigint;
  /** Overpayment beyond everything owed (to be refunded, not kept). */
  creditFen: bigint;
  daysPastDue: number;
  /** The annual rate actually applied after the cap. */
  appliedRateBps: bigint;
  appliedPenaltyRateBps: bigint;
}

/** Every problem with a debt's terms (empty: valid). */
export function debtIssues(t: DebtTerms): Array<{ field: string; reason: string }> {
  const out: Array<{ field: string; reason: string }> = [];
  if (!CURRENCIES.has(t.currency)) out.push({ field: 'currency', reason: `unknown currency ${t.currency}` });
  if (t.principalFen <= 0n) out.push({ field: 'principal', reason: 'principal must be positive' });
  if (t.feesFen < 0n) out.push({ field: 'fees', reason: 'negative amount' });
  if (t.contractRateBps < 0n) out.push({ field: 'contractRate', reason: 'negative rate' });
  if (t.penaltyRateBps < 0n) out.push({ field: 'penaltyRate', reason: 'negative rate' });
  if (daysBetween(t.originationDate, t.dueDate) < 0) out.push({ field: 'dueDate', reason: 'due before origination' });
  if (t.lastPaymentDate && daysBetween(t.originationDate, t.lastPaymentDate) < 0) {
    out.push({ field: 'lastPaymentDate', reason: 'last payment before origination' });
  }
  if (t.acknowledgedDate && daysBetween(t.originationDate, t.acknowledgedDate) < 0) {
    out.push({ field: 'acknowledgedDate', reason: 'acknowledgment before origination' });
  }
  return out;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** Simple interest: fen × bps/10000 × days/365, exact rational, rounded half-up. */
function accrue(baseFen: bigint, bps: bigint, days: number): bigint {
  if (days <= 0 || baseFen <= 0n || bps <= 0n) return 0n;
  return roundDiv(baseFen * bps * BigInt(days), 10000n * 365n);
}

/**
 * The position on `asOf` (a calendar date; payments dated after it are ignored). `rateCapBps` is the CALC-01 cap
 * for this contract (null: no cap applies, e.g. a licensed FI under its own rules); both rates are cut to it.
 * Throws CASES_DEBT_INVALID for invalid terms or a negative payment.
 */
export function debtPosition(t: DebtTerms, payments: readonly Payment[], asOf: string, rateCapBps: bigint | null = null): DebtPosition {
  const issues = debtIssues(t);
  if (issues.length) throw caseError('CASES_DEBT_INVALID', { detail: issues.map((i) => `${i.field}: ${i.reason}`).join('; '), extra: { issues } });
  const rate = rateCapBps === null ? t.contractRateBps : min(t.contractRateBps, rateCapBps);
  const penaltyRate = rateCapBps === null ? t.penaltyRateBps : min(t.penaltyRateBps, rateCapBps);
  let principal = t.principalFen;
  let fees = t.feesFen;
  let interest = 0n;
  let penalty = 0n;
  let paid = 0n;
  let credit = 0n;
  let cursor = t.originationDate;
  const advance = (to: string) => {
    if (daysBetween(cursor, to) <= 0) return;
    // Contractual interest until the due date. After it, default interest at the agreed default rate replaces it;
    // with no default rate agreed the contract rate keeps running (民间借贷规定 art 28(2)).
    const beforeDue = Math.max(0, Math.min(daysBetween(cursor, to), daysBetween(cursor, t.dueDate)));
    const afterDue = daysBetween(cursor, to) - beforeDue;
    interest += accrue(principal, rate, beforeDue);
    if (penaltyRate > 0n) penalty += accrue(principal, penaltyRate, afterDue);
    else interest += accrue(principal, rate, afterDue);
    cursor = to;
  };
  const inRange = payments
    .filter((p) => daysBetween(p.date, asOf) >= 0)
    .sort((a, b) => daysBetween(b.date, a.date));
  for (const p of inRange) {
    if (p.amountFen < 0n) throw caseError('CASES_DEBT_INVALID', { detail: 'negative payment' });
    if (daysBetween(t.originationDate, p.date) > 0) advance(p.date);
    let left = p.amountFen;
    paid += left;
    // 民法典 art 561: costs, then interest (default interest with it), then principal.
    for (const take of ['fees', 'penalty', 'interest', 'principal'] as const) {
      const owed = take === 'fees' ? fees : take === 'penalty' ? penalty : take === 'interest' ? interest : principal;
      const x = min(owed, left);
      left -= x;
      if (take === 'fees') fees -= x;
      else if (take === 'penalty') penalty -= x;
      else if (take === 'interest') interest -= x;
      else principal -= x;
    }
    credit += left;
  }
  if (daysBetween(cursor, asOf) > 0) advance(asOf);
  const outstanding = principal + interest + penalty + fees;
  const daysPastDue = outstanding > 0n ? Math.max(0, daysBetween(t.dueDate, asOf)) : 0;
  return {
    principalFen: principal, interestFen: interest, penaltyFen: penalty, feesFen: fees, paidFen: paid,
    outstandingFen: outstanding, creditFen: credit, daysPastDue, appliedRateBps: rate, appliedPenaltyRateBps: penaltyRate,
  };
}
