// The first-action SLA across the portfolio: the dashboard summary (met / at risk / breached, per creditor, per
// day of placement) and the alert sweep that gives the assignee a task once per case and status (idempotent).
// Every reading comes from sla.ts (per-creditor window, hold time not counted), never from a second formula.
import { and, eq, gte, isNull, ne, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { firstActionSla, slaPolicyFor, type SlaStatus } from './sla.js';
import { dateInZone, addDays } from './dates.js';
import { cases, creditors, holds, slaAlerts, tasks } from './schema.js';
import { tenantOf } from './tenant.js';

interface SlaRow { id: string; creditorId: string; placedAt: Date; firstActionAt: Date | null; assignedTo: string | null; stage: string; status: SlaStatus; dueAt: Date | null }

async function readSla(tx: Tx, now: Date, opts: { since?: Date; openWithoutFirstAction?: boolean; creditorIds?: string[] }): Promise<SlaRow[]> {
  const conds = [];
  if (opts.since) conds.push(gte(cases.placedAt, opts.since));
  if (opts.openWithoutFirstAction) conds.push(isNull(cases.firstActionAt), ne(cases.stage, 'closed'));
  if (opts.creditorIds) conds.push(opts.creditorIds.length ? inArray(cases.creditorId, opts.creditorIds) : eq(cases.id, '\u0000'));
  const rs = await tx.select({ id: cases.id, creditorId: cases.creditorId, placedAt: cases.placedAt, firstActionAt: cases.firstActionAt, assignedTo: cases.assignedTo, stage: cases.stage })
    .from(cases).where(conds.length ? and(...conds) : undefined);
  if (!rs.length) return [];
  const hours = new Map((await tx.select({ id: creditors.id, h: creditors.firstActionHours }).from(creditors)).map((c) => [c.id, c.h]));
  const hs = await tx.select({ caseId: holds.caseId, from: holds.placedAt, released: holds.releasedAt, resume: holds.resumeAt }).from(holds);
  const pauses = new Map<string, Array<{ from: Date; to: Date | null }>>();
  for (const h of hs) {
    const to = h.released && h.resume ? (h.released < h.resume ? h.released : h.resume) : (h.released ?? h.resume);
    pauses.set(h.caseId, [...(pauses.get(h.caseId) ?? []), { from: h.from, to }]);
  }
  return rs.map((r) => {
    const s = firstActionSla({ placedAt: r.placedAt, firstActionAt: r.firstActionAt, pauses: pauses.get(r.id) }, now, slaPolicyFor({ firstActionHours: hours.get(r.creditorId) }));
    return { ...r, status: s.status, dueAt: s.dueAt };
  });
}

export interface SlaSummary {
  met: number;
  onTrack: number;
  atRisk: number;
  breached: number;
  windowDays: number;
  byCreditor: Array<{ creditorId: string; name: string; met: number; onTrack: number; atRisk: number; breached: number }>;
  daily: Array<{ date: string; placed: number; firstActionOnTime: number; breached: number }>;
}

/**
 * SLA of the cases placed in the last `days` days (Asia/Shanghai calendar days, today included), as of `now`:
 * met (first action inside the window), on track / at risk (still pending), breached (late or still missing).
 */
export async function slaSummary(tx: Tx, opts: { days?: number; creditorIds?: string[] } = {}, now = new Date()): Promise<SlaSummary> {
  const days = opts.days ?? 14;
  const today = dateInZone(now);
  const first = addDays(today, -(days - 1));
  const since = new Date(`${first}T00:00:00+08:00`);
  const rows = await readSla(tx, now, { since, ...(opts.creditorIds ? { creditorIds: opts.creditorIds } : {}) });
  const names = new Map((await tx.select({ id: creditors.id, name: creditors.name }).from(creditors)).map((c) => [c.id, c.name]));
  const out: SlaSummary = { met: 0, onTrack: 0, atRisk: 0, breached: 0, windowDays: days, byCreditor: [], daily: [] };
  const byCred = new Map<string, SlaSummary['byCreditor'][number]>();
  const daily = new Map<string, SlaSummary['daily'][number]>();
  for (let i = 0; i < days; i++) {
    const d = addDays(first, i);
    daily.set(d, { date: d, placed: 0, firstActionOnTime: 0, breached: 0 });
  }
  const key = { met: 'met', on_track: 'onTrack', at_risk: 'atRisk', breached: 'breached' } as const;
  for (const r of rows) {
    const k = key[r.status];
    out[k]++;
    const c = byCred.get(r.creditorId) ?? { creditorId: r.creditorId, name: names.get(r.creditorId) ?? '', met: 0, onTrack: 0, atRisk: 0, breached: 0 };
    c[k]++;
    byCred.set(r.creditorId, c);
    const day = daily.get(dateInZone(r.placedAt));
    if (day) {
      day.placed++;
      if (r.status === 'met') day.firstActionOnTime++;
      if (r.status === 'breached') day.breached++;
    }
  }
  out.byCreditor = [...byCred.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.creditorId.localeCompare(b.creditorId));
  out.daily = [...daily.values()];
  return out;
}

/**
 * Finds open cases without a first action that are at risk or breached and, once per case and status, gives the
 * assignee a task (due now for a breach, at the SLA deadline when at risk). Safe to run any number of times.
 */
export async function sweepSlaAlerts(tx: Tx, now = new Date()): Promise<{ atRisk: number; breached: number }> {
  const rows = (await readSla(tx, now, { openWithoutFirstAction: true })).filter((r) => r.status === 'at_risk' || r.status === 'breached');
  if (!rows.length) return { atRisk: 0, breached: 0 };
  const seen = new Set((await tx.select({ c: slaAlerts.caseId, s: slaAlerts.status }).from(slaAlerts).where(inArray(slaAlerts.caseId, rows.map((r) => r.id)))).map((a) => `${a.c}|${a.s}`));
  const tenantId = await tenantOf(tx);
  const made = { atRisk: 0, breached: 0 };
  for (const r of rows) {
    const status = r.status as 'at_risk' | 'breached';
    if (seen.has(`${r.id}|${status}`)) continue;
    const taskId = newId('task');
    const ins = await tx.insert(slaAlerts).values({ tenantId, caseId: r.id, status, taskId, createdAt: now }).onConflictDoNothing().returning({ c: slaAlerts.caseId });
    if (!ins.length) continue;
    await tx.insert(tasks).values({
      tenantId, id: taskId, caseId: r.id, kind: status === 'breached' ? 'sla_breached' : 'sla_at_risk',
      title: status === 'breached' ? '首次处置已超时（SLA 违约）/ First action overdue (SLA breached)' : '首次处置即将超时 / First action due soon (SLA at risk)',
      dueAt: status === 'breached' ? now : r.dueAt, assignedTo: r.assignedTo, status: 'open',
    });
    if (status === 'breached') made.breached++;
    else made.atRisk++;
  }
  return made;
}
