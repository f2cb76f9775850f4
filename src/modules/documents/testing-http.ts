// HTTP test helpers of the documents module (import only from tests): demo tenant, open demo cases with a phone, and a
// debtor portal session over HTTP (case ref + ID last 6 → one-time code read from the dev outbox).
import type { App } from '../../platform/http/server.js';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/index.js';
import { withPlatform, withTenant, rows, sql } from '../../platform/db/index.js';
import { loadSecrets } from '../../platform/secrets.js';
import { debtorKeysFromSecrets, type DebtorKeys } from '../debtors/index.js';
import { casePortalDirectory, searchCases } from '../cases/index.js';
import { DEMO_SLUG, findTenant } from '../tenants/index.js';

export interface RecourseLike {
  app: App;
  db: Database;
  config: Config;
}

export const keysOf = (r: RecourseLike): DebtorKeys => debtorKeysFromSecrets(loadSecrets(r.config));

export async function demoTenantId(r: RecourseLike): Promise<string> {
  const t = await withPlatform(r.db, (tx) => findTenant(tx, DEMO_SLUG));
  if (!t) throw new Error('no demo tenant');
  return t.id;
}

/** Demo cases (not closed) whose debtor has a phone, oldest placement first. */
export async function demoCases(r: RecourseLike, n: number): Promise<{ id: string; ref: string; idLast6: string; debtorName: string }[]> {
  const tenantId = await demoTenantId(r);
  const keys = keysOf(r);
  return withTenant(r.db, tenantId, async (tx) => {
    const all = (await searchCases(tx, keys, { limit: 500 })).items.filter((c) => c.stage !== 'closed').reverse();
    const out: { id: string; ref: string; idLast6: string; debtorName: string }[] = [];
    for (const c of all) {
      const d = await casePortalDirectory(keys).findCase(tx, c.ref);
      if (d?.phone) out.push({ id: c.id, ref: c.ref, idLast6: d.idNumber.slice(-6), debtorName: d.debtorName });
      if (out.length >= n) break;
    }
    return out;
  });
}

/** The latest message body of a purpose in the demo tenant's dev outbox. */
export async function lastMessage(r: RecourseLike, purpose: string): Promise<string> {
  const tenantId = await demoTenantId(r);
  return withPlatform(r.db, async (tx) => (await rows<{ body: string }>(tx, sql`SELECT body FROM platform.messages WHERE tenant_id = ${tenantId} AND purpose = ${purpose} ORDER BY created_at DESC LIMIT 1`))[0]?.body ?? '');
}

export async function signInDebtor(r: RecourseLike, c: { ref: string; idLast6: string }): Promise<{ caseRef: string; headers: Record<string, string> }> {
  const start = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/start', payload: { tenant: DEMO_SLUG, caseRef: c.ref, idLast6: c.idLast6, channel: 'sms' } });
  if (start.statusCode !== 202) throw new Error(`portal start ${start.statusCode} ${start.body}`);
  const code = /(\d{6})/.exec(await lastMessage(r, 'portal_otp'))?.[1];
  const v = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/verify', payload: { tenant: DEMO_SLUG, caseRef: c.ref, code } });
  if (v.statusCode !== 200) throw new Error(`portal verify ${v.statusCode} ${v.body}`);
  const cookie = `rc_session=${v.cookies.find((x) => x.name === 'rc_session')!.value}`;
  return { caseRef: c.ref, headers: { cookie, 'x-csrf-token': v.json().csrfToken } };
}
