// CALC-01 private-lending interest caps (民间借贷规定, 2020-12-29 amendment).
// The LPR table is DATA (lpr-table.json, change points in basis points), validated on load and replaceable.
import { z } from 'zod';
import defaultTable from './lpr-table.json' with { type: 'json' };
import { lawError } from './errors.js';
import { dayNumber } from './dates.js';

export const LprRow = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  oneYearBps: z.number().int().positive(),
  fiveYearBps: z.number().int().positive(),
  /** Where the figures were checked (announcement or report URL). */
  source: z.string().max(1000).optional(),
  /** Who added the row and when (operator additions; `recourse documents lpr add`). */
  addedBy: z.string().max(200).optional(),
  addedAt: z.string().optional(),
});
export type LprRow = z.infer<typeof LprRow>;
export const LprTableInput = z.object({
  source: z.string().optional(), updatedOn: z.string().optional(),
  /** The last publication checked (a "no change" month leaves no row, so this says how far the table is known good). */
  confirmedThrough: z.object({ date: z.string(), note: z.string().optional() }).optional(),
  rows: z.array(LprRow).min(1),
});
export type LprTableInput = z.infer<typeof LprTableInput>;

export interface LprTable {
  readonly rows: readonly LprRow[];
  readonly source?: string;
}

/** First LPR publication under the reformed mechanism (CALC-01). */
export const LPR_START = '2019-08-20';
/** 民间借贷规定 (2020) art 31: the new 4×LPR cap applies from this date; interest before it follows the 2015 rules. */
export const NEW_RULES_FROM = '2020-08-20';
/** 2015 民间借贷规定 art 26: up to 24 %/yr supported; above 36 %/yr void (the "two lines, three zones"). */
export const OLD_SUPPORTED_CAP_BPS = 2400;
export const OLD_VOID_ABOVE_BPS = 3600;
/** FIs and the seven local financial organisations: 24 % all-in benchmark (法发〔2017〕22号) [K]. */
export const FI_ALL_IN_CAP_BPS = 2400;

/** Validate and sort an LPR table (throws LAW_LPR_TABLE_INVALID on bad rows, duplicate dates, or rows before 2019-08-20). */
export function loadLprTable(input: unknown): LprTable {
  const parsed = LprTableInput.safeParse(input);
  if (!parsed.success) throw lawError('LAW_LPR_TABLE_INVALID', { detail: parsed.error.message });
  const rows = [...parsed.data.rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 0; i < rows.length; i++) {
    try {
      dayNumber(rows[i].date);
    } catch {
      throw lawError('LAW_LPR_TABLE_INVALID', { detail: `bad date ${rows[i].date}` });
    }
    if (rows[i].date < LPR_START) throw lawError('LAW_LPR_TABLE_INVALID', { detail: `${rows[i].date} is before ${LPR_START}` });
    if (i > 0 && rows[i].date === rows[i - 1].date) throw lawError('LAW_LPR_TABLE_INVALID', { detail: `duplicate ${rows[i].date}` });
  }
  return Object.freeze({ rows: Object.freeze(rows), source: parsed.data.source });
}

/**
 * CALC-01 table update (operator): a new change point after the last row, on or before `today`, with a source, in a
 * plausible range (0.5–20 %), and actually a change. Returns the new table data (validated); throws
 * LAW_LPR_TABLE_INVALID naming the problem.
 */
export function appendLprRow(table: unknown, row: { date: string; oneYearBps: number; fiveYearBps: number; source: string; addedBy: string }, today: string, now = new Date()): LprTableInput {
  const parsed = LprTableInput.safeParse(table);
  if (!parsed.success) throw lawError('LAW_LPR_TABLE_INVALID', { detail: parsed.error.message });
  const cur = loadLprTable(parsed.data);
  const last = cur.rows[cur.rows.length - 1];
  const bad = (detail: string) => lawError('LAW_LPR_TABLE_INVALID', { detail });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date)) throw bad(`date ${row.date}: YYYY-MM-DD`);
  if (row.date <= last.date) throw bad(`date ${row.date} is not after the last row (${last.date})`);
  if (row.date > today) throw bad(`date ${row.date} is in the future`);
  for (const [k, v] of [['oneYearBps', row.oneYearBps], ['fiveYearBps', row.fiveYearBps]] as const) {
    if (!Number.isInteger(v) || v < 50 || v > 2000) throw bad(`${k} ${v}: basis points between 50 and 2000`);
  }
  if (row.oneYearBps === last.oneYearBps && row.fiveYearBps === last.fiveYearBps) throw bad('no change from the last row: the table holds change points only (set confirmedThrough instead)');
  if (!row.source.trim()) throw bad('source is required (the NIFC announcement or a report of it)');
  if (!row.addedBy.trim()) throw bad('addedBy is required');
  const next: LprTableInput = {
    ...parsed.data,
    updatedOn: today,
    confirmedThrough: { date: row.date, note: `change point added by ${row.addedBy.trim()}` },
    rows: [...parsed.data.rows, { date: row.date, oneYearBps: row.oneYearBps, fiveYearBps: row.fiveYearBps, source: row.source.trim(), addedBy: row.addedBy.trim(), addedAt: now.toISOString() }],
  };
  loadLprTable(next);
  return next;
}

/** The shipped table (lpr-table.json). */
export const DEFAULT_LPR_TABLE: LprTable = loadLprTable(defaultTable);

/**
 * How "the LPR at contract formation" is read:
 * - 'in-effect' (default): the latest publication on or before the date (民间借贷规定 art 25: 合同成立时一年期LPR);
 * - 'month-published': the rate published in the calendar month of the date (spec CALC-01 wording); before that
 *   month's publication day this is the later rate.
 */
export type LprBasis = 'in-effect' | 'month-published';

/** The LPR row applying to `date`. Throws LAW_LPR_UNAVAILABLE before 2019-08-20 (or before August 2019 by month). */
export function lprAt(date: string, opts: { table?: LprTable; basis?: LprBasis } = {}): LprRow {
  dayNumber(date);
  const table = opts.table ?? DEFAULT_LPR_TABLE;
  const probe = opts.basis === 'month-published' ? `${date.slice(0, 7)}-31` : date;
  let found: LprRow | undefined;
  for (const r of table.rows) {
    if (r.date <= probe) found = r;
    else break;
  }
  if (!found) throw lawError('LAW_LPR_UNAVAILABLE', { detail: date });
  return found;
}

export interface InterestCap {
  /** Annual cap in basis points. */
  capBps: number;
  /** Which rule produced it. */
  rule: 'CALC-01 4xLPR' | 'CALC-01 pre-2020-08-20 24%' | 'CALC-01 FI 24% all-in';
  /** The 1-year LPR used (for 4×LPR), in basis points. */
  lprBps?: number;
  lprDate?: string;
  /** Above this (bps) the old rules made the agreement void (36 %); only for the pre-2020 rule. */
  voidAboveBps?: number;
}

/**
 * CALC-01: the annual interest cap for one period of interest.
 * - lender is a licensed FI or one of the seven local financial organisations → 24 % all-in [K];
 * - contract formed before 2020-08-20 and the interest accrues before 2020-08-20 → 24 % (36 % void line) (art 31);
 * - contract formed before 2020-08-20, interest on/after 2020-08-20 → 4 × 1-year LPR at filing (`filingDate`,
 *   defaulting to `accrualDate`) (art 31: 适用起诉时本规定的利率保护标准);
 * - otherwise 4 × 1-year LPR at contract formation (art 25).
 * Default interest (art 28) and default interest + penalty + fees together (art 29) use the same cap.
 */
export function interestCap(input: {
  formationDate: string;
  accrualDate?: string;
  filingDate?: string;
  lenderIsFinancialInstitution?: boolean;
  table?: LprTable;
  basis?: LprBasis;
}): InterestCap {
  dayNumber(input.formationDate);
  if (input.lenderIsFinancialInstitution) return { capBps: FI_ALL_IN_CAP_BPS, rule: 'CALC-01 FI 24% all-in' };
  const accrual = input.accrualDate ?? input.formationDate;
  dayNumber(accrual);
  if (input.formationDate < NEW_RULES_FROM) {
    if (accrual < NEW_RULES_FROM) {
      return { capBps: OLD_SUPPORTED_CAP_BPS, rule: 'CALC-01 pre-2020-08-20 24%', voidAboveBps: OLD_VOID_ABOVE_BPS };
    }
    const at = input.filingDate ?? accrual;
    const row = lprAt(at, { table: input.table, basis: input.basis });
    return { capBps: 4 * row.oneYearBps, rule: 'CALC-01 4xLPR', lprBps: row.oneYearBps, lprDate: row.date };
  }
  const row = lprAt(input.formationDate, { table: input.table, basis: input.basis });
  return { capBps: 4 * row.oneYearBps, rule: 'CALC-01 4xLPR', lprBps: row.oneYearBps, lprDate: row.date };
}

/** min(agreed, cap): the supported annual rate in bps (CALC-01, arts 25/28/29). */
export function supportedRateBps(agreedBps: number, cap: InterestCap): number {
  if (!Number.isInteger(agreedBps) || agreedBps < 0) throw lawError('LAW_AMOUNT_INVALID', { detail: 'rate must be a non-negative integer of bps' });
  return Math.min(agreedBps, cap.capBps);
}
