import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstActionSla, slaPolicyFor, holdPauses, windowEndsAt, DEFAULT_SLA_POLICY } from './sla.js';
import type { CaseEvent } from './state-machine.js';

const H = 3_600_000;
const p0 = new Date(Date.UTC(2026, 2, 1, 1));
const at = (h: number) => new Date(p0.getTime() + h * H);

describe('first-action SLA (72 h default)', () => {
  it('on track, at risk in the last quarter, breached after 72 h', () => {
    expect(firstActionSla({ placedAt: p0 }, at(10)).status).toBe('on_track');
    expect(firstActionSla({ placedAt: p0 }, at(10)).dueAt).toEqual(at(72));
    expect(firstActionSla({ placedAt: p0 }, at(54)).status).toBe('at_risk');
    expect(firstActionSla({ placedAt: p0 }, at(53.9)).status).toBe('on_track');
    expect(firstActionSla({ placedAt: p0 }, at(72)).status).toBe('at_risk');
    expect(firstActionSla({ placedAt: p0 }, at(72.01)).status).toBe('breached');
  });

  it('met when the first action came within the window, breached when late, judged as of the instant asked', () => {
    expect(firstActionSla({ placedAt: p0, firstActionAt: at(71) }, at(100)).status).toBe('met');
    expect(firstActionSla({ placedAt: p0, firstActionAt: at(73) }, at(100)).status).toBe('breached');
    // before the action happened, it was still pending
    expect(firstActionSla({ placedAt: p0, firstActionAt: at(71) }, at(60)).status).toBe('at_risk');
  });

  it('is configurable per creditor', () => {
    const pol = slaPolicyFor({ firstActionHours: 24 });
    expect(firstActionSla({ placedAt: p0 }, at(25), pol).status).toBe('breached');
    expect(slaPolicyFor(null)).toEqual(DEFAULT_SLA_POLICY);
    expect(() => slaPolicyFor({ firstActionHours: 0 })).toThrow(RangeError);
  });

  it('time on hold does not count (overlapping holds counted once)', () => {
    const pauses = [{ from: at(10), to: at(40) }, { from: at(30), to: at(50) }];
    const r = firstActionSla({ placedAt: p0, pauses }, at(100));
    expect(r.pausedMs).toBe(40 * H);
    expect(r.status).toBe('at_risk'); // 60 h elapsed of 72
    expect(firstActionSla({ placedAt: p0, pauses: [{ from: at(10), to: null }] }, at(500)).status).toBe('on_track');
  });

  it('hold intervals come from the timeline, ending at release, resume date or close', () => {
    const evs: CaseEvent[] = [
      { seq: 1, type: 'placed', at: p0 },
      { seq: 2, type: 'hold_placed', at: at(1), holdId: 'a', kind: 'dispute', reason: 'x' },
      { seq: 3, type: 'hold_placed', at: at(2), holdId: 'b', kind: 'complaint', reason: 'x', resumeAt: at(5) },
      { seq: 4, type: 'hold_released', at: at(3), holdId: 'a', reason: 'ok' },
      { seq: 5, type: 'hold_placed', at: at(8), holdId: 'c', kind: 'legal_hold', reason: 'x' },
    ];
    expect(holdPauses(evs)).toEqual([{ from: at(1), to: at(3) }, { from: at(2), to: at(5) }, { from: at(8), to: null }]);
  });

  it('property: status is monotone in time without a first action (on_track → at_risk → breached)', () => {
    const rank = { on_track: 0, at_risk: 1, breached: 2, met: 3 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 200 }), (a, b, hrs) => {
        const pol = { ...DEFAULT_SLA_POLICY, firstActionHours: hrs };
        const [x, y] = a <= b ? [a, b] : [b, a];
        expect(rank[firstActionSla({ placedAt: p0 }, at(x), pol).status]).toBeLessThanOrEqual(rank[firstActionSla({ placedAt: p0 }, at(y), pol).status]);
      }),
    );
  });
});

describe('windowEndsAt: the instant the first-action window runs out', () => {
  it('placement + window, pushed back by hold time inside it; holds after the deadline do not move it; an open hold keeps it open', () => {
    expect(windowEndsAt({ placedAt: p0 })).toEqual(at(72));
    expect(windowEndsAt({ placedAt: p0, pauses: [{ from: at(10), to: at(20) }, { from: at(15), to: at(25) }] })).toEqual(at(87));
    expect(windowEndsAt({ placedAt: p0, pauses: [{ from: at(100), to: at(200) }] })).toEqual(at(72));
    expect(windowEndsAt({ placedAt: p0, pauses: [{ from: at(10), to: null }] })).toBeNull();
    expect(windowEndsAt({ placedAt: p0 }, slaPolicyFor({ firstActionHours: 48 }))).toEqual(at(48));
  });

  it('property: agrees with firstActionSla — just before it a pending case is not breached, just after it is', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 50 })), { maxLength: 4 }), (ps) => {
      const pauses = ps.map(([a, len]) => ({ from: at(a), to: at(a + len) }));
      const end = windowEndsAt({ placedAt: p0, pauses })!;
      expect(firstActionSla({ placedAt: p0, pauses }, new Date(end.getTime() - 1000)).status).not.toBe('breached');
      expect(firstActionSla({ placedAt: p0, pauses }, new Date(end.getTime() + 1000)).status).toBe('breached');
    }), { numRuns: 200 });
  });
});
