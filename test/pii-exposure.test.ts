// Personal-data exposure probe (PI-20 §7.2, PI-22): EVERY GET route of the OpenAPI document, called as every role of
// the demo tenant and as a signed-in debtor, with ids of real demo objects in its path parameters, must not return
// unmasked personal data of the demo debtors: no full ID number, mobile number, e-mail address or bank card. The
// response text (JSON, CSV, HTML, Markdown; XLSX cells) is checked for the debtors' clear values and scanned with the
// detectors (ID numbers with a valid GB 11643 check digit, Luhn-valid card numbers). Only explicit unmask
// endpoints (POST with a stated reason) may return clear values; they are not GET routes. The route list is read
// from /api/openapi.json at run time, so routes added later are covered without editing this file.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testApp, signIn, type Session } from './support/app.js';
import { detect } from '../src/platform/pii/index.js';
import { demoSecrets, signInDebtorHttp } from '../src/modules/privacy/testing.js';

type Schema = { type?: string | string[]; enum?: unknown[]; pattern?: string; format?: string; minimum?: number; anyOf?: Schema[] };
type Op = { security?: unknown[]; parameters?: { in: string; name: string; required?: boolean; schema: Schema }[] };

const PW = 'Recourse-demo-2026';
/**
 * Known exposures, each with an expected-failure test below (it.fails): when the owner fixes one, its it.fails turns
 * red and the entry must be removed from here, so the list cannot silently outlive the leak.
 * - /api/v1/outbox (tenants): the development outbox lists each message's recipient (the debtor's phone) in clear.
 */
const KNOWN_EXPOSURES: string[] = [];
const ID_RE = /\b[a-z]{2,6}_[0-9a-z]{26}\b/g;

/** A value for a required query parameter that satisfies its schema. */
function sampleQuery(s: Schema | undefined): string | undefined {
  if (!s) return undefined;
  if (s.enum) return String(s.enum[0]);
  if (s.anyOf) return sampleQuery(s.anyOf.find((x) => x.type !== 'null'));
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t === 'integer' || t === 'number') return String(s.minimum ?? 1);
  if (t === 'boolean') return 'false';
  if (s.pattern) return ['2026-12-31', '2026-01-01T00:00:00.000Z', '100.00', '100', 'CNY', 'x'].find((v) => new RegExp(s.pattern!).test(v));
  if (s.format === 'date') return '2026-01-01';
  return 'x';
}

async function textOf(res: { headers: Record<string, unknown>; body: string; rawPayload: Buffer }): Promise<string | null> {
  const type = String(res.headers['content-type'] ?? '');
  if (/json|text|csv|html|markdown|xml/.test(type)) return res.body;
  if (type.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text ?? c.value ?? '')))));
    return cells.join('\n');
  }
  return null; // PDF/DOCX/ZIP: binary, compressed; covered by the documents module's own tests
}

describe('personal-data exposure probe (every GET route × every demo role)', { timeout: 900_000 }, async () => {
  const r = await testApp();
  const roles: Record<string, Session | { headers: Record<string, string> }> = {};
  for (const who of ['admin', 'collector', 'collector2', 'legal', 'compliance', 'mediator', 'creditor']) roles[who] = await signIn(r, 'demo', `${who}@demo.recourse.test`, PW);
  const debtor = await signInDebtorHttp(r);
  roles.debtor = debtor;
  const secrets = await demoSecrets(r);
  const clear = [...secrets.ids, ...secrets.phones, ...secrets.emails].filter((s) => s.length >= 6);

  const spec = (await r.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Op>> };
  const gets = Object.entries(spec.paths).flatMap(([path, ops]) => (ops.get ? [{ path, op: ops.get }] : []));
  const queryOf = (op: Op) => {
    const q = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(sampleQuery(p.schema) ?? 'x')}`);
    return q.length ? `?${q.join('&')}` : '';
  };

  // Ids and values of real demo objects, as the admin and the creditor see them in the list routes.
  const ids = new Set<string>();
  const byKey = new Map<string, Set<string>>();
  const collect = (v: unknown, key = '') => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (!byKey.has(key)) byKey.set(key, new Set());
      byKey.get(key)!.add(String(v));
    } else if (Array.isArray(v)) v.forEach((x) => collect(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, k);
  };
  for (const g of gets.filter((x) => !x.path.includes('{'))) {
    for (const s of [roles.admin, roles.creditor, roles.compliance]) {
      const res = await r.app.inject({ method: 'GET', url: g.path + queryOf(g.op), headers: s.headers });
      if (res.statusCode !== 200) continue;
      for (const m of res.body.match(ID_RE) ?? []) ids.add(m);
      if (String(res.headers['content-type'] ?? '').includes('json')) collect(res.json());
    }
  }
  const debtorCaseId = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data', headers: debtor.headers })).json().case?.id as string | undefined;

  /** Concrete URLs for a templated path: candidates by parameter name, then ids whose prefix fits the path segment. */
  async function concrete(path: string, op: Op): Promise<string | null> {
    const params = (op.parameters ?? []).filter((p) => p.in === 'path');
    let url = path;
    for (const p of params) {
      const seg = path.slice(0, path.indexOf(`{${p.name}}`)).split('/').filter(Boolean).pop() ?? '';
      const stem = seg.replace(/ies$/, 'y').replace(/s$/, '');
      const named = [...(byKey.get(p.name) ?? [])];
      const prefixed = [...ids].filter((id) => stem && (stem.startsWith(id.split('_')[0]) || id.split('_')[0].startsWith(stem.slice(0, 3))));
      const re = p.schema?.pattern ? new RegExp(p.schema.pattern) : null;
      const pool = [...new Set([...named, ...prefixed, ...(/case/i.test(p.name) && debtorCaseId ? [debtorCaseId] : []), ...ids])].filter((v) => !re || re.test(v)).slice(0, 30);
      let chosen: string | null = null;
      for (const v of pool) {
        const trial = url.replace(`{${p.name}}`, encodeURIComponent(v));
        if (trial.includes('{')) { chosen = v; break; } // more params to fill: take the first fitting value
        const res = await r.app.inject({ method: 'GET', url: trial + queryOf(op), headers: roles.admin.headers });
        if (res.statusCode === 200) { chosen = v; break; }
      }
      if (!chosen) return null;
      url = url.replace(`{${p.name}}`, encodeURIComponent(chosen));
    }
    return url + queryOf(op);
  }

  it('found the demo debtors’ clear values and the routes to probe', () => {
    expect(secrets.ids.length).toBeGreaterThan(5);
    expect(secrets.phones.length).toBeGreaterThan(5);
    expect(gets.length).toBeGreaterThan(20);
    expect(ids.size).toBeGreaterThan(10);
  });

  it('no GET response of any role carries a full ID number, mobile, e-mail or bank card of a demo debtor', async () => {
    const failures: string[] = [];
    const probed: string[] = [];
    const unreached: string[] = [];
    for (const g of gets.filter((x) => !KNOWN_EXPOSURES.includes(x.path))) {
      const url = g.path.includes('{') ? await concrete(g.path, g.op) : g.path + queryOf(g.op);
      if (!url) {
        unreached.push(g.path);
        continue;
      }
      let any200 = false;
      for (const [role, s] of Object.entries(roles)) {
        const res = await r.app.inject({ method: 'GET', url, headers: s.headers });
        if (res.statusCode >= 500) failures.push(`${role} GET ${url} → ${res.statusCode}`);
        if (res.statusCode !== 200) continue;
        any200 = true;
        const text = await textOf(res);
        if (text === null) continue;
        const leaked = clear.filter((v) => text.includes(v));
        const found = detect(text, { types: ['id_card', 'bank_card'], minConfidence: 0.9 }).map((f) => `${f.type}@${f.start}`);
        if (leaked.length || found.length) failures.push(`${role} GET ${url}: ${leaked.length} clear values, detector ${found.slice(0, 3).join(',')}`);
      }
      if (any200) probed.push(g.path);
    }
    // eslint-disable-next-line no-console
    console.log(`pii exposure: ${probed.length} GET routes answered 200 for some role; unreached (no demo object): ${unreached.join(', ') || 'none'}`);
    expect(failures).toEqual([]);
    expect(probed.length).toBeGreaterThan(20);
    expect(probed).toEqual(expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/privacy/portal/my-data']));
  });

  it('the dev outbox masks debtor recipients and personal data in bodies (PI-22)', async () => {
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/outbox', headers: roles.admin.headers });
    expect(res.statusCode).toBe(200);
    expect(clear.filter((v) => res.body.includes(v))).toEqual([]);
  });

  it('the probe can fail: a clear ID number in a body is caught by both checks', () => {
    const body = JSON.stringify({ debtor: { idNumber: secrets.ids[0] } });
    expect(clear.some((v) => body.includes(v))).toBe(true);
    expect(detect(body, { types: ['id_card'], minConfidence: 0.9 }).length).toBe(1);
  });
});
