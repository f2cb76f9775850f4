// The case workbench over real HTTP (whole app on PGlite, demo tenant, signed-in users): list filters and export
// masked per role (PI-22), saved views, tasks, notes, attachments in the evidence store, the audited reveal (PI-20),
// touches with outcome codes (first action stops the SLA clock), the SLA summary and the idempotent alert sweep.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testApp, signIn } from '../../../test/support/app.js';
import { withTenant, sql, rows } from '../../platform/db/index.js';
import { multipart } from './testing-http.js';
import pino from 'pino';
import { residentIdCheckChar } from '../../platform/cn-ids.js';
import { withPlatform } from '../../platform/db/index.js';
import { sweepSlaAlerts } from './index.js';
import { slaAlertsJob } from './sla-alerts.js';

let freshCaseId = '';

const r = await testApp();
const PW = 'Recourse-demo-2026';
const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
const compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
const tenantId = collector.body.tenant.id;
const inject = (s: { headers: Record<string, string> }, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  r.app.inject({ method, url, headers: s.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

const list = await inject(collector, 'GET', '/api/v1/cases?pageSize=100');
const all = list.json().items as Array<{ id: string; ref: string; stage: string; debtorName: string; dpdBucket: string; balanceBand: string; daysPastDue: number; principal: string; onHold: boolean }>;
const openCase = all.find((c) => c.stage === 'active' && !c.onHold) ?? all.find((c) => c.stage !== 'closed' && !c.onHold)!;

describe('case list (COL-33 search, PI-22 masking)', () => {
  it('filters, sorts and pages; names masked for the admin role but not the collector', async () => {
    expect(list.statusCode).toBe(200);
    expect(all.length).toBeGreaterThan(10);
    const byStage = await inject(collector, 'GET', `/api/v1/cases?status=${openCase.stage}`);
    expect(byStage.json().items.every((c: { stage: string }) => c.stage === openCase.stage)).toBe(true);
    expect(byStage.json().total).toBe(all.filter((c) => c.stage === openCase.stage).length);
    const bucket = all[0].dpdBucket;
    const byBucket = (await inject(collector, 'GET', `/api/v1/cases?dpdBucket=${bucket}&pageSize=100`)).json();
    expect(byBucket.total).toBe(all.filter((c) => c.dpdBucket === bucket).length);
    const band = all[0].balanceBand;
    expect((await inject(collector, 'GET', `/api/v1/cases?balanceBand=${band}&pageSize=100`)).json().total).toBe(all.filter((c) => c.balanceBand === band).length);
    const held = (await inject(collector, 'GET', '/api/v1/cases?hold=any&pageSize=100')).json();
    expect(held.items.every((c: { onHold: boolean }) => c.onHold)).toBe(true);
    expect(held.total).toBe(all.filter((c) => c.onHold).length);
    const sorted = (await inject(collector, 'GET', '/api/v1/cases?sort=principal&order=asc&pageSize=100')).json().items.map((c: { principal: string }) => Number(c.principal));
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    const dpdDesc = (await inject(collector, 'GET', '/api/v1/cases?sort=dpd&order=desc&pageSize=100')).json().items.map((c: { daysPastDue: number }) => c.daysPastDue);
    expect(dpdDesc).toEqual([...dpdDesc].sort((a, b) => b - a));
    const p2 = (await inject(collector, 'GET', '/api/v1/cases?page=2&pageSize=5')).json();
    expect([p2.page, p2.pageSize, p2.items.map((c: { id: string }) => c.id)]).toEqual([2, 5, all.slice(5, 10).map((c) => c.id)]);
    const asAdmin = (await inject(admin, 'GET', `/api/v1/cases?q=${encodeURIComponent(openCase.ref)}`)).json().items[0];
    expect(asAdmin.id).toBe(openCase.id);
    expect(asAdmin.debtorName).not.toBe(openCase.debtorName);
    expect(asAdmin.debtorName).toContain('*');
    const bad = await inject(collector, 'GET', '/api/v1/cases?dpdBucket=nonsense');
    expect([bad.statusCode, JSON.stringify(bad.json())]).toEqual([400, expect.stringContaining('dpdBucket')]);
  });

  it('exports CSV and XLSX masked per role, and audits the export', async () => {
    const csv = await inject(admin, 'GET', `/api/v1/cases/export?format=csv&status=${openCase.stage}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="cases-/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ref,stage,closeReason,debtorName,debtorIdMasked,contractNumber,principal,currency,dueDate,daysPastDue,dpdBucket,balanceBand,placedAt,assignedTo,onHold');
    expect(lines.length - 1).toBe(all.filter((c) => c.stage === openCase.stage).length);
    expect(csv.body).not.toContain(openCase.debtorName); // admin sees masked names
    const xlsx = await inject(collector, 'GET', '/api/v1/cases/export?format=xlsx');
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount - 1).toBe(all.length);
    const names = wb.worksheets[0].getColumn(4).values.slice(2);
    expect(names).toContain(openCase.debtorName); // the collector's role sees full names (PI-22)
    const audits = await withTenant(r.db, tenantId, (tx) => rows<{ action: string; detail: { rows: number } }>(tx, sql`SELECT action, detail FROM platform.audit_log WHERE action = 'cases.export' ORDER BY at`));
    expect(audits.map((a) => a.detail.rows)).toEqual(expect.arrayContaining([lines.length - 1, all.length]));
  });
});

describe('saved views', () => {
  it('are per user, shared ones visible to the tenant; only the owner deletes', async () => {
    const mine = await inject(collector, 'POST', '/api/v1/case-views', { name: '我的逾期', filters: { dpdBucket: 'd361_plus', sort: 'dpd', order: 'desc' } });
    const shared = await inject(collector, 'POST', '/api/v1/case-views', { name: '共享：投诉暂停', filters: { hold: 'complaint' }, shared: true });
    expect([mine.statusCode, shared.statusCode]).toEqual([201, 201]);
    const other = (await inject(compliance, 'GET', '/api/v1/case-views')).json().items.map((v: { name: string }) => v.name);
    expect(other).toContain('共享：投诉暂停');
    expect(other).not.toContain('我的逾期');
    expect((await inject(compliance, 'DELETE', `/api/v1/case-views/${mine.json().id}`)).statusCode).toBe(404);
    expect((await inject(collector, 'DELETE', `/api/v1/case-views/${mine.json().id}`)).statusCode).toBe(204);
    const bad = await inject(collector, 'POST', '/api/v1/case-views', { name: '', filters: {} });
    expect([bad.statusCode, bad.json().errors?.[0]?.field ?? bad.json().field]).toEqual([400, expect.stringContaining('name')]);
  });
});

describe('tasks, notes, attachments', () => {
  it('tasks: create, list by due window, complete; foreign/unknown ids 404', async () => {
    const soon = new Date(Date.now() - 60_000).toISOString();
    const later = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const t1 = await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/tasks`, { title: '回电确认还款', dueAt: soon, assigneeId: collector.body.user.id });
    const t2 = await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/tasks`, { title: '寄送提醒函', dueAt: later, assigneeId: collector.body.user.id });
    expect([t1.statusCode, t2.statusCode]).toEqual([201, 201]);
    const overdue = (await inject(collector, 'GET', '/api/v1/tasks?mine=true&due=overdue')).json().items.map((t: { id: string }) => t.id);
    const upcoming = (await inject(collector, 'GET', '/api/v1/tasks?mine=true&due=upcoming')).json().items.map((t: { id: string }) => t.id);
    expect(overdue).toContain(t1.json().taskId);
    expect(overdue).not.toContain(t2.json().taskId);
    expect(upcoming).toContain(t2.json().taskId);
    const done = await inject(collector, 'POST', `/api/v1/tasks/${t1.json().taskId}/complete`);
    expect([done.statusCode, done.json().status]).toEqual([200, 'done']);
    expect((await inject(collector, 'POST', `/api/v1/tasks/${t1.json().taskId}/complete`)).statusCode).toBe(404);
    const caseTasks = (await inject(collector, 'GET', `/api/v1/cases/${openCase.id}/tasks`)).json().items;
    expect(caseTasks[0].status).toBe('open');
    const noDate = await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/tasks`, { title: 'x', dueAt: 'tomorrow' });
    expect([noDate.statusCode, JSON.stringify(noDate.json())]).toEqual([400, expect.stringContaining('dueAt')]);
    expect((await inject(collector, 'GET', '/api/v1/cases/case_00000000000000000000000000/tasks')).statusCode).toBe(404);
    const tl = (await inject(collector, 'GET', `/api/v1/cases/${openCase.id}/timeline`)).json().items.map((e: { type: string; detail: { what?: string } }) => e.detail.what ?? e.type);
    expect(tl).toEqual(expect.arrayContaining(['task_created', 'task_completed']));
  });

  it('notes are sealed at rest and masked in the list for roles that need masking', async () => {
    const text = '债务人称手机 13912345678 可联系，身份证 11010519491231002X';
    expect((await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/notes`, { text })).statusCode).toBe(201);
    const stored = await withTenant(r.db, tenantId, (tx) => rows<{ text_enc: string }>(tx, sql`SELECT text_enc FROM cases.notes WHERE case_id = ${openCase.id}`));
    expect(stored.some((n) => n.text_enc.includes('13912345678'))).toBe(false);
    const seen = (await inject(collector, 'GET', `/api/v1/cases/${openCase.id}/notes`)).json().items[0].text;
    expect(seen).not.toContain('13912345678');
    expect(seen).toContain('139****5678');
    expect((await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/notes`, { text: '  ' })).statusCode).toBe(400);
  });

  it('attachments are stored write-once in the evidence store and downloaded byte for byte', async () => {
    const bytes = Buffer.from('%PDF-1.4 synthetic test letter\n');
    const m = multipart({}, { name: '还款承诺书.pdf', type: 'application/pdf', bytes });
    const up = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${openCase.id}/attachments`, headers: { ...collector.headers, ...m.headers }, payload: m.payload });
    expect(up.statusCode).toBe(201);
    const listed = (await inject(collector, 'GET', `/api/v1/cases/${openCase.id}/attachments`)).json().items;
    expect(listed[0]).toMatchObject({ fileName: '还款承诺书.pdf', size: bytes.length, sha256: up.json().sha256 });
    const dl = await inject(collector, 'GET', `/api/v1/cases/${openCase.id}/attachments/${up.json().attachmentId}`);
    expect([dl.statusCode, dl.rawPayload.equals(bytes), dl.headers['content-type']]).toEqual([200, true, 'application/pdf']);
    const leaf = await withTenant(r.db, tenantId, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM evidence.files WHERE sha256 = ${up.json().sha256}`));
    expect(leaf[0].n).toBe(1);
    const notMultipart = await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/attachments`, { file: 'x' });
    expect([notMultipart.statusCode, notMultipart.json().field]).toEqual([400, 'file']);
    const empty = multipart({}, { name: 'empty.txt', type: 'text/plain', bytes: Buffer.alloc(0) });
    const e = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${openCase.id}/attachments`, headers: { ...collector.headers, ...empty.headers }, payload: empty.payload });
    expect([e.statusCode, e.json().field]).toEqual([422, 'file']);
    expect((await inject(collector, 'GET', `/api/v1/cases/${openCase.id}/attachments/att_00000000000000000000000000`)).statusCode).toBe(404);
  });
});

describe('reveal (PI-20) and touches', () => {
  it('reveal needs the permission and a reason; each call is audited and logged as evidence', async () => {
    expect((await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/reveal`, { fields: ['idNumber'], reason: '上门核实身份' })).statusCode).toBe(403);
    const short = await inject(compliance, 'POST', `/api/v1/cases/${openCase.id}/reveal`, { fields: ['idNumber'], reason: '核实' });
    expect([short.statusCode, JSON.stringify(short.json())]).toEqual([400, expect.stringContaining('reason')]);
    const before = await withTenant(r.db, tenantId, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'pii.unmask'`));
    const ok = await inject(compliance, 'POST', `/api/v1/cases/${openCase.id}/reveal`, { fields: ['idNumber', 'phones'], reason: '投诉复核需核对身份' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(ok.json().phones[0]).toMatch(/^1\d{10}$/);
    const after = await withTenant(r.db, tenantId, (tx) => rows<{ n: number; reason: string }>(tx, sql`SELECT count(*)::int AS n, max(reason) AS reason FROM platform.audit_log WHERE action = 'pii.unmask'`));
    expect([after[0].n - before[0].n, after[0].reason]).toEqual([1, '投诉复核需核对身份']);
    const ev = await withTenant(r.db, tenantId, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM evidence.leaves WHERE type = 'pii.unmasked' AND case_id = ${openCase.id}`));
    expect(ev[0].n).toBe(1);
    const leaf = await withTenant(r.db, tenantId, (tx) => rows<{ b: string }>(tx, sql`SELECT convert_from(body, 'UTF8') AS b FROM evidence.leaves WHERE type = 'pii.unmasked' AND case_id = ${openCase.id}`));
    expect(leaf[0].b).not.toContain(ok.json().idNumber); // ids and field names only (BC-16)
  });

  it('a touch lands on the timeline, stops the SLA clock, and dispute_raised puts the case on dispute hold', async () => {
    const t = await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/touches`, { outcomeCode: 'no_answer', channel: 'phone' });
    expect(t.statusCode).toBe(201);
    const file = (await inject(collector, 'GET', `/api/v1/cases/${openCase.id}`)).json();
    expect(['met', 'breached']).toContain(file.sla.status);
    const d = await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/touches`, { outcomeCode: 'dispute_raised', channel: 'phone', note: '称此债务非本人所欠' });
    expect(d.json().holdId).toMatch(/^hold_/);
    const held = (await inject(collector, 'GET', `/api/v1/cases/${openCase.id}`)).json();
    expect(held.holds.map((h: { kind: string }) => h.kind)).toContain('dispute');
    expect(held.collectible).toBe(false);
    const bad = await inject(collector, 'POST', `/api/v1/cases/${openCase.id}/touches`, { outcomeCode: 'threatened', channel: 'phone' });
    expect([bad.statusCode, JSON.stringify(bad.json())]).toEqual([400, expect.stringContaining('outcomeCode')]);
    const codes = (await inject(collector, 'GET', '/api/v1/outcome-codes')).json().items.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['contacted_promise', 'wrong_number', 'third_party_message', 'dispute_raised']));
  });
});

describe('first-action SLA (72 h, per creditor)', () => {
  it('summary counts add up per creditor and per day', async () => {
    const s = (await inject(collector, 'GET', '/api/v1/sla/summary?days=30')).json();
    const total = s.met + s.onTrack + s.atRisk + s.breached;
    expect(total).toBeGreaterThan(0);
    expect(s.byCreditor.reduce((a: number, c: { met: number; onTrack: number; atRisk: number; breached: number }) => a + c.met + c.onTrack + c.atRisk + c.breached, 0)).toBe(total);
    expect(s.daily).toHaveLength(30);
    expect(s.daily.reduce((a: number, d: { placed: number }) => a + d.placed, 0)).toBe(total);
    expect(s.breached).toBeGreaterThan(0);
  });

  it('lists the open cases at risk and breached from the server, each agreeing with its case file (masked names)', async () => {
    const creditors = (await inject(admin, 'GET', '/api/v1/creditors')).json().items as Array<{ id: string; code: string }>;
    const cred = creditors.find((c) => c.code === 'DEMO-JH')!;
    const body = `33070219900101${String(Date.now() % 1000).padStart(3, '0')}`;
    const placed = await inject(admin, 'POST', '/api/v1/cases', { creditorId: cred.id, debtor: { kind: 'person', name: '欧阳演示', idNumber: body + residentIdCheckChar(body) },
      debt: { originalCreditor: '示例原始债权人（演示）', contractNumber: `SLA-${Date.now()}`, principal: '1200.00', originationDate: '2025-01-01', dueDate: '2025-07-01' } });
    expect(placed.statusCode, placed.body).toBe(201);
    freshCaseId = placed.json().caseId;
    const near = (await inject(collector, 'GET', '/api/v1/sla/summary')).json();
    expect(near.atRiskCases.map((c: { caseId: string }) => c.caseId)).not.toContain(freshCaseId); // 72 h left: not due within 24 h
    const wide = (await inject(collector, 'GET', '/api/v1/sla/summary?dueWithinHours=100')).json();
    const mine = wide.atRiskCases.find((c: { caseId: string }) => c.caseId === freshCaseId);
    expect(mine).toMatchObject({ ref: placed.json().ref, debtorName: '欧阳**', creditor: { id: cred.id }, collector: null, stage: 'intake' });
    expect(mine.hoursLeft).toBeGreaterThan(71.5);
    expect(mine.hoursLeft).toBeLessThanOrEqual(72);
    const hoursLeft = wide.atRiskCases.map((c: { hoursLeft: number }) => c.hoursLeft);
    expect(hoursLeft).toEqual([...hoursLeft].sort((a, b) => a - b));
    expect(wide.breachedCases.length).toBeGreaterThan(0);
    expect(wide.breachedOpenTotal).toBeGreaterThanOrEqual(wide.breachedCases.length);
    for (const c of [...near.atRiskCases, ...wide.breachedCases.slice(0, 5)]) {
      const f = (await inject(collector, 'GET', `/api/v1/cases/${c.caseId}`)).json();
      expect(c.debtorName).toContain('*');
      if (c.hoursLeft < 0) expect(f.sla.status).toBe('breached');
      else {
        expect(['at_risk', 'on_track']).toContain(f.sla.status);
        expect(c.hoursLeft).toBeLessThanOrEqual(24);
        expect(Math.abs(new Date(f.sla.dueAt).getTime() - new Date(c.dueAt).getTime())).toBeLessThan(60_000);
      }
    }
  });

  it('the SLA job raises each breach once: a task and an e-mail to the assignee (admins when unassigned), however often it runs', async () => {
    const job = slaAlertsJob({ messenger: r.messenger });
    const mails = () => withPlatform(r.db, (tx) => rows<{ recipient: string; subject: string; body: string }>(tx, sql`SELECT recipient, subject, body FROM platform.messages WHERE tenant_id = ${tenantId} AND purpose = 'sla_alert'`));
    const alertTasks = () => withTenant(r.db, tenantId, (tx) => rows<{ case_id: string; kind: string; assigned_to: string | null }>(tx, sql`SELECT case_id, kind, assigned_to FROM cases.tasks WHERE kind IN ('sla_breached', 'sla_at_risk')`));
    expect(await mails()).toHaveLength(0);
    await job.handler({}, { db: r.db, logger: pino({ level: 'silent' }) });
    const sent = await mails();
    const made = await alertTasks();
    expect(made.filter((t) => t.kind === 'sla_breached').length).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThanOrEqual(made.length);
    expect(made.every((t) => t.assigned_to !== null)).toBe(true);
    const breachMail = sent.find((m) => m.subject.startsWith('SLA 违约'))!;
    const ref = /案件 (\S+) /.exec(breachMail.subject)![1]!;
    expect(breachMail.body).toContain(ref);
    // the mail carries the case ref only, never the debtor's name (BC-16 spirit: no personal data in alerts)
    const names = all.map((c) => c.debtorName).filter((n) => n.length > 1);
    expect(sent.some((m) => names.some((n) => m.body.includes(n)))).toBe(false);
    await job.handler({}, { db: r.db, logger: pino({ level: 'silent' }) });
    expect(await mails()).toHaveLength(sent.length);
    expect(await alertTasks()).toHaveLength(made.length);
    expect(await withTenant(r.db, tenantId, (tx) => sweepSlaAlerts(tx))).toEqual({ atRisk: 0, breached: 0, notified: 0 });

    // the unassigned case placed above breaches 73 h from now: its task goes to an admin and every admin is mailed
    const later = new Date(Date.now() + 73 * 3_600_000);
    const r2 = await withTenant(r.db, tenantId, (tx) => sweepSlaAlerts(tx, later, { notify: (t, m) => r.messenger.send(t, m) }));
    expect(r2.breached).toBeGreaterThan(0);
    const t = (await alertTasks()).find((x) => x.case_id === freshCaseId && x.kind === 'sla_breached')!;
    expect(t.assigned_to).toBe(admin.body.user.id);
    const ref2 = (await inject(collector, 'GET', `/api/v1/cases/${freshCaseId}`)).json().ref;
    const toAdmins = (await mails()).filter((m) => m.subject.includes(ref2)).map((m) => m.recipient);
    expect(toAdmins).toContain('admin@demo.recourse.test');
  });
});
