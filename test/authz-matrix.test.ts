// The authorisation matrix as data: test/authz-matrix.json lists, for every route of the OpenAPI document, the roles
// that may call it. The test checks the file against the real server: a route without a row fails, a row for a
// route that no longer exists fails, and every role is probed on every route (allowed: anything but 403 FORBIDDEN;
// denied: 403 FORBIDDEN). Probes use ids that exist nowhere and empty bodies, so nothing is written.
// To record a deliberate change: AUTHZ_MATRIX_WRITE=1 npx vitest run test/authz-matrix.test.ts, then review the diff.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { testApp, signIn, type Session } from './support/app.js';
import { signInDebtorHttp } from './support/portal.js';
import { DEMO_PASSWORD } from '../src/modules/tenants/demo.js';

const FILE = 'test/authz-matrix.json';
const ROLES = ['platform_operator', 'regulator', 'tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator', 'creditor', 'debtor'] as const;
const GHOST = 'zzz_00000000000000000000000000';

describe('authorisation matrix (every route × every role)', { timeout: 900_000 }, async () => {
  const r = await testApp();
  const who: Record<string, { headers: Record<string, string> }> = {};
  const demo: Record<string, string> = { tenant_admin: 'admin', collector: 'collector', legal_officer: 'legal', compliance_officer: 'compliance', mediator: 'mediator', creditor: 'creditor' };
  for (const [role, local] of Object.entries(demo)) who[role] = await signIn(r, 'demo', `${local}@demo.recourse.test`, DEMO_PASSWORD) as Session;
  who.platform_operator = await signIn(r, 'platform', 'operator@recourse.test', DEMO_PASSWORD);
  who.regulator = await signIn(r, 'platform', 'regulator@recourse.test', DEMO_PASSWORD);
  who.debtor = await signInDebtorHttp(r);

  const spec = (await r.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, path, method: m.toUpperCase(), isPublic: Array.isArray(op.security) && op.security.length === 0 })))
    .filter((x) => x.path.startsWith('/api/v1/'));

  const probe = async (route: (typeof routes)[number], role: string) => {
    const url = route.path.replace(/\{[^}]+\}/g, GHOST);
    const res = await r.app.inject({ method: route.method as 'GET', url, headers: who[role].headers, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
    expect(res.statusCode, `${route.key} as ${role}`).toBeLessThan(500);
    return !(res.statusCode === 403 && res.json().code === 'FORBIDDEN');
  };

  it('every route has a row, and the server enforces exactly the listed roles', async () => {
    const actual: Record<string, string[]> = {};
    for (const route of routes) {
      if (route.isPublic) { actual[route.key] = ['public']; continue; }
      const allowed: string[] = [];
      for (const role of ROLES) if (await probe(route, role)) allowed.push(role);
      actual[route.key] = allowed;
    }
    if (process.env.AUTHZ_MATRIX_WRITE) {
      fs.writeFileSync(FILE, JSON.stringify(Object.fromEntries(Object.entries(actual).sort(([a], [b]) => a.localeCompare(b))), null, 1) + '\n');
    }
    const expected = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, string[]>;
    expect(Object.keys(actual).filter((k) => !(k in expected)), 'routes without a row in test/authz-matrix.json').toEqual([]);
    expect(Object.keys(expected).filter((k) => !(k in actual)), 'rows for routes that no longer exist').toEqual([]);
    const diffs = Object.keys(actual).filter((k) => JSON.stringify(actual[k]) !== JSON.stringify(expected[k])).map((k) => `${k}: expected ${expected[k]} got ${actual[k]}`);
    expect(diffs).toEqual([]);
  });

  it('the matrix itself keeps known rules: API keys are for admins and creditors, user management for admins', () => {
    const m = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, string[]>;
    expect(m['GET /api/v1/api-keys']).toEqual(['tenant_admin', 'creditor']);
    expect(m['PATCH /api/v1/users/{id}']).toEqual(['platform_operator', 'tenant_admin']);
    for (const [k, v] of Object.entries(m)) if (k.startsWith('GET /api/v1/platform/') || k.startsWith('POST /api/v1/platform/')) expect(v, k).not.toContain('debtor');
  });
});
