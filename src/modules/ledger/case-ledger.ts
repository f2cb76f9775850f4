// The ledger of one case, as its users see it: the claim placed in the receivable, every payment with its refunds
// and reversals, the Civil Code art 561 allocation recomputed from the ledger (never patched), and the fee basis.
// Receipts enter here from the gateway webhooks and bank reconciliation; reversals and refunds recompute fees so no
// recovered fen is charged twice.
import { createHash } from 'node:crypto';
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { daysBetween, getCase, recordPayment, searchCases, unrecordPayment, type CaseFile } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { ledgerError } from './errors.js';
import { accounts, reverseTransfer, type Transfer } from './postings.js';
import { allocatePayments, type AllocationResult, type DebtEvent } from './allocation.js';
import { feeFactsFrom, feeKeyOf, receiptTransfers, refundTransfers } from './escrow.js';
import { computeFeeDue, type CaseFeeContext } from './fees.js';
import { syncFees } from './fee-charging.js';
import { getAccountBalance, listAccountTransfers, listFeeKeyTransfers, postTransfers, type TransferInput } from './store.js';
import { getCreditorAgreement, type CreditorAgreement } from './agreements.js';
import { lockLedgerWrites } from './evidence-seam.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;

export function feeContextOf(f: CaseFile): CaseFeeContext {
  return { debtAgeDays: Math.max(0, daysBetween(f.debt.dueDate, f.placedAt.toISOString().slice(0, 10))), debtAmountFen: f.debt.principalFen };
}

async function requestExists(tx: Tx, key: string): Promise<boolean> {
  return !!(await one(tx, sql`SELECT 1 AS x FROM ledger.requests WHERE tenant_id = ${TENANT} AND idempotency_key = ${key}`));
}

/**
 * Places the claim in the case receivable once (what the case owed when the ledger first saw it: principal, interest
 * within the legal cap, fees). Idempotent: later calls find the placement and do nothing.
 */
export async function ensureClaim(tx: Tx, f: CaseFile, actor?: string): Promise<void> {
  const key = `claim:${f.id}`;
  if (await requestExists(tx, key)) return;
  const owed = f.position.outstandingFen;
  if (owed <= 0n) return;
  await postTransfers(tx, [{ debit: accounts.receivable(f.id), credit: accounts.world, amountFen: owed, currency: f.debt.currency, code: 'claim_placed', meta: { caseId: f.id, creditorId: f.creditor.id } }], { idempotencyKey: key, actor });
}

/** Finds the case a debtor signed in with (portal principal.subject). Throws CASES_NOT_FOUND. */
export async function caseIdForRef(tx: Tx, keys: DebtorKeys, ref: string): Promise<string> {
  const r = await searchCases(tx, keys, { q: ref, limit: 5 });
  const hit = r.items.find((i) => i.ref === ref.trim().toUpperCase());
  if (!hit) throw ledgerError('LEDGER_CASE_NOT_FOUND', { detail: ref });
  return hit.id;
}

export interface PaymentView {
  paymentId: string;
  valueDate: string;
  bookedAt: string;
  amountFen: bigint;
  refundedFen: bigint;
  reversed: boolean;
  source: string;
  reference: string | null;
}

export interface CaseLedger {
  caseId: string;
  ref: string;
  creditorId: string;
  currency: string;
  claimPlacedFen: bigint;
  owedFen: bigint;
  paidFen: bigint;
  payments: PaymentView[];
  allocation: AllocationResult;
  fees: { feeKey: string; agreementVersion: number; netRecoveredFen: bigint; contingencyChargedFen: bigint; fixedChargedFen: bigint; explanation: string };
  agreement: CreditorAgreement;
}

/** Payments of a case from its receivable and escrow legs, with refunds and reversals applied. */
export function paymentsFrom(receivable: readonly (Transfer & { bookedAt: string })[], escrowLegs: readonly (Transfer & { bookedAt: string })[]): PaymentView[] {
  const appliedByGroup = new Map<string, Transfer & { bookedAt: string }>();
  for (const t of receivable) if (t.code === 'payment_applied' && t.linkedGroup) appliedByGroup.set(t.linkedGroup, t);
  const reversed = new Set(receivable.filter((t) => t.code === 'reversal').map((t) => t.reversesId!));
  const refunds = new Map<string, bigint>();
  for (const t of receivable) {
    if (t.code !== 'payment_unapplied' || !t.meta?.paymentId) continue;
    if (reversed.has(t.id)) continue;
    refunds.set(t.meta.paymentId, (refunds.get(t.meta.paymentId) ?? 0n) + t.amountFen);
  }
  const out: PaymentView[] = [];
  for (const e of escrowLegs) {
    if ((e.code !== 'payment_received' && e.code !== 'suspense_matched') || !e.linkedGroup) continue;
    const applied = appliedByGroup.get(e.linkedGroup);
    if (!applied) continue;
    out.push({
      paymentId: e.id, valueDate: applied.valueDate ?? e.bookedAt.slice(0, 10), bookedAt: e.bookedAt, amountFen: applied.amountFen,
      refundedFen: refunds.get(e.id) ?? 0n, reversed: reversed.has(applied.id), source: e.meta?.provider ?? (e.meta?.bankLine ? 'bank' : e.meta?.suspenseId ? 'suspense' : 'ledger'),
      reference: e.meta?.reference ?? null,
    });
  }
  return out;
}

/** Art 561 allocation from the ledger: a refund reduces the payment it refunds (as reversal + the net payment). */
export function allocationFrom(f: CaseFile, payments: readonly PaymentView[]): AllocationResult {
  const events: DebtEvent[] = [];
  if (f.debt.feesFen > 0n) events.push({ kind: 'cost', id: 'fees', valueDate: f.debt.originationDate, amountFen: f.debt.feesFen, description: 'agreed fees' });
  payments.forEach((p, i) => {
    const net = p.amountFen - p.refundedFen;
    if (p.reversed || net <= 0n) return;
    events.push({ kind: 'payment', id: p.paymentId, valueDate: p.valueDate, amountFen: net, seq: i });
  });
  const asOf = f.asOf >= f.debt.originationDate ? f.asOf : f.debt.originationDate;
  return allocatePayments({ principalFen: f.debt.principalFen, interestFrom: f.debt.originationDate, annualRateBps: f.position.appliedRateBps }, events, asOf);
}

export async function getCaseLedger(tx: Tx, caseId: string): Promise<CaseLedger> {
  const f = await getCase(tx, caseId);
  const agreement = await getCreditorAgreement(tx, f.creditor.id);
  const recv = await listAccountTransfers(tx, accounts.receivable(caseId));
  const escrowLegs = (await rows<{ id: string }>(tx, sql`SELECT id FROM ledger.transfers WHERE tenant_id = ${TENANT} AND code IN ('payment_received', 'suspense_matched') AND meta ->> 'caseId' = ${caseId}`)).length
    ? (await listAccountTransfers(tx, accounts.escrow(f.creditor.id))).filter((t) => t.meta?.caseId === caseId)
    : [];
  const payments = paymentsFrom(recv, escrowLegs);
  const claim = recv.filter((t) => t.code === 'claim_placed').reduce((s, t) => s + t.amountFen, 0n);
  const balance = recv.reduce((s, t) => s + (t.credit === accounts.receivable(caseId) ? t.amountFen : -t.amountFen), 0n);
  const feeKey = feeKeyOf(agreement.fee, caseId);
  const history = await listFeeKeyTransfers(tx, feeKey);
  const facts = feeFactsFrom(history, feeKey);
  const due = computeFeeDue(agreement.fee, feeContextOf(f), { ...facts, placements: 1 });
  return {
    caseId, ref: f.ref, creditorId: f.creditor.id, currency: f.debt.currency, claimPlacedFen: claim,
    owedFen: claim > 0n ? -balance : f.position.outstandingFen,
    paidFen: payments.reduce((s, p) => s + (p.reversed ? 0n : p.amountFen - p.refundedFen), 0n),
    payments, allocation: allocationFrom(f, payments),
    fees: { feeKey, agreementVersion: agreement.version, ...facts, explanation: due.explanation },
    agreement,
  };
}

export interface IncomingPayment {
  caseId: string;
  amountFen: bigint;
  currency: string;
  valueDate: string;
  /** Idempotency key of the booking (webhook event, bank line, suspense resolution). */
  key: string;
  /** Digest of what the key stands for: a replay with the same key and digest moves nothing, another digest is refused. */
  digest: string;
  meta: Record<string, string>;
  actor?: string;
  /** cases.recordPayment externalRef (the case's promises resolve against it). */
  externalRef: string;
  /** Money already in suspense being matched (suspense → escrow) instead of new money (world → escrow). */
  fromSuspense?: boolean;
}

export interface BookedPayment {
  replayed: boolean;
  paymentId: string | null;
  appliedFen: bigint;
  toSuspenseFen: bigint;
  feesChargedFen: bigint;
}

async function priorDigest(tx: Tx, key: string): Promise<string | null | undefined> {
  const r = await one<{ d: string | null }>(tx, sql`SELECT (SELECT t.meta ->> 'digest' FROM ledger.transfers t WHERE t.tenant_id = r.tenant_id AND t.id = r.transfer_ids[1]) AS d
    FROM ledger.requests r WHERE r.tenant_id = ${TENANT} AND r.idempotency_key = ${key}`);
  return r ? r.d : undefined;
}

/**
 * Books money a debtor paid for a case: into the creditor escrow only (COL-44), off the receivable up to what is
 * owed (the rest waits in suspense, never booked as extra debt), recorded on the case (promises resolve), fees synced.
 * Throws LEDGER_IDEMPOTENCY_CONFLICT (same key, other digest), CASES_NOT_FOUND.
 */
export async function bookIncomingPayment(tx: Tx, p: IncomingPayment): Promise<BookedPayment> {
  const f = await getCase(tx, p.caseId);
  if (f.debt.currency !== p.currency) throw ledgerError('LEDGER_CURRENCY_MISMATCH', { detail: `case is in ${f.debt.currency}` });
  // Case row first (cases' own lock order: case row → evidence log), then the ledger (log → keys).
  const rec = await recordPayment(tx, { caseId: p.caseId, paidOn: p.valueDate, amountFen: p.amountFen, source: 'escrow', externalRef: p.externalRef, actorId: p.actor ?? null });
  await lockLedgerWrites(tx);
  const prior = await priorDigest(tx, p.key);
  if (prior !== undefined) {
    if (prior !== p.digest) throw ledgerError('LEDGER_IDEMPOTENCY_CONFLICT', { detail: `${p.key} was used for a different payment` });
    return { replayed: true, paymentId: null, appliedFen: 0n, toSuspenseFen: 0n, feesChargedFen: 0n };
  }
  void rec;
  await ensureClaim(tx, f, p.actor);
  const agreement = await getCreditorAgreement(tx, f.creditor.id);
  const feeKey = feeKeyOf(agreement.fee, f.id);
  const owed = -(await getAccountBalance(tx, accounts.receivable(f.id)));
  const applied = owed <= 0n ? 0n : p.amountFen < owed ? p.amountFen : owed;
  const excess = p.amountFen - applied;
  if (p.fromSuspense && excess > 0n) {
    throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: `the case owes ${owed} fen, less than the ${p.amountFen} fen held in suspense; refund the payer instead`, extra: { field: 'caseId' } });
  }
  const meta = { ...p.meta, digest: p.digest, externalRef: p.externalRef };
  const tenant = (await one<{ t: string }>(tx, sql`SELECT ${TENANT} AS t`))!.t;
  let n = 0;
  const id = () => `x${n++}`;
  const inputs: TransferInput[] = [];
  if (applied > 0n) {
    const [cash, memo] = receiptTransfers({ caseId: f.id, creditorId: f.creditor.id, amountFen: applied, currency: p.currency, feeKey, valueDate: p.valueDate, reference: p.meta.reference }, id);
    const strip = ({ id: _i, linkedGroup: _g, ...rest }: Transfer) => ({ ...rest, meta: { ...rest.meta, ...meta } });
    const cashIn = strip(cash!);
    // Money already held in suspense moves to the escrow (suspense_matched); new money comes from the world.
    inputs.push(p.fromSuspense ? { ...cashIn, debit: accounts.suspense(tenant), code: 'suspense_matched' } : cashIn, strip(memo!));
  }
  if (excess > 0n && !p.fromSuspense) {
    inputs.push({ debit: accounts.world, credit: accounts.suspense(tenant), amountFen: excess, currency: p.currency, code: 'payment_received', valueDate: p.valueDate, meta: { ...meta, reason: 'overpayment', caseId: f.id } });
  }
  const clean = inputs;
  if (!clean.length) return { replayed: false, paymentId: null, appliedFen: 0n, toSuspenseFen: 0n, feesChargedFen: 0n };
  const r = await postTransfers(tx, clean, { idempotencyKey: p.key, actor: p.actor });
  const fees = await syncFees(tx, { agreement: agreement.fee, ctx: feeContextOf(f), feeKey, currency: p.currency, placements: 1 });
  const paymentId = applied > 0n ? r.transfers.find((t) => t.credit === accounts.escrow(f.creditor.id))!.id : null;
  return { replayed: false, paymentId, appliedFen: applied, toSuspenseFen: p.fromSuspense ? 0n : excess, feesChargedFen: fees.transfers.filter((t) => t.code === 'fee_charged').reduce((s, t) => s + t.amountFen, 0n) };
}

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

async function loadPayment(tx: Tx, paymentId: string): Promise<{ cash: Transfer; memo: Transfer; caseId: string; creditorId: string; feeKey: string }> {
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT t.id, t.linked_group FROM ledger.transfers t WHERE t.tenant_id = ${TENANT} AND t.id = ${paymentId} AND t.code IN ('payment_received', 'suspense_matched') AND t.credit_account LIKE 'escrow:%'`);
  if (!rs[0]) throw ledgerError('LEDGER_TRANSFER_NOT_FOUND', { detail: `no payment ${paymentId}` });
  const group = String(rs[0].linked_group);
  const caseRow = await one<{ case_id: string }>(tx, sql`SELECT meta ->> 'caseId' AS case_id FROM ledger.transfers WHERE tenant_id = ${TENANT} AND id = ${paymentId}`);
  const legs = (await listAccountTransfers(tx, accounts.receivable(caseRow!.case_id))).filter((t) => t.linkedGroup === group || t.id === paymentId);
  const memo = legs.find((t) => t.code === 'payment_applied' && t.linkedGroup === group);
  const cashRows = await listFeeKeyTransfers(tx, String((await one<{ k: string }>(tx, sql`SELECT meta ->> 'feeKey' AS k FROM ledger.transfers WHERE tenant_id = ${TENANT} AND id = ${paymentId}`))!.k));
  const cash = cashRows.find((t) => t.id === paymentId);
  if (!memo || !cash) throw ledgerError('LEDGER_TRANSFER_NOT_FOUND', { detail: `payment ${paymentId} has no receivable leg` });
  return { cash, memo, caseId: caseRow!.case_id, creditorId: cash.meta!.creditorId!, feeKey: cash.meta!.feeKey! };
}

async function resync(tx: Tx, caseId: string, creditorId: string, feeKey: string) {
  const f = await getCase(tx, caseId);
  const version = Number(feeKey.split('@')[1]!.split('/')[0]);
  const agreement = await getCreditorAgreement(tx, creditorId, { version: version === 0 ? undefined : version });
  const fee = version === 0 ? agreement.fee : agreement.fee;
  return syncFees(tx, { agreement: fee, ctx: feeContextOf(f), feeKey, currency: f.debt.currency, placements: 1 });
}

/**
 * Tells the cases module that (part of) a payment no longer counts, so the case balance revives and its promises
 * re-resolve (cases.unrecordPayment; idempotent per undoKey). Called first, before the ledger lock: the case row is
 * locked before the evidence log, the same order as bookIncomingPayment. A failing reversal/refund rolls it back.
 */
async function undoCasePayment(tx: Tx, paymentId: string, u: { reason: string; actor: string; undoKey: string; amountFen?: bigint }): Promise<void> {
  const m = await one<{ case_id: string | null; ext: string | null; provider: string | null; event_id: string | null; suspense_id: string | null }>(tx, sql`SELECT meta ->> 'caseId' AS case_id,
    meta ->> 'externalRef' AS ext, meta ->> 'provider' AS provider, meta ->> 'eventId' AS event_id, meta ->> 'suspenseId' AS suspense_id
    FROM ledger.transfers WHERE tenant_id = ${TENANT} AND id = ${paymentId} AND code IN ('payment_received', 'suspense_matched') AND credit_account LIKE 'escrow:%'`);
  // Bookings before externalRef was kept in meta: the refs bookGatewayEvent and resolveSuspense gave recordPayment.
  const ref = m?.ext ?? (m?.provider && m.event_id ? `${m.provider}:${m.event_id}` : m?.suspense_id ? `suspense:${m.suspense_id}` : null);
  if (!m?.case_id || !ref) return;
  await unrecordPayment(tx, { caseId: m.case_id, externalRef: ref, reason: u.reason.slice(0, 500) || 'ledger', undoKey: u.undoKey, ...(u.amountFen !== undefined && u.amountFen > 0n ? { amountFen: u.amountFen } : {}), actorId: u.actor });
}

/**
 * Reverses a payment booked in error (both legs, linked), then gives back the fee charged on it. Idempotent per
 * payment. Throws LEDGER_TRANSFER_NOT_FOUND, LEDGER_ALREADY_REVERSED, LEDGER_INSUFFICIENT_FUNDS (money already paid out).
 */
export async function reversePayment(tx: Tx, paymentId: string, reason: string, actor: string): Promise<{ reversalIds: string[]; feesRefundedFen: bigint }> {
  await undoCasePayment(tx, paymentId, { reason, actor, undoKey: `reverse:${paymentId}` });
  await lockLedgerWrites(tx);
  const p = await loadPayment(tx, paymentId);
  const key = `reverse:${paymentId}`;
  if (await requestExists(tx, key)) throw ledgerError('LEDGER_ALREADY_REVERSED', { detail: `${paymentId} is already reversed` });
  const refunds = (await listAccountTransfers(tx, accounts.receivable(p.caseId))).filter((t) => t.code === 'payment_unapplied' && t.meta?.paymentId === paymentId);
  if (refunds.length) throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: 'a partly refunded payment cannot be reversed; refund the rest instead' });
  const r = await postTransfers(tx, [p.cash, p.memo].map((o) => {
    const { id: _i, linkedGroup: _g, ...rest } = reverseTransfer(o, 'x');
    return { ...rest, meta: { ...(o.meta ?? {}), reason: reason.slice(0, 500) } };
  }), { idempotencyKey: key, actor });
  const fees = await resync(tx, p.caseId, p.creditorId, p.feeKey);
  return { reversalIds: r.transfers.map((t) => t.id), feesRefundedFen: fees.transfers.filter((t) => t.code === 'fee_refunded').reduce((s, t) => s + t.amountFen, 0n) };
}

/**
 * Refunds (part of) a payment to the payer: escrow → payer, the debt revives by the same amount, fees recomputed on
 * the lower net recovery. The client's idempotency key makes a retried refund move money once. Throws
 * LEDGER_TRANSFER_NOT_FOUND, LEDGER_TRANSFER_INVALID (more than is left), LEDGER_INSUFFICIENT_FUNDS, LEDGER_IDEMPOTENCY_CONFLICT.
 */
export async function refundPayment(tx: Tx, paymentId: string, input: { amountFen: bigint; reason: string; idempotencyKey: string }, actor: string): Promise<{ refundId: string; replayed: boolean; feesRefundedFen: bigint }> {
  await undoCasePayment(tx, paymentId, { reason: input.reason, actor, undoKey: `refund:${paymentId}:${input.idempotencyKey}`, amountFen: input.amountFen });
  await lockLedgerWrites(tx);
  const p = await loadPayment(tx, paymentId);
  const recv = await listAccountTransfers(tx, accounts.receivable(p.caseId));
  const key = `refund:${paymentId}:${input.idempotencyKey}`;
  let n = 0;
  const [cashOut, memoBack] = refundTransfers({ caseId: p.caseId, creditorId: p.creditorId, amountFen: input.amountFen, currency: p.cash.currency, feeKey: p.feeKey }, () => `r${n++}`);
  const inputs = [cashOut!, memoBack!].map(({ id: _i, linkedGroup: _g, ...rest }) => ({ ...rest, meta: { ...rest.meta, paymentId, reason: input.reason.slice(0, 500) } }));
  if (!(await requestExists(tx, key))) {
    if (recv.some((t) => t.code === 'reversal' && t.reversesId === p.memo.id)) throw ledgerError('LEDGER_ALREADY_REVERSED', { detail: `${paymentId} was reversed` });
    const refunded = recv.filter((t) => t.code === 'payment_unapplied' && t.meta?.paymentId === paymentId).reduce((s, t) => s + t.amountFen, 0n);
    if (input.amountFen <= 0n || refunded + input.amountFen > p.memo.amountFen) {
      throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: `refund exceeds what is left of the payment (${p.memo.amountFen - refunded} fen)`, extra: { field: 'amount' } });
    }
  }
  const r = await postTransfers(tx, inputs, { idempotencyKey: key, actor });
  const fees = r.replayed ? { transfers: [] as Transfer[] } : await resync(tx, p.caseId, p.creditorId, p.feeKey);
  return { refundId: r.transfers[0]!.id, replayed: r.replayed, feesRefundedFen: fees.transfers.filter((t) => t.code === 'fee_refunded').reduce((s, t) => s + t.amountFen, 0n) };
}
