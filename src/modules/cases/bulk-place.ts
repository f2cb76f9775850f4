// Set-based placement of an import batch (issue 3: 1,000,000-row imports). Rows are validated and prepared in JS;
// then the COL-73 registry claim, the debtors (registerDebtors, set-based in the debtors module), the debts, the cases,
// their first timeline events and the evidence leaves are written with a handful of multi-row statements per batch.
// Rows travel as one JSON parameter expanded by json_to_recordset on the server (identical on PGlite and node-postgres,
// no per-row bind parameters, no ORM query building per row). Same records as placeCase per row (bulk-place.property.test.ts).
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { RandomPool, pooledId } from '../../platform/ids.js';
import { registerDebtors, type DebtorInput, type DebtorKeys } from '../debtors/index.js';
import { appendEvidenceBatch } from '../evidence/index.js';
import { DebtTerms, debtIssues } from './debts.js';
import { dateInZone } from './dates.js';
import { contractKey, type RowError } from './import.js';
import { claimPlacements, creditorUscc, placementRegistryKey } from './registry.js';
import { evidenceWired } from './evidence-seam.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';

export interface BatchItem { row: number; creditorId: string; entrustmentId: string; debtor: DebtorInput; debt: DebtTerms }
export interface BulkPlaced { caseId: string; ref: string; debtorId: string; debtId: string }

const REF_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';


/** Human case reference (for phone calls and the debtor portal): C + yymmdd (`day`) + '-' + 8 random characters. */
export function bulkCaseRef(rnd: RandomPool, day: string): string {
  const r = rnd.take(8);
  let s = '';
  for (let i = 0; i < 8; i++) s += REF_ALPHABET[r[i] & 31];
  return `C${day}-${s}`;
}

/**
 * Places a batch (the rows already validated by validateRow, not yet placed, creditor entrusted). Rows another agency
 * holds (COL-73) come back as row errors; everything else is placed. Throws CASES_ALREADY_PLACED if a contract was
 * placed concurrently (the caller's transaction rolls back; importing again is idempotent).
 */
export async function placeBatchSetBased(
  tx: Tx, keys: DebtorKeys, items: BatchItem[], actorId: string | null | undefined, at: Date, rnd = new RandomPool(),
): Promise<{ placed: BulkPlaced[]; errors: RowError[] }> {
  const errors: RowError[] = [];
  const nowMs = Date.now();
  const ok: Array<BatchItem & { caseId: string; key: string }> = [];
  for (const it of items) {
    const debt = DebtTerms.parse(it.debt);
    const issues = debtIssues(debt);
    if (issues.length) {
      errors.push({ row: it.row, field: 'row', code: 'invalid_value', reason: issues.map((i) => `${i.field}: ${i.reason}`).join('; ') });
      continue;
    }
    ok.push({ ...it, debt, caseId: pooledId(rnd, 'case', nowMs), key: contractKey(debt.contractNumber) });
  }
  const usccOf = new Map<string, string | null>();
  for (const id of new Set(ok.map((x) => x.creditorId))) usccOf.set(id, await creditorUscc(tx, id));
  const refused = await claimPlacements(tx, ok.map((x) => ({ key: placementRegistryKey(keys, usccOf.get(x.creditorId), x.debt.contractNumber), caseId: x.caseId })));
  const go = ok.filter((x, i) => {
    if (refused.has(i)) errors.push({ row: x.row, field: 'contractNumber', code: 'duplicate_contract', reason: 'this debt is active with another agency (COL-73)' });
    return !refused.has(i);
  });
  if (!go.length) return { placed: [], errors };
  const tenantId = await tenantOf(tx);
  const registered = await registerDebtors(tx, keys, go.map((it) => it.debtor));
  const day = dateInZone(at).slice(2).replace(/-/g, '');
  const out = go.map((it, i) => ({ it, debtorId: registered[i].debtorId, debtId: pooledId(rnd, 'debt', nowMs), ref: '' }));

  const debtRecs = out.map(({ it, debtorId, debtId }) => ({
    id: debtId, cr: it.creditorId, d: debtorId, oc: it.debt.originalCreditor, cn: it.debt.contractNumber, ck: it.key, p: it.debt.product ?? null,
    cur: it.debt.currency, pf: String(it.debt.principalFen), cr_bps: Number(it.debt.contractRateBps), pr_bps: Number(it.debt.penaltyRateBps),
    ff: String(it.debt.feesFen), od: it.debt.originationDate, dd: it.debt.dueDate, lp: it.debt.lastPaymentDate ?? null, ad: it.debt.acknowledgedDate ?? null,
  }));
  const ins = await rows<{ id: string }>(tx, sql`INSERT INTO cases.debts (tenant_id, id, creditor_id, debtor_id, original_creditor, contract_number, contract_key,
      product, currency, principal_fen, contract_rate_bps, penalty_rate_bps, fees_fen, origination_date, due_date, last_payment_date, acknowledged_date)
    SELECT ${tenantId}, r.id, r.cr, r.d, r.oc, r.cn, r.ck, r.p, r.cur, r.pf, r.cr_bps, r.pr_bps, r.ff, r.od, r.dd, r.lp, r.ad
    FROM json_to_recordset(${JSON.stringify(debtRecs)}::json) AS r(id text, cr text, d text, oc text, cn text, ck text, p text, cur text, pf bigint,
      cr_bps integer, pr_bps integer, ff bigint, od date, dd date, lp date, ad date)
    ON CONFLICT DO NOTHING RETURNING id`);
  if (ins.length !== out.length) throw caseError('CASES_ALREADY_PLACED', { detail: 'a contract of this file was placed concurrently; import again (it is idempotent)', rule: 'COL-73' });

  // Cases. A reference is 40 random bits per day: at a million placements a day two can collide (birthday bound), so a
  // reference already taken (in this batch or in the table) is drawn again rather than failing the whole file.
  const atIso = at.toISOString();
  let pending = out;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 8) throw new Error('cases: could not draw unique case references');
    const used = new Set<string>();
    for (const o of pending) {
      do o.ref = bulkCaseRef(rnd, day);
      while (used.has(o.ref));
      used.add(o.ref);
    }
    const caseRecs = pending.map(({ it, debtorId, debtId, ref }) => ({ id: it.caseId, ref, dt: debtId, d: debtorId, cr: it.creditorId, e: it.entrustmentId }));
    const done = await rows<{ id: string }>(tx, sql`INSERT INTO cases.cases (tenant_id, id, ref, debt_id, debtor_id, creditor_id, entrustment_id, stage, close_reason,
        stage_since, last_seq, placed_at)
      SELECT ${tenantId}, r.id, r.ref, r.dt, r.d, r.cr, r.e, 'intake', NULL, ${atIso}::timestamptz, 1, ${atIso}::timestamptz
      FROM json_to_recordset(${JSON.stringify(caseRecs)}::json) AS r(id text, ref text, dt text, d text, cr text, e text)
      ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING id`);
    const placedIds = new Set(done.map((r) => r.id));
    pending = pending.filter((o) => !placedIds.has(o.it.caseId));
  }

  // The event's data is built on the server from two text columns (parsing a jsonb value per row cost a third of the statement).
  const eventRecs = out.map(({ it }) => ({ c: it.caseId, cr: it.creditorId, e: it.entrustmentId }));
  await tx.execute(sql`INSERT INTO cases.case_events (tenant_id, case_id, seq, at, type, actor_id, data)
    SELECT ${tenantId}, r.c, 1, ${atIso}::timestamptz, 'placed', ${actorId ?? null}::text, jsonb_build_object('creditorId', r.cr, 'entrustmentId', r.e)
    FROM json_to_recordset(${JSON.stringify(eventRecs)}::json) AS r(c text, cr text, e text)`);
  if (evidenceWired) {
    await appendEvidenceBatch(tx, out.map(({ it }) => ({ type: 'case.placed', case: it.caseId, actor: actorId ?? 'system', occurredAt: at, meta: { seq: 1 } })));
  }
  return { placed: out.map(({ it, debtorId, debtId, ref }) => ({ caseId: it.caseId, ref, debtorId, debtId })), errors };
}
