// Crash test (BC-11): a writer process SIGKILLed in the middle of appending leaves a log whose recomputed tree matches
// every stored checkpoint and the head; everything the writer saw committed is there; the log keeps working after
// restart. On a file-backed PGlite DATA_DIR (the writer process is the database) and on a real PostgreSQL cluster.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrate } from '../../platform/db/migrate.js';
import { withTenant, type Database } from '../../platform/db/index.js';
import { createTestTenant } from '../../platform/db/testing.js';
import { startPgCluster } from '../../platform/db/pg-cluster.js';
import { fromHex, verifierFromVkey } from '../../platform/crypto/index.js';
import {
  appendEvidenceBatch, auditLog, deriveLogKeys, findCheckpoint, getConsistencyProof, getLogHead, getLogVkeys, issueCheckpoint, openCheckpoint, verifyConsistency,
} from './index.js';
import { sql, rows } from '../../platform/db/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// node --import tsx (not the tsx CLI, which forks a grandchild that would survive the SIGKILL of its parent)
const writerArgs = (args: object) => ['--import', 'tsx', path.join(here, 'testing/crash-writer.ts'), JSON.stringify(args)];
const hasPg = ['/usr/local/bin/initdb', '/usr/bin/initdb'].some((p) => fs.existsSync(p)) || fs.existsSync('/usr/lib/postgresql');

/** Runs the writer until it reports `minSize` committed leaves and `minCheckpoints` checkpoints, then SIGKILLs it mid-append. */
function runAndKill(args: object, minSize: number, minCheckpoints: number, whileRunning?: () => Promise<void>): Promise<{ committed: number; checkpoints: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, writerArgs(args), { cwd: path.resolve(here, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    const checkpoints: number[] = [];
    let buf = '';
    let err = '';
    let killing = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer too slow: committed ${committed}, checkpoints ${checkpoints.length}; ${err}`));
    }, 90_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const [what, n] = l.split(' ');
        if (what === 'committed') committed = Number(n);
        if (what === 'checkpoint') checkpoints.push(Number(n));
      }
      if (!killing && committed >= minSize && checkpoints.length >= minCheckpoints) {
        killing = true;
        // land somewhere inside the next batch's transaction
        const kill = () => setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
        if (whileRunning) whileRunning().then(kill, (e) => (child.kill('SIGKILL'), reject(e)));
        else kill();
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && killing) resolve({ committed, checkpoints });
      else reject(new Error(`writer exited ${code ?? signal}: ${err}`));
    });
  });
}

async function checkAfterCrash(db: Database, tenantId: string, secret: Buffer, seen: { committed: number; checkpoints: number[] }) {
  const report = await withTenant(db, tenantId, auditLog);
  expect(report.findings).toEqual([]);
  expect(report.ok).toBe(true);
  const head = await withTenant(db, tenantId, getLogHead);
  // every commit the writer saw returned is durable; at most the one batch in flight may have landed on top
  expect(head.size).toBeGreaterThanOrEqual(seen.committed);
  expect(head.size).toBeLessThanOrEqual(seen.committed + 40); // the one batch in flight (1–40 records) at most
  const stored = await withTenant(db, tenantId, (tx) => rows<{ size: string | number }>(tx, sql`SELECT size FROM evidence.checkpoints ORDER BY size`));
  const sizes = stored.map((s) => Number(s.size));
  for (const s of seen.checkpoints) expect(sizes).toContain(s);
  // every stored checkpoint verifies with the log key, and each is consistent with the previous one
  const verifiers = (await withTenant(db, tenantId, getLogVkeys)).map((k) => verifierFromVkey(k.vkey));
  let prev: { size: number; root: Uint8Array } | null = null;
  for (const s of sizes) {
    const cp = openCheckpoint((await withTenant(db, tenantId, (tx) => findCheckpoint(tx, s)))!.note, verifiers).checkpoint;
    if (prev) {
      const p = await withTenant(db, tenantId, (tx) => getConsistencyProof(tx, prev!.size, s));
      expect(verifyConsistency('sha256', prev.size, s, p.proof.map(fromHex), prev.root, cp.root)).toBe(true);
    }
    prev = { size: s, root: cp.root };
  }
  // the log keeps working after restart
  await withTenant(db, tenantId, (tx) => appendEvidenceBatch(tx, [{ type: 'contact.attempted', actor: 'system', occurredAt: '2026-11-29T05:00:00.000Z' }]));
  await withTenant(db, tenantId, async (tx) => issueCheckpoint(tx, deriveLogKeys(secret, (await getLogHead(tx)).origin)));
  expect((await withTenant(db, tenantId, auditLog)).ok).toBe(true);
}

describe('crash during appends (BC-11)', () => {
  it('file-backed PGlite: SIGKILL mid-append, restart, audit is clean and matches every checkpoint', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-crash-'));
    const secret = randomBytes(32);
    let db = await connectDatabase({ dataDir });
    await migrate(db);
    const tenant = await createTestTenant(db);
    await db.close();
    try {
      const seen = await runAndKill({ dataDir, tenantId: tenant.id, secretHex: secret.toString('hex') }, 300, 3);
      db = await connectDatabase({ dataDir });
      await checkAfterCrash(db, tenant.id, secret, seen);
      await db.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it.skipIf(!hasPg)('PostgreSQL: SIGKILL of the writer mid-append, audit is clean and matches every checkpoint', async () => {
    const cluster = await startPgCluster();
    try {
      const secret = randomBytes(32);
      const db = await connectDatabase({ databaseUrl: cluster.url, poolSize: 2 });
      await migrate(db);
      const tenant = await createTestTenant(db);
      // an audit while the writer is appending reports nothing (rows committed after it started are not "extra")
      let liveAudit: Awaited<ReturnType<typeof auditLog>> | undefined;
      const seen = await runAndKill({ databaseUrl: cluster.url, tenantId: tenant.id, secretHex: secret.toString('hex') }, 300, 3, async () => {
        liveAudit = await withTenant(db, tenant.id, auditLog);
      });
      expect(liveAudit?.findings).toEqual([]);
      await checkAfterCrash(db, tenant.id, secret, seen);
      await db.close();
    } finally {
      cluster.stop();
    }
  }, 180_000);
});
