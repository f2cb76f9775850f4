// The first-action clock: a placed case must get its first collection action within the creditor's window
// (default 72 hours from placement). Time spent on hold does not count against the agency, because a hold forbids
// acting. Pure: callers pass the placement, the first action and the hold intervals.
import type { CaseEvent } from './state-machine.js';

export const DEFAULT_FIRST_ACTION_HOURS = 72;
/** Share of the window left at which a pending case turns at-risk (default: last 25 %, i.e. 18 h of 72 h). */
export const DEFAULT_AT_RISK_FRACTION = 0.25;

export interface SlaPolicy {
  firstActionHours: number;
  atRiskFraction: number;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = { firstActionHours: DEFAULT_FIRST_ACTION_HOURS, atRiskFraction: DEFAULT_AT_RISK_FRACTION };

/** Policy of one creditor: its own window if the entrustment sets one, otherwise the default. */
export function slaPolicyFor(creditor: { firstActionHours?: number | null } | null | undefined): SlaPolicy {
  const h = creditor?.firstActionHours;
  if (h === null || h === undefined) return DEFAULT_SLA_POLICY;
  if (!Number.isFinite(h) || h <= 0) throw new RangeError('firstActionHours must be positive');
  return { ...DEFAULT_SLA_POLICY, firstActionHours: h };
}

export type SlaStatus = 'on_track' | 'at_risk' | 'breached' | 'met';

export interface SlaInput {
  placedAt: Date;
  firstActionAt?: Date | null;
  /** Intervals during which a hold was in force (end null = still in force). Overlaps are fine. */
  pauses?: ReadonlyArray<{ from: Date; to: Date | null }>;
}

export interface SlaReading {
  status: SlaStatus;
  /** While pending: the instant the window ends unless a later hold pauses it. null once met or breached. */
  dueAt: Date | null;
  /** Milliseconds of the window still left at `at` (0 when met or breached). */
  remainingMs: number;
  pausedMs: number;
}

const HOUR = 3_600_000;

/** Total length of the union of the pause intervals clipped to [from, to]. */
function pausedWithin(pauses: SlaInput['pauses'], from: number, to: number): number {
  if (!pauses?.length || to <= from) return 0;
  const iv = pauses
    .map((p) => [Math.max(p.from.getTime(), from), Math.min(p.to ? p.to.getTime() : Infinity, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curA = -Infinity;
  let curB = -Infinity;
  for (const [a, b] of iv) {
    if (a > curB) {
      if (curB > curA) total += curB - curA;
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  if (curB > curA) total += curB - curA;
  return total;
}

/** Status of the first-action SLA at instant `at`. Met/breached are final once the first action is recorded. */
export function firstActionSla(input: SlaInput, at: Date, policy: SlaPolicy = DEFAULT_SLA_POLICY): SlaReading {
  const windowMs = policy.firstActionHours * HOUR;
  const start = input.placedAt.getTime();
  const first = input.firstActionAt && input.firstActionAt.getTime() <= at.getTime() ? input.firstActionAt.getTime() : null;
  const until = first ?? at.getTime();
  const paused = pausedWithin(input.pauses, start, until);
  const elapsed = Math.max(0, until - start - paused);
  const remaining = Math.max(0, windowMs - elapsed);
  if (first !== null) {
    return { status: elapsed <= windowMs ? 'met' : 'breached', dueAt: null, remainingMs: 0, pausedMs: paused };
  }
  if (elapsed > windowMs) return { status: 'breached', dueAt: null, remainingMs: 0, pausedMs: paused };
  const dueAt = new Date(until + remaining);
  const status = remaining <= windowMs * policy.atRiskFraction ? 'at_risk' : 'on_track';
  return { status, dueAt, remainingMs: remaining, pausedMs: paused };
}

/**
 * The instant the first-action window runs out: placement + window, pushed back by the hold time that falls inside
 * it (holds after the deadline do not move it). null while a hold that began before the deadline is still open.
 */
export function windowEndsAt(input: Pick<SlaInput, 'placedAt' | 'pauses'>, policy: SlaPolicy = DEFAULT_SLA_POLICY): Date | null {
  const start = input.placedAt.getTime();
  let end = start + policy.firstActionHours * HOUR;
  const iv = (input.pauses ?? [])
    .map((p) => [Math.max(p.from.getTime(), start), p.to ? p.to.getTime() : Infinity] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = start;
  for (const [a, b] of iv) {
    if (a > end) break; // a hold starting at the very deadline still pauses it (firstActionSla breaches only after it)
    const from = Math.max(a, covered);
    if (b > from) {
      end += b - from;
      covered = b;
    }
  }
  return Number.isFinite(end) ? new Date(end) : null;
}

/** Hold intervals from a case's timeline (placed → released, or → resume date if it lifted itself first). */
export function holdPauses(events: readonly CaseEvent[]): Array<{ from: Date; to: Date | null }> {
  const open = new Map<string, { from: Date; resumeAt: Date | null }>();
  const out: Array<{ from: Date; to: Date | null }> = [];
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.type === 'hold_placed') open.set(e.holdId, { from: e.at, resumeAt: e.resumeAt ?? null });
    else if (e.type === 'hold_released' || (e.type === 'transitioned' && e.to === 'closed')) {
      const ids = e.type === 'hold_released' ? [e.holdId] : [...open.keys()];
      for (const id of ids) {
        const h = open.get(id);
        if (!h) continue;
        const end = h.resumeAt && h.resumeAt.getTime() < e.at.getTime() ? h.resumeAt : e.at;
        out.push({ from: h.from, to: end });
        open.delete(id);
      }
    }
  }
  for (const h of open.values()) out.push({ from: h.from, to: h.resumeAt });
  return out;
}
