// The real-gateway adapters against their published protocols, with keys generated here (node:crypto): the outbound
// request verifies under the merchant's public key exactly as the gateway would check it; a notification signed by
// the "gateway" key verifies and parses to the normalised event; any tampering (body, signature, timestamp, serial,
// merchant, ciphertext) is refused with LEDGER_WEBHOOK_INVALID. Plus exact yuan ↔ fen conversion (CALC-01).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash, createVerify, generateKeyPairSync } from 'node:crypto';
import { alipayPaymentRequest, alipaySignContent, signAlipayNotification, verifyAlipayNotification, type AlipayConfig } from './alipay.js';
import { decryptWechatResource, encryptWechatResource, signWechatNotification, verifyWechatNotification, wechatPrepayRequest, type WechatConfig } from './wechat.js';
import { signUnionPayNotification, unionpayPaymentRequest, unionpaySignContent, verifyUnionPayNotification, type UnionPayConfig } from './unionpay.js';
import { bankTransferInstructions } from './bank-transfer.js';
import { fenFromGateway, fenToYuan, yuanToFen } from './yuan.js';
import { beijingDateTime } from './rsa.js';
import { parseForm, type InboundNotification } from './adapter.js';

const pair = () => {
  const k = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { priv: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: k.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const merchant = pair();
const gateway = pair();
const other = pair();
const NOW = 1_800_000_000;
const now = new Date(NOW * 1000);
const intent = { id: 'pi_01jd0000000000000000000000', amountFen: 30_012n, currency: 'CNY', reference: 'JH-2026-000001-AB12CD', tenantId: 'ten_01jd0000000000000000000000', subject: '还款 JH-2026-000001-AB12CD' };
const ctx = { notifyUrl: 'https://recourse.example/api/v1/payments/webhooks/x/demo', returnUrl: 'https://recourse.example/t/demo/portal', now };
const code = (f: () => unknown) => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};
const rsaOk = (pub: string, data: string, sig: string) => createVerify('RSA-SHA256').update(data).verify(pub, Buffer.from(sig, 'base64'));

describe('CALC-01 gateway amounts: yuan strings ↔ fen are exact', () => {
  it('property: fenToYuan then yuanToFen is the identity, and matches decimal arithmetic', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n - 1n }), (fen) => {
      const y = fenToYuan(fen);
      expect(y).toMatch(/^\d+\.\d{2}$/);
      expect(yuanToFen(y)).toBe(fen);
    }), { numRuns: 2000 });
  });
  it('property: any yuan string with 0–2 decimals converts to integer fen without float error', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 99 }), (int, places, frac) => {
      const f = places === 0 ? '' : places === 1 ? String(frac % 10) : String(frac).padStart(2, '0');
      const s = places === 0 ? `${int}` : `${int}.${f}`;
      const want = int * 100n + (places === 0 ? 0n : places === 1 ? BigInt(frac % 10) * 10n : BigInt(frac));
      expect(yuanToFen(s)).toBe(want);
    }), { numRuns: 2000 });
  });
  it('classic float traps stay exact; malformed amounts are refused', () => {
    expect(yuanToFen('0.1')).toBe(10n);
    expect(yuanToFen('1.15')).toBe(115n);
    expect(yuanToFen('4.35')).toBe(435n);
    expect(yuanToFen('999999999999999.99')).toBe(99999999999999999n);
    for (const bad of ['', '-1.00', '1.001', '01.00', '1e3', ' 1.00', '1,000.00', '.5', 'NaN']) expect(() => yuanToFen(bad), bad).toThrow(RangeError);
    expect(fenFromGateway(30012)).toBe(30012n);
    expect(fenFromGateway('30012')).toBe(30012n);
    for (const bad of [0, -1, 1.5, '0', '012', '1.0', Number.MAX_SAFE_INTEGER + 2]) expect(() => fenFromGateway(bad), String(bad)).toThrow(RangeError);
  });
});

describe('Alipay (RSA2)', () => {
  const cfg: AlipayConfig = { appId: '2021000000000001', gatewayUrl: 'https://openapi.alipay.com/gateway.do', privateKeyPem: merchant.priv, alipayPublicKeyPem: gateway.pub };
  const paid = (over: Record<string, string> = {}) => ({
    notify_time: beijingDateTime(new Date((NOW + 5) * 1000)), notify_type: 'trade_status_sync', notify_id: 'ac05099524730693a8b330c5ecf72da9786', charset: 'utf-8', version: '1.0',
    app_id: cfg.appId, trade_no: '2026112922001400000000000001', out_trade_no: intent.id, trade_status: 'TRADE_SUCCESS', total_amount: '300.12', gmt_payment: beijingDateTime(now), ...over,
  });
  it('builds alipay.trade.page.pay signed over the sorted k=v string (sign excluded), amount in yuan', () => {
    const r = alipayPaymentRequest(cfg, intent, ctx);
    expect(r).toMatchObject({ kind: 'redirect', method: 'GET', url: cfg.gatewayUrl });
    expect(r.fields).toMatchObject({ app_id: cfg.appId, method: 'alipay.trade.page.pay', sign_type: 'RSA2', charset: 'utf-8', timestamp: beijingDateTime(now) });
    const biz = JSON.parse(r.fields.biz_content!);
    expect(biz).toMatchObject({ out_trade_no: intent.id, total_amount: '300.12', product_code: 'FAST_INSTANT_TRADE_PAY' });
    const content = alipaySignContent(r.fields, false);
    expect(content.startsWith('app_id=')).toBe(true);
    expect(content).toContain('&sign_type=RSA2&');
    expect(rsaOk(merchant.pub, content, r.fields.sign!)).toBe(true);
    expect(rsaOk(other.pub, content, r.fields.sign!)).toBe(false);
  });
  it('verifies a notification signed with the Alipay key and normalises it (yuan → fen)', () => {
    const n = verifyAlipayNotification(cfg, { body: signAlipayNotification(gateway.priv, paid()), headers: {} }, NOW + 10);
    expect(n).toMatchObject({ gateway: 'alipay', transactionId: '2026112922001400000000000001', intentId: intent.id, paid: true, amountFen: 30_012n, currency: 'CNY' });
    expect(verifyAlipayNotification(cfg, { body: signAlipayNotification(gateway.priv, paid({ trade_status: 'TRADE_FINISHED' })), headers: {} }, NOW).paid).toBe(true);
    expect(verifyAlipayNotification(cfg, { body: signAlipayNotification(gateway.priv, paid({ trade_status: 'WAIT_BUYER_PAY' })), headers: {} }, NOW).paid).toBe(false);
  });
  it('property: changing any signed field of a notification after signing is refused', () => {
    const body = signAlipayNotification(gateway.priv, paid());
    const p = parseForm(body);
    const keys = Object.keys(p).filter((k) => k !== 'sign' && k !== 'sign_type');
    fc.assert(fc.property(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 12 }), (k, v) => {
      fc.pre(v !== p[k]);
      expect(code(() => verifyAlipayNotification(cfg, { body: new URLSearchParams({ ...p, [k]: v }).toString(), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    }), { numRuns: 60 });
  });
  it('refuses a tampered amount, a foreign key, another app, a stale or future notify_time and a bad amount format', () => {
    const body = signAlipayNotification(gateway.priv, paid());
    expect(code(() => verifyAlipayNotification(cfg, { body: body.replace('total_amount=300.12', 'total_amount=3001.20'), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyAlipayNotification(cfg, { body: signAlipayNotification(other.priv, paid()), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyAlipayNotification(cfg, { body: signAlipayNotification(gateway.priv, paid({ app_id: '2021000000000999' })), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyAlipayNotification(cfg, { body, headers: {} }, NOW + 49 * 3600))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyAlipayNotification(cfg, { body, headers: {} }, NOW - 3600))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyAlipayNotification(cfg, { body: signAlipayNotification(gateway.priv, paid({ total_amount: '300.123' })), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    const p = parseForm(body);
    expect(code(() => verifyAlipayNotification(cfg, { body: new URLSearchParams({ ...p, sign: p.sign!.slice(0, -4) + 'AAAA' }).toString(), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
  });
});

describe('WeChat Pay API v3', () => {
  const apiV3Key = 'k'.repeat(16) + 'A1b2C3d4E5f6G7h8';
  const cfg: WechatConfig = { appId: 'wx0123456789abcdef', mchId: '1900000001', merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A72', privateKeyPem: merchant.priv, apiV3Key, platformSerial: 'PUB_KEY_ID_0114232134912410000000000000', platformPublicKeyPem: gateway.pub };
  const tx = (over: Record<string, unknown> = {}) => ({ appid: cfg.appId, mchid: cfg.mchId, out_trade_no: intent.id, transaction_id: '4200000000202611290000000001', trade_type: 'NATIVE', trade_state: 'SUCCESS', success_time: '2027-01-15T16:00:00+08:00', payer: { openid: 'o' }, amount: { total: 30012, payer_total: 30012, currency: 'CNY', payer_currency: 'CNY' }, ...over });
  const signed = (over: Record<string, unknown> = {}, ts = NOW) => signWechatNotification(gateway.priv, apiV3Key, tx(over), { timestamp: ts, serial: cfg.platformSerial });
  it('builds the Native prepay call with a WECHATPAY2-SHA256-RSA2048 Authorization over the request', () => {
    const r = wechatPrepayRequest(cfg, intent, ctx);
    expect(r.url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/native');
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ appid: cfg.appId, mchid: cfg.mchId, out_trade_no: intent.id, amount: { total: 30012, currency: 'CNY' }, notify_url: ctx.notifyUrl });
    const m = /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="(\w+)",signature="([^"]+)",timestamp="(\d+)",serial_no="(\w+)"$/.exec(r.headers.authorization!);
    expect(m).not.toBeNull();
    expect(m![4]).toBe(String(NOW));
    expect(rsaOk(merchant.pub, `POST\n/v3/pay/transactions/native\n${m![4]}\n${m![2]}\n${r.body}\n`, m![3]!)).toBe(true);
  });
  it('AEAD_AES_256_GCM round trip; a wrong key, nonce or associated data does not decrypt', () => {
    const c = encryptWechatResource(apiV3Key, '{"a":1}', 'abcdefabcdef', 'transaction');
    expect(decryptWechatResource(apiV3Key, { ciphertext: c, nonce: 'abcdefabcdef', associated_data: 'transaction' })).toBe('{"a":1}');
    expect(code(() => decryptWechatResource('x'.repeat(32), { ciphertext: c, nonce: 'abcdefabcdef', associated_data: 'transaction' }))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => decryptWechatResource(apiV3Key, { ciphertext: c, nonce: 'abcdefabcdeF', associated_data: 'transaction' }))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => decryptWechatResource(apiV3Key, { ciphertext: c, nonce: 'abcdefabcdef', associated_data: 'other' }))).toBe('LEDGER_WEBHOOK_INVALID');
  });
  it('verifies signature over "timestamp\\nnonce\\nbody\\n", the serial and the 5-minute window, then decrypts (amount.total in fen)', () => {
    const v = verifyWechatNotification(cfg, signed(), NOW + 299);
    expect(v).toMatchObject({ gateway: 'wechat', transactionId: '4200000000202611290000000001', intentId: intent.id, paid: true, amountFen: 30_012n, currency: 'CNY', occurredAt: '2027-01-15T08:00:00.000Z' });
    expect(verifyWechatNotification(cfg, signWechatNotification(gateway.priv, apiV3Key, tx(), { timestamp: NOW, serial: cfg.platformSerial, eventType: 'REFUND.SUCCESS' }), NOW)).toEqual({ ignored: 'REFUND.SUCCESS' });
  });
  it('refuses tampered body / signature / timestamp / nonce, another serial, stale time, another merchant', () => {
    const n = signed();
    const h = n.headers as Record<string, string>;
    const with_ = (o: Partial<InboundNotification>) => code(() => verifyWechatNotification(cfg, { ...n, ...o }, NOW));
    expect(with_({ body: n.body.replace('"summary":"支付成功"', '"summary":"x"') })).toBe('LEDGER_WEBHOOK_INVALID');
    expect(with_({ headers: { ...h, 'wechatpay-timestamp': String(NOW + 1) } })).toBe('LEDGER_WEBHOOK_INVALID');
    expect(with_({ headers: { ...h, 'wechatpay-nonce': 'other' } })).toBe('LEDGER_WEBHOOK_INVALID');
    expect(with_({ headers: { ...h, 'wechatpay-signature': h['wechatpay-signature']!.replace(/^.{8}/, 'AAAAAAAA') } })).toBe('LEDGER_WEBHOOK_INVALID');
    expect(with_({ headers: { ...h, 'wechatpay-serial': 'PUB_KEY_ID_0114232134912419999999999999' } })).toBe('LEDGER_WEBHOOK_INVALID');
    expect(with_({ headers: { ...h, 'wechatpay-signature': undefined } })).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWechatNotification(cfg, n, NOW + 301))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWechatNotification(cfg, signed({ mchid: '1900000999' }), NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWechatNotification(cfg, signWechatNotification(other.priv, apiV3Key, tx(), { timestamp: NOW, serial: cfg.platformSerial }), NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWechatNotification(cfg, signWechatNotification(gateway.priv, 'z'.repeat(32), tx(), { timestamp: NOW, serial: cfg.platformSerial }), NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWechatNotification(cfg, signed({ amount: { total: 300.12, currency: 'CNY' } }), NOW))).toBe('LEDGER_WEBHOOK_INVALID');
  });
});

describe('UnionPay online (5.1.0, signMethod 01)', () => {
  const cfg: UnionPayConfig = { merId: '777290058110048', certId: '69629715588', privateKeyPem: merchant.priv, unionpayPublicKeyPem: gateway.pub, gatewayUrl: 'https://gateway.95516.com/gateway/api/frontTransReq.do' };
  const txnTime = new Date((NOW + 8 * 3600) * 1000).toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const notify = (over: Record<string, string> = {}) => ({
    version: '5.1.0', encoding: 'UTF-8', bizType: '000201', txnType: '01', txnSubType: '01', accessType: '0', merId: cfg.merId, orderId: intent.id.replace('_', ''),
    txnTime, txnAmt: '30012', currencyCode: '156', queryId: '782611291600001234567', traceNo: '123456', traceTime: txnTime.slice(4), settleAmt: '30012', settleCurrencyCode: '156', settleDate: '1129',
    respCode: '00', respMsg: 'success', signPubKeyCert: '-----BEGIN CERTIFICATE-----MIIE...-----END CERTIFICATE-----', ...over,
  });
  it('builds frontTransReq: fields sorted, SHA-256 hex digest, SHA256withRSA, txnAmt in fen, orderId without "_"', () => {
    const r = unionpayPaymentRequest(cfg, intent, ctx);
    expect(r).toMatchObject({ kind: 'redirect', method: 'POST', url: cfg.gatewayUrl });
    expect(r.fields).toMatchObject({ version: '5.1.0', signMethod: '01', txnType: '01', bizType: '000201', merId: cfg.merId, certId: cfg.certId, txnAmt: '30012', currencyCode: '156', orderId: 'pi01jd0000000000000000000000', backUrl: ctx.notifyUrl });
    const { signature, ...rest } = r.fields;
    const sorted = Object.keys(rest).sort().map((k) => `${k}=${rest[k]}`).join('&');
    const digest = createHash('sha256').update(sorted).digest('hex');
    expect(unionpaySignContent(r.fields)).toBe(digest);
    expect(rsaOk(merchant.pub, digest, signature!)).toBe(true);
  });
  it('verifies a back notification; respCode 00 and A6 are paid, others acknowledged only', () => {
    const v = verifyUnionPayNotification(cfg, { body: signUnionPayNotification(gateway.priv, notify()), headers: {} }, NOW + 60);
    expect(v).toMatchObject({ gateway: 'unionpay', transactionId: '782611291600001234567', intentId: intent.id, paid: true, amountFen: 30_012n, currency: 'CNY' });
    expect(verifyUnionPayNotification(cfg, { body: signUnionPayNotification(gateway.priv, notify({ respCode: 'A6' })), headers: {} }, NOW).paid).toBe(true);
    expect(verifyUnionPayNotification(cfg, { body: signUnionPayNotification(gateway.priv, notify({ respCode: '03' })), headers: {} }, NOW).paid).toBe(false);
    expect(verifyUnionPayNotification(cfg, { body: signUnionPayNotification(gateway.priv, notify({ currencyCode: '840' })), headers: {} }, NOW).currency).not.toBe('CNY');
  });
  it('property: changing any field of a back notification after signing is refused', () => {
    const p = parseForm(signUnionPayNotification(gateway.priv, notify()));
    const keys = Object.keys(p).filter((k) => k !== 'signature');
    fc.assert(fc.property(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 12 }), (k, v) => {
      fc.pre(v !== p[k]);
      expect(code(() => verifyUnionPayNotification(cfg, { body: new URLSearchParams({ ...p, [k]: v }).toString(), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    }), { numRuns: 60 });
  });
  it('refuses tampered amount / signature, another merchant, a foreign key, a stale txnTime', () => {
    const body = signUnionPayNotification(gateway.priv, notify());
    expect(code(() => verifyUnionPayNotification(cfg, { body: body.replace('txnAmt=30012', 'txnAmt=90012'), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyUnionPayNotification(cfg, { body: signUnionPayNotification(other.priv, notify()), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyUnionPayNotification(cfg, { body: signUnionPayNotification(gateway.priv, notify({ merId: '777290058119999' })), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyUnionPayNotification(cfg, { body, headers: {} }, NOW + 49 * 3600))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyUnionPayNotification(cfg, { body: body.replace('signMethod=01', 'signMethod=11'), headers: {} }, NOW))).toBe('LEDGER_WEBHOOK_INVALID');
  });
});

describe('bank transfer', () => {
  it('COL-44: gives the escrow account and the intent reference the statement import matches on', () => {
    expect(bankTransferInstructions({ accountName: '某某资产管理有限公司客户资金托管户', bankName: '招商银行上海分行', accountNo: '6214 8300 0000 0001' }, intent)).toEqual({
      kind: 'bank_transfer', gateway: 'bank_transfer', accountName: '某某资产管理有限公司客户资金托管户', bankName: '招商银行上海分行', accountNo: '6214 8300 0000 0001', reference: intent.reference, amount: '300.12', currency: 'CNY',
    });
  });
});
