// Route fuzzing from the OpenAPI document (seeded fast-check): every route, as every kind of caller, gets bad input
// (wrong types, missing and extra fields, huge strings, deep nesting, NUL and control characters, bad UTF-8, bad ids,
// bad content types, malformed multipart, oversized bodies). Asserted: never a 5xx; every error is problem+json; a
// refused request writes nothing (row counts of every module table unchanged); the server stays alive.
// Quick mode (CI): FUZZ_RUNS=15 per route by default (about 3,400 requests). Nightly: FUZZ_RUNS=200 FUZZ_SEED=<n> npx vitest run test/fuzz-routes.test.ts
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testApp, signIn } from './support/app.js';
import { signInDebtorHttp } from './support/portal.js';
import { DEMO_PASSWORD } from '../src/modules/tenants/demo.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
// Append-only by design on every attempt (audit of refused writes, failed sign-in counters, the lock-out notice).
const GROWS_ON_REFUSAL = new Set(['platform.audit_log', 'tenants.auth_failures', 'platform.messages', 'tenants.one_time_tokens']);

const nasty = fc.oneof(
  { arbitrary: fc.string({ maxLength: 20 }).map((x) => `${x}\u0000${x}`), weight: 3 }, fc.string({ maxLength: 40 }), fc.constantFrom('\u0000', 'a\u0000b', '\u0001\u001f\u007f', '../../etc/passwd', '%00', '\uFFFF', '\uD800', '💥'.repeat(50), '1e309', '-1', 'null', 'ten_' + '0'.repeat(26)),
  fc.string({ minLength: 5000, maxLength: 70_000 }).map((s) => s.slice(0, 70_000)), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
);
const deep = fc.integer({ min: 50, max: 2000 }).map((d) => { let v: unknown = 'x'; for (let i = 0; i < d; i++) v = { a: v }; return v; });
const body = fc.oneof(
  fc.object({ maxDepth: 3, values: [nasty] }), fc.array(nasty, { maxLength: 5 }), nasty, deep,
  fc.dictionary(fc.constantFrom('email', 'password', 'name', 'amount', 'caseId', 'kind', 'summary', 'id', 'status', 'role', 'reason', 'to'), nasty),
);
const contentType = fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', 'multipart/form-data; boundary=X', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=latin1', '');
const badId = fc.oneof({ arbitrary: fc.constant('%00'), weight: 3 }, fc.constantFrom('%00', '%E0%A4%A', 'x'.repeat(300), 'ten_00000000000000000000000000', '..%2F..', '%F0%9F%92%A5', '-1', '1.5'), fc.stringMatching(/^[a-z]{2,6}_[0-9a-z]{26}$/));
const query = fc.dictionary(fc.constantFrom('q', 'limit', 'page', 'pageSize', 'action', 'status', 'from', 'to', 'x', '\u0000'), nasty, { maxKeys: 3 });

function encodeBody(b: unknown, ct: string): string | Buffer {
  if (ct.startsWith('multipart')) return `--X\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${String(JSON.stringify(b)).slice(0, 200)}`;
  if (typeof b === 'string' && b.length % 3 === 0) return Buffer.concat([Buffer.from(b.slice(0, 50)), Buffer.from([0xc3, 0x28, 0xff, 0xfe])]); // bad UTF-8
  return JSON.stringify(b) ?? 'null';
}

describe('route fuzzing from the OpenAPI document', { timeout: 1_800_000 }, async () => {
  const r = await testApp();
  const callers: Record<string, Record<string, string>> = { anonymous: {} };
  for (const [role, email, site] of [['tenant_admin', 'admin@demo.recourse.test', 'demo'], ['collector', 'collector@demo.recourse.test', 'demo'], ['creditor', 'creditor@demo.recourse.test', 'demo'], ['platform_operator', 'operator@recourse.test', 'platform']]) {
    callers[role] = (await signIn(r, site, email, DEMO_PASSWORD)).headers;
  }
  callers.debtor = (await signInDebtorHttp(r)).headers;

  // Counted as the connection's owner (outside any tenant role), so every row of every tenant is seen.
  const tables = await r.db.query<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema IN ('platform', 'tenants', 'evidence', 'debtors', 'cases', 'compliance', 'ledger', 'documents', 'risk', 'privacy', 'law') ORDER BY 1`);
  const counted = tables.map((x) => x.t).filter((t) => !GROWS_ON_REFUSAL.has(t));
  const countSql = `SELECT ${counted.map((t) => `(SELECT count(*) FROM ${t})::text AS "${t}"`).join(', ')}`;
  const counts = async () => (await r.db.query<Record<string, string>>(countSql))[0];

  const spec = (await r.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
  const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ path, method: m.toUpperCase(), webhook: (op.tags ?? []).includes('webhooks') })))
    .filter((x) => x.path.startsWith('/api/v1/'));

  it(`${routes.length} routes × ${RUNS} generated bad requests each (seed ${SEED}): no 5xx, problem+json, no partial write, alive`, async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const [i, route] of routes.entries()) {
      const cases = fc.sample(fc.record({ caller: fc.constantFrom(...Object.keys(callers), 'tenant_admin', 'tenant_admin', 'collector'), id: badId, query, body, ct: contentType, csrf: fc.boolean() }), { numRuns: RUNS, seed: SEED + i });
      const before = await counts();
      let anyOk = false;
      for (const c of cases) {
        const url = route.path.replace(/\{[^}]+\}/g, c.id) + (Object.keys(c.query).length ? `?${new URLSearchParams(Object.entries(c.query).map(([k, v]) => [k, String(v)]))}` : '');
        // Signing out would end the shared sessions and turn every later probe into a 401.
        const headers = route.path === '/api/v1/auth/logout' ? {} : { ...callers[c.caller] };
        if (!c.csrf) delete headers['x-csrf-token'];
        const withBody = route.method !== 'GET' && route.method !== 'DELETE';
        const res = await r.app.inject({
          method: route.method as 'POST', url, remoteAddress: `10.77.${i % 250}.${sent % 250}`,
          headers: { ...headers, ...(withBody && c.ct ? { 'content-type': c.ct } : {}) },
          ...(withBody ? { payload: encodeBody(c.body, c.ct) } : {}),
        });
        sent++;
        const where = `${route.method} ${url.slice(0, 120)} as ${c.caller} [${c.ct}] → ${res.statusCode}`;
        if (res.statusCode >= 500) failures.push(`${where} ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400 && !(route.webhook && res.statusCode !== 404) && !/^application\/problem\+json/.test(String(res.headers['content-type']))) failures.push(`${where} not problem+json: ${res.headers['content-type']}`);
        if (res.statusCode < 400) anyOk = true;
      }
      // Only when every request of the batch was refused must nothing have changed.
      if (!anyOk) {
        const after = await counts();
        const changed = counted.filter((t) => before[t] !== after[t]);
        if (changed.length) failures.push(`${route.method} ${route.path}: refused requests changed ${changed.join(', ')}`);
      }
      const alive = await r.app.inject({ method: 'GET', url: '/healthz' });
      if (alive.statusCode !== 200) failures.push(`server not alive after ${route.method} ${route.path}`);
      // The probes must keep reaching the handlers as signed-in callers, or the run proves nothing.
      const me = await r.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: callers.collector });
      if (me.statusCode !== 200) throw new Error(`the collector's session was lost after ${route.method} ${route.path} (${me.statusCode})`);
    }
    expect(sent).toBeGreaterThanOrEqual(routes.length * RUNS);
    expect(failures).toEqual([]);
  });
});
