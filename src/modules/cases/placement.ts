// Placing debts as cases: one at a time (`placeCase`) or from a creditor file (`importCases`). A placement needs a
// creditor with an entrustment in force (COL-01/02/03); the debt is placed once per tenant (COL-73), which is also
// what makes re-importing the same file a no-op.
import { rows as dbRows, sql, type Tx } from '../../platform/db/index.js';
import { newId, RandomPool } from '../../platform/ids.js';
import { registerDebtor, type DebtorInput, type DebtorKeys } from '../debtors/index.js';
import { DebtTerms, debtIssues } from './debts.js';
import { dateInZone } from './dates.js';
import { findValidEntrustment, getCreditor, listCreditors, type EntrustmentScope } from './creditors.js';
import { checkMapping, contractKey, processImport, type ColumnMapping, type RowError } from './import.js';
import { cases, caseEvents, debts } from './schema.js';
import { caseError } from './errors.js';
import { recordCaseEvidence } from './evidence-seam.js';
import { tenantOf } from './tenant.js';
import { claimPlacement, creditorUscc, placementRegistryKey } from './registry.js';
import { bulkCaseRef, placeBatchSetBased, type BatchItem } from './bulk-place.js';

export interface PlaceCaseInput {
  creditorId: string;
  debtor: DebtorInput;
  debt: DebtTerms;
  actorId?: string | null;
  at?: Date;
  scope?: EntrustmentScope;
}

export interface PlacedCase {
  caseId: string;
  ref: string;
  debtorId: string;
  debtId: string;
}

/** Human case reference (for phone calls and the debtor portal): C + yymmdd + '-' + 8 random characters. */
export function newCaseRef(at: Date): string {
  return bulkCaseRef(new RandomPool(8), dateInZone(at).slice(2).replace(/-/g, ''));
}

/** Is the debt already placed with this tenant (by the creditor + contract dedup key)? */
async function existingKeys(tx: Tx, creditorId: string, contractKeys: string[]): Promise<Set<string>> {
  if (!contractKeys.length) return new Set();
  // One JSON parameter however many keys (a bulk chunk has thousands): no per-key bind parameters.
  // A lateral probe per key (LIMIT 1 keeps the planner from flattening it into a hash join over the table):
  // (tenant, creditor, contract key) is the full unique index debts_contract, so each key is one index lookup whatever the planner believes about the table's size (`= ANY (…)` was applied as a filter over
  // all of the creditor's debts on PostgreSQL: quadratic over a large import).
  const rs = await dbRows<{ k: string }>(tx, sql`SELECT d.contract_key AS k FROM json_array_elements_text(${JSON.stringify(contractKeys)}::json) AS x(key)
    CROSS JOIN LATERAL (SELECT contract_key FROM cases.debts WHERE tenant_id = ${await tenantOf(tx)} AND creditor_id = ${creditorId} AND contract_key = x.key LIMIT 1) d`);
  return new Set(rs.map((r) => r.k));
}

/**
 * Places one debt as a case in `intake`. Throws CASES_CREDITOR_NOT_FOUND, CASES_ENTRUSTMENT_MISSING (COL-01/02/03),
 * CASES_ALREADY_PLACED (COL-73), CASES_DEBT_INVALID, and the DEBTORS_* validation codes.
 */
export async function placeCase(tx: Tx, keys: DebtorKeys, input: PlaceCaseInput): Promise<PlacedCase> {
  const at = input.at ?? new Date();
  const creditor = await getCreditor(tx, input.creditorId);
  const ent = await findValidEntrustment(tx, creditor.id, dateInZone(at), at, input.scope ?? 'collection_outsourcing');
  if (!ent) {
    throw caseError('CASES_ENTRUSTMENT_MISSING', { detail: `creditor ${creditor.code} has no entrustment in force for ${input.scope ?? 'collection_outsourcing'}`, rule: 'COL-01' });
  }
  return placeUnder(tx, keys, input, creditor.id, ent.id, at);
}

/** Placement once the creditor and its entrustment are known to be valid (importCases checks them once per file). */
async function placeUnder(tx: Tx, keys: DebtorKeys, input: PlaceCaseInput, creditorId: string, entrustmentId: string, at: Date): Promise<PlacedCase> {
  const creditor = { id: creditorId };
  const ent = { id: entrustmentId };
  const debt = DebtTerms.parse(input.debt);
  const issues = debtIssues(debt);
  if (issues.length) throw caseError('CASES_DEBT_INVALID', { detail: issues.map((i) => `${i.field}: ${i.reason}`).join('; '), extra: { issues } });
  const key = contractKey(debt.contractNumber);
  if ((await existingKeys(tx, creditor.id, [key])).size) {
    throw caseError('CASES_ALREADY_PLACED', { detail: `contract ${debt.contractNumber} is already placed with this agency`, rule: 'COL-73' });
  }
  const caseId = newId('case');
  await claimPlacement(tx, placementRegistryKey(keys, await creditorUscc(tx, creditor.id), debt.contractNumber), caseId);
  const { debtorId } = await registerDebtor(tx, keys, input.debtor);
  const tenantId = await tenantOf(tx);
  const debtId = newId('debt');
  const inserted = await tx.insert(debts).values({
    tenantId, id: debtId, creditorId: creditor.id, debtorId, originalCreditor: debt.originalCreditor, contractNumber: debt.contractNumber,
    contractKey: key, product: debt.product ?? null, currency: debt.currency, principalFen: debt.principalFen,
    contractRateBps: Number(debt.contractRateBps), penaltyRateBps: Number(debt.penaltyRateBps), feesFen: debt.feesFen,
    originationDate: debt.originationDate, dueDate: debt.dueDate, lastPaymentDate: debt.lastPaymentDate ?? null, acknowledgedDate: debt.acknowledgedDate ?? null,
  }).onConflictDoNothing().returning({ id: debts.id });
  if (!inserted.length) throw caseError('CASES_ALREADY_PLACED', { detail: `contract ${debt.contractNumber} is already placed`, rule: 'COL-73' });
  const ref = newCaseRef(at);
  await tx.insert(cases).values({
    tenantId, id: caseId, ref, debtId, debtorId, creditorId: creditor.id, entrustmentId: ent.id, stage: 'intake', closeReason: null,
    stageSince: at, lastSeq: 1, placedAt: at,
  });
  await tx.insert(caseEvents).values({ tenantId, caseId, seq: 1, at, type: 'placed', actorId: input.actorId ?? null, data: { creditorId: creditor.id, entrustmentId: ent.id } });
  await recordCaseEvidence(tx, { type: 'case.placed', caseId, actor: input.actorId ?? 'system', occurredAt: at, meta: { seq: 1 } });
  return { caseId, ref, debtorId, debtId };
}

export interface ImportCasesOptions {
  /** Creditor for every row when the file has no creditor column (CLI --creditor). */
  creditorId?: string;
  actorId?: string | null;
  at?: Date;
  chunkSize?: number;
  /** Called after each chunk with the rows read so far (progress bars). */
  onProgress?: (p: { rowsRead: number; placed: number; skipped: number; errors: number }) => void;
}

export interface ImportCasesResult {
  rowsRead: number;
  placed: number;
  /** Rows whose debt was already placed (re-import of the same file): not errors, nothing created. */
  skippedExisting: number;
  errors: RowError[];
  caseIds: string[];
}

/**
 * Bulk placement from mapped rows in one transaction, chunk by chunk. Invalid rows are reported, not placed; rows
 * already placed are skipped. Throws CASES_IMPORT_MAPPING_INVALID (checked against the first row's headers),
 * CASES_CREDITOR_NOT_FOUND / CASES_ENTRUSTMENT_MISSING for the default creditor.
 */
export async function importCases(
  tx: Tx, keys: DebtorKeys, rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>, mapping: ColumnMapping, opts: ImportCasesOptions = {},
): Promise<ImportCasesResult> {
  const at = opts.at ?? new Date();
  const today = dateInZone(at);
  const all = await listCreditors(tx);
  const creditorRefs = new Map<string, string>();
  for (const c of all) {
    creditorRefs.set(c.id, c.id);
    creditorRefs.set(c.code, c.id);
  }
  if (opts.creditorId && !creditorRefs.has(opts.creditorId)) throw caseError('CASES_CREDITOR_NOT_FOUND', { detail: opts.creditorId });
  const defaultCreditorId = opts.creditorId ? creditorRefs.get(opts.creditorId) : undefined;
  const entrusted = new Map<string, string | null>();
  const inForce = async (creditorId: string) => {
    if (!entrusted.has(creditorId)) entrusted.set(creditorId, (await findValidEntrustment(tx, creditorId, today, at, 'collection_outsourcing'))?.id ?? null);
    return entrusted.get(creditorId) ?? null;
  };
  if (defaultCreditorId && !(await inForce(defaultCreditorId))) {
    throw caseError('CASES_ENTRUSTMENT_MISSING', { detail: `creditor ${opts.creditorId} has no entrustment in force`, rule: 'COL-01' });
  }

  let checked = false;
  async function* withMappingCheck() {
    for await (const r of rows as AsyncIterable<Record<string, unknown>>) {
      if (!checked) {
        checkMapping(mapping, Object.keys(r), { defaultCreditorId });
        checked = true;
      }
      yield r;
    }
  }

  const rnd = new RandomPool();
  const result: ImportCasesResult = { rowsRead: 0, placed: 0, skippedExisting: 0, errors: [], caseIds: [] };
  const extraErrors: RowError[] = [];
  let validationErrors = 0;
  // A large import grows the tables far beyond what the planner's statistics say (PostgreSQL's autovacuum cannot
  // analyze rows this transaction has not committed; PGlite has no autovacuum): believing the tables tiny, it picks
  // sequential scans for the per-chunk key lookups and foreign-key checks, and each chunk then costs as much as the
  // table (measured: a 100,000-row re-import at 1,400 rows/s on PostgreSQL). Index paths are forced for the import's
  // statements and the caller's setting is restored afterwards.
  const [{ prev }] = await dbRows<{ prev: string }>(tx, sql`SELECT current_setting('enable_seqscan') AS prev`);
  await tx.execute(sql`SELECT set_config('enable_seqscan', 'off', true)`);
  let summary: Awaited<ReturnType<typeof processImport>>;
  try {
    summary = await processImport(withMappingCheck(), mapping, { creditors: creditorRefs, defaultCreditorId, today }, async (chunk) => {
      const byCreditor = new Map<string, string[]>();
      for (const p of chunk.placements) {
        const ks = byCreditor.get(p.creditorId) ?? [];
        ks.push(contractKey(p.debt.contractNumber));
        byCreditor.set(p.creditorId, ks);
      }
      const existing = new Set<string>();
      for (const [cid, ks] of byCreditor) for (const k of await existingKeys(tx, cid, ks)) existing.add(`${cid}|${k}`);
      const batch: BatchItem[] = [];
      for (const p of chunk.placements) {
        if (existing.has(`${p.creditorId}|${contractKey(p.debt.contractNumber)}`)) {
          result.skippedExisting++;
          continue;
        }
        const entrustmentId = await inForce(p.creditorId);
        if (!entrustmentId) {
          extraErrors.push({ row: p.row, field: 'creditor', code: 'unknown_creditor', reason: 'the creditor has no entrustment in force (COL-01)' });
          continue;
        }
        batch.push({ row: p.row, creditorId: p.creditorId, entrustmentId, debtor: p.debtor, debt: p.debt });
      }
      // Set-based since issue 3's 1,000,000-row benchmark: same records as placeUnder per row (bulk-place.ts).
      const done = await placeBatchSetBased(tx, keys, batch, opts.actorId, at, rnd);
      extraErrors.push(...done.errors);
      result.placed += done.placed.length;
      for (const c of done.placed) result.caseIds.push(c.caseId);
      validationErrors += chunk.errors.length;
      opts.onProgress?.({ rowsRead: chunk.rowsRead, placed: result.placed, skipped: result.skippedExisting, errors: validationErrors + extraErrors.length });
    }, opts.chunkSize ?? 500);
  } finally {
    await tx.execute(sql`SELECT set_config('enable_seqscan', ${prev}, true)`).catch(() => {}); // a failed transaction is rolled back anyway
  }
  result.rowsRead = summary.rowsRead;
  result.errors = [...summary.errors, ...extraErrors].sort((a, b) => a.row - b.row);
  return result;
}
