// Pseudonymised analytics export (PI-10, PI-21, PI-22; issue 9): the tenant's cases as a data set that may leave the
// tenant (analytics, model training, a data room) only through `prepareExport` — an allow-list of columns, a keyed
// pseudonym instead of any identifier, amounts in bands, region generalised to city or province — and a k-anonymity
// check (k ≥ 5 by default) over the quasi-identifiers. Failing classes refuse the export (422
// PII_K_ANONYMITY_FAILED) unless record suppression is asked for and drops at most 5 % of rows. Every export is
// audit-logged (counts only). Pseudonyms are stable per purpose (keyed from the installation's index key, which does
// not follow KEK rotation) and unlinkable across purposes; pseudonymised data is still personal data (PI-10).
import { createHmac } from 'node:crypto';
import type { Tx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { prepareExport, type ColumnSpec, type KAnonymityResult } from '../../platform/pii/index.js';
import { debtorRegions, type DebtorKeys } from '../debtors/index.js';
import { searchCases } from '../cases/index.js';

/** Generalised attributes a caller may ask for; each is a quasi-identifier (checked for k-anonymity together). */
export const ANALYTICS_FIELDS = ['region', 'amountBand', 'dpdBucket', 'stage', 'closeReason'] as const;
export type AnalyticsField = (typeof ANALYTICS_FIELDS)[number];

export interface AnalyticsExportInput {
  purpose: string;
  /** The generalised attributes to include (default all); fewer attributes make larger equivalence classes. */
  fields?: AnalyticsField[];
  level: 'city' | 'province';
  k: number;
  suppress: boolean;
  actorId: string;
  actorRole: string;
  tenantId: string;
}

export interface AnalyticsExport {
  columns: string[];
  rows: Record<string, string>[];
  kAnonymity: KAnonymityResult;
  suppressed: number;
}


export async function analyticsExport(tx: Tx, keys: DebtorKeys, input: AnalyticsExportInput): Promise<AnalyticsExport> {
  const cases: Awaited<ReturnType<typeof searchCases>>['items'] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await searchCases(tx, keys, { limit: 500, offset });
    cases.push(...page.items);
    if (page.items.length < 500) break;
  }
  const regions = await debtorRegions(tx, [...new Set(cases.map((c) => c.debtorId))]);
  const source = cases.map((c) => ({
    debtorId: c.debtorId, caseId: c.id, stage: c.stage, closeReason: c.closeReason ?? '', dpdBucket: c.dpdBucket, principalFen: c.principalFen,
    region: regions.get(c.debtorId) ?? '', currency: c.currency,
  }));
  const pseudonymKey = createHmac('sha256', keys.indexKey).update('privacy.analytics-export.v1').digest();
  const fields: AnalyticsField[] = input.fields?.length ? ANALYTICS_FIELDS.filter((f) => input.fields!.includes(f)) : [...ANALYTICS_FIELDS];
  const all: Record<AnalyticsField, ColumnSpec> = {
    region: { op: 'region', level: input.level },
    amountBand: { op: 'amountBand', from: 'principalFen' },
    dpdBucket: { op: 'keep' }, stage: { op: 'keep' }, closeReason: { op: 'keep' },
  };
  const columns: Record<string, ColumnSpec> = { subject: { op: 'pseudonym', from: 'debtorId' }, case: { op: 'pseudonym', from: 'caseId' } };
  for (const f of fields) columns[f] = all[f];
  columns.currency = { op: 'keep' };
  const prepared = prepareExport(source, {
    purpose: input.purpose, pseudonymKey, k: input.k, onViolation: input.suppress ? 'suppress' : 'refuse', columns, quasiIdentifiers: fields,
  });
  await recordAudit(tx, {
    tenantId: input.tenantId, actorId: input.actorId, actorRole: input.actorRole, action: 'privacy.analytics.export', targetType: 'tenant', targetId: input.tenantId,
    detail: { rule: 'PI-21', purpose: input.purpose, fields, level: input.level, k: input.k, rows: prepared.rows.length, suppressed: prepared.suppressed, minClassSize: prepared.kAnonymity.minClassSize },
  });
  return { columns: Object.keys(columns), rows: prepared.rows, kAnonymity: prepared.kAnonymity, suppressed: prepared.suppressed };
}

/** CSV (UTF-8 with BOM) of an export. Values are pseudonyms, codes and bands only. */
export function analyticsCsv(e: AnalyticsExport): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\ufeff' + [e.columns.join(','), ...e.rows.map((r) => e.columns.map((c) => cell(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}
