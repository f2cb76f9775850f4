// Sandbox gateway webhooks: HMAC signature, timestamp window, secret rotation, and replay protection on the real
// database (the same event twice moves money once; the same event id with a different body is refused).
import { describe, expect, it } from 'vitest';
import { createTestTenant, getTestDb } from '../../../platform/db/testing.js';
import { withTenant } from '../../../platform/db/index.js';
import { accounts } from '../postings.js';
import { getAccountBalance, postTransfers } from '../store.js';
import { SandboxGateway } from './sandbox.js';
import { signPayload, verifyWebhook } from './gateway.js';
import { handlePaymentWebhook } from './webhooks.js';

const NOW = 1_800_000_000;
const secret = 'whsec_test_1';
const gw = new SandboxGateway(secret, () => NOW);
const intent = gw.createIntent({ caseId: 'case_1', creditorId: 'cr1', amountFen: 50_000n, currency: 'CNY', reference: 'RC-CASE1' });

describe('webhook verification', () => {
  it('COL-44: the intent pays the creditor escrow', () => expect(intent.payee).toBe('escrow:creditor:cr1'));
  it('accepts a correctly signed fresh webhook, also under a rotated secret list', () => {
    const w = gw.settle(intent.id);
    expect(verifyWebhook(w, [secret], { nowSeconds: NOW + 10 })).toMatchObject({ type: 'payment.succeeded', amountFen: 50_000n, caseId: 'case_1' });
    expect(verifyWebhook(w, ['whsec_new', secret], { nowSeconds: NOW })).toMatchObject({ intentId: intent.id });
  });
  it('refuses a tampered body, a wrong secret, a stale or future timestamp and a malformed header', () => {
    const w = gw.settle(intent.id);
    const code = (f: () => unknown) => {
      try {
        f();
        return 'accepted';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code(() => verifyWebhook({ ...w, body: w.body.replace('50000', '90000') }, [secret], { nowSeconds: NOW }))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWebhook(w, ['other'], { nowSeconds: NOW }))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWebhook(w, [secret], { nowSeconds: NOW + 301 }))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWebhook(w, [secret], { nowSeconds: NOW - 301 }))).toBe('LEDGER_WEBHOOK_INVALID');
    expect(code(() => verifyWebhook({ ...w, signature: 'v1=abc' }, [secret], { nowSeconds: NOW }))).toBe('LEDGER_WEBHOOK_INVALID');
    const bad = JSON.stringify({ ...JSON.parse(w.body), amountFen: '-5' });
    expect(code(() => verifyWebhook({ body: bad, signature: signPayload(secret, bad, NOW) }, [secret], { nowSeconds: NOW }))).toBe('LEDGER_WEBHOOK_INVALID');
  });
});

describe('webhook processing', async () => {
  const db = await getTestDb();
  const ctx = { provider: 'sandbox', secrets: [secret], nowSeconds: NOW, feeKeyFor: (c: string) => `fa_1@1/${c}` };

  it('books a payment once however often the provider retries; a re-signed different body with the same event id is refused', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) => postTransfers(tx, [{ debit: accounts.receivable('case_1'), credit: 'world', amountFen: 200_000n, currency: 'CNY', code: 'claim_placed' }], { idempotencyKey: 'place' }));
    const w = gw.settle(intent.id, { eventId: 'evt_1' });
    const first = await withTenant(db, t.id, (tx) => handlePaymentWebhook(tx, w, ctx));
    expect(first.replayed).toBe(false);
    for (let i = 0; i < 3; i++) expect((await withTenant(db, t.id, (tx) => handlePaymentWebhook(tx, w, ctx))).replayed).toBe(true);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(50_000n);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.receivable('case_1')))).toBe(-150_000n);
    const forged = gw.settle(intent.id, { eventId: 'evt_1', amountFen: 1n });
    await expect(withTenant(db, t.id, (tx) => handlePaymentWebhook(tx, forged, ctx))).rejects.toMatchObject({ code: 'LEDGER_IDEMPOTENCY_CONFLICT' });
    const refund = gw.settle(intent.id, { eventId: 'evt_2', type: 'payment.refunded', amountFen: 20_000n });
    await withTenant(db, t.id, (tx) => handlePaymentWebhook(tx, refund, ctx));
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(30_000n);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.receivable('case_1')))).toBe(-170_000n);
  });
});
