import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyCaseEvent, replayCaseAt, isCollectible, activeHoldsAt, CASE_STAGES, CLOSE_REASONS, HOLD_KINDS, EMPTY_CASE_STATE,
  TRANSITIONS, type CaseEvent, type CaseState,
} from './state-machine.js';

// Random command sequences: each is applied if valid, skipped if it throws. The resulting history must replay to
// the same state, and a prefix replay must equal the state the commands saw at that time.
const cmd = fc.oneof(
  fc.record({ k: fc.constant('to' as const), to: fc.constantFrom(...CASE_STAGES), reason: fc.option(fc.constantFrom('r', ' '), { nil: undefined }), close: fc.option(fc.constantFrom(...CLOSE_REASONS), { nil: undefined }) }),
  fc.record({ k: fc.constant('hold' as const), kind: fc.constantFrom(...HOLD_KINDS), resumeIn: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }) }),
  fc.record({ k: fc.constant('release' as const), pick: fc.nat() }),
);

type Cmd = typeof cmd extends fc.Arbitrary<infer T> ? T : never;
function run(cmds: Cmd[]) {
  let s: CaseState = applyCaseEvent(EMPTY_CASE_STATE, { seq: 1, type: 'placed', at: new Date(0) });
  const events: CaseEvent[] = [{ seq: 1, type: 'placed', at: new Date(0) }];
  const states: CaseState[] = [s];
  let hour = 0;
  for (const c of cmds) {
    hour += 1;
    const at = new Date(hour * 3_600_000);
    let ev: CaseEvent;
    if (c.k === 'to') ev = { seq: s.lastSeq + 1, at, type: 'transitioned', from: s.stage!, to: c.to, reason: c.reason, closeReason: c.close };
    else if (c.k === 'hold') ev = { seq: s.lastSeq + 1, at, type: 'hold_placed', holdId: `h${hour}`, kind: c.kind, reason: 'why', resumeAt: c.resumeIn ? new Date((hour + c.resumeIn) * 3_600_000) : null };
    else {
      const holds = activeHoldsAt(s, at);
      if (!holds.length) continue;
      ev = { seq: s.lastSeq + 1, at, type: 'hold_released', holdId: holds[c.pick % holds.length].holdId, reason: 'ok' };
    }
    try {
      s = applyCaseEvent(s, ev);
      events.push(ev);
      states.push(s);
    } catch {
      /* rejected command: history unchanged */
    }
  }
  return { s, events, states };
}

describe('case state machine (properties)', () => {
  it('every accepted transition is an edge of the graph, and a case on hold only ever moves to closed', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), (cmds) => {
        const { events, states } = run(cmds);
        for (let i = 1; i < events.length; i++) {
          const e = events[i];
          if (e.type !== 'transitioned') continue;
          expect(TRANSITIONS[e.from]).toContain(e.to);
          const before = states[i - 1];
          if (activeHoldsAt(before, e.at).length > 0) expect(e.to).toBe('closed');
          if (e.to === 'closed') expect(CLOSE_REASONS).toContain(states[i].closeReason);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('replay at the time of each event equals the state the command produced (holds lifted by resume date aside)', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), (cmds) => {
        const { events, states } = run(cmds);
        events.forEach((e, i) => {
          const r = replayCaseAt(events, e.at);
          expect(r.stage).toBe(states[i].stage);
          expect(r.lastSeq).toBe(states[i].lastSeq);
          expect(r.holds.map((h) => h.holdId)).toEqual(activeHoldsAt(states[i], e.at).map((h) => h.holdId));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a collectible case never has a hold in force', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), fc.integer({ min: 0, max: 80 }), (cmds, h) => {
        const { events } = run(cmds);
        const at = new Date(h * 3_600_000);
        const s = replayCaseAt(events, at);
        if (isCollectible(s, at)) expect(activeHoldsAt(s, at)).toHaveLength(0);
        if (s.stage === 'closed') expect(isCollectible(s, at)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
