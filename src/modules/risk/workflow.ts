// Risk workflow on real cases (issue 8): bank statements imported per case, features computed per case (on demand
// and in batch), scoring with the deployed champion/challenger, a collection-plan proposal fitted inside the
// compliance caps (COL-10/11, COL-20..22) and the creditor's discount floor, and a person's accept/reject decision
// (COL-85 / PIPL art 24: plans are proposals; every automated score carries reasons and a human-review path).
// All functions take a tenant-scoped `tx` (withTenant); RLS enforces the tenant.
import { createHash } from 'node:crypto';
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../platform/audit.js';
import { formatYuan } from '../../platform/money.js';
import { getCase, type CaseFile } from '../cases/index.js';
import { listContactLog, loadEffectiveRules, localParts, type RuleSet } from '../compliance/index.js';
import { appendEvidence } from '../evidence/index.js';
import { parseBankStatementCsv } from './bank-statement.js';
import { computeFeatureRecord } from './features.js';
import {
  epochDay,
  type BankTransaction,
  type ContactAttempt,
  type ContactChannel,
  type DebtProduct,
  type DebtorFeatureInput,
  type MerchantCategory,
} from './feature-inputs.js';
import { contactabilityFromHistory, proposeCollectionPlan, type CollectionPlan, type ContactCaps } from './plan.js';
import { findDeployment, listCaseScores, scoreCase, type CaseScore } from './registry.js';
import { riskError } from './errors.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

// ------------------------------------------------------------------ bank statements

export interface BankStatementSummary {
  id: string;
  caseId: string;
  fileSha256: string;
  txCount: number;
  from: string | null;
  to: string | null;
  categories: Record<string, number>;
  importedAt: string;
}

/**
 * Import a bank-statement CSV for the debtor of a case. Only parsed transactions (date, amount, balance, category)
 * are kept — never the free-text descriptions. Audited. Throws CASES_NOT_FOUND, RISK_BANK_STATEMENT_INVALID.
 */
export async function importBankStatement(tx: Tx, caseId: string, csv: string, actor: { userId: string; role: string; tenantId: string }): Promise<BankStatementSummary> {
  const c = await getCase(tx, caseId);
  const txs = parseBankStatementCsv(csv);
  if (txs.length === 0) throw riskError('RISK_BANK_STATEMENT_INVALID', { detail: 'no transactions in the file' });
  const sha = createHash('sha256').update(csv).digest('hex');
  const id = newId('rbs');
  const stored = txs.map((t) => ({ d: t.date, a: t.amountFen.toString(), ...(t.balanceFen !== undefined ? { b: t.balanceFen.toString() } : {}), c: t.category }));
  await tx.execute(sql`INSERT INTO risk.bank_statements (tenant_id, id, debtor_id, case_id, file_sha256, transactions, tx_count, imported_by)
      VALUES (${TENANT}, ${id}, ${c.debtor.id}, ${caseId}, ${sha}, ${JSON.stringify(stored)}::jsonb, ${txs.length}, ${actor.userId})`);
  await recordAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorRole: actor.role, action: 'risk.bank_statement_imported', targetType: 'case', targetId: caseId, detail: { statementId: id, rows: txs.length, sha256: sha } });
  return summarise(id, caseId, sha, txs, new Date().toISOString());
}

function summarise(id: string, caseId: string, sha: string, txs: BankTransaction[], at: string): BankStatementSummary {
  const dates = txs.map((t) => t.date).sort();
  const categories: Record<string, number> = {};
  for (const t of txs) categories[t.category] = (categories[t.category] ?? 0) + 1;
  return { id, caseId, fileSha256: sha, txCount: txs.length, from: dates[0] ?? null, to: dates[dates.length - 1] ?? null, categories, importedAt: at };
}

type StoredTx = { d: string; a: string; b?: string; c: MerchantCategory };
const toTx = (s: StoredTx): BankTransaction => ({ date: s.d, amountFen: BigInt(s.a), ...(s.b !== undefined ? { balanceFen: BigInt(s.b) } : {}), category: s.c });

/** Bank statements imported for the debtor of a case (newest first). Throws CASES_NOT_FOUND. */
export async function listBankStatements(tx: Tx, caseId: string): Promise<BankStatementSummary[]> {
  const c = await getCase(tx, caseId);
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT id, case_id, file_sha256, transactions, imported_at FROM risk.bank_statements WHERE debtor_id = ${c.debtor.id} ORDER BY imported_at DESC, id DESC`);
  return rs.map((r) => summarise(r.id as string, r.case_id as string, r.file_sha256 as string, json<StoredTx[]>(r.transactions).map(toTx), iso(r.imported_at)));
}

// ------------------------------------------------------------------ features of a case

const CHANNEL_MAP: Record<string, ContactChannel | undefined> = { voice_agent: 'voice', voice_automated: 'voice', sms: 'sms', im: 'im', email: 'email', letter: 'letter' };
const OUTCOME_MAP: Record<string, ContactAttempt['outcome']> = { answered: 'answered', delivered: 'answered', visited: 'answered', unanswered: 'no_answer', failed: 'no_answer', refused: 'refused' };

function productOf(p: string | undefined): DebtProduct {
  const s = (p ?? '').toLowerCase();
  if (/card|信用卡/.test(s)) return 'credit_card';
  if (/micro|小额|小贷/.test(s)) return 'microloan';
  if (/bnpl|分期|花呗/.test(s)) return 'bnpl';
  if (/auto|car|车/.test(s)) return 'auto_loan';
  if (/mortgage|房贷/.test(s)) return 'mortgage';
  return 'consumer_loan';
}

/**
 * The typed feature input of a case from what the platform holds: the debt and its payments, promises, the
 * compliance contact log (debtor-local hours), imported bank statements. Demographics: the platform keeps no age,
 * income or city band of a debtor, so those are 'unknown' / neutral bands (income band from salary inflows when a
 * statement exists); never protected attributes (COL-85).
 */
export async function caseFeatureInput(tx: Tx, c: CaseFile): Promise<DebtorFeatureInput> {
  const st = await rows<{ transactions: unknown }>(tx, sql`SELECT transactions FROM risk.bank_statements WHERE debtor_id = ${c.debtor.id} ORDER BY imported_at`);
  const seen = new Set<string>();
  const transactions: BankTransaction[] = [];
  for (const r of st) {
    for (const s of json<StoredTx[]>(r.transactions)) {
      const k = `${s.d}|${s.a}|${s.b ?? ''}|${s.c}`;
      if (seen.has(k)) continue; // the same statement imported twice counts once
      seen.add(k);
      transactions.push(toTx(s));
    }
  }
  transactions.sort((a, b) => a.date.localeCompare(b.date));
  const log = await listContactLog(tx, c.debtor.id, 500);
  const contacts: ContactAttempt[] = [];
  for (const e of log) {
    const ch = CHANNEL_MAP[e.channel];
    if (!ch || e.decision !== 'allow' || !e.outcome) continue;
    const at = new Date(e.attemptedAt);
    const lp = localParts(at, c.debtor.timeZone);
    contacts.push({ date: `${lp.year}-${String(lp.month).padStart(2, '0')}-${String(lp.day).padStart(2, '0')}`, hour: lp.hour, channel: ch, outcome: OUTCOME_MAP[e.outcome] ?? 'no_answer' });
  }
  const p = c.position;
  const paidDate = c.debt.lastPaymentDate ?? null;
  const salaryMonthly = transactions.filter((t) => t.category === 'salary' && epochDay(c.asOf) - epochDay(t.date) < 90).reduce((a, t) => a + Number(t.amountFen), 0) / 3 / 100;
  const incomeBand = transactions.length === 0 ? 'none' : salaryMonthly < 3000 ? '<3k' : salaryMonthly < 6000 ? '3k-6k' : salaryMonthly < 10000 ? '6k-10k' : salaryMonthly < 20000 ? '10k-20k' : '20k+';
  return {
    asOf: c.asOf,
    transactions,
    instalments: [{ dueDate: c.debt.dueDate, dueFen: p.principalFen + p.interestFen + p.penaltyFen + p.feesFen, paidFen: p.paidFen, paidDate }],
    promises: c.promises.filter((x) => x.status !== 'pending').map((x) => ({ madeDate: x.madeOn, dueDate: x.dueDate, amountFen: x.amountFen, kept: x.status === 'kept' })),
    contacts,
    debts: [{
      product: productOf(c.debt.product), principalFen: p.principalFen, outstandingFen: p.outstandingFen, interestFen: p.interestFen + p.penaltyFen, feesFen: p.feesFen,
      originatedDate: c.debt.originationDate, delinquentSince: p.daysPastDue > 0 ? c.debt.dueDate : null, lastPaymentDate: paidDate,
    }],
    demographics: { ageBand: '35-44', incomeBand: incomeBand === 'none' && transactions.length ? '<3k' : incomeBand, cityTier: 'unknown', employment: salaryMonthly > 0 ? 'employed' : 'unknown', residenceBand: 0 },
  };
}

/** Compute and store the feature snapshot of a case (upsert). Throws CASES_NOT_FOUND. */
export async function computeCaseFeatures(tx: Tx, caseId: string, c?: CaseFile): Promise<{ caseId: string; asOf: string; features: Record<string, number> }> {
  const cf = c ?? (await getCase(tx, caseId));
  const features = computeFeatureRecord(await caseFeatureInput(tx, cf));
  await tx.execute(sql`INSERT INTO risk.case_features (tenant_id, case_id, as_of, features) VALUES (${TENANT}, ${caseId}, ${cf.asOf}, ${JSON.stringify(features)}::jsonb)
      ON CONFLICT (tenant_id, case_id) DO UPDATE SET as_of = EXCLUDED.as_of, features = EXCLUDED.features, computed_at = now()`);
  return { caseId, asOf: cf.asOf, features };
}

/** Stored feature snapshots of the tenant (for drift), at most `limit`. */
export async function listStoredFeatures(tx: Tx, names: readonly string[], limit = 5000): Promise<{ rows: number; columns: Record<string, number[]> }> {
  const rs = await rows<{ features: unknown }>(tx, sql`SELECT features FROM risk.case_features ORDER BY computed_at DESC LIMIT ${limit}`);
  const columns: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  for (const r of rs) {
    const f = json<Record<string, number | null>>(r.features);
    for (const n of names) columns[n].push(f[n] === null || f[n] === undefined ? NaN : Number(f[n]));
  }
  return { rows: rs.length, columns };
}

// ------------------------------------------------------------------ creditor settlement policy

export interface CreditorPolicy {
  creditorId: string;
  maxDiscountBps: number;
  allowLegalAction: boolean;
  minLegalBalanceFen: bigint;
  isDefault: boolean;
}

/** Used when a creditor has no stored policy: at most 30 % off, legal action allowed above 5,000 yuan. */
export const DEFAULT_CREDITOR_POLICY = { maxDiscountBps: 3000, allowLegalAction: true, minLegalBalanceFen: 500_000n } as const;

export async function getCreditorPolicy(tx: Tx, creditorId: string): Promise<CreditorPolicy> {
  const r = await one<Record<string, unknown>>(tx, sql`SELECT max_discount_bps, allow_legal_action, min_legal_balance_fen FROM risk.creditor_policies WHERE creditor_id = ${creditorId}`);
  if (!r) return { creditorId, ...DEFAULT_CREDITOR_POLICY, isDefault: true };
  return { creditorId, maxDiscountBps: Number(r.max_discount_bps), allowLegalAction: Boolean(r.allow_legal_action), minLegalBalanceFen: BigInt(String(r.min_legal_balance_fen)), isDefault: false };
}

/** Set a creditor's discount floor and legal-action policy (audited). The creditor must exist (via a case of it is not required). */
export async function setCreditorPolicy(tx: Tx, p: Omit<CreditorPolicy, 'isDefault'>, actor: { userId: string; role: string; tenantId: string }): Promise<CreditorPolicy> {
  await tx.execute(sql`INSERT INTO risk.creditor_policies (tenant_id, creditor_id, max_discount_bps, allow_legal_action, min_legal_balance_fen, updated_by)
      VALUES (${TENANT}, ${p.creditorId}, ${p.maxDiscountBps}, ${p.allowLegalAction}, ${p.minLegalBalanceFen.toString()}, ${actor.userId})
      ON CONFLICT (tenant_id, creditor_id) DO UPDATE SET max_discount_bps = EXCLUDED.max_discount_bps, allow_legal_action = EXCLUDED.allow_legal_action,
        min_legal_balance_fen = EXCLUDED.min_legal_balance_fen, updated_by = EXCLUDED.updated_by, updated_at = now()`);
  await recordAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorRole: actor.role, action: 'risk.creditor_policy_set', targetType: 'creditor', targetId: p.creditorId, detail: { maxDiscountBps: p.maxDiscountBps, allowLegalAction: p.allowLegalAction, minLegalBalanceFen: p.minLegalBalanceFen.toString() } });
  return { ...p, isDefault: false };
}

// ------------------------------------------------------------------ compliance caps → plan caps

/**
 * The plan's contact caps from the tenant's effective compliance rule set: voice conversations (COL-20), unanswered
 * dials per number (COL-21), messages per day and per 7 days (COL-22), and the contact hours left open by every quiet
 * window that applies to voice calls (COL-10 legal floor, COL-11 product window).
 */
export function capsFromRuleSet(rules: RuleSet): ContactCaps {
  const cap = (key: string, fallback: number) => rules.caps.find((c) => c.key === key)?.max ?? fallback;
  const quiet = (h: number) =>
    rules.quietWindows.some((w) => {
      if (!w.channels.includes('voice_agent')) return false;
      const s = Number(w.start.slice(0, 2)) * 60 + Number(w.start.slice(3, 5));
      const e = Number(w.end.slice(0, 2)) * 60 + Number(w.end.slice(3, 5));
      // the hour [h:00, h+1:00) is open only when no minute of it falls in the window
      for (let m = h * 60; m < h * 60 + 60; m++) if (s <= e ? m >= s && m < e : m >= s || m < e) return true;
      return false;
    });
  const open = Array.from({ length: 24 }, (_, h) => !quiet(h));
  let from = open.indexOf(true);
  if (from < 0) from = 8;
  let to = from;
  while (to < 24 && open[to]) to++;
  return {
    voiceConversationsPerDay: cap('voice_conversations_per_day', 3),
    dialAttemptsPerDay: cap('unanswered_dials_per_number_per_day', 6),
    messagesPerDay: cap('messages_per_day', 2),
    messagesPer7Days: cap('messages_per_7_days', 10),
    allowedFromHour: from,
    allowedToHour: Math.max(from + 1, to),
  };
}

// ------------------------------------------------------------------ assessment and plans

export interface PlanView {
  planId: string;
  caseId: string;
  scoreId: string;
  status: 'proposed' | 'accepted' | 'rejected';
  plan: Omit<CollectionPlan, 'settlement'> & { settlement: { min: string; max: string; minDiscountBps: number; maxDiscountBps: number; reasons: string[] } };
  inputs: { pd: number; balance: string; dpd: number; reachRate: number; channels: ContactChannel[]; maxDiscountBps: number; creditorPolicyDefault: boolean; limitationDaysLeft: number | null };
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

const LIMITATION_DAYS = 3 * 365; // COL-90: three-year limitation period from the due date, last payment or acknowledgement

function limitationDaysLeft(c: CaseFile): number | null {
  const dates = [c.debt.dueDate, c.debt.lastPaymentDate, c.debt.acknowledgedDate].filter((d): d is string => !!d);
  if (!dates.length) return null;
  const latest = Math.max(...dates.map(epochDay));
  return LIMITATION_DAYS - (epochDay(c.asOf) - latest);
}

/** Channels that may lawfully be used for this debtor: from unsuppressed contact points. */
function lawfulChannels(c: CaseFile): ContactChannel[] {
  const out = new Set<ContactChannel>();
  for (const p of c.debtor.contactPoints) {
    if (p.suppressed) continue;
    if (p.kind === 'phone') ['voice', 'sms'].forEach((x) => out.add(x as ContactChannel));
    if (p.kind === 'email') out.add('email');
    if (p.kind === 'address') out.add('letter');
  }
  return [...out];
}

/**
 * Score a case with the deployed model of its arm (features computed now), then propose a collection plan inside
 * the compliance caps and the creditor's discount floor. The score (with reason codes) and the plan are stored;
 * the plan stays 'proposed' until a person accepts or rejects it (COL-85). Throws CASES_NOT_FOUND,
 * RISK_MODEL_NOT_FOUND (nothing deployed), RISK_FEATURE_MISMATCH.
 */
export async function assessCase(tx: Tx, caseId: string, actor: { userId: string; role: string; tenantId: string }): Promise<{ score: CaseScore & { scoredAt: string }; plan: PlanView }> {
  const c = await getCase(tx, caseId);
  if (!(await findDeployment(tx))) throw riskError('RISK_MODEL_NOT_FOUND', { detail: 'no model deployed for this tenant: train one and set it as champion' });
  const input = await caseFeatureInput(tx, c);
  const { features } = await computeCaseFeatures(tx, caseId, c);
  const score = await scoreCase(tx, caseId, features, 5);
  const policy = await getCreditorPolicy(tx, c.creditor.id);
  const caps = capsFromRuleSet(await loadEffectiveRules(tx));
  const contactability = contactabilityFromHistory(input.contacts, c.asOf, lawfulChannels(c));
  const limitation = limitationDaysLeft(c);
  const raising = score.reasons.filter((r) => r.impact > 0).map((r) => r.text);
  const plan = proposeCollectionPlan({
    caseId, pd: score.pd, modelReasons: raising.slice(0, 3), balanceFen: c.position.outstandingFen, dpd: c.position.daysPastDue, contactability,
    creditor: { maxDiscountBps: policy.maxDiscountBps, allowLegalAction: policy.allowLegalAction, minLegalBalanceFen: policy.minLegalBalanceFen },
    limitationDaysLeft: limitation, vulnerable: false, caps,
  });
  if (c.holds.length) plan.explanation.push(`The case has ${c.holds.length} active hold(s): the contact gate refuses blocked contacts at send time whatever this plan says.`);
  plan.explanation.push(`Model ${score.modelVersion} (${score.arm}).`);
  const stored = { ...plan, settlement: { ...plan.settlement, minFen: plan.settlement.minFen.toString(), maxFen: plan.settlement.maxFen.toString() } };
  const inputs = { pd: score.pd, balance: formatYuan(c.position.outstandingFen), dpd: c.position.daysPastDue, reachRate: contactability.reachRate, channels: contactability.channels, maxDiscountBps: policy.maxDiscountBps, creditorPolicyDefault: policy.isDefault, limitationDaysLeft: limitation };
  const planId = newId('rpl');
  await tx.execute(sql`INSERT INTO risk.plans (tenant_id, id, case_id, score_id, plan, proposed_by) VALUES (${TENANT}, ${planId}, ${caseId}, ${score.scoreId}, ${JSON.stringify({ plan: stored, inputs })}::jsonb, ${actor.userId})`);
  await recordAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorRole: actor.role, action: 'risk.case_assessed', targetType: 'case', targetId: caseId, detail: { scoreId: score.scoreId, planId, modelVersion: score.modelVersion, arm: score.arm } });
  const [s] = await listCaseScores(tx, caseId);
  return { score: s, plan: (await getPlan(tx, planId))! };
}

function toPlanView(r: Record<string, unknown>): PlanView {
  const body = json<{ plan: Omit<CollectionPlan, 'settlement'> & { settlement: { minFen: string; maxFen: string; minDiscountBps: number; maxDiscountBps: number; reasons: string[] } }; inputs: PlanView['inputs'] }>(r.plan);
  const { minFen, maxFen, ...st } = body.plan.settlement;
  return {
    planId: r.id as string, caseId: r.case_id as string, scoreId: r.score_id as string, status: r.status as PlanView['status'],
    plan: { ...body.plan, settlement: { ...st, min: formatYuan(BigInt(minFen)), max: formatYuan(BigInt(maxFen)) } },
    inputs: body.inputs, proposedBy: r.proposed_by as string, proposedAt: iso(r.proposed_at),
    decidedBy: (r.decided_by as string | null) ?? null, decidedAt: r.decided_at ? iso(r.decided_at) : null, decisionNote: (r.decision_note as string | null) ?? null,
  };
}

const PLAN_COLS = sql`id, case_id, score_id, plan, status, decision_note, decided_by, decided_at, proposed_by, proposed_at`;

export async function getPlan(tx: Tx, planId: string): Promise<PlanView | null> {
  const r = await one<Record<string, unknown>>(tx, sql`SELECT ${PLAN_COLS} FROM risk.plans WHERE id = ${planId}`);
  return r ? toPlanView(r) : null;
}

/** The latest score and plan of a case, the deployment, and its bank statements. Throws CASES_NOT_FOUND. */
export async function getCaseRisk(tx: Tx, caseId: string) {
  await getCase(tx, caseId);
  const [score] = await listCaseScores(tx, caseId);
  const r = await one<Record<string, unknown>>(tx, sql`SELECT ${PLAN_COLS} FROM risk.plans WHERE case_id = ${caseId} ORDER BY proposed_at DESC, id DESC LIMIT 1`);
  const d = await findDeployment(tx);
  const open = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM risk.review_requests WHERE case_id = ${caseId} AND status = 'open'`);
  return {
    score: score ?? null,
    plan: r ? toPlanView(r) : null,
    deployment: d ? { championVersion: d.championVersion, challengerVersion: d.challengerVersion, challengerShareBps: d.challengerShareBps } : null,
    openReviewRequests: Number(open?.n ?? 0),
  };
}

/**
 * A person accepts or rejects a proposed plan (COL-85: automated proposals are never applied on their own). Recorded
 * on the plan, in the audit log and as an evidence leaf (ids and codes only). Throws RISK_PLAN_NOT_FOUND,
 * RISK_PLAN_ALREADY_DECIDED.
 */
export async function decidePlan(tx: Tx, planId: string, decision: 'accepted' | 'rejected', note: string | null, actor: { userId: string; role: string; tenantId: string }): Promise<PlanView> {
  const cur = await getPlan(tx, planId);
  if (!cur) throw riskError('RISK_PLAN_NOT_FOUND', { detail: planId });
  if (cur.status !== 'proposed') throw riskError('RISK_PLAN_ALREADY_DECIDED', { detail: `plan ${planId} is already ${cur.status}` });
  if (decision === 'rejected' && !note?.trim()) throw riskError('RISK_BAD_INPUT', { detail: 'note: a reason is required to reject a plan', field: 'body.note', rule: 'COL-85' });
  const at = new Date();
  await tx.execute(sql`UPDATE risk.plans SET status = ${decision}, decision_note = ${note}, decided_by = ${actor.userId}, decided_at = ${at.toISOString()}::timestamptz WHERE id = ${planId} AND status = 'proposed'`);
  await recordAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorRole: actor.role, action: `risk.plan_${decision}`, targetType: 'case', targetId: cur.caseId, detail: { planId, scoreId: cur.scoreId } });
  await appendEvidence(tx, {
    type: `risk.plan_${decision}`, case: cur.caseId, actor: actor.userId, occurredAt: at.toISOString(), refs: { plan: planId, score: cur.scoreId },
    meta: { segment: cur.plan.segment, steps: cur.plan.steps.length, maxDiscountBps: cur.plan.settlement.maxDiscountBps, rule: 'COL-85' },
  });
  return (await getPlan(tx, planId))!;
}
