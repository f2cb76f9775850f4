// A debtor portal session over HTTP for any module's tests (case ref + ID last 6 → one-time code from the dev
// outbox), so a lower module's tests need not import a higher module's testing helpers.
import type { App } from '../../src/platform/http/server.js';
import type { Config } from '../../src/platform/config.js';
import { withPlatform, withTenant, rows, sql, type Database } from '../../src/platform/db/index.js';
import { loadSecrets } from '../../src/platform/secrets.js';
import { debtorKeysFromSecrets } from '../../src/modules/debtors/index.js';
import { casePortalDirectory } from '../../src/modules/cases/index.js';
import { DEMO_SLUG, findTenant } from '../../src/modules/tenants/index.js';

export interface DebtorSession {
  caseRef: string;
  headers: Record<string, string>;
}

async function demoTenantId(r: { db: Database }): Promise<string> {
  const t = await withPlatform(r.db, (tx) => findTenant(tx, DEMO_SLUG));
  if (!t) throw new Error('no demo tenant');
  return t.id;
}

/** Signs a debtor into the portal (case ref + ID last 6 → one-time code from the dev outbox). Default: an open case with a phone. */
export async function signInDebtorHttp(r: { app: App; db: Database; config: Config }, wanted?: string): Promise<DebtorSession> {
  const tenantId = await demoTenantId(r);
  const keys = debtorKeysFromSecrets(loadSecrets(r.config));
  const found = await withTenant(r.db, tenantId, async (tx) => {
    const refs = wanted ? [wanted] : (await rows<{ ref: string }>(tx, sql`SELECT ref FROM cases.cases WHERE stage <> 'closed' ORDER BY placed_at, ref LIMIT 20`)).map((x) => x.ref);
    for (const ref of refs) {
      const c = await casePortalDirectory(keys).findCase(tx, ref);
      if (c?.phone) return c;
    }
    return null;
  });
  if (!found) throw new Error('no demo case with a phone');
  return portalSignIn(r, tenantId, found.caseRef, found.idNumber.slice(-6));
}

/** The portal login itself: start with case ref + ID last 6, read the one-time code from the dev outbox, verify. */
export async function portalSignIn(r: { app: App; db: Database }, tenantId: string, caseRef: string, idLast6: string): Promise<DebtorSession> {
  const start = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/start', payload: { tenant: DEMO_SLUG, caseRef, idLast6, channel: 'sms' } });
  if (start.statusCode !== 202) throw new Error(`portal start ${start.statusCode} ${start.body}`);
  const body = await withPlatform(r.db, async (tx) => (await rows<{ body: string }>(tx, sql`SELECT body FROM platform.messages WHERE tenant_id = ${tenantId} AND purpose = 'portal_otp' ORDER BY created_at DESC LIMIT 1`))[0]?.body ?? '');
  const code = /(\d{6})/.exec(body)?.[1];
  const v = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/verify', payload: { tenant: DEMO_SLUG, caseRef, code } });
  if (v.statusCode !== 200) throw new Error(`portal verify ${v.statusCode} ${v.body}`);
  const cookie = `rc_session=${v.cookies.find((c) => c.name === 'rc_session')!.value}`;
  return { caseRef, headers: { cookie, 'x-csrf-token': v.json().csrfToken } };
}

