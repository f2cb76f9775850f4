// The filing gate across modules: an action outside the tenant's approved business scope is refused with the
// missing scope named, by the one shared check (assertTenantCan), before any module code runs.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from './support/app.js';
import { createTestTenant } from '../src/platform/db/testing.js';
import { withTenant, one, sql } from '../src/platform/db/index.js';
import { createUser } from '../src/modules/tenants/index.js';

describe('business scope gate', () => {
  it('a mediation-only tenant cannot place collection cases (COL-01)', async () => {
    const r = await testApp();
    const t = await createTestTenant(r.db, { scopes: ['mediation'] });
    await withTenant(r.db, t.id, (tx) => createUser(tx, { id: t.id, kind: 'agency' }, { email: 'boss@scope.test', displayName: '调解中心', role: 'tenant_admin', password: 'Scope-password-2026' }));
    const s = await signIn(r, t.slug, 'boss@scope.test', 'Scope-password-2026');
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/cases', headers: s.headers, payload: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'TENANT_SCOPE_MISSING', missingScope: 'collection_outsourcing', rule: 'COL-01' });
    const cases = await withTenant(r.db, t.id, (tx) => one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM cases.cases`));
    expect(Number(cases!.n)).toBe(0);
  });
});
