// UnionPay online gateway adapter (全渠道 gateway payment, version 5.1.0, signMethod 01 = RSA with SHA-256).
// Signing, as the published SDKs do for 5.1.0: every field except `signature` sorted by name and joined `k=v&…`;
// the SHA-256 of that string as lowercase hex; that hex string signed with SHA256withRSA (the merchant signing
// certificate's private key); base64 into `signature`. The browser posts the fields to frontTransReq.do.
// Back notification (backUrl, form POST): the same string from the received fields is verified with UnionPay's
// signing public key (the configured key; the notification's signPubKeyCert is part of the signed string);
// merId must be ours; respCode 00 or A6 means paid; txnAmt is fen; currencyCode 156 is CNY. UnionPay expects HTTP 200
// ("ok") or it redelivers. txnTime (our order time, Beijing) must be within the last 48 hours.
import { createHash } from 'node:crypto';
import { parseBeijing, rsaSha256Sign, rsaSha256Verify } from './rsa.js';
import { fenFromGateway } from './yuan.js';
import { fromOrderId, invalid, parseForm, sortedPairs, toOrderId, type InboundNotification, type OutboundContext, type OutboundIntent, type RedirectRequest, type VerifiedNotification } from './adapter.js';

export interface UnionPayConfig {
  merId: string;
  /** Serial of the merchant signing certificate (certId). */
  certId: string;
  /** Merchant signing private key (PEM). Secret. */
  privateKeyPem: string;
  /** UnionPay's signing public key or certificate (PEM) for verifying notifications. */
  unionpayPublicKeyPem: string;
  gatewayUrl: string;
}

export const UNIONPAY_DEFAULT_GATEWAY = 'https://gateway.95516.com/gateway/api/frontTransReq.do';
const PAID = new Set(['00', 'A6']);
const CURRENCY: Record<string, string> = { '156': 'CNY' };
const MAX_AGE_S = 48 * 3600;

export function unionpaySignContent(fields: Record<string, string>): string {
  return createHash('sha256').update(sortedPairs(fields, ['signature'], false), 'utf8').digest('hex');
}

const beijingCompact = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-:T]/g, '');

/** The signed front (browser) consumption request. */
export function unionpayPaymentRequest(cfg: UnionPayConfig, intent: OutboundIntent, ctx: OutboundContext): RedirectRequest {
  if (intent.currency !== 'CNY') throw invalid('UnionPay online takes CNY only here');
  const f: Record<string, string> = {
    version: '5.1.0', encoding: 'UTF-8', signMethod: '01', txnType: '01', txnSubType: '01', bizType: '000201', channelType: '07', accessType: '0',
    merId: cfg.merId, certId: cfg.certId, orderId: toOrderId(intent.id), txnTime: beijingCompact(ctx.now), txnAmt: String(intent.amountFen), currencyCode: '156',
    frontUrl: ctx.returnUrl, backUrl: ctx.notifyUrl, reqReserved: intent.tenantId, payTimeout: beijingCompact(new Date(ctx.now.getTime() + (ctx.timeoutMinutes ?? 30) * 60_000)),
  };
  f.signature = rsaSha256Sign(cfg.privateKeyPem, unionpaySignContent(f));
  return { kind: 'redirect', gateway: 'unionpay', method: 'POST', url: cfg.gatewayUrl, fields: f };
}

/** Verifies a back notification. Throws LEDGER_WEBHOOK_INVALID. */
export function verifyUnionPayNotification(cfg: UnionPayConfig, n: InboundNotification, nowSeconds: number): VerifiedNotification {
  const p = parseForm(n.body);
  if (!p.signature) throw invalid('missing signature');
  if (p.signMethod !== '01') throw invalid('signMethod must be 01 (RSA)');
  if (!rsaSha256Verify(cfg.unionpayPublicKeyPem, unionpaySignContent(p), p.signature)) throw invalid('signature does not match');
  if (p.merId !== cfg.merId) throw invalid('merId is not ours');
  for (const k of ['orderId', 'queryId', 'respCode', 'txnAmt', 'txnTime'] as const) if (!p[k]) throw invalid(`missing ${k}`);
  const t = parseBeijing(p.txnTime!);
  if (!Number.isFinite(t)) throw invalid('malformed txnTime');
  const age = nowSeconds - Math.floor(t / 1000);
  if (age > MAX_AGE_S || age < -300) throw invalid('txnTime outside the accepted window');
  let amountFen: bigint;
  try {
    amountFen = fenFromGateway(p.txnAmt);
  } catch {
    throw invalid('txnAmt is not a fen amount');
  }
  const currency = CURRENCY[p.currencyCode ?? '156'] ?? `ISO-${p.currencyCode}`;
  return { gateway: 'unionpay', transactionId: p.queryId!, intentId: fromOrderId(p.orderId!), paid: PAID.has(p.respCode!), status: p.respCode!, amountFen, currency, occurredAt: new Date(t).toISOString() };
}

export const UNIONPAY_ACK = 'ok';
export const UNIONPAY_NACK = 'fail';

/** Test/sandbox helper: a back notification signed like UnionPay would (with test keys). */
export function signUnionPayNotification(unionpayPrivateKeyPem: string, fields: Record<string, string>): string {
  const f = { ...fields, signMethod: '01' };
  return new URLSearchParams({ ...f, signature: rsaSha256Sign(unionpayPrivateKeyPem, unionpaySignContent(f)) }).toString();
}
