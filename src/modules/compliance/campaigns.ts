// Campaigns: a day's automated contacts over a segment of cases. Planning loads each debtor's real gate context
// (history across cases, holds from compliance and cases, suppressions, consents, holidays) and runs the pure
// planner, which fits every contact inside every cap and window and explains each skipped case. Execution (a job)
// sends each planned contact through the gate again at send time and the messenger, logging every decision.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import type { Messenger } from '../../platform/messaging/index.js';
import { searchCases, type CaseStage } from '../cases/index.js';
import { revealContactPoints, type DebtorKeys } from '../debtors/index.js';
import { appendEvidence } from '../evidence/index.js';
import { planCampaign, type PlanCase, type PlannedContact, type SkippedCase } from './campaign-planner.js';
import { complianceError } from './errors.js';
import { recordContact, renderTemplateForCase } from './check-contact.js';
import { assembleContactFacts, loadCaseFacts, type CaseFacts } from './contact-facts.js';
import { loadTemplate } from './template-store.js';
import type { Channel } from './rule-sets.js';
import { loadEffectiveRules, loadGateContexts, recordContactOutcome } from './store.js';
import { atLocal } from './time.js';

export const CAMPAIGN_CHANNELS = ['sms', 'email', 'voice_automated'] as const satisfies readonly Channel[];
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

export interface CampaignInput {
  name: string;
  channel: CampaignChannel;
  templateId: string;
  /** Local calendar day to plan (YYYY-MM-DD) in `timeZone`. */
  day: string;
  timeZone: string;
  filters: { stage?: CaseStage; limit?: number };
  variables?: Record<string, string>;
  createdBy: string;
}

export interface CampaignView {
  id: string;
  name: string;
  channel: CampaignChannel;
  templateId: string;
  day: string;
  timeZone: string;
  status: 'planned' | 'running' | 'done';
  planned: PlannedContact[];
  skipped: SkippedCase[];
  sent: number;
  refused: number;
  createdAt: string;
}

const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function view(x: Record<string, unknown>): CampaignView {
  return {
    id: String(x.id), name: String(x.name), channel: x.channel as CampaignChannel, templateId: String(x.template_id), day: String(x.day), timeZone: String(x.time_zone),
    status: x.status as CampaignView['status'], planned: json(x.planned), skipped: json(x.skipped), sent: Number(x.sent), refused: Number(x.refused), createdAt: ts(x.created_at),
  };
}

/**
 * Plans and stores a campaign. Only an approved or filed template may be used by an automated channel (COL-40/COL-85):
 * with any other template every case is skipped with that reason. Throws COMPLIANCE_TEMPLATE_NOT_FOUND, COMPLIANCE_TEMPLATE_VARIABLES.
 */
export async function planCampaignForSegment(tx: Tx, keys: DebtorKeys, input: CampaignInput): Promise<CampaignView> {
  const tpl = await loadTemplate(tx, input.templateId);
  const rules = await loadEffectiveRules(tx);
  const from = atLocal(input.day, 0, input.timeZone).toISOString();
  const to = atLocal(input.day, 24 * 60 - 1, input.timeZone).toISOString();
  const found = await searchCases(tx, keys, { ...(input.filters.stage ? { stage: input.filters.stage } : {}), limit: Math.min(input.filters.limit ?? 200, 1000) });
  const facts: CaseFacts[] = [];
  for (const item of found.items) {
    const cf = await loadCaseFacts(tx, item.id, new Date(from));
    if (cf.caseFile.stage !== 'closed') facts.push(cf);
  }
  // The debtor-wide facts of the whole segment in set-based queries (history, holds, suppressions, consents, holidays),
  // assembled per case by the same pure function as a single check (assembleContactFacts).
  const debtorFacts = await loadGateContexts(tx, { debtorIds: facts.map((c) => c.debtorId), at: from, until: to, rules });
  const cases: PlanCase[] = [];
  for (const cf of facts) {
    const g = debtorFacts.byDebtor.get(cf.debtorId)!;
    const t = await renderTemplateForCase(tx, cf, input.templateId, input.variables ?? {});
    const { attempt, ctx } = assembleContactFacts({
      request: { caseId: cf.caseId, channel: input.channel, target: { kind: 'debtor' }, templateId: input.templateId }, at: from, rules, caseFacts: cf, debtor: g,
      holidays: debtorFacts.holidays, text: t.text, templateApproved: t.approved,
    });
    const { rules: _r, history, ...rest } = ctx;
    const { at: _a, channel: _c, ...att } = attempt;
    cases.push({ caseId: cf.caseId, debtorId: cf.debtorId, debtorTimeZone: cf.timeZone, history, facts: rest, attempt: att, text: t.text });
  }
  const plan = planCampaign({
    rules, channel: input.channel, templateId: input.templateId, templateApproved: tpl.state === 'approved' || tpl.state === 'filed', from, to, cases,
  });
  const id = newId('cmpg');
  await tx.execute(sql`INSERT INTO compliance.campaigns (tenant_id, id, name, channel, template_id, day, time_zone, filters, planned, skipped, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${input.name}, ${input.channel}, ${input.templateId}, ${input.day}::date, ${input.timeZone},
      ${JSON.stringify({ ...input.filters, variables: input.variables ?? {} })}::jsonb, ${JSON.stringify(plan.planned)}::jsonb, ${JSON.stringify(plan.skipped)}::jsonb, ${input.createdBy})`);
  return getCampaign(tx, id);
}

export async function getCampaign(tx: Tx, id: string): Promise<CampaignView> {
  const x = await one<Record<string, unknown>>(tx, sql`SELECT id, name, channel, template_id, to_char(day, 'YYYY-MM-DD') AS day, time_zone, status, planned, skipped, sent, refused, created_at
    FROM compliance.campaigns WHERE id = ${id}`);
  if (!x) throw complianceError('COMPLIANCE_CAMPAIGN_NOT_FOUND', { detail: id });
  return view(x);
}

export async function listCampaigns(tx: Tx): Promise<CampaignView[]> {
  return (await rows<Record<string, unknown>>(tx, sql`SELECT id, name, channel, template_id, to_char(day, 'YYYY-MM-DD') AS day, time_zone, status, planned, skipped, sent, refused, created_at
    FROM compliance.campaigns ORDER BY created_at DESC LIMIT 100`)).map(view);
}

/** Marks a planned campaign as running (once). Throws COMPLIANCE_CAMPAIGN_NOT_FOUND, COMPLIANCE_CAMPAIGN_STATE. */
export async function startCampaign(tx: Tx, id: string): Promise<CampaignView> {
  const c = await getCampaign(tx, id);
  if (c.status !== 'planned') throw complianceError('COMPLIANCE_CAMPAIGN_STATE', { detail: `${id} is ${c.status}` });
  await tx.execute(sql`UPDATE compliance.campaigns SET status = 'running' WHERE id = ${id}`);
  return getCampaign(tx, id);
}

/**
 * Sends one running campaign: every planned contact goes through the gate again now (logged, allowed or refused);
 * allowed ones go to the messenger and get the outcome `delivered` (or `failed`), with an evidence leaf.
 */
export async function executeCampaign(tx: Tx, deps: { keys: DebtorKeys; messenger: Messenger }, id: string, now = new Date()): Promise<{ sent: number; refused: number }> {
  const c = await getCampaign(tx, id);
  if (c.status !== 'running') throw complianceError('COMPLIANCE_CAMPAIGN_STATE', { detail: `${id} is ${c.status}` });
  const filters = json<{ variables?: Record<string, string> }>((await one<{ filters: unknown }>(tx, sql`SELECT filters FROM compliance.campaigns WHERE id = ${id}`))?.filters ?? {});
  const tenant = await one<{ t: string }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  let sent = 0;
  let refused = 0;
  for (const p of c.planned) {
    const d = await recordContact(tx, { caseId: p.caseId, channel: c.channel, target: { kind: 'debtor' }, templateId: c.templateId, variables: filters.variables, at: now.toISOString(), actorId: 'system', source: 'campaign' });
    if (d.decision === 'deny') {
      refused++;
      continue;
    }
    const kind = c.channel === 'email' ? 'email' : 'phone';
    const [to] = await revealContactPoints(tx, deps.keys, p.debtorId, kind);
    const res = to ? await deps.messenger.send(tx, { tenantId: tenant!.t, channel: c.channel === 'email' ? 'email' : c.channel === 'sms' ? 'sms' : 'voice', to: to.value, body: d.renderedText ?? '', purpose: 'contact' }) : null;
    await recordContactOutcome(tx, d.attemptId, res && res.status !== 'failed' ? 'delivered' : 'failed', now.toISOString());
    await appendEvidence(tx, { type: 'contact.recorded', case: p.caseId, actor: 'system', occurredAt: now.toISOString(), refs: { attempt: d.attemptId, campaign: id }, meta: { channel: c.channel, outcome: res ? res.status : 'no_contact_point' } });
    sent++;
  }
  await tx.execute(sql`UPDATE compliance.campaigns SET status = 'done', sent = ${sent}, refused = ${refused}, finished_at = now() WHERE id = ${id}`);
  return { sent, refused };
}
