// Per-route access control. Every /api route declares `config.access` (public, or the roles allowed and the
// business scope it needs); a route without it fails at start-up, so nothing is accidentally open.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commonError } from '../errors.js';
import { assertTenantActive, assertTenantCan, type Role, type Scope, type TenantContext } from '../tenancy.js';
import { withTenant, type Database, type Tx } from '../db/index.js';

export interface Principal {
  kind: 'user' | 'api_key' | 'debtor';
  tenant: TenantContext;
  /** User id (staff and creditor users), API key id, or debtor-session id. */
  id: string;
  /** The user the API key belongs to, or the user itself. */
  userId: string;
  role: Role;
  displayName: string;
  /** Set for cookie sessions: must come back in the x-csrf-token header on unsafe methods. */
  csrfToken?: string;
  /** API-key scopes (e.g. 'cases:write'); undefined for sessions. */
  apiScopes?: readonly string[];
  /** For debtor sessions: the case reference the debtor signed in with. */
  subject?: string;
}

export type Access =
  | { public: true }
  | {
      roles: readonly Role[];
      /** Business scope the tenant's filing must include (checked by the one shared assertTenantCan). */
      scope?: Scope;
      /** Reads and filing/branding edits are allowed while a tenant is pending; everything else is refused. */
      allowInactiveTenant?: boolean;
      /** API keys may call this route when they carry this scope. */
      apiKeyScope?: string;
    };

export interface RateLimit {
  max: number;
  windowMs: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    rateLimit?: RateLimit;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** For public requests that act on a tenant (sign-in, reset, portal): whose audit trail records them. */
    auditTenantId?: string;
    /** Run a use case in a transaction scoped (by RLS) to the caller's tenant. */
    inTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  }
  interface FastifyInstance {
    db: Database;
  }
}

export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw commonError('UNAUTHENTICATED');
  return req.principal;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyApp = FastifyInstance<any, any, any, any, any>;

export function installAccessControl(app: AnyApp, authenticate: Authenticator) {
  app.decorateRequest('principal', null);
  app.decorateRequest('inTenant', function <T>(this: FastifyRequest, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const p = requirePrincipal(this);
    return withTenant(app.db, p.tenant.id, fn);
  });

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || url === '/api/openapi.json') return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${url} declares no config.access`);
    // Publish the access rule in the OpenAPI document: public routes need no credentials, others a session or key.
    route.schema = { ...(route.schema ?? {}), security: 'public' in access ? [] : [{ session: [] }, { apiKey: [] }] } as typeof route.schema;
  });

  // Before validation: who you are and what your tenant may do is answered before what your input looks like.
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    req.principal = await authenticate(req);
    if ('public' in access) return;
    const p = req.principal;
    if (!p) throw commonError('UNAUTHENTICATED');
    if (!access.roles.includes(p.role)) {
      throw commonError('FORBIDDEN', { detail: `Role ${p.role} may not do this (allowed: ${access.roles.join(', ')})` });
    }
    if (p.kind === 'api_key') {
      if (!access.apiKeyScope || !p.apiScopes?.includes(access.apiKeyScope)) {
        throw commonError('FORBIDDEN', { detail: `API key lacks scope ${access.apiKeyScope ?? '(none allowed)'}` });
      }
    } else if (!SAFE.has(req.method) && p.csrfToken && req.headers['x-csrf-token'] !== p.csrfToken) {
      throw commonError('CSRF_FAILED');
    }
    if (access.scope) assertTenantCan(p.tenant, access.scope);
    else if (!SAFE.has(req.method) && !access.allowInactiveTenant) assertTenantActive(p.tenant);
  });
}

/** In-process fixed-window limiter keyed by route + client IP. Lock-out across processes lives in the database. */
export function installRateLimit(app: AnyApp) {
  const hits = new Map<string, { n: number; resetAt: number }>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
  }, 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  app.addHook('onRequest', async (req, reply) => {
    const rl = req.routeOptions.config?.rateLimit;
    if (!rl) return;
    const key = `${req.routeOptions.url}|${req.ip}`;
    const now = Date.now();
    const cur = hits.get(key);
    if (!cur || cur.resetAt <= now) {
      hits.set(key, { n: 1, resetAt: now + rl.windowMs });
      return;
    }
    cur.n++;
    if (cur.n > rl.max) {
      reply.header('retry-after', Math.ceil((cur.resetAt - now) / 1000));
      throw commonError('RATE_LIMITED', { detail: 'Too many attempts; wait and try again' });
    }
  });
}
