// The ledger on the real database (PGlite by default; PostgreSQL with RECOURSE_TEST_DB=postgres): the single write
// path, idempotency with request hashes, immutability grants, RLS, reversals at most once, and concurrency.
import { describe, expect, it } from 'vitest';
import { createTestTenant, getTestDb } from '../../platform/db/testing.js';
import { rows, sql, withTenant } from '../../platform/db/index.js';
import { accounts, reverseTransfer } from './postings.js';
import { getAccountBalance, postTransfers, type PostResult, type TransferInput } from './store.js';

const receipt = (creditor: string, amountFen: bigint, caseId = 'case_1'): TransferInput[] => [
  { debit: 'world', credit: accounts.escrow(creditor), amountFen, currency: 'CNY', code: 'payment_received', linkedGroup: 'r', meta: { caseId, creditorId: creditor } },
];

describe('ledger store', async () => {
  const db = await getTestDb();

  it('posts, derives balances from transfers and keeps the books balanced', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 10_000n), { idempotencyKey: 'k1' }));
    expect(r.replayed).toBe(false);
    expect(r.balances[accounts.escrow('cr1')]).toBe(10_000n);
    await withTenant(db, t.id, (tx) =>
      postTransfers(tx, [{ debit: accounts.escrow('cr1'), credit: accounts.fees(t.id), amountFen: 1_500n, currency: 'CNY', code: 'fee_charged' }], { idempotencyKey: 'k2' }),
    );
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(8_500n);
    // double entry: the outside world is short exactly what the ledger holds
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, 'world'))).toBe(-10_000n);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.fees(t.id)))).toBe(1_500n);
  });

  it('a reused key with the same body replays; with a different body it is refused with 409', async () => {
    const t = await createTestTenant(db);
    const first = await withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 500n), { idempotencyKey: 'pay-1' }));
    const again = await withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 500n), { idempotencyKey: 'pay-1' }));
    expect(again.replayed).toBe(true);
    expect(again.transfers.map((x) => x.id)).toEqual(first.transfers.map((x) => x.id));
    await expect(withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 501n), { idempotencyKey: 'pay-1' }))).rejects.toMatchObject({ code: 'LEDGER_IDEMPOTENCY_CONFLICT', status: 409 });
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(500n);
  });

  it('refuses an overdraft all-or-nothing and a dry run writes nothing', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 100n), { idempotencyKey: 'in' }));
    const out = (n: bigint): TransferInput => ({ debit: accounts.escrow('cr1'), credit: 'world', amountFen: n, currency: 'CNY', code: 'disbursement' });
    const preview = await withTenant(db, t.id, (tx) => postTransfers(tx, [out(60n), out(60n)], { idempotencyKey: 'out', dryRun: true }));
    expect(preview.ok).toBe(false);
    expect(preview.outcomes.map((o) => o.ok)).toEqual([true, false]);
    await expect(withTenant(db, t.id, (tx) => postTransfers(tx, [out(60n), out(60n)], { idempotencyKey: 'out' }))).rejects.toMatchObject({ code: 'LEDGER_INSUFFICIENT_FUNDS' });
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(100n);
    const n = await withTenant(db, t.id, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ledger.requests`));
    expect(n[0]!.n).toBe(1);
  });

  it('COL-44: money cannot be routed to the fees account as a receipt, nor a fee charged to a receivable', async () => {
    const t = await createTestTenant(db);
    await expect(withTenant(db, t.id, (tx) => postTransfers(tx, [{ debit: 'world', credit: accounts.fees(t.id), amountFen: 1n, currency: 'CNY', code: 'payment_received' }], { idempotencyKey: 'x' }))).rejects.toMatchObject({ code: 'LEDGER_FORBIDDEN_DESTINATION', rule: 'COL-44' });
    await expect(withTenant(db, t.id, (tx) => postTransfers(tx, [{ debit: accounts.receivable('c1'), credit: accounts.fees(t.id), amountFen: 1n, currency: 'CNY', code: 'fee_charged' }], { idempotencyKey: 'y' }))).rejects.toMatchObject({ code: 'LEDGER_FEE_ON_DEBTOR' });
  });

  it('reverses once; transfers are immutable for the app role; other tenants see nothing', async () => {
    const t = await createTestTenant(db);
    const other = await createTestTenant(db);
    const r = await withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 700n), { idempotencyKey: 'p' }));
    const rev = reverseTransfer(r.transfers[0]!, 'ignored');
    const { id: _i, ...revInput } = rev;
    await withTenant(db, t.id, (tx) => postTransfers(tx, [revInput], { idempotencyKey: 'rev-1' }));
    await expect(withTenant(db, t.id, (tx) => postTransfers(tx, [revInput], { idempotencyKey: 'rev-2' }))).rejects.toMatchObject({ code: 'LEDGER_ALREADY_REVERSED' });
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(0n);
    await expect(withTenant(db, t.id, (tx) => tx.execute(sql`UPDATE ledger.transfers SET amount_fen = 1`))).rejects.toBeTruthy();
    await expect(withTenant(db, t.id, (tx) => tx.execute(sql`DELETE FROM ledger.transfers`))).rejects.toBeTruthy();
    expect(await withTenant(db, other.id, (tx) => rows(tx, sql`SELECT * FROM ledger.transfers`))).toEqual([]);
    expect(await withTenant(db, other.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(0n);
  });

  it('100 parallel requests with the same idempotency key move the money once', async () => {
    const t = await createTestTenant(db);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 12_345n), { idempotencyKey: 'same-key' }))),
    );
    const ok = results.filter((r): r is PromiseFulfilledResult<PostResult> => r.status === 'fulfilled');
    expect(ok.length).toBe(100);
    expect(ok.filter((r) => !r.value.replayed).length).toBe(1);
    expect(new Set(ok.map((r) => r.value.transfers[0]!.id)).size).toBe(1);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(12_345n);
    const n = await withTenant(db, t.id, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ledger.transfers`));
    expect(n[0]!.n).toBe(1);
  });

  it('a same-key request arriving while the first is still uncommitted waits and replays (no double move)', async () => {
    const t = await createTestTenant(db);
    let second: Promise<PostResult> | undefined;
    const first = await withTenant(db, t.id, async (tx) => {
      const r = await postTransfers(tx, receipt('cr1', 777n), { idempotencyKey: 'overlap' });
      second = withTenant(db, t.id, (tx2) => postTransfers(tx2, receipt('cr1', 777n), { idempotencyKey: 'overlap' }));
      await new Promise((res) => setTimeout(res, 150)); // keep the first transaction open while the second runs
      return r;
    });
    const r2 = await second!;
    expect(r2.replayed).toBe(true);
    expect(r2.transfers[0]!.id).toBe(first.transfers[0]!.id);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(777n);
  });

  it('parallel disbursements never overdraw the escrow', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) => postTransfers(tx, receipt('cr1', 1_000n), { idempotencyKey: 'in' }));
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        withTenant(db, t.id, (tx) => postTransfers(tx, [{ debit: accounts.escrow('cr1'), credit: 'world', amountFen: 30n, currency: 'CNY', code: 'disbursement' }], { idempotencyKey: `out-${i}` })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(33);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'LEDGER_INSUFFICIENT_FUNDS')).toBe(true);
    expect(await withTenant(db, t.id, (tx) => getAccountBalance(tx, accounts.escrow('cr1')))).toBe(10n);
  });
});
