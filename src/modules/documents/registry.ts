// Shipped templates, validated once against the template schema.
import { documentsError } from './errors.js';
import { SHIPPED_TEMPLATES } from './templates.js';
import { DocumentKind, DocumentTemplate, type DocumentTemplateInput } from './template-types.js';

/** Validate a template (shipped or tenant-edited). Throws DOCUMENTS_TEMPLATE_INVALID. */
export function parseTemplate(input: DocumentTemplateInput | unknown): DocumentTemplate {
  const r = DocumentTemplate.safeParse(input);
  if (!r.success) throw documentsError('DOCUMENTS_TEMPLATE_INVALID', { detail: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const t = r.data;
  const names = new Set(t.fields.map((f) => f.name));
  if (names.size !== t.fields.length) throw documentsError('DOCUMENTS_TEMPLATE_INVALID', { detail: 'duplicate field names' });
  for (const b of t.blocks) {
    const refs: string[] = [];
    if ('text' in b) for (const m of b.text.matchAll(/\{\{(\w+)(?:\|\w+)?\}\}/g)) refs.push(m[1]);
    if (b.kind === 'party' || b.kind === 'table') refs.push(b.field);
    if (b.when) refs.push(b.when.field);
    for (const r of refs) if (!names.has(r)) throw documentsError('DOCUMENTS_TEMPLATE_INVALID', { detail: `${t.kind}: block refers to unknown field ${r}` });
  }
  return t;
}

let cache: Map<DocumentKind, DocumentTemplate> | null = null;

function shipped(): Map<DocumentKind, DocumentTemplate> {
  if (!cache) cache = new Map(SHIPPED_TEMPLATES.map((t) => { const p = parseTemplate(t); return [p.kind, p]; }));
  return cache;
}

/** The shipped template of a kind. Throws DOCUMENTS_KIND_UNKNOWN. */
export function getShippedTemplate(kind: string): DocumentTemplate {
  const k = DocumentKind.safeParse(kind);
  const t = k.success ? shipped().get(k.data) : undefined;
  if (!t) throw documentsError('DOCUMENTS_KIND_UNKNOWN', { detail: kind });
  return t;
}

/** All shipped templates, in DOC order of the kind enum. */
export function listShippedTemplates(): DocumentTemplate[] {
  return DocumentKind.options.map((k) => getShippedTemplate(k));
}
