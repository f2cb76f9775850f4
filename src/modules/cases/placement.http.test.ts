// Placement paths over real HTTP: bulk import as a job (preview, dry run, all-or-nothing, valid rows only with the
// rejected rows as CSV, idempotent re-import, XLSX, bad input naming the field), lead conversion, the creditor
// portal, hand-off to the legal track / a lawyer, and the transfer to another agency with the COL-73 registry.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testApp, signIn, type Session } from '../../../test/support/app.js';
import { withTenant } from '../../platform/db/index.js';
import { usccCheckChar } from '../../platform/cn-ids.js';
import { createUser } from '../tenants/index.js';
import { multipart } from './testing-http.js';
import { syntheticResidentId } from './testing.js';

const r = await testApp();
const PW = 'Recourse-demo-2026';
const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
const legal = await signIn(r, 'demo', 'legal@demo.recourse.test', PW);
const creditorUser = await signIn(r, 'demo', 'creditor@demo.recourse.test', PW);
const suffix = Date.now().toString(36).slice(-6);
const uscc = (n: number) => {
  const body = `91330100${String(n).padStart(4, '0')}${String(Date.now() % 100000).padStart(5, '0')}`;
  return body + usccCheckChar(body);
};
const send = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  r.app.inject({ method, url, headers: s.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
const upload = (s: Session, url: string, fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer | string }) => {
  const m = multipart(fields, file);
  return r.app.inject({ method: 'POST', url, headers: { ...s.headers, ...m.headers }, payload: m.payload });
};
const ENT = {
  scopes: ['collection_outsourcing', 'mediation'], startsOn: '2020-01-01', endsOn: '2099-12-31', feeTermsRef: 'FEE-T', contractRef: 'WT-T',
  lawfulDebtAttestation: { attestedBy: '法务部（测试）' },
  dpa: { ref: 'DPA-T', signedOn: '2020-01-01', purpose: '逾期债务催收', piCategories: ['姓名', '身份证号', '手机号'], protectiveMeasures: '加密', endOfTerm: 'delete' },
};
async function newCreditor(s: Session, code: string, withUscc?: string) {
  const c = await send(s, 'POST', '/api/v1/creditors', { code, name: `测试债权人 ${code}`, ...(withUscc ? { uscc: withUscc } : {}) });
  expect(c.statusCode).toBe(201);
  expect((await send(s, 'POST', `/api/v1/creditors/${c.json().id}/entrustments`, ENT)).statusCode).toBe(201);
  return c.json().id as string;
}
const caseCount = async (s: Session, creditorId: string) => (await send(s, 'GET', `/api/v1/cases?creditorId=${creditorId}`)).json().total as number;

const HEAD = '合同编号,姓名,身份证号,手机号,本金,年利率,借款日期,到期日';
const row = (i: number, o: Partial<Record<'id' | 'principal' | 'origination', string>> = {}) =>
  `IMP-${suffix}-${i},测试${i},${o.id ?? syntheticResidentId(7000 + i)},1390000${String(i).padStart(4, '0')},${o.principal ?? `${1000 + i}.50`},15.4%,${o.origination ?? '2024-01-05'},2025-01-05`;
const CSV = [HEAD, row(1), row(2), row(3, { id: '110105194912310021' }), row(4, { principal: '-5' }), row(5)].join('\n') + '\n';

describe('bulk import over HTTP (job with progress)', () => {
  it('preview → all-or-nothing rejects the file → valid-only places the good rows → re-import places nothing', async () => {
    const creditorId = await newCreditor(admin, `IMP${suffix}`);
    const pv = await upload(admin, '/api/v1/imports/preview', {}, { name: 'placements.csv', type: 'text/csv', bytes: CSV });
    expect(pv.statusCode).toBe(200);
    expect(pv.json()).toMatchObject({ kind: 'csv', headers: HEAD.split(','), suggestedMapping: { contractNumber: '合同编号', principal: '本金' } });
    expect(pv.json().rows).toHaveLength(5);

    const all = await upload(admin, '/api/v1/imports', { creditorId, mode: 'all_or_nothing' }, { name: 'placements.csv', type: 'text/csv', bytes: CSV });
    expect(all.statusCode).toBe(202);
    await r.queue.idle();
    const a = (await send(admin, 'GET', `/api/v1/imports/${all.json().importId}`)).json();
    expect(a).toMatchObject({ status: 'rejected', total: 5, processed: 5, inserted: 0, rejectedFileAvailable: true });
    expect(a.errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 4, field: 'idNumber' }), expect.objectContaining({ row: 5, field: 'principal' })]));
    expect(await caseCount(admin, creditorId)).toBe(0); // nothing half-written

    const dry = await upload(admin, '/api/v1/imports', { creditorId, mode: 'dry_run' }, { name: 'placements.csv', type: 'text/csv', bytes: CSV });
    await r.queue.idle();
    expect((await send(admin, 'GET', `/api/v1/imports/${dry.json().importId}`)).json()).toMatchObject({ status: 'done', inserted: 0, errorCount: 2 });
    expect(await caseCount(admin, creditorId)).toBe(0);

    const some = await upload(admin, '/api/v1/imports', { creditorId, mode: 'valid_only' }, { name: 'placements.csv', type: 'text/csv', bytes: CSV });
    await r.queue.idle();
    const v = (await send(admin, 'GET', `/api/v1/imports/${some.json().importId}`)).json();
    expect(v).toMatchObject({ status: 'done', inserted: 3, duplicates: 0, errorCount: 2 });
    expect(await caseCount(admin, creditorId)).toBe(3);
    const rej = await send(admin, 'GET', `/api/v1/imports/${some.json().importId}/rejected`);
    expect(rej.headers['content-type']).toMatch(/text\/csv/);
    const lines = rej.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`row,${HEAD},reasons`);
    expect(lines[1]).toMatch(/^4,IMP-.*idNumber/);
    expect(lines[2]).toMatch(/^5,IMP-.*principal/);

    const again = await upload(admin, '/api/v1/imports', { creditorId, mode: 'valid_only' }, { name: 'placements.csv', type: 'text/csv', bytes: CSV });
    await r.queue.idle();
    expect((await send(admin, 'GET', `/api/v1/imports/${again.json().importId}`)).json()).toMatchObject({ status: 'done', inserted: 0, duplicates: 3 });
    expect(await caseCount(admin, creditorId)).toBe(3);
  });

  it('imports XLSX with an explicit mapping', async () => {
    const creditorId = await newCreditor(admin, `XL${suffix}`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('sheet1');
    ws.addRow(['Contract', 'Debtor', 'ID', 'Amount', 'Start', 'Due']);
    for (let i = 1; i <= 4; i++) ws.addRow([`XL-${suffix}-${i}`, `表格${i}`, syntheticResidentId(7100 + i), 2000 + i, new Date('2024-03-01'), '2025-03-01']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const mapping = JSON.stringify({ contractNumber: 'Contract', debtorName: 'Debtor', idNumber: 'ID', principal: 'Amount', originationDate: 'Start', dueDate: 'Due' });
    const res = await upload(admin, '/api/v1/imports', { creditorId, mode: 'all_or_nothing', mapping }, { name: 'book.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes });
    expect(res.statusCode).toBe(202);
    await r.queue.idle();
    expect((await send(admin, 'GET', `/api/v1/imports/${res.json().importId}`)).json()).toMatchObject({ status: 'done', inserted: 4, errorCount: 0, rejectedFileAvailable: false });
  });

  it('bad input is a 4xx naming the field, and nothing is queued', async () => {
    const creditorId = await newCreditor(admin, `BAD${suffix}`);
    const file = { name: 'p.csv', type: 'text/csv', bytes: CSV };
    const expectField = async (p: Promise<{ statusCode: number; json(): { field?: string } }>, status: number, field: string) => {
      const res = await p;
      expect([res.statusCode, res.json().field]).toEqual([status, field]);
    };
    await expectField(upload(admin, '/api/v1/imports', { mode: 'valid_only' }, file), 400, 'creditorId');
    await expectField(upload(admin, '/api/v1/imports', { creditorId, mode: 'sometimes' }, file), 400, 'mode');
    await expectField(upload(admin, '/api/v1/imports', { creditorId, mode: 'dry_run', mapping: '{not json' }, file), 400, 'mapping');
    await expectField(upload(admin, '/api/v1/imports', { creditorId, mode: 'dry_run', mapping: JSON.stringify({ contractNumber: '合同编号' }) }, file), 422, 'mapping');
    await expectField(upload(admin, '/api/v1/imports', { creditorId: 'cred_00000000000000000000000000', mode: 'dry_run' }, file), 404, 'creditorId');
    await expectField(upload(admin, '/api/v1/imports', { creditorId, mode: 'dry_run' }), 400, 'file');
    await expectField(upload(admin, '/api/v1/imports', { creditorId, mode: 'dry_run' }, { name: 'p.pdf', type: 'application/pdf', bytes: '%PDF' }), 422, 'file');
    await expectField(send(admin, 'POST', '/api/v1/imports', { creditorId }), 400, 'file');
    expect((await upload(collector, '/api/v1/imports', { creditorId, mode: 'dry_run' }, file)).statusCode).toBe(403);
    expect((await send(admin, 'GET', '/api/v1/imports/imp_00000000000000000000000000')).statusCode).toBe(404);
    expect(await caseCount(admin, creditorId)).toBe(0);
  });
});

describe('leads and the creditor portal', () => {
  it('a consultation lead converts into a creditor with its entrustment and a case, once', async () => {
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { tenant: 'demo', name: '某贸易公司', role: 'creditor', contact: '13700001234', message: '有一笔货款逾期想委托', consent: true } })).statusCode).toBe(202);
    const leads = (await send(admin, 'GET', '/api/v1/leads')).json().items;
    const lead = leads.find((l: { name: string }) => l.name === '某贸易公司');
    expect(lead).toMatchObject({ status: 'new', contactMasked: '137****1234' });
    const body = {
      creditor: { code: `LEAD${suffix}`, name: '某贸易公司（测试）' }, entrustment: ENT,
      debtor: { kind: 'person', name: '线索债务人', idNumber: syntheticResidentId(7300), phones: ['13900007300'] },
      debt: { originalCreditor: '某贸易公司', contractNumber: `LEAD-${suffix}`, principal: '50000.00', originationDate: '2024-05-01', dueDate: '2025-05-01' },
    };
    const badId = await send(admin, 'POST', `/api/v1/leads/${lead.id}/convert`, { ...body, debtor: { ...body.debtor, idNumber: '110105194912310021' } });
    expect(badId.statusCode).toBeGreaterThanOrEqual(400);
    expect(badId.statusCode).toBeLessThan(500);
    expect(JSON.stringify(badId.json())).toContain('idNumber');
    expect((await send(admin, 'GET', '/api/v1/creditors')).json().items.some((c: { code: string }) => c.code === `LEAD${suffix}`)).toBe(false); // nothing half-written
    const ok = await send(admin, 'POST', `/api/v1/leads/${lead.id}/convert`, body);
    expect(ok.statusCode).toBe(201);
    expect((await send(admin, 'GET', `/api/v1/cases/${ok.json().caseId}`)).json()).toMatchObject({ stage: 'intake', creditor: { code: `LEAD${suffix}` } });
    expect((await send(admin, 'POST', `/api/v1/leads/${lead.id}/convert`, body)).statusCode).toBe(422);
    expect((await send(admin, 'POST', '/api/v1/leads/lead_00000000000000000000000000/convert', body)).statusCode).toBe(404);
  });

  it('a creditor user sees only its linked creditors, with placements by stage and SLA', async () => {
    const o = await send(creditorUser, 'GET', '/api/v1/creditor/overview?pageSize=200');
    expect(o.statusCode).toBe(200);
    const ov = o.json();
    expect(ov.creditors.length).toBe(2);
    const ids = ov.creditors.map((c: { id: string }) => c.id);
    let expected = 0;
    for (const id of ids) expected += await caseCount(admin, id);
    expect(ov.byStage.reduce((a: number, s: { count: number }) => a + s.count, 0)).toBe(expected);
    expect(ov.cases.total).toBe(expected);
    expect(ov.cases.items.every((c: { creditorId: string }) => ids.includes(c.creditorId))).toBe(true);
    expect(ov.cases.items.every((c: { debtorIdMasked: string }) => c.debtorIdMasked.includes('*'))).toBe(true);
    expect((await send(collector, 'GET', '/api/v1/creditor/overview')).statusCode).toBe(403);
  });
});

describe('hand-off (COL-73)', () => {
  it('to the legal track and to a lawyer: guarded transition, assigned to a legal officer, history kept', async () => {
    const cases = (await send(admin, 'GET', '/api/v1/cases?status=active&hold=none&pageSize=10')).json().items;
    expect(cases.length).toBeGreaterThanOrEqual(2);
    const h = await send(collector, 'POST', `/api/v1/cases/${cases[0].id}/handoff`, { to: 'legal_track', reason: '多次协商未果，转诉讼' });
    expect(h.statusCode).toBe(201);
    expect(h.json()).toMatchObject({ stage: 'legal', assignedTo: legal.body.user.id, transferId: null });
    const file = (await send(legal, 'GET', `/api/v1/cases/${cases[0].id}`)).json();
    expect([file.stage, file.assignedTo]).toEqual(['legal', legal.body.user.id]);
    const noName = await send(collector, 'POST', `/api/v1/cases/${cases[1].id}/handoff`, { to: 'lawyer', reason: '委托律师' });
    expect([noName.statusCode, noName.json().field]).toEqual([422, 'lawyerName']);
    expect((await send(admin, 'GET', `/api/v1/cases/${cases[1].id}`)).json().stage).toBe('active'); // nothing half-written
    expect((await send(collector, 'POST', `/api/v1/cases/${cases[1].id}/handoff`, { to: 'lawyer', lawyerName: '浙江示例律师事务所', reason: '委托律师起诉' })).statusCode).toBe(201);
    const list = (await send(collector, 'GET', `/api/v1/cases/${cases[1].id}/handoffs`)).json().items;
    expect(list).toEqual([expect.objectContaining({ kind: 'lawyer', target: '浙江示例律师事务所' })]);
    const intake = (await send(admin, 'GET', '/api/v1/cases?status=intake&hold=none')).json().items[0];
    const bad = await send(collector, 'POST', `/api/v1/cases/${intake.id}/handoff`, { to: 'legal_track', reason: '直接起诉' });
    expect([bad.statusCode, bad.json().code, bad.json().allowed]).toEqual([409, 'CASES_TRANSITION_INVALID', ['verification', 'closed']]);
    expect((await send(collector, 'POST', `/api/v1/cases/${intake.id}/handoff`, { to: 'agency', targetTenantSlug: 'x', reason: '转交' })).statusCode).toBe(403);
  });

  it('to another agency: closes here as transferred, the receiver accepts with the history, the registry refuses two active placements', async () => {
    const op = await signIn(r, 'platform', 'operator@recourse.test', PW);
    const slug = `recv-${suffix}`;
    const t = (await send(op, 'POST', '/api/v1/platform/tenants', { slug, displayName: `接收机构 ${slug}`, adminEmail: `admin@${slug}.test`, adminName: '管理员' })).json();
    await send(op, 'PUT', `/api/v1/platform/tenants/${t.id}/filing`, { legalName: '接收信息咨询有限公司', uscc: '91330782MA2E8XP3Q4', legalRepresentative: '接收', filingNumber: `备-${slug}`, lawFirm: 'none', scopes: ['debt_consulting', 'collection_outsourcing', 'mediation'] });
    await send(op, 'POST', `/api/v1/platform/tenants/${t.id}/approve`);
    await withTenant(r.db, t.id, (tx) => createUser(tx, { id: t.id, kind: 'agency' }, { email: `boss@${slug}.test`, displayName: 'B 管理员', role: 'tenant_admin', password: 'Receiver-password-2026', badgeNo: `R-${suffix}` }));
    const bAdmin = await signIn(r, slug, `boss@${slug}.test`, 'Receiver-password-2026');

    const code = uscc(1);
    const aCred = await newCreditor(admin, `XA${suffix}`, code);
    const placed = await send(admin, 'POST', '/api/v1/cases', { creditorId: aCred, debtor: { kind: 'person', name: '转让债务人', idNumber: syntheticResidentId(7400), phones: ['13900007400'] },
      debt: { originalCreditor: '原始债权人', contractNumber: `XFER-${suffix}`, principal: '8800.00', originationDate: '2024-02-01', dueDate: '2025-02-01' } });
    expect(placed.statusCode).toBe(201);
    const caseId = placed.json().caseId;
    await send(admin, 'POST', `/api/v1/cases/${caseId}/notes`, { text: '移交前备注' });

    // The receiver cannot place the same debt while it is active here (platform registry).
    const bCred = await newCreditor(bAdmin, `XB${suffix}`, code);
    const dup = await send(bAdmin, 'POST', '/api/v1/cases', { creditorId: bCred, debtor: { kind: 'person', name: '转让债务人', idNumber: syntheticResidentId(7400) },
      debt: { originalCreditor: '原始债权人', contractNumber: `xfer-${suffix}`, principal: '8800.00', originationDate: '2024-02-01', dueDate: '2025-02-01' } });
    expect([dup.statusCode, dup.json().code, dup.json().rule]).toEqual([409, 'CASES_ACTIVE_ELSEWHERE', 'COL-73']);

    const bad = await send(admin, 'POST', `/api/v1/cases/${caseId}/handoff`, { to: 'agency', targetTenantSlug: 'no-such-agency', reason: '转交' });
    expect([bad.statusCode, bad.json().field]).toEqual([422, 'targetTenantSlug']);
    const h = await send(admin, 'POST', `/api/v1/cases/${caseId}/handoff`, { to: 'agency', targetTenantSlug: slug, reason: '委托方改派' });
    expect(h.statusCode).toBe(201);
    expect((await send(admin, 'GET', `/api/v1/cases/${caseId}`)).json()).toMatchObject({ stage: 'closed', closeReason: 'transferred' });
    const incoming = (await send(bAdmin, 'GET', '/api/v1/transfers/incoming')).json().items;
    expect(incoming).toEqual([expect.objectContaining({ id: h.json().transferId, summary: expect.objectContaining({ contractNumber: `XFER-${suffix}`, principal: '8800.00' }) })]);
    expect((await send(admin, 'GET', '/api/v1/transfers/incoming')).json().items).toEqual([]);
    expect((await send(admin, 'POST', `/api/v1/transfers/${h.json().transferId}/accept`, {})).statusCode).toBe(404); // only the receiver accepts

    const acc = await send(bAdmin, 'POST', `/api/v1/transfers/${h.json().transferId}/accept`, {});
    expect(acc.statusCode).toBe(201);
    const newCase = (await send(bAdmin, 'GET', `/api/v1/cases/${acc.json().caseId}`)).json();
    expect(newCase).toMatchObject({ stage: 'intake', creditor: { id: bCred }, debt: { contractNumber: `XFER-${suffix}`, principal: '8800.00' } });
    const tl = (await send(bAdmin, 'GET', `/api/v1/cases/${acc.json().caseId}/timeline`)).json().items;
    const received = tl.find((e: { detail: { what?: string } }) => e.detail.what === 'transfer_received');
    const history = (received.detail.data as { history: Array<{ type: string; detail: { what?: string; to?: string } }> }).history;
    expect(history.map((e) => e.detail.what ?? e.type)).toEqual(expect.arrayContaining(['placed', 'note_added']));
    expect(history.some((e) => e.type === 'transitioned' && e.detail.to === 'closed')).toBe(true);
    expect((await send(bAdmin, 'GET', `/api/v1/cases/${acc.json().caseId}/handoffs`)).json().items[0]).toMatchObject({ kind: 'received', packageDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await send(bAdmin, 'POST', `/api/v1/transfers/${h.json().transferId}/accept`, {})).statusCode).toBe(404); // once

    // Now the debt is active at the receiver: the sender cannot place it again elsewhere under another creditor record with the same USCC.
    const aCred2 = await newCreditor(admin, `XA2${suffix}`, code);
    const back = await send(admin, 'POST', '/api/v1/cases', { creditorId: aCred2, debtor: { kind: 'person', name: '转让债务人', idNumber: syntheticResidentId(7400) },
      debt: { originalCreditor: '原始债权人', contractNumber: `XFER-${suffix}`, principal: '8800.00', originationDate: '2024-02-01', dueDate: '2025-02-01' } });
    expect([back.statusCode, back.json().code]).toEqual([409, 'CASES_ACTIVE_ELSEWHERE']);
    // Tenant isolation of the workbench routes: the demo agency gets 404 for the receiver's case, never its data.
    const foreign = acc.json().caseId as string;
    const probes: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/cases/${foreign}/tasks`], ['POST', `/api/v1/cases/${foreign}/tasks`, { title: 'x', dueAt: '2030-01-01T00:00:00Z' }],
      ['GET', `/api/v1/cases/${foreign}/notes`], ['POST', `/api/v1/cases/${foreign}/notes`, { text: '探测' }],
      ['GET', `/api/v1/cases/${foreign}/attachments`], ['GET', `/api/v1/cases/${foreign}/handoffs`],
      ['POST', `/api/v1/cases/${foreign}/touches`, { outcomeCode: 'no_answer', channel: 'phone' }],
      ['POST', `/api/v1/cases/${foreign}/reveal`, { fields: ['idNumber'], reason: '隔离探测理由' }],
      ['POST', `/api/v1/cases/${foreign}/handoff`, { to: 'legal_track', reason: '隔离探测' }],
      ['POST', `/api/v1/transfers/${h.json().transferId}/accept`, {}],
    ];
    for (const [m, url, body] of probes) expect([m, url, (await send(admin, m as 'GET', url, body)).statusCode]).toEqual([m, url, 404]);
    const att = await upload(admin, `/api/v1/cases/${foreign}/attachments`, {}, { name: 'a.txt', type: 'text/plain', bytes: 'x' });
    expect(att.statusCode).toBe(404);

    // … nor through a bulk import: that row is reported, the others are placed.
    const csv = [HEAD, `XFER-${suffix},转让债务人,${syntheticResidentId(7400)},13900007400,8800.00,10%,2024-02-01,2025-02-01`, row(90)].join('\n') + '\n';
    const imp = await upload(admin, '/api/v1/imports', { creditorId: aCred2, mode: 'valid_only' }, { name: 'again.csv', type: 'text/csv', bytes: csv });
    await r.queue.idle();
    const res = (await send(admin, 'GET', `/api/v1/imports/${imp.json().importId}`)).json();
    expect(res).toMatchObject({ status: 'done', inserted: 1 });
    expect(res.errors).toEqual([expect.objectContaining({ row: 2, field: 'contractNumber', reason: expect.stringContaining('COL-73') })]);
  });
});
