// Instalment plans (DOC-08) within the creditor's bounds: minimum instalment, maximum term, settlement discount
// floor. The schedule sums exactly to the agreed total and never adds a collection fee (COL-44: the total is at most
// the balance). Broken promises are detected from the actual payments, recomputed each time.
import { applyBps } from '../../platform/money.js';
import { dayNumber } from './allocation.js';
import { ledgerError } from './errors.js';

export interface PlanBounds {
  minInstalmentFen: bigint;
  maxTermMonths: number;
  /** The lowest settlement the creditor accepts, in bps of the balance (10000 = no discount allowed). */
  settlementFloorBps: bigint;
}

export interface PlanRequest {
  balanceFen: bigint;
  /** Agreed total; less than the balance is a settlement discount. Defaults to the balance. */
  totalFen?: bigint;
  instalments: number;
  firstDueDate: string;
  intervalMonths?: number;
}

export interface Instalment {
  no: number;
  dueDate: string;
  amountFen: bigint;
  /** What is still to be paid under the plan after this instalment. */
  runningBalanceFen: bigint;
}

export interface PaymentPlan {
  balanceFen: bigint;
  totalFen: bigint;
  discountFen: bigint;
  termMonths: number;
  instalments: Instalment[];
}

/** Adds months to an ISO date, clamping to the month's last day (01-31 + 1 month → 02-28/29). */
export function addMonths(date: string, months: number): string {
  dayNumber(date);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** Builds the schedule or throws LEDGER_PLAN_OUT_OF_BOUNDS (with the bound that failed) / LEDGER_PLAN_INVALID. */
export function buildPaymentPlan(req: PlanRequest, bounds: PlanBounds): PaymentPlan {
  const interval = req.intervalMonths ?? 1;
  const total = req.totalFen ?? req.balanceFen;
  if (req.balanceFen <= 0n || total <= 0n) throw ledgerError('LEDGER_PLAN_INVALID', { detail: 'balance and total must be positive' });
  if (!Number.isInteger(req.instalments) || req.instalments < 1 || !Number.isInteger(interval) || interval < 1) {
    throw ledgerError('LEDGER_PLAN_INVALID', { detail: 'instalments and interval must be positive integers' });
  }
  if (total > req.balanceFen) {
    throw ledgerError('LEDGER_PLAN_OUT_OF_BOUNDS', { detail: 'the plan total may not exceed the balance', rule: 'COL-44', extra: { bound: 'no_fees' } });
  }
  const floor = applyBps(req.balanceFen, bounds.settlementFloorBps);
  if (total < floor) throw ledgerError('LEDGER_PLAN_OUT_OF_BOUNDS', { detail: `settlement below the creditor floor ${floor}`, extra: { bound: 'settlement_floor' } });
  const termMonths = req.instalments * interval;
  if (termMonths > bounds.maxTermMonths) throw ledgerError('LEDGER_PLAN_OUT_OF_BOUNDS', { detail: `term ${termMonths} months > ${bounds.maxTermMonths}`, extra: { bound: 'max_term' } });
  const n = BigInt(req.instalments);
  const base = total / n;
  const extra = total % n;
  // A single instalment paying everything is always allowed, even below the minimum.
  if (req.instalments > 1 && base < bounds.minInstalmentFen) {
    throw ledgerError('LEDGER_PLAN_OUT_OF_BOUNDS', { detail: `instalment ${base} below minimum ${bounds.minInstalmentFen}`, extra: { bound: 'min_instalment' } });
  }
  const instalments: Instalment[] = [];
  let left = total;
  for (let i = 0; i < req.instalments; i++) {
    const amount = base + (BigInt(i) < extra ? 1n : 0n);
    left -= amount;
    instalments.push({ no: i + 1, dueDate: addMonths(req.firstDueDate, i * interval), amountFen: amount, runningBalanceFen: left });
  }
  return { balanceFen: req.balanceFen, totalFen: total, discountFen: req.balanceFen - total, termMonths, instalments };
}

export type InstalmentStatus = 'paid' | 'paid_late' | 'missed' | 'partly_paid' | 'due' | 'upcoming';

export interface InstalmentAssessment {
  no: number;
  dueDate: string;
  deadline: string;
  amountFen: bigint;
  paidFen: bigint;
  status: InstalmentStatus;
}

export interface PlanAssessment {
  instalments: InstalmentAssessment[];
  paidFen: bigint;
  missedCount: number;
  /** The promise is broken once `missedCount ≥ accelerateAfterMissed`: the rest falls due (acceleration clause). */
  broken: boolean;
  remainingFen: bigint;
  completed: boolean;
}

/**
 * Broken-promise detection. Payments fill instalments in order; an instalment is kept if the money paid by its due
 * date + grace days covers it and all earlier ones, and missed if that deadline passed (as of `asOf`) uncovered.
 */
export function assessPlan(
  plan: PaymentPlan,
  payments: readonly { date: string; amountFen: bigint }[],
  asOf: string,
  opts: { graceDays: number; accelerateAfterMissed: number },
): PlanAssessment {
  const today = dayNumber(asOf);
  const sorted = payments.filter((p) => p.amountFen > 0n && dayNumber(p.date) <= today).map((p) => ({ day: dayNumber(p.date), amount: p.amountFen }));
  const paidBy = (day: number) => sorted.reduce((s, p) => (p.day <= day ? s + p.amount : s), 0n);
  const paidTotal = paidBy(today);
  let cumDue = 0n;
  let missed = 0;
  const out: InstalmentAssessment[] = [];
  for (const ins of plan.instalments) {
    const before = cumDue;
    cumDue += ins.amountFen;
    const deadline = addDays(ins.dueDate, opts.graceDays);
    const dl = dayNumber(deadline);
    const paidForThis = clamp(paidTotal - before, 0n, ins.amountFen);
    let status: InstalmentStatus;
    if (paidBy(dl) >= cumDue) status = 'paid';
    else if (dl < today) {
      if (paidTotal >= cumDue) status = 'paid_late';
      else {
        status = 'missed';
        missed++;
      }
    } else if (paidForThis > 0n) status = 'partly_paid';
    else status = dayNumber(ins.dueDate) <= today ? 'due' : 'upcoming';
    out.push({ no: ins.no, dueDate: ins.dueDate, deadline, amountFen: ins.amountFen, paidFen: paidForThis, status });
  }
  const remaining = plan.totalFen - paidTotal;
  return {
    instalments: out,
    paidFen: paidTotal,
    missedCount: missed,
    broken: missed >= opts.accelerateAfterMissed,
    remainingFen: remaining > 0n ? remaining : 0n,
    completed: remaining <= 0n,
  };
}

function clamp(x: bigint, lo: bigint, hi: bigint): bigint {
  return x < lo ? lo : x > hi ? hi : x;
}
