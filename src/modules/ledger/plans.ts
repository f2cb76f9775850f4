// Payment plans on the database: proposed by the debtor (portal) or staff within the creditor's bounds (minimum
// instalment, maximum term, settlement floor; never above the balance, COL-44), accepted by the other side, each
// instalment then recorded as a promise on the case (so the case's kept/broken promise status follows the ledger's
// receipts). The plan job assesses accepted plans daily against the receipts: a reminder before each due date, a
// notice when an instalment is missed, and "broken" once the acceleration threshold is reached — each at most once.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { getCase, recordPromise } from '../cases/index.js';
import { appendEvidence } from '../evidence/index.js';
import { ledgerError } from './errors.js';
import { assessPlan, buildPaymentPlan, type PaymentPlan, type PlanAssessment } from './payment-plans.js';
import { getCreditorAgreement } from './agreements.js';
import { getCaseLedger } from './case-ledger.js';
import { dayNumber } from './allocation.js';
import { deliverReminder, getReminderSettings, listDeliveries, type Delivery, type ReminderDeps } from './reminders.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;
export const PLAN_GRACE_DAYS = 3;
export const ACCELERATE_AFTER_MISSED = 2;
/** Default lead time; the tenant sets its own (ledger.reminder_settings, PUT /api/v1/ledger/reminder-settings). */
export const REMIND_DAYS_BEFORE = 3;

export interface StoredPlan {
  id: string;
  caseId: string;
  proposedBy: string;
  proposerKind: 'debtor' | 'staff';
  plan: PaymentPlan;
  agreementVersion: number;
  createdAt: string;
  acceptedBy: string | null;
  acceptedAt: string | null;
  assessment: PlanAssessment | null;
}

interface PlanJson { balanceFen: string; totalFen: string; discountFen: string; termMonths: number; instalments: { no: number; dueDate: string; amountFen: string; runningBalanceFen: string }[] }
const toJson = (p: PaymentPlan): PlanJson => ({ ...p, balanceFen: String(p.balanceFen), totalFen: String(p.totalFen), discountFen: String(p.discountFen),
  instalments: p.instalments.map((i) => ({ ...i, amountFen: String(i.amountFen), runningBalanceFen: String(i.runningBalanceFen) })) });
const fromJson = (j: PlanJson): PaymentPlan => ({ ...j, balanceFen: BigInt(j.balanceFen), totalFen: BigInt(j.totalFen), discountFen: BigInt(j.discountFen),
  instalments: j.instalments.map((i) => ({ ...i, amountFen: BigInt(i.amountFen), runningBalanceFen: BigInt(i.runningBalanceFen) })) });

/** Throws CASES_NOT_FOUND, LEDGER_PLAN_OUT_OF_BOUNDS (with the bound), LEDGER_PLAN_INVALID. */
export async function proposePlan(tx: Tx, input: { caseId: string; instalments: number; firstDueDate: string; intervalMonths?: number; totalFen?: bigint; proposedBy: string; proposerKind: 'debtor' | 'staff' }): Promise<StoredPlan> {
  const led = await getCaseLedger(tx, input.caseId);
  const a = await getCreditorAgreement(tx, led.creditorId);
  const today = new Date().toISOString().slice(0, 10);
  if (dayNumber(input.firstDueDate) < dayNumber(today)) throw ledgerError('LEDGER_PLAN_INVALID', { detail: 'the first instalment cannot be due in the past', extra: { field: 'firstDueDate' } });
  const plan = buildPaymentPlan({ balanceFen: led.owedFen, instalments: input.instalments, firstDueDate: input.firstDueDate, intervalMonths: input.intervalMonths, totalFen: input.totalFen }, a.planBounds);
  const id = newId('plan');
  await tx.execute(sql`INSERT INTO ledger.payment_plans (tenant_id, id, case_id, proposed_by, proposer_kind, plan, agreement_version)
    VALUES (${TENANT}, ${id}, ${input.caseId}, ${input.proposedBy}, ${input.proposerKind}, ${JSON.stringify(toJson(plan))}::jsonb, ${a.version})`);
  return (await getPlan(tx, id))!;
}

export async function getPlan(tx: Tx, id: string): Promise<StoredPlan | null> {
  const all = await loadPlans(tx, sql`p.id = ${id}`);
  return all[0] ?? null;
}

async function loadPlans(tx: Tx, where: ReturnType<typeof sql>): Promise<StoredPlan[]> {
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT p.id, p.case_id, p.proposed_by, p.proposer_kind, p.plan, p.agreement_version, p.created_at, a.accepted_by, a.accepted_at
    FROM ledger.payment_plans p LEFT JOIN ledger.payment_plan_acceptances a ON a.tenant_id = p.tenant_id AND a.plan_id = p.id
    WHERE p.tenant_id = ${TENANT} AND ${where} ORDER BY p.created_at DESC, p.id`);
  return rs.map((r) => ({
    id: String(r.id), caseId: String(r.case_id), proposedBy: String(r.proposed_by), proposerKind: r.proposer_kind as 'debtor', agreementVersion: Number(r.agreement_version),
    plan: fromJson((typeof r.plan === 'string' ? JSON.parse(r.plan) : r.plan) as PlanJson), createdAt: new Date(r.created_at as string).toISOString(),
    acceptedBy: (r.accepted_by as string | null) ?? null, acceptedAt: r.accepted_at ? new Date(r.accepted_at as string).toISOString() : null, assessment: null,
  }));
}

/** Plans of a case, newest first; accepted plans carry their assessment against the receipts since acceptance. */
export async function listPlans(tx: Tx, caseId: string, asOf = new Date().toISOString().slice(0, 10)): Promise<StoredPlan[]> {
  const plans = await loadPlans(tx, sql`p.case_id = ${caseId}`);
  if (!plans.some((p) => p.acceptedAt)) return plans;
  const led = await getCaseLedger(tx, caseId);
  return plans.map((p) => (p.acceptedAt ? { ...p, assessment: assess(p, led.payments, asOf) } : p));
}

function assess(p: StoredPlan, payments: { valueDate: string; bookedAt: string; amountFen: bigint; refundedFen: bigint; reversed: boolean }[], asOf: string): PlanAssessment {
  const since = p.acceptedAt!;
  const pays = payments.filter((x) => !x.reversed && x.bookedAt >= since).map((x) => ({ date: x.valueDate, amountFen: x.amountFen - x.refundedFen }));
  return assessPlan(p.plan, pays, asOf, { graceDays: PLAN_GRACE_DAYS, accelerateAfterMissed: ACCELERATE_AFTER_MISSED });
}

/**
 * The other side accepts: staff accept a debtor's proposal, the debtor accepts a staff proposal. Each instalment
 * becomes a promise on the case. Throws LEDGER_NOT_FOUND, LEDGER_PLAN_STATE, and the cases promise errors.
 */
export async function acceptPlan(tx: Tx, planId: string, by: { id: string; kind: 'debtor' | 'staff'; caseId?: string }): Promise<StoredPlan> {
  const p = await getPlan(tx, planId);
  if (!p || (by.caseId && p.caseId !== by.caseId)) throw ledgerError('LEDGER_NOT_FOUND', { detail: `no plan ${planId}` });
  if (p.acceptedAt) throw ledgerError('LEDGER_PLAN_STATE', { detail: 'the plan is already accepted' });
  if (p.proposerKind === by.kind) throw ledgerError('LEDGER_PLAN_STATE', { detail: 'the other side accepts a proposal (debtor proposals by staff, staff proposals by the debtor)' });
  const newer = await one(tx, sql`SELECT 1 AS x FROM ledger.payment_plans p JOIN ledger.payment_plan_acceptances a ON a.tenant_id = p.tenant_id AND a.plan_id = p.id
    WHERE p.tenant_id = ${TENANT} AND p.case_id = ${p.caseId}`);
  if (newer) throw ledgerError('LEDGER_PLAN_STATE', { detail: 'the case already has an accepted plan' });
  await tx.execute(sql`INSERT INTO ledger.payment_plan_acceptances (tenant_id, plan_id, accepted_by) VALUES (${TENANT}, ${planId}, ${by.id})`);
  for (const i of p.plan.instalments) {
    await recordPromise(tx, { caseId: p.caseId, dueDate: i.dueDate, amountFen: i.amountFen, graceDays: PLAN_GRACE_DAYS, channel: 'payment_plan', note: `plan ${planId} instalment ${i.no}`, actorId: by.kind === 'staff' ? by.id : null });
  }
  return (await getPlan(tx, planId))!;
}

export interface PlanNotice { planId: string; caseId: string; instalment: number; kind: 'reminder' | 'missed' | 'broken'; delivery?: Delivery }

/**
 * The daily plan check (job): for every accepted plan, a reminder `daysBefore` days (tenant setting, default 3)
 * ahead of a due date, missed-instalment notices and the broken-promise notice; each recorded once (notices table +
 * evidence leaf). With `send`, each new reminder is delivered to the debtor through the compliance gate and the
 * messenger (reminders.ts) in the same transaction; a refused one is recorded with the rules that fired.
 */
export async function checkPlans(tx: Tx, asOf = new Date().toISOString().slice(0, 10), send?: { deps: ReminderDeps; at?: string }): Promise<PlanNotice[]> {
  const accepted = await loadPlans(tx, sql`EXISTS (SELECT 1 FROM ledger.payment_plan_acceptances a2 WHERE a2.tenant_id = p.tenant_id AND a2.plan_id = p.id)`);
  const settings = await getReminderSettings(tx);
  const out: PlanNotice[] = [];
  const today = dayNumber(asOf);
  for (const p of accepted) {
    const led = await getCaseLedger(tx, p.caseId);
    const a = assess(p, led.payments, asOf);
    const want: PlanNotice[] = [];
    for (const i of a.instalments) {
      const due = dayNumber(i.dueDate);
      if ((i.status === 'upcoming' || i.status === 'due') && due - today <= settings.daysBefore && due >= today) want.push({ planId: p.id, caseId: p.caseId, instalment: i.no, kind: 'reminder' });
      if (i.status === 'missed') want.push({ planId: p.id, caseId: p.caseId, instalment: i.no, kind: 'missed' });
    }
    if (a.broken) want.push({ planId: p.id, caseId: p.caseId, instalment: 0, kind: 'broken' });
    for (const n of want) {
      const ins = await rows(tx, sql`INSERT INTO ledger.payment_plan_notices (tenant_id, plan_id, instalment, kind) VALUES (${TENANT}, ${n.planId}, ${n.instalment}, ${n.kind})
        ON CONFLICT DO NOTHING RETURNING plan_id`);
      if (!ins.length) continue;
      await appendEvidence(tx, { type: `ledger.plan_${n.kind}`, case: n.caseId, actor: 'system', occurredAt: new Date().toISOString(), refs: { plan: n.planId }, meta: { instalment: n.instalment } });
      if (send && n.kind === 'reminder') {
        const inst = p.plan.instalments.find((x) => x.no === n.instalment)!;
        const st = a.instalments.find((x) => x.no === n.instalment);
        const left = inst.amountFen - (st?.paidFen ?? 0n);
        n.delivery = await deliverReminder(tx, send.deps, { planId: n.planId, caseId: n.caseId, instalment: n.instalment, dueDate: inst.dueDate, amountFen: left > 0n ? left : inst.amountFen }, settings.channel, send.at ?? new Date().toISOString());
      }
      out.push(n);
    }
  }
  return out;
}

export interface NoticeView { instalment: number; kind: string; sentAt: string; delivery: { channel: string; outcome: string; ruleIds: string[] } | null }

export async function listPlanNotices(tx: Tx, planId: string): Promise<NoticeView[]> {
  const rs = await rows<{ instalment: number; kind: string; sent_at: Date | string }>(tx, sql`SELECT instalment, kind, sent_at FROM ledger.payment_plan_notices WHERE tenant_id = ${TENANT} AND plan_id = ${planId} ORDER BY sent_at, instalment`);
  const del = await listDeliveries(tx, planId);
  return rs.map((r) => {
    const d = del.get(`${r.instalment}:${r.kind}`);
    return { instalment: Number(r.instalment), kind: r.kind, sentAt: new Date(r.sent_at).toISOString(), delivery: d ? { channel: d.channel, outcome: d.outcome, ruleIds: d.ruleIds } : null };
  });
}

export { getCase };
