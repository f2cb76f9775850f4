// Opens PGlite (files under DATA_DIR/pg) or node-postgres (DATABASE_URL) behind the same Database interface.
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Tx } from './index.js';

export interface ConnectOptions {
  databaseUrl?: string;
  /** Directory for PGlite files; `memory://` for an in-memory database. */
  dataDir?: string;
  poolSize?: number;
}

export async function connectDatabase(opts: ConnectOptions): Promise<Database> {
  if (opts.databaseUrl) return connectPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return connectPglite(opts.dataDir ?? './data');
}

async function connectPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dir: string | undefined;
  if (dataDir !== 'memory://') {
    dir = path.join(path.resolve(dataDir), 'pg');
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = dir ? await PGlite.create(dir) : await PGlite.create();
  const orm = drizzle(client) as unknown as Tx;
  return {
    kind: 'pglite',
    orm,
    driver: client,
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query<T>(text, params)).rows;
    },
    async exec(text: string) {
      try {
        await client.exec(text);
      } catch (e) {
        // PGlite has one connection: leave it usable after a failed block.
        await client.exec('ROLLBACK').catch(() => {});
        throw e;
      }
    },
    async close() {
      await client.close();
    },
  };
}

async function connectPostgres(url: string, max: number): Promise<Database> {
  const pg = (await import('pg')).default;
  // bigint columns come back as strings by default; our schema maps them to BigInt in Drizzle (mode: 'bigint').
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    /* idle client errors are surfaced on next use; never crash the process */
  });
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const orm = drizzle(pool) as unknown as Tx;
  return {
    kind: 'postgres',
    orm,
    driver: pool,
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as T[];
    },
    async exec(text: string) {
      // One dedicated connection, so a failed multi-statement block is rolled back on the connection it broke.
      const c = await pool.connect();
      try {
        await c.query(text);
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
