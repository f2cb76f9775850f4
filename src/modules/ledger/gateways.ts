// Real payment gateways on top of the tenant's configuration: which provider an intent goes to, the outbound request
// for the portal (signed redirect, WeChat QR, bank transfer instructions), and inbound notification handling with
// the answer each gateway expects (Alipay "success", WeChat Pay {code:"SUCCESS"} / 4xx {code:"FAIL"}, UnionPay "ok").
// The only outbound network call (WeChat Pay's Native prepay) is made here when RECOURSE_PAYMENTS_LIVE=1; it is off
// by default and in tests, and then the signed request is returned without being sent.
import type { Tx } from '../../platform/db/index.js';
import type { Secrets } from '../../platform/secrets.js';
import { ledgerError } from './errors.js';
import { enabledGateways, loadGatewayConfig } from './gateway-config.js';
import { bookVerifiedNotification, type PaymentMethod, type StoredIntent } from './payments-in.js';
import type { BookedPayment } from './case-ledger.js';
import { REAL_GATEWAYS, type InboundNotification, type OutboundRequest, type RealGateway, type VerifiedNotification } from './providers/adapter.js';
import { alipayPaymentRequest, verifyAlipayNotification, ALIPAY_ACK, ALIPAY_NACK } from './providers/alipay.js';
import { wechatPrepayRequest, verifyWechatNotification, WECHAT_ACK, wechatNack } from './providers/wechat.js';
import { unionpayPaymentRequest, verifyUnionPayNotification, UNIONPAY_ACK, UNIONPAY_NACK } from './providers/unionpay.js';
import { bankTransferInstructions } from './providers/bank-transfer.js';
import { rsaSha256Verify } from './providers/rsa.js';

/** Live outbound calls (WeChat prepay) only when the operator turns them on. */
export const paymentsLive = () => process.env.RECOURSE_PAYMENTS_LIVE === '1';

/** The provider for a method: the method's own gateway when the tenant enabled it, else the built-in sandbox. */
export async function providerFor(tx: Tx, method: PaymentMethod): Promise<string> {
  return (await enabledGateways(tx)).has(method) ? method : 'sandbox';
}

export interface OutboundResult {
  request: OutboundRequest;
  /** A link the browser can open (Alipay GET), when there is one. */
  redirectUrl: string | null;
  /** WeChat Native code_url (only when live calls are on and the prepay succeeded). */
  qrCodeUrl: string | null;
}

/** The outbound request for an intent of a real gateway. Throws LEDGER_PROVIDER_UNKNOWN when the gateway is off. */
export async function outboundFor(tx: Tx, secrets: Secrets, i: StoredIntent, urls: { notifyUrl: string; returnUrl: string }, now = new Date()): Promise<OutboundResult> {
  const intent = { id: i.id, amountFen: i.amountFen, currency: i.currency, reference: i.reference, tenantId: i.tenantId, subject: `还款 ${i.reference}` };
  const ctx = { ...urls, now };
  const off = () => ledgerError('LEDGER_PROVIDER_UNKNOWN', { detail: `${i.provider} is not enabled` });
  if (i.provider === 'alipay') {
    const c = await loadGatewayConfig(tx, secrets, 'alipay');
    if (!c) throw off();
    const r = alipayPaymentRequest(c, intent, ctx);
    return { request: r, redirectUrl: `${r.url}?${new URLSearchParams(r.fields).toString()}`, qrCodeUrl: null };
  }
  if (i.provider === 'unionpay') {
    const c = await loadGatewayConfig(tx, secrets, 'unionpay');
    if (!c) throw off();
    return { request: unionpayPaymentRequest(c, intent, ctx), redirectUrl: null, qrCodeUrl: null };
  }
  if (i.provider === 'wechat') {
    const c = await loadGatewayConfig(tx, secrets, 'wechat');
    if (!c) throw off();
    const r = wechatPrepayRequest(c, intent, ctx);
    return { request: r, redirectUrl: null, qrCodeUrl: paymentsLive() ? await wechatPrepayLive(r, c.platformPublicKeyPem, c.platformSerial) : null };
  }
  if (i.provider === 'bank_transfer') {
    const c = await loadGatewayConfig(tx, secrets, 'bank_transfer');
    if (!c) throw off();
    return { request: bankTransferInstructions(c, intent), redirectUrl: null, qrCodeUrl: null };
  }
  throw off();
}

/** The real prepay call (live mode only): the answer must be signed by the platform key like a notification. */
async function wechatPrepayLive(r: Extract<OutboundRequest, { kind: 'api' }>, platformKey: string, serial: string): Promise<string | null> {
  const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  const h = (n: string) => res.headers.get(n) ?? '';
  if (!res.ok || h('wechatpay-serial') !== serial || !rsaSha256Verify(platformKey, `${h('wechatpay-timestamp')}\n${h('wechatpay-nonce')}\n${text}\n`, h('wechatpay-signature'))) return null;
  const j = JSON.parse(text) as { code_url?: string };
  return typeof j.code_url === 'string' ? j.code_url : null;
}

export const isRealGateway = (g: string): g is RealGateway => (REAL_GATEWAYS as readonly string[]).includes(g);

/** Verifies a notification with the tenant's keys. Throws LEDGER_PROVIDER_UNKNOWN (gateway not enabled), LEDGER_WEBHOOK_INVALID. */
export async function verifyNotification(tx: Tx, secrets: Secrets, g: RealGateway, n: InboundNotification, nowSeconds: number): Promise<VerifiedNotification | { ignored: string }> {
  const off = () => ledgerError('LEDGER_PROVIDER_UNKNOWN', { detail: `${g} is not enabled for this tenant` });
  if (g === 'alipay') {
    const c = await loadGatewayConfig(tx, secrets, 'alipay');
    if (!c) throw off();
    return verifyAlipayNotification(c, n, nowSeconds);
  }
  if (g === 'wechat') {
    const c = await loadGatewayConfig(tx, secrets, 'wechat');
    if (!c) throw off();
    return verifyWechatNotification(c, n, nowSeconds);
  }
  const c = await loadGatewayConfig(tx, secrets, 'unionpay');
  if (!c) throw off();
  return verifyUnionPayNotification(c, n, nowSeconds);
}

export type NotificationOutcome = { booked: BookedPayment } | { ignored: string };

/** Verify, then book (paid) or acknowledge without booking (a verified status that is not a payment). */
export async function handleNotification(tx: Tx, secrets: Secrets, g: RealGateway, n: InboundNotification, nowSeconds: number): Promise<NotificationOutcome> {
  const v = await verifyNotification(tx, secrets, g, n, nowSeconds);
  if ('ignored' in v) return v;
  if (!v.paid) return { ignored: v.status };
  return { booked: await bookVerifiedNotification(tx, v) };
}

/** The HTTP answer each gateway expects. */
export function gatewayAnswer(g: RealGateway, ok: boolean, message: string): { status: number; type: string; body: string } {
  if (g === 'wechat') return { status: ok ? 200 : 400, type: 'application/json; charset=utf-8', body: JSON.stringify(ok ? WECHAT_ACK : wechatNack(message.slice(0, 200))) };
  if (g === 'alipay') return { status: ok ? 200 : 400, type: 'text/plain; charset=utf-8', body: ok ? ALIPAY_ACK : ALIPAY_NACK };
  return { status: ok ? 200 : 400, type: 'text/plain; charset=utf-8', body: ok ? UNIONPAY_ACK : UNIONPAY_NACK };
}
