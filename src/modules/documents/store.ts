// Database-backed use cases: tenant template versions (edit, list, restore the shipped one) and generated
// documents (bytes in evidence.files by digest, one evidence-log leaf per generation, the data snapshot kept — D0).
// Every use case takes a tenant-scoped `tx` (withTenant).
import { getCurrentTenant } from '../tenants/index.js';
import { sql, rows, one, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { appendEvidence, storeEvidenceFile } from '../evidence/index.js';
import type { CaseData, CaseDataInput } from './case-data.js';
import { documentsError } from './errors.js';
import { fillDocument, parseCaseData, type FilledDocument } from './fill.js';
import { layoutDocument, type LaidDocument } from './layout.js';
import { getShippedTemplate, parseTemplate } from './registry.js';
import { renderDocx } from './render-docx.js';
import { renderPdf } from './render-pdf.js';
import type { DocumentKind, DocumentTemplate } from './template-types.js';

export interface ActiveTemplate {
  template: DocumentTemplate;
  /** 0 = the shipped template with no tenant row yet. */
  version: number;
  source: 'tenant' | 'shipped';
}

const MEDIA = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

/** The tenant's current template for a kind: its latest version row, else the shipped template. */
export async function getActiveTemplate(tx: Tx, kind: DocumentKind): Promise<ActiveTemplate> {
  const shipped = getShippedTemplate(kind);
  const row = await one<{ version: number; source: 'tenant' | 'shipped'; body: unknown }>(
    tx,
    sql`SELECT version, source, body FROM documents.templates WHERE kind = ${kind} ORDER BY version DESC LIMIT 1`,
  );
  if (!row) return { template: shipped, version: 0, source: 'shipped' };
  const body = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
  return { template: parseTemplate(body), version: Number(row.version), source: row.source };
}

async function nextVersion(tx: Tx, kind: DocumentKind): Promise<number> {
  const r = await one<{ v: number | string | null }>(tx, sql`SELECT max(version) AS v FROM documents.templates WHERE kind = ${kind}`);
  return Number(r?.v ?? 0) + 1;
}

/** Save a tenant edit as a new version (validated: DOCUMENTS_TEMPLATE_INVALID; kind must match). */
export async function saveTemplateVersion(tx: Tx, input: { kind: DocumentKind; template: unknown; actor: string }): Promise<ActiveTemplate> {
  const t = parseTemplate(input.template);
  if (t.kind !== input.kind) throw documentsError('DOCUMENTS_TEMPLATE_INVALID', { detail: `template kind ${t.kind} ≠ ${input.kind}` });
  const version = await nextVersion(tx, input.kind);
  const body = { ...t, version };
  await tx.execute(sql`INSERT INTO documents.templates (tenant_id, kind, version, source, body, created_by)
    VALUES (current_setting('app.tenant_id', true), ${input.kind}, ${version}, 'tenant', ${JSON.stringify(body)}::jsonb, ${input.actor})`);
  return { template: body, version, source: 'tenant' };
}

/** Restore the shipped template: appended as a new version with source 'shipped' (history is kept). */
export async function restoreShippedTemplate(tx: Tx, input: { kind: DocumentKind; actor: string }): Promise<ActiveTemplate> {
  const shipped = getShippedTemplate(input.kind);
  const version = await nextVersion(tx, input.kind);
  await tx.execute(sql`INSERT INTO documents.templates (tenant_id, kind, version, source, body, created_by)
    VALUES (current_setting('app.tenant_id', true), ${input.kind}, ${version}, 'shipped', ${JSON.stringify(shipped)}::jsonb, ${input.actor})`);
  return { template: shipped, version, source: 'shipped' };
}

/** All versions of a kind for the tenant, newest first. */
export async function listTemplateVersions(tx: Tx, kind: DocumentKind): Promise<Array<{ version: number; source: string; createdBy: string; createdAt: string }>> {
  const r = await rows<{ version: number; source: string; created_by: string; created_at: string | Date }>(
    tx,
    sql`SELECT version, source, created_by, created_at FROM documents.templates WHERE kind = ${kind} ORDER BY version DESC`,
  );
  return r.map((x) => ({ version: Number(x.version), source: x.source, createdBy: x.created_by, createdAt: new Date(x.created_at).toISOString() }));
}

export interface GeneratedDocument {
  id: string;
  kind: DocumentKind;
  format: 'docx' | 'pdf';
  sha256: string;
  sm3: string;
  size: number;
  templateVersion: number;
  templateSource: 'tenant' | 'shipped';
  evidenceLeaf: number;
  bytes: Uint8Array;
}

/** JSON with bigint as decimal strings (snapshot storage). */
function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

export interface GenerateInput {
  kind: DocumentKind; caseData: CaseDataInput | CaseData; format: 'docx' | 'pdf'; actor: string; caseId?: string; overrides?: Record<string, unknown>; batchId?: string;
  /** Already read in this transaction by the caller (one-click / batch): not read again. */
  prefetched?: { tenant: { lawFirm: string }; active: ActiveTemplate };
}

/** A document filled and laid out (template version fixed, lint passed), ready to render and store. */
export interface PreparedDocument {
  input: Omit<GenerateInput, 'caseData' | 'prefetched'>;
  laid: LaidDocument;
  template: { version: number; source: 'tenant' | 'shipped'; rule: string };
  snapshot: FilledDocument['snapshot'];
}

/**
 * Fill and lay out with the tenant's active template (tenant record decides DOC-05). Errors as generateDocument,
 * except nothing is rendered or stored.
 */
export async function prepareDocument(tx: Tx, input: GenerateInput): Promise<PreparedDocument> {
  const tenant = input.prefetched?.tenant ?? (await getCurrentTenant(tx).catch(() => null));
  if (!tenant) throw documentsError('DOCUMENTS_PRECONDITION_FAILED', { detail: 'no tenant in scope' });
  const cd = parseCaseData(input.caseData);
  const trusted: CaseData = { ...cd, tenant: { ...cd.tenant, isLawFirm: tenant.lawFirm === 'is_law_firm', worksWithLawFirm: tenant.lawFirm === 'works_with_law_firm' } };
  const active = input.prefetched?.active ?? (await getActiveTemplate(tx, input.kind));
  const filled = fillDocument(input.kind, trusted, input.overrides ?? {}, { template: active.template });
  const laid = layoutDocument(filled);
  const { caseData: _cd, prefetched: _p, ...rest } = input;
  return { input: rest, laid, template: { version: active.version, source: active.source, rule: filled.template.rule }, snapshot: filled.snapshot };
}

/** Render a prepared document in this thread. */
export function renderPrepared(p: PreparedDocument): Promise<Uint8Array> {
  return p.input.format === 'docx' ? renderDocx(p.laid) : renderPdf(p.laid);
}

/** Store rendered bytes write-once (SHA-256/SM3), append the `document.generated` leaf and the record, in `tx`. */
export async function storeRenderedDocument(tx: Tx, p: PreparedDocument, bytes: Uint8Array): Promise<GeneratedDocument> {
  const input = p.input;
  const content = await storeEvidenceFile(tx, bytes, MEDIA[input.format]);
  const id = newId('doc');
  const appended = await appendEvidence(tx, {
    type: 'document.generated',
    case: input.caseId ?? null,
    actor: input.actor,
    occurredAt: new Date().toISOString(),
    content,
    refs: { document: id },
    meta: { kind: input.kind, format: input.format, templateVersion: p.template.version, rule: p.template.rule },
  });
  const total = p.snapshot.calc.totalFen as bigint | undefined;
  await tx.execute(sql`INSERT INTO documents.generated (tenant_id, id, kind, case_id, template_version, template_source, format,
      sha256, sm3, size_bytes, snapshot, total_fen, evidence_leaf, created_by, batch_id)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${input.kind}, ${input.caseId ?? null}, ${p.template.version}, ${p.template.source},
      ${input.format}, ${content.sha256}, ${content.sm3}, ${content.size}, ${toJson(p.snapshot)}::jsonb, ${total ?? null},
      ${appended.leafIndex}, ${input.actor}, ${input.batchId ?? null})`);
  return {
    id, kind: input.kind, format: input.format, sha256: content.sha256, sm3: content.sm3, size: content.size,
    templateVersion: p.template.version, templateSource: p.template.source, evidenceLeaf: appended.leafIndex, bytes,
  };
}

/**
 * Fill, lint and render a document with the tenant's active template, store the bytes (evidence.files), append a
 * `document.generated` evidence leaf and record the document with its data snapshot. The lawyer's-letter gate
 * (DOC-05) uses the tenant's recorded law-firm status, not the caller's claim. Never files anything (D0).
 * Errors: all of renderDocument's, DOCUMENTS_FIELDS_MISSING.
 */
export async function generateDocument(tx: Tx, input: GenerateInput): Promise<GeneratedDocument> {
  const p = await prepareDocument(tx, input);
  return storeRenderedDocument(tx, p, await renderPrepared(p));
}

/** A generated document's record (no bytes; fetch them from evidence by sha256). Throws DOCUMENTS_DOCUMENT_NOT_FOUND. */
export async function getGeneratedDocument(tx: Tx, id: string): Promise<{ id: string; kind: string; caseId: string | null; format: string; sha256: string; sm3: string; templateVersion: number; evidenceLeaf: number; snapshot: unknown; createdAt: string }> {
  const r = await one<Record<string, unknown>>(tx, sql`SELECT * FROM documents.generated WHERE id = ${id}`);
  if (!r) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: id });
  return {
    id: String(r.id), kind: String(r.kind), caseId: (r.case_id as string | null) ?? null, format: String(r.format),
    sha256: String(r.sha256), sm3: String(r.sm3), templateVersion: Number(r.template_version), evidenceLeaf: Number(r.evidence_leaf),
    snapshot: typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot, createdAt: new Date(r.created_at as string).toISOString(),
  };
}
