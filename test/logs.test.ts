// Logs carry no secrets and no personal data: no passwords, cookies, CSRF or reset tokens, no query strings.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/platform/config.js';
import { getTestDb } from '../src/platform/db/testing.js';
import { createRecourse } from '../src/app.js';
import { createLogger } from '../src/platform/logger.js';

describe('structured logs', { timeout: 300_000 }, () => {
  it('never contain passwords, session cookies, CSRF tokens or search terms', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
    const logger = createLogger('trace', {}, sink);
    const r = await createRecourse(loadConfig({ ...process.env, WORKERS: 'false', DATABASE_URL: '', DEMO_CASES: '24' }), logger, { db: await getTestDb() });
    const password = 'Recourse-demo-2026';
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
});
