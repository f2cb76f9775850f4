// The compliance officer's dashboard: decisions by rule over time, top refused reasons, per-collector figures,
// recorded breaches (contacts logged although the gate refuses them) and complaints with their COL-80 SLA.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { COMPLAINT_SLA_DAYS } from './store.js';

const DAY_MS = 86_400_000;


export interface ComplianceDashboard {
  from: string;
  to: string;
  totals: { allowed: number; refused: number };
  byRuleByDay: Array<{ day: string; ruleId: string; count: number }>;
  topRefused: Array<{ ruleId: string; count: number; reasonZh: string; reasonEn: string }>;
  perCollector: Array<{ actorId: string; allowed: number; refused: number; refusalRate: number }>;
  complaints: { open: number; overdue: number; answered: number; answeredWithinSla: number; disputes: number; received: number; slaDays: number };
}

/** Decisions by rule over time, top refused reasons, per-collector figures and complaints with their SLA (COL-80). */
export async function complianceDashboard(tx: Tx, days = 30, now = new Date()): Promise<ComplianceDashboard> {
  const from = new Date(now.getTime() - days * DAY_MS).toISOString();
  const to = now.toISOString();
  const tot = await one<{ a: number; r: number }>(tx, sql`SELECT count(*) FILTER (WHERE decision = 'allow')::int AS a, count(*) FILTER (WHERE decision = 'deny')::int AS r
    FROM compliance.contact_attempts WHERE attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz`);
  const byDay = await rows<{ day: string; rule_id: string; n: number }>(tx, sql`SELECT to_char(attempted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, r AS rule_id, count(*)::int AS n
    FROM compliance.contact_attempts, unnest(rule_ids) AS r WHERE decision = 'deny' AND attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz
    GROUP BY 1, 2 ORDER BY 1, 2`);
  const top = await rows<{ rule_id: string; n: number; zh: string; en: string }>(tx, sql`SELECT f->>'ruleId' AS rule_id, count(*)::int AS n, min(f->>'reasonZh') AS zh, min(f->>'reasonEn') AS en
    FROM compliance.contact_attempts, jsonb_array_elements(fired) AS f WHERE decision = 'deny' AND attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`);
  const per = await rows<{ actor_id: string; a: number; r: number }>(tx, sql`SELECT coalesce(actor_id, 'system') AS actor_id, count(*) FILTER (WHERE decision = 'allow')::int AS a,
      count(*) FILTER (WHERE decision = 'deny')::int AS r
    FROM compliance.contact_attempts WHERE attempted_at >= ${from}::timestamptz AND attempted_at <= ${to}::timestamptz GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 50`);
  const c = await one<Record<string, number>>(tx, sql`SELECT count(*) FILTER (WHERE status IN ('open', 'escalated'))::int AS open,
      count(*) FILTER (WHERE status IN ('open', 'escalated') AND coalesce(extended_until, due_at) < ${to}::timestamptz)::int AS overdue,
      count(*) FILTER (WHERE status IN ('answered', 'closed'))::int AS answered,
      count(*) FILTER (WHERE status IN ('answered', 'closed') AND answered_at <= coalesce(extended_until, due_at))::int AS within,
      count(*) FILTER (WHERE kind = 'dispute')::int AS disputes,
      count(*) FILTER (WHERE received_at >= ${from}::timestamptz)::int AS received
    FROM compliance.complaints`);
  return {
    from, to, totals: { allowed: Number(tot?.a ?? 0), refused: Number(tot?.r ?? 0) },
    byRuleByDay: byDay.map((x) => ({ day: String(x.day), ruleId: String(x.rule_id), count: Number(x.n) })),
    topRefused: top.map((x) => ({ ruleId: String(x.rule_id), count: Number(x.n), reasonZh: String(x.zh), reasonEn: String(x.en) })),
    perCollector: per.map((x) => ({ actorId: String(x.actor_id), allowed: Number(x.a), refused: Number(x.r), refusalRate: Number(x.a) + Number(x.r) ? Number(x.r) / (Number(x.a) + Number(x.r)) : 0 })),
    complaints: {
      open: Number(c?.open ?? 0), overdue: Number(c?.overdue ?? 0), answered: Number(c?.answered ?? 0), answeredWithinSla: Number(c?.within ?? 0),
      disputes: Number(c?.disputes ?? 0), received: Number(c?.received ?? 0), slaDays: COMPLAINT_SLA_DAYS,
    },
  };
}
