// Child process for the crash test (crash.test.ts): appends evidence in batches of random size, issuing a signed
// checkpoint every few batches, and prints `committed <size>` / `checkpoint <size>` after each commit returns,
// until it is killed. Usage: tsx crash-writer.ts '<json {dataDir?|databaseUrl?, tenantId, secretHex}>'
import { connectDatabase } from '../../../platform/db/connect.js';
import { withTenant } from '../../../platform/db/index.js';
import { appendEvidenceBatch, deriveLogKeys, ensureEvidenceLog, issueCheckpoint } from '../index.js';

const opts = JSON.parse(process.argv[2]) as { dataDir?: string; databaseUrl?: string; tenantId: string; secretHex: string };
const db = await connectDatabase({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, poolSize: 2 });
const secret = Buffer.from(opts.secretHex, 'hex');
for (let batch = 0; ; batch++) {
  const n = 1 + Math.floor(Math.random() * 40);
  const appended = await withTenant(db, opts.tenantId, (tx) => appendEvidenceBatch(tx, Array.from({ length: n }, (_, i) => ({
    type: 'contact.attempted', case: `case_crash${String(batch).padStart(6, '0')}`, actor: 'system',
    occurredAt: new Date().toISOString(), meta: { batch, item: i },
  }))));
  process.stdout.write(`committed ${appended[appended.length - 1].leafIndex + 1}\n`);
  if (batch % 3 === 2) {
    const cp = await withTenant(db, opts.tenantId, async (tx) => issueCheckpoint(tx, deriveLogKeys(secret, (await ensureEvidenceLog(tx)).origin)));
    process.stdout.write(`checkpoint ${cp.size}\n`);
  }
}
