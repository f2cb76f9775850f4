// Jobs are durable: a job sent by one process is still there for the next one after a restart (PGlite on disk),
// and on PostgreSQL two workers never take the same job twice.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import pino from 'pino';
import { connectDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { defineJob, startJobs } from './index.js';
import { openFreshTestDb, testDbKind } from '../db/testing.js';

const logger = pino({ level: 'silent' });

// pg-boss creates its schema on first start (slow on PGlite under load): generous time, no timing assertion.
describe('jobs', { timeout: 300_000 }, () => {
  it('a job sent before a restart runs after it (embedded database on disk)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-jobs-'));
    const seen: number[] = [];
    const job = defineJob({ name: 'test.durable', version: 1, payload: z.object({ n: z.number() }), handler: async (p) => void seen.push(p.n) });

    let db = await connectDatabase({ dataDir: dir });
    await migrate(db);
    let jobs = await startJobs(db, logger, [job], { work: false });
    await jobs.send(job, { n: 42 });
    await jobs.stop();
    await db.close();
    expect(seen).toEqual([]);

    db = await connectDatabase({ dataDir: dir });
    jobs = await startJobs(db, logger, [job], { work: true, pollSeconds: 0.5 });
    for (let i = 0; i < 1200 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await jobs.stop();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(seen).toEqual([42]);
  });

  it('two workers on one database share jobs without doing any twice (separate connections on PostgreSQL)', async () => {
    const db1 = await openFreshTestDb();
    const db2 =
      testDbKind() === 'postgres'
        ? await connectDatabase({ databaseUrl: (db1.driver as { options: { connectionString: string } }).options.connectionString })
        : db1;
    const done: string[] = [];
    const mk = (who: string) => defineJob({ name: 'test.shared', version: 1, payload: z.object({ i: z.number() }), handler: async (p) => void done.push(`${p.i}:${who}`) });
    const a = await startJobs(db1, logger, [mk('a')], { work: true, pollSeconds: 0.5 });
    const b = await startJobs(db2, logger, [mk('b')], { work: true, pollSeconds: 0.5 });
    for (let i = 0; i < 40; i++) await a.send(mk('a'), { i });
    for (let t = 0; t < 1200 && done.length < 40; t++) await new Promise((r) => setTimeout(r, 100));
    await a.stop();
    await b.stop();
    if (db2 !== db1) await db2.close();
    await db1.close();
    const ids = done.map((d) => d.split(':')[0]);
    expect(new Set(ids).size).toBe(40);
    expect(ids.length).toBe(40);
  });
});
