// Alipay open platform adapter (alipay.trade.page.pay + asynchronous notification), RSA2 = SHA256withRSA.
// Request: the common parameters plus biz_content (JSON) are sorted by key, empty values left out, joined as
// `k=v&…` (sign excluded, sign_type included) and signed with the merchant's application private key; the browser
// is sent to the gateway with the parameters (GET). Notification (POST, application/x-www-form-urlencoded): sign and
// sign_type are removed, the rest sorted and joined the same way and verified with the Alipay public key; app_id
// must be ours; trade_status TRADE_SUCCESS or TRADE_FINISHED means paid; total_amount is yuan ("88.88") and is
// converted to fen exactly (yuan.ts). Alipay redelivers a notification for up to ~25 hours, so notify_time must be
// within the last 48 hours and not in the future (5 minutes of clock skew allowed); a redelivery books nothing.
import { beijingDateTime, parseBeijing, rsaSha256Sign, rsaSha256Verify } from './rsa.js';
import { fenToYuan, yuanToFen } from './yuan.js';
import { invalid, parseForm, sortedPairs, type InboundNotification, type OutboundContext, type OutboundIntent, type RedirectRequest, type VerifiedNotification } from './adapter.js';

export interface AlipayConfig {
  appId: string;
  /** https://openapi.alipay.com/gateway.do (production) or the sandbox gateway. */
  gatewayUrl: string;
  /** Application private key (PKCS#8 or PKCS#1 PEM). Secret. */
  privateKeyPem: string;
  /** Alipay's public key (PEM) for verifying notifications. */
  alipayPublicKeyPem: string;
  /** The merchant's Alipay account id (2088…); when set, notifications must carry it as seller_id. */
  sellerId?: string;
}

export const ALIPAY_DEFAULT_GATEWAY = 'https://openapi.alipay.com/gateway.do';
const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);
export const ALIPAY_MAX_AGE_S = 48 * 3600;
const SKEW_S = 300;

export function alipaySignContent(params: Record<string, string>, forVerify: boolean): string {
  return sortedPairs(params, forVerify ? ['sign', 'sign_type'] : ['sign'], true);
}

/** The signed alipay.trade.page.pay request (browser GET to the gateway). Throws LEDGER_TRANSFER_INVALID for a non-CNY intent. */
export function alipayPaymentRequest(cfg: AlipayConfig, intent: OutboundIntent, ctx: OutboundContext): RedirectRequest {
  if (intent.currency !== 'CNY') throw invalid('Alipay takes CNY only');
  const biz = {
    out_trade_no: intent.id,
    total_amount: fenToYuan(intent.amountFen),
    subject: intent.subject.slice(0, 256),
    product_code: 'FAST_INSTANT_TRADE_PAY',
    timeout_express: `${ctx.timeoutMinutes ?? 30}m`,
    passback_params: encodeURIComponent(intent.tenantId),
  };
  const params: Record<string, string> = {
    app_id: cfg.appId, method: 'alipay.trade.page.pay', format: 'JSON', charset: 'utf-8', sign_type: 'RSA2',
    timestamp: beijingDateTime(ctx.now), version: '1.0', notify_url: ctx.notifyUrl, return_url: ctx.returnUrl, biz_content: JSON.stringify(biz),
  };
  params.sign = rsaSha256Sign(cfg.privateKeyPem, alipaySignContent(params, false));
  return { kind: 'redirect', gateway: 'alipay', method: 'GET', url: cfg.gatewayUrl, fields: params };
}

/** Verifies an asynchronous notification. Throws LEDGER_WEBHOOK_INVALID (signature, app, time, amount format). */
export function verifyAlipayNotification(cfg: AlipayConfig, n: InboundNotification, nowSeconds: number): VerifiedNotification {
  const p = parseForm(n.body);
  if (!p.sign) throw invalid('missing sign');
  if (p.sign_type && p.sign_type !== 'RSA2') throw invalid('sign_type must be RSA2');
  if (!rsaSha256Verify(cfg.alipayPublicKeyPem, alipaySignContent(p, true), p.sign)) throw invalid('signature does not match');
  if (p.app_id !== cfg.appId) throw invalid('app_id is not ours');
  if (cfg.sellerId && p.seller_id && p.seller_id !== cfg.sellerId) throw invalid('seller_id is not ours');
  const t = parseBeijing(p.notify_time ?? '');
  if (!Number.isFinite(t)) throw invalid('missing notify_time');
  const age = nowSeconds - Math.floor(t / 1000);
  if (age > ALIPAY_MAX_AGE_S || age < -SKEW_S) throw invalid('notify_time outside the accepted window');
  for (const k of ['trade_no', 'out_trade_no', 'trade_status', 'total_amount'] as const) if (!p[k]) throw invalid(`missing ${k}`);
  let amountFen: bigint;
  try {
    amountFen = yuanToFen(p.total_amount!);
  } catch {
    throw invalid('total_amount is not a yuan amount');
  }
  const paidAt = parseBeijing(p.gmt_payment ?? '') || t;
  return {
    gateway: 'alipay', transactionId: p.trade_no!, intentId: p.out_trade_no!, paid: PAID.has(p.trade_status!), status: p.trade_status!,
    amountFen, currency: p.trans_currency || 'CNY', occurredAt: new Date(Number.isFinite(paidAt) ? paidAt : t).toISOString(),
  };
}

/** What Alipay must read back: exactly "success" (anything else makes it redeliver). */
export const ALIPAY_ACK = 'success';
export const ALIPAY_NACK = 'failure';

/** Test/sandbox helper: a notification signed like Alipay would sign it (with a key pair the test generated). */
export function signAlipayNotification(alipayPrivateKeyPem: string, fields: Record<string, string>): string {
  const p = { ...fields, sign_type: 'RSA2' };
  const sign = rsaSha256Sign(alipayPrivateKeyPem, alipaySignContent(p, true));
  return new URLSearchParams({ ...p, sign }).toString();
}
