// Browser test of the ledger area against the real server: the debtor pays through the portal and the sandbox
// gateway's checkout page (signed webhook back to us), the case panel shows the payment and its art 561 allocation,
// the admin approves a disbursement as the second person, a bank statement upload shows suspense, the admin enables
// bank transfer in the gateway settings and the debtor then gets the escrow account and the reference to quote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { skipBrowser, startUi, type Ui } from './support.js';
import { withTenant } from '../../src/platform/db/index.js';
import { loadSecrets } from '../../src/platform/secrets.js';
import { debtorKeysFromSecrets } from '../../src/modules/debtors/index.js';
import { searchCases } from '../../src/modules/cases/index.js';
import { listUsers } from '../../src/modules/tenants/index.js';
import { createDisbursement, putCreditorAgreement } from '../../src/modules/ledger/index.js';

let ui: Ui;
let page: Page;
let base: string;
let caseRef = '';
let caseId = '';
let creditorId = '';
let tenantId = '';

describe.skipIf(skipBrowser)('ledger UI in Chromium', () => {
  beforeAll(async () => {
    ui = await startUi({ demoCases: 30 });
    page = ui.page;
    base = ui.base;
    tenantId = await ui.demoTenantId();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('the debtor sees what they owe and pays 200.00 through the sandbox checkout; the payment shows in the portal', async () => {
    caseRef = await ui.signInDebtor();
    const keys = debtorKeysFromSecrets(loadSecrets(ui.server.config));
    const c = await withTenant(ui.server.db, tenantId, async (tx) => (await searchCases(tx, keys, { q: caseRef })).items.find((i) => i.ref === caseRef)!);
    caseId = c.id;
    creditorId = c.creditorId;
    await withTenant(ui.server.db, tenantId, (tx) => putCreditorAgreement(tx, creditorId, {
      tiers: [{ bands: [{ bps: 2000 }] }], planBounds: { minInstalment: '50.00', maxTermMonths: 12, settlementFloorBps: 9000 }, approvalThreshold: '50.00',
    }, 'usr_setup'));
    await page.reload();
    await page.getByTestId('ledger-portal-panel').waitFor();
    expect(await page.getByTestId('ledger-portal-panel').innerText()).toContain('不向您收取任何催收费用');
    await page.getByTestId('portal-pay-amount').fill('200.00');
    await ui.shot('ledger-01-portal-owed');
    await page.getByTestId('portal-pay').click();
    await page.getByTestId('sandbox-pay').waitFor();
    expect(await page.getByTestId('sandbox-amount').innerText()).toBe('¥200.00');
    await ui.shot('ledger-02-sandbox-checkout');
    await page.getByTestId('sandbox-pay').click();
    await expect.poll(() => page.getByTestId('sandbox-result').innerText()).toContain('支付成功');
    await page.getByTestId('ledger-portal-panel').waitFor();
    await expect.poll(() => page.getByTestId('portal-payments').innerText()).toContain('¥200.00');
    await ui.shot('ledger-03-portal-paid');
  });

  it('the collector sees the payment and its allocation (costs → interest → principal) on the case page', async () => {
    await ui.ctx.clearCookies(); // leave the debtor session
    await ui.signIn(`${base}/t/demo/sign-in`, 'collector@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/cases/${caseId}`);
    await page.locator('.ant-tabs-tab[data-node-key="ledger"]').click();
    await page.getByTestId('ledger-case-panel').waitFor();
    await expect.poll(() => page.getByTestId('ledger-payments').innerText()).toContain('200.00');
    const alloc = await page.getByTestId('ledger-allocation').innerText();
    expect(alloc).toContain('200.00');
    expect(await page.getByTestId('ledger-case-panel').innerText()).toContain('计费依据');
    await ui.shot('ledger-04-case-panel');
  });

  it('the admin approves a disbursement above the threshold requested by someone else (two-person rule)', async () => {
    const compliance = await withTenant(ui.server.db, tenantId, async (tx) => (await listUsers(tx)).find((u) => u.role === 'compliance_officer')!);
    const d = await withTenant(ui.server.db, tenantId, (tx) => createDisbursement(tx, { creditorId, amountFen: 10_000n, reference: '工商银行 6222 **** 0001' }, compliance.id));
    expect(d.status).toBe('pending_approval');
    await ui.ctx.clearCookies();
    await ui.signIn(`${base}/t/demo/sign-in`, 'admin@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/finance`);
    await page.getByTestId('finance-page').waitFor();
    await expect.poll(() => page.getByTestId('disbursement-table').innerText()).toContain('100.00');
    await page.locator('[data-testid="recoveries-chart"] canvas').first().waitFor();
    await ui.shot('ledger-05-finance-pending');
    await page.getByTestId('disbursement-approve').first().click();
    await expect.poll(() => page.getByTestId('disbursement-table').innerText()).not.toContain('100.00');
    // 200.00 received − 40.00 fee (20 %) − 100.00 disbursed
    await expect.poll(() => page.getByTestId('escrow-table').innerText()).toContain('60.00');
    await ui.shot('ledger-06-finance-approved');
  });

  it('a bank statement upload shows matched and suspense lines', async () => {
    await page.goto(`${base}/t/demo/admin/reconciliation`);
    await page.getByTestId('reconciliation-page').waitFor();
    const day = new Date().toISOString().slice(0, 10);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recon-')), 'statement.csv');
    fs.writeFileSync(file, `交易日期,贷方金额,对方户名,摘要\n${day},10.00,某人,还款 ${caseRef}\n${day},888.00,不明,转账\n`);
    await page.locator('[data-testid="reconciliation-page"] input[type=file]').setInputFiles(file);
    await page.getByTestId('recon-report').waitFor();
    expect(await page.getByTestId('recon-suspense').innerText()).toBe('1');
    expect(await page.getByTestId('recon-matched').innerText()).toBe('1');
    await ui.shot('ledger-07-reconciliation');
  });

  it('the admin enables bank transfer and sets plan reminders on the finance page; keys are never shown', async () => {
    await page.goto(`${base}/t/demo/admin/finance`);
    await page.getByTestId('gateway-settings').waitFor();
    expect(await page.getByTestId('gateway-status-bank_transfer').innerText()).toBe('未启用');
    await page.getByTestId('gateway-configure-bank_transfer').click();
    await page.getByTestId('gateway-setting-accountName').fill('演示资产管理有限公司客户资金托管户');
    await page.getByTestId('gateway-setting-bankName').fill('招商银行上海分行');
    await page.getByTestId('gateway-setting-accountNo').fill('6214830000000001');
    await page.getByTestId('gateway-enabled').click();
    await ui.shot('ledger-08-gateway-form');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('gateway-status-bank_transfer').innerText()).toBe('已启用');
    await page.getByTestId('reminder-days').fill('5');
    await page.getByTestId('reminder-save').click();
    await expect.poll(async () => (await (await page.request.get(`${base}/api/v1/ledger/reminder-settings`)).json()).daysBefore).toBe(5);
    await page.getByTestId('gateway-settings').scrollIntoViewIfNeeded();
    await ui.shot('ledger-09-gateway-settings');
  });

  it('the debtor paying by bank transfer gets the escrow account and the unique reference', async () => {
    await ui.ctx.clearCookies();
    await ui.signInDebtor(caseRef);
    await page.getByTestId('ledger-portal-panel').waitFor();
    await page.getByTestId('portal-pay-amount').fill('30.00');
    await page.getByTestId('portal-pay-method').getByText('银行转账').click();
    await page.getByTestId('portal-pay').click();
    await page.getByTestId('bank-reference').waitFor();
    expect(await page.getByTestId('bank-reference').innerText()).toContain(caseRef);
    expect(await page.getByTestId('bank-account-no').innerText()).toContain('6214830000000001');
    await ui.shot('ledger-10-portal-bank-transfer');
  });
});
