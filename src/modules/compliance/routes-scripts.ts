// HTTP adapter of the script library: list, export/import, drafts and the approval workflow (COL-40, COL-42..46, COL-85).
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import type { Role } from '../../platform/tenancy.js';
import { complianceError } from './errors.js';
import { CHANNELS } from './rule-sets.js';
import { TEMPLATE_STATES } from './scripts-library.js';
import { actOnTemplate, exportTemplates, importTemplates, listTemplates, loadTemplate, saveTemplateDraft, type TemplateView } from './template-store.js';
import { actorOf, CaseParams, OFFICERS, STAFF } from './routes-shared.js';

const Var = z.enum(['text', 'money', 'date', 'phone', 'url', 'count']);
const TemplateContent = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{2,63}$/, 'lower-case letters, digits and _'),
  category: z.enum(['first_notice', 'reminder', 'payment_plan', 'broken_promise', 'third_party_locate', 'settlement', 'automated_voice', 'payment_received', 'dispute', 'complaint', 'hardship', 'closure', 'call_opening']),
  channels: z.array(z.enum(CHANNELS)).min(1),
  audience: z.enum(['debtor', 'third_party']),
  automated: z.boolean(),
  zh: z.string().min(1).max(2000),
  en: z.string().min(1).max(2000),
  variables: z.record(z.string().regex(/^[a-zA-Z]\w{0,39}$/), Var),
});
const Problem = z.object({ code: z.string(), ruleId: z.string(), lang: z.string().optional(), detail: z.string() });
const TemplateOut = z.object({
  templateId: z.string(), version: z.number(), state: z.enum(TEMPLATE_STATES), content: TemplateContent, authorId: z.string(), approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(), filingNumber: z.string().nullable(), usageCount: z.number(),
  transitions: z.array(z.object({ from: z.string(), to: z.string(), by: z.string(), at: z.string(), note: z.string().optional() })), problems: z.array(Problem),
});
const templateOut = (v: TemplateView) => ({ ...v, problems: v.problems.map(({ code, ruleId, lang, detail }) => ({ code, ruleId, ...(lang ? { lang } : {}), detail })) });


export async function complianceScriptRoutes(app: App) {
  // ---- script library
  app.get('/api/v1/scripts', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Script library: latest version of every template with state, filing number and usage (starter library on first use)',
      querystring: z.strictObject({ state: z.enum(TEMPLATE_STATES).optional(), category: z.string().max(40).optional() }),
      response: { 200: z.object({ items: z.array(TemplateOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listTemplates(tx, req.query))).map(templateOut) }));

  app.get('/api/v1/scripts/export', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Export the script library as JSON (recourse.scripts.v1)' },
  }, async (req) => req.inTenant((tx) => exportTemplates(tx)));

  app.post('/api/v1/scripts/import', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: ['compliance'], summary: 'Import templates as drafts (approval is never imported); review problems listed per template (COL-40, COL-42..46)',
      body: z.strictObject({ templates: z.array(TemplateContent.loose()).min(1).max(500) }),
      response: { 200: z.object({ imported: z.array(z.object({ templateId: z.string(), version: z.number() })), problems: z.array(z.object({ templateId: z.string(), problems: z.array(Problem) })) }) } },
  }, async (req) => {
    const templates = req.body.templates.map((t) => TemplateContent.parse({ id: t.id, category: t.category, channels: t.channels, audience: t.audience, automated: t.automated, zh: t.zh, en: t.en, variables: t.variables }));
    const r = await req.inTenant((tx) => importTemplates(tx, templates, actorOf(req).userId));
    return { imported: r.imported, problems: r.problems.map((p) => ({ templateId: p.templateId, problems: p.problems.map(({ code, ruleId, lang, detail }) => ({ code, ruleId, ...(lang ? { lang } : {}), detail })) })) };
  });

  app.get('/api/v1/scripts/:id', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'One template (latest version) with its transitions and review problems', params: CaseParams, response: { 200: TemplateOut } },
  }, async (req) => templateOut(await req.inTenant((tx) => loadTemplate(tx, req.params.id))));

  app.post('/api/v1/scripts', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Create a template (draft v1) or a new draft version of an existing one', body: TemplateContent, response: { 201: TemplateOut } },
  }, async (req, reply) => reply.code(201).send(templateOut(await req.inTenant((tx) => saveTemplateDraft(tx, req.body, actorOf(req).userId)))));

  app.post('/api/v1/scripts/:id/actions', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Approval workflow: submit, approve (compliance officer, not the author), reject, file (filing number), retire',
      params: CaseParams,
      body: z.discriminatedUnion('action', [
        z.strictObject({ action: z.literal('submit') }), z.strictObject({ action: z.literal('approve') }),
        z.strictObject({ action: z.literal('reject'), reason: z.string().trim().min(2).max(500) }),
        z.strictObject({ action: z.literal('file'), filingNumber: z.string().trim().min(3).max(64) }), z.strictObject({ action: z.literal('retire') }),
      ]),
      response: { 200: TemplateOut } },
  }, async (req) => {
    const actor = actorOf(req);
    if ((req.body.action === 'file' || req.body.action === 'retire') && !actor.roles.some((r) => OFFICERS.includes(r as Role))) throw complianceError('COMPLIANCE_NOT_OFFICER');
    return templateOut(await req.inTenant((tx) => actOnTemplate(tx, req.params.id, req.body, actor)));
  });
}
