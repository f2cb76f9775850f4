// Evidence area in real Chromium (BC-11, BC-12): the evidence page lists signed checkpoints, issues one on demand and
// runs the audit; the case panel shows each item's checkpoint / witness / anchor status and checks an inclusion proof
// in the browser; the case package downloads and verifyPackage passes on the downloaded bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { skipBrowser, startUi, type Ui } from './support.js';
import { withTenant } from '../../src/platform/db/index.js';
import { appendEvidenceBatch, verifyPackage } from '../../src/modules/evidence/index.js';

describe.skipIf(skipBrowser)('evidence UI', () => {
  let ui: Ui;
  let caseId: string;
  beforeAll(async () => {
    ui = await startUi({ demoCases: 12 });
    const tenantId = await ui.demoTenantId();
    await ui.signIn(`${ui.base}/t/demo/sign-in`, 'compliance@demo.recourse.test');
    const list = await ui.page.request.get(`${ui.base}/api/v1/cases?pageSize=5`);
    caseId = ((await list.json()) as { items: { id: string }[] }).items[0].id;
    // three events of this case in the log (as the case workflow would record them)
    await withTenant(ui.server.db, tenantId, (tx) => appendEvidenceBatch(tx, [0, 1, 2].map((i) => ({
      type: 'contact.attempted', case: caseId, actor: 'system', occurredAt: '2026-11-29T06:00:00.000Z', meta: { attempt: i },
    }))));
  }, 240_000);
  afterAll(async () => ui?.close());

  it('evidence page: issue a checkpoint now, see it listed, run the audit', async () => {
    const { page, base } = ui;
    await page.goto(`${base}/t/demo/admin/evidence`);
    await page.getByTestId('evidence-page').waitFor();
    await page.getByTestId('evidence-issue').click();
    const size = await page.request.get(`${base}/api/v1/evidence/logs/demo/checkpoint`).then((r) => r.text()).then((t) => t.split('\n')[1]);
    await page.getByTestId('evidence-checkpoints').getByRole('cell', { name: size, exact: true }).first().waitFor();
    expect(Number(await page.getByTestId('evidence-size').innerText())).toBe(Number(size));
    await page.getByTestId('evidence-audit').click();
    await page.getByTestId('evidence-audit-result').waitFor();
    expect(await page.getByTestId('evidence-audit-result').innerText()).toContain('审计通过');
    await ui.shot('evidence-01-page');
  }, 180_000);

  it('case panel: statuses, inclusion check in the browser, case package verifies offline', async () => {
    const { page, base } = ui;
    await page.goto(`${base}/t/demo/admin/cases/${caseId}`);
    await page.getByTestId('case-page').waitFor();
    await page.locator('[data-node-key="evidence"]').click();
    await page.getByTestId('evidence-case-panel').waitFor();
    const items = (await (await page.request.get(`${base}/api/v1/evidence/items?caseId=${caseId}`)).json()) as { items: { leafIndex: number }[] };
    expect(items.items.length).toBeGreaterThanOrEqual(3);
    const leaf = items.items[0].leafIndex;
    const row = page.getByTestId(`evidence-item-${leaf}`);
    await row.waitFor();
    expect(await row.getByTestId('evidence-included').innerText()).toMatch(/^是/);
    expect(await row.getByTestId('evidence-witnessed').innerText()).toBe('否');
    await page.getByTestId(`evidence-check-${leaf}`).click();
    await page.getByTestId(`evidence-proof-${leaf}`).waitFor();
    expect(await page.getByTestId(`evidence-proof-${leaf}`).innerText()).toBe('✓');
    await ui.shot('evidence-02-case-panel');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('evidence-case-package').click()]);
    const bytes = new Uint8Array(fs.readFileSync((await dl.path())!));
    const vkeys = ((await (await page.request.get(`${base}/api/v1/evidence/logs/demo/vkeys`)).json()) as { vkeys: { vkey: string }[] }).vkeys.map((k) => k.vkey);
    const v = verifyPackage(bytes, { vkeys, origin: 'localhost/demo/evidence' });
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.items.length).toBe(items.items.length);
  }, 180_000);
});
