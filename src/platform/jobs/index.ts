// Durable background jobs on pg-boss: the same queue tables on PGlite (through pg-boss's PGlite adapter, which
// returns the rows of every statement of a multi-statement query) and on PostgreSQL (SKIP LOCKED, so several
// server processes share the work safely). Each job has a name, a version and a zod payload schema.
import { PgBoss, fromPglite } from 'pg-boss';
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Database } from '../db/index.js';
import { safeError } from '../logger.js';

export interface JobDefinition<S extends z.ZodType> {
  name: string;
  version: number;
  payload: S;
  /** cron in UTC for scheduled jobs */
  schedule?: string;
  handler(payload: z.infer<S>, ctx: { db: Database; logger: Logger }): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export interface Jobs {
  boss: PgBoss;
  send<S extends z.ZodType>(job: JobDefinition<S>, payload: z.infer<S>, opts?: { singletonKey?: string; startAfter?: Date }): Promise<string | null>;
  stop(): Promise<void>;
}

const queueName = (j: AnyJob) => `${j.name}.v${j.version}`;

export async function startJobs(db: Database, logger: Logger, jobs: AnyJob[], opts: { work: boolean; pollSeconds?: number }): Promise<Jobs> {
  const boss =
    db.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(db.driver as Parameters<typeof fromPglite>[0]), backend: 'pglite', schema: 'pgboss' })
      : new PgBoss({ db: { executeSql: async (text: string, values?: unknown[]) => ({ rows: await db.query(text, values) }) }, schema: 'pgboss' });
  boss.on('error', (e: Error) => logger.error({ err: safeError(e) }, 'job queue error'));
  await boss.start();
  for (const j of jobs) {
    const q = queueName(j);
    await boss.createQueue(q).catch(() => undefined);
    if (j.schedule) await boss.schedule(q, j.schedule, {});
    if (opts.work) {
      await boss.work(q, { pollingIntervalSeconds: opts.pollSeconds ?? 2, batchSize: 5 }, async (batch) => {
        for (const job of batch) {
          const payload = j.payload.parse(job.data ?? {});
          await j.handler(payload, { db, logger: logger.child({ job: q, jobId: job.id }) });
        }
      });
    }
  }
  return {
    boss,
    async send(job, payload, o) {
      return boss.send(queueName(job), job.payload.parse(payload) as object, { singletonKey: o?.singletonKey, startAfter: o?.startAfter });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

/**
 * What route plugins and use cases are given to enqueue work. With workers running (WORKERS=true) it sends to
 * pg-boss, so the work survives a restart and any server process may pick it up. Without workers (tests, CLI,
 * WORKERS=false) it runs the handler in this process after the current request, so the product still works on
 * one process; `idle()` resolves when every inline run has finished (tests await it instead of sleeping).
 */
export interface JobQueue {
  send<S extends z.ZodType>(job: JobDefinition<S>, payload: z.infer<S>, opts?: { singletonKey?: string; startAfter?: Date }): Promise<string | null>;
  idle(): Promise<void>;
  attach(jobs: Jobs | null): void;
}

export function createJobQueue(db: Database, logger: Logger): JobQueue {
  let started: Jobs | null = null;
  const running = new Set<Promise<void>>();
  let seq = 0;
  return {
    attach(jobs) {
      started = jobs;
    },
    async send(job, payload, opts) {
      const data = job.payload.parse(payload);
      if (started) return started.send(job, data, opts);
      const id = `inline-${++seq}`;
      const log = logger.child({ job: queueName(job), jobId: id });
      const delay = opts?.startAfter ? Math.max(0, opts.startAfter.getTime() - Date.now()) : 0;
      const run = new Promise<void>((resolve) => setTimeout(resolve, delay))
        .then(() => job.handler(data, { db, logger: log }))
        .catch((e: Error) => log.error({ err: safeError(e) }, 'inline job failed'))
        .finally(() => running.delete(run));
      running.add(run);
      return id;
    },
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
  };
}
