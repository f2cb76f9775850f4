// Payment-plan reminders sent to the debtor (DOC-08 plans; the contact rules of the compliance gate apply: COL-20/21
// caps and quiet hours, COL-35 holds, COL-40 identity, COL-42..46 content, opt-out notice). The plan check
// (plans.ts, daily job) decides which notices are due — a reminder `daysBefore` days ahead of each instalment — and
// each is delivered here once: the text comes from the starter script `plan_instalment_reminder`, the gate decides
// with the debtor's full contact history (checkContactForCase logs allow and deny alike); a refusal is recorded with
// the rules that fired and nothing is sent; an allowed reminder goes through the messenger (SMS provider / SMTP / dev
// outbox) to the debtor's first usable contact point and its outcome goes back to the contact log. An evidence leaf
// records either (ids and rule ids only, no personal data).
import { z } from 'zod';
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { formatYuan } from '../../platform/money.js';
import type { Messenger } from '../../platform/messaging/index.js';
import { getCase } from '../cases/index.js';
import { getStarterTemplate, recordContact, recordContactOutcome, renderTemplate } from '../compliance/index.js';
import { revealContactPoints, type DebtorKeys } from '../debtors/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import { appendEvidence } from '../evidence/index.js';
import { ledgerError } from './errors.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;
export const DEFAULT_REMINDER = { daysBefore: 3, channel: 'sms' as const };

export const ReminderSettingsBody = z.strictObject({ daysBefore: z.number().int().min(0).max(30), channel: z.enum(['sms', 'email']) });
export interface ReminderSettings { daysBefore: number; channel: 'sms' | 'email'; version: number }

export async function getReminderSettings(tx: Tx): Promise<ReminderSettings> {
  const r = await one<{ days_before: number; channel: 'sms' | 'email'; version: number }>(tx, sql`SELECT days_before, channel, version FROM ledger.reminder_settings
    WHERE tenant_id = ${TENANT} ORDER BY version DESC LIMIT 1`);
  return r ? { daysBefore: Number(r.days_before), channel: r.channel, version: Number(r.version) } : { ...DEFAULT_REMINDER, version: 0 };
}

/** Throws LEDGER_REMINDER_SETTINGS_INVALID. */
export async function putReminderSettings(tx: Tx, input: z.infer<typeof ReminderSettingsBody>, actor: string): Promise<ReminderSettings> {
  const p = ReminderSettingsBody.safeParse(input);
  if (!p.success) throw ledgerError('LEDGER_REMINDER_SETTINGS_INVALID', { detail: p.error.issues[0]!.message, extra: { field: String(p.error.issues[0]!.path[0] ?? '') } });
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('ledger.reminder_settings'), hashtext(${TENANT}))`);
  const prev = await getReminderSettings(tx);
  await tx.execute(sql`INSERT INTO ledger.reminder_settings (tenant_id, version, days_before, channel, created_by) VALUES (${TENANT}, ${prev.version + 1}, ${p.data.daysBefore}, ${p.data.channel}, ${actor})`);
  return getReminderSettings(tx);
}

export interface ReminderDeps { messenger: Messenger; keys: DebtorKeys }
export interface ReminderNotice { planId: string; caseId: string; instalment: number; dueDate: string; amountFen: bigint }
export type DeliveryOutcome = 'sent' | 'refused' | 'no_contact_point' | 'failed';
export interface Delivery { outcome: DeliveryOutcome; ruleIds: string[]; attemptId: string | null; messageId: string | null }

/** Sends one reminder through the gate. The notice row (ledger.payment_plan_notices) must exist already. */
export async function deliverReminder(tx: Tx, deps: ReminderDeps, n: ReminderNotice, channel: 'sms' | 'email', at: string): Promise<Delivery> {
  const c = await getCase(tx, n.caseId, new Date(at));
  const t = await getCurrentTenant(tx);
  const tpl = getStarterTemplate('plan_instalment_reminder');
  const names = { agencyName: t.displayName, creditorName: c.creditor.name };
  const text = renderTemplate(tpl, 'zh', { ...names, instalmentNo: String(n.instalment), instalmentAmount: formatYuan(n.amountFen), dueDate: n.dueDate });
  // The one gate with the facts it loads itself (holds, identity, limitation, opt-outs), logged as a reminder.
  const d = await recordContact(tx, {
    caseId: c.id, channel, at, target: { kind: 'debtor' }, actorId: 'system', source: 'reminder',
    ...(channel === 'sms' ? { templateId: tpl.id, variables: { instalmentNo: String(n.instalment), instalmentAmount: formatYuan(n.amountFen), dueDate: n.dueDate } } : { text }),
  });
  let out: Delivery;
  if (d.decision === 'deny') {
    out = { outcome: 'refused', ruleIds: [...new Set(d.fired.map((f) => f.ruleId))], attemptId: d.attemptId, messageId: null };
  } else {
    const [to] = await revealContactPoints(tx, deps.keys, c.debtor.id, channel === 'sms' ? 'phone' : 'email');
    if (!to) {
      await recordContactOutcome(tx, d.attemptId, 'failed', at);
      out = { outcome: 'no_contact_point', ruleIds: [], attemptId: d.attemptId, messageId: null };
    } else {
      const res = await deps.messenger.send(tx, { tenantId: t.id, channel, to: to.value, ...(channel === 'email' ? { subject: `还款提醒 第${n.instalment}期` } : {}), body: d.renderedText ?? text, purpose: 'plan_reminder' });
      await recordContactOutcome(tx, d.attemptId, res.status === 'failed' ? 'failed' : 'delivered', at);
      out = { outcome: res.status === 'failed' ? 'failed' : 'sent', ruleIds: [], attemptId: d.attemptId, messageId: res.id };
    }
  }
  await tx.execute(sql`INSERT INTO ledger.payment_plan_deliveries (tenant_id, plan_id, instalment, kind, channel, outcome, rule_ids, attempt_id, message_id)
    VALUES (${TENANT}, ${n.planId}, ${n.instalment}, 'reminder', ${channel}, ${out.outcome},
      ${sql.raw(`ARRAY[${out.ruleIds.map((r) => `'${r.replace(/[^A-Z0-9-]/gi, '')}'`).join(',')}]::text[]`)}, ${out.attemptId}, ${out.messageId})`);
  await appendEvidence(tx, {
    type: out.outcome === 'refused' ? 'ledger.plan_reminder_refused' : 'ledger.plan_reminder_sent', case: c.id, actor: 'system', occurredAt: at,
    refs: { plan: n.planId, ...(out.attemptId ? { attempt: out.attemptId } : {}), ...(out.messageId ? { message: out.messageId } : {}) },
    meta: { instalment: n.instalment, channel, outcome: out.outcome, rules: out.ruleIds.length ? out.ruleIds.join(':') : null },
  });
  return out;
}

export async function listDeliveries(tx: Tx, planId: string): Promise<Map<string, Delivery & { channel: string }>> {
  const rs = await rows<{ instalment: number; kind: string; channel: string; outcome: DeliveryOutcome; rule_ids: string[] | string; attempt_id: string | null; message_id: string | null }>(tx,
    sql`SELECT instalment, kind, channel, outcome, rule_ids, attempt_id, message_id FROM ledger.payment_plan_deliveries WHERE tenant_id = ${TENANT} AND plan_id = ${planId}`);
  return new Map(rs.map((r) => [`${r.instalment}:${r.kind}`, {
    channel: r.channel, outcome: r.outcome, attemptId: r.attempt_id, messageId: r.message_id,
    ruleIds: Array.isArray(r.rule_ids) ? r.rule_ids : String(r.rule_ids ?? '').replace(/[{}]/g, '').split(',').filter(Boolean),
  }]));
}
