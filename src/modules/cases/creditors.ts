// Creditors and their entrustments. A case may be placed or worked only under an entrustment that is in its term,
// not revoked, covers the work's scope, carries the creditor's lawful-debt attestation (COL-02) and a data-processing
// agreement (COL-03 / PIPL art 21). Sub-delegation (转包) stays off unless the creditor consented (COL-73).
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { isValidUscc } from '../../platform/cn-ids.js';
import { newId } from '../../platform/ids.js';
import type { Tx } from '../../platform/db/index.js';
import { isCalendarDate, daysBetween } from './dates.js';
import { creditors, entrustments } from './schema.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';

export const ENTRUSTMENT_SCOPES = ['collection_outsourcing', 'mediation', 'legal_documents', 'debt_consulting', 'asset_monitoring'] as const;
export type EntrustmentScope = (typeof ENTRUSTMENT_SCOPES)[number];

const CalendarDate = z.string().refine(isCalendarDate, 'not a calendar date (YYYY-MM-DD)');

export const CreateCreditorInput = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _'),
  name: z.string().trim().min(1).max(200),
  uscc: z.string().trim().toUpperCase().refine(isValidUscc, 'fails the GB 32100 check').optional(),
  /** CALC-01 scope: licensed FIs and local financial organisations fall outside the private-lending caps. */
  lenderKind: z.enum(['private', 'licensed_fi', 'local_financial_org']).default('private'),
  /** The creditor's own first-action window in hours (default 72). */
  firstActionHours: z.number().int().positive().max(24 * 30).optional(),
});
export type CreateCreditorInput = z.input<typeof CreateCreditorInput>;

export const EntrustmentInput = z.object({
  creditorId: z.string().min(1),
  scopes: z.array(z.enum(ENTRUSTMENT_SCOPES)).min(1),
  startsOn: CalendarDate,
  endsOn: CalendarDate,
  feeTermsRef: z.string().trim().min(1).max(200),
  contractRef: z.string().trim().min(1).max(200),
  /** COL-02: who at the creditor attested that the debts are lawful (no gambling, drugs or other illegal source). */
  lawfulDebtAttestation: z.object({ attestedBy: z.string().trim().min(1).max(200), attestedAt: z.coerce.date().optional() }),
  /** COL-03: the entrusted-processing agreement (purpose, term, method, categories, measures, end-of-term duty). */
  dpa: z.object({
    ref: z.string().trim().min(1).max(200),
    signedOn: CalendarDate,
    purpose: z.string().trim().min(1).max(500),
    piCategories: z.array(z.string().trim().min(1).max(60)).min(1),
    protectiveMeasures: z.string().trim().min(1).max(1000),
    endOfTerm: z.enum(['return', 'delete']),
  }),
  subdelegationConsent: z.boolean().default(false),
});
export type EntrustmentInput = z.input<typeof EntrustmentInput>;

export type CreditorRow = typeof creditors.$inferSelect;
export type EntrustmentRow = typeof entrustments.$inferSelect;

/** Registers a creditor. Throws CASES_ENTRUSTMENT_INVALID when the code is taken. */
export async function createCreditor(tx: Tx, input: CreateCreditorInput): Promise<CreditorRow> {
  const c = CreateCreditorInput.parse(input);
  const tenantId = await tenantOf(tx);
  const [row] = await tx.insert(creditors).values({
    tenantId, id: newId('cred'), code: c.code, name: c.name, uscc: c.uscc ?? null, lenderKind: c.lenderKind, firstActionHours: c.firstActionHours ?? null,
  }).onConflictDoNothing().returning();
  if (!row) throw caseError('CASES_ENTRUSTMENT_INVALID', { detail: `creditor code ${c.code} is taken`, field: 'code' });
  return row;
}

/** Throws CASES_CREDITOR_NOT_FOUND. */
export async function getCreditor(tx: Tx, id: string): Promise<CreditorRow> {
  const [c] = await tx.select().from(creditors).where(eq(creditors.id, id));
  if (!c) throw caseError('CASES_CREDITOR_NOT_FOUND', { detail: id });
  return c;
}

export async function listCreditors(tx: Tx): Promise<CreditorRow[]> {
  return tx.select().from(creditors).orderBy(creditors.code);
}

/** Records an entrustment (COL-01/02/03). Throws CASES_CREDITOR_NOT_FOUND, CASES_ENTRUSTMENT_INVALID. */
export async function recordEntrustment(tx: Tx, input: EntrustmentInput): Promise<EntrustmentRow> {
  const e = EntrustmentInput.parse(input);
  await getCreditor(tx, e.creditorId);
  if (daysBetween(e.startsOn, e.endsOn) < 0) throw caseError('CASES_ENTRUSTMENT_INVALID', { detail: 'term ends before it starts', field: 'endsOn' });
  if (daysBetween(e.dpa.signedOn, e.endsOn) < 0) throw caseError('CASES_ENTRUSTMENT_INVALID', { detail: 'the DPA is signed after the term ends', field: 'dpa.signedOn', rule: 'COL-03' });
  const tenantId = await tenantOf(tx);
  const [row] = await tx.insert(entrustments).values({
    tenantId, id: newId('ent'), creditorId: e.creditorId, scopes: [...new Set(e.scopes)], startsOn: e.startsOn, endsOn: e.endsOn,
    feeTermsRef: e.feeTermsRef, contractRef: e.contractRef,
    lawfulDebtAttestedAt: e.lawfulDebtAttestation.attestedAt ?? new Date(), lawfulDebtAttestedBy: e.lawfulDebtAttestation.attestedBy,
    dpaRef: e.dpa.ref, dpaSignedOn: e.dpa.signedOn, dpaPurpose: e.dpa.purpose, dpaPiCategories: e.dpa.piCategories,
    dpaProtectiveMeasures: e.dpa.protectiveMeasures, dpaEndOfTerm: e.dpa.endOfTerm, subdelegationConsent: e.subdelegationConsent,
  }).returning();
  return row;
}

/** Revokes an entrustment from `at` on (a recall): its cases can no longer be worked. */
export async function revokeEntrustment(tx: Tx, id: string, reason: string, at = new Date()): Promise<void> {
  const r = await tx.update(entrustments).set({ revokedAt: at, revokeReason: reason }).where(eq(entrustments.id, id)).returning({ id: entrustments.id });
  if (!r.length) throw caseError('CASES_ENTRUSTMENT_MISSING', { detail: id });
}

/** Pure: is the entrustment in force on calendar date `on` at instant `at` for `scope`? */
export function isEntrustmentInForce(e: Pick<EntrustmentRow, 'startsOn' | 'endsOn' | 'revokedAt' | 'scopes'>, on: string, at: Date, scope?: EntrustmentScope): boolean {
  if (e.revokedAt && e.revokedAt.getTime() <= at.getTime()) return false;
  if (daysBetween(e.startsOn, on) < 0 || daysBetween(on, e.endsOn) < 0) return false;
  return scope === undefined || e.scopes.includes(scope);
}

/** The creditor's entrustment in force on `on` covering `scope` (latest ending first), or null. */
export async function findValidEntrustment(tx: Tx, creditorId: string, on: string, at: Date, scope?: EntrustmentScope): Promise<EntrustmentRow | null> {
  const all = await tx.select().from(entrustments).where(and(eq(entrustments.creditorId, creditorId)));
  const ok = all.filter((e) => isEntrustmentInForce(e, on, at, scope)).sort((a, b) => daysBetween(a.endsOn, b.endsOn));
  return ok[0] ?? null;
}
