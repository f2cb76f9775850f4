// Risk workflow over HTTP on the whole app (demo tenant with a small demo portfolio): train a model on the synthetic
// demo data as a job with progress, deploy it, import a bank statement, assess a case (score + reason codes + plan
// inside the compliance caps and the creditor's discount floor), a person's decision (COL-85), batch features and
// PSI drift; bad input is a 4xx naming the field, unknown ids are 404.
import { describe, expect, it } from 'vitest';
import { signIn, testApp } from '../../../test/support/app.js';

const PW = 'Recourse-demo-2026';

const STATEMENT = [
  '交易日期,摘要,收入,支出,余额',
  '2026-09-10,代发工资,8000.00,,9000.00',
  '2026-09-12,京东金条 放款,3000.00,,12000.00',
  '2026-09-15,体彩 购彩,,500.00,11500.00',
  '2026-10-01,房租,,2000.00,9500.00',
  '2026-10-10,代发工资,8000.00,,17500.00',
  '2026-10-20,超市,,300.00,17200.00',
  '2026-11-10,代发工资,8000.00,,25200.00',
].join('\n');

describe('risk workflow HTTP (COL-85, COL-10/11, COL-20..22)', async () => {
  const r = await testApp();
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  const list = await r.app.inject({ method: 'GET', url: '/api/v1/cases?pageSize=5', headers: admin.headers });
  const caseId: string = list.json().items[0].id;
  let version = '';
  let planId = '';

  it('trains a GBDT on the synthetic demo data as a job with progress and stores charts', async () => {
    const bad = await r.app.inject({ method: 'POST', url: '/api/v1/risk/runs', headers: admin.headers, payload: { kind: 'train', model: 'gbdt', rows: 10 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('rows');
    const denied = await r.app.inject({ method: 'POST', url: '/api/v1/risk/runs', headers: collector.headers, payload: { kind: 'train', model: 'gbdt' } });
    expect(denied.statusCode).toBe(403);
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/risk/runs', headers: admin.headers, payload: { kind: 'train', model: 'gbdt', rows: 800, seed: 7 } });
    expect(res.statusCode).toBe(202);
    await r.queue.idle();
    const run = (await r.app.inject({ method: 'GET', url: `/api/v1/risk/runs/${res.json().id}`, headers: admin.headers })).json();
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.processed).toBe(3); // last stage: 3 CV folds
    version = run.result.version as string;
    expect(version).toMatch(/^gbdt-/);
    const models = (await r.app.inject({ method: 'GET', url: '/api/v1/risk/models', headers: collector.headers })).json().items;
    const m = models.find((x: { version: string }) => x.version === version);
    expect(m.metrics.folds).toBe(3);
    expect(m.featureNames.length).toBeGreaterThanOrEqual(200);
    const charts = (await r.app.inject({ method: 'GET', url: `/api/v1/risk/models/${version}/charts`, headers: collector.headers })).json();
    expect(charts.holdoutRows).toBe(160);
    expect(charts.holdout.auc).toBeGreaterThan(0.6);
    expect(charts.roc[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(charts.roc.at(-1)).toEqual({ fpr: 1, tpr: 1 });
    expect(charts.calibration.length).toBeGreaterThan(3);
    expect(charts.importance.length).toBe(20);
  });

  it('refuses an assessment while nothing is deployed, then assesses with the champion', async () => {
    const none = await r.app.inject({ method: 'POST', url: `/api/v1/risk/cases/${caseId}/assess`, headers: collector.headers });
    expect([404]).toContain(none.statusCode);
    const dep = await r.app.inject({ method: 'PUT', url: '/api/v1/risk/deployment', headers: admin.headers, payload: { championVersion: version, reason: 'first demo model' } });
    expect(dep.statusCode).toBe(200);
    const creditorId = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: admin.headers })).json().creditor.id as string;
    const badPolicy = await r.app.inject({ method: 'PUT', url: `/api/v1/risk/creditors/${creditorId}/policy`, headers: admin.headers, payload: { maxDiscountBps: 20000, allowLegalAction: true, minLegalBalance: '5000.00' } });
    expect(badPolicy.statusCode).toBe(400);
    expect(badPolicy.body).toContain('maxDiscountBps');
    const pol = await r.app.inject({ method: 'PUT', url: `/api/v1/risk/creditors/${creditorId}/policy`, headers: admin.headers, payload: { maxDiscountBps: 1500, allowLegalAction: false, minLegalBalance: '5000.00' } });
    expect(pol.statusCode).toBe(200);

    const badCsv = await r.app.inject({ method: 'POST', url: `/api/v1/risk/cases/${caseId}/bank-statements`, headers: collector.headers, payload: { csv: 'foo,bar\n1,2' } });
    expect(badCsv.statusCode).toBe(422);
    expect(badCsv.body).toContain('date');
    const st = await r.app.inject({ method: 'POST', url: `/api/v1/risk/cases/${caseId}/bank-statements`, headers: collector.headers, payload: { csv: STATEMENT } });
    expect(st.statusCode).toBe(201);
    expect(st.json().categories).toMatchObject({ salary: 3, loan_app: 1, gambling: 1, rent: 1 });

    const res = await r.app.inject({ method: 'POST', url: `/api/v1/risk/cases/${caseId}/assess`, headers: collector.headers });
    expect(res.statusCode, res.body).toBe(201);
    const { score, plan } = res.json();
    expect(score.modelVersion).toBe(version);
    expect(score.arm).toBe('champion');
    expect(score.reasons.length).toBeGreaterThan(0);
    expect(plan.status).toBe('proposed');
    expect(plan.plan.requiresHumanReview).toBe(true);
    // the creditor's discount floor bounds the offer; the CN rule set's hours and caps bound every step
    expect(plan.plan.settlement.maxDiscountBps).toBeLessThanOrEqual(1500);
    expect(plan.inputs.maxDiscountBps).toBe(1500);
    expect(plan.plan.caps).toMatchObject({ voiceConversationsPerDay: 3, dialAttemptsPerDay: 6, messagesPerDay: 2, messagesPer7Days: 10 });
    expect(plan.plan.caps.allowedFromHour).toBeGreaterThanOrEqual(8);
    expect(plan.plan.caps.allowedToHour).toBeLessThanOrEqual(22);
    for (const s of plan.plan.steps) {
      expect(s.fromHour).toBeGreaterThanOrEqual(plan.plan.caps.allowedFromHour);
      expect(s.toHour).toBeLessThanOrEqual(plan.plan.caps.allowedToHour);
    }
    expect(plan.plan.recommendations.some((x: { kind: string }) => x.kind === 'legal_action')).toBe(false); // creditor does not allow it
    expect(plan.plan.review.note).toContain('PIPL art 24');
    planId = plan.planId;
    const view = (await r.app.inject({ method: 'GET', url: `/api/v1/risk/cases/${caseId}`, headers: collector.headers })).json();
    expect(view.plan.planId).toBe(planId);
    expect(view.deployment.championVersion).toBe(version);
  });

  it('records a person’s decision once; a rejection needs a note (COL-85)', async () => {
    const noNote = await r.app.inject({ method: 'POST', url: `/api/v1/risk/plans/${planId}/decision`, headers: collector.headers, payload: { decision: 'rejected' } });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().field ?? noNote.body).toContain('note');
    const badEnum = await r.app.inject({ method: 'POST', url: `/api/v1/risk/plans/${planId}/decision`, headers: collector.headers, payload: { decision: 'maybe' } });
    expect(badEnum.statusCode).toBe(400);
    expect(badEnum.body).toContain('decision');
    const ok = await r.app.inject({ method: 'POST', url: `/api/v1/risk/plans/${planId}/decision`, headers: collector.headers, payload: { decision: 'accepted', note: 'fits the file' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'accepted', decisionNote: 'fits the file', decidedBy: collector.body.user.id });
    const again = await r.app.inject({ method: 'POST', url: `/api/v1/risk/plans/${planId}/decision`, headers: collector.headers, payload: { decision: 'rejected', note: 'changed my mind' } });
    expect(again.statusCode).toBe(409);
  });

  it('computes features for every open case in batch and reports PSI drift per feature', async () => {
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/risk/runs', headers: admin.headers, payload: { kind: 'features' } });
    expect(res.statusCode).toBe(202);
    await r.queue.idle();
    const run = (await r.app.inject({ method: 'GET', url: `/api/v1/risk/runs/${res.json().id}`, headers: admin.headers })).json();
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.total).toBeGreaterThan(0);
    expect(run.processed).toBe(run.total);
    expect(run.result.cases).toBe(run.total);
    const drift = (await r.app.inject({ method: 'GET', url: `/api/v1/risk/models/${version}/drift`, headers: collector.headers })).json();
    expect(drift.currentRows).toBeGreaterThanOrEqual(run.total);
    expect(drift.features.length).toBe(15);
    expect(drift.worst).not.toBeNull();
    for (const f of drift.features) {
      const exp = f.bins.reduce((a: number, b: { expectedShare: number }) => a + b.expectedShare, 0);
      expect(exp).toBeCloseTo(1, 2);
    }
  });

  it('unknown ids are 404, never 500', async () => {
    for (const [method, url, payload] of [
      ['POST', '/api/v1/risk/plans/rpl_doesnotexist/decision', { decision: 'accepted' }],
      ['GET', '/api/v1/risk/runs/rrun_doesnotexist', undefined],
      ['POST', '/api/v1/risk/cases/case_doesnotexist/assess', undefined],
      ['GET', '/api/v1/risk/cases/case_doesnotexist', undefined],
      ['GET', '/api/v1/risk/models/gbdt-20260101000000-deadbeef/charts', undefined],
      ['GET', '/api/v1/risk/creditors/cred_doesnotexist/policy', undefined],
    ] as const) {
      const res = await r.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
    }
  });
});
