// Browser test of the privacy area (PI-06, PI-07, PI-09): a debtor sees and downloads their data in the portal and
// asks for a correction; the compliance officer approves it on /admin/privacy; the processing records, PIAs and
// retention status render.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, startUi, type Ui } from './support.js';
import { withTenant, rows, sql } from '../../src/platform/db/index.js';
import { loadSecrets } from '../../src/platform/secrets.js';
import { debtorKeysFromSecrets, revealContactPoints, revealIdNumber } from '../../src/modules/debtors/index.js';

let ui: Ui;
let page: Page;
let base: string;
let caseRef = '';
const NEW_PHONE = '13912345678';

describe.skipIf(skipBrowser)('privacy UI in Chromium', () => {
  beforeAll(async () => {
    ui = await startUi({ demoCases: 40 });
    page = ui.page;
    base = ui.base;
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('PI-09: the debtor sees their data masked, with source and legal basis, and downloads it as JSON and CSV', async () => {
    caseRef = await ui.signInDebtor();
    await page.getByRole('tab', { name: '我的个人信息' }).click();
    await page.getByTestId('privacy-portal').waitFor();
    const tenantId = await ui.demoTenantId();
    const keys = debtorKeysFromSecrets(loadSecrets(ui.server.config));
    const fullId = await withTenant(ui.server.db, tenantId, async (tx) => {
      const [c] = await rows<{ debtor_id: string }>(tx, sql`SELECT debtor_id FROM cases.cases WHERE ref = ${caseRef}`);
      return revealIdNumber(tx, keys, c.debtor_id);
    });
    const masked = await page.getByTestId('my-id-masked').innerText();
    expect(masked).toMatch(/\*{4,}/);
    expect(masked).not.toBe(fullId);
    expect(await page.getByTestId('privacy-portal').innerText()).not.toContain(fullId);
    expect((await page.getByTestId('my-source').innerText()).length).toBeGreaterThan(1);
    expect(await page.getByTestId('my-purpose').innerText()).toContain('contract');
    await ui.shot('privacy-01-portal-my-data');

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    expect(json.suggestedFilename()).toBe(`my-data-${caseRef}.json`);
    const data = JSON.parse(fs.readFileSync((await json.path())!, 'utf8'));
    expect(data.case.ref).toBe(caseRef);
    expect(JSON.stringify(data)).not.toContain(fullId);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(csv.suggestedFilename()).toBe(`my-data-${caseRef}.csv`);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain(caseRef);
    expect(text).not.toContain(fullId);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`my-data-${caseRef}.pdf`);
    const pdfPath = (await pdf.path())!;
    expect(fs.readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    if (fs.existsSync('/usr/bin/pdftotext')) {
      const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(pdfText).toContain('个人信息副本');
      expect(pdfText).toContain(caseRef);
      expect(pdfText).not.toContain(fullId);
    }
  });

  it('PI-09: the debtor asks to correct their phone number; the request shows masked and open', async () => {
    await page.getByTestId('correction-value').fill(NEW_PHONE);
    await page.getByTestId('correction-submit').click();
    await page.getByTestId('correction-status-open').waitFor();
    const table = await page.getByTestId('my-corrections').innerText();
    expect(table).toContain('139****5678');
    expect(table).not.toContain(NEW_PHONE);
    await ui.shot('privacy-02-portal-correction');
  });

  it('PI-06 / PI-09: the compliance officer sees the records and approves the correction; the debtor record changes', async () => {
    await page.getByTestId('portal-sign-out').click();
    await page.getByTestId('case-ref').waitFor();
    await ui.signIn(`${base}/t/demo/sign-in`, 'compliance@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/privacy`);
    await page.getByTestId('privacy-page').waitFor();
    await page.getByTestId('activity-debt_collection').waitFor();
    expect(await page.getByTestId('records-table').innerText()).toContain('2026-01-15');
    expect(await page.getByTestId('nav').innerText()).toContain('个人信息保护');
    await ui.shot('privacy-03-records');

    await page.getByTestId('tab-corrections').click();
    const approve = page.locator('[data-testid^="approve-corr_"]').first();
    await approve.waitFor();
    expect(await page.getByTestId('corrections-table').innerText()).toContain('139****5678');
    await ui.shot('privacy-04-correction-queue');
    await approve.click();
    await page.getByTestId('decision-note').fill('已电话核实本人');
    await page.getByTestId('decision-ok').click();
    await expect.poll(async () => page.locator('[data-testid^="approve-corr_"]').count()).toBe(0);

    const tenantId = await ui.demoTenantId();
    const keys = debtorKeysFromSecrets(loadSecrets(ui.server.config));
    const phones = await withTenant(ui.server.db, tenantId, async (tx) => {
      const [c] = await rows<{ debtor_id: string }>(tx, sql`SELECT debtor_id FROM cases.cases WHERE ref = ${caseRef}`);
      return (await revealContactPoints(tx, keys, c.debtor_id, 'phone')).map((p) => p.value);
    });
    expect(phones).toContain(NEW_PHONE);
  });

  it('PI-07: retention status renders with counts and a chart', async () => {
    await page.getByTestId('tab-retention').click();
    await page.locator('[data-testid="retention-chart"] canvas').first().waitFor();
    const open = await page.getByTestId('retention-open').innerText();
    expect(Number(open.replace(/\D/g, ''))).toBeGreaterThan(0);
    await ui.shot('privacy-05-retention');
  });

  it('PI-07: with a 0-day period the demo’s closed cases fall due; the preview lists per module what would go, then the purge runs', async () => {
    const days = page.locator('input[data-testid="retention-days"], [data-testid="retention-days"] input').first();
    await days.fill('0');
    await page.getByRole('button', { name: '更新期限' }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="retention-due"]')?.textContent?.replace(/\D/g, '') ?? '0') > 0);
    const due = Number((await page.getByTestId('retention-due').innerText()).replace(/\D/g, ''));
    await page.getByTestId('retention-preview').click();
    const card = page.getByTestId('retention-preview-card');
    await card.waitFor();
    expect(await card.innerText()).toContain('未作任何更改');
    await card.locator('[data-testid^="preview-cases-"], [data-testid^="preview-debtors-"]').first().waitFor();
    await ui.shot('privacy-06-retention-preview');
    // the dry run changed nothing
    expect(Number((await page.getByTestId('retention-due').innerText()).replace(/\D/g, ''))).toBe(due);
    await page.getByTestId('retention-run').click();
    await page.getByRole('button', { name: /OK|确\s*定/ }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="retention-due"]')?.textContent?.replace(/\D/g, '') ?? '1') === 0);
    const purged = Number((await page.getByTestId('retention-purged').innerText()).replace(/\D/g, ''));
    expect(purged).toBeGreaterThanOrEqual(due);
    await ui.shot('privacy-07-retention-purged');
  });
});
