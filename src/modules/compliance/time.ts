// Debtor-local time math with Intl only (no libraries). COL-10: windows are computed in the debtor's own time zone.
import { complianceError } from './errors.js';

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
      });
    } catch {
      throw complianceError('COMPLIANCE_TIMEZONE_INVALID', { detail: `Unknown time zone ${tz}`, field: 'timeZone' });
    }
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

// Small bounded memo caches: the gate asks the same few instants many times per decision.
const partsCache = new Map<string, LocalParts>();
const utcCache = new Map<string, number>();
function remember<V>(m: Map<string, V>, k: string, v: V): V {
  if (m.size > 20_000) m.clear();
  m.set(k, v);
  return v;
}

/** Wall-clock parts of an instant in a time zone. */
export function localParts(at: Date, tz: string): LocalParts {
  const key = `${at.getTime()}|${tz}`;
  const hit = partsCache.get(key);
  if (hit) return hit;
  return remember(partsCache, key, computeParts(at, tz));
}

function computeParts(at: Date, tz: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(at)) out[p.type] = p.value;
  return {
    year: Number(out.year), month: Number(out.month), day: Number(out.day),
    hour: Number(out.hour) % 24, minute: Number(out.minute), second: Number(out.second),
    weekday: WEEKDAYS[out.weekday] ?? 0,
  };
}

/** 'YYYY-MM-DD' of the instant in the zone. */
export function localDate(at: Date, tz: string): string {
  const p = localParts(at, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Minutes since local midnight. */
export function localMinuteOfDay(at: Date, tz: string): number {
  const p = localParts(at, tz);
  return p.hour * 60 + p.minute;
}

function offsetMs(at: Date, tz: string): number {
  const p = localParts(at, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (at.getTime() - at.getMilliseconds());
}

/**
 * The first instant whose wall-clock time in `tz` is at or after the given local time (DST gaps resolve forward).
 */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const key = `${year}-${month}-${day}-${hour}-${minute}|${tz}`;
  const hit = utcCache.get(key);
  if (hit !== undefined) return new Date(hit);
  const d = computeUtc(year, month, day, hour, minute, tz);
  remember(utcCache, key, d.getTime());
  return d;
}

function computeUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute, 0);
  let guess = wall - offsetMs(new Date(wall), tz);
  guess = wall - offsetMs(new Date(guess), tz);
  // In a DST gap the wall time does not exist: move forward until the local time reaches it.
  for (let i = 0; i < 4; i++) {
    const p = localParts(new Date(guess), tz);
    const got = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, 0);
    if (got >= wall) break;
    guess += wall - got;
  }
  return new Date(guess);
}

/** Add whole calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** Instant of local wall time `minuteOfDay` on local date `date` in `tz`. */
export function atLocal(date: string, minuteOfDay: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return zonedToUtc(y, m, d, Math.floor(minuteOfDay / 60), minuteOfDay % 60, tz);
}

/** Parse 'HH:MM' into minutes of the day. */
export function parseHhMm(s: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (!m) throw complianceError('COMPLIANCE_OVERRIDE_INVALID', { detail: `Not a HH:MM time: ${s}` });
  return Number(m[1]) * 60 + Number(m[2]);
}
