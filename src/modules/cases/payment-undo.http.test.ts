// unrecordPayment end to end over real HTTP (whole app on PGlite, demo tenant): a debtor pays through the sandbox
// gateway, the case's promise is kept; the ledger refunds or reverses the payment and the case balance and the
// promise status revert, with the undo on the timeline, once however often the ledger retries.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';
import { signInDebtorHttp, type DebtorSession } from '../../../test/support/portal.js';
import { withTenant, rows, sql } from '../../platform/db/index.js';
import { recordPayment, recordPromise, unrecordPayment } from './index.js';
import { getCaseFile } from './case-file.js';

const r = await testApp();
const PW = 'Recourse-demo-2026';
const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
const tenantId = collector.body.tenant.id;
const inject = (h: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  r.app.inject({ method, url, headers: h, ...(payload !== undefined ? { payload: payload as object } : {}) });
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Open demo cases without holds, promises or payments, so the only payment and promise are the test's. */
async function cleanCases(): Promise<Array<{ id: string; ref: string }>> {
  return withTenant(r.db, tenantId, (tx) => rows<{ id: string; ref: string }>(tx, sql`SELECT c.id, c.ref FROM cases.cases c
    WHERE c.stage NOT IN ('closed', 'intake') AND NOT EXISTS (SELECT 1 FROM cases.holds h WHERE h.case_id = c.id AND h.released_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM cases.promises p WHERE p.case_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM cases.payments p WHERE p.debt_id = c.debt_id)
      AND NOT EXISTS (SELECT 1 FROM cases.locks l WHERE l.case_id = c.id) ORDER BY c.ref`));
}

async function debtorFor(cands: Array<{ id: string; ref: string }>): Promise<{ c: { id: string; ref: string }; debtor: DebtorSession }> {
  for (const c of cands) {
    try {
      return { c, debtor: await signInDebtorHttp(r, c.ref) };
    } catch {
      // no phone on file: the portal cannot send a code; try the next case
    }
  }
  throw new Error('no clean demo case with a phone');
}

async function payThroughSandbox(debtor: DebtorSession, amount: string): Promise<void> {
  const start = await inject(debtor.headers, 'POST', '/api/v1/portal/payments', { amount, method: 'alipay' });
  expect(start.statusCode, start.body).toBe(201);
  const session = new URL(start.json().checkoutUrl, 'http://x').searchParams.get('session');
  const pay = await r.app.inject({ method: 'POST', url: '/api/v1/payments/sandbox/checkout/pay', payload: { session } });
  expect(pay.json(), pay.body).toEqual({ delivered: 200, booked: true });
}

const file = async (id: string) => {
  const res = await inject(collector.headers, 'GET', `/api/v1/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const undos = async (id: string) => (await inject(collector.headers, 'GET', `/api/v1/cases/${id}/timeline`)).json().items
  .filter((e: { type: string; detail: { what?: string } }) => e.type === 'recorded' && e.detail.what === 'payment_unrecorded');
const fen = (s: string) => Math.round(Number(s) * 100);

describe('unrecordPayment: the ledger takes a payment back, the case follows', { timeout: 180_000 }, async () => {
  const { c, debtor } = await debtorFor(await cleanCases());

  it('pay → promise kept; partial refund → balance revives, promise pending again, one undo however often retried; reversal likewise', async () => {
    const before = await file(c.id);
    const promise = await inject(collector.headers, 'POST', `/api/v1/cases/${c.id}/promises`, { dueDate: today(), amount: '300.00' });
    expect(promise.statusCode, promise.body).toBe(201);
    await payThroughSandbox(debtor, '300.00');
    const paid = await file(c.id);
    expect(paid.promises).toEqual([expect.objectContaining({ id: promise.json().promiseId, status: 'kept', paidTowards: '300.00' })]);
    expect(fen(paid.position.paid)).toBe(30_000);
    expect(fen(before.position.outstanding) - fen(paid.position.outstanding)).toBe(30_000);

    const led = (await inject(collector.headers, 'GET', `/api/v1/cases/${c.id}/ledger`)).json();
    const paymentId = led.payments[0].paymentId as string;
    const refund = await inject(collector.headers, 'POST', `/api/v1/payments/${paymentId}/refund`, { amount: '100.00', reason: '重复付款 duplicate', idempotencyKey: 'undo-test-1' });
    expect(refund.statusCode, refund.body).toBe(200);
    const refunded = await file(c.id);
    expect(fen(refunded.position.paid)).toBe(20_000);
    expect(fen(refunded.position.outstanding) - fen(paid.position.outstanding)).toBe(10_000);
    expect(refunded.promises[0]).toMatchObject({ status: 'pending', paidTowards: '200.00' });
    expect(refunded.payments).toEqual([expect.objectContaining({ amount: '200.00', recorded: '300.00', removed: '100.00', source: 'escrow' })]);
    const u1 = await undos(c.id);
    expect(u1).toHaveLength(1);
    expect(u1[0].detail.data).toMatchObject({ amountFen: '10000', promises: [{ promiseId: promise.json().promiseId, from: 'kept', to: 'pending' }] });

    // the ledger's retry of the same refund moves nothing twice, and the case takes nothing back twice
    const retry = await inject(collector.headers, 'POST', `/api/v1/payments/${paymentId}/refund`, { amount: '100.00', reason: '重复付款 duplicate', idempotencyKey: 'undo-test-1' });
    expect(retry.json().replayed).toBe(true);
    expect(await undos(c.id)).toHaveLength(1);
    expect((await file(c.id)).position.paid).toBe('200.00');
    // an over-refund is refused by the ledger and the case undo rolls back with it
    const over = await inject(collector.headers, 'POST', `/api/v1/payments/${paymentId}/refund`, { amount: '250.00', reason: 'too much', idempotencyKey: 'undo-test-2' });
    expect(over.statusCode).toBe(422);
    expect(await undos(c.id)).toHaveLength(1);

    // a second payment keeps the promise again; reversing it (booked in error) makes it pending again
    await payThroughSandbox(debtor, '100.00');
    expect((await file(c.id)).promises[0].status).toBe('kept');
    const led2 = (await inject(collector.headers, 'GET', `/api/v1/cases/${c.id}/ledger`)).json();
    const second = led2.payments.find((p: { amount: string }) => p.amount === '100.00').paymentId as string;
    const rev = await inject(collector.headers, 'POST', `/api/v1/payments/${second}/reverse`, { reason: '银行退票 bank returned it' });
    expect(rev.statusCode, rev.body).toBe(200);
    const reversed = await file(c.id);
    expect(reversed.position.paid).toBe('200.00');
    expect(reversed.position.outstanding).toBe(refunded.position.outstanding);
    expect(reversed.promises[0]).toMatchObject({ status: 'pending', paidTowards: '200.00' });
    expect((await inject(collector.headers, 'POST', `/api/v1/payments/${second}/reverse`, { reason: 'again' })).statusCode).toBe(409);
    expect(await undos(c.id)).toHaveLength(2);
    // the evidence log got a leaf for each undo (ids and codes only)
    const ev = await withTenant(r.db, tenantId, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM evidence.leaves WHERE type = 'case.payment_unrecorded' AND case_id = ${c.id}`));
    expect(ev[0]!.n).toBe(2);
  });

  it('a promise whose deadline passed goes to broken; an unknown externalRef changes nothing; never more than was recorded', async () => {
    const [other] = (await cleanCases()).filter((x) => x.id !== c.id);
    const id = other!.id;
    const now = new Date();
    const out = await withTenant(r.db, tenantId, async (tx) => {
      await recordPromise(tx, { caseId: id, dueDate: today(), amountFen: 50_000n, at: now });
      await recordPayment(tx, { caseId: id, paidOn: today(), amountFen: 50_000n, source: 'creditor_report', externalRef: 'cr:undo-1', at: now });
      const kept = (await getCaseFile(tx, id, now)).promises[0]!.status;
      const none = await unrecordPayment(tx, { caseId: id, externalRef: 'cr:nope', reason: 'x', at: now });
      // three days later the promise's deadline has passed: without the payment it is broken
      const later = new Date(now.getTime() + 3 * 86_400_000);
      const part = await unrecordPayment(tx, { caseId: id, externalRef: 'cr:undo-1', reason: '退款', amountFen: 20_000n, undoKey: 'k1', at: later });
      const rest = await unrecordPayment(tx, { caseId: id, externalRef: 'cr:undo-1', reason: '冲正', amountFen: 90_000n, undoKey: 'k2', at: later });
      const again = await unrecordPayment(tx, { caseId: id, externalRef: 'cr:undo-1', reason: '冲正', at: later });
      const f = await getCaseFile(tx, id, later);
      return { kept, none, part, rest, again, f };
    });
    expect(out.kept).toBe('kept');
    expect(out.none).toEqual({ paymentId: null, removedFen: 0n, duplicate: false, promises: [] });
    expect(out.part.promises).toEqual([expect.objectContaining({ from: 'kept', to: 'broken' })]);
    expect(out.rest.removedFen).toBe(30_000n); // only what was left of 500.00
    expect(out.again.duplicate).toBe(true);
    expect(out.f.promises[0]!.status).toBe('broken');
    expect(out.f.position.paidFen).toBe(0n);
    expect(out.f.payments[0]).toMatchObject({ amountFen: 0n, recordedFen: 50_000n, removedFen: 50_000n });
  });
});
