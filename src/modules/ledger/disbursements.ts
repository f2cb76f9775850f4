// Disbursements pay the creditor's official account from its escrow (COL-44). Up to the tenant's threshold one
// person may release money; above it a second, different person must approve before any money moves. Requests and
// approvals are append-only; the approval and its transfer are written in one transaction, at most once.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { ledgerError } from './errors.js';
import { accounts } from './postings.js';
import { postTransfers } from './store.js';

export interface DisbursementRequest {
  creditorId: string;
  amountFen: bigint;
  currency: string;
  /** The creditor's official account reference / payment instruction. */
  reference: string;
}

export interface Disbursement extends DisbursementRequest {
  id: string;
  thresholdFen: bigint;
  requestedBy: string;
  status: 'pending_approval' | 'paid';
  approvedBy?: string;
  transferId?: string;
}

/**
 * Records a disbursement; at or below `thresholdFen` it is paid at once, above it waits for approveDisbursement.
 * Throws LEDGER_INSUFFICIENT_FUNDS (checked again at payment), LEDGER_TRANSFER_INVALID.
 */
export async function requestDisbursement(tx: Tx, req: DisbursementRequest, actorId: string, opts: { thresholdFen: bigint }): Promise<Disbursement> {
  if (req.amountFen <= 0n) throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: 'amount must be positive' });
  const id = newId('dsb');
  await tx.execute(sql`INSERT INTO ledger.disbursements (tenant_id, id, creditor_id, amount_fen, currency, reference, threshold_fen, requested_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${req.creditorId}, ${String(req.amountFen)}::bigint, ${req.currency}, ${req.reference}, ${String(opts.thresholdFen)}::bigint, ${actorId})`);
  const d: Disbursement = { ...req, id, thresholdFen: opts.thresholdFen, requestedBy: actorId, status: 'pending_approval' };
  if (req.amountFen <= opts.thresholdFen) return pay(tx, d, actorId);
  // Dry run so an impossible request is refused now rather than at approval.
  const p = await postTransfers(tx, [transferOf(d)], { idempotencyKey: `disbursement:${id}`, dryRun: true });
  if (!p.ok) throw ledgerError('LEDGER_INSUFFICIENT_FUNDS', { detail: p.outcomes.find((o) => !o.ok)?.error?.detail });
  return d;
}

/** The second person's approval; pays the disbursement. Throws LEDGER_DISBURSEMENT_NOT_FOUND, LEDGER_APPROVAL_INVALID, LEDGER_INSUFFICIENT_FUNDS. */
export async function approveDisbursement(tx: Tx, id: string, approverId: string): Promise<Disbursement> {
  const d = await getDisbursement(tx, id);
  if (d.status === 'paid') throw ledgerError('LEDGER_APPROVAL_INVALID', { detail: 'already approved and paid' });
  if (d.requestedBy === approverId) throw ledgerError('LEDGER_APPROVAL_INVALID', { detail: 'the approver must be a different person from the requester' });
  return pay(tx, d, approverId);
}

function transferOf(d: Disbursement) {
  return { debit: accounts.escrow(d.creditorId), credit: accounts.world, amountFen: d.amountFen, currency: d.currency, code: 'disbursement' as const, meta: { creditorId: d.creditorId, disbursementId: d.id, reference: d.reference } };
}

async function pay(tx: Tx, d: Disbursement, approverId: string): Promise<Disbursement> {
  const r = await postTransfers(tx, [transferOf(d)], { idempotencyKey: `disbursement:${d.id}` });
  const transferId = r.transfers[0]!.id;
  await tx.execute(sql`INSERT INTO ledger.disbursement_approvals (tenant_id, disbursement_id, approved_by, transfer_id)
    VALUES (current_setting('app.tenant_id', true), ${d.id}, ${approverId}, ${transferId})`);
  return { ...d, status: 'paid', approvedBy: approverId, transferId };
}

/** Throws LEDGER_DISBURSEMENT_NOT_FOUND. */
export async function getDisbursement(tx: Tx, id: string): Promise<Disbursement> {
  const r = await one<Record<string, unknown>>(
    tx,
    sql`SELECT d.id, d.creditor_id, d.amount_fen::text AS amount_fen, d.currency, d.reference, d.threshold_fen::text AS threshold_fen, d.requested_by,
          a.approved_by, a.transfer_id
        FROM ledger.disbursements d LEFT JOIN ledger.disbursement_approvals a ON a.tenant_id = d.tenant_id AND a.disbursement_id = d.id
        WHERE d.tenant_id = current_setting('app.tenant_id', true) AND d.id = ${id}`,
  );
  if (!r) throw ledgerError('LEDGER_DISBURSEMENT_NOT_FOUND', { detail: id });
  return {
    id: String(r.id), creditorId: String(r.creditor_id), amountFen: BigInt(r.amount_fen as string), currency: String(r.currency), reference: String(r.reference),
    thresholdFen: BigInt(r.threshold_fen as string), requestedBy: String(r.requested_by), status: r.transfer_id ? 'paid' : 'pending_approval',
    ...(r.approved_by ? { approvedBy: String(r.approved_by), transferId: String(r.transfer_id) } : {}),
  };
}

/** Disbursements waiting for a second approver, oldest first. */
export async function listPendingDisbursements(tx: Tx): Promise<string[]> {
  const rs = await rows<{ id: string }>(tx, sql`SELECT d.id FROM ledger.disbursements d WHERE d.tenant_id = current_setting('app.tenant_id', true)
    AND NOT EXISTS (SELECT 1 FROM ledger.disbursement_approvals a WHERE a.tenant_id = d.tenant_id AND a.disbursement_id = d.id) ORDER BY d.requested_at, d.id`);
  return rs.map((r) => r.id);
}
