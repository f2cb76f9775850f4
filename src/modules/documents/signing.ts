// Electronic signing of agreements from the debtor portal (DOC-08/09/10; 电子签名法 art 13-14): the debtor, already
// signed in with case ref + ID last 6 + a one-time code, confirms identity again with a fresh one-time code sent to
// the phone on file, then signs. The signature record binds the SHA-256 of the exact PDF bytes shown, the signer
// (case ref), time, IP and method, and is appended to the evidence log in the same transaction.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { sql, one, rows, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import type { Messenger } from '../../platform/messaging/index.js';
import { casePortalDirectory, searchCases } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { appendEvidence, findEvidenceFile } from '../evidence/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import { getDocumentRow, SIGNABLE_KINDS, type DocumentRow } from './case-documents.js';
import { completeIfFullySigned } from './parties.js';
import { documentsError } from './errors.js';

const CODE_TTL_MS = 10 * 60_000;
const MAX_ATTEMPTS = 5;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The case id behind the debtor's case reference. Throws DOCUMENTS_DOCUMENT_NOT_FOUND (nothing to show). */
async function caseOfRef(tx: Tx, keys: DebtorKeys, ref: string): Promise<string> {
  const r = await searchCases(tx, keys, { q: ref, limit: 5 });
  const hit = r.items.find((i) => i.ref === ref.trim().toUpperCase());
  if (!hit) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: 'no case for this portal session' });
  return hit.id;
}

/** Agreements of the debtor's case offered for signing (PDF only), newest first, with their signature. */
export async function portalDocuments(tx: Tx, keys: DebtorKeys, caseRef: string): Promise<DocumentRow[]> {
  const caseId = await caseOfRef(tx, keys, caseRef);
  const ids = await rows<{ id: string }>(tx, sql`SELECT id FROM documents.generated WHERE case_id = ${caseId} AND format = 'pdf'
    AND kind IN ('repayment_agreement', 'mediation_agreement', 'debt_acknowledgment') ORDER BY created_at DESC, id DESC`);
  const out: DocumentRow[] = [];
  for (const r of ids) out.push(await getDocumentRow(tx, r.id));
  return out;
}

/** A document of the debtor's own case that they may sign; anything else is "not found" (no leak). */
async function ownSignable(tx: Tx, keys: DebtorKeys, caseRef: string, documentId: string): Promise<DocumentRow> {
  const caseId = await caseOfRef(tx, keys, caseRef);
  const d = await getDocumentRow(tx, documentId);
  if (d.caseId !== caseId) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: documentId });
  if (!SIGNABLE_KINDS.includes(d.kind as never) || d.format !== 'pdf') throw documentsError('DOCUMENTS_NOT_SIGNABLE', { detail: d.kind });
  return d;
}

/** The PDF of an agreement of the debtor's own case (to read before signing). */
export async function portalDocumentFile(tx: Tx, keys: DebtorKeys, caseRef: string, documentId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const d = await ownSignable(tx, keys, caseRef, documentId);
  const f = await findEvidenceFile(tx, d.sha256);
  if (!f) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: documentId });
  return { bytes: f.bytes, fileName: `${d.kind}-${d.id}.pdf` };
}

/**
 * Send a fresh one-time signing code to the phone on file (SMS through the messenger). Returns the masked phone and
 * the document digest the code is bound to. Throws DOCUMENTS_ALREADY_SIGNED, DOCUMENTS_SIGN_NO_PHONE.
 */
export async function requestSignature(tx: Tx, keys: DebtorKeys, messenger: Messenger, caseRef: string, documentId: string): Promise<{ sentTo: string; documentSha256: string; expiresAt: string }> {
  const d = await ownSignable(tx, keys, caseRef, documentId);
  if (d.signature) throw documentsError('DOCUMENTS_ALREADY_SIGNED', { detail: documentId });
  const who = await casePortalDirectory(keys).findCase(tx, caseRef);
  if (!who?.phone) throw documentsError('DOCUMENTS_SIGN_NO_PHONE');
  const tenant = await getCurrentTenant(tx);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + CODE_TTL_MS).toISOString();
  // Older unused codes for this document stop working.
  await tx.execute(sql`UPDATE documents.sign_challenges SET used_at = now() WHERE document_id = ${documentId} AND party = 'debtor' AND used_at IS NULL`);
  await tx.execute(sql`INSERT INTO documents.sign_challenges (tenant_id, id, document_id, code_hash, expires_at)
    VALUES (current_setting('app.tenant_id', true), ${newId('sgc')}, ${documentId}, ${sha256(`${documentId}:${d.sha256}:${code}`)}, ${expiresAt})`);
  await messenger.send(tx, {
    tenantId: tenant.id, channel: 'sms', to: who.phone, purpose: 'document_sign_otp', sensitive: true,
    body: `【${tenant.slug}】您正在签署文书（摘要 ${d.sha256.slice(0, 8)}），签署验证码 ${code}，10 分钟内有效，请勿告知他人。Signing code ${code} (valid 10 minutes).`,
  });
  return { sentTo: `${who.phone.slice(0, 3)}****${who.phone.slice(-4)}`, documentSha256: d.sha256, expiresAt };
}

/**
 * Sign with the code: checks the code (bound to the document id AND its digest; bounded attempts), re-hashes the
 * stored bytes, writes the signature record and the `document.signed` evidence leaf in one transaction.
 * Throws DOCUMENTS_SIGN_CODE_INVALID, DOCUMENTS_ALREADY_SIGNED.
 */
export async function signDocument(tx: Tx, keys: DebtorKeys, input: { caseRef: string; documentId: string; code: string; ip: string; documentSha256?: string }) {
  const d = await ownSignable(tx, keys, input.caseRef, input.documentId);
  if (input.documentSha256 !== undefined && input.documentSha256.toLowerCase() !== d.sha256) {
    throw documentsError('DOCUMENTS_DIGEST_MISMATCH', { field: 'body.documentSha256', detail: `the document's SHA-256 is ${d.sha256}` });
  }
  if (d.signature) throw documentsError('DOCUMENTS_ALREADY_SIGNED', { detail: input.documentId });
  const ch = await one<{ id: string; code_hash: string; attempts: number }>(tx, sql`SELECT id, code_hash, attempts FROM documents.sign_challenges
    WHERE document_id = ${input.documentId} AND party = 'debtor' AND used_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 1`);
  const want = ch ? Buffer.from(ch.code_hash, 'hex') : null;
  const got = Buffer.from(sha256(`${input.documentId}:${d.sha256}:${input.code}`), 'hex');
  if (!ch || !want || Number(ch.attempts) >= MAX_ATTEMPTS || !timingSafeEqual(want, got)) {
    // The failed attempt must count even though the request fails: the caller commits this in its own transaction.
    if (ch) throw Object.assign(documentsError('DOCUMENTS_SIGN_CODE_INVALID', { field: 'body.code' }), { challengeId: ch.id });
    throw documentsError('DOCUMENTS_SIGN_CODE_INVALID', { field: 'body.code' });
  }
  const f = await findEvidenceFile(tx, d.sha256);
  const digest = f ? createHash('sha256').update(f.bytes).digest('hex') : '';
  if (digest !== d.sha256) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: 'stored bytes do not match the recorded digest' });
  await tx.execute(sql`UPDATE documents.sign_challenges SET used_at = now() WHERE id = ${ch.id}`);
  const id = newId('sig');
  const signedAt = new Date().toISOString();
  const method = 'portal_session+sms_otp';
  const leaf = await appendEvidence(tx, {
    type: 'document.signed', case: d.caseId, actor: 'system', occurredAt: signedAt,
    content: { sha256: d.sha256, sm3: d.sm3, size: d.size, mediaType: 'application/pdf' },
    refs: { document: d.id, signature: id }, meta: { kind: d.kind, signer: 'debtor', method: 'sms_otp' },
  });
  await tx.execute(sql`INSERT INTO documents.signatures (tenant_id, id, document_id, document_sha256, document_sm3, signer_role, signer_ref, method, ip, signed_at, evidence_leaf)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${d.id}, ${d.sha256}, ${d.sm3}, 'debtor', ${input.caseRef.trim().toUpperCase()}, ${method}, ${input.ip}, ${signedAt}, ${leaf.leafIndex})`);
  const status = await completeIfFullySigned(tx, d);
  return { signatureId: id, documentId: d.id, documentSha256: d.sha256, signedAt, method, evidenceLeaf: leaf.leafIndex, signedCount: status.signedCount, requiredCount: status.requiredCount, fullySigned: status.fullySigned };
}

/** Count a failed signing attempt (own transaction, so it survives the refused request). */
export async function countFailedAttempt(tx: Tx, challengeId: string): Promise<void> {
  await tx.execute(sql`UPDATE documents.sign_challenges SET attempts = attempts + 1 WHERE id = ${challengeId}`);
}
