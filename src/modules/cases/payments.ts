// The payments that count on a case: the rows of cases.payments (append-only) less what the ledger undid later
// (a reversal removes a payment, a refund removes part of it). The undo is a `payment_unrecorded` event on the
// timeline (cases.case_events, append-only too), so nothing is ever deleted and every undo is replayable.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import type { CaseEvent } from './state-machine.js';
import { loadCaseEvents } from './timeline.js';
import { payments } from './schema.js';

export interface EffectivePayment {
  id: string;
  date: string;
  /** What still counts (the recorded amount less what was unrecorded). */
  amountFen: bigint;
  recordedFen: bigint;
  removedFen: bigint;
  source: string;
  externalRef: string | null;
}

export interface PaymentUndo {
  paymentId: string;
  amountFen: bigint;
  undoKey: string;
}

/** Undo events of a timeline (`recorded` / `payment_unrecorded`), oldest first. */
export function paymentUndos(events: readonly CaseEvent[]): PaymentUndo[] {
  const out: PaymentUndo[] = [];
  for (const e of events) {
    if (e.type !== 'recorded' || e.what !== 'payment_unrecorded' || !e.data) continue;
    out.push({ paymentId: String(e.data.paymentId), amountFen: BigInt(String(e.data.amountFen)), undoKey: String(e.data.undoKey ?? '') });
  }
  return out;
}

/** Pure: recorded payments less their undos; payments undone in full drop out. */
export function applyPaymentUndos(
  rows: ReadonlyArray<{ id: string; paidOn: string; amountFen: bigint; source: string; externalRef: string | null }>,
  undos: readonly PaymentUndo[],
): EffectivePayment[] {
  const removed = new Map<string, bigint>();
  for (const u of undos) removed.set(u.paymentId, (removed.get(u.paymentId) ?? 0n) + u.amountFen);
  return rows.map((p) => {
    const gone = removed.get(p.id) ?? 0n;
    const left = p.amountFen - gone;
    return { id: p.id, date: p.paidOn, amountFen: left > 0n ? left : 0n, recordedFen: p.amountFen, removedFen: gone > p.amountFen ? p.amountFen : gone, source: p.source, externalRef: p.externalRef };
  });
}

/** Every payment of the case's debt with what still counts of it (amount 0 once undone in full). */
export async function loadEffectivePayments(tx: Tx, caseId: string, debtId: string, events?: readonly CaseEvent[]): Promise<EffectivePayment[]> {
  const rows = await tx.select().from(payments).where(eq(payments.debtId, debtId));
  return applyPaymentUndos(rows, paymentUndos(events ?? (await loadCaseEvents(tx, caseId))));
}
