// THE display policy (PI-20 §7.2, PI-22): per role, per data type, full | masked | hidden. Every screen, API
// response, document preview and export goes through maskRecord/maskText with this table (or a tenant's stricter
// copy, see `tightenPolicy`). Values are design defaults, not mandated by law; docs/privacy.md explains each row.
import type { PiiType } from './types.js';

export const ROLES = [
  'platform_operator',
  'tenant_admin',
  'collector',
  'legal_officer',
  'compliance_officer',
  'mediator',
  'creditor',
  'regulator',
  'debtor',
] as const;
export type Role = (typeof ROLES)[number];

export type Visibility = 'full' | 'masked' | 'hidden';
export type PiiPolicy = Readonly<Record<Role, Readonly<Record<PiiType, Visibility>>>>;

const F = 'full' as const;
const M = 'masked' as const;
const H = 'hidden' as const;
const COLS: readonly PiiType[] = ['id_card', 'mobile', 'landline', 'bank_card', 'uscc', 'email', 'plate', 'name', 'address'];

//                          id_card mobile landline bank_card uscc email plate name address
const TABLE: Record<Role, Visibility[]> = {
  platform_operator:  [M, M, M, H, F, M, H, M, H], // runs the platform, not cases: no card/plate/home address
  tenant_admin:       [M, M, M, M, F, M, M, M, M], // manages staff and settings; unmasks per case with a reason
  collector:          [M, M, M, M, F, M, M, F, M], // case owner: full name (PI-22), dials through the platform
  legal_officer:      [F, F, F, M, F, F, F, F, F], // pleadings (DOC-01..04) need full identity and address
  compliance_officer: [M, M, M, M, F, M, M, F, M], // reviews complaints/recordings; unmasks with a reason
  mediator:           [M, M, M, H, F, M, H, F, M], // per case (PI-22); agreement drafting unmasks with a reason
  creditor:           [M, M, M, M, F, M, M, F, M], // sees progress of its own claims
  regulator:          [F, M, M, M, F, M, M, F, M], // per case (PI-22): identity full, contact data on request
  debtor:             [F, F, F, M, F, F, F, F, F], // own data only (caller enforces ownership); card stays masked
};

function build(table: Record<Role, Visibility[]>): PiiPolicy {
  const out = {} as Record<Role, Record<PiiType, Visibility>>;
  for (const r of ROLES) {
    out[r] = {} as Record<PiiType, Visibility>;
    COLS.forEach((t, i) => (out[r][t] = table[r][i]));
    Object.freeze(out[r]);
  }
  return Object.freeze(out);
}

/** Platform default policy (PI-22 defaults). */
export const DEFAULT_POLICY: PiiPolicy = build(TABLE);

const RANK: Record<Visibility, number> = { full: 0, masked: 1, hidden: 2 };

/**
 * A tenant's policy: overrides may only make visibility STRICTER (full → masked → hidden), never looser
 * (spec §0.2 platform policy: tenants may tighten, never loosen). Looser overrides are ignored.
 */
export function tightenPolicy(
  base: PiiPolicy,
  overrides: Partial<Record<Role, Partial<Record<PiiType, Visibility>>>>,
): PiiPolicy {
  const out = {} as Record<Role, Record<PiiType, Visibility>>;
  for (const r of ROLES) {
    out[r] = { ...base[r] };
    for (const [t, v] of Object.entries(overrides[r] ?? {}) as Array<[PiiType, Visibility]>) {
      if (RANK[v] > RANK[out[r][t]]) out[r][t] = v;
    }
    Object.freeze(out[r]);
  }
  return Object.freeze(out);
}

export function visibilityOf(policy: PiiPolicy, role: Role, type: PiiType): Visibility {
  return policy[role][type];
}
