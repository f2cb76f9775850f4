// CALC-02 limitation status of a case's debt (pure): what each event did, from the law module's calculator.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { limitationStatus, type LimitationInputs } from './limitation.js';
import { addDays } from './dates.js';

const base: LimitationInputs = { dueDate: '2023-01-10', payments: [], recorded: [], asOf: '2024-01-01' };

describe('CALC-02 limitation status of a case debt', () => {
  it('COL-90: runs 3 years from the day after the due date', () => {
    const s = limitationStatus(base);
    expect(s).toMatchObject({ rule: 'CALC-02', state: 'running', knewOn: '2023-01-11', runsFrom: '2023-01-11', expiresOn: '2026-01-11', waivedOn: null, events: [] });
    expect(s.daysLeft).toBeGreaterThan(700);
  });

  it('COL-91: a delivered demand and a part payment restart the clock; an event before the period does not', () => {
    const s = limitationStatus({
      ...base, asOf: '2025-01-01',
      recorded: [{ type: 'demand_delivered', on: '2024-06-01', note: 'EMS 1234' }],
      payments: [{ date: '2022-12-01', amountFen: 100n }, { date: '2024-09-30', amountFen: 5000n }],
    });
    expect(s.state).toBe('interrupted');
    expect(s.runsFrom).toBe('2024-09-30');
    expect(s.expiresOn).toBe('2027-09-30');
    expect(s.events.map((e) => [e.type, e.on, e.source, e.effect])).toEqual([
      ['partial_payment', '2022-12-01', 'payment', 'before_start'],
      ['demand_delivered', '2024-06-01', 'recorded', 'restarted'],
      ['partial_payment', '2024-09-30', 'payment', 'restarted'],
    ]);
  });

  it('COL-92: after expiry a creditor demand does nothing, the debtor paying waives the defence', () => {
    const expired = limitationStatus({ ...base, asOf: '2026-03-01', recorded: [{ type: 'demand_delivered', on: '2026-02-01', note: null }] });
    expect(expired.state).toBe('expired');
    expect(expired.events[0]!.effect).toBe('ignored_after_expiry');
    expect(expired.daysLeft).toBe(0);
    const waived = limitationStatus({ ...base, asOf: '2026-03-01', acknowledgedDate: '2023-02-01', payments: [{ date: '2026-02-20', amountFen: 1n }] });
    expect(waived.state).toBe('waived_by_ack');
    expect(waived.waivedOn).toBe('2026-02-20');
    expect(waived.events.map((e) => [e.source, e.effect])).toEqual([['debt_record', 'restarted'], ['payment', 'waived']]);
  });

  it('undone payments (amount 0) and events after the reading date do not count', () => {
    const s = limitationStatus({ ...base, payments: [{ date: '2023-06-01', amountFen: 0n }], recorded: [{ type: 'suit_filed', on: '2024-02-01', note: null }] });
    expect(s.state).toBe('running');
    expect(s.events).toEqual([expect.objectContaining({ type: 'suit_filed', effect: 'after_as_of' })]);
  });

  it('property: running ⇔ nothing restarted or waived; the period always ends 3 years after it runs from (or at the long-stop)', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2023-01-11', n));
    fc.assert(fc.property(
      fc.array(fc.record({ type: fc.constantFrom('demand_delivered' as const, 'debtor_agreed' as const, 'suit_filed' as const), on: day }), { maxLength: 6 }),
      fc.array(fc.record({ date: day, amountFen: fc.bigInt({ min: 0n, max: 10_000n }) }), { maxLength: 4 }),
      day,
      (rec, pays, asOf) => {
        const s = limitationStatus({ ...base, asOf, recorded: rec.map((r) => ({ ...r, note: null })), payments: pays });
        const acted = s.events.some((e) => e.effect === 'restarted' || e.effect === 'waived');
        if (s.state === 'running') expect(acted).toBe(false);
        if (s.state === 'interrupted' || s.state === 'waived_by_ack') expect(acted).toBe(true);
        const [y, m, d] = s.runsFrom.split('-');
        const plain = `${Number(y) + 3}-${m}-${d}`;
        expect(s.expiresOn <= plain || s.expiresOn === s.longStopOn).toBe(true);
        expect(s.state === 'expired').toBe(asOf > s.expiresOn);
      },
    ), { numRuns: 300 });
  });
});
