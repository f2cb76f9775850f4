// Ledger benchmark: transfers/s through postTransfers (one request per transaction, and batched requests) against
// plain INSERTs of the same rows (request row + transfer rows, no checks, no locks, no balance derivation) in the
// same run on the same embedded database. Run: `npx tsx bench/ledger.ts [n]` (default 1000). Prints a markdown section.
import { openFreshTestDb, createTestTenant } from '../src/platform/db/testing.js';
import { withTenant, sql } from '../src/platform/db/index.js';
import { newId } from '../src/platform/ids.js';
import { accounts, postTransfers, type TransferInput } from '../src/modules/ledger/index.js';
import { insertTransferRows, requestHash } from '../src/modules/ledger/store.js';

const N = Number(process.argv[2] ?? 1000);
const BATCH = 100;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const out: string[] = [];
const row = (what: string, perSec: number, note = '') => out.push(`| ${what} | ${fmt(perSec)} /s | ${note} |`);
const receipt = (i: number): TransferInput => ({ debit: 'world', credit: accounts.escrow(`cr${i % 20}`), amountFen: BigInt(100 + i), currency: 'CNY', code: 'payment_received', meta: { caseId: `case_${i}` } });
const disb = (i: number): TransferInput => ({ debit: accounts.escrow(`cr${i % 20}`), credit: 'world', amountFen: 1n, currency: 'CNY', code: 'disbursement' });

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

const db = await openFreshTestDb();
const t = await createTestTenant(db);
// warm the accounts so every variant inserts into existing accounts
await withTenant(db, t.id, (tx) => postTransfers(tx, Array.from({ length: 20 }, (_, i) => receipt(i)), { idempotencyKey: 'warm' }));

const plainSingle = await time(async () => {
  for (let i = 0; i < N; i++) {
    const key = `plain-${i}`;
    const tr = { ...receipt(i), id: newId('trf'), linkedGroup: `req:${key}` };
    await withTenant(db, t.id, async (tx) => {
      await tx.execute(sql`INSERT INTO ledger.requests (tenant_id, idempotency_key, request_sha256, transfer_ids) VALUES (${t.id}, ${key}, ${requestHash([receipt(i)])}, ARRAY[${tr.id}]::text[])`);
      await insertTransferRows(tx, [tr], key);
    });
  }
});
row(`plain INSERT, 1 transfer per transaction (request row + transfer row)`, N / plainSingle, `${N} transactions, baseline`);

const postSingle = await time(async () => {
  for (let i = 0; i < N; i++) await withTenant(db, t.id, (tx) => postTransfers(tx, [receipt(i)], { idempotencyKey: `post-${i}` }));
});
row(`postTransfers, 1 receipt per request/transaction`, N / postSingle, `${(postSingle / plainSingle).toFixed(2)}× the plain INSERT time`);

const postDebit = await time(async () => {
  for (let i = 0; i < N; i++) await withTenant(db, t.id, (tx) => postTransfers(tx, [disb(i)], { idempotencyKey: `out-${i}` }));
});
row(`postTransfers, 1 escrow debit per request (advisory lock + balance derived from history)`, N / postDebit, `escrow accounts hold ~${Math.round((3 * N) / 20)} transfers each`);

const B = Math.max(1, Math.floor((N * 10) / BATCH));
const plainBatch = await time(async () => {
  for (let b = 0; b < B; b++) {
    const key = `plainb-${b}`;
    const trs = Array.from({ length: BATCH }, (_, j) => ({ ...receipt(b * BATCH + j), id: newId('trf'), linkedGroup: `req:${key}` }));
    await withTenant(db, t.id, async (tx) => {
      await tx.execute(sql`INSERT INTO ledger.requests (tenant_id, idempotency_key, request_sha256, transfer_ids) VALUES (${t.id}, ${key}, ${'0'.repeat(64)}, ${sql.raw(`ARRAY[${trs.map((x) => `'${x.id}'`).join(',')}]::text[]`)})`);
      await insertTransferRows(tx, trs, key);
    });
  }
});
row(`plain INSERT, ${BATCH} transfers per transaction`, (B * BATCH) / plainBatch, `${B * BATCH} transfers, baseline`);

const postBatch = await time(async () => {
  for (let b = 0; b < B; b++) {
    await withTenant(db, t.id, (tx) => postTransfers(tx, Array.from({ length: BATCH }, (_, j) => receipt(b * BATCH + j)), { idempotencyKey: `postb-${b}` }));
  }
});
row(`postTransfers, ${BATCH} transfers per request (all-or-nothing)`, (B * BATCH) / postBatch, `${(postBatch / plainBatch).toFixed(2)}× the plain INSERT time`);

const replay = await time(async () => {
  for (let i = 0; i < N; i++) await withTenant(db, t.id, (tx) => postTransfers(tx, [receipt(i)], { idempotencyKey: `post-${i}` }));
});
row(`postTransfers replay (same key, same body: nothing moves)`, N / replay, '');
await db.close();

process.stdout.write(`### Ledger (bench/ledger.ts)

Embedded PGlite, one tenant, RLS on (each transaction sets the role and tenant). Same run, same database.

| what | rate | note |
|---|---|---|
${out.join('\n')}
`);
