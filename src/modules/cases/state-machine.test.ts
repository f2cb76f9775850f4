import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.js';
import {
  applyCaseEvent, foldCaseEvents, replayCaseAt, isCollectible, allowedTransitions, EMPTY_CASE_STATE, type CaseEvent,
  type CaseState,
} from './state-machine.js';

const t = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
type Unseq<E> = E extends unknown ? Omit<E, 'seq'> : never;
function history(...evs: Array<Unseq<CaseEvent>>): CaseEvent[] {
  return evs.map((e, i) => ({ ...e, seq: i + 1 }) as CaseEvent);
}
const caught = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a throw');
};

describe('case state machine', () => {
  const placed = history(
    { type: 'placed', at: t(0) },
    { type: 'transitioned', at: t(1), from: 'intake', to: 'verification' },
    { type: 'transitioned', at: t(2), from: 'verification', to: 'active' },
  );

  it('walks the happy path to closed/paid', () => {
    const s = foldCaseEvents([
      ...placed,
      { seq: 4, type: 'transitioned', at: t(3), from: 'active', to: 'negotiation' },
      { seq: 5, type: 'transitioned', at: t(4), from: 'negotiation', to: 'payment_plan' },
      { seq: 6, type: 'transitioned', at: t(5), from: 'payment_plan', to: 'closed', reason: 'all instalments received', closeReason: 'paid' },
    ]);
    expect(s.stage).toBe('closed');
    expect(s.closeReason).toBe('paid');
    expect(isCollectible(s, t(6))).toBe(false);
  });

  it('an invalid transition throws and lists the allowed targets', () => {
    const s = foldCaseEvents(placed);
    const e = caught(() => applyCaseEvent(s, { seq: 4, type: 'transitioned', at: t(3), from: 'active', to: 'enforcement', reason: 'x' }));
    expect(e.code).toBe('CASES_TRANSITION_INVALID');
    expect(e.extra?.allowed).toEqual(['negotiation', 'payment_plan', 'legal', 'closed']);
    expect(e.message).toContain('negotiation, payment_plan, legal, closed');
  });

  it('closing needs both a reason text and a close reason', () => {
    const s = foldCaseEvents(placed);
    expect(caught(() => applyCaseEvent(s, { seq: 4, type: 'transitioned', at: t(3), from: 'active', to: 'closed', closeReason: 'paid' })).code).toBe('CASES_REASON_REQUIRED');
    const e = caught(() => applyCaseEvent(s, { seq: 4, type: 'transitioned', at: t(3), from: 'active', to: 'closed', reason: 'done' }));
    expect(e.code).toBe('CASES_REASON_REQUIRED');
    expect(e.field).toBe('closeReason');
  });

  it('COL-01: escalating to legal needs a reason', () => {
    const s = foldCaseEvents(placed);
    expect(caught(() => applyCaseEvent(s, { seq: 4, type: 'transitioned', at: t(3), from: 'active', to: 'legal', reason: '  ' })).code).toBe('CASES_REASON_REQUIRED');
    expect(applyCaseEvent(s, { seq: 4, type: 'transitioned', at: t(3), from: 'active', to: 'legal', reason: 'no response after 3 letters' }).stage).toBe('legal');
  });

  it('closed is terminal', () => {
    const s = foldCaseEvents([...placed, { seq: 4, type: 'transitioned', at: t(3), from: 'active', to: 'closed', reason: 'recall', closeReason: 'recalled' }]);
    const e = caught(() => applyCaseEvent(s, { seq: 5, type: 'transitioned', at: t(4), from: 'closed', to: 'active' }));
    expect(e.code).toBe('CASES_CLOSED');
    expect(caught(() => applyCaseEvent(s, { seq: 5, type: 'hold_placed', at: t(4), holdId: 'h', kind: 'dispute', reason: 'x' })).code).toBe('CASES_CLOSED');
  });

  it('a hold stops collection and only closing is allowed until it is released', () => {
    let s: CaseState = foldCaseEvents([...placed, { seq: 4, type: 'hold_placed', at: t(3), holdId: 'h1', kind: 'dispute', reason: 'debtor disputes amount' }]);
    expect(isCollectible(s, t(4))).toBe(false);
    expect(allowedTransitions(s, t(4))).toEqual(['closed']);
    const e = caught(() => applyCaseEvent(s, { seq: 5, type: 'transitioned', at: t(4), from: 'active', to: 'negotiation' }));
    expect(e.code).toBe('CASES_ON_HOLD');
    s = applyCaseEvent(s, { seq: 5, type: 'hold_released', at: t(5), holdId: 'h1', reason: 'statement sent, dispute resolved' });
    expect(isCollectible(s, t(5))).toBe(true);
    expect(applyCaseEvent(s, { seq: 6, type: 'transitioned', at: t(6), from: 'active', to: 'negotiation' }).stage).toBe('negotiation');
  });

  it('a hold with a resume date lifts itself at that instant', () => {
    const s = foldCaseEvents([...placed, { seq: 4, type: 'hold_placed', at: t(3), holdId: 'h1', kind: 'cease_contact', reason: 'hospital stay', resumeAt: t(10) }]);
    expect(isCollectible(s, t(9))).toBe(false);
    expect(isCollectible(s, t(10))).toBe(true);
    // a later event sees it gone: the transition is allowed and releasing it again fails
    const s2 = applyCaseEvent(s, { seq: 5, type: 'transitioned', at: t(11), from: 'active', to: 'negotiation' });
    expect(s2.holds).toEqual([]);
    expect(caught(() => applyCaseEvent(s, { seq: 5, type: 'hold_released', at: t(11), holdId: 'h1', reason: 'x' })).code).toBe('CASES_HOLD_NOT_FOUND');
  });

  it('rejects a resume date not after placement, and releasing needs a reason', () => {
    const s = foldCaseEvents(placed);
    expect(caught(() => applyCaseEvent(s, { seq: 4, type: 'hold_placed', at: t(3), holdId: 'h', kind: 'complaint', reason: 'x', resumeAt: t(3) })).code).toBe('CASES_HOLD_INVALID');
    const h = applyCaseEvent(s, { seq: 4, type: 'hold_placed', at: t(3), holdId: 'h', kind: 'complaint', reason: 'x' });
    expect(caught(() => applyCaseEvent(h, { seq: 5, type: 'hold_released', at: t(4), holdId: 'h', reason: '' })).code).toBe('CASES_REASON_REQUIRED');
  });

  it('closing on hold is allowed and clears the holds (deceased → uncollectible)', () => {
    const s = foldCaseEvents([
      ...placed,
      { seq: 4, type: 'hold_placed', at: t(3), holdId: 'h1', kind: 'deceased', reason: 'death certificate received' },
      { seq: 5, type: 'transitioned', at: t(4), from: 'active', to: 'closed', reason: 'no estate', closeReason: 'uncollectible' },
    ]);
    expect(s).toMatchObject({ stage: 'closed', closeReason: 'uncollectible', holds: [] });
  });

  it('replay gives the state at any past instant', () => {
    const evs = [
      ...placed,
      { seq: 4, type: 'transitioned', at: t(5), from: 'active', to: 'negotiation' },
      { seq: 5, type: 'hold_placed', at: t(7), holdId: 'h', kind: 'complaint', reason: 'complaint filed' },
    ] as CaseEvent[];
    expect(replayCaseAt(evs, new Date(t(0).getTime() - 1)).stage).toBeNull();
    expect(replayCaseAt(evs, t(0)).stage).toBe('intake');
    expect(replayCaseAt(evs, t(4)).stage).toBe('active');
    expect(replayCaseAt(evs, t(6)).stage).toBe('negotiation');
    expect(replayCaseAt(evs, t(6)).holds).toHaveLength(0);
    expect(replayCaseAt(evs, t(8)).holds.map((h) => h.kind)).toEqual(['complaint']);
  });

  it('rejects out-of-order or gapped histories', () => {
    expect(caught(() => applyCaseEvent(EMPTY_CASE_STATE, { seq: 2, type: 'placed', at: t(0) })).code).toBe('CASES_EVENT_ORDER');
    const s = foldCaseEvents(placed);
    expect(caught(() => applyCaseEvent(s, { seq: 4, type: 'transitioned', at: t(0), from: 'active', to: 'negotiation' })).code).toBe('CASES_EVENT_ORDER');
    expect(caught(() => applyCaseEvent(s, { seq: 4, type: 'transitioned', at: t(9), from: 'intake', to: 'verification' })).code).toBe('CASES_TRANSITION_INVALID');
  });
});
