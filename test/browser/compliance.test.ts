// Browser test of the compliance area (issue 5): a collector's contact composer shows the gate's decision live —
// a banned phrase is refused whatever the time (COL-42, words highlighted), a plain call is allowed or explained by
// the quiet window (COL-10/COL-11) — and a refused contact is logged; a compliance officer approves a submitted
// script; a debtor disputes the debt in the portal and the case shows the hold; the dashboard renders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, startUi, type Ui } from './support.js';
import { rows, sql, withTenant } from '../../src/platform/db/index.js';
import { getCase } from '../../src/modules/cases/index.js';
import { actOnTemplate, saveTemplateDraft } from '../../src/modules/compliance/template-store.js';

let ui: Ui;
let page: Page;
let base: string;
let tenantId = '';

async function signInAs(email: string) {
  await ui.ctx.clearCookies();
  await ui.signIn(`${base}/t/demo/sign-in`, email);
}

describe.skipIf(skipBrowser)('compliance UI in Chromium', () => {
  beforeAll(async () => {
    ui = await startUi({ demoCases: 30 });
    page = ui.page;
    base = ui.base;
    tenantId = await ui.demoTenantId();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('COL-42 / COL-10: the composer refuses a banned phrase with the rule and the words, and explains a call by time; the refusal is logged', async () => {
    const caseId = await withTenant(ui.server.db, tenantId, async (tx) => {
      const ids = await rows<{ id: string }>(tx, sql`SELECT id FROM cases.cases WHERE stage <> 'closed' ORDER BY ref`);
      for (const { id } of ids) if ((await getCase(tx, id)).holds.length === 0) return id;
      throw new Error('no open case without holds');
    });
    await signInAs('collector@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/cases/${caseId}`);
    await page.getByRole('tab', { name: '联系与合规' }).click();
    await page.getByTestId('compliance-panel').waitFor();
    // A plain agent call: allowed in the daytime, otherwise refused by the quiet window with the next allowed time.
    const gate = page.getByTestId('gate-decision');
    await expect.poll(async () => gate.getAttribute('data-decision'), { timeout: 20_000 }).not.toBe('');
    if ((await gate.getAttribute('data-decision')) === 'deny') {
      expect(await gate.innerText()).toMatch(/COL-1[01]/);
      await page.getByTestId('next-allowed').waitFor();
    } else {
      expect(await gate.innerText()).toContain('允许');
    }
    await ui.shot('compliance-01-composer-call');

    // Free-text SMS impersonating the police, with spaces to evade: refused whatever the time.
    await page.getByTestId('composer-channel').click();
    await page.getByTitle('短信').click();
    await page.getByTestId('composer-text').fill('我们是公 安 局的，再不还钱就抓你坐牢');
    await expect.poll(async () => (await gate.innerText()).includes('COL-42'), { timeout: 20_000 }).toBe(true);
    expect(await gate.getAttribute('data-decision')).toBe('deny');
    expect(await page.getByTestId('banned-hit').count()).toBeGreaterThan(0);
    await ui.shot('compliance-02-composer-banned');
    await page.getByTestId('composer-outcome').click();
    await page.getByTitle('已留言').click();
    await page.getByTestId('record-contact').click();
    const history = page.getByTestId('contact-history');
    await expect.poll(async () => history.getByTestId('history-decision').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await history.innerText()).toContain('COL-42');
    const logged = await withTenant(ui.server.db, tenantId, (tx) => rows<{ decision: string }>(tx, sql`SELECT decision FROM compliance.contact_attempts WHERE case_id = ${caseId}`));
    expect(logged.map((x) => x.decision)).toEqual(['deny']);
  });

  it('a compliance officer approves a submitted script (COL-40 review passes)', async () => {
    await withTenant(ui.server.db, tenantId, async (tx) => {
      const [author] = await rows<{ id: string }>(tx, sql`SELECT id FROM tenants.users WHERE email = 'collector@demo.recourse.test'`);
      await saveTemplateDraft(tx, {
        id: 'ui_reminder_sms', category: 'reminder', channels: ['sms'], audience: 'debtor', automated: false,
        zh: '【{agencyName}】受{creditorName}委托提醒：您的账户尚有待处理款项，详情请登录{portalUrl}。回复TD退订',
        en: '[{agencyName}] on behalf of {creditorName}: your account has an amount to settle, see {portalUrl}. Reply STOP to opt out',
        variables: { agencyName: 'text', creditorName: 'text', portalUrl: 'url' },
      }, author.id);
      await actOnTemplate(tx, 'ui_reminder_sms', { action: 'submit' }, { userId: author.id, roles: ['collector'] });
    });
    await signInAs('compliance@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/scripts`);
    await page.getByTestId('scripts-page').waitFor();
    await page.getByTestId('scripts-state').click();
    await page.getByTitle('submitted').click();
    await page.getByTestId('approve-ui_reminder_sms').click();
    await expect.poll(async () => withTenant(ui.server.db, tenantId, async (tx) => (await rows<{ state: string }>(tx, sql`SELECT state FROM compliance.templates WHERE id = 'ui_reminder_sms' ORDER BY version DESC LIMIT 1`))[0].state), { timeout: 20_000 }).toBe('approved');
    // it leaves the "submitted" list once approved
    await expect.poll(async () => page.getByTestId('approve-ui_reminder_sms').count(), { timeout: 20_000 }).toBe(0);
    await ui.shot('compliance-03-script-approved');
  });

  it('COL-35 / COL-80: the debtor disputes the debt in the portal; the case shows the dispute hold; the dashboard renders', async () => {
    await ui.ctx.clearCookies();
    const caseRef = await ui.signInDebtor();
    await page.getByRole('tab', { name: '异议与投诉' }).click();
    await page.getByTestId('compliance-portal').waitFor();
    await page.getByTestId('complaint-summary').fill('这不是我的债务，我从未在该机构借款');
    await page.getByTestId('complaint-submit').click();
    await expect.poll(async () => page.getByTestId('my-complaint-status').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await ui.shot('compliance-04-portal-dispute');
    const caseId = await withTenant(ui.server.db, tenantId, async (tx) => (await rows<{ id: string }>(tx, sql`SELECT id FROM cases.cases WHERE ref = ${caseRef}`))[0].id);
    await signInAs('compliance@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/cases/${caseId}`);
    await page.getByTestId('case-page').waitFor();
    await expect.poll(async () => (await page.getByTestId('hold').allInnerTexts()).join(' '), { timeout: 20_000 }).toMatch(/异议|dispute/i);
    await ui.shot('compliance-05-case-dispute-hold');
    await page.goto(`${base}/t/demo/admin/compliance`);
    await page.getByTestId('compliance-dashboard').waitFor();
    await expect.poll(async () => page.getByTestId('top-refused').innerText(), { timeout: 20_000 }).toContain('COL-42');
    await ui.shot('compliance-06-dashboard');
  });

  it('COL-31 in the composer: the debtor is reachable and why, a third party is refused; marked out of contact (with a reason) it is allowed', async () => {
    const caseId = await withTenant(ui.server.db, tenantId, async (tx) => {
      const ids = await rows<{ id: string }>(tx, sql`SELECT id FROM cases.cases WHERE stage <> 'closed' ORDER BY ref DESC`);
      for (const { id } of ids) if ((await getCase(tx, id)).holds.length === 0) return id;
      throw new Error('no open case without holds');
    });
    await signInAs('collector@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/cases/${caseId}`);
    await page.getByRole('tab', { name: '联系与合规' }).click();
    const reach = page.getByTestId('reachability');
    await reach.waitFor();
    expect(await reach.getAttribute('data-unreachable')).toBe('false');
    expect(await page.getByTestId('reachability-why').innerText()).toContain('债务人可联系');
    await page.getByText('第三方（仅询问联系方式/转告）').click();
    const gate = page.getByTestId('gate-decision');
    await expect.poll(async () => (await gate.innerText()).includes('COL-31'), { timeout: 20_000 }).toBe(true);
    await ui.shot('compliance-07-composer-reachable');
    await page.getByTestId('mark-out-of-contact').click();
    await page.getByTestId('mark-reason').fill('户籍地走访确认已搬离，电话停机');
    await page.getByTestId('mark-ok').click();
    await expect.poll(async () => reach.getAttribute('data-unreachable'), { timeout: 20_000 }).toBe('true');
    await expect.poll(async () => (await gate.innerText()).includes('COL-31'), { timeout: 20_000 }).toBe(false);
    expect(await page.getByTestId('reachability-mark').innerText()).toContain('户籍地走访');
    await ui.shot('compliance-08-composer-out-of-contact');
  });

  it('rule settings: a looser limit is refused with the field named inline; a stricter one is saved, shown as the tenant’s, and in the history', async () => {
    await signInAs('compliance@demo.recourse.test');
    await page.goto(`${base}/t/demo/admin/compliance/rules`);
    await page.getByTestId('rule-table').waitFor();
    const field = 'caps.voice_conversations_per_day';
    const input = page.locator(`[data-testid="rule-row-${field}"] input`);
    await input.fill('5');
    await page.getByTestId('rules-save').click();
    const err = page.getByTestId(`rule-error-${field}`);
    await err.waitFor({ timeout: 20_000 });
    expect(await err.innerText()).toContain(field);
    await ui.shot('compliance-09-rules-looser-refused');
    await input.fill('2');
    await page.getByTestId('rules-reason').fill('投诉率上升，收紧通话频次');
    await page.getByTestId('rules-save').click();
    await expect.poll(async () => page.getByTestId(`rule-source-${field}`).innerText(), { timeout: 20_000 }).toBe('本机构收紧');
    await expect.poll(async () => (await page.getByTestId('rule-history').innerText()), { timeout: 20_000 }).toContain('投诉率上升');
    expect(await page.getByTestId('rule-diff').first().innerText()).toContain(`${field}: 规则集 → 2`);
    const saved = await withTenant(ui.server.db, tenantId, (tx) => rows<{ overrides: unknown }>(tx, sql`SELECT overrides FROM compliance.rule_configs ORDER BY version DESC LIMIT 1`));
    expect(JSON.stringify(saved[0].overrides)).toContain('"voice_conversations_per_day":2');
    await ui.shot('compliance-10-rules-stricter-saved');
  });
});
