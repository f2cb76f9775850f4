// Calendar dates as 'YYYY-MM-DD' strings (contract, due and payment dates have no time of day). Day arithmetic runs
// on UTC midnights so it never meets a daylight-saving jump.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date in 'YYYY-MM-DD' form (rejects 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function dayNumber(s: string): number {
  if (!isCalendarDate(s)) throw new RangeError(`not a calendar date: ${JSON.stringify(s)}`);
  return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000;
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(s: string, n: number): string {
  return new Date((dayNumber(s) + n) * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar date of instant `at` in time zone `tz` (default Asia/Shanghai). */
// Building an Intl.DateTimeFormat costs far more than formatting with it (it showed in the import profile): one per zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(tz: string): Intl.DateTimeFormat {
  let f = dayFormats.get(tz);
  if (!f) dayFormats.set(tz, (f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}

export function dateInZone(at: Date, tz = 'Asia/Shanghai'): string {
  const p = dayFormat(tz).formatToParts(at);
  const g = (t: string) => p.find((x) => x.type === t)!.value;
  return `${g('year')}-${g('month')}-${g('day')}`;
}

/**
 * Accepts common spreadsheet spellings ('2024/3/5', '2024.03.05', '20240305', '2024-3-5', an Excel Date) and returns
 * 'YYYY-MM-DD', or null when the value is not a real date.
 */
export function parseLooseDate(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const out = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isCalendarDate(out) ? out : null;
}
