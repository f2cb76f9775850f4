// HTTP: documents routes over the real app (PGlite, demo tenant with a small portfolio). DOC-01..13, DOC-05, COL-42.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { testApp, signIn, type Session } from '../../../test/support/app.js';
import type { Recourse } from '../../app.js';
import { DocumentKind } from './template-types.js';
import { demoCases, lastMessage, signInDebtor } from './testing-http.js';

const PW = 'Recourse-demo-2026';
const PAY = { payAccountName: '示例债权人托管账户', payBank: '中国工商银行金华分行', payAccountNo: '1208000000000000001', debtorAddress: '浙江省金华市婺城区示例路1号' };
const PLAN = { 'agreement.instalments': '6', 'agreement.firstDueDate': '2026-12-15', 'agreement.waiverFen': '0' };
/** Sample values for case-data inputs a demo case lacks (typed in as overrides, as a user would). */
const SAMPLE: Record<string, string> = {
  ...PLAN,
  'preservation.stage': 'in_suit', 'preservation.amountFen': '10000.00',
  'preservation.assets': '[{"type":"银行存款","description":"被申请人名下银行账户存款"}]',
  assets: '[{"type":"银行存款","description":"被执行人名下银行账户存款"}]',
  'judgment.adjudicatedFen': '20000.00', 'judgment.periodEnd': '2026-01-31',
  assignee: '{"kind":"organisation","name":"浙江信融资产管理有限公司","uscc":"91330000MA27XYW125","address":"浙江省杭州市上城区钱江路1366号"}',
  'agent.name': '周文静', 'agent.licenceNo': '13301201810234567', 'mediation.body': '金华市婺城区人民调解委员会', 'debtor.serviceAddress': '浙江省金华市婺城区示例路1号',
};

let r: Recourse;
let legal: Session;
let collector: Session;
let compliance: Session;
let cases: Awaited<ReturnType<typeof demoCases>>;

beforeAll(async () => {
  r = await testApp();
  legal = await signIn(r, 'demo', 'legal@demo.recourse.test', PW);
  collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
  cases = await demoCases(r, 3);
}, 180_000);

describe('document kinds and templates', () => {
  it('DOC-01..13: lists the thirteen kinds; the demo tenant (works with a law firm) may issue a lawyer’s letter (DOC-05)', async () => {
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/document-kinds', headers: collector.headers });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ kind: string; allowed: boolean; signable: boolean }>;
    expect(items.map((i) => i.kind)).toEqual(DocumentKind.options);
    expect(items.find((i) => i.kind === 'lawyer_letter')!.allowed).toBe(true);
    expect(items.filter((i) => i.signable).map((i) => i.kind).sort()).toEqual(['debt_acknowledgment', 'mediation_agreement', 'repayment_agreement']);
  });

  it('template edit → new version; invalid edit → 422 naming the path; preview PDF; restore shipped; collectors may not edit', async () => {
    const get = await r.app.inject({ method: 'GET', url: '/api/v1/document-templates/evidence_list', headers: legal.headers });
    expect(get.statusCode).toBe(200);
    const t = get.json().template;
    const edited = { ...t, title: '证据目录（本所格式）' };
    const put = await r.app.inject({ method: 'PUT', url: '/api/v1/document-templates/evidence_list', headers: legal.headers, payload: { template: edited } });
    expect(put.statusCode).toBe(200);
    expect(put.json().version).toBeGreaterThanOrEqual(1);
    const bad = await r.app.inject({ method: 'PUT', url: '/api/v1/document-templates/evidence_list', headers: legal.headers, payload: { template: { ...t, fields: [{ name: 'x', label: 'x', required: 'yes', type: 'text' }] } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/fields\.0\.required/);
    const denied = await r.app.inject({ method: 'PUT', url: '/api/v1/document-templates/evidence_list', headers: collector.headers, payload: { template: edited } });
    expect(denied.statusCode).toBe(403);
    const prev = await r.app.inject({ method: 'POST', url: '/api/v1/document-templates/evidence_list/preview', headers: legal.headers, payload: { template: { ...edited, title: '预览标题' } } });
    expect(prev.statusCode).toBe(200);
    expect(prev.headers['content-type']).toMatch(/application\/pdf/);
    expect(prev.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const restore = await r.app.inject({ method: 'POST', url: '/api/v1/document-templates/evidence_list/restore', headers: legal.headers });
    expect(restore.statusCode).toBe(200);
    expect(restore.json().source).toBe('shipped');
    const versions = await r.app.inject({ method: 'GET', url: '/api/v1/document-templates/evidence_list/versions', headers: legal.headers });
    expect(versions.json().items.map((v: { source: string }) => v.source).slice(0, 2)).toEqual(['shipped', 'tenant']);
    const list = await r.app.inject({ method: 'GET', url: '/api/v1/document-templates', headers: legal.headers });
    expect(list.json().items).toHaveLength(13);
  });
});

describe('case documents', () => {
  it('fields are filled from the case, debtor, creditor, debt and ledger; the payee account is listed as missing', async () => {
    const c = cases[0];
    const res = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents/demand_letter/fields`, headers: collector.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const f = Object.fromEntries(body.fields.map((x: { name: string; text: string | null; capitals: string | null }) => [x.name, x]));
    expect(f.debtorName.text).toBe(c.debtorName);
    expect(f.total.text).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(f.total.capitals).toMatch(/^人民币.+(整|分)$/);
    const missing = body.missing.map((m: { field: string }) => m.field);
    expect(missing).toEqual(expect.arrayContaining(['payAccountName', 'payAccountNo', 'payBank']));
    expect(missing.every((m: string) => m in PAY)).toBe(true);
    const withPay = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents/demand_letter/fields?overrides=${encodeURIComponent(JSON.stringify(PAY))}`, headers: collector.headers });
    expect(withPay.json().missing).toEqual([]);
  });

  it('case data skips the full case ledger only where it has nothing to allocate (same figures as reading it)', async () => {
    const { withTenant } = await import('../../platform/db/index.js');
    const { getCase, searchCases } = await import('../cases/index.js');
    const { accounts, getCaseLedger, listAccountTransfers } = await import('../ledger/index.js');
    const { demoTenantId, keysOf } = await import('./testing-http.js');
    const tenantId = await demoTenantId(r);
    const checked = await withTenant(r.db, tenantId, async (tx) => {
      let n = 0;
      for (const i of (await searchCases(tx, keysOf(r), { limit: 100 })).items) {
        const c = await getCase(tx, i.id);
        if (c.position.paidFen !== 0n || (await listAccountTransfers(tx, accounts.receivable(i.id))).length) continue;
        const l = await getCaseLedger(tx, i.id);
        expect([l.allocation.totals.principalFen, l.allocation.totals.interestFen, l.payments.length]).toEqual([0n, 0n, 0]);
        n++;
      }
      return n;
    });
    expect(checked).toBeGreaterThan(0);
  });

  it('D0 送达地址: the debtor’s address on file fills the address fields of every party document, without typing it in', async () => {
    const { payAccountName, payBank, payAccountNo } = PAY;
    for (const c of cases) {
      const res = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents/demand_letter/fields?overrides=${encodeURIComponent(JSON.stringify({ payAccountName, payBank, payAccountNo }))}`, headers: collector.headers });
      const body = res.json();
      const addr = body.fields.find((x: { name: string }) => x.name === 'debtorAddress');
      // The demo portfolio's synthetic Jinhua service addresses (cases/demo.ts), revealed for the document only.
      expect(addr.text).toMatch(/^浙江省金华市.+（演示）$/);
      expect(body.missing).toEqual([]);
    }
  });

  it('missing required fields → 422 listing them (nothing stored); with them typed in → 201 stored with digests and an evidence leaf; download matches', async () => {
    const c = cases[0];
    const miss = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/documents`, headers: collector.headers, payload: { kind: 'demand_letter', format: 'pdf' } });
    expect(miss.statusCode).toBe(422);
    expect(miss.json().code).toBe('DOCUMENTS_FIELDS_MISSING');
    expect(miss.json().missing.map((m: { field: string }) => m.field)).toContain('payAccountNo');
    const before = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents`, headers: collector.headers })).json().items.length;
    const ok = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/documents`, headers: collector.headers, payload: { kind: 'demand_letter', format: 'pdf', overrides: PAY } });
    expect(ok.statusCode).toBe(201);
    const d = ok.json();
    expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(d.evidenceLeaf).toBeGreaterThanOrEqual(0);
    const list = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents`, headers: collector.headers })).json().items;
    expect(list.length).toBe(before + 1);
    const dl = await r.app.inject({ method: 'GET', url: `/api/v1/documents/${d.id}/download`, headers: compliance.headers });
    expect(dl.statusCode).toBe(200);
    expect(createHash('sha256').update(dl.rawPayload).digest('hex')).toBe(d.sha256);
  });

  it('every kind renders (DOCX) for a demo case once its missing fields are typed in', async () => {
    const c = cases[1];
    const kinds = (await r.app.inject({ method: 'GET', url: '/api/v1/document-kinds', headers: legal.headers })).json().items as Array<{ kind: string }>;
    for (const { kind } of kinds) {
      const overrides: Record<string, string> = {};
      for (let round = 0; round < 3; round++) {
        const res = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents/${kind}/fields?overrides=${encodeURIComponent(JSON.stringify(overrides))}`, headers: legal.headers });
        expect([kind, res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([kind, 200, '']);
        const fields = res.json();
        if (!fields.missing.length) break;
        for (const m of fields.missing as Array<{ field: string; needs: string[] }>) {
          for (const n of m.needs) {
            const spec = fields.fields.find((x: { name: string }) => x.name === n);
            overrides[n] = SAMPLE[n] ?? (n in PAY ? PAY[n as keyof typeof PAY] : spec?.type === 'money' ? '1000.00' : spec?.type === 'date' ? '2026-01-15' : spec?.type === 'number' ? '3' : n === 'stage' ? 'in_suit' : `测试${n}`);
          }
        }
      }
      const res = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/documents`, headers: legal.headers, payload: { kind, format: 'docx', overrides } });
      expect([kind, res.statusCode, res.statusCode === 201 ? '' : res.body]).toEqual([kind, 201, '']);
    }
  }, 120_000);

  it('foreign / unknown ids are 404; bad kind is 400; roles without generation rights are 403', async () => {
    const none = 'case_00000000000000000000000000';
    expect((await r.app.inject({ method: 'GET', url: `/api/v1/cases/${none}/documents`, headers: collector.headers })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'GET', url: `/api/v1/cases/${none}/documents/demand_letter/fields`, headers: collector.headers })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/documents/doc_00000000000000000000000000/download', headers: collector.headers })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/document-batches/dbat_00000000000000000000000000', headers: collector.headers })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'GET', url: `/api/v1/cases/${cases[0].id}/documents/court_judgment/fields`, headers: collector.headers })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/cases/${cases[0].id}/documents`, headers: compliance.headers, payload: { kind: 'demand_letter', format: 'pdf', overrides: PAY } })).statusCode).toBe(403);
  });

  it('COL-42: an edited template imitating a court document is refused at generation (422 naming the rule)', async () => {
    const t = (await r.app.inject({ method: 'GET', url: '/api/v1/document-templates/debt_acknowledgment', headers: legal.headers })).json().template;
    const fake = { ...t, blocks: [...t.blocks, { kind: 'para', text: '本院判决如下：限你三日内还款，（2026）浙0702民初123号', indent: true }] };
    expect((await r.app.inject({ method: 'PUT', url: '/api/v1/document-templates/debt_acknowledgment', headers: legal.headers, payload: { template: fake } })).statusCode).toBe(200);
    const res = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${cases[2].id}/documents`, headers: legal.headers, payload: { kind: 'debt_acknowledgment', format: 'pdf', overrides: PAY } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('DOCUMENTS_CONTENT_FORBIDDEN');
    expect(JSON.stringify(res.json())).toMatch(/COL-4[23]/);
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/document-templates/debt_acknowledgment/restore', headers: legal.headers })).statusCode).toBe(200);
  });
});

describe('batches', () => {
  it('with a render worker (RECOURSE_RENDER_WORKERS=1) a batch stores every document and records failures the same way', async () => {
    const { withTenant } = await import('../../platform/db/index.js');
    const { createBatch, runBatch } = await import('./batches.js');
    const { createRenderPool } = await import('./render-pool.js');
    const { demoTenantId, keysOf } = await import('./testing-http.js');
    const tenantId = await demoTenantId(r);
    const pool = await createRenderPool(1);
    try {
      expect(pool.size).toBe(1);
      const b = await withTenant(r.db, tenantId, (tx) => createBatch(tx, keysOf(r), { kind: 'demand_letter', format: 'pdf', caseIds: cases.map((c) => c.id), overrides: PAY, actor: 'system' }));
      const s = await runBatch(r.db, keysOf(r), tenantId, b.id, { pool, publicUrl: r.config.publicUrl });
      expect(s).toMatchObject({ status: 'finished', total: cases.length, done: cases.length, failed: [] });
      const bad = await withTenant(r.db, tenantId, (tx) => createBatch(tx, keysOf(r), { kind: 'demand_letter', format: 'pdf', caseIds: cases.map((c) => c.id), overrides: {}, actor: 'system' }));
      const sb = await runBatch(r.db, keysOf(r), tenantId, bad.id, { pool, publicUrl: r.config.publicUrl });
      expect(sb.done).toBe(0);
      expect(sb.failed.map((f) => f.reason)).toEqual(cases.map(() => 'DOCUMENTS_FIELDS_MISSING'));
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('runs as a job with progress; failures list the missing fields; the zip holds the documents', async () => {
    const ids = cases.map((c) => c.id);
    const bad = await r.app.inject({ method: 'POST', url: '/api/v1/document-batches', headers: collector.headers, payload: { kind: 'demand_letter', format: 'pdf', caseIds: ids } });
    expect(bad.statusCode).toBe(202);
    await r.queue.idle();
    const sBad = (await r.app.inject({ method: 'GET', url: `/api/v1/document-batches/${bad.json().batchId}`, headers: collector.headers })).json();
    expect(sBad).toMatchObject({ status: 'finished', total: 3, done: 0 });
    expect(sBad.failed).toHaveLength(3);
    expect(sBad.failed[0].missing.map((m: { field: string }) => m.field)).toContain('payBank');

    const ok = await r.app.inject({ method: 'POST', url: '/api/v1/document-batches', headers: collector.headers, payload: { kind: 'demand_letter', format: 'docx', caseIds: ids, overrides: PAY } });
    await r.queue.idle();
    const s = (await r.app.inject({ method: 'GET', url: `/api/v1/document-batches/${ok.json().batchId}`, headers: collector.headers })).json();
    expect(s).toMatchObject({ status: 'finished', total: 3, done: 3, failed: [] });
    const zip = await r.app.inject({ method: 'GET', url: `/api/v1/document-batches/${ok.json().batchId}/download`, headers: collector.headers });
    expect(zip.statusCode).toBe(200);
    const { unzipSync } = await import('fflate');
    expect(Object.keys(unzipSync(new Uint8Array(zip.rawPayload))).sort()).toEqual(ids.map((id) => `${id}-demand_letter.docx`).sort());

    const byFilter = await r.app.inject({ method: 'POST', url: '/api/v1/document-batches', headers: collector.headers, payload: { kind: 'evidence_list', format: 'pdf', filter: { limit: 2 } } });
    expect(byFilter.statusCode).toBe(202);
    expect(byFilter.json().total).toBe(2);
    await r.queue.idle();
    const neither = await r.app.inject({ method: 'POST', url: '/api/v1/document-batches', headers: collector.headers, payload: { kind: 'evidence_list', format: 'pdf' } });
    expect(neither.statusCode).toBe(400);
  }, 120_000);
});

describe('signing from the portal', () => {
  it('debtor sees the agreement, wrong code refused, right code signs; signature binds the PDF digest; staff see it signed', async () => {
    const c = cases[2];
    const gen = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/documents`, headers: legal.headers, payload: { kind: 'repayment_agreement', format: 'pdf', overrides: { ...PAY, ...PLAN } } });
    expect(gen.statusCode).toBe(201);
    const doc = gen.json();
    const letter = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/documents`, headers: legal.headers, payload: { kind: 'demand_letter', format: 'pdf', overrides: PAY } });
    const debtor = await signInDebtor(r, c);
    const mine = (await r.app.inject({ method: 'GET', url: '/api/v1/portal/documents', headers: debtor.headers })).json().items;
    expect(mine.map((d: { id: string }) => d.id)).toContain(doc.id);
    expect(mine.map((d: { id: string }) => d.id)).not.toContain(letter.json().id);
    const file = await r.app.inject({ method: 'GET', url: `/api/v1/portal/documents/${doc.id}/file`, headers: debtor.headers });
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(doc.sha256);
    // a demand letter is not signable; another case's document is not found
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${letter.json().id}/sign-request`, headers: debtor.headers })).statusCode).toBe(422);
    const other = (await r.app.inject({ method: 'POST', url: `/api/v1/cases/${cases[1].id}/documents`, headers: legal.headers, payload: { kind: 'debt_acknowledgment', format: 'pdf', overrides: PAY } })).json();
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${other.id}/sign-request`, headers: debtor.headers })).statusCode).toBe(404);

    const req1 = await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${doc.id}/sign-request`, headers: debtor.headers });
    expect(req1.statusCode).toBe(200);
    expect(req1.json().documentSha256).toBe(doc.sha256);
    const code = /签署验证码 (\d{6})/.exec(await lastMessage(r, 'document_sign_otp'))![1];
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${doc.id}/sign`, headers: debtor.headers, payload: { code: wrong } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('DOCUMENTS_SIGN_CODE_INVALID');
    const good = await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${doc.id}/sign`, headers: debtor.headers, payload: { code } });
    expect(good.statusCode).toBe(200);
    expect(good.json().documentSha256).toBe(doc.sha256);
    expect(good.json().evidenceLeaf).toBeGreaterThan(doc.evidenceLeaf);
    const again = await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${doc.id}/sign`, headers: debtor.headers, payload: { code } });
    expect(again.statusCode).toBe(409);
    const staff = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents`, headers: collector.headers })).json().items.find((d: { id: string }) => d.id === doc.id);
    expect(staff.signature).toMatchObject({ documentSha256: doc.sha256, signerRef: c.ref, method: 'portal_session+sms_otp' });
    // staff cannot use the portal routes
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/portal/documents', headers: collector.headers })).statusCode).toBe(403);
  }, 120_000);
});
