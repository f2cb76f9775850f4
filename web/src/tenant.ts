// Which site the page belongs to: a tenant named by the host (`<slug>.localhost`, or a custom domain the server
// resolves) or by the `/t/<slug>/` path prefix; otherwise the platform (operator) site.

export interface SiteLocation {
  /** Tenant slug named by the URL, or null for the platform site / a custom domain (resolved by the server). */
  slug: string | null;
  /** Router basename: `/t/<slug>` when the tenant comes from the path, else ''. */
  basename: string;
  /** How the tenant was named. */
  via: 'path' | 'host' | 'none';
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function siteFromLocation(hostname: string, pathname: string): SiteLocation {
  const m = /^\/t\/([^/]+)(?:\/|$)/.exec(pathname);
  if (m && SLUG.test(m[1])) return { slug: m[1], basename: `/t/${m[1]}`, via: 'path' };
  const h = hostname.toLowerCase();
  if (h.endsWith('.localhost')) {
    const sub = h.slice(0, -'.localhost'.length);
    if (SLUG.test(sub) && sub !== 'www') return { slug: sub, basename: '', via: 'host' };
  }
  return { slug: null, basename: '', via: 'none' };
}

/** Query suffix naming the tenant for public endpoints when the host does not. */
export function tenantQuery(site: SiteLocation): string {
  return site.via === 'path' && site.slug ? `tenant=${encodeURIComponent(site.slug)}` : '';
}

/** Body field naming the tenant for sign-in calls when the host does not. */
export function tenantBody(site: SiteLocation): { tenant?: string } {
  return site.via === 'path' && site.slug ? { tenant: site.slug } : {};
}
