// Payments in through a gateway. The debtor portal creates a payment intent for the signed-in case (payee: the
// creditor escrow, COL-44); the provider later tells us by a signed webhook that money arrived. The built-in sandbox
// provider has a checkout page in the app whose "pay" button makes it sign and deliver the webhook exactly as a real
// provider would (HMAC-SHA256 over "timestamp.body", Stripe-style header). Webhooks are verified (signature,
// timestamp window), replay-safe (one idempotency key per provider event; the same event again moves nothing, the
// same id with another body is refused) and booked into the creditor escrow only.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { one, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { getCase } from '../cases/index.js';
import { ledgerError } from './errors.js';
import { verifyWebhook, type SignedWebhook, type WebhookEvent } from './providers/gateway.js';
import type { VerifiedNotification } from './providers/adapter.js';
import { bookIncomingPayment, ensureClaim, refundPayment, sha256Hex, type BookedPayment } from './case-ledger.js';

export const PAYMENT_METHODS = ['alipay', 'wechat', 'unionpay', 'bank_transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Providers whose webhooks use the sandbox scheme (POST /api/v1/payments/webhooks/:provider). The real gateways
 * (alipay, wechat, unionpay) have their own adapters and route (POST /api/v1/payments/webhooks/:gateway/:tenant). */
export const PROVIDERS = ['sandbox'] as const;

export interface StoredIntent {
  id: string;
  caseId: string;
  creditorId: string;
  amountFen: bigint;
  currency: string;
  method: PaymentMethod;
  provider: string;
  reference: string;
  tenantId: string;
}

/** Creates an intent for the debtor's own case. Throws CASES_NOT_FOUND, LEDGER_TRANSFER_INVALID (amount). */
export async function createPaymentIntent(tx: Tx, input: { caseId: string; amountFen: bigint; method: PaymentMethod; actor?: string; provider?: string }): Promise<StoredIntent> {
  const f = await getCase(tx, input.caseId);
  if (input.amountFen <= 0n) throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: 'amount must be positive', extra: { field: 'amount' } });
  if (input.amountFen > f.position.outstandingFen) {
    throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: `amount above what is owed (${f.position.outstandingFen} fen)`, extra: { field: 'amount' } });
  }
  await ensureClaim(tx, f, input.actor);
  const tenantId = (await one<{ t: string }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`))!.t;
  const id = newId('pi');
  const reference = `${f.ref}-${id.slice(-6).toUpperCase()}`;
  const provider = input.provider ?? 'sandbox';
  await tx.execute(sql`INSERT INTO ledger.payment_intents (tenant_id, id, case_id, creditor_id, amount_fen, currency, method, provider, reference)
    VALUES (${tenantId}, ${id}, ${f.id}, ${f.creditor.id}, ${String(input.amountFen)}::bigint, ${f.debt.currency}, ${input.method}, ${provider}, ${reference})`);
  return { id, caseId: f.id, creditorId: f.creditor.id, amountFen: input.amountFen, currency: f.debt.currency, method: input.method, provider, reference, tenantId };
}

export async function getPaymentIntent(tx: Tx, id: string): Promise<StoredIntent | null> {
  const r = await one<Record<string, string>>(tx, sql`SELECT tenant_id, id, case_id, creditor_id, amount_fen::text AS amount_fen, currency, method, provider, reference
    FROM ledger.payment_intents WHERE tenant_id = current_setting('app.tenant_id', true) AND id = ${id}`);
  if (!r) return null;
  return { id: r.id!, caseId: r.case_id!, creditorId: r.creditor_id!, amountFen: BigInt(r.amount_fen!), currency: r.currency!, method: r.method as PaymentMethod, provider: r.provider!, reference: r.reference!, tenantId: r.tenant_id! };
}

// ---- sandbox checkout link: the provider's own signed token (stands for its hosted checkout session) ----

const b64u = (s: string) => Buffer.from(s).toString('base64url');
export function checkoutToken(secret: string, i: StoredIntent, expiresAt: number): string {
  const body = b64u(JSON.stringify({ t: i.tenantId, i: i.id, c: i.caseId, cr: i.creditorId, a: String(i.amountFen), cur: i.currency, ref: i.reference, m: i.method, exp: expiresAt }));
  return `${body}.${createHmac('sha256', secret).update(`checkout.${body}`).digest('base64url')}`;
}

export interface CheckoutSession {
  tenantId: string;
  intentId: string;
  caseId: string;
  creditorId: string;
  amountFen: bigint;
  currency: string;
  reference: string;
  method: PaymentMethod;
  expiresAt: number;
}

/** Throws LEDGER_CHECKOUT_INVALID. */
export function openCheckoutToken(secret: string, token: string, nowSeconds: number): CheckoutSession {
  const [body, mac] = token.split('.');
  const bad = () => ledgerError('LEDGER_CHECKOUT_INVALID', { detail: 'the checkout link is not valid' });
  if (!body || !mac) throw bad();
  const want = Buffer.from(createHmac('sha256', secret).update(`checkout.${body}`).digest('base64url'));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw bad();
  const j = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, string | number>;
  if (Number(j.exp) < nowSeconds) throw ledgerError('LEDGER_CHECKOUT_INVALID', { detail: 'the checkout link has expired' });
  return { tenantId: String(j.t), intentId: String(j.i), caseId: String(j.c), creditorId: String(j.cr), amountFen: BigInt(String(j.a)), currency: String(j.cur), reference: String(j.ref), method: String(j.m) as PaymentMethod, expiresAt: Number(j.exp) };
}

/**
 * The webhook the sandbox provider sends when the debtor pays: one event per intent with the same body every time
 * (like a provider redelivering a stored event), so paying twice is a replay; only the signature time is fresh.
 */
export function sandboxWebhookFor(secret: string, s: CheckoutSession, nowSeconds: number): SignedWebhook {
  const occurred = s.expiresAt - 30 * 60;
  const body = JSON.stringify({
    id: `evt_${s.intentId}`, type: 'payment.succeeded', intentId: s.intentId, caseId: s.caseId, creditorId: s.creditorId, amountFen: String(s.amountFen),
    currency: s.currency, reference: s.reference, occurredAt: new Date(occurred * 1000).toISOString(), tenantId: s.tenantId,
  });
  const mac = createHmac('sha256', secret).update(`${nowSeconds}.${body}`).digest('hex');
  return { body, signature: `t=${nowSeconds},v1=${mac}` };
}

/** Verification only (no tenant yet): signature, window, shape. Throws LEDGER_WEBHOOK_INVALID. */
export function verifyGatewayWebhook(w: SignedWebhook, secrets: readonly string[], nowSeconds: number): WebhookEvent & { tenantId: string } {
  const e = verifyWebhook(w, secrets, { nowSeconds, toleranceSeconds: 300 });
  if (!e.tenantId) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'missing tenantId pass-back' });
  return e as WebhookEvent & { tenantId: string };
}

/**
 * Books a verified event in its tenant's transaction. The event must name an intent we created, for the same case,
 * creditor and currency, and not more than the intent. Throws LEDGER_WEBHOOK_INVALID, LEDGER_IDEMPOTENCY_CONFLICT.
 */
export async function bookGatewayEvent(tx: Tx, provider: string, e: WebhookEvent, rawBody: string, digestOf?: string, valueDate?: string): Promise<BookedPayment | { replayed: boolean; refundId: string }> {
  const intent = await getPaymentIntent(tx, e.intentId);
  if (!intent || intent.caseId !== e.caseId || intent.creditorId !== e.creditorId || intent.currency !== e.currency || intent.provider !== provider) {
    throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'the event does not match a payment intent of ours' });
  }
  if (e.amountFen > intent.amountFen) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'amount above the intent' });
  const key = `webhook:${provider}:${e.id}`;
  const digest = sha256Hex(digestOf ?? rawBody);
  if (e.type === 'payment.succeeded') {
    return bookIncomingPayment(tx, {
      caseId: e.caseId, amountFen: e.amountFen, currency: e.currency, valueDate: valueDate ?? e.occurredAt.slice(0, 10), key, digest,
      meta: { provider, eventId: e.id, intentId: e.intentId, reference: e.reference }, externalRef: `${provider}:${e.id}`,
    });
  }
  // A provider-initiated refund of the intent's payment.
  const paid = await one<{ id: string }>(tx, sql`SELECT id FROM ledger.transfers WHERE tenant_id = current_setting('app.tenant_id', true)
    AND meta ->> 'intentId' = ${e.intentId} AND credit_account LIKE 'escrow:%' ORDER BY booked_at LIMIT 1`);
  if (!paid) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'refund of a payment we never booked' });
  const r = await refundPayment(tx, paid.id, { amountFen: e.amountFen, reason: `provider refund ${e.id}`, idempotencyKey: `${provider}:${e.id}` }, 'system');
  return { replayed: r.replayed, refundId: r.refundId };
}

/**
 * Books a notification a real gateway adapter verified (Alipay, WeChat Pay, UnionPay). The intent must be ours and
 * for that gateway; the amount must be exactly the intent's (the gateway charged what we asked) and in its currency.
 * The replay key is the gateway's transaction id and the digest covers the normalised event (not the raw body), so
 * redeliveries with a fresh notify_id / notify_time / TRADE_FINISHED after TRADE_SUCCESS book nothing again, while a
 * different amount under the same transaction id is refused (LEDGER_IDEMPOTENCY_CONFLICT).
 * Throws LEDGER_WEBHOOK_INVALID, LEDGER_IDEMPOTENCY_CONFLICT.
 */
export async function bookVerifiedNotification(tx: Tx, n: VerifiedNotification): Promise<BookedPayment> {
  const intent = await getPaymentIntent(tx, n.intentId);
  if (!intent || intent.provider !== n.gateway) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'the notification does not match a payment intent of ours' });
  if (n.currency !== intent.currency) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: `currency ${n.currency} is not the intent's ${intent.currency}` });
  if (n.amountFen !== intent.amountFen) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: `amount ${n.amountFen} fen is not the intent's ${intent.amountFen} fen` });
  const e: WebhookEvent = {
    id: n.transactionId, type: 'payment.succeeded', intentId: intent.id, caseId: intent.caseId, creditorId: intent.creditorId, amountFen: n.amountFen,
    currency: n.currency, reference: intent.reference, occurredAt: n.occurredAt, tenantId: intent.tenantId,
  };
  const canonical = JSON.stringify({ gateway: n.gateway, transactionId: n.transactionId, intentId: intent.id, amountFen: String(n.amountFen), currency: n.currency });
  // Chinese gateways report Beijing time; the value date is the payer's calendar day there (UTC+8, no DST).
  const beijingDay = new Date(Date.parse(n.occurredAt) + 8 * 3_600_000).toISOString().slice(0, 10);
  return (await bookGatewayEvent(tx, n.gateway, e, canonical, canonical, beijingDay)) as BookedPayment;
}
