// HTTP behaviour of the risk routes on a real app (tenants' sign-in + risk plugin) and the worker's test database.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { getTestDb } from '../../platform/db/testing.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import { loadConfig } from '../../platform/config.js';
import { createHttpApp, type App } from '../../platform/http/server.js';
import { createMessenger } from '../../platform/messaging/index.js';
import { createAuthenticator, ensurePlatformTenant, seedDemoTenants, tenantRoutes, DEMO_PASSWORD } from '../tenants/index.js';
import { riskRoutes } from './routes.js';
import { registerModelVersion, scoreCase, setDeployment } from './registry.js';
import { hashData, modelVersion, trainModel, type ModelBundle } from './model.js';
import { makeClassificationData } from './testing.js';
import { placeCase } from '../cases/index.js';
import { createEntrustedCreditor, debtTerms } from '../cases/testing.js';
import { personInput, testDebtorKeys } from '../debtors/testing.js';

async function buildApp() {
  const db = await getTestDb();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', WORKERS: 'false', PORT: '0', DATABASE_URL: '' });
  const platform = await withPlatform(db, ensurePlatformTenant);
  const { demoTenantId } = await seedDemoTenants(db);
  const app = await createHttpApp({ db, config, logger: pino({ level: 'silent' }), authenticate: createAuthenticator(db), platformTenantId: () => platform.id, isReady: () => true });
  const messenger = createMessenger({ mailFrom: 'test@recourse.test' });
  await app.register(async (scope) => tenantRoutes(scope as unknown as App, { db, config, messenger, dashboardCards: () => [] }));
  await app.register(async (scope) => riskRoutes(scope as unknown as App));
  await app.ready();
  return { app, db, demoTenantId };
}

async function signIn(app: App, email: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email, password: DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in ${res.statusCode} ${res.body}`);
  const raw = res.cookies.find((c) => c.name === 'rc_session')!;
  return { cookie: `rc_session=${raw.value}`, 'x-csrf-token': res.json().csrfToken as string };
}

const planBody = {
  caseId: 'case_http_1', pd: 0.75, balance: '20000.00', dpd: 400,
  contactability: { reachRate: 0.2, consecutiveFailed: 0, invalidNumber: false, channels: ['voice', 'sms'], preferredHour: 19 },
  creditor: { maxDiscountBps: 3000, allowLegalAction: true, minLegalBalance: '5000.00' },
  limitationDaysLeft: 500, vulnerable: false,
};

describe('risk HTTP', async () => {
  const { app, db, demoTenantId } = await buildApp();
  const admin = await signIn(app, 'admin@demo.recourse.test');
  const collector = await signIn(app, 'collector@demo.recourse.test');
  const data = makeClassificationData(400, 51, 3);
  const model = trainModel('gbdt', data.x, data.y, { nEstimators: 10 });
  const sha = hashData(`http-${Date.now()}-${Math.random()}`);
  const bundle: ModelBundle = {
    format: 'recourse-risk-model/1', version: modelVersion('gbdt', new Date(), sha), kind: 'gbdt', target: 'y', featureNames: model.featureNames, excludedProtected: [],
    trainedAt: new Date().toISOString(), trainedBy: 'analyst', dataSha256: sha, trainingRows: 400, defaultRate: 0.3, trainMs: 1, model,
  };
  await withTenant(db, demoTenantId, (tx) => registerModelVersion(tx, bundle, 'usr_seed'));

  it('lists model versions and serves the model card to staff', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/risk/models', headers: collector });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((m: { version: string }) => m.version)).toContain(bundle.version);
    const card = await app.inject({ method: 'GET', url: `/api/v1/risk/models/${bundle.version}/card`, headers: collector });
    expect(card.json().markdown).toContain('PIPL art 24');
  });

  it('only governance roles change the deployment', async () => {
    const body = { championVersion: bundle.version, reason: 'first model' };
    const denied = await app.inject({ method: 'PUT', url: '/api/v1/risk/deployment', headers: collector, payload: body });
    expect(denied.statusCode).toBe(403);
    const ok = await app.inject({ method: 'PUT', url: '/api/v1/risk/deployment', headers: admin, payload: body });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ championVersion: bundle.version, challengerVersion: null, challengerShareBps: 0 });
  });

  it('COL-85: proposes a plan with money as decimal strings and a review path; bad input is problem+json', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/risk/plans', headers: collector, payload: planBody });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan).toMatchObject({ status: 'proposed', requiresHumanReview: true, segment: 'very_high' });
    expect(plan.settlement.min).toMatch(/^\d+\.\d{2}$/);
    expect(Number(plan.settlement.min)).toBeGreaterThanOrEqual(14000); // 30 % floor on 20,000
    expect(plan.review.requestPath).toBe('/api/v1/risk/plans/case_http_1/review-requests');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/risk/plans', headers: collector, payload: { ...planBody, pd: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('PIPL art 24: review request → open list → resolution; scores of the case carry reasons', async () => {
    // A real case of the demo tenant: reviews and score trails exist only for cases the tenant holds.
    const caseId = await withTenant(db, demoTenantId, async (tx) => {
      const { creditor } = await createEntrustedCreditor(tx, { code: `RISK${Date.now().toString(36).toUpperCase()}` });
      const n = Math.floor(Math.random() * 1e6);
      const placed = await placeCase(tx, testDebtorKeys(), { creditorId: creditor.id, debtor: personInput(n), debt: debtTerms(n) });
      await setDeployment(tx, { championVersion: bundle.version, reason: 'test' }, 'usr_seed');
      await scoreCase(tx, placed.caseId, Object.fromEntries(data.x.names.map((n, j) => [n, data.x.columns[j][0]])));
      return placed.caseId;
    });
    const scores = await app.inject({ method: 'GET', url: `/api/v1/risk/cases/${caseId}/scores`, headers: collector });
    expect(scores.statusCode).toBe(200);
    const s = scores.json().items[0];
    expect(s.modelVersion).toBe(bundle.version);
    const req = await app.inject({ method: 'POST', url: `/api/v1/risk/plans/${caseId}/review-requests`, headers: collector, payload: { scoreId: s.scoreId, reason: '债务人要求解释并人工复核' } });
    expect(req.statusCode).toBe(201);
    const id = req.json().id;
    expect(req.json()).toMatchObject({ requesterKind: 'staff', status: 'open' });
    const forbidden = await app.inject({ method: 'GET', url: '/api/v1/risk/review-requests', headers: collector });
    expect(forbidden.statusCode).toBe(403);
    const open = await app.inject({ method: 'GET', url: '/api/v1/risk/review-requests', headers: admin });
    expect(open.json().items.map((r: { id: string }) => r.id)).toContain(id);
    const done = await app.inject({ method: 'POST', url: `/api/v1/risk/review-requests/${id}/resolve`, headers: admin, payload: { resolution: '已人工复核，改为分期方案' } });
    expect(done.statusCode).toBe(204);
    const again = await app.inject({ method: 'POST', url: `/api/v1/risk/review-requests/${id}/resolve`, headers: admin, payload: { resolution: 'x' } });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('RISK_REVIEW_NOT_FOUND');
  });

  it('a case the tenant does not hold is 404 for the trail and for review requests', async () => {
    const trail = await app.inject({ method: 'GET', url: '/api/v1/risk/cases/case_unknown/scores', headers: collector });
    expect(trail.statusCode).toBe(404);
    expect(trail.json().code).toBe('CASES_NOT_FOUND');
    const rr = await app.inject({ method: 'POST', url: '/api/v1/risk/plans/case_unknown/review-requests', headers: collector, payload: { reason: 'x' } });
    expect(rr.statusCode).toBe(404);
  });

  it('requires sign-in', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/risk/models' })).statusCode).toBe(401);
  });
});
