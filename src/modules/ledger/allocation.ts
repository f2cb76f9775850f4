// Payment allocation (Civil Code art 561): a payment that does not cover the whole debt goes first to the costs of
// enforcing the claim, then to interest, then to principal, unless the contract agrees another order. The result is
// always recomputed from the full history (part payments, reversals, back-dated payments, rate changes), never
// patched, so the same history gives the same allocation whatever order it was recorded in.
import { ledgerError } from './errors.js';

export type Component = 'costs' | 'interest' | 'principal';
/** Civil Code art 561 default order. */
export const LEGAL_ORDER: readonly Component[] = ['costs', 'interest', 'principal'];

export interface DebtTerms {
  principalFen: bigint;
  /** Interest runs from this date (YYYY-MM-DD). */
  interestFrom: string;
  /** Simple annual rate in basis points from interestFrom until the first rate event. */
  annualRateBps: bigint;
  /** A contractually agreed order (art 561 "unless otherwise agreed"); a permutation of the three components. */
  order?: readonly Component[];
}

export type DebtEvent =
  | { kind: 'payment'; id: string; valueDate: string; amountFen: bigint; seq?: number }
  | { kind: 'reversal'; id: string; reversesId: string }
  | { kind: 'cost'; id: string; valueDate: string; amountFen: bigint; description?: string }
  | { kind: 'rate'; id: string; valueDate: string; annualRateBps: bigint };

export interface Outstanding {
  costsFen: bigint;
  interestFen: bigint;
  principalFen: bigint;
}

export interface AllocationLine {
  paymentId: string;
  valueDate: string;
  amountFen: bigint;
  /** What was owed just before this payment (after accrual up to its value date). */
  before: Outstanding;
  costsFen: bigint;
  interestFen: bigint;
  principalFen: bigint;
  /** Money beyond the whole debt: not applied; it goes to suspense or back to the payer. */
  unappliedFen: bigint;
}

export interface AllocationResult {
  lines: AllocationLine[];
  outstanding: Outstanding;
  asOf: string;
  order: readonly Component[];
  totals: { paidFen: bigint; costsFen: bigint; interestFen: bigint; principalFen: bigint; unappliedFen: bigint; interestAccruedFen: bigint };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Days from 1970-01-01 for an ISO date (UTC, no time zone games: value dates are calendar dates). */
export function dayNumber(date: string): number {
  if (!DATE.test(date)) throw ledgerError('LEDGER_ALLOCATION_INVALID', { detail: `bad date ${date}` });
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw ledgerError('LEDGER_ALLOCATION_INVALID', { detail: `bad date ${date}` });
  return Math.round(ms / 86_400_000);
}

/** Interest is simple, actual/365, accrued as an exact rational over this denominator and floored to fen when owed. */
const DEN = 10_000n * 365n;

function validOrder(order: readonly Component[]): boolean {
  return order.length === 3 && new Set(order).size === 3 && order.every((c) => LEGAL_ORDER.includes(c));
}

/** Allocates every effective (non-reversed) payment in value-date order and returns lines plus what is still owed on `asOf`. */
export function allocatePayments(terms: DebtTerms, events: readonly DebtEvent[], asOf: string): AllocationResult {
  const order = terms.order ?? LEGAL_ORDER;
  if (!validOrder(order)) throw ledgerError('LEDGER_ALLOCATION_INVALID', { detail: 'order must be a permutation of costs, interest, principal' });
  if (terms.principalFen <= 0n || terms.annualRateBps < 0n) throw ledgerError('LEDGER_ALLOCATION_INVALID', { detail: 'principal > 0, rate ≥ 0' });
  const ids = new Set<string>();
  const reversed = new Set<string>();
  for (const e of events) {
    if (ids.has(e.id)) throw ledgerError('LEDGER_ALLOCATION_INVALID', { detail: `duplicate event id ${e.id}` });
    ids.add(e.id);
    if (e.kind === 'reversal') {
      if (reversed.has(e.reversesId)) throw ledgerError('LEDGER_ALREADY_REVERSED', { detail: e.reversesId });
      reversed.add(e.reversesId);
    } else if (e.kind !== 'rate' && e.amountFen <= 0n) {
      throw ledgerError('LEDGER_ALLOCATION_INVALID', { detail: `${e.id}: amount must be positive` });
    } else if (e.kind === 'rate' && e.annualRateBps < 0n) {
      throw ledgerError('LEDGER_ALLOCATION_INVALID', { detail: `${e.id}: rate must be ≥ 0` });
    }
  }
  for (const r of reversed) if (!ids.has(r)) throw ledgerError('LEDGER_TRANSFER_NOT_FOUND', { detail: `reversal of unknown ${r}` });

  const end = dayNumber(asOf);
  const rank = { cost: 0, rate: 1, payment: 2 } as const;
  const timeline = events
    .filter((e): e is Exclude<DebtEvent, { kind: 'reversal' }> => e.kind !== 'reversal' && !reversed.has(e.id))
    .map((e) => ({ e, day: dayNumber(e.valueDate) }))
    .filter((x) => x.day <= end)
    // Same-day order: costs are owed before that day's payment; ties among payments by booking seq then id.
    .sort((a, b) => a.day - b.day || rank[a.e.kind] - rank[b.e.kind] || seqOf(a.e) - seqOf(b.e) || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));

  let day = dayNumber(terms.interestFrom);
  let rate = terms.annualRateBps;
  let principal = terms.principalFen;
  let costs = 0n;
  let interestNum = 0n; // owed interest × DEN (exact)
  let accruedNum = 0n;
  const accrueTo = (d: number) => {
    if (d > day) {
      const add = principal * rate * BigInt(d - day);
      interestNum += add;
      accruedNum += add;
      day = d;
    }
  };
  const lines: AllocationLine[] = [];
  const totals = { paidFen: 0n, costsFen: 0n, interestFen: 0n, principalFen: 0n, unappliedFen: 0n, interestAccruedFen: 0n };
  for (const { e, day: d } of timeline) {
    accrueTo(d);
    if (e.kind === 'cost') costs += e.amountFen;
    else if (e.kind === 'rate') rate = e.annualRateBps;
    else {
      const before: Outstanding = { costsFen: costs, interestFen: interestNum / DEN, principalFen: principal };
      let left = e.amountFen;
      const took: Record<Component, bigint> = { costs: 0n, interest: 0n, principal: 0n };
      for (const c of order) {
        const owed = c === 'costs' ? costs : c === 'interest' ? interestNum / DEN : principal;
        const x = left < owed ? left : owed;
        took[c] = x;
        left -= x;
        if (c === 'costs') costs -= x;
        else if (c === 'interest') interestNum -= x * DEN;
        else principal -= x;
      }
      lines.push({ paymentId: e.id, valueDate: e.valueDate, amountFen: e.amountFen, before, costsFen: took.costs, interestFen: took.interest, principalFen: took.principal, unappliedFen: left });
      totals.paidFen += e.amountFen;
      totals.costsFen += took.costs;
      totals.interestFen += took.interest;
      totals.principalFen += took.principal;
      totals.unappliedFen += left;
    }
  }
  accrueTo(end);
  totals.interestAccruedFen = accruedNum / DEN;
  return { lines, outstanding: { costsFen: costs, interestFen: interestNum / DEN, principalFen: principal }, asOf, order, totals };
}

function seqOf(e: DebtEvent): number {
  return e.kind === 'payment' ? (e.seq ?? 0) : 0;
}
