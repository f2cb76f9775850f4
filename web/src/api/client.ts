// A small typed fetch client for /api/v1: cookie session, CSRF header on writes, RFC 9457 problems as ApiError.

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  field?: string;
  rule?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly detail?: string;
  readonly rule?: string;
  readonly errors: { field: string; message: string }[];
  constructor(p: Problem) {
    super(p.detail || p.title || p.code);
    this.name = 'ApiError';
    this.status = p.status;
    this.code = p.code;
    this.field = p.field;
    this.detail = p.detail;
    this.rule = p.rule;
    this.errors = p.errors ?? [];
  }
  /** Field errors keyed by form field name ("body.uscc" → "uscc"; nested "body.colors.primary" → "colors.primary"). */
  fieldErrors(): { name: string; message: string }[] {
    const out = this.errors.map((e) => ({ name: stripBody(e.field), message: e.message }));
    if (this.field && !out.some((e) => e.name === stripBody(this.field!))) out.push({ name: stripBody(this.field), message: this.detail || this.title() });
    return out;
  }
  title(): string {
    return this.message;
  }
}

const stripBody = (f: string) => f.replace(/^(body|query|params|querystring)\.?/, '');

let csrfToken = '';
export function setCsrfToken(t: string) {
  csrfToken = t;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, credentials: 'include', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'NETWORK', detail: (e as Error).message });
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (data && typeof data === 'object' && 'code' in data) throw new ApiError(data as Problem);
    throw new ApiError({ status: res.status, code: `HTTP_${res.status}`, detail: typeof data === 'string' ? data.slice(0, 200) : undefined });
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body);
export const patch = <T>(url: string, body: unknown) => api<T>('PATCH', url, body);
export const del = <T>(url: string) => api<T>('DELETE', url);

// ---- types of the foundation API (docs/api-foundation.md) ----

export type Role =
  | 'platform_operator' | 'regulator' | 'tenant_admin' | 'collector' | 'legal_officer' | 'compliance_officer' | 'mediator' | 'creditor' | 'debtor';
export const ROLES: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator', 'creditor'];
export const SCOPES = ['debt_consulting', 'collection_outsourcing', 'mediation', 'legal_documents', 'claim_transfer', 'asset_monitoring', 'credit_repair'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Branding {
  logoUrl?: string;
  colors?: { primary?: string; secondary?: string };
  complaintChannel?: { phone?: string; email?: string; url?: string };
  tagline?: string;
}

export interface Tenant {
  id: string;
  slug: string;
  displayName: string;
  status: 'pending' | 'active' | 'suspended';
  kind: 'agency' | 'platform';
  hashAlgorithm: 'sha256' | 'sm3';
  legalName: string | null;
  uscc: string | null;
  legalRepresentative: string | null;
  filingNumber: string | null;
  lawFirm: 'is_law_firm' | 'works_with_law_firm' | 'none';
  scopes: string[];
  customDomain: string | null;
  branding: Branding;
  statusReason: string | null;
  approvedAt: string | null;
  filingSubmittedAt: string | null;
  createdAt: string;
}

export interface SessionUser {
  id: string;
  email: string | null;
  displayName: string;
  role: Role;
  tenantId: string;
  totpEnabled: boolean;
}

export interface Session {
  user: SessionUser;
  tenant: Tenant;
  csrfToken: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  badgeNo: string | null;
  totpEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export const API_KEY_SCOPES = ['cases:read', 'cases:write', 'payments:read', 'documents:read', 'evidence:read'] as const;

export interface OutboxMessage {
  id: string;
  createdAt: string;
  channel: string;
  provider: string;
  recipient: string;
  subject: string | null;
  body: string;
  status: string;
  purpose: string;
  delivered: boolean;
}

export interface AuditEvent {
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

export interface DashboardCard {
  key: string;
  labelZh: string;
  labelEn: string;
  value: number;
}

export interface PublicSite {
  slug: string;
  displayName: string;
  kind: string;
  status: string;
  logoUrl: string | null;
  tagline: string | null;
  colors: { primary: string; secondary: string };
  services: { scope: string; labelZh: string; labelEn: string }[];
  filingNumber: string | null;
  legalName: string | null;
  usccMasked: string | null;
  complaintChannel: { phone?: string; email?: string; url?: string };
}

export interface CollectorCheck {
  valid: boolean;
  badge: string;
  displayName: string | null;
  role: string | null;
  tenantDisplayName: string;
  tenantStatus: string;
  filingNumber: string | null;
}

/** Labels of the business scopes (mirror of src/platform/tenancy.ts ScopeLabels). */
export const SCOPE_LABELS: Record<Scope, { zh: string; en: string }> = {
  debt_consulting: { zh: '债务咨询', en: 'Debt consulting' },
  collection_outsourcing: { zh: '委外催收服务', en: 'Collection outsourcing' },
  mediation: { zh: '纠纷调解', en: 'Mediation' },
  legal_documents: { zh: '法律文书服务', en: 'Legal documents' },
  claim_transfer: { zh: '债权转让服务', en: 'Claim transfer' },
  asset_monitoring: { zh: '资产监测', en: 'Asset monitoring' },
  credit_repair: { zh: '信用修复课程', en: 'Credit-repair courses' },
};
