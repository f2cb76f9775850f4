// Test helpers of the ledger module (import only from tests): the demo tenant, debtor keys, a debtor portal session
// over HTTP for an open demo case, and a signed sandbox webhook for an intent.
import type { App } from '../../platform/http/server.js';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/index.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import { loadSecrets } from '../../platform/secrets.js';
import { debtorKeysFromSecrets, type DebtorKeys } from '../debtors/index.js';
import { casePortalDirectory, searchCases } from '../cases/index.js';
import { DEMO_SLUG, findTenant } from '../tenants/index.js';
import { sandboxWebhookSecret } from './routes.js';
import { portalSignIn } from '../../../test/support/portal.js';

export interface RecourseLike {
  app: App;
  db: Database;
  config: Config;
}

export const keysOf = (r: RecourseLike): DebtorKeys => debtorKeysFromSecrets(loadSecrets(r.config));
export const webhookSecretOf = (r: RecourseLike): string => sandboxWebhookSecret(loadSecrets(r.config));

export async function demoTenantId(r: RecourseLike): Promise<string> {
  const t = await withPlatform(r.db, (tx) => findTenant(tx, DEMO_SLUG));
  if (!t) throw new Error('no demo tenant');
  return t.id;
}

/** Open demo cases (not closed, not on hold) with a phone, oldest placement first. */
export async function openDemoCases(r: RecourseLike, n: number): Promise<{ id: string; ref: string; creditorId: string; idLast6: string }[]> {
  const tenantId = await demoTenantId(r);
  const keys = keysOf(r);
  return withTenant(r.db, tenantId, async (tx) => {
    const all = (await searchCases(tx, keys, { limit: 500 })).items.filter((c) => c.stage !== 'closed' && !c.onHold).reverse();
    const out: { id: string; ref: string; creditorId: string; idLast6: string }[] = [];
    for (const c of all) {
      const d = await casePortalDirectory(keys).findCase(tx, c.ref);
      if (d?.phone) out.push({ id: c.id, ref: c.ref, creditorId: c.creditorId, idLast6: d.idNumber.slice(-6) });
      if (out.length >= n) break;
    }
    return out;
  });
}

/** Portal sign-in (case ref + ID last 6 → one-time code from the dev outbox): the shared test helper. */
export async function signInDebtor(r: RecourseLike, c: { ref: string; idLast6: string }): Promise<{ caseRef: string; headers: Record<string, string> }> {
  return portalSignIn(r, await demoTenantId(r), c.ref, c.idLast6);
}
