// Case routes on the real HTTP stack (platform createHttpApp + this plugin), with a header-driven authenticator
// standing in for sign-in (covered by the tenants module).
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyRequest } from 'fastify';
import { createHttpApp } from '../../platform/http/server.js';
import { loadConfig } from '../../platform/config.js';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { newId } from '../../platform/ids.js';
import type { Principal } from '../../platform/http/access.js';
import { testDebtorKeys, syntheticResidentId } from './testing.js';
import { caseRoutes } from './index.js';

const db = await getTestDb();
const keys = testDebtorKeys();
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0', DATABASE_URL: '' });
const tenant = await createTestTenant(db);
const userId = newId('usr');
const authenticate = async (req: FastifyRequest): Promise<Principal | null> => {
  const role = req.headers['x-test-role'];
  if (typeof role !== 'string') return null;
  return { kind: 'user', id: userId, userId, role: role as Principal['role'], displayName: 'T',
    tenant: { id: tenant.id, slug: tenant.slug, status: 'active', kind: 'agency', scopes: ['collection_outsourcing'], lawFirm: 'none', hashAlgorithm: 'sha256' } };
};
const app = await createHttpApp({ db, config, logger: pino({ level: 'silent' }), authenticate, platformTenantId: () => undefined, isReady: () => true });
await app.register(async (scope) => caseRoutes(scope as typeof app, { db, keys }));
await app.ready();
afterAll(() => app.close());

const as = (role: string) => ({ 'x-test-role': role });

describe('case routes', () => {
  it('creditor + entrustment + placement + case file + transitions + holds, with problem+json errors', async () => {
    const cred = await app.inject({ method: 'POST', url: '/api/v1/creditors', headers: as('tenant_admin'), payload: { code: 'R1', name: '路由测试债权人' } });
    expect(cred.statusCode).toBe(201);
    const creditorId = cred.json().id;
    const ent = await app.inject({ method: 'POST', url: `/api/v1/creditors/${creditorId}/entrustments`, headers: as('tenant_admin'), payload: {
      scopes: ['collection_outsourcing'], startsOn: '2020-01-01', endsOn: '2099-01-01', feeTermsRef: 'F', contractRef: 'C', lawfulDebtAttestation: { attestedBy: '法务' },
      dpa: { ref: 'D', signedOn: '2020-01-01', purpose: '催收', piCategories: ['姓名'], protectiveMeasures: '加密', endOfTerm: 'delete' } } });
    expect(ent.statusCode).toBe(201);
    const body = {
      creditorId, debtor: { kind: 'person', name: '路由张三', idNumber: syntheticResidentId(500), phones: ['13800005000'] },
      debt: { originalCreditor: '原债权人', contractNumber: 'R-1', principal: '10000.00', contractRateBps: 1000, originationDate: '2024-06-01', dueDate: '2025-06-01' } };
    const placed = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: as('tenant_admin'), payload: body });
    expect(placed.statusCode).toBe(201);
    const { caseId } = placed.json();
    expect((await app.inject({ method: 'POST', url: '/api/v1/cases', headers: as('collector'), payload: { ...body, debt: { ...body.debt, contractNumber: 'R-2' } } })).statusCode).toBe(403);
    const again = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: as('tenant_admin'), payload: body });
    expect([again.statusCode, again.json().code, again.json().rule]).toEqual([409, 'CASES_ALREADY_PLACED', 'COL-73']);

    const file = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: as('collector') });
    expect(file.statusCode).toBe(200);
    const f = file.json();
    expect(f).toMatchObject({ stage: 'intake', debt: { principal: '10000.00' }, debtor: { name: '路由张三' } });
    expect(JSON.stringify(f)).not.toContain(syntheticResidentId(500)); // only the masked ID leaves the server
    expect(JSON.stringify(f)).not.toContain('13800005000');

    const bad = await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/transitions`, headers: as('collector'), payload: { to: 'legal', reason: 'x' } });
    expect(bad.statusCode).toBe(409);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.json().code).toBe('CASES_TRANSITION_INVALID');
    for (const to of ['verification', 'active']) {
      expect((await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/transitions`, headers: as('collector'), payload: { to } })).json().stage).toBe(to);
    }
    const hold = await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/holds`, headers: as('compliance_officer'), payload: { kind: 'complaint', reason: '投诉处理中' } });
    expect(hold.statusCode).toBe(201);
    const list = await app.inject({ method: 'GET', url: '/api/v1/cases?onHold=true&q=lyzs', headers: as('collector') });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([caseId]);
    const promise = await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/promises`, headers: as('collector'), payload: { dueDate: '2099-01-01', amount: '100.00' } });
    expect(promise.json().code).toBe('CASES_ON_HOLD');
    const rel = await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/holds/${hold.json().holdId}/release`, headers: as('compliance_officer'), payload: { reason: '已处理' } });
    expect(rel.statusCode).toBe(204);
    const tl = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/timeline`, headers: as('mediator') });
    expect(tl.json().items.map((e: { type: string }) => e.type)).toEqual(['placed', 'transitioned', 'transitioned', 'hold_placed', 'hold_released']);
    expect((await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}` })).statusCode).toBe(401);

    // COL-33 related parties through the case
    const g = await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/parties`, headers: as('collector'), payload: { name: '担保人', relationship: 'guarantor', phones: ['13700001111'] } });
    const e = await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/parties`, headers: as('collector'), payload: { name: '紧急联系人', relationship: 'emergency_contact' } });
    expect([g.statusCode, g.json().classification, e.json().classification]).toEqual([201, 'debt_related_third_party', 'unrelated_third_party']);
    expect((await app.inject({ method: 'POST', url: `/api/v1/parties/${e.json().id}/suppress`, headers: as('collector') })).statusCode).toBe(204);
    const parties = (await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/parties`, headers: as('collector') })).json().items;
    expect(parties.map((p: { mayAskToPay: boolean; suppressed: boolean; phoneMasked: string | null }) => [p.mayAskToPay, p.suppressed, p.phoneMasked])).toEqual([[true, false, '137****1111'], [false, true, null]]);

    const collector = newId('usr');
    const asg = await app.inject({ method: 'POST', url: '/api/v1/cases/assign', headers: as('tenant_admin'), payload: { caseIds: [caseId], strategy: 'workload', collectorIds: [collector] } });
    expect(asg.json().assigned).toEqual([{ caseId, collectorId: collector, why: 'fewest open cases' }]);
  });

  it('public consultation form stores a lead for an active tenant and 404s otherwise', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { tenant: tenant.slug, name: '求助', role: 'debtor', contact: '13912340000', message: '想了解调解', consent: true } });
    expect(ok.statusCode).toBe(202);
    const no = await app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { tenant: 'no-such-tenant', name: 'x', role: 'debtor', contact: '13912340000', message: 'm', consent: true } });
    expect(no.statusCode).toBe(404);
    const noConsent = await app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { tenant: tenant.slug, name: 'x', role: 'debtor', contact: '13912340000', message: 'm', consent: false } });
    expect(noConsent.statusCode).toBe(400);
  });
});
