// Tenant isolation at the database layer (runs on PGlite, and on PostgreSQL with RECOURSE_TEST_DB=postgres):
// the application role cannot see or change another tenant's rows even when a query forgets its tenant filter.
import { describe, expect, it } from 'vitest';
import { getTestDb, createTestTenant } from './testing.js';
import { withTenant, withPlatform, rows, sql } from './index.js';
import { newId } from '../ids.js';

describe('row-level security', async () => {
  const db = await getTestDb();

  it('a tenant sees only its own rows in an unfiltered query', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    for (const t of [a, b]) {
      await withTenant(db, t.id, (tx) =>
        tx.execute(sql`INSERT INTO tenants.users (tenant_id, id, email, display_name, role)
          VALUES (${t.id}, ${newId('usr')}, ${'x@' + t.slug + '.test'}, 'X', 'collector')`),
      );
    }
    const seen = await withTenant(db, a.id, (tx) => rows<{ tenant_id: string }>(tx, sql`SELECT tenant_id FROM tenants.users`));
    expect(seen.length).toBe(1);
    expect(seen.every((r) => r.tenant_id === a.id)).toBe(true);
    const tenantsSeen = await withTenant(db, a.id, (tx) => rows<{ id: string }>(tx, sql`SELECT id FROM tenants.tenants`));
    expect(tenantsSeen.map((r) => r.id)).toEqual([a.id]);
  });

  it('cannot insert, update or delete rows of another tenant', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    const uid = newId('usr');
    await withTenant(db, b.id, (tx) =>
      tx.execute(sql`INSERT INTO tenants.users (tenant_id, id, email, display_name, role) VALUES (${b.id}, ${uid}, 'v@b.test', 'V', 'collector')`),
    );
    await expect(
      withTenant(db, a.id, (tx) =>
        tx.execute(sql`INSERT INTO tenants.users (tenant_id, id, email, display_name, role) VALUES (${b.id}, ${newId('usr')}, 'w@b.test', 'W', 'collector')`),
      ),
    ).rejects.toSatisfy((e: Error & { cause?: Error }) => /row-level security/.test(String(e.cause?.message ?? e.message)));
    const updated = await withTenant(db, a.id, (tx) =>
      rows(tx, sql`UPDATE tenants.users SET display_name = 'pwned' WHERE id = ${uid} RETURNING id`),
    );
    expect(updated).toHaveLength(0);
    const deleted = await withTenant(db, a.id, (tx) => rows(tx, sql`DELETE FROM tenants.users WHERE id = ${uid} RETURNING id`));
    expect(deleted).toHaveLength(0);
    const still = await withTenant(db, b.id, (tx) => rows<{ display_name: string }>(tx, sql`SELECT display_name FROM tenants.users WHERE id = ${uid}`));
    expect(still[0].display_name).toBe('V');
  });

  it('the app role cannot disable RLS, drop policies or read another tenant by changing app.tenant_id to empty', async () => {
    const a = await createTestTenant(db);
    await expect(withTenant(db, a.id, (tx) => tx.execute(sql`ALTER TABLE tenants.users DISABLE ROW LEVEL SECURITY`))).rejects.toThrow();
    await expect(withTenant(db, a.id, (tx) => tx.execute(sql`DROP POLICY tenant_isolation ON tenants.users`))).rejects.toThrow();
    const none = await withTenant(db, a.id, async (tx) => {
      await tx.execute(sql`SELECT set_config('app.tenant_id', '', true)`);
      return rows(tx, sql`SELECT id FROM tenants.users`);
    });
    expect(none).toEqual([]);
  });

  it('every table with a tenant_id column has RLS enabled and forced, with a policy', async () => {
    const tables = await withPlatform(db, (tx) =>
      rows<{ schema: string; table: string; rls: boolean; forced: boolean; policies: number }>(tx, sql.raw(`
        SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
               (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND EXISTS (
          SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)`)),
    );
    expect(tables.length).toBeGreaterThan(3);
    const bad = tables.filter((t) => !t.rls || !t.forced || t.policies === 0);
    expect(bad).toEqual([]);
  });

  it('every tenant-owned table has tenant_id leading its primary key (Citus distribution column)', async () => {
    const pks = await db.query<{ tbl: string; first_col: string }>(`
      SELECT c.conrelid::regclass::text AS tbl, a.attname AS first_col
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'p' AND EXISTS (
        SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.conrelid AND x.attname = 'tenant_id' AND NOT x.attisdropped)`);
    expect(pks.filter((p) => p.first_col !== 'tenant_id')).toEqual([]);
  });
});
