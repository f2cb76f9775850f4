// The ledger over HTTP on the real app (demo tenant, real database): fee agreements, the debtor paying through the
// sandbox gateway (checkout page → signed webhook), webhook signature / timestamp / replay checks, the case ledger
// with art 561 allocation, refunds and reversals with fees recomputed (never charged twice), escrow, statements
// (JSON/PDF/XLSX), fee income, two-person disbursements, bank reconciliation with suspense, and payment plans.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import ExcelJS from 'exceljs';
import { testApp, signIn } from '../../../test/support/app.js';
import { withTenant } from '../../platform/db/index.js';
import { getLogHead } from '../evidence/index.js';
import { demoTenantId, openDemoCases, signInDebtor, webhookSecretOf } from './testing.js';
import { runPlanCheck } from './jobs.js';

const PW = 'Recourse-demo-2026';
const now = () => Math.floor(Date.now() / 1000);

function multipart(name: string, content: Buffer | string, type = 'text/csv') {
  const boundary = `----rc${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sign = (secret: string, body: string, t: number) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

describe('ledger HTTP', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const tenantId = await demoTenantId(r);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  const compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
  const creditorUser = await signIn(r, 'demo', 'creditor@demo.recourse.test', PW);
  const [c1, c2, c3] = await openDemoCases(r, 3);
  const debtor = await signInDebtor(r, c1!);
  const secret = webhookSecretOf(r);
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) => r.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

  const agreement = {
    tiers: [{ maxDebtAgeDays: 100_000, bands: [{ upTo: '1000.00', bps: 2000 }, { bps: 1000 }] }, { bands: [{ bps: 1500 }] }],
    cap: '5000.00',
    planBounds: { minInstalment: '50.00', maxTermMonths: 12, settlementFloorBps: 8000 },
    approvalThreshold: '100.00',
  };

  it('fee agreements: admin stores versions; invalid terms are 422; collectors cannot change them; creditor reads', async () => {
    for (const c of new Set([c1!.creditorId, c2!.creditorId, c3!.creditorId])) {
      const put = await inject('PUT', `/api/v1/creditors/${c}/fee-agreement`, admin.headers, agreement);
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().version).toBeGreaterThanOrEqual(1);
    }
    const bad = await inject('PUT', `/api/v1/creditors/${c1!.creditorId}/fee-agreement`, admin.headers, { ...agreement, tiers: [{ bands: [{ bps: 2000 }, { bps: 1000 }] }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('LEDGER_FEE_AGREEMENT_INVALID');
    const neg = await inject('PUT', `/api/v1/creditors/${c1!.creditorId}/fee-agreement`, admin.headers, { ...agreement, cap: '-1' });
    expect(neg.statusCode).toBe(400);
    expect((await inject('PUT', `/api/v1/creditors/${c1!.creditorId}/fee-agreement`, collector.headers, agreement)).statusCode).toBe(403);
    const got = await inject('GET', `/api/v1/creditors/${c1!.creditorId}/fee-agreement`, creditorUser.headers);
    expect(got.statusCode).toBe(200);
    expect(got.json().approvalThreshold).toBe('100.00');
  });

  let paymentId = '';
  let checkoutUrl = '';
  it('COL-44: the debtor sees what they owe (no collection fee) and pays through the sandbox gateway into the creditor escrow', async () => {
    const before = await withTenant(r.db, tenantId, (tx) => getLogHead(tx));
    const mine = await inject('GET', '/api/v1/portal/ledger', debtor.headers);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().ref).toBe(c1!.ref);
    expect(mine.json().collectionFees).toBe('0.00');
    expect(Number(mine.json().owed)).toBeGreaterThan(300);
    expect((await inject('GET', '/api/v1/portal/ledger', collector.headers)).statusCode).toBe(403);

    const tooMuch = await inject('POST', '/api/v1/portal/payments', debtor.headers, { amount: '99999999.00', method: 'alipay' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().field).toBe('amount');
    const start = await inject('POST', '/api/v1/portal/payments', debtor.headers, { amount: '300.00', method: 'alipay', returnTo: '/t/demo/portal' });
    expect(start.statusCode, start.body).toBe(201);
    expect(start.json().payee).toBe(`escrow:creditor:${c1!.creditorId}`);
    checkoutUrl = start.json().checkoutUrl;
    const page = await r.app.inject({ method: 'GET', url: checkoutUrl });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('¥300.00');
    const session = new URL(checkoutUrl, 'http://x').searchParams.get('session');
    const pay = await r.app.inject({ method: 'POST', url: '/api/v1/payments/sandbox/checkout/pay', payload: { session } });
    expect(pay.statusCode, pay.body).toBe(200);
    expect(pay.json()).toEqual({ delivered: 200, booked: true });

    const led = await inject('GET', `/api/v1/cases/${c1!.id}/ledger`, collector.headers);
    expect(led.statusCode, led.body).toBe(200);
    const l = led.json();
    expect(l.payments).toHaveLength(1);
    expect(l.payments[0]).toMatchObject({ amount: '300.00', source: 'sandbox', reversed: false });
    paymentId = l.payments[0].paymentId;
    const line = l.allocation.lines[0];
    // art 561: costs, then interest, then principal; the three parts add up to the payment
    expect((Number(line.costs) * 100 + Number(line.interest) * 100 + Number(line.principal) * 100) / 100).toBeCloseTo(300, 2);
    expect(l.allocation.order).toEqual(['costs', 'interest', 'principal']);
    expect(l.fees.contingencyCharged).toBe('60.00');
    expect(l.fees.basis).toContain('20.00%');
    const after = await withTenant(r.db, tenantId, (tx) => getLogHead(tx));
    expect(after!.size).toBeGreaterThan(before!.size); // the batches left evidence leaves
    // paying the same checkout again is the same provider event: nothing moves twice
    const again = await r.app.inject({ method: 'POST', url: '/api/v1/payments/sandbox/checkout/pay', payload: { session } });
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/payments/sandbox/checkout/pay', payload: { session: `${session}x` } })).statusCode).toBe(400);
    expect(again.json().booked).toBe(true);
    expect((await inject('GET', `/api/v1/cases/${c1!.id}/ledger`, collector.headers)).json().payments).toHaveLength(1);
  });

  it('webhooks: a bad signature, a stale timestamp, a reused event id with another body and an unknown provider are refused', async () => {
    const start = await inject('POST', '/api/v1/portal/payments', debtor.headers, { amount: '10.00', method: 'wechat' });
    const intentId = start.json().intentId;
    const event = { id: `evt_test_${intentId}`, type: 'payment.succeeded', intentId, caseId: c1!.id, creditorId: c1!.creditorId, amountFen: '1000', currency: 'CNY', reference: start.json().reference, occurredAt: new Date().toISOString(), tenantId };
    const body = JSON.stringify(event);
    const post = (b: string, sig: string, provider = 'sandbox') => r.app.inject({ method: 'POST', url: `/api/v1/payments/webhooks/${provider}`, headers: { 'content-type': 'application/json', 'x-sandbox-signature': sig }, payload: b });
    const wrong = await post(body, sign('not-the-secret', body, now()));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('LEDGER_WEBHOOK_INVALID');
    expect((await post(body, sign(secret, body, now() - 600))).statusCode).toBe(400);
    expect((await post(body.replace('"1000"', '"900"'), sign(secret, body, now()))).statusCode).toBe(400);
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/sandbox', headers: { 'content-type': 'application/json' }, payload: body })).statusCode).toBe(400);
    expect((await post(body, sign(secret, body, now()), 'paypal')).statusCode).toBe(404);
    const ok = await post(body, sign(secret, body, now()));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().replayed).toBe(false);
    const replay = await post(body, sign(secret, body, now()));
    expect(replay.json().replayed).toBe(true);
    const other = JSON.stringify({ ...event, amountFen: '500' });
    const conflict = await post(other, sign(secret, other, now()));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('LEDGER_IDEMPOTENCY_CONFLICT');
    // an event for money above the intent, or for another case, is not ours
    const big = JSON.stringify({ ...event, id: 'evt_big', amountFen: '999999' });
    expect((await post(big, sign(secret, big, now()))).statusCode).toBe(400);
  });

  it('refunds and reversals recompute fees so no recovered fen is charged twice; over-refunds are refused', async () => {
    const refund = await inject('POST', `/api/v1/payments/${paymentId}/refund`, collector.headers, { amount: '100.00', reason: '重复付款 duplicate', idempotencyKey: 'refund-1' });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json().feesRefunded).toBe('20.00');
    const retry = await inject('POST', `/api/v1/payments/${paymentId}/refund`, collector.headers, { amount: '100.00', reason: '重复付款 duplicate', idempotencyKey: 'refund-1' });
    expect(retry.json().replayed).toBe(true);
    const over = await inject('POST', `/api/v1/payments/${paymentId}/refund`, collector.headers, { amount: '250.00', reason: 'too much', idempotencyKey: 'refund-2' });
    expect(over.statusCode).toBe(422);
    expect(over.json().field).toBe('amount');
    let l = (await inject('GET', `/api/v1/cases/${c1!.id}/ledger`, collector.headers)).json();
    expect(l.payments.find((p: { paymentId: string }) => p.paymentId === paymentId).refunded).toBe('100.00');
    // 300 − 100 refunded + 10 (webhook test) = 210 net; 20 % = 42.00
    expect(l.fees.netRecovered).toBe('210.00');
    expect(l.fees.contingencyCharged).toBe('42.00');
    const small = l.payments.find((p: { amount: string }) => p.amount === '10.00').paymentId;
    const rev = await inject('POST', `/api/v1/payments/${small}/reverse`, collector.headers, { reason: '银行退票 bank returned it' });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(rev.json().feesRefunded).toBe('2.00');
    expect((await inject('POST', `/api/v1/payments/${small}/reverse`, collector.headers, { reason: 'again' })).statusCode).toBe(409);
    expect((await inject('POST', `/api/v1/payments/${small}/reverse`, creditorUser.headers, { reason: 'again' })).statusCode).toBe(403);
    l = (await inject('GET', `/api/v1/cases/${c1!.id}/ledger`, collector.headers)).json();
    expect(l.fees.contingencyCharged).toBe('40.00');
    expect(l.payments.find((p: { paymentId: string }) => p.paymentId === small).reversed).toBe(true);
    expect(l.allocation.lines).toHaveLength(1);
    expect(l.allocation.totals.paid).toBe('200.00');
  });

  it('escrow = receipts − fees − refunds − disbursements; two-person approval above the threshold', async () => {
    const e = (await inject('GET', `/api/v1/creditors/${c1!.creditorId}/escrow`, admin.headers)).json();
    expect(e.received).toBe('300.00'); // the 10.00 receipt was reversed
    expect(e.fees).toBe('40.00');
    expect(e.refunded).toBe('100.00');
    expect(e.balance).toBe('160.00');
    const small = await inject('POST', '/api/v1/disbursements', compliance.headers, { creditorId: c1!.creditorId, amount: '20.00', reference: 'ICBC 6222 **** 0001' });
    expect(small.statusCode, small.body).toBe(201);
    expect(small.json().status).toBe('paid');
    const big = await inject('POST', '/api/v1/disbursements', compliance.headers, { creditorId: c1!.creditorId, amount: '120.00', reference: 'ICBC 6222 **** 0001' });
    expect(big.json().status).toBe('pending_approval');
    const tooBig = await inject('POST', '/api/v1/disbursements', compliance.headers, { creditorId: c1!.creditorId, amount: '1000.00', reference: 'x1' });
    expect(tooBig.statusCode).toBe(409);
    expect(tooBig.json().code).toBe('LEDGER_INSUFFICIENT_FUNDS');
    const pending = (await inject('GET', '/api/v1/disbursements', admin.headers)).json().items;
    expect(pending.map((d: { id: string }) => d.id)).toContain(big.json().id);
    const self = await inject('POST', `/api/v1/disbursements/${big.json().id}/approve`, compliance.headers, {});
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('LEDGER_APPROVAL_INVALID');
    expect((await inject('POST', `/api/v1/disbursements/${big.json().id}/approve`, collector.headers, {})).statusCode).toBe(403);
    const ok = await inject('POST', `/api/v1/disbursements/${big.json().id}/approve`, admin.headers, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'paid', approvedBy: admin.body.user.id });
    expect((await inject('POST', `/api/v1/disbursements/${big.json().id}/approve`, admin.headers, {})).statusCode).toBe(409);
    const after = (await inject('GET', `/api/v1/creditors/${c1!.creditorId}/escrow`, creditorUser.headers)).json();
    expect(after.disbursed).toBe('140.00');
    expect(after.balance).toBe('20.00');
    const all = (await inject('GET', '/api/v1/ledger/escrow', admin.headers)).json().items;
    expect(all.find((x: { creditorId: string }) => x.creditorId === c1!.creditorId).balance).toBe('20.00');
  });

  it('statements per period as JSON (fee basis on fee lines), PDF and XLSX; fee income and recoveries', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const j = await inject('GET', `/api/v1/creditors/${c1!.creditorId}/statements?from=${from}&to=${tomorrow}`, admin.headers);
    expect(j.statusCode, j.body).toBe(200);
    const st = j.json();
    expect(st.closing).toBe('20.00');
    expect(st.lines.filter((x: { code: string }) => x.code === 'fee_charged').every((x: { feeBasis: string | null }) => x.feeBasis?.includes('agreement'))).toBe(true);
    const pdf = await inject('GET', `/api/v1/creditors/${c1!.creditorId}/statements?from=${from}&to=${tomorrow}&format=pdf`, creditorUser.headers);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const x = await inject('GET', `/api/v1/creditors/${c1!.creditorId}/statements?from=${from}&to=${tomorrow}&format=xlsx`, admin.headers);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain('20.00');
    expect((await inject('GET', `/api/v1/creditors/${c1!.creditorId}/statements?from=${today}&to=${from}`, admin.headers)).statusCode).toBe(422);
    const fi = (await inject('GET', '/api/v1/ledger/fee-income', admin.headers)).json();
    expect(Number(fi.balance)).toBeGreaterThanOrEqual(40);
    expect(Number(fi.charged) - Number(fi.refunded)).toBeCloseTo(Number(fi.balance), 2);
    expect((await inject('GET', '/api/v1/ledger/fee-income', creditorUser.headers)).statusCode).toBe(403);
    const rec = (await inject('GET', `/api/v1/ledger/recoveries?creditorId=${c1!.creditorId}`, creditorUser.headers)).json();
    expect(rec.items.reduce((s: number, i: { recovered: string }) => s + Number(i.recovered), 0)).toBeCloseTo(200, 2);
  });

  it('bank reconciliation: matches by case reference, the rest to suspense; re-import books nothing twice; suspense resolves once', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const csv = `交易日期,贷方金额,对方户名,摘要\n${day},50.00,某人,还款 ${c2!.ref}\n${day},"1,234.00",不明,转账\n${day},-3.00,银行,手续费\n`;
    const m = multipart('statement.csv', csv);
    const up = await r.app.inject({ method: 'POST', url: '/api/v1/reconciliations', headers: { ...compliance.headers, ...m.headers }, payload: m.payload });
    expect(up.statusCode, up.body).toBe(201);
    const rec = up.json();
    expect(rec.summary).toEqual({ matched: 1, suspense: 1, ignored: 1 });
    expect(rec.report).toContain('to suspense 1 (1234.00)');
    const again = await r.app.inject({ method: 'POST', url: '/api/v1/reconciliations', headers: { ...compliance.headers, ...m.headers }, payload: m.payload });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: rec.id, replayed: true });
    const l2 = (await inject('GET', `/api/v1/cases/${c2!.id}/ledger`, collector.headers)).json();
    expect(l2.payments.map((p: { amount: string; source: string }) => [p.amount, p.source])).toEqual([['50.00', 'bank']]);
    const got = (await inject('GET', `/api/v1/reconciliations/${rec.id}`, admin.headers)).json();
    const sus = got.lines.find((x: { outcome: string }) => x.outcome === 'suspense');
    expect(sus.resolved).toBe(false);
    const tooMuchForCase = await inject('POST', `/api/v1/suspense/${sus.transferId}/resolve`, admin.headers, { caseId: c3!.id });
    // 1234.00 may exceed c3's balance; either it resolves or it says why, naming the field
    if (tooMuchForCase.statusCode !== 200) {
      expect(tooMuchForCase.statusCode).toBe(422);
      expect(tooMuchForCase.json().field).toBe('caseId');
    } else {
      expect(tooMuchForCase.json().applied).toBe('1234.00');
      const twice = await inject('POST', `/api/v1/suspense/${sus.transferId}/resolve`, admin.headers, { caseId: c2!.id });
      expect(twice.statusCode).toBe(409);
      expect((await inject('GET', `/api/v1/reconciliations/${rec.id}`, admin.headers)).json().lines.find((x: { outcome: string }) => x.outcome === 'suspense').resolved).toBe(true);
    }
    const wrong = multipart('bad.csv', 'a,b\n1,2\n');
    const bad = await r.app.inject({ method: 'POST', url: '/api/v1/reconciliations', headers: { ...compliance.headers, ...wrong.headers }, payload: wrong.payload });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('LEDGER_RECONCILIATION_FORMAT');
  });

  it('bank reconciliation reads XLSX statements too', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('流水');
    ws.addRow(['日期', '金额', '付款人', '附言']);
    ws.addRow([new Date().toISOString().slice(0, 10), '7.00', '某人', `unknown-${Date.now()}`]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const m = multipart('statement.xlsx', buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const up = await r.app.inject({ method: 'POST', url: '/api/v1/reconciliations', headers: { ...admin.headers, ...m.headers }, payload: m.payload });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().summary).toEqual({ matched: 0, suspense: 1, ignored: 0 });
  });

  it('payment plans: proposals outside the creditor bounds are refused with the bound; the other side accepts; the plan check flags missed and broken instalments once', async () => {
    const d3 = await signInDebtor(r, c3!);
    const first = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const tooLong = await inject('POST', `/api/v1/cases/${c3!.id}/payment-plans`, d3.headers, { instalments: 24, firstDueDate: first });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().bound).toBe('max_term');
    const tooCheap = await inject('POST', `/api/v1/cases/${c3!.id}/payment-plans`, d3.headers, { instalments: 2, firstDueDate: first, total: '1.00' });
    expect(tooCheap.json().bound).toBe('settlement_floor');
    expect((await inject('POST', `/api/v1/cases/${c1!.id}/payment-plans`, d3.headers, { instalments: 2, firstDueDate: first })).statusCode).toBe(403);
    const ok = await inject('POST', `/api/v1/cases/${c3!.id}/payment-plans`, d3.headers, { instalments: 3, firstDueDate: first });
    expect(ok.statusCode, ok.body).toBe(201);
    const plan = ok.json();
    const sum = plan.instalments.reduce((s: bigint, i: { amount: string }) => s + BigInt(i.amount.replace('.', '')), 0n);
    expect(sum).toBe(BigInt(plan.total.replace('.', '')));
    expect((await inject('POST', `/api/v1/payment-plans/${plan.id}/accept`, d3.headers, {})).statusCode).toBe(409);
    const acc = await inject('POST', `/api/v1/payment-plans/${plan.id}/accept`, collector.headers, {});
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json().acceptedAt).not.toBeNull();
    const list = (await inject('GET', `/api/v1/cases/${c3!.id}/payment-plans`, d3.headers)).json();
    expect(list.items[0].assessment).toMatchObject({ missedCount: 0, broken: false });
    const far = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const run1 = await runPlanCheck(r.db, { tenantId, asOf: far });
    expect(run1.notices).toBeGreaterThanOrEqual(4); // three missed + broken
    expect((await runPlanCheck(r.db, { tenantId, asOf: far })).notices).toBe(0);
    const notices = (await inject('GET', `/api/v1/cases/${c3!.id}/payment-plans`, collector.headers)).json().items[0].notices;
    expect(notices.map((n: { kind: string }) => n.kind)).toContain('broken');
  });
});
