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

export interface DebtorSession {
  caseRef: string;
  headers: Record<string, string>;
}

export function keysOf(r: Recourse): DebtorKeys {
  return debtorKeysFromSecrets(loadSecrets(r.config));
}

export async function demoTenantId(r: Recourse): Promise<string> {
  const t = await withPlatform(r.db, (tx) => findTenant(tx, DEMO_SLUG));
  if (!t) throw new Error('no demo tenant');
  return t.id;
}

/** Signs a debtor into the portal (case ref + ID last 6 → one-time code from the dev outbox). Default: an open case with a phone. */
export async function signInDebtorHttp(r: Recourse, wanted?: string): Promise<DebtorSession> {
  const tenantId = await demoTenantId(r);
  const keys = keysOf(r);
  const found = await withTenant(r.db, tenantId, async (tx) => {
    const refs = wanted ? [wanted] : (await rows<{ ref: string }>(tx, sql`SELECT ref FROM cases.cases WHERE stage <> 'closed' ORDER BY placed_at, ref LIMIT 20`)).map((x) => x.ref);
    for (const ref of refs) {
      const c = await casePortalDirectory(keys).findCase(tx, ref);
      if (c?.phone) return c;
    }
    return null;
  });
  if (!found) throw new Error('no demo case with a phone');
  const start = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/start', payload: { tenant: DEMO_SLUG, caseRef: found.caseRef, idLast6: found.idNumber.slice(-6), channel: 'sms' } });
  if (start.statusCode !== 202) throw new Error(`portal start ${start.statusCode} ${start.body}`);
  const body = await withPlatform(r.db, async (tx) => (await rows<{ body: string }>(tx, sql`SELECT body FROM platform.messages WHERE tenant_id = ${tenantId} AND purpose = 'portal_otp' ORDER BY created_at DESC LIMIT 1`))[0]?.body ?? '');
  const code = /(\d{6})/.exec(body)?.[1];
  const v = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/verify', payload: { tenant: DEMO_SLUG, caseRef: found.caseRef, code } });
  if (v.statusCode !== 200) throw new Error(`portal verify ${v.statusCode} ${v.body}`);
  const cookie = `rc_session=${v.cookies.find((c) => c.name === 'rc_session')!.value}`;
  return { caseRef: found.caseRef, headers: { cookie, 'x-csrf-token': v.json().csrfToken } };
}

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
