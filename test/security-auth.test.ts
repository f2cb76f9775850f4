// Regressions of an outside probe, around identity: forwarded headers believed only from configured proxies,
// failed attempts counted per account + address, per address and per portal case (progressive delay, no lock anyone
// can set off by e-mail alone), the portal code locked with a notice to the debtor, owned API keys, document field
// previews masked by role (PI-22), the reset token kept out of URLs that reach logs, and the Secure session cookie.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from './support/app.js';
import { DEMO_PASSWORD, findTenant } from '../src/modules/tenants/index.js';
import { withTenant, withPlatform, rows, sql } from '../src/platform/db/index.js';
import { casePortalDirectory } from '../src/modules/cases/index.js';
import { debtorKeysFromSecrets } from '../src/modules/debtors/index.js';
import { loadSecrets } from '../src/platform/secrets.js';
import { demoSecrets } from '../src/modules/privacy/testing.js';

let n = 0;
const addr = () => `198.51.100.${(++n % 250) + 1}`;

describe('security regressions: identity, throttling, keys, masking', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', DEMO_PASSWORD);
  const tenantId = (await withPlatform(r.db, (tx) => findTenant(tx, 'demo')))!.id;
  const login = (email: string, password: string, remoteAddress: string, headers: Record<string, string> = {}, app = r.app) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { tenant: 'demo', email, password } });
  const newUser = async (role = 'collector') => {
    const email = `sec-${role}-${Date.now()}-${++n}@demo.recourse.test`;
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { email, displayName: '安全测试', role, password: 'Correct-horse-42' } });
    expect(res.statusCode).toBe(201);
    return { email, id: res.json().id as string };
  };

  it('ignores X-Forwarded-For from an untrusted peer: rotating it does not escape the sign-in rate limit', async () => {
    const s = await testApp({ trustProxy: [] });
    const from = addr();
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await login(`nobody-${i}@demo.recourse.test`, 'wrong-password-1', from, { 'x-forwarded-for': `203.0.113.${i + 1}` }, s.app)).statusCode);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
  });

  it('believes X-Forwarded-For and -Proto only from a configured proxy', async () => {
    const s = await testApp({ trustProxy: ['10.20.30.40'] });
    const u = await newUser();
    const viaProxy = await login(u.email, 'Correct-horse-42', '10.20.30.40', { 'x-forwarded-for': '203.0.113.77', 'x-forwarded-proto': 'https' }, s.app);
    expect(viaProxy.statusCode).toBe(200);
    expect(viaProxy.cookies.find((c) => c.name === 'rc_session')!.secure).toBe(true);
    const direct = await login(u.email, 'Correct-horse-42', '192.0.2.9', { 'x-forwarded-for': '203.0.113.78', 'x-forwarded-proto': 'https' }, s.app);
    expect(direct.statusCode).toBe(200);
    expect(direct.cookies.find((c) => c.name === 'rc_session')!.secure).toBeFalsy();
    const ips = await withTenant(r.db, tenantId, (tx) => rows<{ ip: string }>(tx, sql`SELECT ip FROM tenants.sessions WHERE ip IN ('203.0.113.77', '203.0.113.78', '192.0.2.9')`));
    expect(ips.map((x) => x.ip).sort()).toEqual(['192.0.2.9', '203.0.113.77']);
  });

  it('the session cookie is Secure when the public URL is HTTPS', async () => {
    const s = await testApp({ publicUrl: 'https://collect.example.cn' });
    const u = await newUser();
    const res = await login(u.email, 'Correct-horse-42', addr(), {}, s.app);
    expect(res.cookies.find((c) => c.name === 'rc_session')!.secure).toBe(true);
  });

  it('failed sign-ins slow down one account from one address; the owner elsewhere is not locked out', async () => {
    const u = await newUser();
    const attacker = addr();
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login(u.email, `bad-password-${i}`, attacker)).json().code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('AUTH_INVALID_CREDENTIALS'));
    expect(codes[5]).toBe('AUTH_THROTTLED');
    const blocked = await login(u.email, 'Correct-horse-42', attacker);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await login(u.email, 'Correct-horse-42', addr());
    expect(owner.statusCode).toBe(200);
  });

  it('failures from one address are counted across accounts and across app servers (in the database)', async () => {
    const second = await testApp({ trustProxy: [] });
    const from = addr();
    const codes: string[] = [];
    // Two servers with their own in-process limiters: only the shared count can stop the 31st failure.
    for (let i = 0; i < 31; i++) codes.push((await login(`spray-${i}-${Date.now()}@demo.recourse.test`, 'Wrong-spray-1', from, {}, i % 2 ? second.app : r.app)).json().code);
    const u = await newUser();
    const after = await login(u.email, 'Correct-horse-42', from, {}, second.app);
    expect(codes.filter((c) => c === 'AUTH_INVALID_CREDENTIALS').length).toBeGreaterThanOrEqual(29);
    expect(after.statusCode).toBe(429);
  });

  it('the portal code of a case locks after a few wrong tries from many addresses, cancels the code and tells the debtor', async () => {
    const keys = debtorKeysFromSecrets(loadSecrets(r.config));
    const c = await withTenant(r.db, tenantId, async (tx) => {
      for (const { ref } of await rows<{ ref: string }>(tx, sql`SELECT ref FROM cases.cases WHERE stage <> 'closed' ORDER BY ref DESC LIMIT 20`)) {
        const found = await casePortalDirectory(keys).findCase(tx, ref);
        if (found?.phone) return found;
      }
      return null;
    });
    expect(c).toBeTruthy();
    const start = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/start', remoteAddress: addr(), payload: { tenant: 'demo', caseRef: c!.caseRef, idLast6: c!.idNumber.slice(-6), channel: 'sms' } });
    expect(start.statusCode).toBe(202);
    const msg = await withTenant(r.db, tenantId, (tx) => rows<{ body: string }>(tx, sql`SELECT body FROM platform.messages WHERE purpose = 'portal_otp' ORDER BY created_at DESC LIMIT 1`));
    const code = /(\d{6})/.exec(msg[0].body)![1];
    const wrong = code === '000000' ? '000001' : '000000';
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/verify', remoteAddress: addr(), headers: { 'x-forwarded-for': `203.0.113.${i}` }, payload: { tenant: 'demo', caseRef: c!.caseRef, code: wrong } });
      codes.push(res.json().code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('AUTH_TOKEN_INVALID'));
    expect(codes[5]).toBe('AUTH_THROTTLED');
    const right = await r.app.inject({ method: 'POST', url: '/api/v1/portal/login/verify', remoteAddress: addr(), payload: { tenant: 'demo', caseRef: c!.caseRef, code } });
    expect(right.statusCode).toBe(429);
    const notice = await withTenant(r.db, tenantId, (tx) => rows<{ recipient: string; body: string }>(tx, sql`SELECT recipient, body FROM platform.messages WHERE purpose = 'portal_lockout' ORDER BY created_at DESC LIMIT 1`));
    expect(notice[0].body).toContain('登录暂停');
    const open = await withTenant(r.db, tenantId, (tx) => rows(tx, sql`SELECT 1 FROM tenants.one_time_tokens WHERE purpose = 'portal_otp' AND subject = ${c!.caseRef} AND used_at IS NULL`));
    expect(open).toEqual([]);
  });

  it('API keys are owned: a creditor sees and revokes only its own, an admin sees all', async () => {
    const adminKey = (await r.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin.headers, payload: { name: 'admin key', scopes: ['cases:read'] } })).json().key.id as string;
    const cred = await newUser('creditor');
    const creditor = await signIn(r, 'demo', cred.email, 'Correct-horse-42');
    const own = (await r.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: creditor.headers, payload: { name: 'mine', scopes: ['cases:read'] } })).json().key.id as string;
    const seen = ((await r.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: creditor.headers })).json().items as { id: string }[]).map((k) => k.id);
    expect(seen).toEqual([own]);
    const revokeOther = await r.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${adminKey}`, headers: creditor.headers });
    expect(revokeOther.statusCode).toBe(404);
    const all = (await r.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin.headers })).json().items as { id: string; revokedAt: string | null }[];
    expect(all.find((k) => k.id === adminKey)!.revokedAt).toBeNull();
    expect(all.map((k) => k.id)).toContain(own);
    expect((await r.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${own}`, headers: creditor.headers })).statusCode).toBe(204);
  });

  it('PI-22: document field previews are masked for a collector, full for a legal officer', async () => {
    const secrets = await demoSecrets(r);
    const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', DEMO_PASSWORD);
    const legal = await signIn(r, 'demo', 'legal@demo.recourse.test', DEMO_PASSWORD);
    const ids = await withTenant(r.db, tenantId, (tx) => rows<{ id: string }>(tx, sql`SELECT id FROM cases.cases WHERE stage <> 'closed' ORDER BY ref LIMIT 3`));
    let legalSawFull = false;
    for (const { id } of ids) {
      const asCollector = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/documents/demand_letter/fields`, headers: collector.headers });
      expect(asCollector.statusCode).toBe(200);
      expect([...secrets.ids, ...secrets.phones].filter((v) => asCollector.body.includes(v))).toEqual([]);
      const asLegal = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/documents/demand_letter/fields`, headers: legal.headers });
      if (secrets.ids.some((v) => asLegal.body.includes(v))) legalSawFull = true;
    }
    expect(legalSawFull).toBe(true);
  });

  it('the password-reset link carries its token in the fragment, never in the query string', async () => {
    const u = await newUser();
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', remoteAddress: addr(), payload: { tenant: 'demo', email: u.email } });
    expect(res.statusCode).toBe(202);
    const out = (await r.app.inject({ method: 'GET', url: '/api/v1/outbox?limit=20', headers: admin.headers })).json().items as { recipient: string; body: string; purpose: string }[];
    const mail = out.find((m) => m.purpose === 'password_reset' && m.recipient === u.email)!;
    expect(mail.body).toMatch(/reset-password#token=[A-Za-z0-9_-]{20,}/);
    expect(mail.body).not.toMatch(/\?token=/);
  });
});
