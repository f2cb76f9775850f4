// Charging fees on the database: fee due = f(cumulative net recovered under the fee key) − fees already charged
// under it, both recomputed from the immutable transfers every time. Calls for one fee key are serialized with an
// advisory lock, so concurrent or retried syncs cannot charge a recovered fen twice.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { accounts } from './postings.js';
import { feeSyncTransfers, type FeeSync } from './escrow.js';
import type { CaseFeeContext, FeeAgreement } from './fees.js';
import { getAccountBalance, listFeeKeyTransfers, postTransfers } from './store.js';
import { lockLedgerWrites } from './evidence-seam.js';

export interface SyncFeesInput {
  agreement: FeeAgreement;
  ctx: CaseFeeContext;
  feeKey: string;
  currency: string;
  placements: number;
}

/** Brings the fees charged under `feeKey` to target (charge or give back). Returns the computation and what moved. */
export async function syncFees(tx: Tx, input: SyncFeesInput): Promise<FeeSync> {
  const tenant = (await rows<{ t: string }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`))[0]!.t;
  await lockLedgerWrites(tx);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger-fee|${tenant}|${input.feeKey}`}, 0))`);
  const history = await listFeeKeyTransfers(tx, input.feeKey);
  const escrow = await getAccountBalance(tx, accounts.escrow(input.agreement.creditorId));
  let n = 0;
  const sync = feeSyncTransfers(history, input.agreement, input.ctx, { feeKey: input.feeKey, tenantId: tenant, currency: input.currency, placements: input.placements, escrowBalanceFen: escrow }, () => `fee${n++}`);
  if (sync.transfers.length) {
    // The key names the state it moves from, so a retry after success finds a different (empty) delta, never a replay.
    const charged = history.filter((t) => t.code === 'fee_charged' || t.code === 'fee_refunded' || t.code === 'reversal').length;
    const inputs = sync.transfers.map(({ id: _id, ...rest }) => rest);
    const r = await postTransfers(tx, inputs, { idempotencyKey: `fees:${input.feeKey}:${history.length}:${charged}` });
    return { due: sync.due, transfers: r.transfers };
  }
  return sync;
}
