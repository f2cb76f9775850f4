// Failed-attempt throttling for sign-in and the debtor portal, kept in the database so it holds across app servers.
// Progressive delay instead of a hard lock: after `free` failures under one key, the key is refused for a delay that
// doubles with every further failure, up to `maxDelayMs`. Keys are per account + address (so a stranger who knows an
// e-mail cannot lock its owner out from elsewhere), per address (one address probing many accounts) and per portal
// case (a 6-digit code guessed from many addresses).
import { createHash } from 'node:crypto';
import { sql, one, type Tx } from '../../platform/db/index.js';

export interface ThrottlePolicy {
  /** Failures allowed before any delay. */
  free: number;
  /** Delay after the first failure past `free`; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const ACCOUNT_ADDRESS: ThrottlePolicy = { free: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 };
export const ADDRESS: ThrottlePolicy = { free: 30, baseDelayMs: 60_000, maxDelayMs: 60 * 60_000 };
export const PORTAL_CASE: ThrottlePolicy = { free: 5, baseDelayMs: 15 * 60_000, maxDelayMs: 24 * 3600_000 };
/** A streak is forgotten after this long without a failure. */
const FORGET_MS = 3600_000;

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
export const throttleKey = {
  accountAddress: (email: string, ip: string) => `acct:${digest(email.trim().toLowerCase())}:${ip}`,
  address: (scope: 'login' | 'portal', ip: string) => `ip:${scope}:${ip}`,
  portalCase: (caseRef: string) => `case:${digest(caseRef.trim().toUpperCase())}`,
};

export function delayFor(p: ThrottlePolicy, failures: number): number {
  if (failures < p.free) return 0;
  return Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.min(20, failures - p.free));
}

/** The time until which the key is refused, or null when it may try now. */
export async function blockedUntil(tx: Tx, tenantId: string, key: string): Promise<Date | null> {
  const r = await one<{ blocked_until: string | Date | null }>(tx, sql`SELECT blocked_until FROM tenants.auth_failures
    WHERE tenant_id = ${tenantId} AND key = ${key} AND blocked_until > now()`);
  return r?.blocked_until ? new Date(r.blocked_until) : null;
}

/** Counts one failure; returns the new streak length and the time the key is refused until (null when not yet). */
export async function recordFailure(tx: Tx, tenantId: string, key: string, p: ThrottlePolicy): Promise<{ failures: number; blockedUntil: Date | null }> {
  const r = await one<{ failures: number }>(tx, sql`INSERT INTO tenants.auth_failures (tenant_id, key, failures, last_at)
    VALUES (${tenantId}, ${key}, 1, now())
    ON CONFLICT (tenant_id, key) DO UPDATE SET
      failures = CASE WHEN tenants.auth_failures.last_at < now() - ${`${FORGET_MS} milliseconds`}::interval THEN 1 ELSE tenants.auth_failures.failures + 1 END,
      last_at = now()
    RETURNING failures`);
  const failures = Number(r!.failures);
  const delay = delayFor(p, failures);
  if (!delay) return { failures, blockedUntil: null };
  const until = new Date(Date.now() + delay);
  await tx.execute(sql`UPDATE tenants.auth_failures SET blocked_until = ${until.toISOString()} WHERE tenant_id = ${tenantId} AND key = ${key}`);
  return { failures, blockedUntil: until };
}

export async function clearFailures(tx: Tx, tenantId: string, key: string): Promise<void> {
  await tx.execute(sql`DELETE FROM tenants.auth_failures WHERE tenant_id = ${tenantId} AND key = ${key}`);
}
