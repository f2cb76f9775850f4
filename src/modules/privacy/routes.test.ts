// Privacy over HTTP on the real app (PGlite, demo tenant): data-subject rights in the portal (PI-09), the correction
// queue with audit + evidence, explanation and human review (COL-85), processing records and PIAs (PI-06), and the
// retention purge with holds (PI-07, COL-61).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp, signIn } from '../../../test/support/app.js';
import { withTenant, withRegulator, rows, sql } from '../../platform/db/index.js';
import { getDebtor, revealContactPoints } from '../debtors/index.js';
import { placeHold, transitionCase, getCase } from '../cases/index.js';
import { auditLog, getLogHead } from '../evidence/index.js';
import { hashData, modelVersion, registerModelVersion, scoreCase, setDeployment, trainModel, listOpenReviews, type ModelBundle } from '../risk/index.js';
import { makeClassificationData } from '../risk/testing.js';
import { demoSecrets, demoTenantId, keysOf, signInDebtorHttp } from './testing.js';
import { retentionPurgeJob } from './jobs.js';
import { createTestTenant } from '../../platform/db/testing.js';
import { seedDemoPortfolio, searchCases } from '../cases/index.js';
import { listCorrections, requestCorrection } from './rights.js';
import { placeRetentionHold } from './retention.js';
import { loadDefaultRecords } from './records.js';

const PW = 'Recourse-demo-2026';

describe('privacy HTTP', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const tenantId = await demoTenantId(r);
  const keys = keysOf(r);
  const compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  const debtor = await signInDebtorHttp(r);
  const secrets = await demoSecrets(r);
  const noSecrets = (body: string) => [...secrets.ids, ...secrets.phones].filter((s) => s && body.includes(s));

  it('tenant isolation: another tenant’s correction requests, holds and records are invisible and 404', async () => {
    const b = await createTestTenant(r.db);
    const bObjects = await withTenant(r.db, b.id, async (tx) => {
      await seedDemoPortfolio(tx, b.id, keys, { count: 4 });
      const [c] = (await searchCases(tx, keys, { limit: 5 })).items.filter((x) => x.stage !== 'closed');
      const corr = await requestCorrection(tx, keys, { caseRef: c.ref, tenantId: b.id, requestedBy: 'debtor:x', field: 'email', value: 'b@example.cn' });
      const hold = await placeRetentionHold(tx, { caseId: c.id, reason: 'B hold', actorId: 'usr_b' });
      await loadDefaultRecords(tx, 'usr_b');
      return { corr: corr.id, hold: hold.id, caseId: c.id };
    });
    for (const url of [`/api/v1/privacy/corrections/${bObjects.corr}/approve`, `/api/v1/privacy/corrections/${bObjects.corr}/reject`]) {
      const res = await r.app.inject({ method: 'POST', url, headers: compliance.headers, payload: { note: 'probe' } });
      expect(res.statusCode).toBe(404);
    }
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/privacy/retention/holds/${bObjects.hold}/release`, headers: compliance.headers, payload: {} })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/holds', headers: compliance.headers, payload: { caseId: bObjects.caseId, reason: 'probe' } })).statusCode).toBe(404);
    for (const url of ['/api/v1/privacy/corrections', '/api/v1/privacy/retention/holds', '/api/v1/privacy/activities', '/api/v1/privacy/pias', '/api/v1/privacy/retention']) {
      const res = await r.app.inject({ method: 'GET', url, headers: compliance.headers });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(b.id);
      for (const id of Object.values(bObjects)) expect(res.body).not.toContain(id);
    }
    await withTenant(r.db, b.id, async (tx) => {
      expect((await listCorrections(tx)).map((c) => c.id)).toEqual([bObjects.corr]);
    });
  });

  it('PI-09: the debtor sees what the agency holds, masked, with source and legal basis', async () => {
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data', headers: debtor.headers });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.case.ref).toBe(debtor.caseRef);
    expect(d.subject.idNumberMasked).toMatch(/\*{4,}/);
    expect(d.subject.contactPoints.length).toBeGreaterThan(0);
    expect(d.source.creditorName.length).toBeGreaterThan(0);
    expect(d.purpose.legalBasis).toBe('contract');
    expect(d.events[0].type).toBe('placed');
    expect(noSecrets(res.body)).toEqual([]);
    // staff may not call portal routes
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data', headers: collector.headers })).statusCode).toBe(403);
  });

  it('PI-09: downloads a copy as JSON and CSV (attachment, masked, formula-safe)', async () => {
    const j = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data/download?format=json', headers: debtor.headers });
    expect(j.statusCode).toBe(200);
    expect(j.headers['content-disposition']).toContain(`my-data-${debtor.caseRef}.json`);
    expect(JSON.parse(j.body).case.ref).toBe(debtor.caseRef);
    const c = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data/download?format=csv', headers: debtor.headers });
    expect(c.statusCode).toBe(200);
    expect(c.headers['content-type']).toContain('text/csv');
    expect(c.body.startsWith('\ufeffsection')).toBe(true);
    expect(c.body).toContain(debtor.caseRef);
    expect(noSecrets(j.body + c.body)).toEqual([]);
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data/download?format=xml', headers: debtor.headers })).statusCode).toBe(400);
  });

  it.skipIf(!existsSync('/usr/bin/pdftotext'))('PI-09: downloads a readable Chinese PDF copy (CJK font embedded; masked; pdftotext reads it back)', async () => {
    const mine = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data', headers: debtor.headers })).json();
    const res = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data/download?format=pdf', headers: debtor.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`my-data-${debtor.caseRef}.pdf`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'mydata-'));
    const file = join(dir, 'my-data.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('个人信息副本');
    expect(text).toContain(debtor.caseRef);
    expect(text).toContain(mine.subject.name.replace(/\s+/g, ''));
    expect(text).toContain(mine.subject.idNumberMasked);
    expect(text).toContain(mine.source.creditorName.replace(/\s+/g, ''));
    expect(text).toContain('处理目的');
    expect(noSecrets(text)).toEqual([]);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts).toMatch(/yes\s+yes/); // embedded, subset
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data/download?format=pdf', headers: collector.headers })).statusCode).toBe(403);
  });

  it('PI-10 / PI-21: the analytics export is pseudonymised, banded and k-anonymous, or refused naming the small classes; audit-logged', async () => {
    const url = (q: string) => `/api/v1/privacy/analytics-export?purpose=risk-model-2026q4&${q}`;
    // every attribute at once: the small demo portfolio has classes below k = 5, so the export is refused
    const strict = await r.app.inject({ method: 'GET', url: url('k=5'), headers: compliance.headers });
    expect(strict.statusCode).toBe(422);
    expect(strict.json().code).toBe('PII_K_ANONYMITY_FAILED');
    expect(strict.json().violating.length).toBeGreaterThan(0);
    expect(strict.json().violating.every((c: { count: number }) => c.count < 5)).toBe(true);
    // region × stage: still classes of 2-4 cases, and suppressing them would drop more than 5 % of rows: refused
    expect((await r.app.inject({ method: 'GET', url: url('fields=region,stage&k=5&suppress=true'), headers: compliance.headers })).statusCode).toBe(422);
    // coarse enough: the region alone (the demo debtors carry none, so one class)
    const used = url('fields=region&k=5&suppress=true');
    const res = await r.app.inject({ method: 'GET', url: used, headers: compliance.headers });
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json() as { rows: Record<string, string>[]; k: number; minClassSize: number; suppressed: number };
    expect(e.rows.length).toBeGreaterThan(0);
    const classes = new Map<string, number>();
    for (const row of e.rows) classes.set(row.region, (classes.get(row.region) ?? 0) + 1);
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(5);
    expect(e.minClassSize).toBe(Math.min(...classes.values()));
    expect(Object.keys(e.rows[0])).toEqual(['subject', 'case', 'region', 'currency']);
    expect(e.rows.every((x) => /^ps_[a-z2-7]{16}$/.test(x.subject) && /^ps_[a-z2-7]{16}$/.test(x.case))).toBe(true);
    expect(noSecrets(res.body)).toEqual([]);
    expect(res.body).not.toMatch(/dbt_|case_[0-9a-z]{26}/);
    // stable per purpose, unlinkable across purposes
    const again = (await r.app.inject({ method: 'GET', url: used, headers: compliance.headers })).json();
    expect(again.rows.map((x: { subject: string }) => x.subject).sort()).toEqual(e.rows.map((x) => x.subject).sort());
    const other = (await r.app.inject({ method: 'GET', url: used.replace('risk-model-2026q4', 'data-room-b'), headers: compliance.headers })).json();
    const mine = new Set(e.rows.map((x) => x.subject));
    expect(other.rows.some((x: { subject: string }) => mine.has(x.subject))).toBe(false);
    const csv = await r.app.inject({ method: 'GET', url: `${used}&format=csv`, headers: compliance.headers });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['x-k-anonymity']).toContain('k=5');
    expect(csv.body.split('\r\n')[0]).toBe('\ufeffsubject,case,region,currency');
    expect((await r.app.inject({ method: 'GET', url: url('k=5'), headers: collector.headers })).statusCode).toBe(403);
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/privacy/analytics-export?purpose=X', headers: compliance.headers })).statusCode).toBe(400);
    expect((await r.app.inject({ method: 'GET', url: url('fields=name'), headers: compliance.headers })).statusCode).toBe(400);
    const audits = await withTenant(r.db, tenantId, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'privacy.analytics.export'`));
    expect(Number(audits[0].n)).toBe(4); // the refused export wrote nothing (its transaction rolled back)
  });

  let correctionId = '';
  it('PI-09: a correction request is validated, sealed and shown masked; one open request per field', async () => {
    const bad = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/portal/corrections', headers: debtor.headers, payload: { field: 'phone', value: '12345' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().field).toBe('value');
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/portal/corrections', headers: debtor.headers, payload: { field: 'phone', value: '13912345678', note: '换号了' } });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.proposedMasked).toBe('139****5678');
    expect(res.body).not.toContain('13912345678');
    correctionId = c.id;
    const again = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/portal/corrections', headers: debtor.headers, payload: { field: 'phone', value: '13912345679' } });
    expect(again.statusCode).toBe(409);
    const mine = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/corrections', headers: debtor.headers });
    expect(mine.json().items.map((x: { id: string }) => x.id)).toContain(correctionId);
  });

  it('PI-09: the compliance officer approves it: the debtor is updated, audit row and evidence leaf written', async () => {
    const queue = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/corrections', headers: compliance.headers });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.some((x: { id: string }) => x.id === correctionId)).toBe(true);
    expect(queue.body).not.toContain('13912345678');
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/privacy/corrections', headers: collector.headers })).statusCode).toBe(403);
    const sizeBefore = await withTenant(r.db, tenantId, async (tx) => (await getLogHead(tx)).size);
    const ok = await r.app.inject({ method: 'POST', url: `/api/v1/privacy/corrections/${correctionId}/approve`, headers: compliance.headers, payload: { note: '已核实' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    const twice = await r.app.inject({ method: 'POST', url: `/api/v1/privacy/corrections/${correctionId}/approve`, headers: compliance.headers, payload: { note: '已核实' } });
    expect(twice.statusCode).toBe(409);
    await withTenant(r.db, tenantId, async (tx) => {
      const debtorId = ok.json().debtorId as string;
      expect((await revealContactPoints(tx, keys, debtorId, 'phone')).map((p) => p.value)).toContain('13912345678');
      expect((await getLogHead(tx)).size).toBe(sizeBefore + 1);
      const audit = await rows<{ action: string; reason: string }>(tx, sql`SELECT action, reason FROM platform.audit_log WHERE target_id = ${debtorId} AND action = 'privacy.correction.approved'`);
      expect(audit).toEqual([{ action: 'privacy.correction.approved', reason: '已核实' }]);
    });
    const unknown = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/corrections/corr_00000000000000000000000000/reject', headers: compliance.headers, payload: { note: 'no' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('PIPL art 24 / COL-85: explanation of automated scores and a human-review request through risk', async () => {
    const none = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/explanation', headers: debtor.headers });
    expect(none.statusCode).toBe(200);
    expect(none.json().scores).toEqual([]);
    const refused = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/portal/review-requests', headers: debtor.headers, payload: { reason: '为什么' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('PRIVACY_NOT_SCORED');
    // score the case with a small deployed model
    const data = makeClassificationData(300, 7, 3);
    const model = trainModel('gbdt', data.x, data.y, { nEstimators: 8 });
    const sha = hashData(`privacy-${Date.now()}`);
    const bundle: ModelBundle = {
      format: 'recourse-risk-model/1', version: modelVersion('gbdt', new Date(), sha), kind: 'gbdt', target: 'y', featureNames: model.featureNames, excludedProtected: [],
      trainedAt: new Date().toISOString(), trainedBy: 'analyst', dataSha256: sha, trainingRows: 300, defaultRate: 0.3, trainMs: 1, model,
    };
    const caseId = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/my-data', headers: debtor.headers })).json().case.id as string;
    await withTenant(r.db, tenantId, async (tx) => {
      await registerModelVersion(tx, bundle, 'usr_seed');
      await setDeployment(tx, { championVersion: bundle.version, reason: 'test' }, 'usr_seed');
      await scoreCase(tx, caseId, Object.fromEntries(data.x.names.map((n, j) => [n, data.x.columns[j][0]])));
    });
    const why = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/explanation', headers: debtor.headers })).json();
    expect(why.scores).toHaveLength(1);
    expect(why.scores[0].reasons.length).toBeGreaterThan(0);
    const asked = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/portal/review-requests', headers: debtor.headers, payload: { reason: '请人工复核' } });
    expect(asked.statusCode).toBe(201);
    const open = await withTenant(r.db, tenantId, (tx) => listOpenReviews(tx));
    expect(open.some((x) => x.id === asked.json().id && x.caseId === caseId && x.requesterKind === 'debtor')).toBe(true);
    const after = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/portal/explanation', headers: debtor.headers })).json();
    expect(after.reviews.map((x: { id: string }) => x.id)).toContain(asked.json().id);
  });

  it('PI-06: processing records and PIAs are seeded for the demo tenant, can be added, and the regulator reads them', async () => {
    const acts = await r.app.inject({ method: 'GET', url: '/api/v1/privacy/activities', headers: compliance.headers });
    expect(acts.statusCode).toBe(200);
    const items = acts.json().items as Array<{ id: string; code: string; lastPiaOn: string | null }>;
    expect(items.map((a) => a.code)).toEqual(expect.arrayContaining(['debt_collection', 'risk_scoring', 'debtor_portal']));
    expect(items.find((a) => a.code === 'debt_collection')!.lastPiaOn).toBe('2026-01-15');
    const portal = items.find((a) => a.code === 'debtor_portal')!;
    const pia = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/pias', headers: compliance.headers, payload: {
      activityId: portal.id, assessedOn: '2026-03-01', scope: '门户', risks: '验证码被冒用', measures: '速率限制', conclusion: 'acceptable', approver: '合规负责人' } });
    expect(pia.statusCode).toBe(201);
    const dup = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/activities', headers: compliance.headers, payload: {
      code: 'debt_collection', nameZh: 'x', nameEn: 'x', purpose: 'x', legalBasis: 'contract', categories: ['x'], recipients: 'x', retention: 'x', securityMeasures: 'x' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('code');
    expect((await r.app.inject({ method: 'POST', url: '/api/v1/privacy/pias', headers: collector.headers, payload: {} })).statusCode).toBe(403);
    const regulator = await signIn(r, 'platform', 'regulator@recourse.test', PW);
    const reg = await r.app.inject({ method: 'GET', url: `/api/v1/regulator/privacy/tenants/${tenantId}/records`, headers: regulator.headers });
    expect(reg.statusCode).toBe(200);
    expect(reg.json().pias.some((p: { id: string }) => p.id === pia.json().id)).toBe(true);
    const seen = await withRegulator(r.db, (tx) => rows(tx, sql`SELECT id FROM privacy.correction_requests`)).catch(() => 'denied');
    expect(seen).toBe('denied'); // the regulator role reads records and PIAs, never the requests with personal data
  });

  it('PI-07 / COL-61: retention dry run, holds (legal hold at closing, retention hold), purge with audit + evidence; digests stay intact', async () => {
    const report0 = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/retention', headers: compliance.headers })).json();
    expect(report0.retentionDays).toBe(1825);
    expect(report0.counts.due).toBe(0); // demo cases closed recently: nothing due at 5 years
    // a case closed while a legal hold was in force
    const openCase = (await r.app.inject({ method: 'GET', url: '/api/v1/cases?stage=active&limit=50', headers: compliance.headers })).json().items
      .find((c: { ref: string }) => c.ref !== debtor.caseRef) as { id: string; debtorId: string };
    await withTenant(r.db, tenantId, async (tx) => {
      await placeHold(tx, { caseId: openCase.id, kind: 'legal_hold', reason: '诉讼保全', actorId: compliance.body.user.id });
      await transitionCase(tx, { caseId: openCase.id, to: 'closed', closeReason: 'recalled', reason: '委托撤回', actorId: compliance.body.user.id });
      expect((await getCase(tx, openCase.id)).stage).toBe('closed');
    });
    expect((await r.app.inject({ method: 'PUT', url: '/api/v1/privacy/retention/settings', headers: compliance.headers, payload: { retentionDays: 0 } })).statusCode).toBe(200);
    const report1 = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/retention', headers: compliance.headers })).json();
    const due = report1.items.filter((i: { status: string }) => i.status === 'due');
    expect(due.length).toBeGreaterThan(1);
    const legal = report1.items.find((i: { debtorId: string }) => i.debtorId === openCase.debtorId);
    expect(legal).toMatchObject({ status: 'held', holds: [`legal_hold:${openCase.id}`] });
    // a retention hold on one due debtor's case
    const keep = due[0] as { debtorId: string; cases: Array<{ id: string }> };
    const hold = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/holds', headers: compliance.headers, payload: { caseId: keep.cases[0].id, reason: '监管调查' } });
    expect(hold.statusCode).toBe(201);
    const foreign = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/holds', headers: compliance.headers, payload: { caseId: 'case_00000000000000000000000000', reason: 'x1' } });
    expect(foreign.statusCode).toBe(404);
    const report2 = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/retention', headers: compliance.headers })).json();
    expect(report2.counts.due).toBe(report1.counts.due - 1);
    const sizeBefore = await withTenant(r.db, tenantId, async (tx) => (await getLogHead(tx)).size);
    const run = await r.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/run', headers: compliance.headers, payload: { confirm: true } });
    expect(run.statusCode).toBe(200);
    const purged = run.json().purged as Array<{ debtorId: string }>;
    expect(purged.length).toBe(report2.counts.due);
    expect(purged.map((p) => p.debtorId)).not.toContain(keep.debtorId);
    await withTenant(r.db, tenantId, async (tx) => {
      for (const p of purged) {
        const d = await getDebtor(tx, p.debtorId);
        expect(d.name).toBe('已删除');
        expect(d.contactPoints.every((c) => c.masked === '已删除' && c.suppressed)).toBe(true);
        expect(await revealContactPoints(tx, keys, p.debtorId, 'phone')).toEqual([]);
      }
      expect((await getLogHead(tx)).size).toBe(sizeBefore + purged.length);
      const a = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'privacy.retention.purge'`);
      expect(Number(a[0].n)).toBe(purged.length);
      const check = await auditLog(tx);
      expect(check.ok).toBe(true);
    });
    const again = (await r.app.inject({ method: 'POST', url: '/api/v1/privacy/retention/run', headers: compliance.headers, payload: { confirm: true } })).json();
    expect(again.purged).toEqual([]);
    const report3 = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/retention', headers: compliance.headers })).json();
    expect(report3.counts.purged).toBe(purged.length);
    expect(report3.counts.held).toBeGreaterThanOrEqual(1);
  });

  it('PI-07: the scheduled job privacy.retention-purge purges a debtor whose case has just closed (period 0 days)', async () => {
    const c = (await r.app.inject({ method: 'GET', url: '/api/v1/cases?stage=active&limit=50', headers: compliance.headers })).json().items
      .find((x: { ref: string }) => x.ref !== debtor.caseRef) as { id: string; debtorId: string };
    await withTenant(r.db, tenantId, (tx) => transitionCase(tx, { caseId: c.id, to: 'closed', closeReason: 'paid', reason: '结清', actorId: compliance.body.user.id }));
    const before = (await r.app.inject({ method: 'GET', url: '/api/v1/privacy/retention', headers: compliance.headers })).json();
    const mine = before.items.find((i: { debtorId: string }) => i.debtorId === c.debtorId);
    expect(mine.status).toBe('due');
    await r.queue.send(retentionPurgeJob(keys), { tenantId });
    await r.queue.idle();
    const d = await withTenant(r.db, tenantId, (tx) => getDebtor(tx, c.debtorId));
    expect(d.name).toBe('已删除');
    const audit = await withTenant(r.db, tenantId, (tx) => rows<{ actor_id: string }>(tx, sql`SELECT actor_id FROM platform.audit_log WHERE action = 'privacy.retention.purge' AND target_id = ${c.debtorId}`));
    expect(audit).toEqual([{ actor_id: 'system' }]);
  });
});
