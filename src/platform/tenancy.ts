// Who may act, and within which business scope. The one shared check every module asks before it acts:
// a tenant acts only when its filing is approved (status active) and only within its approved business scope.
import { commonError } from './errors.js';

export const Roles = [
  'platform_operator', 'regulator', 'tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator',
  'creditor', 'debtor',
] as const;
export type Role = (typeof Roles)[number];

/** Staff roles that work inside an agency's back office. */
export const StaffRoles: readonly Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];

export const Scopes = [
  'debt_consulting', 'collection_outsourcing', 'mediation', 'legal_documents', 'claim_transfer', 'asset_monitoring',
  'credit_repair',
] as const;
export type Scope = (typeof Scopes)[number];

export const ScopeLabels: Record<Scope, { zh: string; en: string }> = {
  debt_consulting: { zh: '债务咨询', en: 'Debt consulting' },
  collection_outsourcing: { zh: '委外催收服务', en: 'Collection outsourcing' },
  mediation: { zh: '纠纷调解', en: 'Mediation' },
  legal_documents: { zh: '法律文书服务', en: 'Legal documents' },
  claim_transfer: { zh: '债权转让服务', en: 'Claim transfer' },
  asset_monitoring: { zh: '资产监测', en: 'Asset monitoring' },
  credit_repair: { zh: '信用修复课程', en: 'Credit-repair courses' },
};

export type TenantStatus = 'pending' | 'active' | 'suspended';
export type LawFirmRelation = 'is_law_firm' | 'works_with_law_firm' | 'none';

export interface TenantContext {
  id: string;
  slug: string;
  status: TenantStatus;
  kind: 'agency' | 'platform';
  scopes: readonly string[];
  lawFirm: LawFirmRelation;
  hashAlgorithm: 'sha256' | 'sm3';
}

/** Throws TENANT_NOT_ACTIVE unless the tenant's filing is approved and it is not suspended. */
export function assertTenantActive(t: Pick<TenantContext, 'status' | 'kind'>): void {
  if (t.kind === 'platform') return;
  if (t.status !== 'active') {
    throw commonError('TENANT_NOT_ACTIVE', {
      detail: t.status === 'pending' ? 'The tenant’s filing (备案) has not been approved yet' : 'The tenant is suspended',
      rule: 'COL-01',
      extra: { tenantStatus: t.status },
    });
  }
}

/** Throws TENANT_NOT_ACTIVE or TENANT_SCOPE_MISSING (naming the scope) unless the tenant may do `scope`. */
export function assertTenantCan(t: Pick<TenantContext, 'status' | 'kind' | 'scopes'>, scope: Scope): void {
  assertTenantActive(t);
  if (!t.scopes.includes(scope)) {
    throw commonError('TENANT_SCOPE_MISSING', {
      detail: `Business scope “${ScopeLabels[scope].zh} / ${ScopeLabels[scope].en}” (${scope}) is not in the tenant’s approved filing`,
      rule: 'COL-01',
      extra: { missingScope: scope },
    });
  }
}

/** Lawyer's letters and other law-firm work only for tenants that are or work with a law firm. */
export function canActAsLawFirm(t: Pick<TenantContext, 'lawFirm'>): boolean {
  return t.lawFirm === 'is_law_firm' || t.lawFirm === 'works_with_law_firm';
}
