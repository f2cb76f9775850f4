// The case lifecycle as a pure fold over case events. One function (`applyCaseEvent`) both checks a new event
// against the current state and replays stored history, so a case's state at any past instant is exactly what the
// commands saw then. Invariant: a case with an active hold is not collectible (holds stop collection until released
// or until their resume date passes, which lifts them by itself).
import { caseError } from './errors.js';

export const CASE_STAGES = ['intake', 'verification', 'active', 'negotiation', 'payment_plan', 'legal', 'enforcement', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const CLOSE_REASONS = ['paid', 'settled', 'uncollectible', 'recalled', 'transferred'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const HOLD_KINDS = ['dispute', 'complaint', 'cease_contact', 'bankruptcy', 'deceased', 'legal_hold'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/** Allowed status changes. `closed` is terminal: a recalled case that comes back is a new placement. */
export const TRANSITIONS: Readonly<Record<CaseStage, readonly CaseStage[]>> = {
  intake: ['verification', 'closed'],
  verification: ['active', 'closed'],
  active: ['negotiation', 'payment_plan', 'legal', 'closed'],
  negotiation: ['active', 'payment_plan', 'legal', 'closed'],
  payment_plan: ['active', 'negotiation', 'legal', 'closed'],
  legal: ['negotiation', 'payment_plan', 'enforcement', 'closed'],
  enforcement: ['negotiation', 'payment_plan', 'closed'],
  closed: [],
};

/**
 * Changes that need a written reason: closing, escalating to court or enforcement (COL-01 pushes to lawful
 * channels, and each escalation must be justified on the record), and stepping back from a payment plan or from
 * court (a broken plan, a withdrawn suit).
 */
export function transitionNeedsReason(from: CaseStage, to: CaseStage): boolean {
  if (to === 'closed' || to === 'legal' || to === 'enforcement') return true;
  if (from === 'payment_plan' && to === 'active') return true;
  if (from === 'legal' || from === 'enforcement') return true;
  return false;
}

/** While on hold only closing is allowed (e.g. a recall, or `uncollectible` after a death certificate). */
export function transitionAllowedOnHold(to: CaseStage): boolean {
  return to === 'closed';
}

export interface CaseEventBase {
  /** Position in the case's history, 1-based and gapless. */
  seq: number;
  at: Date;
  actorId?: string | null;
}
export type CaseEvent = CaseEventBase &
  (
    | { type: 'placed' }
    | { type: 'transitioned'; from: CaseStage; to: CaseStage; reason?: string | null; closeReason?: CloseReason | null }
    | { type: 'hold_placed'; holdId: string; kind: HoldKind; reason: string; resumeAt?: Date | null }
    | { type: 'hold_released'; holdId: string; reason: string }
    /** Timeline facts that do not change the status (assignment, first action, promise, payment, task). */
    | { type: 'recorded'; what: string; data?: Record<string, unknown> }
  );
export type CaseEventType = CaseEvent['type'];

export interface ActiveHold {
  holdId: string;
  kind: HoldKind;
  reason: string;
  placedAt: Date;
  resumeAt: Date | null;
}

export interface CaseState {
  /** null before the `placed` event. */
  stage: CaseStage | null;
  closeReason: CloseReason | null;
  holds: ActiveHold[];
  placedAt: Date | null;
  stageSince: Date | null;
  lastSeq: number;
  lastAt: Date | null;
}

export const EMPTY_CASE_STATE: CaseState = Object.freeze({
  stage: null, closeReason: null, holds: [], placedAt: null, stageSince: null, lastSeq: 0, lastAt: null,
}) as CaseState;

/** Holds in force at `at`: a hold whose resume date has passed has lifted itself. */
export function activeHoldsAt(state: CaseState, at: Date): ActiveHold[] {
  return state.holds.filter((h) => h.resumeAt === null || h.resumeAt.getTime() > at.getTime());
}

/** May collectors act on the case at `at`? Placed, not closed, not in intake/verification, and no hold in force. */
export function isCollectible(state: CaseState, at: Date): boolean {
  if (state.stage === null || state.stage === 'closed' || state.stage === 'intake' || state.stage === 'verification') return false;
  return activeHoldsAt(state, at).length === 0;
}

/**
 * Applies one event. Throws CASES_TRANSITION_INVALID (with the allowed targets in `extra.allowed` and the message),
 * CASES_REASON_REQUIRED, CASES_ON_HOLD, CASES_CLOSED, CASES_HOLD_NOT_FOUND, CASES_HOLD_INVALID, CASES_EVENT_ORDER.
 */
export function applyCaseEvent(state: CaseState, ev: CaseEvent): CaseState {
  if (ev.seq !== state.lastSeq + 1) {
    throw caseError('CASES_EVENT_ORDER', { detail: `event seq ${ev.seq} after ${state.lastSeq}` });
  }
  if (state.lastAt && ev.at.getTime() < state.lastAt.getTime()) {
    throw caseError('CASES_EVENT_ORDER', { detail: `event at ${ev.at.toISOString()} before ${state.lastAt.toISOString()}` });
  }
  const base = { ...state, lastSeq: ev.seq, lastAt: ev.at };
  if (ev.type === 'placed') {
    if (state.stage !== null) throw caseError('CASES_TRANSITION_INVALID', { detail: 'case already placed' });
    return { ...base, stage: 'intake', placedAt: ev.at, stageSince: ev.at };
  }
  if (state.stage === null) throw caseError('CASES_TRANSITION_INVALID', { detail: 'case not placed yet' });
  // Lift holds whose resume date passed before this event, so history reads the same as the live state.
  const holds = activeHoldsAt(state, ev.at);
  switch (ev.type) {
    case 'transitioned': {
      const from = state.stage;
      if (ev.from !== from) {
        throw caseError('CASES_TRANSITION_INVALID', { detail: `event says from ${ev.from} but the case is ${from}` });
      }
      const allowed = TRANSITIONS[from];
      if (!allowed.includes(ev.to)) {
        throw caseError(from === 'closed' ? 'CASES_CLOSED' : 'CASES_TRANSITION_INVALID', {
          detail: `cannot go from ${from} to ${ev.to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
          extra: { from, to: ev.to, allowed: [...allowed] },
        });
      }
      if (holds.length > 0 && !transitionAllowedOnHold(ev.to)) {
        throw caseError('CASES_ON_HOLD', {
          detail: `active hold(s): ${holds.map((h) => h.kind).join(', ')}; only closing is allowed`,
          extra: { holds: holds.map((h) => h.kind), allowed: ['closed'] },
        });
      }
      const reason = ev.reason?.trim() ?? '';
      if (transitionNeedsReason(from, ev.to) && reason === '') {
        throw caseError('CASES_REASON_REQUIRED', { detail: `${from} → ${ev.to} needs a reason`, field: 'reason' });
      }
      if (ev.to === 'closed' && !ev.closeReason) {
        throw caseError('CASES_REASON_REQUIRED', {
          detail: `closing needs a close reason: ${CLOSE_REASONS.join(', ')}`, field: 'closeReason',
          extra: { allowed: [...CLOSE_REASONS] },
        });
      }
      if (ev.to !== 'closed' && ev.closeReason) {
        throw caseError('CASES_TRANSITION_INVALID', { detail: 'a close reason is only for closing' });
      }
      return {
        ...base, stage: ev.to, stageSince: ev.at, closeReason: ev.to === 'closed' ? ev.closeReason ?? null : null,
        // A closed case keeps no holds: there is nothing left to stop.
        holds: ev.to === 'closed' ? [] : holds,
      };
    }
    case 'hold_placed': {
      if (state.stage === 'closed') throw caseError('CASES_CLOSED', { detail: 'cannot place a hold on a closed case' });
      if (!ev.reason.trim()) throw caseError('CASES_REASON_REQUIRED', { detail: 'a hold needs a reason', field: 'reason' });
      if (ev.resumeAt && ev.resumeAt.getTime() <= ev.at.getTime()) {
        throw caseError('CASES_HOLD_INVALID', { detail: 'resume date must be after the hold is placed', field: 'resumeAt' });
      }
      if (state.holds.some((h) => h.holdId === ev.holdId)) throw caseError('CASES_HOLD_INVALID', { detail: 'duplicate hold id' });
      const hold: ActiveHold = { holdId: ev.holdId, kind: ev.kind, reason: ev.reason, placedAt: ev.at, resumeAt: ev.resumeAt ?? null };
      return { ...base, holds: [...holds, hold] };
    }
    case 'recorded':
      return { ...base, holds };
    case 'hold_released': {
      if (!holds.some((h) => h.holdId === ev.holdId)) {
        throw caseError('CASES_HOLD_NOT_FOUND', { detail: `hold ${ev.holdId} is not active` });
      }
      if (!ev.reason.trim()) throw caseError('CASES_REASON_REQUIRED', { detail: 'releasing a hold needs a reason', field: 'reason' });
      return { ...base, holds: holds.filter((h) => h.holdId !== ev.holdId) };
    }
  }
}

/** State after all events (sorted by seq). Throws like applyCaseEvent if the history is inconsistent. */
export function foldCaseEvents(events: readonly CaseEvent[]): CaseState {
  return [...events].sort((a, b) => a.seq - b.seq).reduce(applyCaseEvent, EMPTY_CASE_STATE);
}

/**
 * The case as it stood at instant `at`: replays the events up to and including `at`, and drops holds whose resume
 * date had passed by then. Pure; the timeline table is the only source.
 */
export function replayCaseAt(events: readonly CaseEvent[], at: Date): CaseState {
  const upTo = [...events].sort((a, b) => a.seq - b.seq).filter((e) => e.at.getTime() <= at.getTime());
  const s = upTo.reduce(applyCaseEvent, EMPTY_CASE_STATE);
  return { ...s, holds: activeHoldsAt(s, at) };
}

/** Targets reachable from `stage` right now, taking holds in force at `at` into account. */
export function allowedTransitions(state: CaseState, at: Date): CaseStage[] {
  if (state.stage === null) return [];
  const targets = [...TRANSITIONS[state.stage]];
  return activeHoldsAt(state, at).length > 0 ? targets.filter(transitionAllowedOnHold) : targets;
}
