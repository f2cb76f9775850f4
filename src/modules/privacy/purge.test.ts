// PI-07 / COL-61 (issue 9): the retention purge reaches every module. One debtor with data everywhere — a note, a
// task, an attachment, a call with its recording and transcript, a complaint, a generated document, a bank payment
// matched by reconciliation, a bank statement for risk, a correction request, portal SMS in the outbox — is closed,
// its retention period runs out, a legal hold on the recording blocks it, the dry run lists what would go, and the
// purge runs. Then every text / json / bytea column of every table of every schema is searched, as the database
// owner (no row-level security), for the debtor's name, identity number, phones and e-mail: nothing may remain.
// The evidence log still audits clean and a case package still verifies offline, without the erased files.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { testApp, signIn } from '../../../test/support/app.js';
import { withTenant, rows, sql } from '../../platform/db/index.js';
import { IMPORT_FILE_RETENTION_DAYS, transitionCase } from '../cases/index.js';
import { auditLog, verifyPackage } from '../evidence/index.js';
import { multipart } from '../cases/testing-http.js';
import { syntheticResidentId } from '../debtors/testing.js';
import { atLocal, addDays, localDate } from '../compliance/index.js';
import { demoTenantId, signInDebtorHttp } from './testing.js';

const PW = 'Recourse-demo-2026';
const suffix = Date.now().toString(36).slice(-5);
const NAME = '欧阳澜清';
const ID = syntheticResidentId(4242);
const PHONE = '13977104242';
const EMAIL = `lanqing.${suffix}@example.cn`;
const NEW_PHONE = '13566604242';

const ENT = {
  scopes: ['collection_outsourcing', 'mediation'], startsOn: '2020-01-01', endsOn: '2099-12-31', feeTermsRef: 'FEE-P', contractRef: 'WT-P',
  lawfulDebtAttestation: { attestedBy: '法务部（测试）' },
  dpa: { ref: 'DPA-P', signedOn: '2020-01-01', purpose: '逾期债务催收', piCategories: ['姓名', '身份证号', '手机号'], protectiveMeasures: '加密', endOfTerm: 'delete' },
};
const PAY = { payAccountName: '示例债权人托管账户', payBank: '中国工商银行金华分行', payAccountNo: '1208000000000000001', debtorAddress: '浙江省金华市婺城区示例路1号' };

/** Every (schema, table, column) of a text-like, json or bytea type outside the system schemas. */
async function searchableColumns(r: Awaited<ReturnType<typeof testApp>>) {
  return r.db.query<{ s: string; t: string; c: string; type: string }>(`SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c, c.data_type AS type
    FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_%'
      AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY')
    ORDER BY 1, 2, 3`);
}

/** Columns (schema.table.column) holding any needle in clear, as the owner (row-level security does not apply). */
async function findEverywhere(r: Awaited<ReturnType<typeof testApp>>, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
  for (const col of await searchableColumns(r)) {
    const ref = `${q(col.s)}.${q(col.t)}`;
    const expr = col.type === 'bytea' ? `position(convert_to($1, 'UTF8') in ${q(col.c)}) > 0` : `strpos(${q(col.c)}::text, $1) > 0`;
    for (const n of needles) {
      const [{ n: count }] = await r.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ref} WHERE ${expr}`, [n]);
      if (Number(count) > 0) hits.push(`${col.s}.${col.t}.${col.c} ∋ ${n.slice(0, 3)}…`);
    }
  }
  return hits;
}

describe('PI-07 retention purge across every module', { timeout: 600_000 }, async () => {
  const r = await testApp();
  const tenantId = await demoTenantId(r);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
  const compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
  const send = (s: { headers: Record<string, string> }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    r.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const ok = <T extends { statusCode: number; body: string }>(res: T, code: number): T => {
    expect(res.statusCode, res.body).toBe(code);
    return res;
  };

  // ---- a debtor with personal data in every module ----
  const cred = ok(await send(admin, 'POST', '/api/v1/creditors', { code: `PRG${suffix}`, name: `测试债权人 PRG${suffix}` }), 201).json().id as string;
  ok(await send(admin, 'POST', `/api/v1/creditors/${cred}/entrustments`, ENT), 201);
  const placed = ok(await send(admin, 'POST', '/api/v1/cases', {
    creditorId: cred, debtor: { kind: 'person', name: NAME, idNumber: ID, phones: [PHONE], emails: [EMAIL] },
    debt: { originalCreditor: '原始债权人', contractNumber: `PRG-${suffix}`, principal: '8800.00', originationDate: '2024-02-01', dueDate: '2025-02-01' },
  }), 201).json();
  const caseId = placed.caseId as string;
  const c = ok(await send(admin, 'GET', `/api/v1/cases/${caseId}`), 200).json();
  const caseRef = c.ref as string;
  const debtorId = (await r.db.query<{ debtor_id: string }>('SELECT debtor_id FROM cases.cases WHERE id = $1', [caseId]))[0].debtor_id;
  const files: Record<string, string> = {};

  it('sets up data in every module through the API (as users would)', async () => {
    ok(await send(admin, 'POST', `/api/v1/cases/${caseId}/notes`, { text: `与${NAME}通话，手机 ${PHONE}，身份证 ${ID}` }), 201);
    ok(await send(admin, 'POST', `/api/v1/cases/${caseId}/tasks`, { title: `回访${NAME} ${PHONE}`, dueAt: new Date(Date.now() + 86_400_000).toISOString() }), 201);
    const attBytes = Buffer.from(`借款人 ${NAME} 身份证号 ${ID} 手机 ${PHONE}\n`);
    const m = multipart({}, { name: `${NAME}-身份证.txt`, type: 'text/plain', bytes: attBytes });
    const att = ok(await r.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, headers: { ...admin.headers, ...m.headers }, payload: m.payload }), 201).json();
    files.attachment = att.sha256;

    const tz = 'Asia/Shanghai';
    const at = atLocal(addDays(localDate(new Date(), tz), -1), 14 * 60, tz).toISOString();
    const attempt = ok(await send(admin, 'POST', '/api/v1/contacts', { caseId, channel: 'voice_agent', outcomeCode: 'contacted_hardship', at }), 201).json();
    const audio = Buffer.from(`RIFF....WAVEfmt recording of ${PHONE} ${suffix}`);
    const rec = multipart({ attemptId: attempt.attemptId, durationSeconds: '60', announced: 'true', transcript: `您好，请问是${NAME}吗？您的手机 ${PHONE}` }, { name: 'call.wav', type: 'audio/wav', bytes: audio });
    const recording = ok(await r.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/recordings`, headers: { ...admin.headers, ...rec.headers }, payload: rec.payload }), 201).json();
    files.recording = recording.sha256;
    files.recordingId = recording.id;

    ok(await send(admin, 'POST', `/api/v1/cases/${caseId}/reachability/marks`, { kind: 'out_of_contact', reason: `走访确认${NAME}已搬离，${PHONE}停机` }), 201);

    const doc = ok(await send(admin, 'POST', `/api/v1/cases/${caseId}/documents`, { kind: 'demand_letter', format: 'pdf', overrides: PAY }), 201).json();
    files.document = doc.sha256;

    const day = new Date().toISOString().slice(0, 10);
    const csv = `交易日期,贷方金额,对方户名,摘要\n${day},50.00,${NAME},还款 ${caseRef} ${PHONE}\n`;
    const st = multipart({}, { name: 'statement.csv', type: 'text/csv', bytes: csv });
    const recon = ok(await r.app.inject({ method: 'POST', url: '/api/v1/reconciliations', headers: { ...compliance.headers, ...st.headers }, payload: st.payload }), 201).json();
    expect(recon.summary.matched).toBe(1);

    const statement = ['交易日期,摘要,收入,支出,余额', `2026-09-10,代发工资 ${NAME},8000.00,,9000.00`, `2026-09-15,转账 ${PHONE},,500.00,8500.00`].join('\n');
    ok(await send(admin, 'POST', `/api/v1/risk/cases/${caseId}/bank-statements`, { csv: statement }), 201);

    const debtor = await signInDebtorHttp(r, caseRef); // the one-time code goes to PHONE through the outbox
    ok(await send(debtor, 'POST', '/api/v1/privacy/portal/corrections', { field: 'phone', value: NEW_PHONE, note: `旧号码 ${PHONE} 已停用` }), 201);
    ok(await send(debtor, 'POST', '/api/v1/portal/complaints', { kind: 'complaint', summary: `我是${NAME}，电话 ${PHONE}，请勿再联系我的单位` }), 201);

    // all there before the purge (proves the search finds what it looks for)
    const before = await findEverywhere(r, [ID, PHONE]);
    expect(before.some((h) => h.startsWith('platform.messages'))).toBe(true);
    expect(before.some((h) => h.startsWith('evidence.files.bytes'))).toBe(true);
    expect(before.some((h) => h.startsWith('compliance.recordings.transcript'))).toBe(true);
    expect(before.some((h) => h.startsWith('documents.generated.snapshot'))).toBe(true);
    // risk keeps only date, amount, balance and category of each transaction: financial data of the debtor, no identifiers
    expect(await r.db.query('SELECT id FROM risk.bank_statements WHERE case_id = $1', [caseId])).toHaveLength(1);
    expect(before.some((h) => h.startsWith('ledger.reconciliation_lines'))).toBe(true);
    expect(before.some((h) => h.startsWith('compliance.complaints'))).toBe(true);
    expect(before.some((h) => h.startsWith('compliance.reachability_marks'))).toBe(true);

    await withTenant(r.db, tenantId, (tx) => transitionCase(tx, { caseId, to: 'closed', closeReason: 'uncollectible', reason: `${NAME} 无力偿还`, actorId: admin.body.user.id }));
    ok(await send(compliance, 'PUT', '/api/v1/privacy/retention/settings', { retentionDays: 0 }), 200);
  });

  it('a legal hold on the recording (COL-62) keeps the whole debtor; the dry run lists what would go in every module', async () => {
    ok(await send(compliance, 'PUT', `/api/v1/cases/${caseId}/recordings/${files.recordingId}/legal-hold`, { on: true }), 200);
    const held = ok(await send(compliance, 'GET', '/api/v1/privacy/retention'), 200).json();
    expect(held.items.find((i: { debtorId: string }) => i.debtorId === debtorId)).toMatchObject({ status: 'held', holds: [`recording_legal_hold:${files.recordingId}`] });
    const run = ok(await send(compliance, 'POST', '/api/v1/privacy/retention/run', { confirm: true }), 200).json();
    expect(run.purged.map((p: { debtorId: string }) => p.debtorId)).not.toContain(debtorId);
    expect(await findEverywhere(r, [ID])).not.toEqual([]);
    ok(await send(compliance, 'PUT', `/api/v1/cases/${caseId}/recordings/${files.recordingId}/legal-hold`, { on: false }), 200);

    const preview = ok(await send(compliance, 'GET', `/api/v1/privacy/retention/preview?debtorId=${debtorId}`), 200).json();
    expect(preview.items).toHaveLength(1);
    const m = preview.items[0].modules;
    expect(m.debtors).toMatchObject({ debtors: 1 });
    expect(m.debtors.contactPoints).toBeGreaterThanOrEqual(2);
    expect(m.cases.notes).toBe(1);
    expect(m.cases.attachments).toBe(1);
    expect(m.cases.tasks).toBe(1);
    expect(m.cases.timelineEvents).toBeGreaterThanOrEqual(1);
    expect(m.compliance).toMatchObject({ recordings: 1, complaints: 1 });
    expect(m.documents.generated).toBe(1);
    expect(m.ledger.reconciliationLines).toBe(1);
    expect(m.risk.bankStatements).toBe(1);
    expect(m.privacy.correctionRequests).toBe(1);
    expect(m.platform.outboxMessages).toBeGreaterThanOrEqual(1);
    expect(preview.items[0].filesErased).toBe(3);
    // the dry run changed nothing
    expect((await findEverywhere(r, [ID])).length).toBeGreaterThan(0);
    expect(await withTenant(r.db, tenantId, (tx) => rows(tx, sql`SELECT 1 FROM privacy.purges WHERE debtor_id = ${debtorId}`))).toEqual([]);
    const bad = await send(compliance, 'GET', '/api/v1/privacy/retention/preview?debtorId=nope');
    expect(bad.statusCode).toBe(400);
  });

  it('the purge leaves no clear personal value in any column of any table; files erased, digests intact; the evidence still verifies', async () => {
    const run = ok(await send(compliance, 'POST', '/api/v1/privacy/retention/run', { confirm: true }), 200).json();
    expect(run.failed).toEqual([]);
    const mine = run.purged.find((p: { debtorId: string }) => p.debtorId === debtorId);
    expect(mine).toBeDefined();
    expect(mine.filesErased).toBe(3);
    expect(mine.modules.cases.notes).toBe(1);

    const hits = await findEverywhere(r, [NAME, ID, PHONE, EMAIL, NEW_PHONE, ID.slice(0, 17)]);
    expect(hits).toEqual([]);

    // the original files are gone from the evidence store; their digests stay on the rows and in the leaves
    const fileRows = await r.db.query<{ sha256: string }>('SELECT sha256 FROM evidence.files WHERE sha256 = ANY($1)', [[files.attachment, files.recording, files.document]]);
    expect(fileRows).toEqual([]);
    const leafDigests = await r.db.query<{ content_sha256: string }>('SELECT content_sha256 FROM evidence.leaves WHERE content_sha256 = ANY($1)', [[files.attachment, files.recording, files.document]]);
    expect(new Set(leafDigests.map((l) => l.content_sha256))).toEqual(new Set([files.attachment, files.recording, files.document]));
    const rec = (await r.db.query<{ sha256: string }>('SELECT sha256 FROM compliance.recordings WHERE id = $1', [files.recordingId]))[0];
    expect(rec.sha256).toBe(files.recording);

    // the case's screens still answer (no 500s on purged rows)
    expect((await send(admin, 'GET', `/api/v1/cases/${caseId}/notes`)).json().items).toEqual([]);
    const atts = ok(await send(admin, 'GET', `/api/v1/cases/${caseId}/attachments`), 200).json().items;
    expect(atts[0]).toMatchObject({ fileName: '已删除', sha256: files.attachment });
    expect((await send(admin, 'GET', `/api/v1/cases/${caseId}/attachments/${atts[0].id}`)).statusCode).toBe(404);
    ok(await send(admin, 'GET', `/api/v1/cases/${caseId}/timeline`), 200);
    ok(await send(admin, 'GET', `/api/v1/cases/${caseId}/recordings`), 200);
    ok(await send(admin, 'GET', `/api/v1/cases/${caseId}/documents`), 200);
    ok(await send(admin, 'GET', `/api/v1/cases/${caseId}/ledger`), 200);

    // the register and the evidence leaf carry counts per module, never values
    const reg = await withTenant(r.db, tenantId, (tx) => rows<{ module_counts: Record<string, Record<string, number>>; files_erased: number }>(tx, sql`SELECT module_counts, files_erased FROM privacy.purges WHERE debtor_id = ${debtorId}`));
    expect(reg[0].files_erased).toBe(3);
    expect(reg[0].module_counts.risk.bankStatements).toBe(1);
    expect(await r.db.query('SELECT id FROM risk.bank_statements WHERE case_id = $1', [caseId])).toEqual([]);

    await withTenant(r.db, tenantId, async (tx) => expect((await auditLog(tx)).ok).toBe(true));
    ok(await send(admin, 'POST', '/api/v1/evidence/checkpoints'), 200);
    const vkeys = ok(await send(admin, 'GET', '/api/v1/evidence/logs/demo/vkeys'), 200).json();
    const pkg = ok(await r.app.inject({ method: 'GET', url: `/api/v1/evidence/packages?caseId=${caseId}`, headers: admin.headers }), 200);
    const v = verifyPackage(new Uint8Array(pkg.rawPayload), { vkeys: vkeys.vkeys.map((k: { vkey?: string } | string) => (typeof k === 'string' ? k : k.vkey)) });
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
    const digests = v.items.map((i) => JSON.stringify(i));
    expect(digests.some((d) => d.includes(files.document))).toBe(true);
    expect(createHash('sha256').update(pkg.rawPayload).digest('hex')).toMatch(/^[0-9a-f]{64}$/);

    // purging again is a no-op; the portal is gone for this case
    const again = ok(await send(compliance, 'POST', '/api/v1/privacy/retention/run', { confirm: true }), 200).json();
    expect(again.purged.map((p: { debtorId: string }) => p.debtorId)).not.toContain(debtorId);
  });

  it('all or nothing per debtor: one debtor failing mid-purge is rolled back whole and retried; the others are purged', async () => {
    const open = ok(await send(admin, 'GET', '/api/v1/cases?stage=active&limit=50'), 200).json().items as Array<{ id: string }>;
    const [a, b] = open.slice(0, 2);
    const debtorOf = async (id: string) => (await r.db.query<{ debtor_id: string }>('SELECT debtor_id FROM cases.cases WHERE id = $1', [id]))[0].debtor_id;
    const [da, db] = [await debtorOf(a.id), await debtorOf(b.id)];
    ok(await send(admin, 'POST', `/api/v1/cases/${a.id}/documents`, { kind: 'demand_letter', format: 'pdf', overrides: PAY }), 201);
    ok(await send(admin, 'POST', `/api/v1/cases/${a.id}/notes`, { text: '全有或全无测试' }), 201);
    for (const c of [a, b]) await withTenant(r.db, tenantId, (tx) => transitionCase(tx, { caseId: c.id, to: 'closed', closeReason: 'paid', reason: '结清', actorId: admin.body.user.id }));
    // the documents step fails for A's rows only (a test trigger refuses the write): everything of A already done in
    // other modules rolls back, B goes through
    await r.db.exec(`CREATE FUNCTION public.test_refuse_a() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF OLD.case_id = '${a.id}' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'P0001'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_refuse_a BEFORE UPDATE ON documents.generated FOR EACH ROW EXECUTE FUNCTION public.test_refuse_a();`);
    try {
      const run = ok(await send(compliance, 'POST', '/api/v1/privacy/retention/run', { confirm: true }), 200).json();
      expect(run.failed.map((f: { debtorId: string }) => f.debtorId)).toEqual([da]);
      expect(run.purged.map((p: { debtorId: string }) => p.debtorId)).toContain(db);
    } finally {
      await r.db.exec('DROP TRIGGER test_refuse_a ON documents.generated; DROP FUNCTION public.test_refuse_a();');
    }
    const state = async (d: string, c: string) => ({
      purged: (await r.db.query<{ purged_at: string | null }>('SELECT purged_at FROM debtors.debtors WHERE id = $1', [d]))[0].purged_at !== null,
      notes: (await r.db.query('SELECT id FROM cases.notes WHERE case_id = $1', [c])).length,
      register: (await r.db.query('SELECT id FROM privacy.purges WHERE debtor_id = $1', [d])).length,
    });
    expect(await state(da, a.id)).toEqual({ purged: false, notes: 1, register: 0 });
    expect((await state(db, b.id)).purged).toBe(true);
    await withTenant(r.db, tenantId, async (tx) => expect((await auditLog(tx)).ok).toBe(true));
    // next run: A goes too
    const retry = ok(await send(compliance, 'POST', '/api/v1/privacy/retention/run', { confirm: true }), 200).json();
    expect(retry.failed).toEqual([]);
    expect(retry.purged.map((p: { debtorId: string }) => p.debtorId)).toEqual([da]);
    expect(await state(da, a.id)).toEqual({ purged: true, notes: 0, register: 1 });
  });
  it('rejected-rows files of bulk placements hold many debtors: erased IMPORT_FILE_RETENTION_DAYS after the import finished, newer ones kept', async () => {
    const csv = `合同编号,姓名,身份证号,手机号,本金,借款日期,到期日\nIMP-${suffix},${NAME},${ID},${PHONE},-100.00,2024-01-01,2025-01-01\n`;
    const importOf = async () => {
      const m = multipart({ creditorId: cred, mode: 'valid_only' }, { name: 'placements.csv', type: 'text/csv', bytes: Buffer.from(csv) });
      const res = ok(await r.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...admin.headers, ...m.headers }, payload: m.payload }), 202).json();
      await r.queue.idle();
      return res.importId as string;
    };
    const oldId = await importOf();
    const newId = await importOf();
    await r.db.query(`UPDATE cases.imports SET finished_at = now() - interval '${IMPORT_FILE_RETENTION_DAYS + 1} days' WHERE id = $1`, [oldId]);
    const fileOf = async (id: string) => (await r.db.query<{ f: string | null }>('SELECT rejected_enc AS f FROM cases.imports WHERE id = $1', [id]))[0].f;
    expect(await fileOf(oldId)).not.toBeNull();
    const run = ok(await send(compliance, 'POST', '/api/v1/privacy/retention/run', { confirm: true }), 200).json();
    expect(run.importFilesErased).toBe(1);
    expect(await fileOf(oldId)).toBeNull();
    expect(await fileOf(newId)).not.toBeNull();
    // the import's record (counts, row errors) stays readable; the rejected rows are gone
    expect(ok(await send(admin, 'GET', `/api/v1/imports/${oldId}`), 200).json()).toMatchObject({ errorCount: 1, rejectedFileAvailable: false });
    expect(ok(await send(admin, 'GET', `/api/v1/imports/${newId}`), 200).json()).toMatchObject({ rejectedFileAvailable: true });
  });
});
