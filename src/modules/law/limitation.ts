// CALC-02 limitation tracker (民法典 arts 188, 192, 195, 201–202; 诉讼时效规定 arts 8–12, 17, 19).
// COL-90: 3 years from when the creditor knew or should have known of the harm and the obligor; 20-year long-stop.
// COL-91: listed events restart the clock. COL-92: after expiry only the debtor's agreement to pay (or payment)
// defeats the defence (waived_by_ack); a creditor's demand or filing after expiry does not revive it.
import { z } from 'zod';
import { lawError } from './errors.js';
import { addYears, dayNumber } from './dates.js';

export const LIMITATION_YEARS = 3;
export const LONG_STOP_YEARS = 20;

export const LimitationEventType = z.enum([
  'demand_delivered', // 规定 art 8 (a demand that reached / should have reached the debtor)
  'debtor_agreed', // 民法典 art 195(2): acknowledgment / agreement to perform
  'partial_payment', // payment of part = agreement to perform
  'suit_filed', // 规定 art 10
  'arbitration_filed', // 民法典 art 195(3)
  'payment_order_applied', // 规定 art 11(1)
  'preservation_applied', // 规定 art 11(4)
  'enforcement_applied', // 规定 art 11(5)
  'mediation_requested', // 规定 art 12
  'assignment_notice_delivered', // 规定 art 17
]);
export type LimitationEventType = z.infer<typeof LimitationEventType>;

export const LimitationEvent = z.object({ type: LimitationEventType, on: z.string(), note: z.string().optional() });
export type LimitationEvent = z.infer<typeof LimitationEvent>;

const DEBTOR_ACTS: ReadonlySet<LimitationEventType> = new Set(['debtor_agreed', 'partial_payment']);

export type LimitationState = 'running' | 'interrupted' | 'expired' | 'waived_by_ack';

export interface LimitationStatus {
  state: LimitationState;
  /** Last day of the current period (after a waiver: 3 years from the acknowledgment). */
  expiresOn: string;
  longStopOn: string;
  /** Date the current 3-year period counts from. */
  runsFrom: string;
  /** Events that restarted the clock, in order. */
  interruptions: LimitationEvent[];
  /** Events after expiry that had no effect (creditor acts cannot revive an expired claim). */
  ignored: LimitationEvent[];
  waivedOn?: string;
  daysLeft: number;
}

/**
 * CALC-02. `knewOn`: when the creditor knew or should have known of the harm and the obligor (e.g. the day after
 * the due date). `harmOn` (defaults to knewOn) anchors the 20-year long-stop. Events must be on/after knewOn.
 * The period starts the day after (art 201) and ends on the corresponding date 3 years later.
 * Suspension (中止, art 194) and holiday roll-over (art 203) are not modelled.
 */
export function trackLimitation(input: { knewOn: string; harmOn?: string; events: LimitationEvent[]; asOf: string }): LimitationStatus {
  dayNumber(input.knewOn);
  dayNumber(input.asOf);
  const harmOn = input.harmOn ?? input.knewOn;
  dayNumber(harmOn);
  const longStopOn = addYears(harmOn, LONG_STOP_YEARS);
  const events = input.events.map((e) => {
    const p = LimitationEvent.safeParse(e);
    if (!p.success) throw lawError('LAW_LIMITATION_EVENTS_INVALID', { detail: p.error.message, rule: 'CALC-02' });
    dayNumber(p.data.on);
    if (p.data.on < input.knewOn) throw lawError('LAW_LIMITATION_EVENTS_INVALID', { detail: `event on ${p.data.on} before ${input.knewOn}`, rule: 'CALC-02' });
    return p.data;
  });
  const sorted = events.filter((e) => e.on <= input.asOf).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let runsFrom = input.knewOn;
  let expiresOn = minDate(addYears(runsFrom, LIMITATION_YEARS), longStopOn);
  const interruptions: LimitationEvent[] = [];
  const ignored: LimitationEvent[] = [];
  let waivedOn: string | undefined;
  for (const e of sorted) {
    if (waivedOn) {
      // After a waiver the claim is again enforceable; a fresh period runs from the acknowledgment and ordinary
      // restart rules apply to it.
      if (e.on > expiresOn) {
        if (DEBTOR_ACTS.has(e.type)) {
          runsFrom = e.on;
          expiresOn = addYears(e.on, LIMITATION_YEARS);
          waivedOn = e.on;
        } else ignored.push(e);
        continue;
      }
      runsFrom = e.on;
      expiresOn = addYears(e.on, LIMITATION_YEARS);
      interruptions.push(e);
      continue;
    }
    if (e.on > expiresOn) {
      if (DEBTOR_ACTS.has(e.type)) {
        waivedOn = e.on;
        runsFrom = e.on;
        expiresOn = addYears(e.on, LIMITATION_YEARS);
      } else ignored.push(e);
      continue;
    }
    runsFrom = e.on;
    expiresOn = minDate(addYears(e.on, LIMITATION_YEARS), longStopOn);
    interruptions.push(e);
  }
  const expired = input.asOf > expiresOn;
  let state: LimitationState;
  if (waivedOn) state = expired ? 'expired' : 'waived_by_ack';
  else if (expired) state = 'expired';
  else state = interruptions.length > 0 ? 'interrupted' : 'running';
  return {
    state,
    expiresOn,
    longStopOn,
    runsFrom,
    interruptions,
    ignored,
    waivedOn,
    daysLeft: expired ? 0 : dayNumber(expiresOn) - dayNumber(input.asOf),
  };
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
