import { describe, expect, it } from 'vitest';
import { appendLprRow, interestCap, lprAt, loadLprTable, supportedRateBps, DEFAULT_LPR_TABLE } from './lpr.js';

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

describe('CALC-01 operator table update (appendLprRow)', () => {
  const base = { rows: DEFAULT_LPR_TABLE.rows.map((r) => ({ date: r.date, oneYearBps: r.oneYearBps, fiveYearBps: r.fiveYearBps })) };
  const last = DEFAULT_LPR_TABLE.rows[DEFAULT_LPR_TABLE.rows.length - 1];
  const row = { date: '2026-01-20', oneYearBps: last.oneYearBps - 10, fiveYearBps: last.fiveYearBps - 10, source: 'https://example.org/nifc-2026-01', addedBy: 'operator@recourse.test' };
  it('appends a change point with source and who/when; the new rate applies from its date', () => {
    const next = appendLprRow(base, row, '2026-02-01', new Date('2026-02-01T02:00:00Z'));
    const t = loadLprTable(next);
    expect(lprAt('2026-01-19', { table: t }).oneYearBps).toBe(last.oneYearBps);
    expect(lprAt('2026-01-20', { table: t })).toMatchObject({ oneYearBps: row.oneYearBps, source: row.source, addedBy: row.addedBy, addedAt: '2026-02-01T02:00:00.000Z' });
    expect(next.updatedOn).toBe('2026-02-01');
  });
  it('refuses a row not after the last, in the future, without a change, out of range or without a source', () => {
    const code = expect.objectContaining({ code: 'LAW_LPR_TABLE_INVALID' });
    expect(() => appendLprRow(base, { ...row, date: last.date }, '2026-02-01')).toThrow(code);
    expect(() => appendLprRow(base, row, '2026-01-19')).toThrow(code);
    expect(() => appendLprRow(base, { ...row, oneYearBps: last.oneYearBps, fiveYearBps: last.fiveYearBps }, '2026-02-01')).toThrow(code);
    expect(() => appendLprRow(base, { ...row, oneYearBps: 3000 }, '2026-02-01')).toThrow(code);
    expect(() => appendLprRow(base, { ...row, source: ' ' }, '2026-02-01')).toThrow(code);
  });
  it('the shipped table names a source for every row and how far it is confirmed', async () => {
    const raw = (await import('./lpr-table.json', { with: { type: 'json' } })).default as { rows: Array<{ source?: string }>; confirmedThrough?: { date: string } };
    expect(raw.rows.every((r) => (r.source ?? '').length > 10)).toBe(true);
    expect(raw.confirmedThrough?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
