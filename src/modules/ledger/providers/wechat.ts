// WeChat Pay API v3 adapter (Native pay: the prepay answer's code_url is shown as a QR code).
// Request: POST /v3/pay/transactions/native with a JSON body; Authorization
// `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"` where signature is
// SHA256withRSA (merchant private key) over "POST\n<path>\n<timestamp>\n<nonce>\n<body>\n".
// Notification: headers Wechatpay-Timestamp / -Nonce / -Signature / -Serial; the signature is SHA256withRSA with the
// WeChat Pay platform certificate (or platform public key) over "<timestamp>\n<nonce>\n<body>\n"; the serial must be
// the configured one and the timestamp within 5 minutes. The resource is AEAD_AES_256_GCM: key = the APIv3 key,
// iv = resource.nonce, AAD = resource.associated_data, ciphertext = base64(data || 16-byte tag). The decrypted
// transaction must be for our mchid/appid; trade_state SUCCESS means paid; amount.total is fen.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { rsaSha256Sign, rsaSha256Verify } from './rsa.js';
import { fenFromGateway } from './yuan.js';
import { header, invalid, type ApiRequest, type InboundNotification, type OutboundContext, type OutboundIntent, type VerifiedNotification } from './adapter.js';

export interface WechatConfig {
  appId: string;
  mchId: string;
  /** Serial number of the merchant API certificate (goes into Authorization). */
  merchantSerialNo: string;
  /** Merchant API private key (PEM). Secret. */
  privateKeyPem: string;
  /** The APIv3 key (32 characters). Secret. */
  apiV3Key: string;
  /** Serial of the platform certificate, or the platform public key id (PUB_KEY_ID_…). */
  platformSerial: string;
  /** Platform certificate or platform public key (PEM). */
  platformPublicKeyPem: string;
  apiBase?: string;
}

export const WECHAT_API_BASE = 'https://api.mch.weixin.qq.com';
export const WECHAT_NATIVE_PATH = '/v3/pay/transactions/native';
export const WECHAT_TOLERANCE_S = 300;

const nonce = () => randomBytes(16).toString('hex');

/** The signed Native prepay call. Nothing is sent from here. */
export function wechatPrepayRequest(cfg: WechatConfig, intent: OutboundIntent, ctx: OutboundContext): ApiRequest {
  if (intent.currency !== 'CNY') throw invalid('WeChat Pay takes CNY only');
  if (intent.amountFen > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('amount too large');
  const expire = new Date(ctx.now.getTime() + (ctx.timeoutMinutes ?? 30) * 60_000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
  const body = JSON.stringify({
    appid: cfg.appId, mchid: cfg.mchId, description: intent.subject.slice(0, 127), out_trade_no: intent.id, time_expire: expire,
    attach: intent.tenantId, notify_url: ctx.notifyUrl, amount: { total: Number(intent.amountFen), currency: 'CNY' },
  });
  const ts = String(Math.floor(ctx.now.getTime() / 1000));
  const n = nonce();
  const signature = rsaSha256Sign(cfg.privateKeyPem, `POST\n${WECHAT_NATIVE_PATH}\n${ts}\n${n}\n${body}\n`);
  return {
    kind: 'api', gateway: 'wechat', method: 'POST', url: `${cfg.apiBase ?? WECHAT_API_BASE}${WECHAT_NATIVE_PATH}`, body,
    headers: {
      'content-type': 'application/json', accept: 'application/json',
      authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${cfg.mchId}",nonce_str="${n}",signature="${signature}",timestamp="${ts}",serial_no="${cfg.merchantSerialNo}"`,
    },
  };
}

export function decryptWechatResource(apiV3Key: string, r: { ciphertext: string; nonce: string; associated_data?: string }): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw invalid('the APIv3 key must be 32 bytes');
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length < 17) throw invalid('resource ciphertext too short');
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(r.nonce, 'utf8'));
    d.setAuthTag(data.subarray(data.length - 16));
    d.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
    return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString('utf8');
  } catch {
    throw invalid('resource does not decrypt (APIv3 key, nonce or associated_data)');
  }
}

export function encryptWechatResource(apiV3Key: string, plaintext: string, nonceStr: string, associatedData: string): string {
  const c = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonceStr, 'utf8'));
  c.setAAD(Buffer.from(associatedData, 'utf8'));
  const out = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return out.toString('base64');
}

/** Verifies headers + signature + window, decrypts the resource. Throws LEDGER_WEBHOOK_INVALID. */
export function verifyWechatNotification(cfg: WechatConfig, n: InboundNotification, nowSeconds: number): VerifiedNotification | { ignored: string } {
  const ts = header(n.headers, 'wechatpay-timestamp');
  const nc = header(n.headers, 'wechatpay-nonce');
  const sig = header(n.headers, 'wechatpay-signature');
  const serial = header(n.headers, 'wechatpay-serial');
  if (!ts || !nc || !sig || !serial) throw invalid('missing Wechatpay-Timestamp / -Nonce / -Signature / -Serial');
  const type = header(n.headers, 'wechatpay-signature-type');
  if (type && type !== 'WECHATPAY2-SHA256-RSA2048') throw invalid('unsupported signature type');
  if (serial !== cfg.platformSerial) throw invalid('Wechatpay-Serial is not the configured platform certificate / key');
  if (!/^\d{1,12}$/.test(ts)) throw invalid('malformed Wechatpay-Timestamp');
  if (!rsaSha256Verify(cfg.platformPublicKeyPem, `${ts}\n${nc}\n${n.body}\n`, sig)) throw invalid('signature does not match');
  if (Math.abs(nowSeconds - Number(ts)) > WECHAT_TOLERANCE_S) throw invalid('timestamp outside the tolerance window');
  let j: { id?: string; event_type?: string; resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string } };
  try {
    j = JSON.parse(n.body);
  } catch {
    throw invalid('body is not JSON');
  }
  if (j.event_type !== 'TRANSACTION.SUCCESS') return { ignored: String(j.event_type ?? 'unknown') };
  const r = j.resource;
  if (!r || r.algorithm !== 'AEAD_AES_256_GCM' || !r.ciphertext || !r.nonce) throw invalid('resource must be AEAD_AES_256_GCM');
  let t: { appid?: string; mchid?: string; out_trade_no?: string; transaction_id?: string; trade_state?: string; success_time?: string; amount?: { total?: unknown; currency?: string } };
  try {
    t = JSON.parse(decryptWechatResource(cfg.apiV3Key, { ciphertext: r.ciphertext, nonce: r.nonce, associated_data: r.associated_data }));
  } catch (e) {
    if ((e as { code?: string }).code) throw e;
    throw invalid('resource is not JSON');
  }
  if (t.mchid !== cfg.mchId || t.appid !== cfg.appId) throw invalid('mchid / appid are not ours');
  if (!t.out_trade_no || !t.transaction_id || !t.trade_state) throw invalid('missing out_trade_no / transaction_id / trade_state');
  let amountFen: bigint;
  try {
    amountFen = fenFromGateway(t.amount?.total);
  } catch {
    throw invalid('amount.total is not a fen amount');
  }
  const at = t.success_time && Number.isFinite(Date.parse(t.success_time)) ? new Date(t.success_time).toISOString() : new Date(Number(ts) * 1000).toISOString();
  return { gateway: 'wechat', transactionId: t.transaction_id, intentId: t.out_trade_no, paid: t.trade_state === 'SUCCESS', status: t.trade_state, amountFen, currency: t.amount?.currency ?? 'CNY', occurredAt: at };
}

export const WECHAT_ACK = { code: 'SUCCESS', message: '成功' } as const;
export const wechatNack = (message: string) => ({ code: 'FAIL', message });

/** Test/sandbox helper: a notification signed and encrypted like WeChat Pay would (with test keys). */
export function signWechatNotification(platformPrivateKeyPem: string, apiV3Key: string, transaction: Record<string, unknown>, opts: { timestamp: number; nonce?: string; serial: string; eventId?: string; eventType?: string }): InboundNotification {
  const rn = randomBytes(6).toString('hex');
  const body = JSON.stringify({
    id: opts.eventId ?? randomBytes(8).toString('hex'), create_time: new Date(opts.timestamp * 1000).toISOString(), resource_type: 'encrypt-resource',
    event_type: opts.eventType ?? 'TRANSACTION.SUCCESS', summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: encryptWechatResource(apiV3Key, JSON.stringify(transaction), rn, 'transaction'), associated_data: 'transaction', nonce: rn },
  });
  const nc = opts.nonce ?? nonce();
  const signature = rsaSha256Sign(platformPrivateKeyPem, `${opts.timestamp}\n${nc}\n${body}\n`);
  return { body, headers: { 'content-type': 'application/json', 'wechatpay-timestamp': String(opts.timestamp), 'wechatpay-nonce': nc, 'wechatpay-signature': signature, 'wechatpay-serial': opts.serial, 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048' } };
}
