// Promises to pay resolve against payments: each payment counts towards at most one promise (the earliest-due one
// it can still keep), a promise is kept once the payments made between its making and its deadline (due date plus
// grace) cover it, broken once that deadline passes uncovered, and pending before that. Pure.
import { addDays, daysBetween } from './dates.js';
import type { Payment } from './debts.js';

export interface PromiseToPay {
  id: string;
  /** Calendar date the promise was made. */
  madeOn: string;
  dueDate: string;
  amountFen: bigint;
  graceDays?: number;
}

export type PromiseStatus = 'pending' | 'kept' | 'broken';

export interface PromiseResolution {
  id: string;
  status: PromiseStatus;
  paidTowardsFen: bigint;
  /** Date the promise was fully covered (kept) or the deadline that passed (broken). */
  resolvedOn: string | null;
}

/** Resolution of every promise on calendar date `asOf` (payments after `asOf` are ignored). */
export function resolvePromises(promises: readonly PromiseToPay[], payments: readonly Payment[], asOf: string): PromiseResolution[] {
  const order = [...promises].sort((a, b) => daysBetween(b.dueDate, a.dueDate) || (a.id < b.id ? -1 : 1));
  const paid = new Map(order.map((p) => [p.id, 0n]));
  const keptOn = new Map<string, string>();
  const deadline = (p: PromiseToPay) => addDays(p.dueDate, p.graceDays ?? 0);
  const pays = payments.filter((x) => daysBetween(x.date, asOf) >= 0).sort((a, b) => daysBetween(b.date, a.date));
  for (const pay of pays) {
    let left = pay.amountFen;
    for (const p of order) {
      if (left <= 0n) break;
      if (keptOn.has(p.id)) continue;
      if (daysBetween(p.madeOn, pay.date) < 0 || daysBetween(pay.date, deadline(p)) < 0) continue;
      const need = p.amountFen - paid.get(p.id)!;
      const x = need < left ? need : left;
      paid.set(p.id, paid.get(p.id)! + x);
      left -= x;
      if (paid.get(p.id)! >= p.amountFen) keptOn.set(p.id, pay.date);
    }
  }
  return promises.map((p) => {
    const kept = keptOn.get(p.id);
    if (kept) return { id: p.id, status: 'kept', paidTowardsFen: paid.get(p.id)!, resolvedOn: kept };
    const dl = deadline(p);
    if (daysBetween(dl, asOf) > 0) return { id: p.id, status: 'broken', paidTowardsFen: paid.get(p.id)!, resolvedOn: dl };
    return { id: p.id, status: 'pending', paidTowardsFen: paid.get(p.id)!, resolvedOn: null };
  });
}
