// CALC-02 limitation status of a case's debt, recomputed on every read from its limitation events (never stored):
// the events staff record (COL-91: a delivered demand, the debtor's acknowledgment, a suit, …), every payment
// that still counts (a part payment is an agreement to perform, 民法典 art 195(2)), and the last-payment /
// acknowledgment dates the creditor gave at placement. The calculator is the law module's trackLimitation.
import { z } from 'zod';
import type { Tx } from '../../platform/db/index.js';
import { trackLimitation, LimitationEventType, type LimitationState } from '../law/index.js';
import { addDays, dateInZone, daysBetween, isCalendarDate } from './dates.js';
import { appendCaseEvent, loadCaseEvents, lockCaseRow } from './timeline.js';
import type { CaseEvent } from './state-machine.js';
import { caseError } from './errors.js';
import { debts } from './schema.js';
import { eq } from 'drizzle-orm';

export const LIMITATION_EVENT_TYPES = LimitationEventType.options;

export type LimitationSource = 'recorded' | 'payment' | 'debt_record';
/**
 * What an event did: restarted the 3-year clock (COL-91), revived an expired claim (waived: the debtor's own act
 * after expiry, COL-92), nothing (a creditor act after expiry cannot revive it), or not counted (before the period
 * started, or dated after the reading).
 */
export type LimitationEffect = 'restarted' | 'waived' | 'ignored_after_expiry' | 'before_start' | 'after_as_of';

export interface LimitationView {
  rule: 'CALC-02';
  state: LimitationState;
  asOf: string;
  /** Day the creditor knew of the harm: the day after the due date (COL-90). */
  knewOn: string;
  runsFrom: string;
  expiresOn: string;
  longStopOn: string;
  daysLeft: number;
  waivedOn: string | null;
  events: Array<{ type: LimitationEventType; on: string; source: LimitationSource; note: string | null; effect: LimitationEffect }>;
}

export interface LimitationInputs {
  dueDate: string;
  lastPaymentDate?: string | null;
  acknowledgedDate?: string | null;
  /** Payments that still count (undone ones excluded by the caller). */
  payments: ReadonlyArray<{ date: string; amountFen: bigint }>;
  /** Staff-recorded events from the timeline. */
  recorded: ReadonlyArray<{ type: LimitationEventType; on: string; note: string | null }>;
  asOf: string;
}

const DEBTOR_ACTS: ReadonlySet<string> = new Set(['debtor_agreed', 'partial_payment']);

/** Pure: the CALC-02 status and what each event did. */
export function limitationStatus(i: LimitationInputs): LimitationView {
  const knewOn = addDays(i.dueDate, 1);
  type Src = { type: LimitationEventType; on: string; source: LimitationSource; note: string | null };
  const all: Src[] = [
    ...i.recorded.map((r) => ({ ...r, source: 'recorded' as const })),
    ...i.payments.filter((p) => p.amountFen > 0n).map((p) => ({ type: 'partial_payment' as const, on: p.date, source: 'payment' as const, note: null })),
    ...(i.lastPaymentDate ? [{ type: 'partial_payment' as const, on: i.lastPaymentDate, source: 'debt_record' as const, note: null }] : []),
    ...(i.acknowledgedDate ? [{ type: 'debtor_agreed' as const, on: i.acknowledgedDate, source: 'debt_record' as const, note: null }] : []),
  ].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const counted = all.filter((e) => e.on >= knewOn);
  // The index rides in `note` through the calculator so each result maps back to its source event.
  const s = trackLimitation({ knewOn, events: counted.map((e, k) => ({ type: e.type, on: e.on, note: String(k) })), asOf: i.asOf });
  const restarted = new Set(s.interruptions.map((e) => Number(e.note)));
  const ignored = new Set(s.ignored.map((e) => Number(e.note)));
  const effectOf = (e: Src): LimitationEffect => {
    if (e.on < knewOn) return 'before_start';
    if (e.on > i.asOf) return 'after_as_of';
    const k = counted.indexOf(e);
    if (restarted.has(k)) return 'restarted';
    if (ignored.has(k)) return 'ignored_after_expiry';
    return DEBTOR_ACTS.has(e.type) ? 'waived' : 'ignored_after_expiry';
  };
  return {
    rule: 'CALC-02', state: s.state, asOf: i.asOf, knewOn, runsFrom: s.runsFrom, expiresOn: s.expiresOn, longStopOn: s.longStopOn,
    daysLeft: s.daysLeft, waivedOn: s.waivedOn ?? null,
    events: all.map((e) => ({ type: e.type, on: e.on, source: e.source, note: e.note, effect: effectOf(e) })),
  };
}

/** Staff-recorded limitation events of a timeline (`recorded` / `limitation_event`). */
export function recordedLimitationEvents(events: readonly CaseEvent[]): Array<{ type: LimitationEventType; on: string; note: string | null }> {
  const out: Array<{ type: LimitationEventType; on: string; note: string | null }> = [];
  for (const e of events) {
    if (e.type !== 'recorded' || e.what !== 'limitation_event' || !e.data) continue;
    const t = LimitationEventType.safeParse(e.data.type);
    if (t.success && typeof e.data.on === 'string') out.push({ type: t.data, on: e.data.on, note: typeof e.data.note === 'string' ? e.data.note : null });
  }
  return out;
}

export const RecordLimitationEventInput = z.object({
  caseId: z.string().min(1),
  type: LimitationEventType,
  on: z.string().refine(isCalendarDate, 'YYYY-MM-DD'),
  /** e.g. the EMS tracking number or SMS receipt id that proves delivery (COL-91: every demand needs proof). */
  note: z.string().trim().max(500).optional(),
  actorId: z.string().nullish(),
  at: z.date().optional(),
});
export type RecordLimitationEventInput = z.input<typeof RecordLimitationEventInput>;

/**
 * Records a limitation event (COL-91) on the case timeline. The date may not be in the future nor before the
 * period started (the day after the due date). Throws CASES_NOT_FOUND, CASES_DEBT_INVALID (field `on`).
 */
export async function recordLimitationEvent(tx: Tx, input: RecordLimitationEventInput): Promise<{ seq: number }> {
  const i = RecordLimitationEventInput.parse(input);
  const at = i.at ?? new Date();
  const c = await lockCaseRow(tx, i.caseId);
  const [d] = await tx.select({ dueDate: debts.dueDate }).from(debts).where(eq(debts.id, c.debtId));
  const knewOn = addDays(d!.dueDate, 1);
  if (daysBetween(dateInZone(at), i.on) > 0) throw caseError('CASES_DEBT_INVALID', { detail: `${i.on} is in the future`, field: 'on', rule: 'CALC-02' });
  if (i.on < knewOn) {
    throw caseError('CASES_DEBT_INVALID', { detail: `the limitation period starts on ${knewOn} (the day after the due date); an earlier event does not restart it`, field: 'on', rule: 'CALC-02' });
  }
  const { event } = await appendCaseEvent(tx, c, {
    type: 'recorded', what: 'limitation_event', at, actorId: i.actorId ?? null, data: { type: i.type, on: i.on, ...(i.note ? { note: i.note } : {}) },
  });
  return { seq: event.seq };
}

/** Loads what limitationStatus needs from the timeline. */
export async function loadRecordedLimitationEvents(tx: Tx, caseId: string) {
  return recordedLimitationEvents(await loadCaseEvents(tx, caseId));
}
