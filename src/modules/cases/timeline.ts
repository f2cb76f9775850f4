// The case timeline on the database. cases.case_events is the source of truth and append-only; cases.cases and
// cases.holds are projections updated in the same transaction by `appendCaseEvent`, which first replays the stored
// history through the pure state machine (so a stored history the machine would reject can never grow).
import { asc, eq, and, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { applyCaseEvent, foldCaseEvents, type CaseEvent, type CaseState } from './state-machine.js';
import { caseEvents, cases, holds } from './schema.js';
import { caseError } from './errors.js';
import { recordCaseEvidence } from './evidence-seam.js';
import { tenantOf } from './tenant.js';
import { releasePlacement } from './registry.js';

type EventRow = typeof caseEvents.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;

/** Event data as stored (JSON): dates become ISO strings. */
function toData(e: CaseEvent): Record<string, unknown> {
  const { seq: _s, at: _a, type: _t, actorId: _x, ...rest } = e as CaseEvent & Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

export function fromRow(r: EventRow): CaseEvent {
  const d = r.data as Record<string, unknown>;
  const base = { seq: r.seq, at: r.at, actorId: r.actorId };
  switch (r.type) {
    case 'placed':
      return { ...base, type: 'placed' };
    case 'transitioned':
      return { ...base, type: 'transitioned', from: d.from as never, to: d.to as never, reason: (d.reason as string) ?? null, closeReason: (d.closeReason as never) ?? null };
    case 'hold_placed':
      return { ...base, type: 'hold_placed', holdId: d.holdId as string, kind: d.kind as never, reason: d.reason as string, resumeAt: d.resumeAt ? new Date(d.resumeAt as string) : null };
    case 'hold_released':
      return { ...base, type: 'hold_released', holdId: d.holdId as string, reason: d.reason as string };
    default:
      return { ...base, type: 'recorded', what: (d.what as string) ?? r.type, data: (d.data as Record<string, unknown>) ?? {} };
  }
}

/** The case's events in order. */
export async function loadCaseEvents(tx: Tx, caseId: string): Promise<CaseEvent[]> {
  const rs = await tx.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
  return rs.map(fromRow);
}

/** Locks the case row for this transaction. Throws CASES_NOT_FOUND. */
export async function lockCaseRow(tx: Tx, caseId: string): Promise<CaseRow> {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!c) throw caseError('CASES_NOT_FOUND', { detail: caseId });
  return c;
}

type NewEvent = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'seq'> : never) : never;

/**
 * Appends one event to a (locked) case: replays the history, applies the event through the state machine (which
 * throws the CASES_* transition errors), inserts it, updates the projections and records the evidence.
 */
export async function appendCaseEvent(tx: Tx, c: CaseRow, ev: NewEvent): Promise<{ state: CaseState; event: CaseEvent }> {
  const history = await loadCaseEvents(tx, c.id);
  const before = foldCaseEvents(history);
  const event = { ...ev, seq: before.lastSeq + 1 } as CaseEvent;
  const state = applyCaseEvent(before, event);
  const tenantId = await tenantOf(tx);
  await tx.insert(caseEvents).values({ tenantId, caseId: c.id, seq: event.seq, at: event.at, type: event.type, actorId: event.actorId ?? null, data: toData(event) });
  await writeProjection(tx, c.id, state, event);
  await recordCaseEvidence(tx, {
    type: `case.${event.type === 'recorded' ? event.what : event.type}`, caseId: c.id, actor: event.actorId ?? 'system', occurredAt: event.at,
    meta: event.type === 'transitioned'
      ? { from: event.from, to: event.to, closeReason: event.closeReason ?? null }
      : event.type === 'hold_placed' ? { hold: event.kind } : { seq: event.seq },
  });
  return { state, event };
}

async function writeProjection(tx: Tx, caseId: string, s: CaseState, e: CaseEvent): Promise<void> {
  await tx.update(cases).set({ stage: s.stage!, closeReason: s.closeReason, stageSince: s.stageSince!, lastSeq: s.lastSeq }).where(eq(cases.id, caseId));
  if (e.type === 'hold_placed') {
    await tx.insert(holds).values({
      tenantId: await tenantOf(tx), id: e.holdId, caseId, kind: e.kind, reason: e.reason, placedAt: e.at, placedBy: e.actorId ?? null, resumeAt: e.resumeAt ?? null,
    });
  } else if (e.type === 'hold_released') {
    await tx.update(holds).set({ releasedAt: e.at, releasedBy: e.actorId ?? null, releaseReason: e.reason }).where(and(eq(holds.id, e.holdId), eq(holds.caseId, caseId)));
  } else if (e.type === 'transitioned' && e.to === 'closed') {
    // Closing ends every hold (state machine clears them); keep the projection in step.
    await tx.update(holds).set({ releasedAt: e.at, releasedBy: e.actorId ?? null, releaseReason: 'case closed' })
      .where(and(eq(holds.caseId, caseId), isNull(holds.releasedAt)));
    // COL-73: a closed case no longer holds the debt in the platform registry.
    await releasePlacement(tx, caseId);
  }
}
