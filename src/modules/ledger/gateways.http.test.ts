// Real gateway adapters over HTTP on the demo tenant (keys generated here; nothing leaves the process): the admin
// configures Alipay / WeChat Pay / UnionPay / bank transfer (keys write-only, stored encrypted), the debtor starts a
// payment and gets the gateway's signed request, and the gateway's notification — signed with the "gateway" key the
// tenant configured — books the money into the creditor escrow exactly once (COL-44). Retries answer success and move
// nothing; tampered body / signature / timestamp and wrong amount / currency are refused in the gateway's own answer
// format with no money moved. Bank transfer: the payer's remittance reference is matched by the statement import.
import { describe, expect, it } from 'vitest';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { testApp, signIn } from '../../../test/support/app.js';
import { one, sql, withTenant } from '../../platform/db/index.js';
import { accounts } from './postings.js';
import { getAccountBalance } from './store.js';
import { demoTenantId, openDemoCases, signInDebtor } from './testing.js';
import { signAlipayNotification, alipaySignContent } from './providers/alipay.js';
import { signWechatNotification } from './providers/wechat.js';
import { signUnionPayNotification, unionpaySignContent } from './providers/unionpay.js';
import { beijingDateTime } from './providers/rsa.js';

const PW = 'Recourse-demo-2026';
const pair = () => {
  const k = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { priv: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: k.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const rsaOk = (pub: string, data: string, sig: string) => createVerify('RSA-SHA256').update(data).verify(pub, Buffer.from(sig, 'base64'));
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('real payment gateways over HTTP', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const tenantId = await demoTenantId(r);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  const compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
  const cases = await openDemoCases(r, 4);
  const [cA, cW, cU, cB] = cases;
  const merchant = pair();
  const alipayGw = pair();
  const wechatGw = pair();
  const unionGw = pair();
  const apiV3Key = 'Recourse0APIv3Key0000000000000AB';
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) => r.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const escrow = (creditorId: string) => withTenant(r.db, tenantId, (tx) => getAccountBalance(tx, accounts.escrow(creditorId)));
  const transfers = async () => Number((await withTenant(r.db, tenantId, (tx) => one<{ n: string }>(tx, sql`SELECT count(*)::text AS n FROM ledger.transfers`)))!.n);
  const nowS = () => Math.floor(Date.now() / 1000);

  const configs = {
    alipay: { enabled: true, settings: { appId: '2021000000000001' }, secrets: { privateKeyPem: merchant.priv, alipayPublicKeyPem: alipayGw.pub } },
    wechat: { enabled: true, settings: { appId: 'wx0123456789abcdef', mchId: '1900000001', merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A72', platformSerial: 'PUB_KEY_ID_0114232134912410000000000000' }, secrets: { privateKeyPem: merchant.priv, apiV3Key, platformPublicKeyPem: wechatGw.pub } },
    unionpay: { enabled: true, settings: { merId: '777290058110048', certId: '69629715588' }, secrets: { privateKeyPem: merchant.priv, unionpayPublicKeyPem: unionGw.pub } },
    bank_transfer: { enabled: true, settings: { accountName: '演示资产管理有限公司客户资金托管户', bankName: '招商银行上海分行', accountNo: '6214830000000001' } },
  };

  it('gateway configuration: admin only, validated field by field, keys write-only and stored encrypted', async () => {
    expect((await inject('PUT', '/api/v1/ledger/gateways/alipay', collector.headers, configs.alipay)).statusCode).toBe(403);
    const noKeys = await inject('PUT', '/api/v1/ledger/gateways/alipay', admin.headers, { enabled: true, settings: configs.alipay.settings });
    expect(noKeys.statusCode).toBe(422);
    expect(noKeys.json()).toMatchObject({ code: 'LEDGER_GATEWAY_CONFIG_INVALID', field: 'secrets.privateKeyPem' });
    const badApp = await inject('PUT', '/api/v1/ledger/gateways/alipay', admin.headers, { ...configs.alipay, settings: { appId: 'abc' } });
    expect(badApp.json()).toMatchObject({ code: 'LEDGER_GATEWAY_CONFIG_INVALID', field: 'settings.appId' });
    const swapped = await inject('PUT', '/api/v1/ledger/gateways/alipay', admin.headers, { ...configs.alipay, secrets: { privateKeyPem: merchant.pub, alipayPublicKeyPem: alipayGw.pub } });
    expect(swapped.json()).toMatchObject({ field: 'secrets.privateKeyPem' });
    const shortKey = await inject('PUT', '/api/v1/ledger/gateways/wechat', admin.headers, { ...configs.wechat, secrets: { ...configs.wechat.secrets, apiV3Key: 'short' } });
    expect(shortKey.json()).toMatchObject({ field: 'secrets.apiV3Key' });
    for (const [g, body] of Object.entries(configs)) {
      const res = await inject('PUT', `/api/v1/ledger/gateways/${g}`, admin.headers, body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('PRIVATE KEY');
      expect(res.body).not.toContain('PUBLIC KEY');
      expect(res.body).not.toContain(apiV3Key);
      expect(res.json().enabled).toBe(true);
    }
    // Saving settings again without keys keeps the keys.
    const again = await inject('PUT', '/api/v1/ledger/gateways/alipay', admin.headers, { enabled: true, settings: configs.alipay.settings });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ version: 2, secretsSet: ['alipayPublicKeyPem', 'privateKeyPem'] });
    const list = await inject('GET', '/api/v1/ledger/gateways', compliance.headers);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('KEY-----');
    expect(list.body).not.toContain(apiV3Key);
    const items = list.json().items as { gateway: string; enabled: boolean; webhookUrl: string | null }[];
    expect(items.map((i) => [i.gateway, i.enabled])).toEqual([['alipay', true], ['wechat', true], ['unionpay', true], ['bank_transfer', true]]);
    expect(items[0]!.webhookUrl).toMatch(/\/api\/v1\/payments\/webhooks\/alipay\/demo$/);
    const stored = await withTenant(r.db, tenantId, (tx) => one<{ s: string }>(tx, sql`SELECT string_agg(coalesce(secrets_enc, '') || settings::text, '|') AS s FROM ledger.gateway_configs`));
    expect(stored!.s).not.toContain('KEY-----');
    expect(stored!.s).not.toContain(apiV3Key);
  });

  it('Alipay: signed page-pay request; a signed notification books once (COL-44); retries and TRADE_FINISHED move nothing; tampering refused', async () => {
    const d = await signInDebtor(r, cA!);
    const start = await inject('POST', '/api/v1/portal/payments', d.headers, { amount: '300.12', method: 'alipay' });
    expect(start.statusCode, start.body).toBe(201);
    const s = start.json();
    expect(s).toMatchObject({ provider: 'alipay', payee: `escrow:creditor:${cA!.creditorId}`, gateway: { kind: 'redirect', method: 'GET', url: 'https://openapi.alipay.com/gateway.do' } });
    expect(rsaOk(merchant.pub, alipaySignContent(s.gateway.fields, false), s.gateway.fields.sign)).toBe(true);
    expect(JSON.parse(s.gateway.fields.biz_content)).toMatchObject({ out_trade_no: s.intentId, total_amount: '300.12' });
    expect(s.checkoutUrl.startsWith('https://openapi.alipay.com/gateway.do?')).toBe(true);

    const fields = (over: Record<string, string> = {}) => ({
      notify_time: beijingDateTime(new Date()), notify_type: 'trade_status_sync', notify_id: `n${Date.now()}${Math.random().toString(36).slice(2, 6)}`, charset: 'utf-8', version: '1.0',
      app_id: '2021000000000001', trade_no: '2026112922001400000000000777', out_trade_no: s.intentId, trade_status: 'TRADE_SUCCESS', total_amount: '300.12', gmt_payment: beijingDateTime(new Date()), ...over,
    });
    const post = (body: string, tenant = 'demo') => r.app.inject({ method: 'POST', url: `/api/v1/payments/webhooks/alipay/${tenant}`, headers: FORM, payload: body });
    const before = await escrow(cA!.creditorId);
    const n0 = await transfers();
    // Tampered: amount changed after signing; signed by someone else; wrong amount (signed); wrong currency (signed).
    const good = signAlipayNotification(alipayGw.priv, fields());
    for (const bad of [good.replace('total_amount=300.12', 'total_amount=30.12'), signAlipayNotification(merchant.priv, fields()),
      signAlipayNotification(alipayGw.priv, fields({ total_amount: '100.00' })), signAlipayNotification(alipayGw.priv, fields({ trans_currency: 'USD' })),
      signAlipayNotification(alipayGw.priv, fields({ notify_time: beijingDateTime(new Date(Date.now() + 3_600_000)) }))]) {
      const res = await post(bad);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toBe('failure');
    }
    expect((await post(good, 'no-such-tenant')).statusCode).toBe(404);
    expect(await escrow(cA!.creditorId)).toBe(before);
    expect(await transfers()).toBe(n0);

    const ok = await post(good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toBe('success');
    expect(await escrow(cA!.creditorId)).toBe(before + 30_012n);
    const n1 = await transfers();
    expect(n1).toBeGreaterThan(n0);
    // Alipay redelivers (same body), then sends TRADE_FINISHED with a new notify_id: both acknowledged, nothing moves.
    expect((await post(good)).body).toBe('success');
    expect((await post(signAlipayNotification(alipayGw.priv, fields({ trade_status: 'TRADE_FINISHED' })))).body).toBe('success');
    expect(await escrow(cA!.creditorId)).toBe(before + 30_012n);
    expect(await transfers()).toBe(n1);
    const led = (await inject('GET', `/api/v1/cases/${cA!.id}/ledger`, collector.headers)).json();
    expect(led.payments.filter((p: { amount: string }) => p.amount === '300.12')).toHaveLength(1);
  });

  it('Alipay: 20 parallel deliveries of one notification book it once', async () => {
    const d = await signInDebtor(r, cA!);
    const s = (await inject('POST', '/api/v1/portal/payments', d.headers, { amount: '10.01', method: 'alipay' })).json();
    const body = signAlipayNotification(alipayGw.priv, {
      notify_time: beijingDateTime(new Date()), notify_type: 'trade_status_sync', notify_id: 'parallel-1', charset: 'utf-8', version: '1.0', app_id: '2021000000000001',
      trade_no: '2026112922001400000000000999', out_trade_no: s.intentId, trade_status: 'TRADE_SUCCESS', total_amount: '10.01', gmt_payment: beijingDateTime(new Date()),
    });
    const before = await escrow(cA!.creditorId);
    const res = await Promise.all(Array.from({ length: 20 }, () => r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/alipay/demo', headers: FORM, payload: body })));
    expect(res.filter((x) => x.body === 'success').length).toBeGreaterThanOrEqual(1);
    for (const x of res) expect([200, 409]).toContain(x.statusCode);
    expect(await escrow(cA!.creditorId)).toBe(before + 1_001n);
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/alipay/demo', headers: FORM, payload: body })).body).toBe('success');
    expect(await escrow(cA!.creditorId)).toBe(before + 1_001n);
  });

  it('WeChat Pay v3: prepay signed but not sent (live off); notification verified + decrypted books once; tampered / stale / wrong currency refused with {code:"FAIL"}', async () => {
    const d = await signInDebtor(r, cW!);
    const start = await inject('POST', '/api/v1/portal/payments', d.headers, { amount: '88.80', method: 'wechat' });
    expect(start.statusCode, start.body).toBe(201);
    const s = start.json();
    expect(s).toMatchObject({ provider: 'wechat', checkoutUrl: null, gateway: { kind: 'qr', codeUrl: null } });
    const serial = configs.wechat.settings.platformSerial;
    // Paid at 00:30 Beijing time: the value date is that Beijing day, not the UTC day before.
    const bjDay = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const tx = (over: Record<string, unknown> = {}) => ({ appid: 'wx0123456789abcdef', mchid: '1900000001', out_trade_no: s.intentId, transaction_id: '4200000000202611290000000888', trade_type: 'NATIVE', trade_state: 'SUCCESS', success_time: `${bjDay}T00:30:00+08:00`, amount: { total: 8880, payer_total: 8880, currency: 'CNY', payer_currency: 'CNY' }, ...over });
    const post = (n: { body: string; headers: Record<string, string | string[] | undefined> }) => r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/wechat/demo', headers: n.headers as Record<string, string>, payload: n.body });
    const before = await escrow(cW!.creditorId);
    const n0 = await transfers();
    const good = signWechatNotification(wechatGw.priv, apiV3Key, tx(), { timestamp: nowS(), serial });
    const h = good.headers as Record<string, string>;
    for (const bad of [
      { ...good, headers: { ...h, 'wechatpay-timestamp': String(nowS() - 1) } },
      { ...good, body: good.body.replace('"summary":"支付成功"', '"summary":"ok"') },
      signWechatNotification(wechatGw.priv, apiV3Key, tx(), { timestamp: nowS() - 600, serial }),
      signWechatNotification(wechatGw.priv, apiV3Key, tx({ amount: { total: 8880, currency: 'USD' } }), { timestamp: nowS(), serial }),
      signWechatNotification(wechatGw.priv, apiV3Key, tx({ amount: { total: 100, currency: 'CNY' } }), { timestamp: nowS(), serial }),
      signWechatNotification(merchant.priv, apiV3Key, tx(), { timestamp: nowS(), serial }),
    ]) {
      const res = await post(bad);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('FAIL');
    }
    expect(await escrow(cW!.creditorId)).toBe(before);
    expect(await transfers()).toBe(n0);
    const ok = await post(good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ code: 'SUCCESS', message: '成功' });
    // WeChat retries with a fresh signature and nonce: acknowledged, booked once.
    const retry = await post(signWechatNotification(wechatGw.priv, apiV3Key, tx(), { timestamp: nowS(), serial }));
    expect(retry.json().code).toBe('SUCCESS');
    expect(await escrow(cW!.creditorId)).toBe(before + 8_880n);
    const paidW = (await inject('GET', `/api/v1/cases/${cW!.id}/ledger`, collector.headers)).json().payments.filter((p: { amount: string }) => p.amount === '88.80');
    expect(paidW.map((p: { valueDate: string }) => p.valueDate)).toEqual([bjDay]);
    // Yet another redelivery (new event id, same transaction): still one booking.
    const n1 = await transfers();
    expect((await post(signWechatNotification(wechatGw.priv, apiV3Key, tx(), { timestamp: nowS(), serial, eventId: 'evt-redelivered' }))).json().code).toBe('SUCCESS');
    expect(await transfers()).toBe(n1);
    expect(await escrow(cW!.creditorId)).toBe(before + 8_880n);
  });

  it('UnionPay: signed frontTransReq; back notification books once and answers "ok"; tampered / wrong amount / wrong currency refused', async () => {
    const d = await signInDebtor(r, cU!);
    const start = await inject('POST', '/api/v1/portal/payments', d.headers, { amount: '120.00', method: 'unionpay' });
    expect(start.statusCode, start.body).toBe(201);
    const s = start.json();
    expect(s).toMatchObject({ provider: 'unionpay', gateway: { kind: 'redirect', method: 'POST', url: 'https://gateway.95516.com/gateway/api/frontTransReq.do' } });
    expect(s.gateway.fields).toMatchObject({ txnAmt: '12000', currencyCode: '156', signMethod: '01', merId: '777290058110048' });
    expect(rsaOk(merchant.pub, unionpaySignContent(s.gateway.fields), s.gateway.fields.signature)).toBe(true);
    const f = (over: Record<string, string> = {}) => ({
      version: '5.1.0', encoding: 'UTF-8', bizType: '000201', txnType: '01', txnSubType: '01', accessType: '0', merId: '777290058110048', orderId: s.gateway.fields.orderId,
      txnTime: s.gateway.fields.txnTime, txnAmt: '12000', currencyCode: '156', queryId: '782611291600001239999', traceNo: '654321', respCode: '00', respMsg: 'success', ...over,
    });
    const post = (body: string) => r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/unionpay/demo', headers: FORM, payload: body });
    const before = await escrow(cU!.creditorId);
    const n0 = await transfers();
    const good = signUnionPayNotification(unionGw.priv, f());
    for (const bad of [good.replace('txnAmt=12000', 'txnAmt=12001'), signUnionPayNotification(unionGw.priv, f({ txnAmt: '1000' })), signUnionPayNotification(unionGw.priv, f({ currencyCode: '840' })), signUnionPayNotification(alipayGw.priv, f())]) {
      const res = await post(bad);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toBe('fail');
    }
    expect(await escrow(cU!.creditorId)).toBe(before);
    expect(await transfers()).toBe(n0);
    for (let i = 0; i < 3; i++) {
      const res = await post(good);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toBe('ok');
    }
    expect(await escrow(cU!.creditorId)).toBe(before + 12_000n);
    // A failed payment notice (respCode 03) is acknowledged and books nothing.
    const n1 = await transfers();
    expect((await post(signUnionPayNotification(unionGw.priv, f({ respCode: '03', queryId: '782611291600001230000' })))).body).toBe('ok');
    expect(await transfers()).toBe(n1);
  });

  it('bank transfer: the payer gets the escrow account and a unique reference; the statement import matches it into the creditor escrow', async () => {
    const d = await signInDebtor(r, cB!);
    const start = await inject('POST', '/api/v1/portal/payments', d.headers, { amount: '66.00', method: 'bank_transfer' });
    expect(start.statusCode, start.body).toBe(201);
    const s = start.json();
    expect(s.gateway).toEqual({ kind: 'bank_transfer', accountName: configs.bank_transfer.settings.accountName, bankName: '招商银行上海分行', accountNo: '6214830000000001', reference: s.reference, amount: '66.00', currency: 'CNY' });
    const before = await escrow(cB!.creditorId);
    const day = new Date().toISOString().slice(0, 10);
    const csv = `交易日期,贷方金额,对方户名,摘要\n${day},66.00,某人,${s.reference}\n`;
    const boundary = '----rcbank';
    const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bank.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`);
    const up = await r.app.inject({ method: 'POST', url: '/api/v1/reconciliations', headers: { ...compliance.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().summary).toEqual({ matched: 1, suspense: 0, ignored: 0 });
    expect(up.json().lines[0]).toMatchObject({ caseId: cB!.id, outcome: 'matched' });
    expect(await escrow(cB!.creditorId)).toBe(before + 6_600n);
  });

  it('a disabled gateway takes no notifications and new payments fall back to the sandbox', async () => {
    const off = await inject('PUT', '/api/v1/ledger/gateways/unionpay', admin.headers, { enabled: false, settings: configs.unionpay.settings });
    expect(off.statusCode, off.body).toBe(200);
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/unionpay/demo', headers: FORM, payload: 'a=b' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe('fail');
    const d = await signInDebtor(r, cU!);
    const start = await inject('POST', '/api/v1/portal/payments', d.headers, { amount: '1.00', method: 'unionpay' });
    expect(start.json()).toMatchObject({ provider: 'sandbox', gateway: null });
  });
});
