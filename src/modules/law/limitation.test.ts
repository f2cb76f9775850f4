import { describe, expect, it } from 'vitest';
import { trackLimitation } from './limitation.js';

describe('CALC-02 limitation tracker (COL-90..92)', () => {
  it('running: 3 years from the day the creditor knew', () => {
    const s = trackLimitation({ knewOn: '2022-01-01', events: [], asOf: '2023-06-01' });
    expect(s).toMatchObject({ state: 'running', expiresOn: '2025-01-01', runsFrom: '2022-01-01' });
    expect(s.daysLeft).toBe(580);
  });
  it('29 February → 28 February (民法典 art 202)', () => {
    expect(trackLimitation({ knewOn: '2020-02-29', events: [], asOf: '2020-03-01' }).expiresOn).toBe('2023-02-28');
  });
  it('COL-91: a delivered demand restarts the clock', () => {
    const s = trackLimitation({ knewOn: '2022-01-01', events: [{ type: 'demand_delivered', on: '2024-12-01' }], asOf: '2025-06-01' });
    expect(s).toMatchObject({ state: 'interrupted', expiresOn: '2027-12-01', runsFrom: '2024-12-01' });
  });
  it('expired when no event came in time; a creditor demand after expiry does not revive it (COL-92)', () => {
    const s = trackLimitation({ knewOn: '2020-01-01', events: [{ type: 'demand_delivered', on: '2023-03-01' }], asOf: '2024-01-01' });
    expect(s.state).toBe('expired');
    expect(s.ignored).toHaveLength(1);
    expect(s.daysLeft).toBe(0);
  });
  it('waived_by_ack: the debtor agrees to pay after expiry (art 192, 规定 art 19)', () => {
    const s = trackLimitation({ knewOn: '2020-01-01', events: [{ type: 'debtor_agreed', on: '2023-06-01' }], asOf: '2024-01-01' });
    expect(s).toMatchObject({ state: 'waived_by_ack', waivedOn: '2023-06-01', expiresOn: '2026-06-01' });
  });
  it('events after asOf are not counted yet; events before knewOn are refused', () => {
    expect(trackLimitation({ knewOn: '2022-01-01', events: [{ type: 'suit_filed', on: '2024-01-01' }], asOf: '2023-01-01' }).state).toBe('running');
    expect(() => trackLimitation({ knewOn: '2022-01-01', events: [{ type: 'suit_filed', on: '2021-01-01' }], asOf: '2023-01-01' })).toThrow(expect.objectContaining({ code: 'LAW_LIMITATION_EVENTS_INVALID' }));
    expect(() => trackLimitation({ knewOn: '2022-01-01', events: [{ type: 'nonsense' as never, on: '2022-02-01' }], asOf: '2023-01-01' })).toThrow();
  });
  it('the 20-year long-stop caps restarts', () => {
    const events = Array.from({ length: 7 }, (_, i) => ({ type: 'demand_delivered' as const, on: `${2002 + i * 3}-06-01` }));
    const s = trackLimitation({ knewOn: '2000-01-01', events, asOf: '2020-06-01' });
    expect(s.longStopOn).toBe('2020-01-01');
    expect(s.expiresOn).toBe('2020-01-01');
    expect(s.state).toBe('expired');
  });
});
