// Signing by every party named in an agreement (DOC-08 还款协议, DOC-09 调解协议, DOC-10 债务确认书; 电子签名法
// arts 13-14). The debtor signs from the portal (signing.ts). The creditor signs too: a creditor user linked to the
// case's creditor, or the agency's legal officer on the creditor's behalf when the creditor's entrustment in force
// covers legal documents; for a mediation agreement the mediator (role mediator) signs as well. Each signer confirms
// identity again with a one-time code sent to the account's e-mail (bound to document id, both digests, party and
// user; 10 minutes, 5 attempts, older codes void) and states the SHA-256 they saw. Every signature record binds the
// document's SHA-256 and SM3 (re-computed from the stored bytes) and lands in the evidence log in the same transaction;
// the document is "fully signed" once every required party signed this exact digest. A regenerated document is a new
// document with its own digest: earlier signatures never count for it.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { fileDigests } from '../../platform/crypto/index.js';
import { sql, one, rows, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { Role } from '../../platform/tenancy.js';
import { creditorsOfUser, findValidEntrustment, getCase } from '../cases/index.js';
import { appendEvidence, findEvidenceFile } from '../evidence/index.js';
import { getCurrentTenant, listUsers } from '../tenants/index.js';
import { getDocumentRow, type DocumentRow } from './case-documents.js';
import { documentsError } from './errors.js';

export const SIGNING_PARTIES = ['debtor', 'creditor', 'mediator'] as const;
export type SigningParty = (typeof SIGNING_PARTIES)[number];

/** The parties that must sign each agreement kind (the signature lines of the shipped templates). */
export const REQUIRED_PARTIES: Record<string, readonly SigningParty[]> = {
  debt_acknowledgment: ['debtor', 'creditor'],
  repayment_agreement: ['creditor', 'debtor'],
  mediation_agreement: ['debtor', 'creditor', 'mediator'],
};

/** Roles that sign for a party from the back office or the creditor portal. */
export const PARTY_SIGNER_ROLES: Role[] = ['creditor', 'legal_officer', 'mediator'];

const CODE_TTL_MS = 10 * 60_000;
const MAX_ATTEMPTS = 5;
const hex = (s: string) => createHash('sha256').update(s).digest('hex');

export interface PartySignature {
  id: string;
  party: SigningParty;
  signedAt: string;
  method: string;
  /** Case reference (debtor) or the user's display name (creditor user, legal officer, mediator). */
  signer: string;
  signerUser: string | null;
  capacity: 'self' | 'on_behalf';
  entrustmentId: string | null;
  documentSha256: string;
  documentSm3: string | null;
  evidenceLeaf: number;
}

export interface SigningStatus {
  documentId: string;
  kind: string;
  caseId: string | null;
  sha256: string;
  sm3: string;
  required: SigningParty[];
  signatures: PartySignature[];
  signedCount: number;
  requiredCount: number;
  fullySigned: boolean;
}

export interface PartySigner {
  userId: string;
  role: Role;
  displayName: string;
  kind: 'user' | 'api_key' | 'debtor';
}

type Raw = Record<string, unknown>;
function sigOut(r: Raw): PartySignature {
  return {
    id: String(r.id), party: r.signer_role as SigningParty, signedAt: new Date(r.signed_at as string).toISOString(), method: String(r.method),
    signer: String(r.signer_name ?? r.signer_ref), signerUser: (r.signer_user as string | null) ?? null,
    capacity: (r.capacity as 'self' | 'on_behalf') ?? 'self', entrustmentId: (r.entrustment_id as string | null) ?? null,
    documentSha256: String(r.document_sha256), documentSm3: (r.document_sm3 as string | null) ?? null, evidenceLeaf: Number(r.evidence_leaf),
  };
}

/** Pure: "signed by k of n" over the signatures that bind this document's digest. */
export function summarise(d: Pick<DocumentRow, 'id' | 'kind' | 'caseId' | 'sha256' | 'sm3'>, all: PartySignature[]): SigningStatus {
  const required = [...(REQUIRED_PARTIES[d.kind] ?? [])];
  const signatures = all.filter((s) => s.documentSha256 === d.sha256 && required.includes(s.party));
  const signed = new Set(signatures.map((s) => s.party));
  return {
    documentId: d.id, kind: d.kind, caseId: d.caseId, sha256: d.sha256, sm3: d.sm3, required, signatures,
    signedCount: required.filter((p) => signed.has(p)).length, requiredCount: required.length,
    fullySigned: required.length > 0 && required.every((p) => signed.has(p)),
  };
}

/** Signatures of several documents at once (for lists). */
export async function signaturesOf(tx: Tx, documentIds: string[]): Promise<Map<string, PartySignature[]>> {
  const out = new Map<string, PartySignature[]>();
  if (!documentIds.length) return out;
  const r = await rows<Raw>(tx, sql`SELECT * FROM documents.signatures WHERE document_id IN (${sql.join(documentIds.map((i) => sql`${i}`), sql`, `)}) ORDER BY signed_at, id`);
  for (const x of r) {
    const k = String(x.document_id);
    out.set(k, [...(out.get(k) ?? []), sigOut(x)]);
  }
  return out;
}

/** The signing status of one document. Throws DOCUMENTS_DOCUMENT_NOT_FOUND. */
export async function signingStatusOf(tx: Tx, d: DocumentRow): Promise<SigningStatus> {
  return summarise(d, (await signaturesOf(tx, [d.id])).get(d.id) ?? []);
}

/**
 * A document the user may see for signing purposes: staff see the tenant's documents; a creditor user only those of
 * cases of its own creditors (anything else is "not found", no leak). Throws DOCUMENTS_DOCUMENT_NOT_FOUND.
 */
export async function visibleDocument(tx: Tx, who: PartySigner, documentId: string): Promise<DocumentRow> {
  const d = await getDocumentRow(tx, documentId);
  if (who.role === 'creditor') {
    if (!d.caseId) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: documentId });
    const c = await getCase(tx, d.caseId);
    const mine = await creditorsOfUser(tx, who.userId);
    if (!mine.some((m) => m.id === c.creditor.id)) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: documentId });
  }
  return d;
}

/** The signing status as the user may see it. Throws DOCUMENTS_DOCUMENT_NOT_FOUND. */
export async function documentSigning(tx: Tx, who: PartySigner, documentId: string): Promise<SigningStatus> {
  return signingStatusOf(tx, await visibleDocument(tx, who, documentId));
}

/** The PDF to read before signing (creditor users see only their creditors' documents). */
export async function signingFile(tx: Tx, who: PartySigner, documentId: string): Promise<{ bytes: Uint8Array; fileName: string; sha256: string }> {
  const d = await visibleDocument(tx, who, documentId);
  const f = await findEvidenceFile(tx, d.sha256);
  if (!f) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: `bytes of ${documentId} are missing` });
  return { bytes: f.bytes, fileName: `${d.kind}-${d.id}.${d.format}`, sha256: d.sha256 };
}

/**
 * May this user sign for `party` on this document? Debtors sign from the portal only; the creditor by a linked creditor
 * user ('self') or a legal officer under an entrustment in force covering legal_documents ('on_behalf'); the mediator
 * by a mediator. Throws DOCUMENTS_NOT_SIGNABLE, DOCUMENTS_PARTY_NOT_REQUIRED, DOCUMENTS_SIGNER_NOT_ALLOWED,
 * DOCUMENTS_DOCUMENT_NOT_FOUND.
 */
export async function signingAuthority(tx: Tx, who: PartySigner, d: DocumentRow, party: SigningParty, now = new Date()): Promise<{ capacity: 'self' | 'on_behalf'; entrustmentId: string | null }> {
  const required = REQUIRED_PARTIES[d.kind];
  if (!required || d.format !== 'pdf') throw documentsError('DOCUMENTS_NOT_SIGNABLE', { detail: `${d.kind} (${d.format})` });
  if (!required.includes(party)) throw documentsError('DOCUMENTS_PARTY_NOT_REQUIRED', { field: 'body.party', detail: `${d.kind} is signed by ${required.join(', ')}` });
  if (who.kind !== 'user') throw documentsError('DOCUMENTS_SIGNER_NOT_ALLOWED', { detail: 'an API key cannot sign; sign in as a person' });
  const refuse = (detail: string, rule = 'DOC-08') => documentsError('DOCUMENTS_SIGNER_NOT_ALLOWED', { field: 'body.party', detail, rule });
  if (party === 'debtor') throw refuse('the debtor signs from the debtor portal');
  if (party === 'mediator') {
    if (who.role !== 'mediator') throw refuse('only a mediator signs as the mediator', 'DOC-09');
    return { capacity: 'self', entrustmentId: null };
  }
  if (!d.caseId) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: d.id });
  const c = await getCase(tx, d.caseId);
  if (who.role === 'creditor') {
    const mine = await creditorsOfUser(tx, who.userId);
    if (!mine.some((m) => m.id === c.creditor.id)) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: d.id });
    return { capacity: 'self', entrustmentId: null };
  }
  if (who.role === 'legal_officer') {
    const today = now.toISOString().slice(0, 10);
    const e = await findValidEntrustment(tx, c.creditor.id, today, now, 'legal_documents');
    if (!e) throw refuse(`no entrustment of ${c.creditor.code} in force covering legal_documents: the creditor signs itself`, 'COL-01');
    return { capacity: 'on_behalf', entrustmentId: e.id };
  }
  throw refuse('the creditor signs as a creditor user, or a legal officer on its behalf');
}

async function emailOf(tx: Tx, userId: string): Promise<string> {
  const u = (await listUsers(tx)).find((x) => x.id === userId);
  if (!u?.email) throw documentsError('DOCUMENTS_SIGN_NO_PHONE', { detail: 'no e-mail on the account to send a signing code to' });
  return u.email;
}

const challengeHash = (d: Pick<DocumentRow, 'id' | 'sha256' | 'sm3'>, party: string, userId: string, code: string) => hex(`${d.id}:${d.sha256}:${d.sm3}:${party}:${userId}:${code}`);

/**
 * Identity re-confirmation for a party signer: a fresh one-time code to the account's e-mail (messenger; the dev
 * outbox in development), bound to the document id, both digests, the party and the user. Older codes of the same
 * user and party stop working. Throws as signingAuthority, DOCUMENTS_ALREADY_SIGNED.
 */
export async function requestPartySignature(tx: Tx, messenger: Messenger, who: PartySigner, input: { documentId: string; party: SigningParty }) {
  const d = await visibleDocument(tx, who, input.documentId);
  await signingAuthority(tx, who, d, input.party);
  const status = await signingStatusOf(tx, d);
  if (status.signatures.some((s) => s.party === input.party)) throw documentsError('DOCUMENTS_ALREADY_SIGNED', { detail: `${input.party} has signed ${d.id}` });
  const to = await emailOf(tx, who.userId);
  const tenant = await getCurrentTenant(tx);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + CODE_TTL_MS).toISOString();
  await tx.execute(sql`UPDATE documents.sign_challenges SET used_at = now() WHERE document_id = ${d.id} AND party = ${input.party} AND user_id = ${who.userId} AND used_at IS NULL`);
  await tx.execute(sql`INSERT INTO documents.sign_challenges (tenant_id, id, document_id, code_hash, expires_at, party, user_id)
    VALUES (current_setting('app.tenant_id', true), ${newId('sgc')}, ${d.id}, ${challengeHash(d, input.party, who.userId, code)}, ${expiresAt}, ${input.party}, ${who.userId})`);
  await messenger.send(tx, {
    tenantId: tenant.id, channel: 'email', to, purpose: 'party_sign_otp', sensitive: true, subject: '文书签署验证码 / Signing code',
    body: `您正在以${PARTY_ZH[input.party]}身份签署文书 ${d.id}（SHA-256 ${d.sha256.slice(0, 12)}…），签署验证码 ${code}，10 分钟内有效，请勿告知他人。Signing code ${code} (valid 10 minutes).`,
  });
  return { sentTo: `${to.slice(0, 2)}***${to.slice(to.indexOf('@'))}`, documentSha256: d.sha256, documentSm3: d.sm3, expiresAt };
}

const PARTY_ZH: Record<SigningParty, string> = { debtor: '债务人', creditor: '债权人', mediator: '调解员' };

/**
 * Sign for a party: the stated digest must be the document's (DOCUMENTS_DIGEST_MISMATCH otherwise — a regenerated
 * document needs fresh signatures), the code must match (bounded attempts), the stored bytes must still hash to both
 * recorded digests; then the signature record and the `document.signed` evidence leaf (and `document.fully_signed`
 * when this was the last party) are written in one transaction. Throws as requestPartySignature,
 * DOCUMENTS_SIGN_CODE_INVALID (with challengeId so the route can count the attempt).
 */
export async function signForParty(tx: Tx, who: PartySigner, input: { documentId: string; party: SigningParty; code: string; documentSha256: string; ip: string }) {
  const d = await visibleDocument(tx, who, input.documentId);
  const auth = await signingAuthority(tx, who, d, input.party);
  if (input.documentSha256.toLowerCase() !== d.sha256) {
    throw documentsError('DOCUMENTS_DIGEST_MISMATCH', { field: 'body.documentSha256', detail: `the document's SHA-256 is ${d.sha256}; re-read it before signing` });
  }
  const before = await signingStatusOf(tx, d);
  if (before.signatures.some((s) => s.party === input.party)) throw documentsError('DOCUMENTS_ALREADY_SIGNED', { detail: `${input.party} has signed ${d.id}` });
  const ch = await one<{ id: string; code_hash: string; attempts: number }>(tx, sql`SELECT id, code_hash, attempts FROM documents.sign_challenges
    WHERE document_id = ${d.id} AND party = ${input.party} AND user_id = ${who.userId} AND used_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 1`);
  const got = Buffer.from(challengeHash(d, input.party, who.userId, input.code), 'hex');
  if (!ch || Number(ch.attempts) >= MAX_ATTEMPTS || !timingSafeEqual(Buffer.from(ch.code_hash, 'hex'), got)) {
    if (ch) throw Object.assign(documentsError('DOCUMENTS_SIGN_CODE_INVALID', { field: 'body.code' }), { challengeId: ch.id });
    throw documentsError('DOCUMENTS_SIGN_CODE_INVALID', { field: 'body.code', detail: 'request a signing code first' });
  }
  const f = await findEvidenceFile(tx, d.sha256);
  const dig = f ? fileDigests(f.bytes) : null;
  if (!dig || dig.sha256 !== d.sha256 || dig.sm3 !== d.sm3) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: 'stored bytes do not match the recorded digests' });
  await tx.execute(sql`UPDATE documents.sign_challenges SET used_at = now() WHERE id = ${ch.id}`);
  const id = newId('sig');
  const signedAt = new Date().toISOString();
  const method = who.role === 'creditor' ? 'creditor_session+email_otp' : 'staff_session+email_otp';
  const leaf = await appendEvidence(tx, {
    type: 'document.signed', case: d.caseId, actor: who.userId, occurredAt: signedAt,
    content: { sha256: d.sha256, sm3: d.sm3, size: d.size, mediaType: 'application/pdf' },
    refs: { document: d.id, signature: id, ...(auth.entrustmentId ? { entrustment: auth.entrustmentId } : {}) },
    meta: { kind: d.kind, signer: input.party, signerRole: who.role, capacity: auth.capacity, method: 'email_otp' },
  });
  await tx.execute(sql`INSERT INTO documents.signatures (tenant_id, id, document_id, document_sha256, document_sm3, signer_role, signer_ref, signer_user, signer_name,
      capacity, entrustment_id, method, ip, signed_at, evidence_leaf)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${d.id}, ${d.sha256}, ${d.sm3}, ${input.party}, ${who.userId}, ${who.userId}, ${who.displayName},
      ${auth.capacity}, ${auth.entrustmentId}, ${method}, ${input.ip}, ${signedAt}, ${leaf.leafIndex})`);
  const status = await completeIfFullySigned(tx, d);
  return { signatureId: id, documentId: d.id, party: input.party, documentSha256: d.sha256, documentSm3: d.sm3, signedAt, method, capacity: auth.capacity, evidenceLeaf: leaf.leafIndex, status };
}

/**
 * After a signature: when every required party has signed this digest, append one `document.fully_signed` leaf
 * naming all signatures (idempotent: only the signature that completes the set triggers it).
 */
export async function completeIfFullySigned(tx: Tx, d: DocumentRow): Promise<SigningStatus> {
  const status = await signingStatusOf(tx, d);
  if (status.fullySigned) {
    const refs: Record<string, string> = { document: d.id };
    status.signatures.forEach((s) => { refs[`${s.party}Signature`] = s.id; });
    await appendEvidence(tx, {
      type: 'document.fully_signed', case: d.caseId, actor: 'system', occurredAt: new Date().toISOString(),
      content: { sha256: d.sha256, sm3: d.sm3, size: d.size, mediaType: 'application/pdf' }, refs, meta: { kind: d.kind, parties: status.requiredCount },
    });
  }
  return status;
}

/** Count a failed signing attempt (own transaction, so it survives the refused request). */
export async function countPartyFailedAttempt(tx: Tx, challengeId: string): Promise<void> {
  await tx.execute(sql`UPDATE documents.sign_challenges SET attempts = attempts + 1 WHERE id = ${challengeId}`);
}

/**
 * Agreements waiting for this user's signature: PDF agreements where a party the user can sign for has not signed
 * (creditor users: their creditors' cases; legal officers: the creditor side; mediators: mediation agreements), newest
 * first, with their status. `signedToo` also returns ones already signed by that party (history).
 */
export async function pendingForSigner(tx: Tx, who: PartySigner, opts: { limit?: number; includeSigned?: boolean } = {}): Promise<Array<SigningStatus & { party: SigningParty; createdAt: string; caseRef: string | null }>> {
  const limit = Math.min(opts.limit ?? 100, 500);
  const party: SigningParty | null = who.role === 'mediator' ? 'mediator' : who.role === 'creditor' || who.role === 'legal_officer' ? 'creditor' : null;
  if (!party) return [];
  const kinds = Object.entries(REQUIRED_PARTIES).filter(([, ps]) => ps.includes(party)).map(([k]) => k);
  const mine = who.role === 'creditor' ? new Set((await creditorsOfUser(tx, who.userId)).map((c) => c.id)) : null;
  if (mine && !mine.size) return [];
  const unsigned = opts.includeSigned ? sql`` : sql` AND NOT EXISTS (SELECT 1 FROM documents.signatures s WHERE s.document_id = g.id AND s.signer_role = ${party} AND s.document_sha256 = g.sha256)`;
  const ids = await rows<{ id: string; case_id: string }>(tx, sql`SELECT g.id, g.case_id FROM documents.generated g
    WHERE g.format = 'pdf' AND g.case_id IS NOT NULL AND g.kind IN (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})${unsigned}
    ORDER BY g.created_at DESC, g.id DESC LIMIT ${mine ? limit * 5 : limit}`);
  // The case's creditor and reference through the cases module (one read per case).
  const caseInfo = new Map<string, { ref: string; creditorId: string }>();
  const keep: Array<{ id: string; ref: string }> = [];
  for (const r of ids) {
    if (keep.length >= limit) break;
    let c = caseInfo.get(r.case_id);
    if (!c) {
      const f = await getCase(tx, r.case_id);
      c = { ref: f.ref, creditorId: f.creditor.id };
      caseInfo.set(r.case_id, c);
    }
    if (!mine || mine.has(c.creditorId)) keep.push({ id: r.id, ref: c.ref });
  }
  const out = [];
  const sigs = await signaturesOf(tx, keep.map((i) => i.id));
  for (const r of keep) {
    const d = await getDocumentRow(tx, r.id);
    out.push({ ...summarise(d, sigs.get(d.id) ?? []), party, createdAt: d.createdAt, caseRef: r.ref });
  }
  return out;
}
