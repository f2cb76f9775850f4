// Turns a request's session cookie or API key into a Principal for platform/http's access control.
import type { FastifyRequest } from 'fastify';
import { withTenant, type Database } from '../../platform/db/index.js';
import type { Principal } from '../../platform/http/access.js';
import { parseApiKey, parseSessionCookie, resolveApiKey, resolveSession } from './auth.js';
import { getTenant, toTenantContext } from './tenants.js';

export function createAuthenticator(db: Database) {
  return async function authenticate(req: FastifyRequest): Promise<Principal | null> {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const k = parseApiKey(auth.slice(7).trim());
      if (!k) return null;
      return withTenant(db, k.tenantId, async (tx) => {
        const key = await resolveApiKey(tx, k.keyId, k.secret);
        if (!key) return null;
        const t = toTenantContext(await getTenant(tx, k.tenantId));
        return { kind: 'api_key' as const, tenant: t, id: k.keyId, userId: key.userId, role: key.role, displayName: key.displayName, apiScopes: key.scopes };
      });
    }
    const c = parseSessionCookie(req.cookies?.rc_session);
    if (!c) return null;
    return withTenant(db, c.tenantId, async (tx) => {
      const s = await resolveSession(tx, c.token);
      if (!s) return null;
      const t = toTenantContext(await getTenant(tx, c.tenantId));
      return { kind: s.kind, tenant: t, id: s.userId, userId: s.userId, role: s.role, displayName: s.displayName, csrfToken: s.csrfToken, subject: s.subject };
    });
  };
}
