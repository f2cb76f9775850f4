// Logs carry no secrets and no personal data: no passwords, cookies, CSRF or reset tokens, no query strings, and no
// ID numbers, phone numbers or e-mail addresses of debtors (PI-08, PI-22), even when they are searched for, sent in
// a portal sign-in or in a correction request.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/platform/config.js';
import { getTestDb } from '../src/platform/db/testing.js';
import { createRecourse } from '../src/app.js';
import { createLogger } from '../src/platform/logger.js';
import { detect } from '../src/platform/pii/index.js';
import { demoSecrets, signInDebtorHttp } from '../src/modules/privacy/testing.js';

describe('structured logs', { timeout: 300_000 }, async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
  const logger = createLogger('trace', {}, sink);
  const r = await createRecourse(loadConfig({ ...process.env, WORKERS: 'false', DATABASE_URL: '', DEMO_CASES: '24' }), logger, { db: await getTestDb() });
  const password = 'Recourse-demo-2026';

  it('never contain passwords, session cookies, CSRF tokens or search terms', async () => {
    const login = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: 'admin@demo.recourse.test', password } });
    const cookie = login.cookies.find((c) => c.name === 'rc_session')!.value;
    const csrf = login.json().csrfToken as string;
    await r.app.inject({ method: 'GET', url: '/api/v1/audit?action=%E5%BC%A0%E4%B8%89138', headers: { cookie: `rc_session=${cookie}`, 'x-csrf-token': csrf } });
    await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: 'admin@demo.recourse.test', password: 'Wrong-but-secret-99' } });
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of [password, 'Wrong-but-secret-99', cookie, cookie.split('.')[1], csrf, '张三138', '%E5%BC%A0']) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('/api/v1/auth/login');
  });

  it('PI-22: never contain debtors’ ID numbers, phones or e-mails, whatever the requests carried', async () => {
    const secrets = await demoSecrets(r);
    const login = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: 'collector@demo.recourse.test', password } });
    const headers = { cookie: `rc_session=${login.cookies.find((c) => c.name === 'rc_session')!.value}`, 'x-csrf-token': login.json().csrfToken as string };
    const before = lines.length;
    // exact search by ID number and phone (blind indexes): the values travel in the query string
    for (const q of [secrets.ids[0], secrets.phones[0], secrets.ids[1]]) {
      const res = await r.app.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(q)}`, headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBeGreaterThan(0);
    }
    // a debtor signs in (ID last 6 in the body) and asks to correct a phone number
    const debtor = await signInDebtorHttp(r);
    const corr = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/portal/corrections', headers: debtor.headers, payload: { field: 'phone', value: '13987654321' } });
    expect(corr.statusCode).toBe(201);
    // a refused write with an ID number in the body (validation errors must not echo it into the log)
    await r.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: { creditorId: 'x', debtor: { idNumber: secrets.ids[2] } } });
    const written = lines.slice(before).join('');
    expect(lines.length).toBeGreaterThan(before);
    const leaked = [...secrets.ids, ...secrets.phones, ...secrets.emails, '13987654321'].filter((v) => written.includes(v));
    expect(leaked).toEqual([]);
    expect(detect(written, { types: ['id_card', 'mobile', 'bank_card'], minConfidence: 0.9 })).toEqual([]);
  });
});
