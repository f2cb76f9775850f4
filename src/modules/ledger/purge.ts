// Retention purge of the ledger module's personal data (PI-07, COL-61; issue 9), called by the privacy module inside
// its transaction for a debtor whose retention period has run out. Only this module's tables:
//   reconciliation_lines → payer name and free-text bank reference of the lines matched to the debtor's cases
//                          (or, unmatched, holding one of the debtor's values) overwritten
//   transfers.meta       → free-text keys (bank reference, refund/reversal reason, payer) of the cases' transfers
//                          erased; accounts, amounts, codes, ids and value dates stay, so balances, statements and
//                          the trial balance are unchanged. The evidence leaf of each batch keeps its digest.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { PURGED, idArray, prepareNeedles, scrubJson, type ModulePurgeResult, type PurgeScope } from '../debtors/index.js';

export async function purgeLedgerPersonalData(tx: Tx, scope: PurgeScope): Promise<ModulePurgeResult> {
  const counts: Record<string, number> = {};
  const cases = idArray(scope.caseIds);
  const needles = prepareNeedles(scope.needles);
  let lines = (await rows(tx, sql`UPDATE ledger.reconciliation_lines SET payer = ${PURGED}, reference = ${PURGED}
    WHERE case_id = ANY(${cases}) AND (payer <> ${PURGED} OR reference <> ${PURGED}) RETURNING line`)).length;
  // Unmatched lines (suspense, ignored) name no case: overwrite those that carry one of the debtor's values.
  if (needles.length) {
    const unmatched = await rows<{ reconciliation_id: string; line: number; payer: string; reference: string }>(tx, sql`SELECT reconciliation_id, line, payer, reference
      FROM ledger.reconciliation_lines WHERE case_id IS NULL AND payer <> ${PURGED}`);
    for (const l of unmatched) {
      if (!needles.some((n) => l.payer.includes(n) || l.reference.includes(n))) continue;
      await tx.execute(sql`UPDATE ledger.reconciliation_lines SET payer = ${PURGED}, reference = ${PURGED} WHERE reconciliation_id = ${l.reconciliation_id} AND line = ${l.line}`);
      lines++;
    }
  }
  counts.reconciliationLines = lines;
  let transfers = 0;
  const ts = await rows<{ id: string; meta: unknown }>(tx, sql`SELECT id, meta FROM ledger.transfers WHERE meta->>'caseId' = ANY(${cases})`);
  for (const t of ts) {
    const meta = typeof t.meta === 'string' ? JSON.parse(t.meta) : t.meta;
    const s = scrubJson(meta, needles);
    if (!s.changed) continue;
    await tx.execute(sql`UPDATE ledger.transfers SET meta = ${JSON.stringify(s.value)}::jsonb WHERE id = ${t.id}`);
    transfers++;
  }
  counts.transfers = transfers;
  return { module: 'ledger', counts, files: [] };
}
