// The case file as the case page reads it: getCase plus what issue 3 added on top — the payments that still count
// (the ledger's reversals and refunds taken out, see unrecordPayment) driving the balance and the promise status,
// and the debt's CALC-02 limitation status recomputed from its limitation events.
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { getCase, type CaseFile } from './queries.js';
import { debtPosition } from './debts.js';
import { resolvePromises } from './promises.js';
import { loadCaseEvents } from './timeline.js';
import { loadEffectivePayments, type EffectivePayment } from './payments.js';
import { limitationStatus, recordedLimitationEvents, type LimitationView } from './limitation.js';
import { promises } from './schema.js';

export interface CaseFileView extends CaseFile {
  limitation: LimitationView;
  payments: EffectivePayment[];
}

/** getCase with undone payments taken out and the limitation status. Throws CASES_NOT_FOUND. */
export async function getCaseFile(tx: Tx, caseId: string, at = new Date()): Promise<CaseFileView> {
  const f = await getCase(tx, caseId, at);
  const events = await loadCaseEvents(tx, caseId);
  const pays = await loadEffectivePayments(tx, caseId, f.debt.id, events);
  const counting = pays.filter((p) => p.amountFen > 0n).map((p) => ({ date: p.date, amountFen: p.amountFen }));
  let file: CaseFile = f;
  if (pays.some((p) => p.removedFen > 0n)) {
    // Recompute with what still counts (getCase reads the append-only payments table as it stands).
    const proms = await tx.select().from(promises).where(eq(promises.caseId, caseId)).orderBy(asc(promises.dueDate));
    const resolved = new Map(resolvePromises(proms.map((p) => ({ id: p.id, madeOn: p.madeOn, dueDate: p.dueDate, amountFen: p.amountFen, graceDays: p.graceDays })), counting, f.asOf).map((r) => [r.id, r]));
    file = {
      ...f,
      position: debtPosition(f.debt, counting, f.asOf, f.rateCap.bps),
      promises: f.promises.map((p) => ({ ...p, status: resolved.get(p.id)?.status ?? p.status, paidTowardsFen: resolved.get(p.id)?.paidTowardsFen ?? p.paidTowardsFen })),
    };
  }
  const limitation = limitationStatus({
    dueDate: f.debt.dueDate, lastPaymentDate: f.debt.lastPaymentDate ?? null, acknowledgedDate: f.debt.acknowledgedDate ?? null,
    payments: counting, recorded: recordedLimitationEvents(events), asOf: f.asOf,
  });
  return { ...file, limitation, payments: pays };
}
