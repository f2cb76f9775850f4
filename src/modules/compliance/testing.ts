// Test factories for the compliance module (import only from *.test.ts and benches).
import type { ContactAttempt, ContactHistoryEntry, GateContext } from './contact-gate.js';
import { CN_2026_1, type Channel, type Outcome } from './rule-sets.js';
import { atLocal, parseHhMm } from './time.js';

export const TZ_CN = 'Asia/Shanghai';
export const DAY = '2026-03-10'; // a Tuesday

/** ISO instant of a local wall time ('HH:MM') on a local date in a zone. */
export function localIso(time: string, date = DAY, tz = TZ_CN): string {
  return atLocal(date, parseHhMm(time), tz).toISOString();
}

export function makeAttempt(over: Partial<ContactAttempt> = {}): ContactAttempt {
  return { channel: 'voice_agent', at: localIso('10:00'), debtorTimeZone: TZ_CN, target: { kind: 'debtor' }, contactPointId: 'cp_1', ...over };
}

export function makeContext(over: Partial<GateContext> = {}): GateContext {
  return { rules: CN_2026_1, history: [], holds: [], suppressions: [], holidays: [], ...over };
}

/** `n` history entries on `channel` with `outcome`, 35 minutes apart from local `from` on `date`. */
export function entries(n: number, channel: Channel, outcome: Outcome, from = '08:00', date = DAY, extra: Partial<ContactHistoryEntry> = {}, tz = TZ_CN): ContactHistoryEntry[] {
  const start = Date.parse(localIso(from, date, tz));
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(start + i * 35 * 60_000).toISOString(), channel, outcome, target: 'debtor' as const, contactPointId: 'cp_1', ...extra,
  }));
}
