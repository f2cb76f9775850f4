// HTTP behaviour of the foundation: sign-in, CSRF, roles, the filing gate and business scope, branding rules,
// bad input as problem+json, API keys, password reset through the outbox.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';
import { DEMO_PASSWORD } from './demo.js';

describe('tenants HTTP', async () => {
  const r = await testApp();
  const op = await signIn(r, 'platform', 'operator@recourse.test', DEMO_PASSWORD);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', DEMO_PASSWORD);

  it('rejects a wrong password without saying whether the email exists', async () => {
    const a = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: 'admin@demo.recourse.test', password: 'wrong-password-1' } });
    const b = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: 'nobody@demo.recourse.test', password: 'wrong-password-1' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(b.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(a.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('slows an account down after 5 failed sign-ins from one address, without locking it for everyone', async () => {
    const email = `lock-${Date.now()}@demo.recourse.test`;
    const created = await r.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { email, displayName: '锁定测试', role: 'collector', password: 'Correct-horse-42' } });
    expect(created.statusCode).toBe(201);
    const codes = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.201', payload: { tenant: 'demo', email, password: 'bad-password-' + i } })).json().code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('AUTH_INVALID_CREDENTIALS'));
    expect(codes[5]).toBe('AUTH_THROTTLED');
    const right = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.201', payload: { tenant: 'demo', email, password: 'Correct-horse-42' } });
    expect(right.statusCode).toBe(429);
    const elsewhere = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.202', payload: { tenant: 'demo', email, password: 'Correct-horse-42' } });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const res = await r.app.inject({ method: 'PUT', url: '/api/v1/tenant/branding', headers: { cookie: admin.cookie }, payload: { tagline: '依法合规' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
  });

  it('refuses a role its routes (collector cannot manage users)', async () => {
    const col = await signIn(r, 'demo', 'collector@demo.recourse.test', DEMO_PASSWORD);
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/users', headers: col.headers, payload: { email: 'z@demo.recourse.test', displayName: 'Z', role: 'collector' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('onboards a tenant: pending cannot act, filing with a bad USCC is refused, approval activates it', async () => {
    const slug = `agency-${Date.now().toString(36)}`;
    const created = await r.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: op.headers, payload: { slug, displayName: '兰溪商事调解', hashAlgorithm: 'sm3', adminEmail: `boss@${slug}.test`, adminName: '钱老板' } });
    expect(created.statusCode).toBe(201);
    const t = created.json();
    expect(t.status).toBe('pending');

    // The invitation went out through the dev outbox (not delivered) with a one-time link; use it to set a password.
    const r2 = await r.app.inject({ method: 'GET', url: '/api/v1/outbox?limit=500', headers: op.headers });
    expect(r2.statusCode).toBe(200);
    const { withTenant, rows, sql } = await import('../../platform/db/index.js');
    const msgs = await withTenant(r.db, t.id, (tx) => rows<{ body: string; status: string }>(tx, sql`SELECT body, status FROM platform.messages WHERE purpose = 'password_reset'`));
    expect(msgs).toHaveLength(1);
    expect(msgs[0].status).toBe('not_delivered');
    const token = /token=([A-Za-z0-9_-]+)/.exec(msgs[0].body)![1];
    const set = await r.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { tenant: slug, token, password: 'New-password-2026' } });
    expect(set.statusCode).toBe(204);
    const reuse = await r.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { tenant: slug, token, password: 'Other-password-2026' } });
    expect(reuse.json().code).toBe('AUTH_TOKEN_INVALID');
    const boss = await signIn(r, slug, `boss@${slug}.test`, 'New-password-2026');

    // Pending: writes refused with TENANT_NOT_ACTIVE; branding allowed.
    const key = await r.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: boss.headers, payload: { name: 'x', scopes: ['cases:read'] } });
    expect(key.statusCode).toBe(403);
    expect(key.json().code).toBe('TENANT_NOT_ACTIVE');
    const brand = await r.app.inject({ method: 'PUT', url: '/api/v1/tenant/branding', headers: boss.headers, payload: { colors: { primary: '#123456' } } });
    expect(brand.statusCode).toBe(200);

    const badFiling = { legalName: '兰溪示例信息咨询有限公司', uscc: '91330781MA2E8XP3Q5', legalRepresentative: '钱某', filingNumber: '浙金融备2026-77', lawFirm: 'none', scopes: ['mediation'] };
    const bad = await r.app.inject({ method: 'PUT', url: `/api/v1/platform/tenants/${t.id}/filing`, headers: op.headers, payload: badFiling });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'TENANTS_USCC_INVALID', field: 'body.uscc' });

    const early = await r.app.inject({ method: 'POST', url: `/api/v1/platform/tenants/${t.id}/approve`, headers: op.headers });
    expect(early.json().code).toBe('TENANTS_FILING_INCOMPLETE');

    const good = await r.app.inject({ method: 'PUT', url: `/api/v1/platform/tenants/${t.id}/filing`, headers: op.headers, payload: { ...badFiling, uscc: '91330782MA2E8XP3Q4' } });
    expect(good.statusCode).toBe(200);
    const ok = await r.app.inject({ method: 'POST', url: `/api/v1/platform/tenants/${t.id}/approve`, headers: op.headers });
    expect(ok.json().status).toBe('active');
    const key2 = await r.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: boss.headers, payload: { name: 'creditor system', scopes: ['cases:read'] } });
    expect(key2.statusCode).toBe(201);

    // Suspension stops it acting again.
    await r.app.inject({ method: 'POST', url: `/api/v1/platform/tenants/${t.id}/suspend`, headers: op.headers, payload: { reason: '投诉核查' } });
    const key3 = await r.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: boss.headers, payload: { name: 'y', scopes: ['cases:read'] } });
    expect(key3.json().code).toBe('TENANT_NOT_ACTIVE');
  });

  it('refuses public names that present a tenant as a debt-collection company or a court (COL-01, COL-42)', async () => {
    for (const [displayName, rule] of [['金华讨债公司', 'COL-01'], ['婺城法院执行协助中心', 'COL-42']]) {
      const res = await r.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: op.headers, payload: { slug: `n${Date.now().toString(36)}`, displayName, adminEmail: 'a@b.test', adminName: 'A' } });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'TENANTS_NAME_NOT_ALLOWED', rule, field: 'body.displayName' });
    }
  });

  it('answers bad input with a 4xx naming the field, and writes nothing', async () => {
    const before = (await r.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers })).json().items.length;
    const cases: [unknown, number, string][] = [
      [{ email: 'not-an-email', displayName: 'x', role: 'collector' }, 400, 'body.email'],
      [{ email: 'ok@demo.recourse.test', displayName: 'x', role: 'emperor' }, 400, 'body.role'],
      [{ email: 'ok@demo.recourse.test', displayName: 'x', role: 'collector', isAdmin: true }, 400, 'body.isAdmin'],
      [{ email: "'; DROP TABLE tenants.users; --@x.test", displayName: '<script>alert(1)</script>', role: 'collector' }, 400, 'body.email'],
      [{ email: 'ok2@demo.recourse.test', displayName: 12, role: 'collector' }, 400, 'body.displayName'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await r.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().field).toBe(field);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const malformed = await r.app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('MALFORMED_JSON');
    const huge = await r.app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'a@b.test', displayName: 'x'.repeat(2_000_000), role: 'collector' }) });
    expect(huge.statusCode).toBe(413);
    const after = (await r.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers })).json().items.length;
    expect(after).toBe(before);
  });

  it('API keys: secret shown once, stored hashed, scoped, revocable', async () => {
    const cred = await signIn(r, 'demo', 'creditor@demo.recourse.test', DEMO_PASSWORD);
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: cred.headers, payload: { name: 'ERP', scopes: ['cases:read'] } });
    expect(res.statusCode).toBe(201);
    const { secret, key } = res.json();
    expect(secret).toMatch(/^rk\./);
    const list = await r.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: cred.headers });
    expect(JSON.stringify(list.json())).not.toContain(secret.split('.').pop());
    // An API key cannot reach a route that does not accept its scope.
    const viaKey = await r.app.inject({ method: 'GET', url: '/api/v1/tenant', headers: { authorization: `Bearer ${secret}` } });
    expect(viaKey.statusCode).toBe(403);
    const del = await r.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: cred.headers });
    expect(del.statusCode).toBe(204);
    const after = await r.app.inject({ method: 'GET', url: '/api/v1/tenant', headers: { authorization: `Bearer ${secret}` } });
    expect(after.statusCode).toBe(401);
  });

  it('public site lists only the filed services, and verifies collectors by badge (COL-71)', async () => {
    const site = await r.app.inject({ method: 'GET', url: '/api/v1/public/site', headers: { host: 'demo.localhost:3000' } });
    expect(site.statusCode).toBe(200);
    expect(site.json().services.map((s: { scope: string }) => s.scope)).toEqual(['debt_consulting', 'collection_outsourcing', 'mediation', 'legal_documents']);
    expect(site.json().filingNumber).toContain('2026-0001');
    const ok = await r.app.inject({ method: 'GET', url: '/api/v1/public/verify-collector?badge=JH-0001', headers: { host: 'demo.localhost' } });
    expect(ok.json()).toMatchObject({ valid: true, displayName: '李**' });
    const no = await r.app.inject({ method: 'GET', url: '/api/v1/public/verify-collector?badge=XX-9999', headers: { host: 'demo.localhost' } });
    expect(no.json().valid).toBe(false);
    const other = await r.app.inject({ method: 'GET', url: '/api/v1/public/site?tenant=no-such-agency' });
    expect(other.statusCode).toBe(404);
  });

  it('records every write in the audit trail with actor and source address', async () => {
    await r.app.inject({ method: 'PUT', url: '/api/v1/tenant/branding', headers: admin.headers, payload: { tagline: '依法合规 · 调解优先 · 全程留痕' } });
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/audit?limit=20', headers: admin.headers });
    const hit = res.json().items.find((i: { action: string }) => i.action === 'PUT /api/v1/tenant/branding');
    expect(hit).toMatchObject({ actorId: admin.body.user.id, actorRole: 'tenant_admin', status: 200 });
    expect(hit.ip).toBeTruthy();
  });

  it('records sign-in attempts, failed ones too, in the trail of the tenant they were for', async () => {
    await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: 'admin@demo.recourse.test', password: 'not-the-password-1' } });
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/audit?limit=50&action=POST%20%2Fapi%2Fv1%2Fauth%2Flogin', headers: admin.headers });
    expect(res.json().items.some((i: { status: number }) => i.status === 401)).toBe(true);
  });
});
