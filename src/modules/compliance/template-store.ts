// The persisted script library: the starter library seeded on first use, template versions with their approval
// workflow (draft → submitted → approved → filed; reject; retire), export and import (approval is never imported).
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { appendEvidence } from '../evidence/index.js';
import { complianceError } from './errors.js';
import {
  approveTemplate, draftTemplate, fileTemplate, rejectTemplate, retireTemplate, reviewTemplate, reviseTemplate, submitTemplate,
  STARTER_TEMPLATES, type Actor, type ScriptTemplate, type TemplateProblem, type TemplateRecord, type TemplateState,
} from './scripts-library.js';
import { saveTemplateRecord } from './store.js';

const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
/** Evidence leaves accept ids like `usr_…`; anything else is recorded as `system`. */
export const evidenceActor = (id: string | null | undefined) => (id && /^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/.test(id) ? id : 'system');

export interface TemplateView {
  templateId: string;
  version: number;
  state: TemplateState;
  content: ScriptTemplate;
  authorId: string;
  approvedBy: string | null;
  approvedAt: string | null;
  filingNumber: string | null;
  usageCount: number;
  transitions: TemplateRecord['transitions'];
  problems: TemplateProblem[];
}

function toView(x: Record<string, unknown>, transitions: TemplateRecord['transitions']): TemplateView {
  const content = json<ScriptTemplate>(x.content);
  return {
    templateId: String(x.id), version: Number(x.version), state: x.state as TemplateState, content, authorId: String(x.author_id),
    approvedBy: (x.approved_by as string | null) ?? null, approvedAt: x.approved_at ? ts(x.approved_at) : null, filingNumber: (x.filing_number as string | null) ?? null,
    usageCount: Number(x.usage_count ?? 0), transitions, problems: reviewTemplate(content),
  };
}

const recordOf = (v: TemplateView): TemplateRecord => ({
  templateId: v.templateId, version: v.version, state: v.state, content: v.content, authorId: v.authorId,
  approvedBy: v.approvedBy ?? undefined, approvedAt: v.approvedAt ?? undefined, filingNumber: v.filingNumber ?? undefined, transitions: v.transitions,
});

/**
 * Seeds the starter library (40+ zh/en templates, each reviewed by reviewTemplate in the tests) into a tenant that has
 * no templates yet. They enter as `approved` by `starter-library` with a transition note saying so; a tenant's
 * compliance officer may retire or revise any of them.
 */
export async function ensureStarterLibrary(tx: Tx): Promise<number> {
  const n = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM compliance.templates`);
  if (Number(n?.n ?? 0) > 0) return 0;
  const at = new Date().toISOString();
  for (const t of STARTER_TEMPLATES) {
    const rec: TemplateRecord = {
      ...draftTemplate(t, 'starter-library'), state: 'approved', approvedBy: 'starter-library', approvedAt: at,
      transitions: [{ from: 'draft', to: 'approved', by: 'starter-library', at, note: 'Recourse starter library (COL-40 identification, COL-42..46 screened)' }],
    };
    await saveTemplateRecord(tx, rec);
  }
  return STARTER_TEMPLATES.length;
}

async function transitionsOf(tx: Tx, id: string, version: number): Promise<TemplateRecord['transitions']> {
  const t = await rows<Record<string, unknown>>(tx, sql`SELECT from_state, to_state, by_user, at, note FROM compliance.template_transitions
    WHERE template_id = ${id} AND version = ${version} ORDER BY seq`);
  return t.map((x) => ({ from: x.from_state as TemplateState, to: x.to_state as TemplateState, by: String(x.by_user), at: ts(x.at), ...(x.note ? { note: String(x.note) } : {}) }));
}

/** Latest version of every template (starter library seeded on first use), with usage counts summed over versions. */
export async function listTemplates(tx: Tx, f: { state?: TemplateState; category?: string } = {}): Promise<TemplateView[]> {
  await ensureStarterLibrary(tx);
  const r = await rows<Record<string, unknown>>(tx, sql`SELECT DISTINCT ON (id) id, version, state, content, author_id, approved_by, approved_at, filing_number,
      (SELECT sum(usage_count) FROM compliance.templates u WHERE u.id = t.id)::bigint AS usage_count
    FROM compliance.templates t ORDER BY id, version DESC`);
  return r.map((x) => toView(x, [])).filter((v) => (!f.state || v.state === f.state) && (!f.category || v.content.category === f.category));
}

/** Latest version of one template with its transitions. Throws COMPLIANCE_TEMPLATE_NOT_FOUND. */
export async function loadTemplate(tx: Tx, id: string): Promise<TemplateView> {
  await ensureStarterLibrary(tx);
  const x = await one<Record<string, unknown>>(tx, sql`SELECT id, version, state, content, author_id, approved_by, approved_at, filing_number, usage_count
    FROM compliance.templates WHERE id = ${id} ORDER BY version DESC LIMIT 1`);
  if (!x) throw complianceError('COMPLIANCE_TEMPLATE_NOT_FOUND', { detail: id });
  return toView(x, await transitionsOf(tx, id, Number(x.version)));
}

async function saveAndAudit(tx: Tx, rec: TemplateRecord, actorId: string): Promise<TemplateView> {
  await saveTemplateRecord(tx, rec);
  const code = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/.test(rec.templateId) ? rec.templateId : null;
  await appendEvidence(tx, { type: 'script.changed', actor: evidenceActor(actorId), occurredAt: new Date().toISOString(), meta: { template: code, version: rec.version, state: rec.state } });
  return loadTemplate(tx, rec.templateId);
}

/** A new template (draft v1) or, when the id exists, a new draft version of it. */
export async function saveTemplateDraft(tx: Tx, content: ScriptTemplate, authorId: string): Promise<TemplateView> {
  const existing = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM compliance.templates WHERE id = ${content.id}`);
  if (Number(existing?.n ?? 0) === 0) return saveAndAudit(tx, draftTemplate(content, authorId), authorId);
  const cur = await loadTemplate(tx, content.id);
  if (cur.state === 'draft' || cur.state === 'submitted') throw complianceError('COMPLIANCE_TEMPLATE_TRANSITION', { detail: `version ${cur.version} is still ${cur.state}; decide it first` });
  return saveAndAudit(tx, reviseTemplate(recordOf(cur), content, authorId), authorId);
}

export type TemplateAction = { action: 'submit' } | { action: 'approve' } | { action: 'reject'; reason: string } | { action: 'file'; filingNumber: string } | { action: 'retire' };

/** Moves the latest version through the approval workflow (draft → submitted → approved → filed; reject; retire). */
export async function actOnTemplate(tx: Tx, id: string, a: TemplateAction, actor: Actor): Promise<TemplateView> {
  const rec = recordOf(await loadTemplate(tx, id));
  const at = new Date().toISOString();
  const next = a.action === 'submit' ? submitTemplate(rec, actor.userId, at)
    : a.action === 'approve' ? approveTemplate(rec, actor, at)
      : a.action === 'reject' ? rejectTemplate(rec, actor, at, a.reason)
        : a.action === 'file' ? fileTemplate(rec, a.filingNumber, actor.userId, at)
          : retireTemplate(rec, actor.userId, at);
  return saveAndAudit(tx, next, actor.userId);
}

/** Export: the latest version of every template with state, filing number and usage. */
export async function exportTemplates(tx: Tx): Promise<{ format: 'recourse.scripts.v1'; exportedAt: string; templates: Array<ScriptTemplate & { state: TemplateState; version: number; filingNumber: string | null; usageCount: number }> }> {
  const list = await listTemplates(tx);
  return { format: 'recourse.scripts.v1', exportedAt: new Date().toISOString(), templates: list.map((v) => ({ ...v.content, state: v.state, version: v.version, filingNumber: v.filingNumber, usageCount: v.usageCount })) };
}

/** Import: each template becomes a draft (new id) or a new draft version; approval is never imported. */
export async function importTemplates(tx: Tx, templates: ScriptTemplate[], authorId: string): Promise<{ imported: Array<{ templateId: string; version: number }>; problems: Array<{ templateId: string; problems: TemplateProblem[] }> }> {
  const imported: Array<{ templateId: string; version: number }> = [];
  const problems: Array<{ templateId: string; problems: TemplateProblem[] }> = [];
  for (const t of templates) {
    const v = await saveTemplateDraft(tx, t, authorId);
    imported.push({ templateId: v.templateId, version: v.version });
    if (v.problems.length) problems.push({ templateId: v.templateId, problems: v.problems });
  }
  return { imported, problems };
}
