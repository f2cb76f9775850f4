// The database seam: one Drizzle API over PGlite (embedded, default) or node-postgres (DATABASE_URL).
// Tenant isolation is enforced by Postgres row-level security: use cases run inside withTenant(), which opens a
// transaction, switches to the non-superuser role `recourse_app` and sets `app.tenant_id`, so a query that forgets
// its tenant filter still sees only that tenant's rows.
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export { sql } from 'drizzle-orm';
export type { SQL } from 'drizzle-orm';

/** A Drizzle handle scoped to one transaction (or the root handle for maintenance code). */
export type Tx = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  kind: DbKind;
  /** Root handle: runs as the connecting (owner) role. Only platform code (migrations, jobs, bootstrap) uses it. */
  orm: Tx;
  /** Run raw SQL with parameters as the owner (maintenance only). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Underlying driver object (PGlite instance or pg.Pool), for pg-boss's adapter and COPY in benchmarks. */
  driver: unknown;
  close(): Promise<void>;
}

/** Roles used with SET LOCAL ROLE. Created by migration 0001. */
export const Roles = {
  /** Tenant-scoped: every tenant-owned table's RLS policy applies. */
  app: 'recourse_app',
  /** Platform operator: may read/write platform tables across tenants (tenants, filings, users for sign-in lookup). */
  platform: 'recourse_platform',
  /** Regulator: read-only across tenants. */
  regulator: 'recourse_regulator',
} as const;

/** Rows of a raw SQL query run through a Drizzle handle, on either driver. */
export async function rows<T = Record<string, unknown>>(tx: Tx, query: SQL): Promise<T[]> {
  const r = (await tx.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export async function one<T = Record<string, unknown>>(tx: Tx, query: SQL): Promise<T | undefined> {
  return (await rows<T>(tx, query))[0];
}

async function scoped<T>(db: Database, role: string, settings: Record<string, string>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.orm.transaction(async (tx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE; role names come from the Roles constant only.
    const tenant = settings['app.tenant_id'] ?? '';
    await tx.execute(sql`SELECT set_config('role', ${role}, true), set_config('app.tenant_id', ${tenant}, true)`);
    return fn(tx as unknown as Tx);
  }) as Promise<T>;
}

/** Run `fn` in one transaction as `recourse_app` with RLS scoped to `tenantId`. Commits when fn resolves. */
export function withTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!tenantId) throw new Error('withTenant: tenantId required');
  return scoped(db, Roles.app, { 'app.tenant_id': tenantId }, fn);
}

/** Run `fn` as the platform role (cross-tenant platform tables only; tenant business tables stay invisible). */
export function withPlatform<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scoped(db, Roles.platform, { 'app.tenant_id': '' }, fn);
}

/** Run `fn` as the read-only regulator role across tenants. */
export function withRegulator<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scoped(db, Roles.regulator, { 'app.tenant_id': '' }, fn);
}
