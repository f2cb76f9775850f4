// Ledger benchmark: transfers/s through postTransfers (one request per transaction, and batched requests) against
// plain INSERTs of the same rows (request row + transfer rows, no checks, no locks, no balance derivation, no
// evidence leaf) in the same run on the same database — on embedded PGlite and on a throwaway PostgreSQL cluster.
// Then the reconciliation of a 100,000-line bank statement: parse + match against expected payments (against a bare
// CSV parse of the same file), and booking the unmatched lines into suspense (against plain INSERTs of those rows).
// Run: `npx tsx bench/ledger.ts [n] [statementLines]` (defaults 1000 and 100000). Prints a markdown section.
import Papa from 'papaparse';
import { connectDatabase } from '../src/platform/db/connect.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createTestTenant } from '../src/platform/db/testing.js';
import { startPgCluster, type PgCluster } from '../src/platform/db/pg-cluster.js';
import { withTenant, sql, type Database } from '../src/platform/db/index.js';
import { newId } from '../src/platform/ids.js';
import { accounts, postTransfers, parseBankStatementCsv, reconcileStatement, type TransferInput, type ExpectedPayment } from '../src/modules/ledger/index.js';
import { insertTransferRows, requestHash } from '../src/modules/ledger/store.js';

const N = Number(process.argv[2] ?? 1000);
const LINES = Number(process.argv[3] ?? 100_000);
const BATCH = 100;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const out: string[] = [];
const row = (db: string, what: string, perSec: number, note = '') => out.push(`| ${db} | ${what} | ${fmt(perSec)} /s | ${note} |`);
const receipt = (i: number): TransferInput => ({ debit: 'world', credit: accounts.escrow(`cr${i % 20}`), amountFen: BigInt(100 + i), currency: 'CNY', code: 'payment_received', meta: { caseId: `case_${i}` } });
const disb = (i: number): TransferInput => ({ debit: accounts.escrow(`cr${i % 20}`), credit: 'world', amountFen: 1n, currency: 'CNY', code: 'disbursement' });

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function suite(db: Database, label: string): Promise<void> {
  const t = await createTestTenant(db);
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
  row(label, 'plain INSERT, 1 transfer per transaction (request row + transfer row)', N / plainSingle, `${N} transactions, baseline`);
  const postSingle = await time(async () => {
    for (let i = 0; i < N; i++) await withTenant(db, t.id, (tx) => postTransfers(tx, [receipt(i)], { idempotencyKey: `post-${i}` }));
  });
  row(label, 'postTransfers, 1 receipt per request/transaction (checks, locks, evidence leaf)', N / postSingle, `${(postSingle / plainSingle).toFixed(2)}× the plain INSERT time`);
  const postDebit = await time(async () => {
    for (let i = 0; i < N; i++) await withTenant(db, t.id, (tx) => postTransfers(tx, [disb(i)], { idempotencyKey: `out-${i}` }));
  });
  row(label, 'postTransfers, 1 escrow debit per request (balance derived from history)', N / postDebit, `${(postDebit / plainSingle).toFixed(2)}× the plain INSERT time; escrow accounts hold ~${Math.round((3 * N) / 20)} transfers each`);
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
  row(label, `plain INSERT, ${BATCH} transfers per transaction`, (B * BATCH) / plainBatch, `${B * BATCH} transfers, baseline`);
  const postBatch = await time(async () => {
    for (let b = 0; b < B; b++) {
      await withTenant(db, t.id, (tx) => postTransfers(tx, Array.from({ length: BATCH }, (_, j) => receipt(b * BATCH + j)), { idempotencyKey: `postb-${b}` }));
    }
  });
  row(label, `postTransfers, ${BATCH} transfers per request (all-or-nothing)`, (B * BATCH) / postBatch, `${(postBatch / plainBatch).toFixed(2)}× the plain INSERT time`);
  const replay = await time(async () => {
    for (let i = 0; i < N; i++) await withTenant(db, t.id, (tx) => postTransfers(tx, [receipt(i)], { idempotencyKey: `post-${i}` }));
  });
  row(label, 'postTransfers replay (same key, same body: nothing moves)', N / replay, `${(replay / plainSingle).toFixed(2)}× the plain INSERT time`);
}

// ---- reconciliation of a LINES-line statement ----
const recon: string[] = [];
async function reconciliation(db: Database): Promise<void> {
  const EXPECTED = 5000;
  const expected: ExpectedPayment[] = Array.from({ length: EXPECTED }, (_, i) => ({ caseId: `case_${i}`, creditorId: `cr${i % 20}`, reference: `C2607${String(i).padStart(5, '0')}-JH`, feeKey: '', payerName: `付款人${i}` }));
  const lines = ['交易日期,贷方金额,对方户名,摘要'];
  for (let i = 0; i < LINES; i++) {
    const k = i % 10;
    const ref = k < 7 ? `还款 ${expected[i % EXPECTED]!.reference}` : k < 9 ? `转账 ${i}` : '工资';
    lines.push(`2026-11-${String((i % 28) + 1).padStart(2, '0')},${(i % 5000) + 1}.${String(i % 100).padStart(2, '0')},付款人${i % 7000},${ref}`);
  }
  const csv = lines.join('\n');
  const mib = Buffer.byteLength(csv) / 2 ** 20;
  const bare = await time(async () => {
    Papa.parse(csv, { header: true, skipEmptyLines: true });
  });
  let parsed: ReturnType<typeof parseBankStatementCsv> = [];
  let res: ReturnType<typeof reconcileStatement> | null = null;
  const full = await time(async () => {
    parsed = parseBankStatementCsv(csv);
    res = reconcileStatement(parsed, expected);
  });
  const r = res!;
  recon.push(`| bare CSV parse (papaparse, header row) of the statement | ${fmt(LINES / bare)} lines/s | ${LINES.toLocaleString('en-US')} lines, ${mib.toFixed(1)} MiB, ${bare.toFixed(2)} s, baseline |`);
  recon.push(`| parse + validate + match against ${EXPECTED.toLocaleString('en-US')} expected payments | ${fmt(LINES / full)} lines/s | ${full.toFixed(2)} s (${(full / bare).toFixed(2)}× the bare parse); matched ${r.matched.length.toLocaleString('en-US')}, suspense ${r.suspense.length.toLocaleString('en-US')}, ignored ${r.ignored.length} |`);
  // Booking the suspense lines: postTransfers in linked chunks of 500 (how importStatement books them) vs plain INSERTs.
  const t = await createTestTenant(db);
  const sus = r.suspense;
  const CH = 500;
  const plain = await time(async () => {
    for (let i = 0; i < sus.length; i += CH) {
      const key = `plain-sus-${i}`;
      const trs = sus.slice(i, i + CH).map((s) => ({ id: newId('trf'), debit: 'world', credit: accounts.suspense(t.id), amountFen: s.line.amountFen, currency: 'CNY', code: 'payment_received' as const, linkedGroup: `req:${key}`, meta: { bankLine: String(s.line.line) } }));
      await withTenant(db, t.id, async (tx) => {
        if (i === 0) await tx.execute(sql`INSERT INTO ledger.accounts (tenant_id, address, currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits) VALUES (${t.id}, 'world', 'CNY', false, false), (${t.id}, ${accounts.suspense(t.id)}, 'CNY', true, false) ON CONFLICT DO NOTHING`);
        await tx.execute(sql`INSERT INTO ledger.requests (tenant_id, idempotency_key, request_sha256, transfer_ids) VALUES (${t.id}, ${key}, ${'0'.repeat(64)}, ${sql.raw(`ARRAY[${trs.map((x) => `'${x.id}'`).join(',')}]::text[]`)})`);
        await insertTransferRows(tx, trs, key);
      });
    }
  });
  const t2 = await createTestTenant(db);
  const posted = await time(async () => {
    await withTenant(db, t2.id, async (tx) => {
      for (let i = 0; i < sus.length; i += CH) {
        await postTransfers(tx, sus.slice(i, i + CH).map((s) => ({ debit: 'world', credit: accounts.suspense(t2.id), amountFen: s.line.amountFen, currency: 'CNY', code: 'payment_received' as const, meta: { bankLine: String(s.line.line) } })), { idempotencyKey: `bank:bench:suspense:${i / CH}` });
      }
    });
  });
  recon.push(`| plain INSERT of the ${sus.length.toLocaleString('en-US')} suspense rows (chunks of ${CH}) | ${fmt(sus.length / plain)} rows/s | ${plain.toFixed(2)} s, baseline |`);
  recon.push(`| postTransfers of the same rows into suspense (chunks of ${CH}, one statement transaction, evidence leaf per chunk) | ${fmt(sus.length / posted)} rows/s | ${posted.toFixed(2)} s (${(posted / plain).toFixed(2)}× the plain INSERT time) |`);
}

const pglite = await connectDatabase({ dataDir: 'memory://' });
await migrate(pglite);
await suite(pglite, 'PGlite');
await reconciliation(pglite);
await pglite.close();

let cluster: PgCluster | null = null;
try {
  cluster = await startPgCluster();
  const pg = await connectDatabase({ databaseUrl: cluster.url, poolSize: 4 });
  await migrate(pg);
  await suite(pg, 'PostgreSQL');
  await pg.close();
} catch (e) {
  out.push(`| PostgreSQL | not measured | — | ${(e as Error).message.slice(0, 120)} |`);
} finally {
  cluster?.stop();
}

process.stdout.write(`### Ledger (bench/ledger.ts)

One tenant, RLS on (each transaction sets the role and tenant). Every variant runs in the same process and run, on the
same database, beside its plain-INSERT baseline. postTransfers takes the tenant's evidence-log head lock, advisory
locks per idempotency key and per flagged account, derives balances from the history, checks the invariants,
records the request hash and appends one evidence leaf per batch — the ratio is what those guarantees cost.
PostgreSQL is a throwaway local cluster (src/platform/db/pg-cluster.ts), default settings, over TCP loopback. The
machine is shared with other work during the run (2 cores), so absolute rates are noisy; ratios are within one run.

| database | what | rate | note |
|---|---|---|---|
${out.join('\n')}

Reconciliation of a ${LINES.toLocaleString('en-US')}-line bank statement (PGlite; 70 % of the lines carry a case reference, 20 % an unknown
reference, 10 % none). Matched lines are booked one by one as case receipts (case row, promises, fee sync), which
the HTTP tests cover; this measures the matching and the suspense booking.

| what | rate | note |
|---|---|---|
${recon.join('\n')}
`);
