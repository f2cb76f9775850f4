// The compliance routes on the real HTTP stack (createHttpApp + this plugin), PGlite under RLS.
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyRequest } from 'fastify';
import { createHttpApp } from '../../platform/http/server.js';
import { loadConfig } from '../../platform/config.js';
import { createTestTenant, getTestDb } from '../../platform/db/testing.js';
import type { Principal } from '../../platform/http/access.js';
import { complianceRoutes } from './index.js';

const db = await getTestDb();
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0', DATABASE_URL: '' });
const tenant = await createTestTenant(db);
const authenticate = async (req: FastifyRequest): Promise<Principal | null> => {
  const role = req.headers['x-test-role'];
  if (typeof role !== 'string') return null;
  return { kind: 'user', id: 'usr_test', userId: 'usr_test', role: role as Principal['role'], displayName: 'T',
    tenant: { id: tenant.id, slug: tenant.slug, status: 'active', kind: 'agency', scopes: [], lawFirm: 'none', hashAlgorithm: 'sha256' } };
};
const app = await createHttpApp({ db, config, logger: pino({ level: 'silent' }), authenticate, platformTenantId: () => undefined, isReady: () => true });
await app.register(async (scope) => complianceRoutes(scope as typeof app, { db }));
await app.ready();
afterAll(() => app.close());

const H = (role: string) => ({ 'x-test-role': role, 'content-type': 'application/json' });

describe('compliance routes', () => {
  // POST /api/v1/contacts/check needs a real case (its facts come from the records): gate-paths.http.test.ts.
  it('validation, authentication and roles', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/contacts/check', headers: H('collector'), payload: { debtorId: 'x' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/v1/compliance/screen', payload: { text: 'x' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'PUT', url: '/api/v1/compliance/rules', headers: H('collector'), payload: { jurisdiction: 'CN', overrides: {} } })).statusCode).toBe(403);
  });
  it('PUT /api/v1/compliance/rules refuses looser overrides naming the field, saves stricter ones', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/compliance/rules', headers: H('compliance_officer'), payload: { jurisdiction: 'CN', overrides: { caps: { voice_conversations_per_day: 9 } } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'COMPLIANCE_OVERRIDE_LOOSER' });
    expect(JSON.stringify(bad.json())).toContain('caps.voice_conversations_per_day');
    const good = await app.inject({ method: 'PUT', url: '/api/v1/compliance/rules', headers: H('compliance_officer'), payload: { jurisdiction: 'CN', overrides: { minGapMinutes: 60 }, reason: 'policy' } });
    expect(good.json()).toEqual({ version: 1, ruleSetId: 'CN-2026.1' });
    const rules = (await app.inject({ method: 'GET', url: '/api/v1/compliance/rules', headers: H('collector') })).json();
    expect(rules.effective.minGap.minutes).toBe(60);
    expect(rules.history).toHaveLength(1);
  });
  it('POST /api/v1/compliance/screen', async () => {
    const r = (await app.inject({ method: 'POST', url: '/api/v1/compliance/screen', headers: H('collector'), payload: { text: '我是法 院的' } })).json();
    expect(r.clean).toBe(false);
    expect(r.hits[0].ruleId).toBe('COL-42');
  });
});
