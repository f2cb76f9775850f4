// Calendar dates as 'YYYY-MM-DD' strings (civil dates, no time zone), with exact day arithmetic.
import { lawError } from './errors.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a 'YYYY-MM-DD' date; throws LAW_DATE_INVALID for malformed or impossible dates. */
export function dayNumber(date: string): number {
  const m = ISO.exec(date);
  if (!m) throw lawError('LAW_DATE_INVALID', { detail: date });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw lawError('LAW_DATE_INVALID', { detail: date });
  }
  return t / 86_400_000;
}

/** Inverse of dayNumber. */
export function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/**
 * Same day-of-month `years` later; when that day does not exist (29 Feb) the last day of the month
 * (民法典 art 202: 没有对应日的，月末日为期间的最后一日).
 */
export function addYears(date: string, years: number): string {
  dayNumber(date);
  const [y, m, d] = date.split('-').map(Number);
  const ty = y + years;
  const last = new Date(Date.UTC(ty, m, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function isDate(s: string): boolean {
  try {
    dayNumber(s);
    return true;
  } catch {
    return false;
  }
}
