// Processing a verified gateway webhook into the ledger: a succeeded payment books the receipt (escrow + receivable,
// linked); a refund books the refund. Idempotent per provider event id through postTransfers' key + body hash.
import type { Tx } from '../../../platform/db/index.js';
import { receiptTransfers, refundTransfers } from '../escrow.js';
import { postTransfers, type PostResult } from '../store.js';
import { verifyWebhook, type SignedWebhook } from './gateway.js';

export interface WebhookContext {
  provider: string;
  secrets: readonly string[];
  nowSeconds: number;
  toleranceSeconds?: number;
  /** The fee key the case's money is recovered under now (see feeKeyOf). */
  feeKeyFor: (caseId: string) => string;
}

/** Verify, then book. Throws LEDGER_WEBHOOK_INVALID, LEDGER_IDEMPOTENCY_CONFLICT, LEDGER_INSUFFICIENT_FUNDS. */
export async function handlePaymentWebhook(tx: Tx, w: SignedWebhook, ctx: WebhookContext): Promise<PostResult> {
  const e = verifyWebhook(w, ctx.secrets, { nowSeconds: ctx.nowSeconds, toleranceSeconds: ctx.toleranceSeconds });
  let n = 0;
  const id = () => `w${n++}`;
  const input = { caseId: e.caseId, creditorId: e.creditorId, amountFen: e.amountFen, currency: e.currency, feeKey: ctx.feeKeyFor(e.caseId), reference: e.reference, valueDate: e.occurredAt.slice(0, 10) };
  const ts = e.type === 'payment.succeeded' ? receiptTransfers(input, id) : refundTransfers(input, id);
  const inputs = ts.map(({ id: _id, ...rest }) => ({ ...rest, meta: { ...rest.meta, provider: ctx.provider, eventId: e.id } }));
  return postTransfers(tx, inputs, { idempotencyKey: `webhook:${ctx.provider}:${e.id}` });
}
