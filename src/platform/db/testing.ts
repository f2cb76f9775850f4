// Test databases. PGlite in memory by default; a real PostgreSQL when RECOURSE_TEST_DB=postgres (the cluster is
// started once by test/global-setup.ts, and each worker gets its own database cloned from a migrated template).
// Tests share one database per worker and stay apart by making their own tenant: RLS does the rest.
import { connectDatabase } from './connect.js';
import { migrate } from './migrate.js';
import { withPlatform, sql, type Database } from './index.js';
import { newId } from '../ids.js';

let shared: Promise<Database> | undefined;

export function testDbKind(): 'pglite' | 'postgres' {
  return process.env.RECOURSE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** A migrated database for this test worker (created once, reused across the worker's test files). */
export function getTestDb(): Promise<Database> {
  shared ??= openFreshTestDb();
  return shared;
}

/** A new, separately migrated database (for tests that need an empty one, e.g. crash/restart tests). */
export async function openFreshTestDb(): Promise<Database> {
  if (testDbKind() === 'postgres') {
    const base = process.env.RECOURSE_TEST_PG_URL;
    if (!base) throw new Error('RECOURSE_TEST_DB=postgres but RECOURSE_TEST_PG_URL is unset (test/global-setup.ts starts the cluster)');
    const admin = await connectDatabase({ databaseUrl: base, poolSize: 1 });
    const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE recourse_template`);
    await admin.close();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const db = await connectDatabase({ databaseUrl: url.toString(), poolSize: 8 });
    await migrate(db); // no-op on the template's migrations; applies none
    return db;
  }
  const db = await connectDatabase({ dataDir: 'memory://' });
  await migrate(db);
  return db;
}

export interface TestTenant {
  id: string;
  slug: string;
}

const ALL_SCOPES = ['debt_consulting', 'collection_outsourcing', 'mediation', 'legal_documents', 'claim_transfer', 'asset_monitoring', 'credit_repair'];

/**
 * A fresh, approved tenant with every business scope (test fixture). Inserted directly, as the operator would
 * have after approval; the tenants module's own tests cover the onboarding path.
 */
export async function createTestTenant(
  db: Database,
  opts: { scopes?: string[]; status?: 'pending' | 'active' | 'suspended'; hashAlgorithm?: 'sha256' | 'sm3'; lawFirm?: 'is_law_firm' | 'works_with_law_firm' | 'none' } = {},
): Promise<TestTenant> {
  const id = newId('ten');
  const slug = `t-${id.slice(4, 20).toLowerCase()}`;
  const scopes = opts.scopes ?? ALL_SCOPES;
  await withPlatform(db, (tx) =>
    tx.execute(sql`INSERT INTO tenants.tenants (id, slug, display_name, status, hash_algorithm, scopes, law_firm,
        legal_name, uscc, legal_representative, filing_number, approved_at)
      VALUES (${id}, ${slug}, ${'测试调解服务 ' + slug}, ${opts.status ?? 'active'}, ${opts.hashAlgorithm ?? 'sha256'},
        ${sql.raw(`ARRAY[${scopes.map((s) => `'${s.replace(/'/g, '')}'`).join(',')}]::text[]`)}, ${opts.lawFirm ?? 'works_with_law_firm'},
        ${'测试信息咨询有限公司'}, ${'91110000802100433B'}, ${'张三'}, ${'浙金备2026-0001'}, now())`),
  );
  return { id, slug };
}
