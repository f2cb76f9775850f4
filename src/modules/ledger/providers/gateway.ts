// Payment gateway seam. A gateway creates payment intents that pay into the CREDITOR escrow only (COL-44: the payee
// is the escrow account, never a person), and tells us about settled payments by signed webhooks. verifyWebhook
// checks the HMAC signature in constant time and the timestamp window; replay protection comes from posting each
// webhook event under the idempotency key `webhook:<provider>:<eventId>` (same event → replay, nothing moves twice;
// the same event id with another body → LEDGER_IDEMPOTENCY_CONFLICT).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ledgerError } from '../errors.js';

export interface PaymentIntent {
  id: string;
  caseId: string;
  creditorId: string;
  amountFen: bigint;
  currency: string;
  /** The reference the debtor's payment carries; bank reconciliation matches on it. */
  reference: string;
  payee: string;
  /** Merchant pass-back data the provider echoes in its signed webhook (which tenant the money is for). */
  tenantId?: string;
}

export interface WebhookEvent {
  id: string;
  type: 'payment.succeeded' | 'payment.refunded';
  intentId: string;
  caseId: string;
  creditorId: string;
  amountFen: bigint;
  currency: string;
  reference: string;
  occurredAt: string;
  /** The signed pass-back of the intent (see PaymentIntent.tenantId). */
  tenantId?: string;
}

export interface SignedWebhook {
  /** Raw body bytes as received (verify before parsing). */
  body: string;
  /** `t=<unix seconds>,v1=<hex hmac-sha256 of "t.body">` (Stripe-style). */
  signature: string;
}

export interface PaymentGateway {
  readonly name: string;
  createIntent(input: Omit<PaymentIntent, 'id' | 'payee'>): PaymentIntent;
}

export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Verifies signature and freshness, then parses the event. Throws LEDGER_WEBHOOK_INVALID (bad/missing signature,
 * outside the tolerance window, malformed body). Accepts any of several secrets (for secret rotation).
 */
export function verifyWebhook(w: SignedWebhook, secrets: readonly string[], opts: { nowSeconds: number; toleranceSeconds?: number }): WebhookEvent {
  const tolerance = opts.toleranceSeconds ?? 300;
  const parts = Object.fromEntries(w.signature.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1 ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'malformed signature header' });
  const given = Buffer.from(v1, 'hex');
  const ok = secrets.some((s) => timingSafeEqual(Buffer.from(createHmac('sha256', s).update(`${t}.${w.body}`).digest('hex'), 'hex'), given));
  if (!ok) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'signature does not match' });
  if (Math.abs(opts.nowSeconds - t) > tolerance) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'timestamp outside the tolerance window' });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(w.body) as Record<string, unknown>;
  } catch {
    throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'body is not JSON' });
  }
  const str = (k: string) => {
    if (typeof raw[k] !== 'string' || !raw[k]) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: `missing ${k}` });
    return raw[k] as string;
  };
  const type = str('type');
  if (type !== 'payment.succeeded' && type !== 'payment.refunded') throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: `unknown type ${type}` });
  const amount = str('amountFen');
  if (!/^[1-9]\d{0,17}$/.test(amount)) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'amountFen must be a positive integer string' });
  const tenantId = typeof raw.tenantId === 'string' && raw.tenantId ? raw.tenantId : undefined;
  return { ...(tenantId ? { tenantId } : {}), id: str('id'), type, intentId: str('intentId'), caseId: str('caseId'), creditorId: str('creditorId'), amountFen: BigInt(amount), currency: str('currency'), reference: str('reference'), occurredAt: str('occurredAt') };
}
