// Browser tests of the cases area (issue 3) against the real server on PGlite with the demo portfolio: a collector
// works a case (search, lock, promise to pay on the timeline, note, task), an admin runs a bulk import with a bad
// row through the wizard (dry-run report, progress, result), the SLA board shows the server's numbers as charts and
// its at-risk / breached lists, a case page shows the CALC-02 limitation status and records a demand, and a
// creditor-portal user sees only the placements of the creditor it is linked to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, startUi, type Ui } from './support.js';

let ui: Ui;
let page: Page;
let base: string;

interface ListItem { id: string; ref: string; debtorName: string; creditorId: string; contractNumber: string; stage: string; onHold: boolean }

async function api<T>(url: string): Promise<T> {
  const res = await page.request.get(`${base}${url}`);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** A resident ID number with a valid GB 11643 check character. */
function residentId(seed: number): string {
  const body = `330702199${String(seed % 10)}0${1 + (seed % 9)}1${String(seed % 10)}${String(100 + (seed % 900))}`.slice(0, 17);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((n, d, i) => n + Number(d) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** expect.poll with room for a loaded machine (the default gives up after 1 s). */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 200 });

const STAGE_ZH: Record<string, string> = {
  intake: '收案', verification: '核实', active: '催收中', negotiation: '协商', payment_plan: '还款计划', legal: '法律程序', enforcement: '执行', closed: '已结案',
};

const shanghaiDate = (offsetDays: number) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Signs out by dropping the session cookie, then signs in as `email`. */
async function signInAs(email: string) {
  await ui.ctx.clearCookies();
  await ui.signIn(`${base}/t/demo/sign-in`, email);
}

describe.skipIf(skipBrowser)('cases UI in Chromium', () => {
  beforeAll(async () => {
    ui = await startUi();
    page = ui.page;
    base = ui.base;
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('collector searches, opens a case, takes the lock, records a promise (on the timeline), adds a note and a task', async () => {
    await signInAs('collector@demo.recourse.test');
    expect(await page.getByTestId('nav').innerText()).toContain('案件');
    await page.goto(`${base}/t/demo/admin/cases`);
    await page.getByTestId('case-table').waitFor();
    // A workable case: active, no hold in force.
    const { items, total } = await api<{ items: ListItem[]; total: number }>('/api/v1/cases?stage=active&hold=none&pageSize=5');
    expect(total).toBeGreaterThan(0);
    const target = items[0];
    await ui.shot('cases-01-list');

    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.url().includes(`q=${target.ref}`) && r.status() === 200);
    await page.getByTestId('case-search').locator('input').first().fill(target.ref);
    await page.getByTestId('case-search').locator('input').first().press('Enter');
    const found = (await (await listed).json()) as { items: ListItem[]; total: number };
    expect(found.items.map((i) => i.ref)).toEqual([target.ref]);
    await eventually(() => page.getByTestId('case-link').allInnerTexts()).toEqual([target.ref]);
    expect(await page.getByTestId('case-total').innerText()).toContain('1');
    await ui.shot('cases-02-search');

    await page.getByTestId('case-link').first().click();
    await page.getByTestId('case-page').waitFor();
    expect(await page.getByTestId('case-ref').innerText()).toBe(target.ref);
    expect(await page.getByTestId('stage-tag').first().innerText()).toContain('催收中');
    expect(await page.getByTestId('lock-status').innerText()).toContain('未锁定');

    await page.getByTestId('take-lock').click();
    await eventually(() => page.getByTestId('lock-status').innerText()).toContain('我正在处理');
    // The server agrees: the lock is held by the collector.
    const me = await api<{ user: { id: string } }>('/api/v1/auth/me');
    const file = await api<{ lock: { holderId: string } | null }>(`/api/v1/cases/${target.id}`);
    expect(file.lock?.holderId).toBe(me.user.id);
    await ui.shot('cases-03-locked');

    // Promise to pay: amount and date (a week ahead).
    const due = shanghaiDate(7);
    await page.getByTestId('record-promise').click();
    await page.locator('#promise-amount').fill('1234.50');
    const dateInput = page.locator('#promise-date');
    await dateInput.click();
    await dateInput.fill(due);
    await dateInput.press('Enter');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${target.id}/promises`) && r.request().method() === 'POST');
    await page.getByTestId('dialog-ok').click();
    expect((await saved).status()).toBe(201);
    await eventually(() => page.getByTestId('promises').innerText()).toContain('¥1,234.50');
    expect(await page.getByTestId('promises').innerText()).toContain(due);
    await ui.shot('cases-04-promise');

    await page.getByTestId('tab-timeline').click();
    const promiseEvent = page.locator('[data-testid="timeline-event"]', { hasText: '记录还款承诺' });
    await promiseEvent.first().waitFor();
    expect(await promiseEvent.first().innerText()).toContain(`¥1,234.50，承诺日 ${due}`);
    await ui.shot('cases-05-timeline');

    await page.getByTestId('tab-notes').click();
    const noteText = `电话沟通，债务人同意 ${due} 还款 1234.50 元（测试备注）`;
    await page.getByTestId('note-text').fill(noteText);
    await page.getByTestId('add-note').click();
    await eventually(() => page.getByTestId('note-row').allInnerTexts()).toContain(noteText);
    const notes = await api<{ items: { text: string }[] }>(`/api/v1/cases/${target.id}/notes`);
    expect(notes.items.map((n) => n.text)).toContain(noteText);
    await ui.shot('cases-06-note');

    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('task-title').fill('承诺还款日前一天提醒债务人');
    await page.getByTestId('add-task').click();
    await eventually(() => page.getByTestId('task-row').allInnerTexts()).toContain('承诺还款日前一天提醒债务人');
    const tasks = await api<{ items: { title: string; status: string }[] }>(`/api/v1/cases/${target.id}/tasks`);
    expect(tasks.items.find((t) => t.title === '承诺还款日前一天提醒债务人')?.status).toBe('open');
    await ui.shot('cases-07-task');

    // Releasing the lock shows it free again.
    await page.getByTestId('release-lock').click();
    await eventually(() => page.getByTestId('lock-status').innerText()).toContain('未锁定');
  });

  it('collector saves a view, loads it back, and exports the filtered list as CSV', async () => {
    const { items } = await api<{ items: ListItem[] }>('/api/v1/cases?stage=active&pageSize=1');
    const ref = items[0].ref;
    await page.goto(`${base}/t/demo/admin/cases`);
    await page.getByTestId('case-table').waitFor();
    await page.getByTestId('case-search').locator('input').first().fill(ref);
    await page.getByTestId('case-search').locator('input').first().press('Enter');
    await eventually(() => page.getByTestId('case-link').allInnerTexts()).toEqual([ref]);

    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill(`只看 ${ref}`);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/case-views') && r.request().method() === 'POST');
    await page.getByTestId('save-view-ok').click();
    expect((await saved).status()).toBe(201);

    // Export the filtered list: the CSV holds that case and shows the ID number masked.
    const dl = page.waitForEvent('download');
    await page.getByTestId('export').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '导出 CSV' }).click();
    const file = await (await dl).path();
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv).toContain(ref);
    expect(csv.split(/\r?\n/).filter((l) => l.trim()).length).toBe(2); // header + the one case
    expect(csv).toMatch(/\*{4,}/);
    await ui.shot('cases-07b-saved-view');

    // Clear the filters, then load the saved view: the list narrows to the case again.
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await eventually(() => page.getByTestId('case-link').count()).toBeGreaterThan(1);
    await page.locator('#saved-views').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: `只看 ${ref}` }).first().click();
    await eventually(() => page.getByTestId('case-link').allInnerTexts()).toEqual([ref]);
    const views = await api<{ items: { name: string; filters: { q?: string } }[] }>('/api/v1/case-views');
    expect(views.items.find((v) => v.name === `只看 ${ref}`)?.filters.q).toBe(ref);
  });

  it('a stale move is refused by the server and the page shows the allowed targets', async () => {
    // An active case (not the one worked above) that became active more than a day and a half ago.
    const { items } = await api<{ items: ListItem[] }>('/api/v1/cases?stage=active&hold=none&pageSize=10');
    let c: ListItem | undefined;
    let activeAt = '';
    for (const i of items.slice(1)) {
      const tl = await api<{ items: { type: string; at: string; detail: { to?: string } }[] }>(`/api/v1/cases/${i.id}/timeline`);
      const at = tl.items.filter((e) => e.type === 'transitioned' && e.detail.to === 'active').pop()?.at;
      if (at && Date.now() - new Date(at).getTime() > 36 * 3600_000) {
        c = i;
        activeAt = at;
        break;
      }
    }
    if (!c) throw new Error('no demo case active for more than 36 hours');
    await page.goto(`${base}/t/demo/admin/cases/${c.id}`);
    await page.getByTestId('case-page').waitFor();
    const allowed = (await api<{ allowedTransitions: string[] }>(`/api/v1/cases/${c.id}`)).allowedTransitions;
    expect(allowed).toContain('negotiation');
    for (const s of allowed) await page.getByTestId(`transition-${s}`).waitFor();
    // Someone else moves the case to negotiation meanwhile (same session, straight through the API).
    const { csrfToken } = await api<{ csrfToken: string }>('/api/v1/auth/me');
    const moved = await page.request.post(`${base}/api/v1/cases/${c!.id}/transitions`, { headers: { 'x-csrf-token': csrfToken }, data: { to: 'negotiation', reason: '另一位同事已开始协商' } });
    expect(moved.status()).toBe(200);
    // The page still offers "→ negotiation": the server refuses it and names what is allowed from negotiation.
    await page.getByTestId('transition-negotiation').click();
    await page.getByTestId('dialog-reason').fill('债务人来电要求协商');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${c.id}/transitions`) && r.request().method() === 'POST');
    await page.getByTestId('dialog-ok').click();
    const problem = (await (await refused).json()) as { code: string; allowed: string[] };
    expect(problem.code).toBe('CASES_TRANSITION_INVALID');
    const alert = await page.getByTestId('refused').innerText();
    expect(alert).toContain('允许的目标');
    expect(problem.allowed.length).toBeGreaterThan(0);
    for (const s of problem.allowed) expect(alert).toContain(STAGE_ZH[s]);
    // After the refusal the page reloads the case and offers the new allowed moves.
    await eventually(() => page.getByTestId('stage-tag').first().innerText()).toContain('协商');
    await ui.shot('cases-08-refused');

    // "State on day X": the day the case became active shows 催收中 (replayed), while it is now in negotiation.
    // The picker works in the browser's calendar: take that day of the activation instant.
    const activeDay = await page.evaluate((iso) => new Date(iso).toLocaleDateString('sv'), activeAt);
    await page.getByTestId('tab-timeline').click();
    const dayInput = page.getByTestId('state-day').locator('input');
    await dayInput.click();
    await dayInput.fill(activeDay);
    await dayInput.press('Enter');
    await eventually(() => page.getByTestId('state-at').innerText().catch(() => '')).toContain('催收中');
    expect(await page.getByTestId('state-at').innerText()).toContain(activeDay);
    await ui.shot('cases-08b-state-on-day');
  });

  it('admin imports a generated CSV with a bad row: mapping, dry-run report (row, field, reason), progress, result', async () => {
    await signInAs('admin@demo.recourse.test');
    // The demo admin's dashboard still works with the cases area mounted.
    await page.getByTestId('dashboard-chart').locator('canvas').first().waitFor();

    const creditors = await api<{ items: { id: string; name: string; code: string }[] }>('/api/v1/creditors');
    const creditor = creditors.items[0];
    const stamp = Date.now().toString(36).toUpperCase();
    const rows = [
      ['contract_number', 'debtor_name', 'id_number', 'phone', 'principal', 'origination_date', 'due_date'],
      [`UI-${stamp}-1`, '测试甲（演示）', residentId(1), '13800000001', '5000.00', '2025-01-10', '2025-07-10'],
      [`UI-${stamp}-2`, '测试乙（演示）', residentId(2), '13800000002', '8000.00', '2025-02-10', '2025-08-10'],
      [`UI-${stamp}-3`, '测试丙（演示）', '330702199001011234', '13800000003', '3000.00', '2025-03-10', '2025-09-10'],
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-import-'));
    const file = path.join(dir, `placements-${stamp}.csv`);
    fs.writeFileSync(file, rows.map((r) => r.join(',')).join('\n') + '\n');

    await page.goto(`${base}/t/demo/admin/imports`);
    await page.getByTestId('imports-page').waitFor();
    await page.locator('#import-creditor').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: creditor.code }).first().click();
    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-next').click();
    await page.locator('#import-mapping').waitFor();
    // The suggested mapping picked the file's headers for the required fields.
    expect(await page.getByTestId('map-contractNumber').innerText()).toContain('contract_number');
    expect(await page.getByTestId('map-idNumber').innerText()).toContain('id_number');
    await ui.shot('cases-09-import-mapping');

    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST');
    await page.getByTestId('import-dry-run').click();
    const startRes = await started;
    expect(startRes.status(), await startRes.text()).toBe(202);
    await page.getByTestId('dry-errors').waitFor();
    expect(await page.getByTestId('dry-total').innerText()).toBe('3');
    expect(await page.getByTestId('dry-errors').innerText()).toBe('1');
    const errRow = page.getByTestId('import-errors').locator('tbody tr').first();
    const errText = await errRow.innerText();
    expect(errText).toContain('4'); // header is row 1: the third data row is row 4
    expect(errText).toContain('idNumber');
    // The dry run wrote nothing.
    expect((await api<{ total: number }>(`/api/v1/cases?q=UI-${stamp}-1`)).total).toBe(0);
    await ui.shot('cases-10-import-dry-run');

    await page.getByTestId('mode-valid_only').click();
    const run = page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST');
    await page.getByTestId('import-run').click();
    expect((await run).status()).toBe(202);
    await page.getByTestId('import-progress').waitFor();
    await expect.poll(() => page.getByTestId('import-status').innerText().catch(() => ''), { timeout: 90_000, interval: 300 }).toBe('已完成');
    expect(await page.getByTestId('import-inserted').innerText()).toBe('2');
    await page.getByTestId('download-rejected').waitFor();
    expect((await api<{ total: number }>(`/api/v1/cases?q=UI-${stamp}-1`)).total).toBe(1);
    expect((await api<{ total: number }>(`/api/v1/cases?q=UI-${stamp}-3`)).total).toBe(0);
    await ui.shot('cases-11-import-result');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SLA board shows the server numbers on cards and draws both charts', async () => {
    const summary = page.waitForResponse((r) => r.url().endsWith('/api/v1/sla/summary') && r.status() === 200);
    await page.goto(`${base}/t/demo/admin/sla`);
    const s = (await (await summary).json()) as { met: number; onTrack: number; atRisk: number; breached: number; byCreditor: unknown[]; daily: unknown[] };
    for (const k of ['met', 'onTrack', 'atRisk', 'breached'] as const) {
      await eventually(() => page.getByTestId(`sla-${k}`).innerText()).toContain(String(s[k]));
    }
    expect(s.met + s.onTrack + s.atRisk + s.breached).toBeGreaterThan(0);
    await page.getByTestId('sla-by-creditor').locator('canvas').first().waitFor();
    await page.getByTestId('sla-by-day').locator('canvas').first().waitFor();
    await page.getByTestId('my-tasks').waitFor();
    await ui.shot('cases-12-sla');
  });

  it('SLA board lists the server\'s at-risk and breached cases; a case page shows its CALC-02 limitation status and records a demand', async () => {
    if (!(await page.request.get(`${base}/api/v1/auth/me`)).ok()) await signInAs('admin@demo.recourse.test'); // when run alone (-t)
    const summary = page.waitForResponse((r) => r.url().endsWith('/api/v1/sla/summary') && r.status() === 200);
    await page.goto(`${base}/t/demo/admin/sla`);
    type SlaCase = { caseId: string; ref: string; debtorName: string; hoursLeft: number };
    const s = (await (await summary).json()) as { atRiskCases: SlaCase[]; breachedCases: SlaCase[]; breachedOpenTotal: number };
    expect(s.atRiskCases.length + s.breachedCases.length).toBeGreaterThan(0);
    await eventually(() => page.getByTestId('at-risk-case').allInnerTexts()).toEqual(s.atRiskCases.slice(0, 10).map((c) => c.ref));
    await eventually(() => page.getByTestId('breached-case').allInnerTexts()).toEqual(s.breachedCases.slice(0, 10).map((c) => c.ref));
    if (s.breachedCases.length) expect(await page.getByTestId('sla-breached-list').innerText()).toContain(s.breachedCases[0].debtorName);
    await ui.shot('cases-12b-sla-lists');

    const target = s.breachedCases[0] ?? s.atRiskCases[0];
    await page.getByTestId(s.breachedCases.length ? 'breached-case' : 'at-risk-case').first().click();
    await page.getByTestId('case-page').waitFor();
    const file = await api<{ limitation: { state: string; expiresOn: string } }>(`/api/v1/cases/${target.caseId}`);
    await page.getByTestId('limitation-card').waitFor();
    expect(await page.getByTestId('limitation-state').first().getAttribute('data-state')).toBe(file.limitation.state);
    expect(await page.getByTestId('limitation-card').innerText()).toContain(file.limitation.expiresOn);
    await page.getByTestId('limitation-record').click();
    await page.getByTestId('limitation-note').fill('EMS EA000000001CN（测试）');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${target.caseId}/limitation-events`) && r.request().method() === 'POST');
    await page.getByTestId('limitation-ok').click();
    expect((await saved).status()).toBe(201);
    const after = await api<{ limitation: { state: string; runsFrom: string } }>(`/api/v1/cases/${target.caseId}`);
    await eventually(() => page.getByTestId('limitation-state').first().getAttribute('data-state')).toBe(after.limitation.state);
    await eventually(() => page.getByTestId('limitation-events').innerText()).toContain('EMS EA000000001CN（测试）');
    if (file.limitation.state !== 'expired') {
      expect(after.limitation).toMatchObject({ state: 'interrupted', runsFrom: shanghaiDate(0) });
      expect(await page.getByTestId('limitation-runs-from').innerText()).toBe(shanghaiDate(0));
    }
    await ui.shot('cases-12c-limitation');
  });

  it('a creditor-portal user sees only the placements of the creditors it is linked to', async () => {
    const creditors = await api<{ items: { id: string; name: string; code: string }[] }>('/api/v1/creditors');
    const totals = new Map<string, number>();
    for (const c of creditors.items) totals.set(c.id, (await api<{ total: number }>(`/api/v1/cases?creditorId=${c.id}&pageSize=1`)).total);
    const all = await api<{ total: number }>('/api/v1/cases?pageSize=1');
    // The admin registers a new creditor and links the portal user to it through the creditors page.
    await page.goto(`${base}/t/demo/admin/creditors`);
    const code = `UI${Date.now().toString(36).toUpperCase()}`;
    await page.getByTestId('new-creditor').click();
    const dialog = page.locator('.ant-modal').last();
    await dialog.locator('#code').fill(code);
    await dialog.locator('#name').fill(`界面测试委托方 ${code}（演示）`);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/creditors') && r.request().method() === 'POST');
    await page.getByTestId('new-creditor-ok').click();
    expect((await created).status()).toBe(201);
    const mine = (await api<{ items: { id: string; name: string; code: string }[] }>('/api/v1/creditors')).items.find((c) => c.code === code)!;
    totals.set(mine.id, 0);
    const row = page.getByTestId('creditor-table').locator('tr', { hasText: mine.code });
    await row.getByTestId('link-user').click();
    await page.locator('#link-user-select').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: 'creditor@demo.recourse.test' }).first().click();
    const linked = page.waitForResponse((r) => r.url().endsWith(`/api/v1/creditors/${mine.id}/users`));
    await page.getByTestId('link-user-ok').click();
    expect((await linked).status()).toBe(204);
    await ui.shot('cases-13-creditors');

    await signInAs('creditor@demo.recourse.test');
    const nav = await page.getByTestId('nav').innerText();
    expect(nav).toContain('我的委托');
    expect(nav).not.toContain('批量导入');
    const overview = page.waitForResponse((r) => r.url().includes('/api/v1/creditor/overview') && r.status() === 200);
    await page.goto(`${base}/t/demo/admin/placements`);
    const ov = (await (await overview).json()) as { creditors: { id: string; name: string }[]; cases: { total: number; items: ListItem[] }; byStage: { count: number }[] };
    const linkedIds = new Set(ov.creditors.map((c) => c.id));
    expect(linkedIds.has(mine.id)).toBe(true);
    const expected = [...linkedIds].reduce((n, id) => n + (totals.get(id) ?? 0), 0);
    expect(ov.cases.total).toBe(expected);
    expect(expected).toBeLessThan(all.total); // not everything: only the linked creditors' cases
    expect(ov.cases.items.every((i) => linkedIds.has(i.creditorId))).toBe(true);
    expect(ov.byStage.reduce((n, s) => n + s.count, 0)).toBe(expected);
    await eventually(() => page.getByTestId('placements-creditors').innerText()).toContain(mine.name);
    await eventually(() => page.getByTestId('placement-ref').count()).toBe(Math.min(10, expected));
    await page.getByTestId('placements-stages').locator('canvas').first().waitFor();
    // The staff case list is closed to the creditor role.
    expect((await page.request.get(`${base}/api/v1/cases`)).status()).toBe(403);
    await ui.shot('cases-14-creditor-portal');
  });
});
