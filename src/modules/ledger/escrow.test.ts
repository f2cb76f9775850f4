// Escrow use cases on the real database: fee sync charged once through retries and reversals, two-person
// disbursement approval above the threshold, and the creditor statement with its fee basis lines.
import { describe, expect, it } from 'vitest';
import { createTestTenant, getTestDb } from '../../platform/db/testing.js';
import { withTenant } from '../../platform/db/index.js';
import { accounts, reverseTransfer, type Transfer } from './postings.js';
import { feeKeyOf, receiptTransfers } from './escrow.js';
import type { FeeAgreement } from './fees.js';
import { getAccountBalance, postTransfers } from './store.js';
import { syncFees } from './fee-charging.js';
import { approveDisbursement, getDisbursement, listPendingDisbursements, requestDisbursement } from './disbursements.js';
import { buildCreditorStatement } from './statements.js';

const agreement: FeeAgreement = { id: 'fa_1', version: 1, creditorId: 'cr1', tiers: [{ bands: [{ bps: 2_000n }] }], capFen: 1_000_000n };
const ctx = { debtAgeDays: 200, debtAmountFen: 10_000_000n };
const key = feeKeyOf(agreement, 'case_1');
const strip = (ts: Transfer[]) => ts.map(({ id: _id, ...rest }) => rest);
let n = 0;
const ids = () => `g${n++}`;

describe('escrow use cases', async () => {
  const db = await getTestDb();

  it('charges the contingency fee once through retries, and gives it back when the receipt is reversed', async () => {
    const t = await createTestTenant(db);
    const receipt = receiptTransfers({ caseId: 'case_1', creditorId: 'cr1', amountFen: 100_000n, currency: 'CNY', feeKey: key }, ids);
    await withTenant(db, t.id, async (tx) => {
      await postTransfers(tx, [{ debit: accounts.receivable('case_1'), credit: 'world', amountFen: 500_000n, currency: 'CNY', code: 'claim_placed' }], { idempotencyKey: 'place' });
    });
    const posted = await withTenant(db, t.id, (tx) => postTransfers(tx, strip(receipt), { idempotencyKey: 'bank-ref-1' }));
    const s1 = await withTenant(db, t.id, (tx) => syncFees(tx, { agreement, ctx, feeKey: key, currency: 'CNY', placements: 1 }));
    expect(s1.transfers.map((x) => [x.code, x.amountFen])).toEqual([['fee_charged', 20_000n]]);
    for (let i = 0; i < 3; i++) expect((await withTenant(db, t.id, (tx) => syncFees(tx, { agreement, ctx, feeKey: key, currency: 'CNY', placements: 1 }))).transfers).toEqual([]);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.fees(t.id)))).toBe(20_000n);
    // parallel syncs after a second receipt still charge only the new money
    await withTenant(db, t.id, (tx) => postTransfers(tx, strip(receiptTransfers({ caseId: 'case_1', creditorId: 'cr1', amountFen: 50_000n, currency: 'CNY', feeKey: key }, ids)), { idempotencyKey: 'bank-ref-2' }));
    await Promise.all(Array.from({ length: 5 }, () => withTenant(db, t.id, (tx) => syncFees(tx, { agreement, ctx, feeKey: key, currency: 'CNY', placements: 1 }))));
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.fees(t.id)))).toBe(30_000n);
    // reverse the first receipt: the next sync gives back the fee charged on it
    const s2 = await withTenant(db, t.id, async (tx) => {
      const s = await syncFees(tx, { agreement, ctx, feeKey: key, currency: 'CNY', placements: 1 });
      expect(s.transfers).toEqual([]);
      await postTransfers(tx, strip(posted.transfers.map((x) => reverseTransfer(x, 'r'))), { idempotencyKey: 'reverse-bank-ref-1' });
      return syncFees(tx, { agreement, ctx, feeKey: key, currency: 'CNY', placements: 1 });
    });
    expect(s2.transfers.map((x) => [x.code, x.amountFen])).toEqual([['fee_refunded', 20_000n]]);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.fees(t.id)))).toBe(10_000n);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(40_000n);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.receivable('case_1')))).toBe(-450_000n);
  });

  it('disbursement above the threshold needs a second, different person', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) => postTransfers(tx, [{ debit: 'world', credit: accounts.escrow('cr1'), amountFen: 1_000_000n, currency: 'CNY', code: 'payment_received' }], { idempotencyKey: 'in' }));
    const small = await withTenant(db, t.id, (tx) => requestDisbursement(tx, { creditorId: 'cr1', amountFen: 10_000n, currency: 'CNY', reference: 'ICBC 6222…01' }, 'usr_a', { thresholdFen: 50_000n }));
    expect(small.status).toBe('paid');
    const big = await withTenant(db, t.id, (tx) => requestDisbursement(tx, { creditorId: 'cr1', amountFen: 500_000n, currency: 'CNY', reference: 'ICBC 6222…01' }, 'usr_a', { thresholdFen: 50_000n }));
    expect(big.status).toBe('pending_approval');
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(990_000n);
    expect(await withTenant(db, t.id, (tx) => listPendingDisbursements(tx))).toEqual([big.id]);
    await expect(withTenant(db, t.id, (tx) => approveDisbursement(tx, big.id, 'usr_a'))).rejects.toMatchObject({ code: 'LEDGER_APPROVAL_INVALID' });
    const paid = await withTenant(db, t.id, (tx) => approveDisbursement(tx, big.id, 'usr_b'));
    expect(paid).toMatchObject({ status: 'paid', approvedBy: 'usr_b' });
    await expect(withTenant(db, t.id, (tx) => approveDisbursement(tx, big.id, 'usr_c'))).rejects.toMatchObject({ code: 'LEDGER_APPROVAL_INVALID' });
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(490_000n);
    expect((await withTenant(db, t.id, (tx) => getDisbursement(tx, big.id))).status).toBe('paid');
    await expect(withTenant(db, t.id, (tx) => requestDisbursement(tx, { creditorId: 'cr1', amountFen: 900_000n, currency: 'CNY', reference: 'x' }, 'usr_a', { thresholdFen: 0n }))).rejects.toMatchObject({ code: 'LEDGER_INSUFFICIENT_FUNDS' });
  });

  it('creditor statement: opening, lines with fee basis, closing = escrow balance', async () => {
    const t = await createTestTenant(db);
    const k = feeKeyOf(agreement, 'case_9');
    await withTenant(db, t.id, async (tx) => {
      await postTransfers(tx, [{ debit: accounts.receivable('case_9'), credit: 'world', amountFen: 900_000n, currency: 'CNY', code: 'claim_placed' }], { idempotencyKey: 'p' });
      await postTransfers(tx, strip(receiptTransfers({ caseId: 'case_9', creditorId: 'cr1', amountFen: 300_000n, currency: 'CNY', feeKey: k }, ids)), { idempotencyKey: 'r1' });
      await syncFees(tx, { agreement, ctx, feeKey: k, currency: 'CNY', placements: 1 });
    });
    const st = await withTenant(db, t.id, (tx) => buildCreditorStatement(tx, 'cr1', '2000-01-01', '2100-01-01'));
    expect(st.openingFen).toBe(0n);
    expect(st.lines.map((l) => [l.code, l.amountFen])).toEqual([['payment_received', 300_000n], ['fee_charged', -60_000n]]);
    expect(st.closingFen).toBe(240_000n);
    expect(st.lines[1]!.feeBasis).toContain('20.00% × 3000.00');
    expect(st.text).toContain('fee basis:');
    expect(st.closingFen).toBe(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1'))));
    const empty = await withTenant(db, t.id, (tx) => buildCreditorStatement(tx, 'cr1', '2100-01-01', '2100-02-01'));
    expect(empty).toMatchObject({ openingFen: 240_000n, closingFen: 240_000n, lines: [] });
  });
});
