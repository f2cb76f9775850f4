// Browser tests of the risk area (issue 8) against the real server on PGlite with the demo tenant: an admin trains a
// model on the synthetic demo data from the UI (a background run with progress), sees it in the registry with its
// charts, makes it champion (with confirmation), computes features for all cases and sees the PSI drift chart; a
// collector opens the risk tab of a case, scores it, sees the plan with its reasons and accepts it (COL-85); a
// compliance officer resolves a human-review request (PIPL art 24).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, startUi, type Ui } from './support.js';

let ui: Ui;
let page: Page;
let base: string;
let version = '';
let caseId = '';

async function signInAs(email: string) {
  await ui.ctx.clearCookies();
  await ui.signIn(`${base}/t/demo/sign-in`, email);
}

describe.skipIf(skipBrowser)('risk UI in Chromium', () => {
  beforeAll(async () => {
    ui = await startUi({ demoCases: 24 });
    page = ui.page;
    base = ui.base;
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('admin trains a model on demo data with progress, sees it in the registry with charts and makes it champion', async () => {
    await signInAs('admin@demo.recourse.test');
    expect(await page.getByTestId('nav').innerText()).toContain('风险模型');
    await page.goto(`${base}/t/demo/admin/risk`);
    await page.getByTestId('risk-models').waitFor();
    await page.locator('input[data-testid="train-rows"], [data-testid="train-rows"] input').first().fill('800');
    await page.getByTestId('train-start').click();
    await page.getByTestId('run-stage').first().filter({ hasText: 'done' }).waitFor({ timeout: 180_000 });
    await page.getByTestId('model-version').first().waitFor({ timeout: 10_000 });
    version = (await page.getByTestId('model-version').first().innerText()).trim();
    expect(version).toMatch(/^gbdt-\d{14}-[0-9a-f]{8}$/);
    // charts drawn by ECharts from the server's JSON
    for (const id of ['chart-roc', 'chart-ks', 'chart-calibration', 'chart-importance']) await page.getByTestId(id).locator('canvas').first().waitFor();
    // model card
    await page.getByTestId('model-card-open').first().click();
    await expect.poll(() => page.getByTestId('model-card').innerText()).toContain(version);
    await page.keyboard.press('Escape');
    // champion assignment with confirmation
    await page.getByTestId('champion-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: version }).first().click();
    await page.getByTestId('deployment-reason').fill('first demo model');
    await page.getByTestId('deployment-save').click();
    await page.getByTestId('deployment-confirm').click();
    await page.getByTestId('model-table').getByText('冠军').waitFor();
    await ui.shot('risk-01-registry-and-charts');
  }, 240_000);

  it('collector opens the risk tab of a case, scores it, sees the plan and its reasons and accepts it', async () => {
    await signInAs('collector@demo.recourse.test');
    const list = await page.request.get(`${base}/api/v1/cases?pageSize=5`);
    expect(list.status()).toBe(200);
    caseId = ((await list.json()) as { items: { id: string }[] }).items[0].id;
    await page.goto(`${base}/t/demo/admin/cases/${caseId}`);
    await page.getByTestId('case-page').waitFor();
    await page.locator('[data-node-key="risk"]').click();
    await page.getByTestId('risk-panel').waitFor();
    await page.getByTestId('risk-assess').click();
    await page.getByTestId('risk-plan').waitFor();
    expect(await page.getByTestId('plan-status').innerText()).toContain('待人工确认');
    expect(await page.getByTestId('risk-model').innerText()).toBe(version);
    expect(await page.getByTestId('risk-arm').innerText()).toContain('冠军');
    expect(await page.getByTestId('risk-band').innerText()).toMatch(/低|中|高|很高/);
    expect(await page.locator('[data-testid="reason-up"], [data-testid="reason-down"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-caps').innerText()).toContain('COL-22');
    expect(await page.getByTestId('plan-settlement').innerText()).toMatch(/¥[\d.]+ – ¥[\d.]+/);
    expect(await page.getByTestId('plan-explanation').count()).toBeGreaterThan(2);
    await ui.shot('risk-02-case-plan');
    await page.getByTestId('plan-accept').click();
    await page.getByTestId('plan-note').fill('与债务人情况相符');
    await page.getByTestId('plan-decision-ok').click();
    await expect.poll(() => page.getByTestId('plan-status').innerText()).toContain('已接受');
    expect(await page.getByTestId('plan-decision').innerText()).toContain('与债务人情况相符');
    // recorded on the server too
    const risk = await (await page.request.get(`${base}/api/v1/risk/cases/${caseId}`)).json();
    expect(risk.plan.status).toBe('accepted');
    await ui.shot('risk-03-plan-accepted');
  }, 120_000);

  it('admin computes features for all cases and sees the PSI drift chart; a review request is resolved', async () => {
    await signInAs('admin@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/risk`);
    await page.getByTestId('features-start').click();
    await page.getByTestId('run-stage').first().filter({ hasText: 'done' }).waitFor({ timeout: 120_000 });
    await page.reload();
    await page.getByTestId('drift-chart').locator('canvas').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('drift-worst').innerText()).toMatch(/稳定|中度偏移|显著偏移/);
    await page.getByTestId('drift-card').scrollIntoViewIfNeeded();
    await ui.shot('risk-04-drift');

    const me = await page.request.get(`${base}/api/v1/auth/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const rr = await page.request.post(`${base}/api/v1/risk/plans/${caseId}/review-requests`, { headers: { 'x-csrf-token': csrfToken }, data: { reason: '债务人要求说明评分并人工复核' } });
    expect(rr.status(), await rr.text()).toBe(201);
    await page.goto(`${base}/t/demo/admin/risk/reviews`);
    await page.getByTestId('review-reason').filter({ hasText: '人工复核' }).first().waitFor();
    await page.getByTestId('review-resolve').first().click();
    await page.getByTestId('review-resolution').fill('已人工复核：评分依据为逾期天数与还款记录，方案维持。');
    await page.getByTestId('review-ok').click();
    await expect.poll(() => page.getByTestId('review-reason').count()).toBe(0);
    await ui.shot('risk-05-review-resolved');
  }, 180_000);
});
