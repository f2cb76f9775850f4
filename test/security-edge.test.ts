// Regressions of an outside probe, at the edge of the HTTP server: NUL characters, refused writes that must still be
// audited, malformed multipart, empty patches, unlinked creditor users, security headers, and problem+json for every
// error including those raised before routing (414, 431, bad %-encoding, unknown routes, oversized bodies).
import { describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import fs from 'node:fs';
import { testApp, signIn } from './support/app.js';
import { DEMO_PASSWORD } from '../src/modules/tenants/demo.js';
import { withTenant, withPlatform, rows, sql } from '../src/platform/db/index.js';
import { findTenant } from '../src/modules/tenants/index.js';
import { safeError } from '../src/platform/logger.js';

const isProblem = (res: { headers: Record<string, unknown> }) => expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);

describe('security edge regressions', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', DEMO_PASSWORD);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', DEMO_PASSWORD);
  const tenantId = (await withPlatform(r.db, (tx) => findTenant(tx, 'demo')))!.id;
  const [aCase] = await withTenant(r.db, tenantId, (tx) => rows<{ id: string }>(tx, sql`SELECT id FROM cases.cases WHERE stage <> 'closed' ORDER BY ref LIMIT 1`));

  it('refuses NUL in a path parameter, a query parameter and a JSON string with a 400 naming the field', async () => {
    const p = await r.app.inject({ method: 'GET', url: '/api/v1/campaigns/%00', headers: admin.headers });
    expect(p.statusCode).toBe(400);
    isProblem(p);
    expect(p.json().field).toBe('params.id');
    const q = await r.app.inject({ method: 'GET', url: '/api/v1/audit?action=%00', headers: admin.headers });
    expect(q.statusCode).toBe(400);
    expect(q.json().field).toBe('query.action');
    const b = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${aCase.id}/complaints`, headers: collector.headers, payload: { channel: 'phone', summary: 'a\u0000b' } });
    expect(b.statusCode).toBe(400);
    isProblem(b);
    expect(b.json().field).toBe('body.summary');
    const k = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${aCase.id}/notes`, headers: collector.headers, payload: { ['te\u0000xt']: 'x' } });
    expect(k.statusCode).toBe(400);
    expect(k.json().field).toMatch(/^body\./);
  });

  it('a write refused before its handler (NUL in the path) still leaves an audit row', async () => {
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/cases/%00/transitions', headers: admin.headers, payload: { to: 'closed' } });
    expect(res.statusCode).toBe(400);
    // the audit row is written in onResponse, just after the answer: poll briefly for it
    let audit: { status: number; actor_id: string | null }[] = [];
    for (let i = 0; i < 50 && !audit.length; i++) {
      audit = await withTenant(r.db, tenantId, (tx) =>
        rows<{ status: number; actor_id: string | null }>(tx, sql`SELECT status, actor_id FROM platform.audit_log WHERE action = 'POST /api/v1/cases/:id/transitions' AND status = 400 AND target_id = ${'\uFFFD'} ORDER BY at DESC LIMIT 1`));
      if (!audit.length) await new Promise((ok) => setTimeout(ok, 20));
    }
    expect(audit[0]).toMatchObject({ status: 400, actor_id: admin.body.user.id });
    // a write the router itself refuses (bad %-encoding) is audited too, on the platform tenant
    const bad = await r.app.inject({ method: 'POST', url: '/api/v1/cases/%E0%A4%A/transitions', headers: admin.headers, payload: {} });
    expect(bad.statusCode).toBe(400);
    isProblem(bad);
  });

  it('failed-query errors are logged without their parameters', () => {
    const e = Object.assign(new Error('Failed query: insert into x values ($1, $2)\nparams: 张三,110101199003074477'), { code: '22P02' });
    const logged = JSON.stringify(safeError(e));
    expect(logged).not.toContain('110101199003074477');
    expect(logged).not.toContain('张三');
    expect(logged).toContain('insert into x values');
  });

  it('malformed multipart (no boundary, truncated parts) answers 400/415 problem+json on every upload route', async () => {
    const routes: Array<[string, typeof admin]> = [
      ['/api/v1/reconciliations', admin], ['/api/v1/imports', admin], ['/api/v1/imports/preview', admin],
      [`/api/v1/cases/${aCase.id}/attachments`, collector], [`/api/v1/cases/${aCase.id}/recordings`, collector],
    ];
    const truncated = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nref,name\r\n1,';
    for (const [url, who] of routes) {
      for (const [ct, payload] of [['multipart/form-data', 'x'], ['multipart/form-data; boundary=XyZ', truncated], ['multipart/form-data; boundary=', '--\r\n'], ['text/plain', 'hello']] as const) {
        const res = await r.app.inject({ method: 'POST', url, headers: { ...who.headers, 'content-type': ct }, payload });
        expect([400, 413, 415, 422], `${url} ${ct} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
        isProblem(res);
      }
    }
  });

  it('PATCH /users/{id} with {} is a 400, not a 500', async () => {
    const users = (await r.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers })).json().items as { id: string; role: string }[];
    const res = await r.app.inject({ method: 'PATCH', url: `/api/v1/users/${users.find((u) => u.role === 'collector')!.id}`, headers: admin.headers, payload: {} });
    expect(res.statusCode).toBe(400);
    isProblem(res);
  });

  it('a creditor user linked to no creditor gets an empty overview', async () => {
    const email = `lonely-${Date.now()}@demo.recourse.test`;
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { email, displayName: '未关联', role: 'creditor', password: 'Lonely-creditor-2026' } })).statusCode).toBe(201);
    const lonely = await signIn(r, 'demo', email, 'Lonely-creditor-2026');
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/creditor/overview', headers: lonely.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ creditors: [], cases: { total: 0, items: [] } });
  });

  it('sends security headers: CSP without inline script, no framing, nosniff, no Referer; no HSTS over plain HTTP', async () => {
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/public/site?tenant=demo' });
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const problem = await r.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(problem.headers['x-content-type-options']).toBe('nosniff');
  });

  it('HSTS when the public URL is HTTPS', async () => {
    const s = await testApp({ publicUrl: 'https://collect.example.cn' });
    const res = await s.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('the web page has no inline script (the CSP would block it)', () => {
    for (const f of ['web/index.html', 'web/dist/index.html'].filter((x) => fs.existsSync(x))) {
      const html = fs.readFileSync(f, 'utf8');
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        expect(m[1], `${f}: every script has a src`).toMatch(/\bsrc=/);
        expect(m[2].trim(), `${f}: no inline script body`).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  it('every error is problem+json: unknown route, unknown webhook tenant, body too large, over-long parameter', async () => {
    const unknown = await r.app.inject({ method: 'POST', url: '/api/v1/definitely-not-a-route', payload: {} });
    expect(unknown.statusCode).toBe(404);
    isProblem(unknown);
    const hook = await r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/alipay/no-such-tenant', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' });
    expect(hook.statusCode).toBe(404);
    isProblem(hook);
    const big = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'x'.repeat(r.config.bodyLimit + 10) }) });
    expect(big.statusCode).toBe(413);
    isProblem(big);
    const long = await r.app.inject({ method: 'GET', url: `/api/v1/campaigns/${'a'.repeat(500)}`, headers: admin.headers });
    expect(long.statusCode).toBe(414);
    isProblem(long);
  });

  it('431 (headers too large) and a malformed request line answer problem+json from the real socket', async () => {
    const s = await testApp({ publicUrl: 'http://localhost' });
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (s.app.server.address() as AddressInfo).port;
      const raw = (req: string) => new Promise<string>((resolve) => {
        const sock = net.connect(port, '127.0.0.1', () => sock.write(req));
        let out = '';
        sock.on('data', (d) => (out += d.toString()));
        sock.on('close', () => resolve(out));
        sock.on('error', () => resolve(out));
      });
      const big = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big).toMatch(/^HTTP\/1\.1 431/);
      expect(big).toMatch(/content-type: application\/problem\+json/i);
      const garbage = await raw('GARBAGE\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400/);
      expect(garbage).toMatch(/content-type: application\/problem\+json/i);
    } finally {
      await s.app.close();
    }
  });
});
