// Resolve a filled document into layout blocks (placeholders substituted, conditions applied), then lint them
// (COL-42/43) before any renderer sees them.
import { formatFigures } from '../law/index.js';
import { documentsError } from './errors.js';
import type { FilledDocument } from './fill.js';
import type { Column } from './template-types.js';
import { formatDateZh } from './fill.js';

export type LaidBlock =
  | { kind: 'title' | 'subtitle' | 'heading' | 'left' | 'right'; text: string }
  | { kind: 'para'; text: string; indent: boolean }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'pagebreak' };

export interface LaidDocument {
  kind: FilledDocument['kind'];
  title: string;
  templateVersion: number;
  blocks: LaidBlock[];
}

const BLANK = '______';

function substitute(text: string, doc: FilledDocument, draft: boolean, missing: Set<string>): string {
  return text.replace(/\{\{(\w+)(?:\|(\w+))?\}\}/g, (_m, name: string, fmt?: string) => {
    const f = doc.fields[name];
    if (!f) {
      missing.add(name);
      return draft ? BLANK : '';
    }
    if (f.type === 'money') {
      if (fmt === 'capitals') return f.capitals!;
      if (fmt === 'both') return `${f.text}（${f.capitals}）`;
      return f.text;
    }
    return f.text;
  });
}

function cell(v: unknown, type: Column['type']): string {
  if (v === undefined || v === null) return '';
  if (type === 'money') return formatFigures(typeof v === 'bigint' ? v : BigInt(v as string), '');
  if (type === 'date') return formatDateZh(String(v));
  return String(v);
}

/**
 * Lay out a filled document. Unless `draft`, throws DOCUMENTS_FIELDS_MISSING when a required field is missing
 * (extra.missing lists them). Then applies lintDocument.
 */
export function layoutDocument(doc: FilledDocument, opts: { draft?: boolean } = {}): LaidDocument {
  if (!opts.draft && doc.missing.length) {
    throw documentsError('DOCUMENTS_FIELDS_MISSING', { detail: doc.missing.map((m) => m.label).join('、'), extra: { missing: doc.missing } });
  }
  if (!opts.draft && doc.invalid.length) {
    throw documentsError('DOCUMENTS_CASE_DATA_INVALID', { detail: doc.invalid.map((m) => `${m.label}: ${m.reason}`).join('; '), field: doc.invalid[0].field, extra: { invalid: doc.invalid } });
  }
  const unresolved = new Set<string>();
  const blocks: LaidBlock[] = [];
  for (const b of doc.template.blocks) {
    if (b.when) {
      const f = doc.fields[b.when.field];
      const v = f ? String(f.value) : undefined;
      if (b.when.equals !== undefined ? v !== b.when.equals : b.when.notEquals !== undefined ? v === b.when.notEquals : !f) continue;
    }
    switch (b.kind) {
      case 'pagebreak':
        blocks.push({ kind: 'pagebreak' });
        break;
      case 'party': {
        const f = doc.fields[b.field];
        if (!f) {
          unresolved.add(b.field);
          if (opts.draft) blocks.push({ kind: 'para', text: `${b.role}：${BLANK}`, indent: false });
          break;
        }
        blocks.push({ kind: 'para', text: `${b.role}：${f.text}`, indent: false });
        break;
      }
      case 'table': {
        const f = doc.fields[b.field];
        const rows = f ? (f.value as Array<Record<string, unknown>>) : [];
        blocks.push({ kind: 'table', header: b.columns.map((c) => c.label), rows: rows.map((r) => b.columns.map((c) => cell(r[c.key], c.type))) });
        break;
      }
      case 'para':
        blocks.push({ kind: 'para', text: substitute(b.text, doc, !!opts.draft, unresolved), indent: b.indent });
        break;
      default:
        blocks.push({ kind: b.kind, text: substitute(b.text, doc, !!opts.draft, unresolved) });
    }
  }
  const laid: LaidDocument = { kind: doc.kind, title: doc.template.title, templateVersion: doc.template.version, blocks };
  lintDocument(laid, doc.template.audience);
  return laid;
}

/** COL-42: a court case-number style such as （2025）京0105民初123号. */
export const COURT_CASE_NUMBER = /[（(]\s*\d{4}\s*[）)]\s*[\u4e00-\u9fa5]{0,2}\d{0,6}\s*[\u4e00-\u9fa5]{1,4}\s*\d+\s*号/;
/** COL-42/43: police/criminal threats, invented blacklists, claims of filed cases, pressure on third parties. */
export const FORBIDDEN_WORDS = ['公安', '拘留', '坐牢', '刑事责任', '逮捕', '黑名单', '已立案', '传票', '法院通知', '通知单位', '通知家人', '通知村委', '人民法院公告'];

/** Plain text of a laid document (used by the linter, tests and previews). */
export function documentText(doc: LaidDocument): string {
  return doc.blocks
    .map((b) => (b.kind === 'pagebreak' ? '\f' : b.kind === 'table' ? [b.header, ...b.rows].map((r) => r.join(' | ')).join('\n') : b.text))
    .join('\n');
}

/**
 * Letters and agreements between the parties (audience 'party') may not look like court papers or threaten
 * (COL-42/43): throws DOCUMENTS_CONTENT_FORBIDDEN. Court filings may cite a real case number of an existing case.
 */
export function lintDocument(doc: LaidDocument, audience: 'court' | 'party'): void {
  const text = documentText(doc);
  if (audience === 'party') {
    const m = COURT_CASE_NUMBER.exec(text);
    if (m) throw documentsError('DOCUMENTS_CONTENT_FORBIDDEN', { rule: 'COL-42', detail: `court case-number style: ${m[0]}` });
  }
  const word = FORBIDDEN_WORDS.find((w) => text.includes(w));
  if (word) throw documentsError('DOCUMENTS_CONTENT_FORBIDDEN', { rule: 'COL-43', detail: `forbidden wording: ${word}` });
}
