// Browser tests of the documents area (issue 6) against the real server on PGlite with the demo portfolio: a legal
// officer generates a demand letter from the case page (typing in the fields the case lacks) and downloads it; a
// repayment agreement is generated, the debtor signs it in the portal with a one-time code, staff see "signed 1 of 2",
// the legal officer signs for the creditor (e-mail code) → fully signed; a mediator signs a mediation agreement from
// the 文书签署 page (DOC-08/09).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { rows, sql, withPlatform } from '../../src/platform/db/index.js';
import { skipBrowser, startUi, type Ui } from './support.js';

let ui: Ui;
let page: Page;
let base: string;

const FIELDS: Record<string, string> = {
  debtorAddress: '浙江省金华市婺城区示例路1号', payAccountName: '示例债权人托管账户', payBank: '中国工商银行金华分行', payAccountNo: '1208000000000000001',
  'agreement.instalments': '6', 'agreement.firstDueDate': '2027-01-15', 'agreement.waiverFen': '0',
  'mediation.body': '金华市婺城区人民调解委员会', mediator: '王调解', mediationBody: '金华市婺城区人民调解委员会',
};

async function lastCode(purpose: string): Promise<string> {
  const tenantId = await ui.demoTenantId();
  const body = await withPlatform(ui.server.db, async (tx) => (await rows<{ body: string }>(tx, sql`SELECT body FROM platform.messages WHERE tenant_id = ${tenantId} AND purpose = ${purpose} ORDER BY created_at DESC LIMIT 1`))[0]?.body ?? '');
  return /签署验证码 (\d{6})/.exec(body)![1];
}

async function generate(kind: string) {
  await page.getByTestId(`doc-gen-${kind}`).click();
  await page.getByTestId('doc-fields-dialog').waitFor();
  await page.getByTestId('doc-missing').waitFor();
  for (const [name, value] of Object.entries(FIELDS)) {
    const input = page.getByTestId(`doc-field-${name}`);
    if (await input.count()) await input.fill(value);
  }
  await page.getByTestId('doc-generate').click();
  await page.getByTestId(`doc-row-${kind}`).first().waitFor({ timeout: 30_000 });
}

describe.skipIf(skipBrowser)('documents UI in Chromium', () => {
  beforeAll(async () => {
    ui = await startUi({ demoCases: 24 });
    page = ui.page;
    base = ui.base;
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('legal officer generates a demand letter from the case page and downloads it; debtor signs a repayment agreement; staff see signed', async () => {
    await ui.signIn(`${base}/t/demo/sign-in`, 'legal@demo.recourse.test');
    const list = await page.request.get(`${base}/api/v1/cases?limit=50`);
    const c = ((await list.json()).items as Array<{ id: string; ref: string; stage: string }>).find((x) => x.stage !== 'closed')!;
    await page.goto(`${base}/t/demo/admin/cases/${c.id}`);
    await page.getByRole('tab', { name: '文书' }).click();
    await page.getByTestId('documents-case-panel').waitFor();
    await ui.shot('documents-01-kinds');
    await generate('demand_letter');
    await ui.shot('documents-02-generated');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`doc-row-demand_letter`).first().getByTestId('doc-download').click()]);
    const file = await download.path();
    expect(fs.readFileSync(file!).subarray(0, 5).toString()).toBe('%PDF-');

    await generate('repayment_agreement');
    expect(await page.getByTestId('doc-row-repayment_agreement').first().getByTestId('doc-signed-k-of-n').innerText()).toBe('已签 0/2');

    await ui.ctx.clearCookies();
    await ui.signInDebtor(c.ref);
    await page.getByRole('tab', { name: '文件与签署' }).click();
    await page.getByTestId('portal-doc-repayment_agreement').waitFor();
    await page.getByTestId('portal-doc-sign-request').first().click();
    await page.getByTestId('portal-doc-code').waitFor();
    const tenantId = await ui.demoTenantId();
    const body = await withPlatform(ui.server.db, async (tx) => (await rows<{ body: string }>(tx, sql`SELECT body FROM platform.messages WHERE tenant_id = ${tenantId} AND purpose = 'document_sign_otp' ORDER BY created_at DESC LIMIT 1`))[0]?.body ?? '');
    const code = /签署验证码 (\d{6})/.exec(body)![1];
    await page.getByTestId('portal-doc-code').fill(code);
    await page.getByTestId('portal-doc-sign').click();
    await page.getByTestId('portal-doc-signed').waitFor();
    expect(await page.getByTestId('portal-doc-status').first().innerText()).toBe('已签署');
    await ui.shot('documents-03-portal-signed');

    await ui.ctx.clearCookies();
    await ui.signIn(`${base}/t/demo/sign-in`, 'legal@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/cases/${c.id}`);
    await page.getByRole('tab', { name: '文书' }).click();
    const row = page.getByTestId('doc-row-repayment_agreement').first();
    await expect.poll(() => row.getByTestId('doc-signed-k-of-n').innerText(), { timeout: 20_000 }).toBe('已签 1/2');
    await ui.shot('documents-04-staff-sees-1-of-2');
    // The legal officer signs for the creditor (entrustment in force): e-mail code from the dev outbox, then sign.
    await row.getByTestId('party-sign-request-creditor').click();
    await row.getByTestId('party-sign-code').waitFor();
    await row.getByTestId('party-sign-code').fill(await lastCode('party_sign_otp'));
    await row.getByTestId('party-sign').click();
    await page.getByTestId('doc-row-repayment_agreement').first().getByTestId('doc-fully-signed').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('doc-row-repayment_agreement').first().getByTestId('doc-fully-signed').innerText()).toContain('2/2');
    await ui.shot('documents-05-fully-signed');

    // A mediation agreement: the mediator signs it from the 文书签署 page.
    await generate('mediation_agreement');
    await ui.ctx.clearCookies();
    await ui.signIn(`${base}/t/demo/sign-in`, 'mediator@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/signing`);
    const mrow = page.getByTestId('signing-row-mediation_agreement').first();
    await mrow.waitFor({ timeout: 20_000 });
    expect(await mrow.getByTestId('doc-signed-k-of-n').innerText()).toBe('已签 0/3');
    await ui.shot('documents-06-mediator-signing-page');
    await mrow.getByTestId('party-sign-request-mediator').click();
    await mrow.getByTestId('party-sign-code').fill(await lastCode('party_sign_otp'));
    await mrow.getByTestId('party-sign').click();
    await expect.poll(async () => page.getByTestId('signing-row-mediation_agreement').count(), { timeout: 20_000 }).toBe(0);
    const docs = (await (await page.request.get(`${base}/api/v1/cases/${c.id}/documents`)).json()).items as Array<{ kind: string; signing: { signedCount: number; signatures: Array<{ party: string }> } | null }>;
    const med = docs.find((d) => d.kind === 'mediation_agreement')!;
    expect(med.signing!.signedCount).toBe(1);
    expect(med.signing!.signatures[0].party).toBe('mediator');
  }, 300_000);

  it('legal officer opens the templates page, sees a validation error by path, previews a PDF', async () => {
    await ui.ctx.clearCookies();
    await ui.signIn(`${base}/t/demo/sign-in`, 'legal@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/templates`);
    await page.getByTestId('templates-page').waitFor();
    await page.getByTestId('tpl-evidence_list').click();
    await expect.poll(async () => (await page.getByTestId('tpl-json').inputValue()).includes('"evidence_list"'), { timeout: 20_000 }).toBe(true);
    const json = JSON.parse(await page.getByTestId('tpl-json').inputValue());
    await page.getByTestId('tpl-json').fill(JSON.stringify({ ...json, blocks: [{ kind: 'para', text: '{{noSuchField}}' }] }, null, 2));
    await page.getByTestId('tpl-save').click();
    await expect.poll(async () => (await page.getByTestId('tpl-errors').count()) > 0 ? page.getByTestId('tpl-errors').innerText() : '', { timeout: 20_000 }).toContain('noSuchField');
    await page.getByTestId('tpl-json').fill(JSON.stringify(json, null, 2));
    await page.getByTestId('tpl-preview').click();
    await page.getByTestId('tpl-pdf').waitFor({ timeout: 30_000 });
    await ui.shot('documents-07-template-preview');
  }, 120_000);
});
