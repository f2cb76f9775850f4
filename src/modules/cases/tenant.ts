// The tenant of a tenant-scoped transaction (set by withTenant as app.tenant_id).
import { one, sql, type Tx } from '../../platform/db/index.js';

export async function tenantOf(tx: Tx): Promise<string> {
  const r = await one<{ t: string | null }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  if (!r?.t) throw new Error('cases: no tenant in this transaction (use withTenant)');
  return r.t;
}
