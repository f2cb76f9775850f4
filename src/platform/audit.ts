// The audit trail: every write, and every read of unmasked personal data (who, what, when, from where).
// Rows are append-only (the app role has INSERT and SELECT only).
import { newId } from './ids.js';
import { sql, rows, type Tx } from './db/index.js';

export interface AuditEntry {
  tenantId: string;
  actorId?: string | null;
  actorRole?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  status?: number | null;
  /** Stated reason, required for unmasking personal data. */
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.execute(sql`INSERT INTO platform.audit_log
    (tenant_id, id, actor_id, actor_role, action, target_type, target_id, ip, user_agent, status, reason, detail)
    VALUES (${e.tenantId}, ${newId('aud')}, ${e.actorId ?? null}, ${e.actorRole ?? null}, ${e.action}, ${e.targetType ?? null},
      ${e.targetId ?? null}, ${e.ip ?? null}, ${e.userAgent?.slice(0, 300) ?? null}, ${e.status ?? null}, ${e.reason ?? null},
      ${JSON.stringify(e.detail ?? {})}::jsonb)`);
}

export interface AuditRow {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  status: number | null;
  reason: string | null;
}

export async function listAudit(tx: Tx, opts: { limit: number; action?: string }): Promise<AuditRow[]> {
  const r = await rows<Record<string, unknown>>(
    tx,
    sql`SELECT id, at, actor_id, actor_role, action, target_type, target_id, ip, status, reason FROM platform.audit_log
        WHERE (${opts.action ?? null}::text IS NULL OR action = ${opts.action ?? null})
        ORDER BY at DESC, id DESC LIMIT ${opts.limit}`,
  );
  return r.map((x) => ({
    id: String(x.id),
    at: new Date(x.at as string).toISOString(),
    actorId: (x.actor_id as string) ?? null,
    actorRole: (x.actor_role as string) ?? null,
    action: String(x.action),
    targetType: (x.target_type as string) ?? null,
    targetId: (x.target_id as string) ?? null,
    ip: (x.ip as string) ?? null,
    status: x.status == null ? null : Number(x.status),
    reason: (x.reason as string) ?? null,
  }));
}
