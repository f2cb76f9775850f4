// HTTP adapter of the tenants module: sign-in, sessions, the operator's tenant onboarding, tenant settings,
// users, API keys, the dev outbox, the audit trail, the public site and the collector-verification page.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { withPlatform, withTenant, sql, one, type Database } from '../../platform/db/index.js';
import { listOutbox, type Messenger } from '../../platform/messaging/index.js';
import { listAudit } from '../../platform/audit.js';
import type { DashboardCard } from '../../platform/dashboard.js';
import { Roles, Scopes, ScopeLabels, StaffRoles } from '../../platform/tenancy.js';
import type { Config } from '../../platform/config.js';
import { commonError } from '../../platform/errors.js';
import {
  BrandingInput, CreateTenantInput, FilingInput, approveTenant, createTenant, getTenant, listTenants, reinstateTenant,
  resolveSiteTenant, submitFiling, suspendTenant, toTenantContext, updateBranding, PLATFORM_SLUG, type TenantRow,
} from './tenants.js';
import { CreateUserInput, UpdateUserInput, createUser, listUsers, updateUser, type UserRow } from './users.js';
import {
  CreateApiKeyInput, LoginInput, PortalStartInput, PortalVerifyInput, confirmPasswordReset, createApiKey, enableTotp,
  listApiKeys, parseSessionCookie, requestPasswordReset, revokeApiKey, setupTotp, signIn, signOut, startPortalSignIn,
  verifyPortalSignIn, SESSION_TTL_MS,
} from './auth.js';

export interface TenantRoutesDeps {
  db: Database;
  config: Config;
  messenger: Messenger;
  dashboardCards: () => DashboardCard[];
}

const Id = z.string().regex(/^[a-z]{2,6}_[0-9a-z]{26}$/, 'an id like ten_…');
const IdParams = z.strictObject({ id: Id });

const TenantOut = z.object({
  id: z.string(), slug: z.string(), displayName: z.string(), status: z.enum(['pending', 'active', 'suspended']), kind: z.enum(['agency', 'platform']),
  hashAlgorithm: z.enum(['sha256', 'sm3']), legalName: z.string().nullable(), uscc: z.string().nullable(), legalRepresentative: z.string().nullable(),
  filingNumber: z.string().nullable(), lawFirm: z.enum(['is_law_firm', 'works_with_law_firm', 'none']), scopes: z.array(z.string()),
  customDomain: z.string().nullable(),
  branding: z.object({ logoUrl: z.string().optional(), colors: z.object({ primary: z.string().optional(), secondary: z.string().optional() }).optional(),
    complaintChannel: z.object({ phone: z.string().optional(), email: z.string().optional(), url: z.string().optional() }).optional(), tagline: z.string().optional() }),
  statusReason: z.string().nullable(), approvedAt: z.string().nullable(), filingSubmittedAt: z.string().nullable(), createdAt: z.string(),
});
const tenantOut = (t: TenantRow): z.infer<typeof TenantOut> => ({
  id: t.id, slug: t.slug, displayName: t.displayName, status: t.status, kind: t.kind, hashAlgorithm: t.hashAlgorithm, legalName: t.legalName,
  uscc: t.uscc, legalRepresentative: t.legalRepresentative, filingNumber: t.filingNumber, lawFirm: t.lawFirm, scopes: t.scopes, customDomain: t.customDomain,
  branding: t.branding, statusReason: t.statusReason, approvedAt: t.approvedAt?.toISOString() ?? null,
  filingSubmittedAt: t.filingSubmittedAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(),
});

const UserOut = z.object({
  id: z.string(), email: z.string(), displayName: z.string(), role: z.enum(Roles), status: z.enum(['active', 'disabled']),
  badgeNo: z.string().nullable(), totpEnabled: z.boolean(), createdAt: z.string(), lastLoginAt: z.string().nullable(),
});
const userOut = (u: UserRow): z.infer<typeof UserOut> => ({
  id: u.id, email: u.email, displayName: u.displayName, role: u.role as (typeof Roles)[number], status: u.status, badgeNo: u.badgeNo,
  totpEnabled: u.totpEnabled, createdAt: u.createdAt.toISOString(), lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});

const SessionOut = z.object({
  user: z.object({ id: z.string(), email: z.string().nullable(), displayName: z.string(), role: z.enum(Roles), tenantId: z.string(), totpEnabled: z.boolean() }),
  tenant: TenantOut,
  csrfToken: z.string(),
});

const MessageOut = z.object({ ok: z.literal(true) });

export async function tenantRoutes(app: App, deps: TenantRoutesDeps) {
  const { db, config, messenger } = deps;

  const siteTenant = async (req: FastifyRequest, slug?: string): Promise<TenantRow> => {
    const t = await withPlatform(db, (tx) => resolveSiteTenant(tx, req.headers.host, slug, config.publicHost));
    if (t) {
      req.auditTenantId = t.id; // sign-ins, resets and portal codes land in that tenant's audit trail
      return t;
    }
    if (slug) throw commonError('TENANT_NOT_FOUND', { field: 'tenant' });
    return withPlatform(db, (tx) => getTenant(tx, PLATFORM_SLUG));
  };
  // Secure when forced, when the public URL is HTTPS, or when this request came over HTTPS (TLS here, or a trusted
  // proxy's X-Forwarded-Proto: req.protocol believes that header only from TRUST_PROXY addresses).
  const setCookie = (req: FastifyRequest, reply: FastifyReply, value: string) =>
    reply.setCookie('rc_session', value, {
      httpOnly: true, sameSite: 'lax', path: '/', maxAge: SESSION_TTL_MS / 1000,
      secure: config.cookieSecure || config.publicUrl.startsWith('https:') || req.protocol === 'https',
    });

  // ---- auth ----
  app.post('/api/v1/auth/login', {
    config: { access: { public: true }, rateLimit: { max: 20, windowMs: 60_000 } },
    schema: { tags: ['auth'], summary: 'Sign in with email and password (and TOTP when enabled)', body: LoginInput, response: { 200: SessionOut } },
  }, async (req, reply) => {
    const t = await siteTenant(req, req.body.tenant);
    const s = await withTenant(db, t.id, (tx) => signIn(tx, t.id, req.body, req.ip));
    if (s instanceof Error) throw s;
    setCookie(req, reply, s.cookie);
    return { user: { id: s.user.id, email: s.user.email, displayName: s.user.displayName, role: s.user.role as (typeof Roles)[number], tenantId: t.id, totpEnabled: s.user.totpEnabled }, tenant: tenantOut(t), csrfToken: s.csrfToken };
  });

  app.post('/api/v1/auth/logout', {
    config: { access: { public: true } },
    schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } },
  }, async (req, reply) => {
    const c = parseSessionCookie(req.cookies.rc_session);
    if (c) await withTenant(db, c.tenantId, (tx) => signOut(tx, c.token));
    reply.clearCookie('rc_session', { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    config: { access: { roles: Roles, allowInactiveTenant: true } },
    schema: { tags: ['auth'], summary: 'The signed-in user, their tenant and the CSRF token', response: { 200: SessionOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    const t = await req.inTenant((tx) => getTenant(tx, p.tenant.id));
    let email: string | null = null;
    let totpEnabled = false;
    if (p.kind === 'user') {
      const u = await req.inTenant((tx) => one<{ email: string; totp_enabled: boolean }>(tx, sql`SELECT email, totp_enabled FROM tenants.users WHERE id = ${p.userId}`));
      email = u?.email ?? null;
      totpEnabled = !!u?.totp_enabled;
    }
    return { user: { id: p.userId, email, displayName: p.displayName, role: p.role, tenantId: p.tenant.id, totpEnabled }, tenant: tenantOut(t), csrfToken: p.csrfToken ?? '' };
  });

  app.post('/api/v1/auth/password-reset/request', {
    config: { access: { public: true }, rateLimit: { max: 5, windowMs: 60_000 } },
    schema: { tags: ['auth'], summary: 'Email a one-time password-reset link', body: z.strictObject({ tenant: z.string().max(60).optional(), email: z.email().max(200) }), response: { 202: MessageOut } },
  }, async (req, reply) => {
    const t = await siteTenant(req, req.body.tenant);
    await withTenant(db, t.id, (tx) => requestPasswordReset(tx, t, req.body.email, messenger, config.publicUrl));
    return reply.code(202).send({ ok: true as const });
  });

  app.post('/api/v1/auth/password-reset/confirm', {
    config: { access: { public: true }, rateLimit: { max: 10, windowMs: 60_000 } },
    schema: { tags: ['auth'], summary: 'Set a new password with a reset link token', body: z.strictObject({ tenant: z.string().max(60).optional(), token: z.string().min(20).max(100), password: z.string().max(200) }), response: { 204: z.null() } },
  }, async (req, reply) => {
    const t = await siteTenant(req, req.body.tenant);
    await withTenant(db, t.id, (tx) => confirmPasswordReset(tx, req.body.token, req.body.password));
    return reply.code(204).send(null);
  });

  app.post('/api/v1/auth/totp/setup', {
    config: { access: { roles: Roles.filter((r) => r !== 'debtor'), allowInactiveTenant: true } },
    schema: { tags: ['auth'], summary: 'Start TOTP enrolment', response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) } },
  }, async (req) => req.inTenant((tx) => setupTotp(tx, requirePrincipal(req).userId, 'Recourse')));

  app.post('/api/v1/auth/totp/enable', {
    config: { access: { roles: Roles.filter((r) => r !== 'debtor'), allowInactiveTenant: true } },
    schema: { tags: ['auth'], summary: 'Confirm TOTP with a code', body: z.strictObject({ code: z.string().regex(/^\d{6}$/) }), response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => enableTotp(tx, requirePrincipal(req).userId, req.body.code));
    return reply.code(204).send(null);
  });

  app.post('/api/v1/portal/login/start', {
    config: { access: { public: true }, rateLimit: { max: 10, windowMs: 60_000 } },
    schema: { tags: ['portal'], summary: 'Debtor portal: send a one-time code', body: PortalStartInput, response: { 202: MessageOut } },
  }, async (req, reply) => {
    const t = await siteTenant(req, req.body.tenant);
    await withTenant(db, t.id, (tx) => startPortalSignIn(tx, toTenantContext(t), req.body, messenger));
    return reply.code(202).send({ ok: true as const });
  });

  app.post('/api/v1/portal/login/verify', {
    config: { access: { public: true }, rateLimit: { max: 10, windowMs: 60_000 } },
    schema: { tags: ['portal'], summary: 'Debtor portal: sign in with the one-time code', body: PortalVerifyInput, response: { 200: SessionOut } },
  }, async (req, reply) => {
    const t = await siteTenant(req, req.body.tenant);
    const s = await withTenant(db, t.id, (tx) => verifyPortalSignIn(tx, toTenantContext(t), req.body, req.ip, messenger));
    if (s instanceof Error) throw s;
    setCookie(req, reply, s.cookie);
    return { user: { id: `debtor:${s.caseRef}`, email: null, displayName: s.displayName, role: 'debtor' as const, tenantId: t.id, totpEnabled: false }, tenant: tenantOut(t), csrfToken: s.csrfToken };
  });

  // ---- operator: tenant onboarding and approval ----
  const operator = { roles: ['platform_operator'] as const };
  app.get('/api/v1/platform/tenants', {
    config: { access: { roles: ['platform_operator', 'regulator'] } },
    schema: { tags: ['platform'], summary: 'All tenants with their filing status', response: { 200: z.object({ items: z.array(TenantOut) }) } },
  }, async () => ({ items: (await withPlatform(db, listTenants)).filter((t) => t.kind === 'agency').map(tenantOut) }));

  app.post('/api/v1/platform/tenants', {
    config: { access: operator },
    schema: {
      tags: ['platform'], summary: 'Onboard an agency (pending until its filing is approved)',
      body: CreateTenantInput.extend({ adminEmail: z.email().max(200), adminName: z.string().trim().min(1).max(60) }).strict(),
      response: { 201: TenantOut },
    },
  }, async (req, reply) => {
    const { adminEmail, adminName, ...input } = req.body;
    const t = await withPlatform(db, (tx) => createTenant(tx, input));
    await withTenant(db, t.id, async (tx) => {
      await createUser(tx, t, { email: adminEmail.toLowerCase(), displayName: adminName, role: 'tenant_admin' });
      await requestPasswordReset(tx, t, adminEmail, messenger, config.publicUrl); // the invitation: set your password
    });
    return reply.code(201).send(tenantOut(t));
  });

  app.put('/api/v1/platform/tenants/:id/filing', {
    config: { access: operator },
    schema: { tags: ['platform'], summary: 'Record a tenant’s filing (备案) and business scope', params: IdParams, body: FilingInput, response: { 200: TenantOut } },
  }, async (req) => tenantOut(await withPlatform(db, (tx) => submitFiling(tx, req.params.id, req.body))));

  app.post('/api/v1/platform/tenants/:id/approve', {
    config: { access: operator },
    schema: { tags: ['platform'], summary: 'Approve a complete filing', params: IdParams, response: { 200: TenantOut } },
  }, async (req) => tenantOut(await withPlatform(db, (tx) => approveTenant(tx, req.params.id, requirePrincipal(req).userId))));

  app.post('/api/v1/platform/tenants/:id/suspend', {
    config: { access: operator },
    schema: { tags: ['platform'], summary: 'Suspend a tenant', params: IdParams, body: z.strictObject({ reason: z.string().trim().min(3).max(500) }), response: { 200: TenantOut } },
  }, async (req) => tenantOut(await withPlatform(db, (tx) => suspendTenant(tx, req.params.id, req.body.reason))));

  app.post('/api/v1/platform/tenants/:id/reinstate', {
    config: { access: operator },
    schema: { tags: ['platform'], summary: 'Lift a suspension', params: IdParams, response: { 200: TenantOut } },
  }, async (req) => tenantOut(await withPlatform(db, (tx) => reinstateTenant(tx, req.params.id))));

  // ---- tenant settings ----
  app.get('/api/v1/tenant', {
    config: { access: { roles: [...StaffRoles, 'creditor'], allowInactiveTenant: true } },
    schema: { tags: ['tenant'], summary: 'The tenant with its filing and branding', response: { 200: TenantOut } },
  }, async (req) => tenantOut(await req.inTenant((tx) => getTenant(tx, requirePrincipal(req).tenant.id))));

  app.put('/api/v1/tenant/branding', {
    config: { access: { roles: ['tenant_admin'], allowInactiveTenant: true } },
    schema: { tags: ['tenant'], summary: 'Edit name, logo, colours, complaint channel and custom domain', body: BrandingInput, response: { 200: TenantOut } },
  }, async (req) => tenantOut(await req.inTenant((tx) => updateBranding(tx, requirePrincipal(req).tenant.id, req.body))));

  app.put('/api/v1/tenant/filing', {
    config: { access: { roles: ['tenant_admin'], allowInactiveTenant: true } },
    schema: { tags: ['tenant'], summary: 'Submit the filing record for the operator’s approval', body: FilingInput, response: { 200: TenantOut } },
  }, async (req) => {
    const id = requirePrincipal(req).tenant.id;
    // The filing row is written by the platform role (tenants may not change their own status or scopes directly).
    return tenantOut(await withPlatform(db, (tx) => submitFiling(tx, id, req.body)));
  });

  // ---- users ----
  app.get('/api/v1/users', {
    config: { access: { roles: ['tenant_admin', 'platform_operator', 'compliance_officer'], allowInactiveTenant: true } },
    schema: { tags: ['users'], summary: 'Users of the tenant', response: { 200: z.object({ items: z.array(UserOut) }) } },
  }, async (req) => ({ items: (await req.inTenant(listUsers)).map(userOut) }));

  app.post('/api/v1/users', {
    config: { access: { roles: ['tenant_admin', 'platform_operator'], allowInactiveTenant: true } },
    schema: { tags: ['users'], summary: 'Create a user with a role', body: CreateUserInput, response: { 201: UserOut } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const u = await req.inTenant(async (tx) => {
      const created = await createUser(tx, p.tenant, req.body);
      if (!req.body.password) await requestPasswordReset(tx, p.tenant, created.email, messenger, config.publicUrl);
      return created;
    });
    return reply.code(201).send(userOut(u));
  });

  app.patch('/api/v1/users/:id', {
    config: { access: { roles: ['tenant_admin', 'platform_operator'], allowInactiveTenant: true } },
    schema: { tags: ['users'], summary: 'Change a user’s role or status', params: IdParams, body: UpdateUserInput, response: { 200: UserOut } },
  }, async (req) => userOut(await req.inTenant((tx) => updateUser(tx, requirePrincipal(req).tenant, req.params.id, req.body))));

  // ---- API keys ----
  // Keys are owned: a tenant admin sees and revokes every key of the tenant, anyone else only their own.
  const keyOwnerFilter = (req: FastifyRequest) => {
    const p = requirePrincipal(req);
    return p.role === 'tenant_admin' ? {} : { ownerId: p.userId };
  };
  const ApiKeyOut = z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
  app.get('/api/v1/api-keys', {
    config: { access: { roles: ['tenant_admin', 'creditor'] } },
    schema: { tags: ['api-keys'], summary: 'API keys (secrets are never shown again)', response: { 200: z.object({ items: z.array(ApiKeyOut) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listApiKeys(tx, keyOwnerFilter(req))) }));
  app.post('/api/v1/api-keys', {
    config: { access: { roles: ['tenant_admin', 'creditor'] } },
    schema: { tags: ['api-keys'], summary: 'Create an API key; the secret is returned once', body: CreateApiKeyInput, response: { 201: z.object({ key: ApiKeyOut, secret: z.string() }) } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    return reply.code(201).send(await req.inTenant((tx) => createApiKey(tx, p.tenant.id, p.userId, req.body)));
  });
  app.delete('/api/v1/api-keys/:id', {
    config: { access: { roles: ['tenant_admin', 'creditor'] } },
    schema: { tags: ['api-keys'], summary: 'Revoke an API key', params: IdParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => revokeApiKey(tx, req.params.id, keyOwnerFilter(req)));
    return reply.code(204).send(null);
  });

  // ---- outbox, audit, dashboard ----
  app.get('/api/v1/outbox', {
    config: { access: { roles: ['tenant_admin', 'platform_operator', 'compliance_officer'], allowInactiveTenant: true } },
    schema: {
      tags: ['operations'], summary: 'Messages handed to providers; the development provider delivers nothing',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), createdAt: z.string(), channel: z.string(), provider: z.string(), recipient: z.string(), subject: z.string().nullable(), body: z.string(), status: z.string(), purpose: z.string(), delivered: z.boolean() })) }) },
    },
  }, async (req) => ({ items: await req.inTenant((tx) => listOutbox(tx, req.query.limit)) }));

  app.get('/api/v1/audit', {
    config: { access: { roles: ['tenant_admin', 'compliance_officer', 'platform_operator'], allowInactiveTenant: true } },
    schema: {
      tags: ['operations'], summary: 'Audit trail of writes and unmasked reads',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100), action: z.string().max(200).optional() }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), at: z.string(), actorId: z.string().nullable(), actorRole: z.string().nullable(), action: z.string(), targetType: z.string().nullable(), targetId: z.string().nullable(), ip: z.string().nullable(), status: z.number().nullable(), reason: z.string().nullable() })) }) },
    },
  }, async (req) => ({ items: await req.inTenant((tx) => listAudit(tx, { limit: req.query.limit, action: req.query.action })) }));

  app.get('/api/v1/dashboard', {
    config: { access: { roles: [...StaffRoles, 'platform_operator', 'creditor'], allowInactiveTenant: true } },
    schema: { tags: ['operations'], summary: 'Counts for the dashboard cards', response: { 200: z.object({ cards: z.array(z.object({ key: z.string(), labelZh: z.string(), labelEn: z.string(), value: z.number() })) }) } },
  }, async (req) => {
    const cards = deps.dashboardCards();
    const values = await req.inTenant(async (tx) => {
      const out = [];
      for (const c of cards) out.push({ key: c.key, labelZh: c.labelZh, labelEn: c.labelEn, value: await c.count(tx) });
      return out;
    });
    return { cards: values };
  });

  // ---- public tenant site ----
  const SiteQuery = z.strictObject({ tenant: z.string().max(60).optional() });
  app.get('/api/v1/public/site', {
    config: { access: { public: true } },
    schema: {
      tags: ['public'], summary: 'Public landing data of a tenant site (by host or ?tenant=slug)', querystring: SiteQuery,
      response: { 200: z.object({ slug: z.string(), displayName: z.string(), kind: z.string(), status: z.string(), logoUrl: z.string().nullable(), tagline: z.string().nullable(),
        colors: z.object({ primary: z.string(), secondary: z.string() }), services: z.array(z.object({ scope: z.string(), labelZh: z.string(), labelEn: z.string() })),
        filingNumber: z.string().nullable(), legalName: z.string().nullable(), usccMasked: z.string().nullable(),
        complaintChannel: z.object({ phone: z.string().optional(), email: z.string().optional(), url: z.string().optional() }) }) },
    },
  }, async (req) => {
    const t = await siteTenant(req, req.query.tenant);
    const live = t.status === 'active';
    return {
      slug: t.slug, displayName: t.displayName, kind: t.kind, status: t.status, logoUrl: t.branding.logoUrl ?? null, tagline: t.branding.tagline ?? null,
      colors: { primary: t.branding.colors?.primary ?? '#1f6feb', secondary: t.branding.colors?.secondary ?? '#0b3d91' },
      // Only services the approved filing permits are advertised (COL-01).
      services: live ? t.scopes.filter((s): s is (typeof Scopes)[number] => (Scopes as readonly string[]).includes(s)).map((s) => ({ scope: s, labelZh: ScopeLabels[s].zh, labelEn: ScopeLabels[s].en })) : [],
      filingNumber: live ? t.filingNumber : null, legalName: t.legalName, usccMasked: t.uscc ? `${t.uscc.slice(0, 4)}**********${t.uscc.slice(-4)}` : null,
      complaintChannel: t.branding.complaintChannel ?? {},
    };
  });

  app.get('/api/v1/public/verify-collector', {
    config: { access: { public: true }, rateLimit: { max: 30, windowMs: 60_000 } },
    schema: {
      tags: ['public'], summary: 'COL-71: check that a collector’s badge number belongs to this agency',
      querystring: z.strictObject({ tenant: z.string().max(60).optional(), badge: z.string().trim().regex(/^[A-Za-z0-9-]{3,20}$/, '3–20 letters, digits or hyphens') }),
      response: { 200: z.object({ valid: z.boolean(), badge: z.string(), displayName: z.string().nullable(), role: z.string().nullable(), tenantDisplayName: z.string(), tenantStatus: z.string(), filingNumber: z.string().nullable() }) },
    },
  }, async (req) => {
    const t = await siteTenant(req, req.query.tenant);
    const u = await withTenant(db, t.id, (tx) =>
      one<{ display_name: string; role: string; status: string }>(tx, sql`SELECT display_name, role, status FROM tenants.users WHERE badge_no = ${req.query.badge}`),
    );
    const valid = !!u && u.status === 'active' && t.status === 'active';
    return {
      valid, badge: req.query.badge,
      // Surname + 工号 only: enough for the debtor to match the caller, not a directory of staff (PI-22 masking).
      displayName: valid ? `${u!.display_name.slice(0, 1)}**` : null,
      role: valid ? u!.role : null, tenantDisplayName: t.displayName, tenantStatus: t.status, filingNumber: t.status === 'active' ? t.filingNumber : null,
    };
  });
}

