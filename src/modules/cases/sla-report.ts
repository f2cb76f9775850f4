// The first-action SLA across the portfolio: the dashboard summary (met / at risk / breached, per creditor, per
// day of placement) and the alert sweep that gives the assignee a task once per case and status (idempotent).
// Every reading comes from sla.ts (per-creditor window, hold time not counted), never from a second formula.
import { and, eq, gte, isNull, ne, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { firstActionSla, slaPolicyFor, windowEndsAt, type SlaStatus } from './sla.js';
import { dateInZone, addDays } from './dates.js';
import { cases, creditors, holds, slaAlerts, tasks } from './schema.js';
import { tenantOf } from './tenant.js';
import { maskValue } from '../../platform/pii/index.js';
import { debtorSummaries } from '../debtors/index.js';
import { listUsers } from '../tenants/index.js';

interface SlaRow {
  id: string; ref: string; debtorId: string; creditorId: string; placedAt: Date; firstActionAt: Date | null; assignedTo: string | null; stage: string;
  status: SlaStatus; dueAt: Date | null; remainingMs: number; endsAt: Date | null;
}

async function readSla(tx: Tx, now: Date, opts: { since?: Date; openWithoutFirstAction?: boolean; creditorIds?: string[] }): Promise<SlaRow[]> {
  const conds = [];
  if (opts.since) conds.push(gte(cases.placedAt, opts.since));
  if (opts.openWithoutFirstAction) conds.push(isNull(cases.firstActionAt), ne(cases.stage, 'closed'));
  if (opts.creditorIds) conds.push(opts.creditorIds.length ? inArray(cases.creditorId, opts.creditorIds) : eq(cases.id, '\u0000'));
  const rs = await tx.select({ id: cases.id, ref: cases.ref, debtorId: cases.debtorId, creditorId: cases.creditorId, placedAt: cases.placedAt, firstActionAt: cases.firstActionAt, assignedTo: cases.assignedTo, stage: cases.stage })
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
    const policy = slaPolicyFor({ firstActionHours: hours.get(r.creditorId) });
    const s = firstActionSla({ placedAt: r.placedAt, firstActionAt: r.firstActionAt, pauses: pauses.get(r.id) }, now, policy);
    return { ...r, status: s.status, dueAt: s.dueAt, remainingMs: s.remainingMs, endsAt: windowEndsAt({ placedAt: r.placedAt, pauses: pauses.get(r.id) }, policy) };
  });
}

/** One case on the SLA board (debtor name always masked: a dashboard, not a case file). */
export interface SlaCase {
  caseId: string;
  ref: string;
  debtorName: string;
  creditor: { id: string; name: string };
  collector: { id: string; name: string } | null;
  stage: string;
  placedAt: Date;
  /** Pending: the deadline unless a hold pauses it. Breached: the instant the window ran out. */
  dueAt: Date;
  /** Pending: hours left (fractional). Breached: negative, hours overdue. */
  hoursLeft: number;
}

export interface SlaSummary {
  /** Pending first actions due within `dueWithinHours` (or in the last 25 % of their window), soonest first. */
  atRiskCases?: SlaCase[];
  /** Open cases whose window ran out with no first action yet (whatever their placement date), most overdue first. */
  breachedCases?: SlaCase[];
  /** How many open breached cases there are in all (the list stops at `limit`). */
  breachedOpenTotal?: number;
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
export async function slaSummary(
  tx: Tx, opts: { days?: number; creditorIds?: string[]; cases?: boolean; dueWithinHours?: number; limit?: number } = {}, now = new Date(),
): Promise<SlaSummary> {
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
  if (opts.cases) {
    const within = (opts.dueWithinHours ?? 24) * HOUR;
    const limit = opts.limit ?? 50;
    const open = await readSla(tx, now, { openWithoutFirstAction: true, ...(opts.creditorIds ? { creditorIds: opts.creditorIds } : {}) });
    const atRisk = open.filter((r) => r.status === 'at_risk' || (r.status === 'on_track' && r.remainingMs <= within)).sort((a, b) => a.remainingMs - b.remainingMs);
    const breached = open.filter((r) => r.status === 'breached');
    // the instant a breached window ran out (placement + window + hold time inside it)
    const overdueAt = (r: SlaRow) => r.endsAt ?? now;
    breached.sort((a, b) => overdueAt(a).getTime() - overdueAt(b).getTime());
    const shown = [...atRisk.slice(0, limit), ...breached.slice(0, limit)];
    const debtors = await debtorSummaries(tx, [...new Set(shown.map((r) => r.debtorId))]);
    const users = new Map((await listUsers(tx)).map((u) => [u.id, u.displayName]));
    const view = (r: SlaRow, dueAt: Date): SlaCase => ({
      caseId: r.id, ref: r.ref, debtorName: maskName(debtors.get(r.debtorId)?.name ?? ''), creditor: { id: r.creditorId, name: names.get(r.creditorId) ?? '' },
      collector: r.assignedTo ? { id: r.assignedTo, name: users.get(r.assignedTo) ?? '' } : null, stage: r.stage, placedAt: r.placedAt, dueAt,
      hoursLeft: Math.round(((dueAt.getTime() - now.getTime()) / HOUR) * 10) / 10,
    });
    out.atRiskCases = atRisk.slice(0, limit).map((r) => view(r, r.dueAt!));
    out.breachedCases = breached.slice(0, limit).map((r) => view(r, overdueAt(r)));
    out.breachedOpenTotal = breached.length;
  }
  return out;
}

const HOUR = 3_600_000;
const maskName = (n: string) => (n ? maskValue('name', n) : '');

/** Sends one staff e-mail (the app's messenger: SMTP, or the development outbox). */
export type SlaNotifier = (tx: Tx, msg: { tenantId: string; channel: 'email'; to: string; subject: string; body: string; purpose: 'sla_alert' }) => Promise<unknown>;

export interface SlaSweepResult {
  atRisk: number;
  breached: number;
  /** E-mails sent (assignee, or every active tenant admin when the case has nobody assigned). */
  notified: number;
}

/**
 * Finds open cases without a first action that are at risk or breached and, once per case and status, gives the
 * assignee a task (due now for a breach, at the SLA deadline when at risk) and, with a notifier, an e-mail. A case
 * nobody is assigned to gets its task on the first active tenant admin and an e-mail to every active tenant admin,
 * so a breach never goes unnoticed. The e-mail names the case ref only (no debtor data). Safe to run any number of times.
 */
export async function sweepSlaAlerts(tx: Tx, now = new Date(), opts: { notify?: SlaNotifier } = {}): Promise<SlaSweepResult> {
  const rows = (await readSla(tx, now, { openWithoutFirstAction: true })).filter((r) => r.status === 'at_risk' || r.status === 'breached');
  if (!rows.length) return { atRisk: 0, breached: 0, notified: 0 };
  const seen = new Set((await tx.select({ c: slaAlerts.caseId, s: slaAlerts.status }).from(slaAlerts).where(inArray(slaAlerts.caseId, rows.map((r) => r.id)))).map((a) => `${a.c}|${a.s}`));
  const fresh = rows.filter((r) => !seen.has(`${r.id}|${r.status}`));
  if (!fresh.length) return { atRisk: 0, breached: 0, notified: 0 };
  const tenantId = await tenantOf(tx);
  const users = (await listUsers(tx)).filter((u) => u.status === 'active');
  const admins = users.filter((u) => u.role === 'tenant_admin');
  const byId = new Map(users.map((u) => [u.id, u]));
  const made = { atRisk: 0, breached: 0, notified: 0 };
  for (const r of fresh) {
    const status = r.status as 'at_risk' | 'breached';
    const taskId = newId('task');
    const ins = await tx.insert(slaAlerts).values({ tenantId, caseId: r.id, status, taskId, createdAt: now }).onConflictDoNothing().returning({ c: slaAlerts.caseId });
    if (!ins.length) continue;
    const assignee = r.assignedTo ? byId.get(r.assignedTo) ?? null : null;
    await tx.insert(tasks).values({
      tenantId, id: taskId, caseId: r.id, kind: status === 'breached' ? 'sla_breached' : 'sla_at_risk',
      title: status === 'breached' ? '首次处置已超时（SLA 违约）/ First action overdue (SLA breached)' : '首次处置即将超时 / First action due soon (SLA at risk)',
      dueAt: status === 'breached' ? now : r.dueAt, assignedTo: r.assignedTo ?? admins[0]?.id ?? null, status: 'open',
    });
    if (status === 'breached') made.breached++;
    else made.atRisk++;
    if (!opts.notify) continue;
    const to = assignee ? [assignee] : admins;
    const due = (r.dueAt ?? r.endsAt ?? now).toISOString().replace('T', ' ').slice(0, 16);
    const subject = status === 'breached' ? `SLA 违约：案件 ${r.ref} 首次处置已超时 / SLA breached: ${r.ref}` : `SLA 预警：案件 ${r.ref} 首次处置即将到期 / SLA at risk: ${r.ref}`;
    const body = status === 'breached'
      ? `案件 ${r.ref} 的首次处置期限已于 ${due} UTC 届满，尚无首次处置记录${assignee ? '' : '，且尚未分配催收员'}。请立即处理。\nCase ${r.ref}: the first-action window ran out at ${due} UTC with no first action${assignee ? '' : ' and nobody assigned'}.`
      : `案件 ${r.ref} 的首次处置须在 ${due} UTC 前完成${assignee ? '' : '，且尚未分配催收员'}。\nCase ${r.ref}: first action due by ${due} UTC${assignee ? '' : '; nobody is assigned'}.`;
    for (const u of to) {
      await opts.notify(tx, { tenantId, channel: 'email', to: u.email, subject, body, purpose: 'sla_alert' });
      made.notified++;
    }
  }
  return made;
}
