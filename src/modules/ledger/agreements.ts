// Creditor agreements: the fee agreement (fixed + contingency tiers with bands, minimum, cap), the payment-plan bounds
// the creditor allows and the amount above which a disbursement needs a second approver. Versioned and append-only:
// a change is a new version, and money recovered under a version is charged under that version only (fee key).
// Without an agreement a creditor is charged nothing and plans follow conservative defaults.
import { z } from 'zod';
import { formatYuan, parseYuan } from '../../platform/money.js';
import { one, sql, type Tx } from '../../platform/db/index.js';
import { getCreditor } from '../cases/index.js';
import { validateFeeAgreement, type FeeAgreement } from './fees.js';
import type { PlanBounds } from './payment-plans.js';
import { lockLedgerWrites } from './evidence-seam.js';

export const Money = z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, 'a decimal amount like "1234.50"');

export const AgreementBody = z.strictObject({
  fixed: z.strictObject({ amount: Money, basis: z.enum(['per_case', 'per_placement']) }).nullable().optional(),
  tiers: z.array(z.strictObject({
    maxDebtAgeDays: z.number().int().min(0).max(100_000).optional(),
    maxDebtAmount: Money.optional(),
    bands: z.array(z.strictObject({ upTo: Money.optional(), bps: z.number().int().min(0).max(10_000) })).min(1).max(10),
  })).min(1).max(10),
  min: Money.nullable().optional(),
  cap: Money.nullable().optional(),
  planBounds: z.strictObject({ minInstalment: Money, maxTermMonths: z.number().int().min(1).max(120), settlementFloorBps: z.number().int().min(0).max(10_000) }),
  approvalThreshold: Money,
});
export type AgreementBody = z.infer<typeof AgreementBody>;

export interface CreditorAgreement {
  id: string;
  /** 0 = no agreement stored (defaults). */
  version: number;
  creditorId: string;
  fee: FeeAgreement;
  planBounds: PlanBounds;
  approvalThresholdFen: bigint;
  createdAt: string | null;
  createdBy: string | null;
  body: AgreementBody;
}

export const DEFAULT_AGREEMENT_BODY: AgreementBody = {
  tiers: [{ bands: [{ bps: 0 }] }],
  planBounds: { minInstalment: '100.00', maxTermMonths: 12, settlementFloorBps: 10_000 },
  approvalThreshold: '10000.00',
};

const agreementId = (creditorId: string) => `fa_${creditorId.replace(/^[a-z]+_/, '')}`;

/** The pure conversion from the JSON body (decimal strings) to the fee agreement (bigint fen). Throws LEDGER_FEE_AGREEMENT_INVALID. */
export function toAgreement(creditorId: string, version: number, body: AgreementBody, meta: { createdAt: string | null; createdBy: string | null }): CreditorAgreement {
  const fee: FeeAgreement = {
    id: agreementId(creditorId),
    version,
    creditorId,
    tiers: body.tiers.map((t) => ({
      ...(t.maxDebtAgeDays !== undefined ? { maxDebtAgeDays: t.maxDebtAgeDays } : {}),
      ...(t.maxDebtAmount !== undefined ? { maxDebtAmountFen: parseYuan(t.maxDebtAmount) } : {}),
      bands: t.bands.map((b) => ({ bps: BigInt(b.bps), ...(b.upTo !== undefined ? { uptoFen: parseYuan(b.upTo) } : {}) })),
    })),
    ...(body.fixed ? { fixed: { amountFen: parseYuan(body.fixed.amount), basis: body.fixed.basis } } : {}),
    ...(body.min ? { minFen: parseYuan(body.min) } : {}),
    ...(body.cap ? { capFen: parseYuan(body.cap) } : {}),
  };
  validateFeeAgreement(fee);
  return {
    id: fee.id, version, creditorId, fee, body, ...meta,
    planBounds: { minInstalmentFen: parseYuan(body.planBounds.minInstalment), maxTermMonths: body.planBounds.maxTermMonths, settlementFloorBps: BigInt(body.planBounds.settlementFloorBps) },
    approvalThresholdFen: parseYuan(body.approvalThreshold),
  };
}

/** The creditor's agreement in force (latest version), or the defaults (version 0). Throws CASES_CREDITOR_NOT_FOUND. */
export async function getCreditorAgreement(tx: Tx, creditorId: string, opts: { version?: number } = {}): Promise<CreditorAgreement> {
  await getCreditor(tx, creditorId);
  const r = await one<{ version: number; body: AgreementBody; created_at: Date | string; created_by: string }>(
    tx,
    sql`SELECT version, body, created_at, created_by FROM ledger.creditor_agreements
        WHERE tenant_id = current_setting('app.tenant_id', true) AND creditor_id = ${creditorId}
        ${opts.version !== undefined ? sql`AND version = ${opts.version}` : sql``}
        ORDER BY version DESC LIMIT 1`,
  );
  if (!r) return toAgreement(creditorId, 0, DEFAULT_AGREEMENT_BODY, { createdAt: null, createdBy: null });
  const body = typeof r.body === 'string' ? (JSON.parse(r.body) as AgreementBody) : r.body;
  return toAgreement(creditorId, Number(r.version), body, { createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by });
}

/** Stores a new version. Throws CASES_CREDITOR_NOT_FOUND, LEDGER_FEE_AGREEMENT_INVALID. */
export async function putCreditorAgreement(tx: Tx, creditorId: string, body: AgreementBody, actorId: string): Promise<CreditorAgreement> {
  await getCreditor(tx, creditorId);
  await lockLedgerWrites(tx);
  const cur = await one<{ v: number }>(tx, sql`SELECT COALESCE(max(version), 0)::int AS v FROM ledger.creditor_agreements
    WHERE tenant_id = current_setting('app.tenant_id', true) AND creditor_id = ${creditorId}`);
  const version = Number(cur?.v ?? 0) + 1;
  const a = toAgreement(creditorId, version, body, { createdAt: new Date().toISOString(), createdBy: actorId });
  await tx.execute(sql`INSERT INTO ledger.creditor_agreements (tenant_id, creditor_id, version, id, body, created_by)
    VALUES (current_setting('app.tenant_id', true), ${creditorId}, ${version}, ${a.id}, ${JSON.stringify(body)}::jsonb, ${actorId})`);
  return a;
}

export function agreementOut(a: CreditorAgreement) {
  return { id: a.id, version: a.version, creditorId: a.creditorId, createdAt: a.createdAt, createdBy: a.createdBy, ...a.body, approvalThreshold: formatYuan(a.approvalThresholdFen) };
}
