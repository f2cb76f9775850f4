// The tenant of a tenant-scoped transaction (set by withTenant as app.tenant_id).
import { one, sql, type Tx } from '../../platform/db/index.js';

// A transaction's tenant never changes, so it is looked up once per transaction handle.
const cache = new WeakMap<object, string>();

export async function tenantOf(tx: Tx): Promise<string> {
  const hit = cache.get(tx);
  if (hit) return hit;
  const r = await one<{ t: string | null }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  if (!r?.t) throw new Error('cases: no tenant in this transaction (use withTenant)');
  cache.set(tx, r.t);
  return r.t;
}
