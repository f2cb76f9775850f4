// Test helpers of the privacy module (import only from tests): a debtor portal session over HTTP, the demo
// tenant's debtor keys, and the clear personal values of the demo debtors (to prove responses never carry them).
import type { App } from '../../platform/http/server.js';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/index.js';
import { withPlatform, withTenant, rows, sql } from '../../platform/db/index.js';
import { loadSecrets } from '../../platform/secrets.js';
import { debtorKeysFromSecrets, revealContactPoints, revealIdNumber, type DebtorKeys } from '../debtors/index.js';
import { casePortalDirectory } from '../cases/index.js';
import { DEMO_SLUG, findTenant } from '../tenants/index.js';

/** The parts of the composed app (src/app.ts Recourse) these helpers use. */
export interface Recourse {
  app: App;
  db: Database;
  config: Config;
}

export function keysOf(r: Recourse): DebtorKeys {
  return debtorKeysFromSecrets(loadSecrets(r.config));
}

export async function demoTenantId(r: Recourse): Promise<string> {
  const t = await withPlatform(r.db, (tx) => findTenant(tx, DEMO_SLUG));
  if (!t) throw new Error('no demo tenant');
  return t.id;
}

export { signInDebtorHttp, type DebtorSession } from '../../../test/support/portal.js';

/** Full ID numbers, phones and e-mails of every demo debtor (what must never appear in a response). */
export async function demoSecrets(r: Recourse): Promise<{ ids: string[]; phones: string[]; emails: string[] }> {
  const tenantId = await demoTenantId(r);
  const keys = keysOf(r);
  return withTenant(r.db, tenantId, async (tx) => {
    const ds = await rows<{ id: string }>(tx, sql`SELECT id FROM debtors.debtors WHERE purged_at IS NULL`);
    const out = { ids: [] as string[], phones: [] as string[], emails: [] as string[] };
    for (const d of ds) {
      out.ids.push(await revealIdNumber(tx, keys, d.id));
      out.phones.push(...(await revealContactPoints(tx, keys, d.id, 'phone')).map((p) => p.value));
      out.emails.push(...(await revealContactPoints(tx, keys, d.id, 'email')).map((p) => p.value));
    }
    return out;
  });
}
