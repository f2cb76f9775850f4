// The signed-in session for this site (from /auth/me or the login answer) and the site location.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, get, post, setCsrfToken, type Session } from './api/client';
import type { SiteLocation } from './tenant';

interface SessionState {
  site: SiteLocation;
  session: Session | null;
  loading: boolean;
  setSession(s: Session | null): void;
  reload(): Promise<void>;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

/**
 * A session belongs to this site only if its tenant is the one the URL names; on a host that names no tenant
 * (the platform host or a custom domain) it must be the tenant the server resolves for the host.
 */
export async function sessionFitsSite(s: Session, site: SiteLocation): Promise<boolean> {
  if (site.slug) return s.tenant.slug === site.slug;
  const host = await get<{ slug: string }>('/api/v1/public/site').catch(() => null);
  return !!host && host.slug === s.tenant.slug;
}

export function SessionProvider({ site, children }: { site: SiteLocation; children: ReactNode }) {
  const [session, setSessionState] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const setSession = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? '');
    setSessionState(s);
  }, []);
  const reload = useCallback(async () => {
    try {
      const s = await get<Session>('/api/v1/auth/me');
      setSession((await sessionFitsSite(s, site)) ? s : null);
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) console.error(e);
      setSession(null);
    } finally {
      setLoading(false);
    }
  }, [setSession, site]);
  const signOut = useCallback(async () => {
    await post('/api/v1/auth/logout').catch(() => undefined);
    setSession(null);
  }, [setSession]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const value = useMemo(() => ({ site, session, loading, setSession, reload, signOut }), [site, session, loading, setSession, reload, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
