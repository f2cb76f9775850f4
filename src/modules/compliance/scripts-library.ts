// Approved-scripts library: variable schemas, rendering, pre-approval checks and the approval workflow
// (draft → submitted → approved by a compliance officer → optionally filed with a filing number), as pure functions.
import { z } from 'zod';
import { announcesAutomation, findDebtDisclosure, screenContent, type ScreenHit } from './content-screen.js';
import { complianceError } from './errors.js';
import { STARTER_TEMPLATES, type ScriptTemplate, type VarType } from './scripts-data.js';

export { STARTER_TEMPLATES, type ScriptTemplate, type VarType, type TemplateCategory } from './scripts-data.js';

const VAR_SCHEMAS: Record<VarType, z.ZodType<string>> = {
  text: z.string().min(1).max(200),
  money: z.string().regex(/^\d{1,3}(,\d{3})*(\.\d{2})?$|^\d+(\.\d{2})?$/, 'decimal yuan, e.g. 1,280.00'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$|^\d{1,2}月\d{1,2}日$|^\d{4}年\d{1,2}月\d{1,2}日$/, 'YYYY-MM-DD'),
  phone: z.string().regex(/^[\d\- +()]{5,20}$/),
  url: z.string().regex(/^https?:\/\/\S+$/),
  count: z.string().regex(/^\d{1,4}$/),
};

/** Placeholder names used in a text ({name}). */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([a-zA-Z]\w*)\}/g)].map((m) => m[1]))];
}

/** zod schema for a template's variables. */
export function variableSchema(t: Pick<ScriptTemplate, 'variables'>): z.ZodObject<Record<string, z.ZodType<string>>> {
  return z.object(Object.fromEntries(Object.entries(t.variables).map(([k, v]) => [k, VAR_SCHEMAS[v]])));
}

/** Renders a template in one language. Throws COMPLIANCE_TEMPLATE_VARIABLES naming the bad variable. */
export function renderTemplate(t: ScriptTemplate, lang: 'zh' | 'en', vars: Record<string, string>): string {
  const parsed = variableSchema(t).safeParse(vars);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw complianceError('COMPLIANCE_TEMPLATE_VARIABLES', { field: `variables.${issue.path.join('.')}`, detail: issue.message });
  }
  return t[lang].replace(/\{([a-zA-Z]\w*)\}/g, (_, k: string) => parsed.data[k] ?? `{${k}}`);
}

export interface TemplateProblem {
  code: 'banned_content' | 'missing_identity' | 'discloses_debt' | 'not_announced_automated' | 'variables_mismatch';
  ruleId: string;
  lang?: 'zh' | 'en';
  detail: string;
  hits?: ScreenHit[];
}

/** Everything that stops a template from being approved (COL-40, COL-42..46, COL-32, COL-85). */
export function reviewTemplate(t: ScriptTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const lang of ['zh', 'en'] as const) {
    const text = t[lang];
    const screen = screenContent(text);
    if (!screen.clean) problems.push({ code: 'banned_content', ruleId: screen.hits[0].ruleId, lang, detail: screen.hits.map((h) => h.matched).join(', '), hits: screen.hits });
    const vars = placeholdersOf(text);
    const declared = Object.keys(t.variables);
    const undeclared = vars.filter((v) => !declared.includes(v));
    if (undeclared.length) problems.push({ code: 'variables_mismatch', ruleId: 'COL-40', lang, detail: `undeclared: ${undeclared.join(', ')}` });
    if (t.audience === 'debtor') {
      if (!vars.includes('agencyName') || !vars.includes('creditorName')) problems.push({ code: 'missing_identity', ruleId: 'COL-40', lang, detail: 'must name {agencyName} and {creditorName}' });
    } else {
      const words = findDebtDisclosure(text.replace(/\{[a-zA-Z]\w*\}/g, ' '));
      if (words.length || vars.includes('creditorName')) problems.push({ code: 'discloses_debt', ruleId: 'COL-32', lang, detail: words.join(', ') || '{creditorName}' });
      if (vars.length && !vars.includes('agencyName')) problems.push({ code: 'missing_identity', ruleId: 'COL-40', lang, detail: 'must name {agencyName}' });
    }
    if (t.automated && !announcesAutomation(text)) problems.push({ code: 'not_announced_automated', ruleId: 'COL-85', lang, detail: 'automated script must say it is automated' });
  }
  const used = new Set([...placeholdersOf(t.zh), ...placeholdersOf(t.en)]);
  const unused = Object.keys(t.variables).filter((k) => !used.has(k));
  if (unused.length) problems.push({ code: 'variables_mismatch', ruleId: 'COL-40', detail: `declared but unused: ${unused.join(', ')}` });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Approval workflow

export const TEMPLATE_STATES = ['draft', 'submitted', 'approved', 'rejected', 'filed', 'retired'] as const;
export type TemplateState = (typeof TEMPLATE_STATES)[number];

export interface TemplateTransition {
  from: TemplateState;
  to: TemplateState;
  by: string;
  at: string;
  note?: string;
}

export interface TemplateRecord {
  templateId: string;
  version: number;
  state: TemplateState;
  content: ScriptTemplate;
  authorId: string;
  approvedBy?: string;
  approvedAt?: string;
  filingNumber?: string;
  transitions: TemplateTransition[];
}

export interface Actor {
  userId: string;
  roles: string[];
}

const ALLOWED: Record<TemplateState, TemplateState[]> = {
  draft: ['submitted', 'retired'],
  submitted: ['approved', 'rejected'],
  rejected: ['submitted', 'retired'],
  approved: ['filed', 'retired'],
  filed: ['retired'],
  retired: [],
};

function move(rec: TemplateRecord, to: TemplateState, by: string, at: string, note?: string, patch: Partial<TemplateRecord> = {}): TemplateRecord {
  if (!ALLOWED[rec.state].includes(to)) {
    throw complianceError('COMPLIANCE_TEMPLATE_TRANSITION', { detail: `${rec.state} → ${to}`, extra: { allowed: ALLOWED[rec.state] } });
  }
  return { ...rec, ...patch, state: to, transitions: [...rec.transitions, { from: rec.state, to, by, at, note }] };
}

/** A new draft (version 1). */
export function draftTemplate(content: ScriptTemplate, authorId: string): TemplateRecord {
  return { templateId: content.id, version: 1, state: 'draft', content, authorId, transitions: [] };
}

/** draft|rejected → submitted. Throws COMPLIANCE_TEMPLATE_TRANSITION. */
export function submitTemplate(rec: TemplateRecord, by: string, at: string): TemplateRecord {
  return move(rec, 'submitted', by, at);
}

/**
 * submitted → approved, by a compliance officer who is not the author, only if reviewTemplate finds nothing.
 * Throws COMPLIANCE_NOT_OFFICER, COMPLIANCE_TEMPLATE_SELF_APPROVAL, COMPLIANCE_TEMPLATE_BANNED_CONTENT, COMPLIANCE_TEMPLATE_TRANSITION.
 */
export function approveTemplate(rec: TemplateRecord, officer: Actor, at: string): TemplateRecord {
  if (!officer.roles.includes('compliance_officer')) throw complianceError('COMPLIANCE_NOT_OFFICER');
  if (officer.userId === rec.authorId) throw complianceError('COMPLIANCE_TEMPLATE_SELF_APPROVAL');
  const problems = reviewTemplate(rec.content);
  if (problems.length) {
    throw complianceError('COMPLIANCE_TEMPLATE_BANNED_CONTENT', { rule: problems[0].ruleId, detail: problems.map((p) => `${p.code}: ${p.detail}`).join('; '), extra: { problems } });
  }
  return move(rec, 'approved', officer.userId, at, undefined, { approvedBy: officer.userId, approvedAt: at });
}

/** submitted → rejected with a reason. */
export function rejectTemplate(rec: TemplateRecord, officer: Actor, at: string, reason: string): TemplateRecord {
  if (!officer.roles.includes('compliance_officer')) throw complianceError('COMPLIANCE_NOT_OFFICER');
  return move(rec, 'rejected', officer.userId, at, reason);
}

/** approved → filed with the regulator/creditor filing number (备案号). */
export function fileTemplate(rec: TemplateRecord, filingNumber: string, by: string, at: string): TemplateRecord {
  if (!filingNumber.trim()) throw complianceError('COMPLIANCE_TEMPLATE_VARIABLES', { field: 'filingNumber', detail: 'filing number required' });
  return move(rec, 'filed', by, at, filingNumber, { filingNumber });
}

/** Any state except retired → retired. */
export function retireTemplate(rec: TemplateRecord, by: string, at: string): TemplateRecord {
  return move(rec, 'retired', by, at);
}

/** A new draft version from an approved/filed/rejected one (approvals do not carry over). */
export function reviseTemplate(rec: TemplateRecord, content: ScriptTemplate, authorId: string): TemplateRecord {
  if (rec.state === 'retired') throw complianceError('COMPLIANCE_TEMPLATE_TRANSITION', { detail: 'retired templates cannot be revised' });
  return { templateId: rec.templateId, version: rec.version + 1, state: 'draft', content: { ...content, id: rec.templateId }, authorId, transitions: [] };
}

/** Whether the gate may use it (approved, or filed when the tenant requires filing). */
export function isTemplateUsable(rec: TemplateRecord, requireFiling = false): boolean {
  return requireFiling ? rec.state === 'filed' : rec.state === 'approved' || rec.state === 'filed';
}

/** Starter template by id. Throws COMPLIANCE_TEMPLATE_NOT_FOUND. */
export function getStarterTemplate(id: string): ScriptTemplate {
  const t = STARTER_TEMPLATES.find((x) => x.id === id);
  if (!t) throw complianceError('COMPLIANCE_TEMPLATE_NOT_FOUND', { detail: id });
  return t;
}
