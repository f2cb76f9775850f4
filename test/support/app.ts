// Builds the whole application on the worker's test database (PGlite or Postgres) for HTTP tests via inject.
import pino from 'pino';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { getTestDb } from '../../src/platform/db/testing.js';
import { createRecourse, type Recourse } from '../../src/app.js';

let shared: Promise<Recourse> | undefined;

export function testApp(overrides: Partial<Config> = {}): Promise<Recourse> {
  if (Object.keys(overrides).length === 0) {
    shared ??= build({});
    return shared;
  }
  return build(overrides);
}

async function build(overrides: Partial<Config>): Promise<Recourse> {
  const db = await getTestDb();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', WORKERS: 'false', PORT: '0', DATABASE_URL: '', DEMO_CASES: '24' }, overrides);
  return createRecourse(config, pino({ level: 'silent' }), { db });
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
  body: { user: { id: string; role: string; tenantId: string }; tenant: { id: string; slug: string } };
}

export async function signIn(r: Recourse, tenant: string, email: string, password: string): Promise<Session> {
  const res = await r.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant, email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed ${res.statusCode}: ${res.body}`);
  const raw = res.cookies.find((c) => c.name === 'rc_session')!;
  const body = res.json();
  const cookie = `rc_session=${raw.value}`;
  return { cookie, csrf: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken }, body };
}
