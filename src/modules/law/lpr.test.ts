import { describe, expect, it } from 'vitest';
import { interestCap, lprAt, loadLprTable, supportedRateBps, DEFAULT_LPR_TABLE } from './lpr.js';

describe('CALC-01 LPR table and caps', () => {
  it('looks up the LPR in effect at a date (change points are data)', () => {
    expect(lprAt('2019-08-20').oneYearBps).toBe(425);
    expect(lprAt('2020-09-01').oneYearBps).toBe(385);
    expect(lprAt('2024-07-21').oneYearBps).toBe(345);
    expect(lprAt('2024-07-22').oneYearBps).toBe(335);
    expect(lprAt('2025-06-01').fiveYearBps).toBe(350);
    expect(() => lprAt('2019-08-19')).toThrow(expect.objectContaining({ code: 'LAW_LPR_UNAVAILABLE' }));
  });
  it('month-published basis takes the rate published in that month', () => {
    expect(lprAt('2024-07-10', { basis: 'month-published' }).oneYearBps).toBe(335);
    expect(lprAt('2024-07-10').oneYearBps).toBe(345);
  });
  it('CALC-01 cap = 4 × 1-year LPR at formation (the "15.4 %" of Aug-2020 contracts)', () => {
    const c = interestCap({ formationDate: '2020-09-01' });
    expect(c).toMatchObject({ capBps: 1540, rule: 'CALC-01 4xLPR', lprBps: 385 });
    expect(interestCap({ formationDate: '2024-08-01' }).capBps).toBe(1340);
    expect(interestCap({ formationDate: '2025-06-15' }).capBps).toBe(1200);
  });
  it('CALC-01 art 31: pre-2020-08-20 contracts keep 24 % (36 % void line) for interest before 2020-08-20', () => {
    expect(interestCap({ formationDate: '2019-05-01', accrualDate: '2020-01-01' })).toMatchObject({ capBps: 2400, voidAboveBps: 3600 });
    // after 2020-08-20: 4 × LPR at filing
    expect(interestCap({ formationDate: '2019-05-01', accrualDate: '2020-08-20', filingDate: '2024-08-01' }).capBps).toBe(1340);
  });
  it('CALC-01 scope: FIs get the 24 % all-in benchmark instead', () => {
    expect(interestCap({ formationDate: '2024-08-01', lenderIsFinancialInstitution: true }).capBps).toBe(2400);
  });
  it('supportedRateBps = min(agreed, cap)', () => {
    const cap = interestCap({ formationDate: '2024-08-01' });
    expect(supportedRateBps(2000, cap)).toBe(1340);
    expect(supportedRateBps(800, cap)).toBe(800);
  });
  it('validates a replacement table', () => {
    const t = loadLprTable({ rows: [{ date: '2026-01-20', oneYearBps: 290, fiveYearBps: 340 }, ...DEFAULT_LPR_TABLE.rows] });
    expect(lprAt('2026-02-01', { table: t }).oneYearBps).toBe(290);
    expect(() => loadLprTable({ rows: [{ date: '2018-01-01', oneYearBps: 400, fiveYearBps: 500 }] })).toThrow(expect.objectContaining({ code: 'LAW_LPR_TABLE_INVALID' }));
    expect(() => loadLprTable({ rows: [{ date: '2020-02-30', oneYearBps: 400, fiveYearBps: 500 }] })).toThrow(expect.objectContaining({ code: 'LAW_LPR_TABLE_INVALID' }));
    expect(() => loadLprTable({ rows: [] })).toThrow(expect.objectContaining({ code: 'LAW_LPR_TABLE_INVALID' }));
  });
});
