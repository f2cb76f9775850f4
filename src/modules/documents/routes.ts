// HTTP routes of the documents module: thin handlers over the use cases in this module (see docs/ARCHITECTURE.md).
// Kinds with the tenant's permission (DOC-05), tenant templates (versions, preview, restore), case documents (fields
// filled from the case with the missing list, one-click generation stored write-once with SHA-256/SM3 and an
// evidence leaf, list, download), batches as jobs with progress and a zip, and signing from the debtor portal.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { withTenant, type Database } from '../../platform/db/index.js';
import { formatYuan } from '../../platform/money.js';
import { DomainError } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { Config } from '../../platform/config.js';
import type { Role } from '../../platform/tenancy.js';
import { CASE_STAGES } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { caseFields, documentFile, documentKinds, generateForCase, getDocumentRow, listCaseDocuments, type DocumentRow } from './case-documents.js';
import { caseDataFor } from './case-source.js';
import { batchZip, createBatch, getBatch, listBatches, MAX_BATCH, type BatchStatus } from './batches.js';
import { countFailedAttempt, portalDocumentFile, portalDocuments, requestSignature, signDocument } from './signing.js';
import { countPartyFailedAttempt, documentSigning, pendingForSigner, requestPartySignature, signaturesOf, signForParty, signingFile, summarise, PARTY_SIGNER_ROLES, SIGNING_PARTIES, type PartySigner, type SigningStatus } from './parties.js';
import type { Tx } from '../../platform/db/index.js';
import type { FastifyRequest } from 'fastify';
import { getActiveTemplate, listTemplateVersions, restoreShippedTemplate, saveTemplateVersion } from './store.js';
import { parseTemplate } from './registry.js';
import { documentsError } from './errors.js';
import { fillDocument } from './fill.js';
import { layoutDocument } from './layout.js';
import { renderPdf } from './render-pdf.js';
import { DocumentKind } from './template-types.js';
import { documentBatchJob } from './jobs.js';
import { maskFieldPreview } from './preview-mask.js';
import sample from './preview-sample.json' with { type: 'json' };

export interface DocumentsRoutesDeps {
  db: Database;
  queue: JobQueue;
  keys: DebtorKeys;
  messenger: Messenger;
  config: Pick<Config, 'publicUrl'>;
}

const READERS: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const GENERATORS: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'mediator'];
const TEMPLATE_EDITORS: Role[] = ['tenant_admin', 'legal_officer'];

const Id = z.string().regex(/^[a-z]{2,6}_[0-9a-z]{10,40}$/, 'an id like case_…');
const IdParams = z.strictObject({ id: Id });
// A kind in the path that does not exist is "not found" (404 DOCUMENTS_KIND_UNKNOWN), like an unknown id.
const KindParam = z.string().max(60);
const KindParams = z.strictObject({ kind: KindParam });
const CaseKindParams = z.strictObject({ id: Id, kind: KindParam });
function kindOf(k: string): DocumentKind {
  const r = DocumentKind.safeParse(k);
  if (!r.success) throw documentsError('DOCUMENTS_KIND_UNKNOWN', { detail: k });
  return r.data;
}
const Overrides = z.record(z.string().regex(/^[a-zA-Z][\w.]{0,60}$/), z.string().max(4000)).default({});
const Format = z.enum(['docx', 'pdf']);

const KindOut = z.object({ kind: z.string(), rule: z.string(), title: z.string(), audience: z.enum(['court', 'party']), legalBasis: z.array(z.string()), signable: z.boolean(), allowed: z.boolean(), reason: z.string().nullable() });
const SignatureOut = z.object({ signedAt: z.string(), method: z.string(), signerRef: z.string(), evidenceLeaf: z.number(), documentSha256: z.string() }).nullable();
const PartyEnum = z.enum(SIGNING_PARTIES);
const PartySignatureOut = z.object({ party: PartyEnum, signedAt: z.string(), method: z.string(), signer: z.string(), capacity: z.enum(['self', 'on_behalf']), evidenceLeaf: z.number(), documentSha256: z.string(), documentSm3: z.string().nullable() });
/** "Signed by k of n" with who and when (DOC-08/09/10). */
const SigningOut = z.object({ required: z.array(PartyEnum), signedCount: z.number(), requiredCount: z.number(), fullySigned: z.boolean(), signatures: z.array(PartySignatureOut) });
const SigningStatusOut = SigningOut.extend({ documentId: z.string(), kind: z.string(), caseId: z.string().nullable(), sha256: z.string(), sm3: z.string() });
const DocumentOut = z.object({
  id: z.string(), kind: z.string(), caseId: z.string().nullable(), format: Format, sha256: z.string(), sm3: z.string(), size: z.number(),
  templateVersion: z.number(), templateSource: z.string(), evidenceLeaf: z.number(), total: z.string().nullable(), createdBy: z.string(), createdAt: z.string(),
  batchId: z.string().nullable(), signature: SignatureOut, signing: SigningOut.nullable().optional(),
});
const TemplateOut = z.object({ kind: z.string(), version: z.number(), source: z.enum(['tenant', 'shipped']), template: z.unknown() });
const VersionOut = z.object({ version: z.number(), source: z.string(), createdBy: z.string(), createdAt: z.string() });
const Missing = z.array(z.object({ field: z.string(), label: z.string(), needs: z.array(z.string()).optional() }));
const FieldsOut = z.object({
  kind: z.string(), templateVersion: z.number(),
  fields: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), required: z.boolean(), source: z.string().nullable(), text: z.string().nullable(), capitals: z.string().nullable(), overridden: z.boolean() })),
  missing: Missing, invalid: z.array(z.object({ field: z.string(), label: z.string(), reason: z.string() })),
});
const BatchOut = z.object({
  id: z.string(), kind: z.string(), format: Format, status: z.enum(['queued', 'running', 'finished']), total: z.number(), done: z.number(),
  failed: z.array(z.object({ caseId: z.string(), reason: z.string(), missing: Missing.optional() })), createdBy: z.string(), createdAt: z.string(), finishedAt: z.string().nullable(),
});

function docOut(d: DocumentRow, signing?: SigningStatus | null): z.infer<typeof DocumentOut> {
  return { ...d, total: d.total === null ? null : formatYuan(d.total), signing: signing && signing.requiredCount ? signing : null };
}
/** Documents with every party's signatures (one query for the list). */
async function withSigning(tx: Tx, docs: DocumentRow[]): Promise<Array<z.infer<typeof DocumentOut>>> {
  const sigs = await signaturesOf(tx, docs.map((d) => d.id));
  return docs.map((d) => docOut(d, summarise(d, sigs.get(d.id) ?? [])));
}
function signerOf(req: FastifyRequest): PartySigner {
  const p = requirePrincipal(req);
  return { userId: p.userId, role: p.role, displayName: p.displayName, kind: p.kind };
}
const SIGNING_READERS: Role[] = [...READERS, 'creditor'];
const batchOut = (b: BatchStatus): z.infer<typeof BatchOut> => b;

export async function documentsRoutes(app: App, deps: DocumentsRoutesDeps): Promise<void> {
  const { keys, messenger } = deps;
  const src = { publicUrl: deps.config.publicUrl };

  // ---- kinds and templates ----
  app.get('/api/v1/document-kinds', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'The document kinds (DOC-01..13) and whether this tenant may generate each (DOC-05 lawyer’s letter gate)', response: { 200: z.object({ items: z.array(KindOut) }) } },
  }, async (req) => ({ items: await req.inTenant(documentKinds) }));

  app.get('/api/v1/document-templates', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'The tenant’s active template of every kind (version 0 = the shipped one)', response: { 200: z.object({ items: z.array(z.object({ kind: z.string(), title: z.string(), rule: z.string(), version: z.number(), source: z.enum(['tenant', 'shipped']) })) }) } },
  }, async (req) => req.inTenant(async (tx) => {
    const items = [];
    for (const k of DocumentKind.options) {
      const a = await getActiveTemplate(tx, k);
      items.push({ kind: k, title: a.template.title, rule: a.template.rule, version: a.version, source: a.source });
    }
    return { items };
  }));

  app.get('/api/v1/document-templates/:kind', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'The active template of a kind (data: field schema with required/type/source, and blocks)', params: KindParams, response: { 200: TemplateOut } },
  }, async (req) => req.inTenant(async (tx) => {
    const a = await getActiveTemplate(tx, kindOf(req.params.kind));
    return { kind: kindOf(req.params.kind), version: a.version, source: a.source, template: a.template };
  }));

  app.put('/api/v1/document-templates/:kind', {
    config: { access: { roles: TEMPLATE_EDITORS, scope: 'legal_documents' } },
    schema: { tags: ['documents'], summary: 'Save an edited template as a new version (validated: 422 names the bad path; COL-42 lint applies at render)', params: KindParams,
      body: z.strictObject({ template: z.record(z.string(), z.unknown()) }), response: { 200: TemplateOut } },
  }, async (req) => req.inTenant(async (tx) => {
    const a = await saveTemplateVersion(tx, { kind: kindOf(req.params.kind), template: req.body.template, actor: requirePrincipal(req).userId });
    return { kind: kindOf(req.params.kind), version: a.version, source: a.source, template: a.template };
  }));

  app.post('/api/v1/document-templates/:kind/restore', {
    config: { access: { roles: TEMPLATE_EDITORS, scope: 'legal_documents' } },
    schema: { tags: ['documents'], summary: 'Restore the shipped template (appended as a new version; history kept)', params: KindParams, response: { 200: TemplateOut } },
  }, async (req) => req.inTenant(async (tx) => {
    const a = await restoreShippedTemplate(tx, { kind: kindOf(req.params.kind), actor: requirePrincipal(req).userId });
    return { kind: kindOf(req.params.kind), version: a.version, source: a.source, template: a.template };
  }));

  app.get('/api/v1/document-templates/:kind/versions', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'Version history of the tenant’s template of a kind, newest first', params: KindParams, response: { 200: z.object({ items: z.array(VersionOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listTemplateVersions(tx, kindOf(req.params.kind))) }));

  app.post('/api/v1/document-templates/:kind/preview', {
    config: { access: { roles: TEMPLATE_EDITORS } },
    schema: { tags: ['documents'], summary: 'Render a template (the given draft, else the active one) to PDF with sample data or a case’s data; nothing is stored',
      params: KindParams, body: z.strictObject({ template: z.record(z.string(), z.unknown()).optional(), caseId: Id.optional(), overrides: Overrides }) },
  }, async (req, reply) => {
    const bytes = await req.inTenant(async (tx) => {
      const template = req.body.template ? parseTemplate(req.body.template) : (await getActiveTemplate(tx, kindOf(req.params.kind))).template;
      if (template.kind !== kindOf(req.params.kind)) throw documentsError('DOCUMENTS_TEMPLATE_INVALID', { detail: `template kind ${template.kind} ≠ ${kindOf(req.params.kind)}`, field: 'body.template.kind' });
      const data = req.body.caseId ? await caseDataFor(tx, keys, req.body.caseId, src) : sample;
      const filled = fillDocument(kindOf(req.params.kind), data as never, req.body.overrides, { template });
      return renderPdf(layoutDocument(filled, { draft: true }));
    });
    // The SPA asks for JSON (base64) so it can show the PDF from a POST; other clients get the PDF itself.
    if (req.headers.accept === 'application/json') return reply.send({ pdfBase64: Buffer.from(bytes).toString('base64') });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="preview-${kindOf(req.params.kind)}.pdf"`).send(Buffer.from(bytes));
  });

  // ---- case documents ----
  app.get('/api/v1/cases/:id/documents/:kind/fields', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'Fields of a kind filled from the case, debtor, creditor, debt and ledger, with the required ones missing (type them in as overrides)',
      params: CaseKindParams, querystring: z.strictObject({ overrides: z.string().max(20_000).optional() }), response: { 200: FieldsOut } },
  }, async (req) => {
    let overrides: Record<string, string> = {};
    if (req.query.overrides) {
      const p = Overrides.safeParse((() => { try { return JSON.parse(req.query.overrides!); } catch { return null; } })());
      if (!p.success) throw documentsError('DOCUMENTS_CASE_DATA_INVALID', { detail: 'overrides must be a JSON object of field → text', field: 'query.overrides' });
      overrides = p.data;
    }
    const out = await req.inTenant((tx) => caseFields(tx, keys, req.params.id, kindOf(req.params.kind), overrides, src));
    return { ...out, fields: maskFieldPreview(out.fields, requirePrincipal(req).role) };
  });

  app.post('/api/v1/cases/:id/documents', {
    config: { access: { roles: GENERATORS, scope: 'legal_documents' } },
    schema: { tags: ['documents'], summary: 'One click: generate a kind from the case (422 lists missing fields; 403 DOC-05; 422 COL-42/43), stored write-once with SHA-256/SM3 and an evidence leaf',
      params: IdParams, body: z.strictObject({ kind: DocumentKind, format: Format, overrides: Overrides }), response: { 201: DocumentOut } },
  }, async (req, reply) => {
    const row = await req.inTenant(async (tx) => {
      const g = await generateForCase(tx, keys, { caseId: req.params.id, kind: req.body.kind, format: req.body.format, overrides: req.body.overrides, actor: requirePrincipal(req).userId }, src);
      return getDocumentRow(tx, g.id);
    });
    return reply.code(201).send(docOut(row));
  });

  app.get('/api/v1/cases/:id/documents', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'The case’s generated documents with digests, evidence positions and signature status', params: IdParams, response: { 200: z.object({ items: z.array(DocumentOut) }) } },
  }, async (req) => ({ items: await req.inTenant(async (tx) => withSigning(tx, await listCaseDocuments(tx, req.params.id))) }));

  app.get('/api/v1/documents/:id/download', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'The stored bytes of a generated document (DOCX or PDF), exactly as digested', params: IdParams },
  }, async (req, reply) => {
    const f = await req.inTenant((tx) => documentFile(tx, req.params.id));
    return reply.type(f.mediaType).header('content-disposition', `attachment; filename="${f.fileName}"`).header('x-content-sha256', f.row.sha256).send(Buffer.from(f.bytes));
  });

  // ---- batches ----
  app.post('/api/v1/document-batches', {
    config: { access: { roles: GENERATORS, scope: 'legal_documents' } },
    schema: { tags: ['documents'], summary: 'Generate a kind for many cases as a background job (caseIds, or a filter); poll progress',
      body: z.strictObject({
        kind: DocumentKind, format: Format, overrides: Overrides,
        caseIds: z.array(Id).min(1).max(MAX_BATCH).optional(),
        filter: z.strictObject({ stage: z.enum(CASE_STAGES).optional(), creditorId: Id.optional(), limit: z.number().int().min(1).max(MAX_BATCH).optional() }).optional(),
      }).refine((b) => !!b.caseIds !== !!b.filter, { message: 'give caseIds or filter (one of them)', path: ['caseIds'] }),
      response: { 202: z.object({ batchId: z.string(), total: z.number() }) } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const b = await req.inTenant((tx) => createBatch(tx, keys, { kind: req.body.kind, format: req.body.format, overrides: req.body.overrides, caseIds: req.body.caseIds, filter: req.body.filter, actor: p.userId }));
    await deps.queue.send(documentBatchJob, { tenantId: p.tenant.id, batchId: b.id });
    return reply.code(202).send({ batchId: b.id, total: b.total });
  });

  app.get('/api/v1/document-batches', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'Recent document batches with progress', response: { 200: z.object({ items: z.array(BatchOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listBatches(tx))).map(batchOut) }));

  app.get('/api/v1/document-batches/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'Progress of a batch: total, done, failed (with the reason or missing fields per case)', params: IdParams, response: { 200: BatchOut } },
  }, async (req) => batchOut(await req.inTenant((tx) => getBatch(tx, req.params.id))));

  app.get('/api/v1/document-batches/:id/download', {
    config: { access: { roles: READERS } },
    schema: { tags: ['documents'], summary: 'All documents of a batch as one zip', params: IdParams },
  }, async (req, reply) => {
    const zip = await req.inTenant((tx) => batchZip(tx, req.params.id));
    return reply.type('application/zip').header('content-disposition', `attachment; filename="${req.params.id}.zip"`).send(Buffer.from(zip));
  });

  // ---- debtor portal: read and sign agreements ----
  app.get('/api/v1/portal/documents', {
    config: { access: { roles: ['debtor'] } },
    schema: { tags: ['documents', 'portal'], summary: 'Agreements of my case to read and sign (repayment, mediation, debt acknowledgment)', response: { 200: z.object({ items: z.array(DocumentOut.omit({ createdBy: true })) }) } },
  }, async (req) => ({ items: (await req.inTenant(async (tx) => withSigning(tx, await portalDocuments(tx, keys, requirePrincipal(req).subject ?? '')))).map((d) => {
    const { createdBy: _staff, ...rest } = d;
    // The debtor sees which party signed and when, not the names of the agency's staff.
    return { ...rest, signing: rest.signing ? { ...rest.signing, signatures: rest.signing.signatures.map((x) => ({ ...x, signer: x.party === 'debtor' ? x.signer : x.party })) } : null };
  }) }));

  app.get('/api/v1/portal/documents/:id/file', {
    config: { access: { roles: ['debtor'] } },
    schema: { tags: ['documents', 'portal'], summary: 'The PDF of an agreement of my case', params: IdParams },
  }, async (req, reply) => {
    const f = await req.inTenant((tx) => portalDocumentFile(tx, keys, requirePrincipal(req).subject ?? '', req.params.id));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${f.fileName}"`).send(Buffer.from(f.bytes));
  });

  app.post('/api/v1/portal/documents/:id/sign-request', {
    config: { access: { roles: ['debtor'] }, rateLimit: { max: 10, windowMs: 60_000 } },
    schema: { tags: ['documents', 'portal'], summary: 'Confirm identity again: a one-time signing code is sent to the phone on file, bound to this document’s digest',
      params: IdParams, response: { 200: z.object({ sentTo: z.string(), documentSha256: z.string(), expiresAt: z.string() }) } },
  }, async (req) => req.inTenant((tx) => requestSignature(tx, keys, messenger, requirePrincipal(req).subject ?? '', req.params.id)));

  app.post('/api/v1/portal/documents/:id/sign', {
    config: { access: { roles: ['debtor'] }, rateLimit: { max: 20, windowMs: 60_000 } },
    schema: { tags: ['documents', 'portal'], summary: 'Sign with the code: the signature binds the SHA-256 of the PDF, signer, time, IP and method, and goes into the evidence log',
      params: IdParams, body: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits'), documentSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex').optional() }),
      response: { 200: z.object({ signatureId: z.string(), documentId: z.string(), documentSha256: z.string(), signedAt: z.string(), method: z.string(), evidenceLeaf: z.number(), signedCount: z.number(), requiredCount: z.number(), fullySigned: z.boolean() }) } },
  }, async (req) => {
    const p = requirePrincipal(req);
    try {
      return await req.inTenant((tx) => signDocument(tx, keys, { caseRef: p.subject ?? '', documentId: req.params.id, code: req.body.code, ip: req.ip, documentSha256: req.body.documentSha256 }));
    } catch (e) {
      const challengeId = (e as { challengeId?: string }).challengeId;
      if (e instanceof DomainError && challengeId) await withTenant(deps.db, p.tenant.id, (tx) => countFailedAttempt(tx, challengeId));
      throw e;
    }
  });

  // ---- every party signs (DOC-08/09/10): creditor user or legal officer for the creditor, mediator ----
  app.get('/api/v1/document-signing', {
    config: { access: { roles: PARTY_SIGNER_ROLES } },
    schema: { tags: ['documents'], summary: 'Agreements waiting for my signature (creditor users: their creditors’ cases; legal officers: the creditor side; mediators: mediation agreements)',
      querystring: z.strictObject({ signed: z.enum(['true', 'false']).default('false') }),
      response: { 200: z.object({ items: z.array(SigningStatusOut.extend({ party: PartyEnum, createdAt: z.string(), caseRef: z.string().nullable() })) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => pendingForSigner(tx, signerOf(req), { includeSigned: req.query.signed === 'true' })) }));

  app.get('/api/v1/documents/:id/signing', {
    config: { access: { roles: SIGNING_READERS } },
    schema: { tags: ['documents'], summary: 'Who must sign this agreement, who signed and when (signed by k of n; fully signed), over this exact digest', params: IdParams, response: { 200: SigningStatusOut } },
  }, async (req) => req.inTenant((tx) => documentSigning(tx, signerOf(req), req.params.id)));

  app.get('/api/v1/documents/:id/signing/file', {
    config: { access: { roles: SIGNING_READERS } },
    schema: { tags: ['documents'], summary: 'The PDF to read before signing (a creditor user: only its creditors’ documents)', params: IdParams },
  }, async (req, reply) => {
    const f = await req.inTenant((tx) => signingFile(tx, signerOf(req), req.params.id));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${f.fileName}"`).header('x-content-sha256', f.sha256).send(Buffer.from(f.bytes));
  });

  app.post('/api/v1/documents/:id/sign-request', {
    // Per route and address: staff of one office share an address, so a little wider than the debtor portal's.
    config: { access: { roles: PARTY_SIGNER_ROLES }, rateLimit: { max: 30, windowMs: 60_000 } },
    schema: { tags: ['documents'], summary: 'Confirm identity again before signing for a party: a one-time code to the account’s e-mail, bound to this document’s digests',
      params: IdParams, body: z.strictObject({ party: PartyEnum }),
      response: { 200: z.object({ sentTo: z.string(), documentSha256: z.string(), documentSm3: z.string(), expiresAt: z.string() }) } },
  }, async (req) => req.inTenant((tx) => requestPartySignature(tx, messenger, signerOf(req), { documentId: req.params.id, party: req.body.party })));

  app.post('/api/v1/documents/:id/sign', {
    config: { access: { roles: PARTY_SIGNER_ROLES }, rateLimit: { max: 60, windowMs: 60_000 } },
    schema: { tags: ['documents'], summary: 'Sign for a party with the code and the SHA-256 you read (409 when the document changed); the signature binds SHA-256 + SM3 and goes into the evidence log',
      params: IdParams, body: z.strictObject({ party: PartyEnum, code: z.string().regex(/^\d{6}$/, 'six digits'), documentSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex') }),
      response: { 200: z.object({ signatureId: z.string(), documentId: z.string(), party: PartyEnum, documentSha256: z.string(), documentSm3: z.string(), signedAt: z.string(), method: z.string(), capacity: z.enum(['self', 'on_behalf']), evidenceLeaf: z.number(), status: SigningStatusOut }) } },
  }, async (req) => {
    const p = requirePrincipal(req);
    try {
      return await req.inTenant((tx) => signForParty(tx, signerOf(req), { documentId: req.params.id, party: req.body.party, code: req.body.code, documentSha256: req.body.documentSha256, ip: req.ip }));
    } catch (e) {
      const challengeId = (e as { challengeId?: string }).challengeId;
      if (e instanceof DomainError && challengeId) await withTenant(deps.db, p.tenant.id, (tx) => countPartyFailedAttempt(tx, challengeId));
      throw e;
    }
  });
}
