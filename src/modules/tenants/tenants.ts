// Onboarding of agencies as tenants, their filing (备案) record and approval, branding, and site resolution.
// A tenant is `pending` until the platform operator approves a complete filing; only then may it act.
import { z } from 'zod';
import { eq, or, asc, sql } from 'drizzle-orm';
import { newId } from '../../platform/ids.js';
import { isValidUscc } from '../../platform/cn-ids.js';
import { Scopes, type TenantContext } from '../../platform/tenancy.js';
import type { Tx } from '../../platform/db/index.js';
import { tenants, type Branding } from './schema.js';
import { tenantError } from './errors.js';
import { checkPublicName } from './branding.js';

export const PLATFORM_SLUG = 'platform';
const RESERVED_SLUGS = new Set([PLATFORM_SLUG, 'www', 'api', 'admin', 'static', 'assets', 't', 'portal', 'app']);

export const Slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'lower-case letters, digits and hyphens, 1–40 characters');
export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb');

export const CreateTenantInput = z.strictObject({
  slug: Slug,
  displayName: z.string().trim().min(2).max(60),
  hashAlgorithm: z.enum(['sha256', 'sm3']).default('sha256'),
});
export type CreateTenantInput = z.infer<typeof CreateTenantInput>;

export const FilingInput = z.strictObject({
  legalName: z.string().trim().min(2).max(100),
  uscc: z.string().trim().toUpperCase().length(18, 'a unified social credit code has 18 characters'),
  legalRepresentative: z.string().trim().min(2).max(40),
  filingNumber: z.string().trim().min(3).max(60),
  lawFirm: z.enum(['is_law_firm', 'works_with_law_firm', 'none']),
  scopes: z.array(z.enum(Scopes)).min(1).max(Scopes.length),
});
export type FilingInput = z.infer<typeof FilingInput>;

export const BrandingInput = z.strictObject({
  displayName: z.string().trim().min(2).max(60).optional(),
  logoUrl: z.string().max(2000).regex(/^(https?:\/\/|\/|data:image\/(png|svg\+xml|jpeg);base64,)/, 'an http(s) URL, a site path or a data:image URL').optional(),
  colors: z.strictObject({ primary: HexColor.optional(), secondary: HexColor.optional() }).optional(),
  complaintChannel: z
    .strictObject({ phone: z.string().max(40).optional(), email: z.email().optional(), url: z.url().optional() })
    .optional(),
  tagline: z.string().max(120).optional(),
  customDomain: z
    .string()
    .toLowerCase()
    .regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name like collect.example.cn')
    .nullable()
    .optional(),
});
export type BrandingInput = z.infer<typeof BrandingInput>;

export type TenantRow = typeof tenants.$inferSelect;

export function toTenantContext(t: TenantRow): TenantContext {
  return {
    id: t.id,
    slug: t.slug,
    status: t.status,
    kind: t.kind,
    scopes: t.scopes,
    lawFirm: t.lawFirm,
    hashAlgorithm: t.hashAlgorithm,
  };
}

function assertNameAllowed(name: string, field: string) {
  const v = checkPublicName(name);
  if (v.length) {
    throw tenantError('TENANTS_NAME_NOT_ALLOWED', {
      field,
      rule: v[0].rule,
      detail: `“${v[0].term}” ${v[0].why} (${v.map((x) => x.rule).join(', ')})`,
      extra: { violations: v },
    });
  }
}

/** Operator onboards an agency: creates a pending tenant. Throws TENANTS_SLUG_TAKEN, TENANTS_NAME_NOT_ALLOWED. */
export async function createTenant(tx: Tx, input: CreateTenantInput): Promise<TenantRow> {
  if (RESERVED_SLUGS.has(input.slug)) throw tenantError('TENANTS_SLUG_TAKEN', { field: 'body.slug', detail: `“${input.slug}” is reserved` });
  assertNameAllowed(input.displayName, 'body.displayName');
  const existing = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
  if (existing.length) throw tenantError('TENANTS_SLUG_TAKEN', { field: 'body.slug' });
  const [row] = await tx
    .insert(tenants)
    .values({
      id: newId('ten'),
      slug: input.slug,
      displayName: input.displayName,
      status: 'pending',
      kind: 'agency',
      hashAlgorithm: input.hashAlgorithm,
      branding: { colors: { primary: '#1f6feb', secondary: '#0b3d91' } },
      lawFirm: 'none',
      scopes: [],
    })
    .returning();
  return row;
}

/** Records (or replaces) the filing record. Any change to a filing sends an active tenant back for approval. */
export async function submitFiling(tx: Tx, tenantId: string, input: FilingInput): Promise<TenantRow> {
  if (!isValidUscc(input.uscc)) throw tenantError('TENANTS_USCC_INVALID', { field: 'body.uscc' });
  assertNameAllowed(input.legalName, 'body.legalName');
  const t = await getTenant(tx, tenantId);
  if (t.kind === 'platform') throw tenantError('TENANTS_STATUS_CONFLICT', { detail: 'The platform tenant has no filing' });
  const [row] = await tx
    .update(tenants)
    .set({
      legalName: input.legalName,
      uscc: input.uscc,
      legalRepresentative: input.legalRepresentative,
      filingNumber: input.filingNumber,
      lawFirm: input.lawFirm,
      scopes: [...new Set(input.scopes)],
      filingSubmittedAt: new Date(),
      status: t.status === 'suspended' ? 'suspended' : 'pending',
      approvedAt: null,
      approvedBy: null,
    })
    .where(eq(tenants.id, tenantId))
    .returning();
  return row;
}

/** Operator approves a complete filing. Throws TENANTS_FILING_INCOMPLETE, TENANTS_STATUS_CONFLICT. */
export async function approveTenant(tx: Tx, tenantId: string, operatorId: string): Promise<TenantRow> {
  const t = await getTenant(tx, tenantId);
  if (t.status !== 'pending') throw tenantError('TENANTS_STATUS_CONFLICT', { detail: `Tenant is ${t.status}, not pending` });
  const missing = (['legalName', 'uscc', 'legalRepresentative', 'filingNumber'] as const).filter((k) => !t[k]);
  if (missing.length || t.scopes.length === 0) {
    throw tenantError('TENANTS_FILING_INCOMPLETE', {
      detail: `Missing: ${[...missing, ...(t.scopes.length ? [] : ['scopes'])].join(', ')}`,
      extra: { missing: [...missing, ...(t.scopes.length ? [] : ['scopes'])] },
    });
  }
  const [row] = await tx
    .update(tenants)
    .set({ status: 'active', approvedAt: new Date(), approvedBy: operatorId, statusReason: null })
    .where(eq(tenants.id, tenantId))
    .returning();
  return row;
}

export async function suspendTenant(tx: Tx, tenantId: string, reason: string): Promise<TenantRow> {
  const t = await getTenant(tx, tenantId);
  if (t.kind === 'platform' || t.status === 'suspended') throw tenantError('TENANTS_STATUS_CONFLICT', { detail: `Tenant is ${t.status}` });
  const [row] = await tx.update(tenants).set({ status: 'suspended', statusReason: reason }).where(eq(tenants.id, tenantId)).returning();
  return row;
}

/** A reinstated tenant returns to active only if it had been approved; otherwise to pending. */
export async function reinstateTenant(tx: Tx, tenantId: string): Promise<TenantRow> {
  const t = await getTenant(tx, tenantId);
  if (t.status !== 'suspended') throw tenantError('TENANTS_STATUS_CONFLICT', { detail: `Tenant is ${t.status}, not suspended` });
  const [row] = await tx
    .update(tenants)
    .set({ status: t.approvedAt ? 'active' : 'pending', statusReason: null })
    .where(eq(tenants.id, tenantId))
    .returning();
  return row;
}

export async function updateBranding(tx: Tx, tenantId: string, input: BrandingInput): Promise<TenantRow> {
  const t = await getTenant(tx, tenantId);
  if (input.displayName) assertNameAllowed(input.displayName, 'body.displayName');
  if (input.tagline) assertNameAllowed(input.tagline, 'body.tagline');
  const branding: Branding = {
    ...t.branding,
    ...(input.logoUrl !== undefined ? { logoUrl: input.logoUrl } : {}),
    ...(input.colors ? { colors: { ...t.branding.colors, ...input.colors } } : {}),
    ...(input.complaintChannel ? { complaintChannel: input.complaintChannel } : {}),
    ...(input.tagline !== undefined ? { tagline: input.tagline } : {}),
  };
  const [row] = await tx
    .update(tenants)
    .set({
      branding,
      ...(input.displayName ? { displayName: input.displayName } : {}),
      ...(input.customDomain !== undefined ? { customDomain: input.customDomain } : {}),
    })
    .where(eq(tenants.id, tenantId))
    .returning();
  return row;
}

export async function findTenant(tx: Tx, idOrSlug: string): Promise<TenantRow | null> {
  const [row] = await tx.select().from(tenants).where(or(eq(tenants.id, idOrSlug), eq(tenants.slug, idOrSlug)));
  return row ?? null;
}

export async function getTenant(tx: Tx, idOrSlug: string): Promise<TenantRow> {
  const t = await findTenant(tx, idOrSlug);
  if (!t) throw tenantError('TENANTS_NOT_FOUND');
  return t;
}

/** The tenant the transaction is scoped to (withTenant). Throws TENANTS_NOT_FOUND outside a tenant scope. */
export async function getCurrentTenant(tx: Tx): Promise<TenantRow> {
  const [row] = await tx.select().from(tenants).where(sql`${tenants.id} = current_setting('app.tenant_id', true)`);
  if (!row) throw tenantError('TENANTS_NOT_FOUND', { detail: 'no tenant in scope' });
  return row;
}

export async function listTenants(tx: Tx): Promise<TenantRow[]> {
  return tx.select().from(tenants).orderBy(asc(tenants.createdAt));
}

/**
 * Which tenant a request is for: a custom domain, `<slug>.<public host>` (e.g. demo.localhost), or an explicit slug
 * (from `/t/<slug>` or a `tenant` field). Returns null for the platform's own host.
 */
export async function resolveSiteTenant(tx: Tx, host: string | undefined, explicitSlug: string | undefined, publicHost: string): Promise<TenantRow | null> {
  if (explicitSlug) return findTenant(tx, explicitSlug);
  const h = (host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (!h) return null;
  const [byDomain] = await tx.select().from(tenants).where(eq(tenants.customDomain, h));
  if (byDomain) return byDomain;
  const suffix = `.${publicHost.toLowerCase()}`;
  if (h.endsWith(suffix)) {
    const sub = h.slice(0, -suffix.length);
    if (/^[a-z0-9-]+$/.test(sub)) return findTenant(tx, sub);
  }
  return null;
}

export async function ensurePlatformTenant(tx: Tx): Promise<TenantRow> {
  const t = await findTenant(tx, PLATFORM_SLUG);
  if (t) return t;
  const [row] = await tx
    .insert(tenants)
    .values({
      id: newId('ten'),
      slug: PLATFORM_SLUG,
      displayName: 'Recourse 平台运营',
      status: 'active',
      kind: 'platform',
      hashAlgorithm: 'sha256',
      branding: { colors: { primary: '#0b3d91', secondary: '#1f6feb' } },
      lawFirm: 'none',
      scopes: [],
      approvedAt: new Date(),
    })
    .returning();
  return row;
}
