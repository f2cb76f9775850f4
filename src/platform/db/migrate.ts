// Applies migrations/NNNN_*.sql in file-name order, once each, on PGlite and Postgres alike. Each file runs in its
// own transaction under a transaction-level advisory lock, so several servers starting at once migrate exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Database } from './index.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');
const LOCK_KEY = 727_001; // arbitrary constant shared by all Recourse processes

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  await db.exec(`
    CREATE SCHEMA IF NOT EXISTS platform;
    CREATE TABLE IF NOT EXISTS platform.schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
  `);
  const applied: string[] = [];
  let skipped = 0;
  for (const m of listMigrations(dir)) {
    const done = await db.query<{ checksum: string }>('SELECT checksum FROM platform.schema_migrations WHERE name = $1', [m.name]);
    if (done.length) {
      if (done[0].checksum !== m.checksum) {
        throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
      }
      skipped++;
      continue;
    }
    // Escape for a dollar-quoted literal is unnecessary: names/checksums are [0-9a-z_.] only.
    const ok = await db.exec(`BEGIN;
      SELECT pg_advisory_xact_lock(${LOCK_KEY});
      DO $m$ BEGIN
        IF EXISTS (SELECT 1 FROM platform.schema_migrations WHERE name = '${m.name}') THEN
          RAISE EXCEPTION 'recourse:already-applied';
        END IF;
      END $m$;
      ${m.sql}
      ;
      INSERT INTO platform.schema_migrations (name, checksum) VALUES ('${m.name}', '${m.checksum}');
      COMMIT;`).then(() => true, (e: Error) => {
      if (String(e.message).includes('recourse:already-applied')) return false; // another process won the race
      throw new Error(`migration ${m.name} failed: ${e.message}`);
    });
    if (ok) applied.push(m.name);
    else skipped++;
  }
  return { applied, skipped };
}
