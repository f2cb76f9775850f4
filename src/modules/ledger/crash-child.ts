// Child process for the crash test (concurrency.test.ts): commits a few transfer batches, then opens a transaction,
// posts two more batches inside it and waits — the parent SIGKILLs it there. Args: <databaseUrl|dataDir> <tenantId>.
import { connectDatabase } from '../../platform/db/connect.js';
import { withTenant } from '../../platform/db/index.js';
import { accounts } from './postings.js';
import { postTransfers, type TransferInput } from './store.js';

const [target, tenantId] = process.argv.slice(2) as [string, string];
const db = await connectDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 2 } : { dataDir: target });
const batch = (b: number): TransferInput[] => Array.from({ length: 200 }, (_, i) => ({
  debit: accounts.world, credit: accounts.escrow(`crash${i % 5}`), amountFen: BigInt(100 + b * 1000 + i), currency: 'CNY', code: 'payment_received' as const, meta: { caseId: `case_${b}_${i}` },
}));
for (let b = 0; b < 3; b++) await withTenant(db, tenantId, (tx) => postTransfers(tx, batch(b), { idempotencyKey: `crash-committed-${b}` }));
process.stdout.write('committed\n');
await withTenant(db, tenantId, async (tx) => {
  await postTransfers(tx, batch(10), { idempotencyKey: 'crash-open-0' });
  await postTransfers(tx, batch(11), { idempotencyKey: 'crash-open-1' });
  process.stdout.write('mid\n');
  await new Promise((r) => setTimeout(r, 60_000));
});
