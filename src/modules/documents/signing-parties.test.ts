// HTTP: every party signs an agreement (DOC-08 分期还款协议, DOC-09 调解协议; 电子签名法 arts 13-14). Real app on PGlite
// with the demo tenant: the debtor from the portal (SMS code), the creditor as a creditor user or a legal officer on
// its behalf under the entrustment (e-mail code from the dev outbox), the mediator for a mediation agreement. Each
// signature binds the same SHA-256 + SM3 and lands in the evidence log; refusals: wrong role, party not on the
// agreement, foreign tenant, digest mismatch after regeneration.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { testApp, signIn, type Session } from '../../../test/support/app.js';
import type { Recourse } from '../../app.js';
import { rows, sql, withTenant } from '../../platform/db/index.js';
import { createUser } from '../tenants/index.js';
import { findValidEntrustment, getCase, revokeEntrustment } from '../cases/index.js';
import { demoCases, demoTenantId, lastMessage, signInDebtor } from './testing-http.js';

const PW = 'Recourse-demo-2026';
const PAY = { payAccountName: '示例债权人托管账户', payBank: '中国工商银行金华分行', payAccountNo: '1208000000000000001', debtorAddress: '浙江省金华市婺城区示例路1号' };
const PLAN = { 'agreement.instalments': '6', 'agreement.firstDueDate': '2026-12-15', 'agreement.waiverFen': '0' };
const MEDIATION = { ...PAY, 'mediation.body': '金华市婺城区人民调解委员会', 'mediation.mediator': '王调解', ...PLAN };

let r: Recourse;
let legal: Session;
let collector: Session;
let creditor: Session;
let mediator: Session;
let linked: Array<{ id: string; ref: string; idLast6: string }>;
let unlinked: { id: string; ref: string } | undefined;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// Signing routes are rate-limited per route and address; each signer here comes from its own address.
let ipN = 0;
const nextIp = () => `10.9.${Math.floor(++ipN / 250)}.${(ipN % 250) + 1}`;

async function generate(caseId: string, kind: string, overrides: Record<string, string>, format = 'pdf'): Promise<Json> {
  const res = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/documents`, headers: legal.headers, payload: { kind, format, overrides } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Staff / creditor user: e-mail code from the dev outbox, then sign with the digest read. */
async function partySign(s: Session, docId: string, party: string, sha256: string) {
  const remoteAddress = nextIp();
  const req = await r.app.inject({ method: 'POST', url: `/api/v1/documents/${docId}/sign-request`, headers: s.headers, payload: { party }, remoteAddress });
  if (req.statusCode !== 200) return req;
  const code = /签署验证码 (\d{6})/.exec(await lastMessage(r, 'party_sign_otp'))![1];
  return r.app.inject({ method: 'POST', url: `/api/v1/documents/${docId}/sign`, headers: s.headers, payload: { party, code, documentSha256: sha256 }, remoteAddress });
}

async function debtorSign(c: { ref: string; idLast6: string }, docId: string) {
  const debtor = await signInDebtor(r, c);
  expect((await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${docId}/sign-request`, headers: debtor.headers })).statusCode).toBe(200);
  const code = /签署验证码 (\d{6})/.exec(await lastMessage(r, 'document_sign_otp'))![1];
  return { debtor, res: await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${docId}/sign`, headers: debtor.headers, payload: { code } }) };
}

async function leaves(caseId: string): Promise<Array<{ type: string; content_sha256: string | null }>> {
  const t = await demoTenantId(r);
  return withTenant(r.db, t, (tx) => rows(tx, sql`SELECT type, content_sha256 FROM evidence.leaves WHERE case_id = ${caseId} ORDER BY leaf_index`));
}

beforeAll(async () => {
  r = await testApp();
  legal = await signIn(r, 'demo', 'legal@demo.recourse.test', PW);
  collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  creditor = await signIn(r, 'demo', 'creditor@demo.recourse.test', PW);
  mediator = await signIn(r, 'demo', 'mediator@demo.recourse.test', PW);
  const mine = (await r.app.inject({ method: 'GET', url: '/api/v1/creditor/overview?pageSize=200', headers: creditor.headers })).json();
  const myIds = new Set((mine.creditors as Array<{ id: string }>).map((c) => c.id));
  const all = (await r.app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: collector.headers })).json().items as Array<{ id: string; ref: string; creditorId: string }>;
  const withPhone = await demoCases(r, 24);
  linked = withPhone.filter((c) => myIds.has(all.find((a) => a.id === c.id)?.creditorId ?? ''));
  unlinked = all.find((a) => !myIds.has(a.creditorId));
}, 180_000);

describe('DOC-08: two-party repayment agreement (creditor user + debtor)', () => {
  it('signed by 0, 1, then 2 of 2; each signature binds SHA-256 + SM3 and is an evidence leaf; fully signed once', async () => {
    expect(linked.length).toBeGreaterThanOrEqual(2);
    const c = linked[0];
    const doc = await generate(c.id, 'repayment_agreement', { ...PAY, ...PLAN });
    const st0 = (await r.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/signing`, headers: collector.headers })).json();
    expect(st0).toMatchObject({ required: ['creditor', 'debtor'], signedCount: 0, requiredCount: 2, fullySigned: false, sha256: doc.sha256, sm3: doc.sm3 });

    // The creditor user reads the PDF it signs (same bytes as stored) and sees the document waiting for it.
    const file = await r.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/signing/file`, headers: creditor.headers });
    expect(file.statusCode).toBe(200);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(doc.sha256);
    const pending = (await r.app.inject({ method: 'GET', url: '/api/v1/document-signing', headers: creditor.headers })).json().items as Json[];
    expect(pending.map((p) => p.documentId)).toContain(doc.id);

    // Wrong code refused (and counted); right code signs.
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign-request`, headers: creditor.headers, payload: { party: 'creditor' } })).statusCode).toBe(200);
    const code = /签署验证码 (\d{6})/.exec(await lastMessage(r, 'party_sign_otp'))![1];
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await r.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign`, headers: creditor.headers, payload: { party: 'creditor', code: wrong, documentSha256: doc.sha256 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('DOCUMENTS_SIGN_CODE_INVALID');
    const s1 = await r.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign`, headers: creditor.headers, payload: { party: 'creditor', code, documentSha256: doc.sha256 } });
    expect(s1.statusCode, s1.body).toBe(200);
    expect(s1.json()).toMatchObject({ party: 'creditor', capacity: 'self', documentSha256: doc.sha256, documentSm3: doc.sm3, method: 'creditor_session+email_otp' });
    expect(s1.json().status).toMatchObject({ signedCount: 1, requiredCount: 2, fullySigned: false });
    // Signing twice for the same party is refused.
    expect((await partySign(creditor, doc.id, 'creditor', doc.sha256)).statusCode).toBe(409);

    const { res: s2 } = await debtorSign(c, doc.id);
    expect(s2.statusCode, s2.body).toBe(200);
    expect(s2.json()).toMatchObject({ signedCount: 2, requiredCount: 2, fullySigned: true });

    const list = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/documents`, headers: collector.headers })).json().items as Json[];
    const row = list.find((d) => d.id === doc.id)!;
    expect(row.signing).toMatchObject({ signedCount: 2, requiredCount: 2, fullySigned: true });
    expect(row.signing.signatures.map((s: Json) => s.party).sort()).toEqual(['creditor', 'debtor']);
    expect(row.signing.signatures.every((s: Json) => s.documentSha256 === doc.sha256 && s.documentSm3 === doc.sm3)).toBe(true);
    expect(row.signing.signatures.find((s: Json) => s.party === 'debtor').signer).toBe(c.ref);
    expect(row.signing.signatures.find((s: Json) => s.party === 'creditor').signer).not.toBe('');

    const ev = (await leaves(c.id)).filter((l) => l.content_sha256 === doc.sha256);
    expect(ev.map((l) => l.type)).toEqual(['document.generated', 'document.signed', 'document.signed', 'document.fully_signed']);
    // No longer waiting for the creditor.
    const after = (await r.app.inject({ method: 'GET', url: '/api/v1/document-signing', headers: creditor.headers })).json().items as Json[];
    expect(after.map((p) => p.documentId)).not.toContain(doc.id);
  }, 180_000);
});

describe('DOC-09: three-party mediation agreement (legal officer for the creditor, mediator, debtor)', () => {
  it('legal officer signs on the creditor’s behalf under the entrustment, the mediator and the debtor sign → 3 of 3', async () => {
    const c = linked[1];
    const doc = await generate(c.id, 'mediation_agreement', MEDIATION);
    const l = await partySign(legal, doc.id, 'creditor', doc.sha256);
    expect(l.statusCode, l.body).toBe(200);
    expect(l.json()).toMatchObject({ capacity: 'on_behalf', method: 'staff_session+email_otp' });
    expect(l.json().status).toMatchObject({ required: ['debtor', 'creditor', 'mediator'], signedCount: 1, requiredCount: 3 });
    const m = await partySign(mediator, doc.id, 'mediator', doc.sha256);
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json().status).toMatchObject({ signedCount: 2, fullySigned: false });
    // The debtor sees k of n in the portal (party and time, not staff names).
    const { debtor, res } = await debtorSign(c, doc.id);
    expect(res.json()).toMatchObject({ signedCount: 3, requiredCount: 3, fullySigned: true });
    const portal = (await r.app.inject({ method: 'GET', url: '/api/v1/portal/documents', headers: debtor.headers })).json().items as Json[];
    const p = portal.find((d) => d.id === doc.id)!;
    expect(p.signing).toMatchObject({ signedCount: 3, fullySigned: true });
    expect(p.signing.signatures.find((s: Json) => s.party === 'mediator').signer).toBe('mediator');
    const st = (await r.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/signing`, headers: legal.headers })).json();
    expect(st.signatures.find((s: Json) => s.party === 'creditor').capacity).toBe('on_behalf');
    const ev = (await leaves(c.id)).filter((x) => x.content_sha256 === doc.sha256).map((x) => x.type);
    expect(ev.filter((t) => t === 'document.signed')).toHaveLength(3);
    expect(ev.at(-1)).toBe('document.fully_signed');
  }, 180_000);
});

describe('refusals', () => {
  it('wrong role (403), party not on the agreement (422), non-agreement (422), a creditor user for another creditor’s case (404)', async () => {
    const c = linked[0];
    const doc = await generate(c.id, 'repayment_agreement', { ...PAY, ...PLAN });
    // A collector may not sign at all; a legal officer may not sign as the mediator or the debtor.
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign-request`, headers: collector.headers, payload: { party: 'creditor' } })).statusCode).toBe(403);
    const asMediator = await partySign(legal, doc.id, 'mediator', doc.sha256);
    expect(asMediator.statusCode).toBe(422); // a repayment agreement has no mediator
    expect(asMediator.json().code).toBe('DOCUMENTS_PARTY_NOT_REQUIRED');
    const asDebtor = await partySign(legal, doc.id, 'debtor', doc.sha256);
    expect(asDebtor.statusCode).toBe(403);
    expect(asDebtor.json().code).toBe('DOCUMENTS_SIGNER_NOT_ALLOWED');
    const med = await generate(c.id, 'mediation_agreement', MEDIATION);
    const legalAsMediator = await partySign(legal, med.id, 'mediator', med.sha256);
    expect(legalAsMediator.statusCode).toBe(403);
    expect(legalAsMediator.json().code).toBe('DOCUMENTS_SIGNER_NOT_ALLOWED');
    const mediatorAsCreditor = await partySign(mediator, med.id, 'creditor', med.sha256);
    expect(mediatorAsCreditor.statusCode).toBe(403);
    const letter = await generate(c.id, 'demand_letter', PAY);
    expect((await partySign(legal, letter.id, 'creditor', letter.sha256)).statusCode).toBe(422);
    const docx = await generate(c.id, 'repayment_agreement', { ...PAY, ...PLAN }, 'docx');
    expect((await partySign(legal, docx.id, 'creditor', docx.sha256)).json().code).toBe('DOCUMENTS_NOT_SIGNABLE');
    if (unlinked) {
      const foreignCreditorDoc = await generate(unlinked.id, 'repayment_agreement', { ...PAY, ...PLAN });
      expect((await partySign(creditor, foreignCreditorDoc.id, 'creditor', foreignCreditorDoc.sha256)).statusCode).toBe(404);
      expect((await r.app.inject({ method: 'GET', url: `/api/v1/documents/${foreignCreditorDoc.id}/signing`, headers: creditor.headers })).statusCode).toBe(404);
      expect((await r.app.inject({ method: 'GET', url: `/api/v1/documents/${foreignCreditorDoc.id}/signing/file`, headers: creditor.headers })).statusCode).toBe(404);
    }
  }, 180_000);

  it('digest mismatch: a regenerated document has a new digest; signing it with the old digest is 409, and old signatures do not count', async () => {
    const c = linked[0];
    const first = await generate(c.id, 'debt_acknowledgment', PAY);
    expect((await partySign(creditor, first.id, 'creditor', first.sha256)).statusCode).toBe(200);
    // Regenerate with a changed field: new document, new digest.
    const second = await generate(c.id, 'debt_acknowledgment', { ...PAY, debtorAddress: '浙江省金华市婺城区示例路2号' });
    expect(second.sha256).not.toBe(first.sha256);
    const st = (await r.app.inject({ method: 'GET', url: `/api/v1/documents/${second.id}/signing`, headers: legal.headers })).json();
    expect(st).toMatchObject({ signedCount: 0, requiredCount: 2, fullySigned: false });
    const stale = await partySign(creditor, second.id, 'creditor', first.sha256);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'DOCUMENTS_DIGEST_MISMATCH' });
    expect(JSON.stringify(stale.json())).toContain('documentSha256');
    // The debtor stating an old digest is refused the same way.
    const debtor = await signInDebtor(r, c);
    await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${second.id}/sign-request`, headers: debtor.headers });
    const code = /签署验证码 (\d{6})/.exec(await lastMessage(r, 'document_sign_otp'))![1];
    const d = await r.app.inject({ method: 'POST', url: `/api/v1/portal/documents/${second.id}/sign`, headers: debtor.headers, payload: { code, documentSha256: first.sha256 } });
    expect(d.statusCode).toBe(409);
  }, 180_000);

  it('foreign tenant: another agency’s legal officer and mediator get 404 for the demo tenant’s agreement', async () => {
    const op = await signIn(r, 'platform', 'operator@recourse.test', PW);
    const slug = `sign-b-${Date.now().toString(36)}`;
    const t = (await r.app.inject({ method: 'POST', url: '/api/v1/platform/tenants', headers: op.headers, payload: { slug, displayName: `签署探测 ${slug}`, adminEmail: `admin@${slug}.test`, adminName: '管理员' } })).json();
    await r.app.inject({ method: 'PUT', url: `/api/v1/platform/tenants/${t.id}/filing`, headers: op.headers, payload: { legalName: '探测信息咨询有限公司', uscc: '91330782MA2E8XP3Q4', legalRepresentative: '探测', filingNumber: `备-${slug}`, lawFirm: 'works_with_law_firm', scopes: ['mediation', 'legal_documents'] } });
    await r.app.inject({ method: 'POST', url: `/api/v1/platform/tenants/${t.id}/approve`, headers: op.headers });
    await withTenant(r.db, t.id, async (tx) => {
      for (const role of ['legal_officer', 'mediator'] as const) await createUser(tx, { id: t.id, kind: 'agency' }, { email: `${role}@${slug}.test`, displayName: role, role, password: 'Probe-password-2026', badgeNo: `${slug.slice(-6)}-${role[0]}` });
    });
    const bLegal = await signIn(r, slug, `legal_officer@${slug}.test`, 'Probe-password-2026');
    const bMediator = await signIn(r, slug, `mediator@${slug}.test`, 'Probe-password-2026');
    const doc = await generate(linked[0].id, 'mediation_agreement', MEDIATION);
    expect((await r.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/signing`, headers: bLegal.headers })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign-request`, headers: bLegal.headers, payload: { party: 'creditor' } })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign`, headers: bMediator.headers, payload: { party: 'mediator', code: '123456', documentSha256: doc.sha256 } })).statusCode).toBe(404);
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/document-signing', headers: bMediator.headers })).json().items).toEqual([]);
  }, 180_000);

  // Last: it revokes the demo creditor's entrustment.
  it('COL-01: without an entrustment in force covering legal documents the legal officer may not sign for the creditor; the creditor user still may', async () => {
    const c = linked[0];
    const doc = await generate(c.id, 'repayment_agreement', { ...PAY, ...PLAN });
    const t = await demoTenantId(r);
    await withTenant(r.db, t, async (tx) => {
      const cf = await getCase(tx, c.id);
      const now = new Date();
      for (let e = await findValidEntrustment(tx, cf.creditor.id, now.toISOString().slice(0, 10), now, 'legal_documents'); e; e = await findValidEntrustment(tx, cf.creditor.id, now.toISOString().slice(0, 10), now, 'legal_documents')) {
        await revokeEntrustment(tx, e.id, 'test: entrustment ended', new Date(now.getTime() - 1000));
      }
    });
    const refused = await partySign(legal, doc.id, 'creditor', doc.sha256);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'DOCUMENTS_SIGNER_NOT_ALLOWED', rule: 'COL-01' });
    const own = await partySign(creditor, doc.id, 'creditor', doc.sha256);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().capacity).toBe('self');
  }, 180_000);
});
