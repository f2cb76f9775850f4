// Accounts of a tenant and their roles. Platform operators and regulators live in the platform tenant.
import { z } from 'zod';
import { and, eq, sql, asc } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { newId } from '../../platform/ids.js';
import { Roles, type Role } from '../../platform/tenancy.js';
import type { Tx } from '../../platform/db/index.js';
import { users } from './schema.js';
import { tenantError } from './errors.js';

export const PLATFORM_ROLES: readonly Role[] = ['platform_operator', 'regulator'];
export const TENANT_ROLES: readonly Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator', 'creditor'];

export const Password = z.string().min(10, 'at least 10 characters').max(200);

export const CreateUserInput = z.strictObject({
  email: z.email().max(200).transform((s) => s.toLowerCase()),
  displayName: z.string().trim().min(1).max(60),
  role: z.enum(Roles),
  password: Password.optional(),
  badgeNo: z.string().trim().regex(/^[A-Za-z0-9-]{3,20}$/, '3–20 letters, digits or hyphens').optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const UpdateUserInput = z.strictObject({
  role: z.enum(Roles).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  displayName: z.string().trim().min(1).max(60).optional(),
}).refine((v) => v.role !== undefined || v.status !== undefined || v.displayName !== undefined, { message: 'give at least one of role, status, displayName' });
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export type UserRow = typeof users.$inferSelect;

const COMMON = new Set(['password123', '1234567890', 'qwertyuiop', 'password1234', '123456789a', 'iloveyou123', 'admin12345']);

export async function hashPassword(pw: string): Promise<string> {
  if (pw.length < 10 || COMMON.has(pw.toLowerCase()) || /^(.)\1+$/.test(pw)) throw tenantError('AUTH_PASSWORD_WEAK', { field: 'body.password' });
  // argon2id with OWASP's minimum memory (19 MiB, t=2, p=1).
  return hash(pw, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

function assertRoleFits(tenantKind: 'agency' | 'platform', role: Role) {
  const ok = tenantKind === 'platform' ? PLATFORM_ROLES.includes(role) : TENANT_ROLES.includes(role);
  if (!ok) throw tenantError('TENANTS_ROLE_NOT_ALLOWED', { field: 'body.role', detail: `Role ${role} does not belong in a ${tenantKind} tenant` });
}

/** Throws TENANTS_EMAIL_TAKEN, TENANTS_ROLE_NOT_ALLOWED, AUTH_PASSWORD_WEAK. */
export async function createUser(tx: Tx, tenant: { id: string; kind: 'agency' | 'platform' }, input: CreateUserInput): Promise<UserRow> {
  assertRoleFits(tenant.kind, input.role);
  const dup = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = ${input.email}`));
  if (dup.length) throw tenantError('TENANTS_EMAIL_TAKEN', { field: 'body.email' });
  const [row] = await tx
    .insert(users)
    .values({
      tenantId: tenant.id,
      id: newId('usr'),
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      status: 'active',
      passwordHash: input.password ? await hashPassword(input.password) : null,
      totpEnabled: false,
      failedLogins: 0,
      badgeNo: input.badgeNo ?? (['collector', 'legal_officer', 'mediator', 'compliance_officer'].includes(input.role) ? `RC-${Math.floor(100000 + Math.random() * 900000)}` : null),
    })
    .returning();
  return row;
}

export async function listUsers(tx: Tx): Promise<UserRow[]> {
  return tx.select().from(users).orderBy(asc(users.createdAt));
}

export async function getUser(tx: Tx, id: string): Promise<UserRow> {
  const [u] = await tx.select().from(users).where(eq(users.id, id));
  if (!u) throw tenantError('TENANTS_USER_NOT_FOUND');
  return u;
}

export async function findUserByEmail(tx: Tx, tenantId: string, email: string): Promise<UserRow | null> {
  const [u] = await tx.select().from(users).where(and(eq(users.tenantId, tenantId), sql`lower(${users.email}) = ${email.toLowerCase()}`));
  return u ?? null;
}

/** Throws TENANTS_USER_NOT_FOUND, TENANTS_ROLE_NOT_ALLOWED, TENANTS_LAST_ADMIN. */
export async function updateUser(tx: Tx, tenant: { id: string; kind: 'agency' | 'platform' }, id: string, input: UpdateUserInput): Promise<UserRow> {
  const u = await getUser(tx, id);
  if (input.role) assertRoleFits(tenant.kind, input.role);
  const demoting = u.role === 'tenant_admin' && ((input.role && input.role !== 'tenant_admin') || input.status === 'disabled');
  if (demoting) {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users).where(and(eq(users.role, 'tenant_admin'), eq(users.status, 'active')));
    if (Number(n) <= 1) throw tenantError('TENANTS_LAST_ADMIN');
  }
  const [row] = await tx
    .update(users)
    .set({ ...(input.role ? { role: input.role } : {}), ...(input.status ? { status: input.status } : {}), ...(input.displayName ? { displayName: input.displayName } : {}) })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export async function setPassword(tx: Tx, userId: string, password: string): Promise<void> {
  await tx.update(users).set({ passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function countUsers(tx: Tx): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.status, 'active'));
  return Number(n);
}
