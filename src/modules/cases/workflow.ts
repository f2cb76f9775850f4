// Working a case: status changes, holds, promises, payments, the first-action mark, locks, assignment and tasks.
// Every change appends to the timeline through appendCaseEvent (state machine checks + projections + evidence).
// A case is worked only under an entrustment in force, and only by the collector holding its lock, if any.
import { z } from 'zod';
import { and, eq, inArray, sql as dsql, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { CASE_STAGES, CLOSE_REASONS, HOLD_KINDS, replayCaseAt, type CaseState } from './state-machine.js';
import { debtorRegions } from '../debtors/index.js';
import { appendCaseEvent, loadCaseEvents, lockCaseRow, type CaseRow } from './timeline.js';
import { findValidEntrustment } from './creditors.js';
import { dateInZone, isCalendarDate, daysBetween } from './dates.js';
import { assignBatch, type AssignmentPolicy, type Collector } from './assignment.js';
import { assignmentState, cases, debts, locks, payments, promises, tasks } from './schema.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';
import { loadEffectivePayments, paymentUndos } from './payments.js';
import { resolvePromises, type PromiseStatus } from './promises.js';

const CalendarDate = z.string().refine(isCalendarDate, 'not a calendar date (YYYY-MM-DD)');

async function requireEntrustment(tx: Tx, c: CaseRow, at: Date): Promise<void> {
  if (!(await findValidEntrustment(tx, c.creditorId, dateInZone(at), at))) {
    throw caseError('CASES_ENTRUSTMENT_MISSING', { detail: 'the creditor has no entrustment in force; the case cannot be worked', rule: 'COL-01' });
  }
}

async function requireLockOrFree(tx: Tx, caseId: string, actorId: string | null | undefined, at: Date): Promise<void> {
  const [l] = await tx.select().from(locks).where(eq(locks.caseId, caseId));
  if (l && l.expiresAt.getTime() > at.getTime() && l.holderId !== actorId) {
    throw caseError('CASES_LOCKED', { detail: `locked by ${l.holderId} until ${l.expiresAt.toISOString()}`, extra: { holderId: l.holderId, expiresAt: l.expiresAt.toISOString() } });
  }
}

export const TransitionCaseInput = z.object({
  caseId: z.string().min(1),
  to: z.enum(CASE_STAGES),
  reason: z.string().trim().max(1000).optional(),
  closeReason: z.enum(CLOSE_REASONS).optional(),
  actorId: z.string().nullish(),
  at: z.date().optional(),
});
export type TransitionCaseInput = z.input<typeof TransitionCaseInput>;

/**
 * Moves a case to another status. Throws CASES_NOT_FOUND, CASES_TRANSITION_INVALID (with the allowed targets),
 * CASES_REASON_REQUIRED, CASES_ON_HOLD, CASES_CLOSED, CASES_LOCKED, CASES_ENTRUSTMENT_MISSING (except for closing).
 */
export async function transitionCase(tx: Tx, input: TransitionCaseInput): Promise<CaseState> {
  const i = TransitionCaseInput.parse(input);
  const at = i.at ?? new Date();
  const c = await lockCaseRow(tx, i.caseId);
  if (i.to !== 'closed') {
    await requireEntrustment(tx, c, at);
    await requireLockOrFree(tx, c.id, i.actorId, at);
  }
  const { state } = await appendCaseEvent(tx, c, {
    type: 'transitioned', at, actorId: i.actorId ?? null, from: c.stage as never, to: i.to, reason: i.reason ?? null, closeReason: i.closeReason ?? null,
  });
  if (i.to === 'closed') await tx.delete(locks).where(eq(locks.caseId, c.id));
  return state;
}

export const PlaceHoldInput = z.object({
  caseId: z.string().min(1),
  kind: z.enum(HOLD_KINDS),
  reason: z.string().trim().min(1).max(1000),
  resumeAt: z.coerce.date().optional(),
  actorId: z.string().nullish(),
  at: z.date().optional(),
});
export type PlaceHoldInput = z.input<typeof PlaceHoldInput>;

/** Stops collection on the case until released (or until resumeAt). Throws CASES_NOT_FOUND, CASES_CLOSED, CASES_HOLD_INVALID. */
export async function placeHold(tx: Tx, input: PlaceHoldInput): Promise<{ holdId: string; state: CaseState }> {
  const i = PlaceHoldInput.parse(input);
  const c = await lockCaseRow(tx, i.caseId);
  const holdId = newId('hold');
  const { state } = await appendCaseEvent(tx, c, {
    type: 'hold_placed', at: i.at ?? new Date(), actorId: i.actorId ?? null, holdId, kind: i.kind, reason: i.reason, resumeAt: i.resumeAt ?? null,
  });
  return { holdId, state };
}

/** Releases an active hold. Throws CASES_NOT_FOUND, CASES_HOLD_NOT_FOUND, CASES_REASON_REQUIRED. */
export async function releaseHold(tx: Tx, input: { caseId: string; holdId: string; reason: string; actorId?: string | null; at?: Date }): Promise<CaseState> {
  const c = await lockCaseRow(tx, input.caseId);
  const { state } = await appendCaseEvent(tx, c, { type: 'hold_released', at: input.at ?? new Date(), actorId: input.actorId ?? null, holdId: input.holdId, reason: input.reason });
  return state;
}

export const RecordPromiseInput = z.object({
  caseId: z.string().min(1),
  dueDate: CalendarDate,
  amountFen: z.bigint().positive(),
  graceDays: z.number().int().min(0).max(30).default(0),
  channel: z.string().max(40).optional(),
  note: z.string().max(1000).optional(),
  actorId: z.string().nullish(),
  at: z.date().optional(),
});
export type RecordPromiseInput = z.input<typeof RecordPromiseInput>;

/**
 * Records a promise to pay (its kept/broken status derives from payments). Throws CASES_NOT_FOUND, CASES_CLOSED,
 * CASES_ON_HOLD (no collection talk while on hold), CASES_PROMISE_INVALID, CASES_LOCKED.
 */
export async function recordPromise(tx: Tx, input: RecordPromiseInput): Promise<{ promiseId: string }> {
  const i = RecordPromiseInput.parse(input);
  const at = i.at ?? new Date();
  const c = await lockCaseRow(tx, i.caseId);
  await requireLockOrFree(tx, c.id, i.actorId, at);
  const madeOn = dateInZone(at);
  if (daysBetween(madeOn, i.dueDate) < 0) throw caseError('CASES_PROMISE_INVALID', { detail: 'due date is before today', field: 'dueDate' });
  const now = replayCaseAt(await loadCaseEvents(tx, c.id), at);
  if (now.stage === 'closed') throw caseError('CASES_CLOSED');
  if (now.holds.length) throw caseError('CASES_ON_HOLD', { detail: 'collection is stopped while the case is on hold' });
  const promiseId = newId('ptp');
  await appendCaseEvent(tx, c, { type: 'recorded', what: 'promise_recorded', at, actorId: i.actorId ?? null, data: { promiseId, dueDate: i.dueDate, amountFen: i.amountFen.toString() } });
  await tx.insert(promises).values({
    tenantId: await tenantOf(tx), id: promiseId, caseId: c.id, madeOn, dueDate: i.dueDate, amountFen: i.amountFen, graceDays: i.graceDays,
    madeBy: i.actorId ?? null, channel: i.channel ?? null, note: i.note ?? null,
  });
  return { promiseId };
}

/**
 * Records a payment against the case's debt (reported by the creditor, or by the escrow ledger calling down).
 * Idempotent on (source, externalRef). Throws CASES_NOT_FOUND, CASES_DEBT_INVALID.
 */
export async function recordPayment(
  tx: Tx, input: { caseId: string; paidOn: string; amountFen: bigint; source: 'creditor_report' | 'escrow' | 'import'; externalRef?: string; actorId?: string | null; at?: Date },
): Promise<{ paymentId: string; duplicate: boolean }> {
  if (!isCalendarDate(input.paidOn) || input.amountFen <= 0n) throw caseError('CASES_DEBT_INVALID', { detail: 'a payment needs a date and a positive amount' });
  const c = await lockCaseRow(tx, input.caseId);
  const paymentId = newId('pay');
  const ins = await tx.insert(payments).values({
    tenantId: await tenantOf(tx), id: paymentId, debtId: c.debtId, paidOn: input.paidOn, amountFen: input.amountFen, source: input.source, externalRef: input.externalRef ?? null,
  }).onConflictDoNothing().returning({ id: payments.id });
  if (!ins.length) return { paymentId: '', duplicate: true };
  await appendCaseEvent(tx, c, { type: 'recorded', what: 'payment_recorded', at: input.at ?? new Date(), actorId: input.actorId ?? null, data: { paymentId, paidOn: input.paidOn, amountFen: input.amountFen.toString() } });
  return { paymentId, duplicate: false };
}

export const UnrecordPaymentInput = z.object({
  caseId: z.string().min(1),
  /** The externalRef the payment was recorded with (recordPayment). */
  externalRef: z.string().min(1).max(200),
  reason: z.string().trim().min(1).max(500),
  /** Part of the payment to take back (a partial refund); default: all of it that still counts. */
  amountFen: z.bigint().positive().optional(),
  /** Idempotency of this undo (e.g. the refund's own key); default one full undo per payment. */
  undoKey: z.string().min(1).max(200).optional(),
  actorId: z.string().nullish(),
  at: z.date().optional(),
});
export type UnrecordPaymentInput = z.input<typeof UnrecordPaymentInput>;

export interface UnrecordedPayment {
  /** The case payment found by externalRef (null: never recorded here, nothing to undo). */
  paymentId: string | null;
  removedFen: bigint;
  /** This undo (undoKey) was already applied, or nothing of the payment is left: no change. */
  duplicate: boolean;
  /** Promises whose status changed because of the undo, as of today (kept → pending or broken). */
  promises: Array<{ promiseId: string; from: PromiseStatus; to: PromiseStatus }>;
}

/**
 * The ledger took a payment back (reversal, refund): the case stops counting it (all of it, or `amountFen` of it),
 * so the balance revives and promises re-resolve as of now — one kept only thanks to this payment is pending again,
 * or broken if its deadline has passed. Lands on the timeline (`payment_unrecorded`); payments rows stay (append-only).
 * Idempotent per (payment, undoKey); never removes more than was recorded. Throws CASES_NOT_FOUND.
 */
export async function unrecordPayment(tx: Tx, input: UnrecordPaymentInput): Promise<UnrecordedPayment> {
  const i = UnrecordPaymentInput.parse(input);
  const at = i.at ?? new Date();
  const c = await lockCaseRow(tx, i.caseId);
  const [pay] = await tx.select().from(payments).where(and(eq(payments.debtId, c.debtId), eq(payments.externalRef, i.externalRef)));
  if (!pay) return { paymentId: null, removedFen: 0n, duplicate: false, promises: [] };
  const events = await loadCaseEvents(tx, c.id);
  const undoKey = i.undoKey ?? 'all';
  const prior = paymentUndos(events).filter((u) => u.paymentId === pay.id);
  const left = pay.amountFen - prior.reduce((s, u) => s + u.amountFen, 0n);
  if (prior.some((u) => u.undoKey === undoKey) || left <= 0n) return { paymentId: pay.id, removedFen: 0n, duplicate: true, promises: [] };
  const take = i.amountFen !== undefined && i.amountFen < left ? i.amountFen : left;
  const asOf = dateInZone(at);
  const before = await loadEffectivePayments(tx, c.id, c.debtId, events);
  const after = before.map((p) => (p.id === pay.id ? { ...p, amountFen: p.amountFen - take } : p));
  const proms = (await tx.select().from(promises).where(eq(promises.caseId, c.id)))
    .map((p) => ({ id: p.id, madeOn: p.madeOn, dueDate: p.dueDate, amountFen: p.amountFen, graceDays: p.graceDays }));
  const asPayments = (xs: typeof before) => xs.filter((p) => p.amountFen > 0n).map((p) => ({ date: p.date, amountFen: p.amountFen }));
  const was = resolvePromises(proms, asPayments(before), asOf);
  const now = resolvePromises(proms, asPayments(after), asOf);
  const changed = was.flatMap((w, k) => (w.status !== now[k]!.status ? [{ promiseId: w.id, from: w.status, to: now[k]!.status }] : []));
  await appendCaseEvent(tx, c, {
    type: 'recorded', what: 'payment_unrecorded', at, actorId: i.actorId ?? null,
    data: { paymentId: pay.id, externalRef: i.externalRef, amountFen: take.toString(), undoKey, reason: i.reason, promises: changed },
  });
  return { paymentId: pay.id, removedFen: take, duplicate: false, promises: changed };
}

/** Marks the first collection action (the 72 h SLA clock stops). Later calls keep the first. Throws CASES_NOT_FOUND. */
export async function markFirstAction(tx: Tx, input: { caseId: string; kind: string; actorId?: string | null; at?: Date }): Promise<Date> {
  const at = input.at ?? new Date();
  const c = await lockCaseRow(tx, input.caseId);
  if (c.firstActionAt) return c.firstActionAt;
  await tx.update(cases).set({ firstActionAt: at }).where(eq(cases.id, c.id));
  await appendCaseEvent(tx, c, { type: 'recorded', what: 'first_action', at, actorId: input.actorId ?? null, data: { kind: input.kind } });
  return at;
}

/**
 * Locks the case to the collector working it (renewable by the same collector). Throws CASES_NOT_FOUND, CASES_CLOSED,
 * CASES_LOCKED (held by someone else), CASES_ENTRUSTMENT_MISSING.
 */
export async function lockCase(tx: Tx, input: { caseId: string; userId: string; ttlMinutes?: number; at?: Date }): Promise<{ expiresAt: Date }> {
  const at = input.at ?? new Date();
  const c = await lockCaseRow(tx, input.caseId);
  if (c.stage === 'closed') throw caseError('CASES_CLOSED');
  await requireEntrustment(tx, c, at);
  await requireLockOrFree(tx, c.id, input.userId, at);
  const expiresAt = new Date(at.getTime() + (input.ttlMinutes ?? 30) * 60_000);
  await tx.insert(locks).values({ tenantId: await tenantOf(tx), caseId: c.id, holderId: input.userId, acquiredAt: at, expiresAt })
    .onConflictDoUpdate({ target: [locks.tenantId, locks.caseId], set: { holderId: input.userId, acquiredAt: at, expiresAt } });
  return { expiresAt };
}

/** Releases the caller's lock (no-op when not held by them). */
/** Releases the caller's lock. Throws CASES_NOT_FOUND for a case the tenant does not hold (found by the isolation probe). */
export async function unlockCase(tx: Tx, input: { caseId: string; userId: string }): Promise<void> {
  const [c] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, input.caseId));
  if (!c) throw caseError('CASES_NOT_FOUND', { detail: input.caseId });
  await tx.delete(locks).where(and(eq(locks.caseId, input.caseId), eq(locks.holderId, input.userId)));
}

/**
 * Assigns open cases to collectors by a rule (round robin keeps its cursor per tenant; workload counts each
 * collector's open cases). Returns the assignments and the cases nobody could take.
 */
export async function assignCases(
  tx: Tx, input: { caseIds: string[]; policy: AssignmentPolicy; collectors: Array<Omit<Collector, 'openCases'>>; actorId?: string | null; at?: Date },
): Promise<{ assigned: Array<{ caseId: string; collectorId: string; why: string }>; unassigned: string[] }> {
  const at = input.at ?? new Date();
  const ids = input.collectors.map((c) => c.id);
  const load = ids.length
    ? await tx.select({ who: cases.assignedTo, n: dsql<number>`count(*)::int` }).from(cases)
      .where(and(inArray(cases.assignedTo, ids), ne(cases.stage, 'closed'))).groupBy(cases.assignedTo)
    : [];
  const counts = new Map(load.map((l) => [l.who, Number(l.n)]));
  const collectors: Collector[] = input.collectors.map((c) => ({ ...c, openCases: counts.get(c.id) ?? 0 }));
  const tenantId = await tenantOf(tx);
  let policy = input.policy;
  if (policy.strategy === 'round_robin' && policy.cursor === undefined) {
    const [s] = await tx.select().from(assignmentState).where(eq(assignmentState.tenantId, tenantId));
    policy = { strategy: 'round_robin', cursor: s?.rrCursor ?? null };
  }
  const rows = input.caseIds.length
    ? await tx.select({ id: cases.id, stage: cases.stage, debtorId: cases.debtorId, principal: debts.principalFen })
      .from(cases).innerJoin(debts, and(eq(debts.id, cases.debtId), eq(debts.tenantId, cases.tenantId))).where(inArray(cases.id, input.caseIds))
    : [];
  const regions = await debtorRegions(tx, [...new Set(rows.map((r) => r.debtorId))]);
  const open = rows.filter((r) => r.stage !== 'closed').sort((a, b) => input.caseIds.indexOf(a.id) - input.caseIds.indexOf(b.id));
  const r = assignBatch(open.map((o) => ({ caseId: o.id, balanceFen: BigInt(o.principal), region: regions.get(o.debtorId) ?? null })), collectors, policy);
  for (const a of r.assignments) {
    const c = await lockCaseRow(tx, a.caseId);
    await tx.update(cases).set({ assignedTo: a.collectorId }).where(eq(cases.id, a.caseId));
    await appendCaseEvent(tx, c, { type: 'recorded', what: 'assigned', at, actorId: input.actorId ?? null, data: { collectorId: a.collectorId, strategy: a.strategy, why: a.why } });
  }
  if (input.policy.strategy === 'round_robin' && r.cursor) {
    await tx.insert(assignmentState).values({ tenantId, rrCursor: r.cursor }).onConflictDoUpdate({ target: assignmentState.tenantId, set: { rrCursor: r.cursor } });
  }
  const closed = rows.filter((x) => x.stage === 'closed').map((x) => x.id);
  const missing = input.caseIds.filter((id) => !rows.some((x) => x.id === id));
  return { assigned: r.assignments.map((a) => ({ caseId: a.caseId, collectorId: a.collectorId, why: a.why })), unassigned: [...r.unassigned, ...closed, ...missing] };
}

/** Creates a task on a case. Throws CASES_NOT_FOUND. */
export async function createTask(tx: Tx, input: { caseId: string; kind: string; title: string; dueAt?: Date; assignedTo?: string }): Promise<{ taskId: string }> {
  const c = await lockCaseRow(tx, input.caseId);
  const taskId = newId('task');
  await tx.insert(tasks).values({ tenantId: await tenantOf(tx), id: taskId, caseId: c.id, kind: input.kind, title: input.title, dueAt: input.dueAt ?? null, assignedTo: input.assignedTo ?? c.assignedTo, status: 'open' });
  return { taskId };
}

/** Marks an open task done. Throws CASES_NOT_FOUND when there is no such open task. */
export async function completeTask(tx: Tx, taskId: string, at = new Date()): Promise<void> {
  const r = await tx.update(tasks).set({ status: 'done', doneAt: at }).where(and(eq(tasks.id, taskId), eq(tasks.status, 'open'))).returning({ id: tasks.id });
  if (!r.length) throw caseError('CASES_NOT_FOUND', { detail: `no open task ${taskId}` });
}
