// Public surface of the documents module: DOC-01..13 templates (data), filling from case data with the law
// calculators, layout + COL-42/43 lint, DOCX and PDF rendering. Errors: DOCUMENTS_* (errors.ts).
import { fillDocument } from './fill.js';
import { layoutDocument, type LaidDocument } from './layout.js';
import { renderDocx } from './render-docx.js';
import { renderPdf } from './render-pdf.js';
import type { CaseData, CaseDataInput } from './case-data.js';
import type { DocumentKind, DocumentTemplate } from './template-types.js';

export interface RenderedDocument {
  kind: DocumentKind;
  format: 'docx' | 'pdf';
  bytes: Uint8Array;
  laid: LaidDocument;
  snapshot: { caseData: CaseData; calc: Record<string, unknown> };
}

/**
 * fill → layout (+lint) → render. Errors: DOCUMENTS_KIND_UNKNOWN, DOCUMENTS_CASE_DATA_INVALID,
 * DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED, DOCUMENTS_FIELDS_MISSING (unless draft), DOCUMENTS_CONTENT_FORBIDDEN.
 */
export async function renderDocument(
  kind: DocumentKind,
  caseData: CaseDataInput | CaseData,
  opts: { format: 'docx' | 'pdf'; overrides?: Record<string, unknown>; draft?: boolean; template?: DocumentTemplate; compress?: boolean },
): Promise<RenderedDocument> {
  const filled = fillDocument(kind, caseData, opts.overrides ?? {}, { template: opts.template });
  const laid = layoutDocument(filled, { draft: opts.draft });
  const bytes = opts.format === 'docx' ? await renderDocx(laid) : await renderPdf(laid, { compress: opts.compress });
  return { kind, format: opts.format, bytes, laid, snapshot: filled.snapshot };
}

/** fillDocument(kind, caseData, overrides) → {fields, missing, snapshot}. Errors: see renderDocument. */
export { fillDocument, computeCalc, parseCaseData, formatParty, formatDateZh, formatRate, buildSchedule, readPath, type FilledDocument, type FilledField } from './fill.js';
/** layoutDocument(filled, {draft}) → laid blocks; lintDocument (COL-42/43); documentText. */
export { layoutDocument, lintDocument, documentText, COURT_CASE_NUMBER, FORBIDDEN_WORDS, type LaidDocument, type LaidBlock } from './layout.js';
/** renderDocx(laid) → DOCX bytes; renderPdf(laid, {compress}) → PDF bytes. */
export { renderDocx } from './render-docx.js';
export { renderPdf } from './render-pdf.js';
/** Shipped templates (data) and validation. Errors: DOCUMENTS_KIND_UNKNOWN, DOCUMENTS_TEMPLATE_INVALID. */
export { getShippedTemplate, listShippedTemplates, parseTemplate } from './registry.js';
export { SHIPPED_TEMPLATES } from './templates.js';
export { DocumentKind, DocumentTemplate, FieldSpec, Block, type DocumentTemplateInput } from './template-types.js';
export { CaseData, Party, Debt, EvidenceItem, type CaseDataInput } from './case-data.js';
export { DocumentsErrors, documentsError, type DocumentsErrorCode } from './errors.js';
/** DB use cases (tx from withTenant): template versions, restore shipped, generate + store with evidence leaf. */
export { getActiveTemplate, saveTemplateVersion, restoreShippedTemplate, listTemplateVersions, generateDocument, getGeneratedDocument, type ActiveTemplate, type GeneratedDocument } from './store.js';
/** Background jobs (app.ts lists them). */
export { documentsJobs } from './jobs.js';
/** Fastify plugin. */
export { documentsRoutes } from './routes.js';
/** Retention purge (PI-07, issue 9): called by the privacy module. */
export { purgeDocumentPersonalData } from './purge.js';
