// Sign-in and sessions: email + password (argon2id) with lock-out and optional TOTP; one-time reset links by
// email; API keys for creditors' systems (shown once, stored hashed, scoped); debtor portal sign-in by case
// reference + last 6 of the ID number + a one-time code. Tokens are random and only their SHA-256 is stored.
import { createHash, timingSafeEqual, randomInt } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { authenticator } from 'otplib';
import { z } from 'zod';
import { sql, rows, one, type Tx } from '../../platform/db/index.js';
import { newId, randomToken } from '../../platform/ids.js';
import type { Role, TenantContext } from '../../platform/tenancy.js';
import type { Messenger } from '../../platform/messaging/index.js';
import { tenantError } from './errors.js';
import { DomainError } from '../../platform/errors.js';
import { findUserByEmail, getUser, setPassword, type UserRow } from './users.js';
import { users } from './schema.js';
import { eq } from 'drizzle-orm';
import { ACCOUNT_ADDRESS, ADDRESS, PORTAL_CASE, blockedUntil, clearFailures, recordFailure, throttleKey } from './throttle.js';

export const SESSION_TTL_MS = 12 * 3600_000;
const RESET_TTL_MS = 30 * 60_000;
const OTP_TTL_MS = 10 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// Verified against when the email is unknown, so response time does not reveal which emails exist.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$kgoqbYihuzDX1OoI8dLsdA$EFoSoyFIms3HRDx2yC5d4gXNzYgi+J1uIpdrhkCwPik';

export const LoginInput = z.strictObject({
  tenant: z.string().max(60).optional(),
  email: z.email().max(200),
  password: z.string().min(1).max(200),
  totp: z.string().regex(/^\d{6}$/, 'six digits').optional(),
});
export type LoginInput = z.infer<typeof LoginInput>;

export interface SessionOut {
  cookie: string;
  csrfToken: string;
  user: UserRow;
  expiresAt: Date;
}

/** AUTH_THROTTLED with the time the caller may try again (sent as Retry-After). */
function throttled(until: Date): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return tenantError('AUTH_THROTTLED', { detail: `Too many failed attempts; try again in ${retryAfterSeconds} s`, extra: { retryAfterSeconds } });
}

/**
 * Returns the refusal instead of throwing it, so that the failed-attempt counters written in this transaction
 * commit; the caller throws after the transaction. Refusals: AUTH_INVALID_CREDENTIALS, AUTH_THROTTLED,
 * AUTH_TOTP_REQUIRED, AUTH_TOTP_INVALID. Failures are counted per account + address and per address, each with a
 * progressive delay; there is no hard lock anyone could set off by knowing an e-mail address.
 */
export async function signIn(tx: Tx, tenantId: string, input: LoginInput, ip: string): Promise<SessionOut | DomainError> {
  const keys = [throttleKey.accountAddress(input.email, ip), throttleKey.address('login', ip)];
  for (const k of keys) {
    const until = await blockedUntil(tx, tenantId, k);
    if (until) return throttled(until);
  }
  try {
    const s = await attemptSignIn(tx, tenantId, input, ip);
    await clearFailures(tx, tenantId, keys[0]);
    return s;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    if (e.code !== 'AUTH_TOTP_REQUIRED') {
      await recordFailure(tx, tenantId, keys[0], ACCOUNT_ADDRESS);
      await recordFailure(tx, tenantId, keys[1], ADDRESS);
    }
    return e;
  }
}

async function attemptSignIn(tx: Tx, tenantId: string, input: LoginInput, ip: string): Promise<SessionOut> {
  const u = await findUserByEmail(tx, tenantId, input.email);
  if (!u || !u.passwordHash || u.status !== 'active') {
    await verify(DUMMY_HASH, input.password).catch(() => false);
    throw tenantError('AUTH_INVALID_CREDENTIALS');
  }
  const ok = await verify(u.passwordHash, input.password).catch(() => false);
  if (!ok) throw tenantError('AUTH_INVALID_CREDENTIALS');
  if (u.totpEnabled) {
    if (!input.totp) throw tenantError('AUTH_TOTP_REQUIRED', { field: 'body.totp' });
    if (!u.totpSecret || !authenticator.check(input.totp, u.totpSecret)) throw tenantError('AUTH_TOTP_INVALID', { field: 'body.totp' });
  }
  await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, u.id));
  const s = await createSession(tx, tenantId, { kind: 'user', userId: u.id }, ip);
  return { ...s, user: u };
}

async function createSession(tx: Tx, tenantId: string, who: { kind: 'user'; userId: string } | { kind: 'debtor'; subject: string; displayName: string }, ip: string) {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await tx.execute(sql`INSERT INTO tenants.sessions (tenant_id, id, kind, user_id, subject, display_name, csrf_token, expires_at, ip)
    VALUES (${tenantId}, ${sha256(token)}, ${who.kind}, ${who.kind === 'user' ? who.userId : null}, ${who.kind === 'debtor' ? who.subject : null},
      ${who.kind === 'debtor' ? who.displayName : null}, ${csrfToken}, ${expiresAt.toISOString()}, ${ip})`);
  return { cookie: `${tenantId}.${token}`, csrfToken, expiresAt };
}

export function parseSessionCookie(v: string | undefined): { tenantId: string; token: string } | null {
  if (!v) return null;
  const i = v.indexOf('.');
  if (i <= 0) return null;
  const tenantId = v.slice(0, i);
  const token = v.slice(i + 1);
  if (!/^ten_[0-9a-z]{26}$/.test(tenantId) || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return { tenantId, token };
}

export interface ResolvedSession {
  kind: 'user' | 'debtor';
  userId: string;
  role: Role;
  displayName: string;
  csrfToken: string;
  subject?: string;
}

export async function resolveSession(tx: Tx, token: string): Promise<ResolvedSession | null> {
  const r = await one<Record<string, string | null>>(
    tx,
    sql`SELECT s.kind, s.user_id, s.subject, s.display_name AS s_name, s.csrf_token, u.role, u.display_name, u.status
        FROM tenants.sessions s LEFT JOIN tenants.users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        WHERE s.id = ${sha256(token)} AND s.expires_at > now()`,
  );
  if (!r) return null;
  if (r.kind === 'debtor') {
    return { kind: 'debtor', userId: `debtor:${r.subject}`, role: 'debtor', displayName: r.s_name ?? '', csrfToken: r.csrf_token!, subject: r.subject! };
  }
  if (r.status !== 'active') return null;
  return { kind: 'user', userId: r.user_id!, role: r.role as Role, displayName: r.display_name!, csrfToken: r.csrf_token! };
}

export async function signOut(tx: Tx, token: string): Promise<void> {
  await tx.execute(sql`DELETE FROM tenants.sessions WHERE id = ${sha256(token)}`);
}

// ---- password reset -------------------------------------------------------------------------------------------

/** Always succeeds from the caller's view (no account enumeration); sends a one-time link when the user exists. */
export async function requestPasswordReset(tx: Tx, tenant: { id: string; slug: string }, email: string, messenger: Messenger, publicUrl: string): Promise<void> {
  const u = await findUserByEmail(tx, tenant.id, email);
  if (!u || u.status !== 'active') return;
  const token = randomToken(32);
  await tx.execute(sql`INSERT INTO tenants.one_time_tokens (tenant_id, id, purpose, user_id, expires_at)
    VALUES (${tenant.id}, ${sha256(token)}, 'password_reset', ${u.id}, ${new Date(Date.now() + RESET_TTL_MS).toISOString()})`);
  // In the fragment: never sent to a server, so it reaches no access log and no Referer header.
  const link = `${publicUrl}/t/${tenant.slug}/reset-password#token=${token}`;
  await messenger.send(tx, {
    tenantId: tenant.id,
    channel: 'email',
    to: u.email,
    subject: 'Recourse 密码重置 / Password reset',
    body: `您好 ${u.displayName}：\n\n请在 30 分钟内打开以下链接重置密码（仅可使用一次）：\n${link}\n\nHello, open the link above within 30 minutes to reset your password (single use). If you did not ask for this, ignore this email.`,
    purpose: 'password_reset',
    sensitive: true,
  });
}

/** Throws AUTH_TOKEN_INVALID, AUTH_PASSWORD_WEAK. Ends every session of the user. */
export async function confirmPasswordReset(tx: Tx, token: string, password: string): Promise<void> {
  const r = await one<{ user_id: string }>(
    tx,
    sql`UPDATE tenants.one_time_tokens SET used_at = now()
        WHERE id = ${sha256(token)} AND purpose = 'password_reset' AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
  );
  if (!r) throw tenantError('AUTH_TOKEN_INVALID', { field: 'body.token' });
  await setPassword(tx, r.user_id, password);
  await tx.execute(sql`DELETE FROM tenants.sessions WHERE user_id = ${r.user_id}`);
}

// ---- TOTP ------------------------------------------------------------------------------------------------------

export async function setupTotp(tx: Tx, userId: string, issuer: string): Promise<{ secret: string; otpauthUrl: string }> {
  const u = await getUser(tx, userId);
  const secret = authenticator.generateSecret();
  await tx.update(users).set({ totpSecret: secret, totpEnabled: false }).where(eq(users.id, userId));
  return { secret, otpauthUrl: authenticator.keyuri(u.email, issuer, secret) };
}

export async function enableTotp(tx: Tx, userId: string, code: string): Promise<void> {
  const u = await getUser(tx, userId);
  if (!u.totpSecret || !authenticator.check(code, u.totpSecret)) throw tenantError('AUTH_TOTP_INVALID', { field: 'body.code' });
  await tx.update(users).set({ totpEnabled: true }).where(eq(users.id, userId));
}

// ---- API keys --------------------------------------------------------------------------------------------------

export const ApiKeyScopes = ['cases:read', 'cases:write', 'payments:read', 'documents:read', 'evidence:read'] as const;
export const CreateApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(60),
  scopes: z.array(z.enum(ApiKeyScopes)).min(1),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export interface ApiKeyRow {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function createApiKey(tx: Tx, tenantId: string, userId: string, input: CreateApiKeyInput): Promise<{ key: ApiKeyRow; secret: string }> {
  const id = newId('key');
  const secretPart = randomToken(32);
  const secret = `rk.${tenantId}.${id}.${secretPart}`;
  await tx.execute(sql`INSERT INTO tenants.api_keys (tenant_id, id, name, secret_hash, scopes, user_id)
    VALUES (${tenantId}, ${id}, ${input.name}, ${sha256(secretPart)}, ${sql.raw(`ARRAY[${input.scopes.map((s) => `'${s}'`).join(',')}]::text[]`)}, ${userId})`);
  const [key] = await listApiKeys(tx, { onlyId: id });
  return { key, secret };
}

/** Keys of the tenant; `ownerId` narrows to one user's keys, `onlyId` to one key. */
export async function listApiKeys(tx: Tx, filter: { ownerId?: string; onlyId?: string } = {}): Promise<ApiKeyRow[]> {
  const { ownerId = null, onlyId = null } = filter;
  const r = await rows<Record<string, unknown>>(
    tx,
    sql`SELECT id, name, scopes, created_at, last_used_at, revoked_at FROM tenants.api_keys
        WHERE (${onlyId}::text IS NULL OR id = ${onlyId}) AND (${ownerId}::text IS NULL OR user_id = ${ownerId}) ORDER BY created_at DESC`,
  );
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return r.map((x) => ({ id: String(x.id), name: String(x.name), scopes: x.scopes as string[], createdAt: iso(x.created_at)!, lastUsedAt: iso(x.last_used_at), revokedAt: iso(x.revoked_at) }));
}

/** Someone else's key looks like no key (404), so key ids of other users cannot be probed. */
export async function revokeApiKey(tx: Tx, id: string, filter: { ownerId?: string } = {}): Promise<void> {
  const ownerId = filter.ownerId ?? null;
  const r = await rows(tx, sql`UPDATE tenants.api_keys SET revoked_at = now()
    WHERE id = ${id} AND revoked_at IS NULL AND (${ownerId}::text IS NULL OR user_id = ${ownerId}) RETURNING id`);
  if (!r.length) throw tenantError('TENANTS_USER_NOT_FOUND', { detail: 'No such active API key' });
}

export function parseApiKey(v: string): { tenantId: string; keyId: string; secret: string } | null {
  const m = /^rk\.(ten_[0-9a-z]{26})\.(key_[0-9a-z]{26})\.([A-Za-z0-9_-]{20,100})$/.exec(v);
  return m ? { tenantId: m[1], keyId: m[2], secret: m[3] } : null;
}

export async function resolveApiKey(tx: Tx, keyId: string, secret: string): Promise<{ userId: string; role: Role; displayName: string; scopes: string[] } | null> {
  const r = await one<Record<string, unknown>>(
    tx,
    sql`UPDATE tenants.api_keys k SET last_used_at = now() FROM tenants.users u
        WHERE k.id = ${keyId} AND k.revoked_at IS NULL AND u.tenant_id = k.tenant_id AND u.id = k.user_id AND u.status = 'active'
        RETURNING k.secret_hash, k.scopes, u.id AS user_id, u.role, u.display_name`,
  );
  if (!r) return null;
  const a = Buffer.from(String(r.secret_hash), 'hex');
  const b = Buffer.from(sha256(secret), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return { userId: String(r.user_id), role: r.role as Role, displayName: String(r.display_name), scopes: r.scopes as string[] };
}

// ---- debtor portal ---------------------------------------------------------------------------------------------

/** Supplied by the module that owns cases: finds the debtor behind a case reference. */
export interface PortalDirectory {
  findCase(tx: Tx, caseRef: string): Promise<{ caseRef: string; debtorName: string; idNumber: string; phone?: string; email?: string } | null>;
}

let portalDirectory: PortalDirectory | null = null;
export function setPortalDirectory(d: PortalDirectory | null) {
  portalDirectory = d;
}

export const PortalStartInput = z.strictObject({
  tenant: z.string().max(60).optional(),
  caseRef: z.string().trim().min(3).max(40),
  idLast6: z.string().trim().toUpperCase().regex(/^\d{5}[\dX]$/, 'the last 6 characters of the ID number'),
  channel: z.enum(['sms', 'email']),
});
export const PortalVerifyInput = z.strictObject({
  tenant: z.string().max(60).optional(),
  caseRef: z.string().trim().min(3).max(40),
  code: z.string().regex(/^\d{6}$/, 'six digits'),
});

/** Sends a one-time code when case reference and ID match; the answer does not reveal whether they did. */
export async function startPortalSignIn(tx: Tx, tenant: TenantContext, input: z.infer<typeof PortalStartInput>, messenger: Messenger): Promise<void> {
  if (!portalDirectory) throw tenantError('AUTH_PORTAL_UNAVAILABLE');
  // A case whose code was guessed at is paused: no new codes until the pause ends (the debtor was told).
  if (await blockedUntil(tx, tenant.id, throttleKey.portalCase(input.caseRef))) return;
  const c = await portalDirectory.findCase(tx, input.caseRef);
  if (!c || c.idNumber.toUpperCase().slice(-6) !== input.idLast6) return;
  const to = input.channel === 'sms' ? c.phone : c.email;
  if (!to) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await tx.execute(sql`INSERT INTO tenants.one_time_tokens (tenant_id, id, purpose, subject, expires_at)
    VALUES (${tenant.id}, ${sha256(`${c.caseRef}:${code}`)}, 'portal_otp', ${c.caseRef}, ${new Date(Date.now() + OTP_TTL_MS).toISOString()})`);
  await messenger.send(tx, {
    tenantId: tenant.id,
    channel: input.channel,
    to,
    subject: input.channel === 'email' ? '债务人服务平台验证码 / Portal sign-in code' : undefined,
    body: `【${tenant.slug}】您的登录验证码为 ${code}，10 分钟内有效，请勿告知他人。Your sign-in code is ${code} (valid 10 minutes).`,
    purpose: 'portal_otp',
    sensitive: true,
  });
}

/**
 * Returns (rather than throws, so the counters commit) AUTH_TOKEN_INVALID or AUTH_THROTTLED. Wrong codes are counted
 * per case and per address; after a few wrong codes for one case its outstanding codes are cancelled, sign-in to
 * it is paused, and the debtor is told on the channel on file.
 */
export async function verifyPortalSignIn(tx: Tx, tenant: TenantContext, input: z.infer<typeof PortalVerifyInput>, ip: string, messenger: Messenger) {
  if (!portalDirectory) throw tenantError('AUTH_PORTAL_UNAVAILABLE');
  const caseKey = throttleKey.portalCase(input.caseRef);
  const ipKey = throttleKey.address('portal', ip);
  for (const k of [caseKey, ipKey]) {
    const until = await blockedUntil(tx, tenant.id, k);
    if (until) return throttled(until);
  }
  const c = await portalDirectory.findCase(tx, input.caseRef);
  const used = c
    ? await one(tx, sql`UPDATE tenants.one_time_tokens SET used_at = now()
        WHERE id = ${sha256(`${c.caseRef}:${input.code}`)} AND purpose = 'portal_otp' AND used_at IS NULL AND expires_at > now() RETURNING id`)
    : undefined;
  if (!c || !used) {
    const byCase = await recordFailure(tx, tenant.id, caseKey, PORTAL_CASE);
    await recordFailure(tx, tenant.id, ipKey, ADDRESS);
    if (c && byCase.failures === PORTAL_CASE.free) await pausePortalCase(tx, tenant, c, messenger);
    return tenantError('AUTH_TOKEN_INVALID', { field: 'body.code' });
  }
  await clearFailures(tx, tenant.id, caseKey);
  const displayName = `${c.debtorName.slice(0, 1)}*`;
  const s = await createSession(tx, tenant.id, { kind: 'debtor', subject: c.caseRef, displayName }, ip);
  return { ...s, displayName, caseRef: c.caseRef };
}

/** Cancels the case's outstanding codes and tells the debtor (phone first, else e-mail) that sign-in is paused. */
async function pausePortalCase(tx: Tx, tenant: TenantContext, c: { caseRef: string; phone?: string; email?: string }, messenger: Messenger) {
  await tx.execute(sql`UPDATE tenants.one_time_tokens SET used_at = now() WHERE purpose = 'portal_otp' AND subject = ${c.caseRef} AND used_at IS NULL`);
  const channel = c.phone ? 'sms' as const : c.email ? 'email' as const : null;
  if (!channel) return;
  const minutes = PORTAL_CASE.baseDelayMs / 60_000;
  await messenger.send(tx, {
    tenantId: tenant.id,
    channel,
    to: (channel === 'sms' ? c.phone : c.email)!,
    subject: channel === 'email' ? '债务人服务平台登录已暂停 / Portal sign-in paused' : undefined,
    body: `【${tenant.slug}】您案件的登录验证码被多次输错，已发送的验证码已作废，登录暂停 ${minutes} 分钟。如非本人操作，请通过投诉渠道联系我们。` +
      ` Wrong sign-in codes were entered several times for your case: codes already sent are cancelled and sign-in is paused for ${minutes} minutes. If this was not you, contact us.`,
    purpose: 'portal_lockout',
  });
}
