// The tenant-isolation probe. It walks EVERY route in the OpenAPI document as signed-in users of tenant A against
// the objects of tenant B: routes with path parameters get B's ids (and must answer 403/404), list routes must not
// show anything of B. New routes are probed automatically because the list comes from the OpenAPI document.
import { describe, expect, it } from 'vitest';
import { testApp, signIn, type Session } from './support/app.js';
import { DEMO_PASSWORD } from '../src/modules/tenants/demo.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; format?: string; items?: Schema; minItems?: number; minimum?: number; minLength?: number; anyOf?: Schema[]; pattern?: string; const?: unknown };

/** A small valid-looking value for a JSON schema, so that the probe reaches the handler rather than validation. */
function sample(s: Schema | undefined, key = ''): unknown {
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf) return sample(s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0], key);
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (t) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const k of s.required ?? []) o[k] = sample(s.properties?.[k], k);
      return o;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, key));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      if (s.pattern) {
        // Reach the handler: pick a plausible value that satisfies the declared pattern.
        const re = new RegExp(s.pattern);
        const hit = ['2026-12-31', '2026-12-31T00:00:00.000Z', '100.00', '100', 'PROBE-1', 'probe', 'CNY', '13800000000', '#1f6feb', 'x'].find((v) => re.test(v));
        if (hit) return hit;
      }
      if (s.format === 'email') return 'probe@example.com';
      if (s.format === 'uri') return 'https://example.com/';
      if (s.format === 'date-time') return '2026-01-01T00:00:00.000Z';
      if (s.format === 'date') return '2026-01-01';
      if (/reason|note|description/i.test(key)) return '隔离探测 isolation probe';
      // Refinements (not visible in JSON schema) on common field names.
      if (/date$|On$/i.test(key)) return '2026-12-31';
      if (/At$/.test(key)) return '2026-12-31T00:00:00.000Z';
      if (/amount|principal|balance|fen$/i.test(key)) return '100.00';
      return 'probe-' + 'x'.repeat(Math.max(0, (s.minLength ?? 0) - 6));
    default:
      return undefined;
  }
}

const ID_RE = /\b[a-z]{2,6}_[0-9a-z]{26}\b/g;

// Many requests on a shared 2-core machine: generous time, never a timing assertion.
describe('tenant-isolation probe (every OpenAPI route)', { timeout: 600_000 }, async () => {
  const r = await testApp();
  const op = await signIn(r, 'platform', 'operator@recourse.test', DEMO_PASSWORD);

  // Tenant B: a fresh approved agency with its own users and keys.
  const mk = async (slug: string) => {
    const t = (await r.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: op.headers, payload: { slug, displayName: `探测租户 ${slug}`, adminEmail: `admin@${slug}.test`, adminName: '管理员' } })).json();
    await r.app.inject({ method: 'PUT', url: `/api/v1/platform/tenants/${t.id}/filing`, headers: op.headers, payload: { legalName: '探测信息咨询有限公司', uscc: '91330782MA2E8XP3Q4', legalRepresentative: '探测', filingNumber: `备-${slug}`, lawFirm: 'works_with_law_firm', scopes: ['debt_consulting', 'collection_outsourcing', 'mediation', 'legal_documents', 'claim_transfer'] } });
    await r.app.inject({ method: 'POST', url: `/api/v1/platform/tenants/${t.id}/approve`, headers: op.headers });
    const { withTenant } = await import('../src/platform/db/index.js');
    const { createUser } = await import('../src/modules/tenants/index.js');
    const { seedDemoPortfolio } = await import('../src/modules/cases/index.js');
    const { testDebtorKeys } = await import('../src/modules/debtors/testing.js');
    await withTenant(r.db, t.id, async (tx) => {
      const ctx = { id: t.id, kind: 'agency' as const };
      for (const role of ['tenant_admin', 'collector', 'creditor', 'legal_officer', 'compliance_officer'] as const) {
        await createUser(tx, ctx, { email: `${role}@${slug}.test`, displayName: `${role}`, role, password: 'Probe-password-2026', badgeNo: `${slug.slice(0, 6)}-${role.length}${role[0]}` });
      }
      // Objects of every kind the modules keep (creditors, debtors, cases in every state, holds, promises, evidence).
      await seedDemoPortfolio(tx, t.id, testDebtorKeys(), { count: 12 });
    });
    return t as { id: string; slug: string };
  };
  const suffix = Date.now().toString(36);
  const A = await mk(`probe-a-${suffix}`);
  const B = await mk(`probe-b-${suffix}`);
  const asA: Record<string, Session> = {};
  for (const role of ['tenant_admin', 'collector', 'creditor', 'legal_officer', 'compliance_officer']) asA[role] = await signIn(r, A.slug, `${role}@${A.slug}.test`, 'Probe-password-2026');
  const bAdmin = await signIn(r, B.slug, `tenant_admin@${B.slug}.test`, 'Probe-password-2026');
  const bCreditor = await signIn(r, B.slug, `creditor@${B.slug}.test`, 'Probe-password-2026');
  await r.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bCreditor.headers, payload: { name: 'B key', scopes: ['cases:read'] } });

  const spec = (await r.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { in: string; name: string; schema: Schema }[] }>> };
  const all = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, o]) => ({ path, method: method.toUpperCase(), op: o })));
  // Public routes (security: []) serve what a tenant publishes on purpose (site, checkpoints); everything else is probed.
  const routes = all.filter((x) => !(Array.isArray(x.op.security) && x.op.security.length === 0));
  const skipTags = new Set<string>();

  // Everything B owns, as B sees it: every id reachable from B's list routes.
  const bSecrets = new Set<string>([B.id, B.slug, `admin@${B.slug}.test`]);
  // Values B's responses carry under each key name, so that params like {version} or {slug} get B's own values.
  const bValuesByKey = new Map<string, Set<string>>();
  const collect = (v: unknown, key = '') => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (!bValuesByKey.has(key)) bValuesByKey.set(key, new Set());
      bValuesByKey.get(key)!.add(String(v));
    } else if (Array.isArray(v)) v.forEach((x) => collect(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, k);
  };
  for (const rt of routes.filter((x) => x.method === 'GET' && !x.path.includes('{') && !x.op.tags?.some((t) => skipTags.has(t)))) {
    for (const s of [bAdmin, bCreditor]) {
      const res = await r.app.inject({ method: 'GET', url: rt.path, headers: s.headers });
      if (res.statusCode === 200) {
        for (const m of res.body.match(ID_RE) ?? []) bSecrets.add(m);
        if (String(res.headers['content-type'] ?? '').includes('json')) collect(res.json());
      }
    }
  }
  // Values A sees too are not B's (e.g. the starter script ids every tenant has): probing with them says nothing.
  const aValues = new Set<string>();
  const collectA = (v: unknown) => {
    if (typeof v === 'string' || typeof v === 'number') aValues.add(String(v));
    else if (Array.isArray(v)) v.forEach(collectA);
    else if (v && typeof v === 'object') Object.values(v).forEach(collectA);
  };
  for (const rt of routes.filter((x) => x.method === 'GET' && !x.path.includes('{') && !x.op.tags?.some((t) => skipTags.has(t)))) {
    const res = await r.app.inject({ method: 'GET', url: rt.path, headers: asA.tenant_admin.headers });
    if (res.statusCode === 200 && String(res.headers['content-type'] ?? '').includes('json')) collectA(res.json());
  }
  const bIds = [...bSecrets].filter((s) => ID_RE.test(s) && (ID_RE.lastIndex = 0) === 0);

  it('found routes and B objects to probe with', () => {
    expect(all.length).toBeGreaterThan(routes.length);
    expect(routes.length).toBeGreaterThan(15);
    expect(bIds.length).toBeGreaterThan(5);
  });

  // Runs before the parameter probe: that probe's own refused attempts are (rightly) in A's audit trail with the ids A sent.
  it('no list or read route shows tenant A users anything of tenant B', async () => {
    const failures: string[] = [];
    for (const rt of routes.filter((x) => x.method === 'GET' && !x.path.includes('{') && !x.op.tags?.some((t) => skipTags.has(t)))) {
      for (const [role, s] of Object.entries(asA)) {
        const res = await r.app.inject({ method: 'GET', url: rt.path, headers: s.headers });
        const leaked = [...bSecrets].filter((x) => res.body.includes(x));
        if (leaked.length || res.statusCode >= 500) failures.push(`${role} GET ${rt.path} → ${res.statusCode} ${leaked.join(',')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('no route with a path parameter gives tenant A users anything of tenant B', async () => {
    const failures: string[] = [];
    let probes = 0;
    const unprobed: string[] = [];
    for (const rt of routes.filter((x) => x.path.includes('{') && !x.op.tags?.some((t) => skipTags.has(t)))) {
      const bodySchema = rt.op.requestBody?.content['application/json']?.schema;
      const params = (rt.op.parameters ?? []).filter((p) => p.in === 'path');
      // Candidate values per path parameter: B's ids for id-like params, plus whatever B's responses carry under that name.
      // Ids whose prefix looks like the path segment before the parameter come first (cases/{id} → case_…).
      const candidates = (name: string, schema: Schema) => {
        const pool = new Set<string>([...(bValuesByKey.get(name) ?? []), ...(/id$/i.test(name) ? bIds : []), ...(name === 'slug' ? [B.slug] : [])]);
        const re = schema.pattern ? new RegExp(schema.pattern) : null;
        const segment = (rt.path.split(`{${name}}`)[0].split('/').filter(Boolean).pop() ?? '').slice(0, 2);
        const likely = (v: string) => (v.slice(0, 2) === segment ? 0 : 1);
        return [...pool].filter((v) => (!re || re.test(v)) && !aValues.has(v)).sort((a, b) => likely(a) - likely(b)).slice(0, 12);
      };
      const combos: Record<string, string>[] = [{}];
      for (const p of params) {
        const vals = candidates(p.name, p.schema ?? {});
        const next: Record<string, string>[] = [];
        for (const c of combos) for (const v of vals) next.push({ ...c, [p.name]: v });
        combos.splice(0, combos.length, ...next.slice(0, 12));
      }
      if (!combos.length || !params.length) {
        unprobed.push(`${rt.method} ${rt.path}`);
        continue;
      }
      for (const [role, s] of Object.entries(asA)) {
        // Every combination as the admin and the collector; the first few as the other roles.
        for (const combo of ['tenant_admin', 'collector'].includes(role) ? combos : combos.slice(0, 3)) {
          const url = rt.path.replace(/\{([^}]+)\}/g, (_m, n: string) => encodeURIComponent(combo[n]));
          const body = bodySchema ? sample(bodySchema) : undefined;
          const res = await r.app.inject({ method: rt.method as 'GET', url, headers: s.headers, ...(body !== undefined ? { payload: body as object } : {}) });
          probes++;
          // What the caller itself sent may be echoed (problem `instance`); anything else of B is a leak.
          const sent = Object.values(combo);
          let scrubbed = res.body;
          for (const v of sent) scrubbed = scrubbed.replaceAll(v, '');
          const leaked = [...bSecrets].filter((x) => !sent.includes(x) && scrubbed.includes(x));
          // 403/404 refuse; 429 is the route's rate limit (nothing ran); a 400 from request validation means the
          // handler never ran (the value is not even of the parameter's shape). Anything else must be explained.
          const problem = res.statusCode === 400 ? (res.json() as { code?: string }) : {};
          const refused = [403, 404, 429].includes(res.statusCode) || problem.code === 'VALIDATION_FAILED';
          if (!refused || leaked.length) failures.push(`${role} ${rt.method} ${url} → ${res.statusCode} ${leaked.length ? 'LEAKS ' + leaked.join(',') : res.body.slice(0, 160)}`);
        }
      }
    }
    if (unprobed.length) console.info(`routes without any B object to probe with (B has none of that kind yet): ${unprobed.join('; ')}`);
    expect(probes).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
