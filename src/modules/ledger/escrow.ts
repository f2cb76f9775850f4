// Escrow bookings as pure transfer builders. A debtor's payment lands in the creditor escrow (COL-44: never an
// agent's or person's account) and reduces the case receivable in the same linked group; fees come out of the
// creditor escrow; disbursements pay the creditor's official account. Fee facts are recomputed from the transfer
// history each time (never patched), which is what makes fee charging converge under retries and reversals.
import { accounts, type Transfer } from './postings.js';
import { computeFeeDue, type CaseFeeContext, type FeeAgreement, type FeeDue } from './fees.js';

export type IdSource = () => string;

export interface ReceiptInput {
  caseId: string;
  creditorId: string;
  amountFen: bigint;
  currency: string;
  /** Fee agreement key the money is recovered under: `<agreementId>@<version>/<caseId>`. */
  feeKey: string;
  valueDate?: string;
  reference?: string;
}

export const feeKeyOf = (a: Pick<FeeAgreement, 'id' | 'version'>, caseId: string) => `${a.id}@${a.version}/${caseId}`;

/** The two linked transfers of a receipt: cash into the creditor escrow, and the same amount off the receivable. */
export function receiptTransfers(r: ReceiptInput, id: IdSource): Transfer[] {
  const group = id();
  const meta: Record<string, string> = { caseId: r.caseId, creditorId: r.creditorId, feeKey: r.feeKey };
  if (r.reference) meta.reference = r.reference;
  return [
    { id: id(), debit: accounts.world, credit: accounts.escrow(r.creditorId), amountFen: r.amountFen, currency: r.currency, code: 'payment_received', linkedGroup: group, valueDate: r.valueDate, meta },
    { id: id(), debit: accounts.world, credit: accounts.receivable(r.caseId), amountFen: r.amountFen, currency: r.currency, code: 'payment_applied', linkedGroup: group, valueDate: r.valueDate, meta },
  ];
}

/** A partial or full refund to the payer of money recovered under `feeKey`; the debt revives by the same amount. */
export function refundTransfers(r: ReceiptInput, id: IdSource): Transfer[] {
  const group = id();
  const meta: Record<string, string> = { caseId: r.caseId, creditorId: r.creditorId, feeKey: r.feeKey };
  return [
    { id: id(), debit: accounts.escrow(r.creditorId), credit: accounts.world, amountFen: r.amountFen, currency: r.currency, code: 'refund', linkedGroup: group, meta },
    { id: id(), debit: accounts.receivable(r.caseId), credit: accounts.world, amountFen: r.amountFen, currency: r.currency, code: 'payment_unapplied', linkedGroup: group, meta },
  ];
}

export function placementTransfer(caseId: string, amountFen: bigint, currency: string, id: IdSource): Transfer {
  return { id: id(), debit: accounts.receivable(caseId), credit: accounts.world, amountFen, currency, code: 'claim_placed', meta: { caseId } };
}

export function disbursementTransfer(creditorId: string, amountFen: bigint, currency: string, id: IdSource, meta: Record<string, string> = {}): Transfer {
  return { id: id(), debit: accounts.escrow(creditorId), credit: accounts.world, amountFen, currency, code: 'disbursement', meta: { creditorId, ...meta } };
}

export interface FeeFacts {
  netRecoveredFen: bigint;
  contingencyChargedFen: bigint;
  fixedChargedFen: bigint;
}

/** Recomputes the fee facts of one fee key from the whole history (reversals cancel what they reverse). */
export function feeFactsFrom(history: readonly Transfer[], feeKey: string): FeeFacts {
  const byId = new Map(history.map((t) => [t.id, t]));
  const f: FeeFacts = { netRecoveredFen: 0n, contingencyChargedFen: 0n, fixedChargedFen: 0n };
  const add = (t: Transfer, sign: bigint) => {
    if (t.meta?.feeKey !== feeKey) return;
    // Money recovered into the escrow: paid in directly, or identified later out of suspense.
    if (t.code === 'payment_received' || t.code === 'suspense_matched') f.netRecoveredFen += sign * t.amountFen;
    else if (t.code === 'refund') f.netRecoveredFen -= sign * t.amountFen;
    else if (t.code === 'fee_charged' || t.code === 'fee_refunded') {
      const s = (t.code === 'fee_charged' ? 1n : -1n) * sign * t.amountFen;
      if (t.meta.feeKind === 'fixed') f.fixedChargedFen += s;
      else f.contingencyChargedFen += s;
    }
  };
  for (const t of history) {
    if (t.code === 'reversal') {
      const o = byId.get(t.reversesId!);
      if (o) add(o, -1n);
    } else add(t, 1n);
  }
  return f;
}

export interface FeeSync {
  due: FeeDue;
  transfers: Transfer[];
}

/**
 * The transfers that bring the fees charged under `feeKey` to their target. A charge is limited to what the escrow
 * holds (the remainder is charged on a later sync); a retry with nothing new produces no transfers.
 */
export function feeSyncTransfers(
  history: readonly Transfer[],
  a: FeeAgreement,
  ctx: CaseFeeContext,
  opts: { feeKey: string; tenantId: string; currency: string; placements: number; escrowBalanceFen: bigint },
  id: IdSource,
): FeeSync {
  const facts = feeFactsFrom(history, opts.feeKey);
  const due = computeFeeDue(a, ctx, { ...facts, placements: opts.placements });
  const transfers: Transfer[] = [];
  let available = opts.escrowBalanceFen;
  const escrow = accounts.escrow(a.creditorId);
  const fees = accounts.fees(opts.tenantId);
  for (const [kind, delta] of [['contingency', due.contingencyDeltaFen], ['fixed', due.fixedDeltaFen]] as const) {
    const meta = { feeKey: opts.feeKey, feeKind: kind, creditorId: a.creditorId, basis: kind === 'contingency' ? due.explanation : `fixed fee ${a.fixed?.basis ?? ''}` };
    if (delta > 0n) {
      const amt = delta < available ? delta : available;
      if (amt > 0n) {
        transfers.push({ id: id(), debit: escrow, credit: fees, amountFen: amt, currency: opts.currency, code: 'fee_charged', meta });
        available -= amt;
      }
    } else if (delta < 0n) {
      transfers.push({ id: id(), debit: fees, credit: escrow, amountFen: -delta, currency: opts.currency, code: 'fee_refunded', meta });
      available += -delta;
    }
  }
  return { due, transfers };
}
