// Retention purge of the cases module's personal data (PI-07, COL-61; issue 9), called by the privacy module for a
// debtor whose retention period has run out, inside its transaction. Only this module's tables:
//   notes (sealed free text)          → deleted
//   attachments                        → file name overwritten; the bytes' SHA-256 handed back for erasure
//   tasks, promises, holds, handoffs   → free-text columns overwritten
//   case_events (the timeline)         → free text inside `data` erased (reasons, notes; anything holding the
//                                        debtor's values or detected personal data); types, ids, dates stay, so the
//                                        timeline still replays
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { PURGED, holdsPersonalData, idArray, prepareNeedles, scrubJson, type ModulePurgeResult, type PurgeScope } from '../debtors/index.js';

export async function purgeCasePersonalData(tx: Tx, scope: PurgeScope): Promise<ModulePurgeResult> {
  const counts: Record<string, number> = {};
  if (!scope.caseIds.length) return { module: 'cases', counts, files: [] };
  const cases = idArray(scope.caseIds);
  const needles = prepareNeedles(scope.needles);

  counts.notes = (await rows(tx, sql`DELETE FROM cases.notes WHERE case_id = ANY(${cases}) RETURNING id`)).length;
  const att = await rows<{ sha256: string }>(tx, sql`UPDATE cases.attachments SET file_name = ${PURGED} WHERE case_id = ANY(${cases}) RETURNING sha256`);
  counts.attachments = att.length;
  counts.tasks = (await rows(tx, sql`UPDATE cases.tasks SET title = ${PURGED} WHERE case_id = ANY(${cases}) AND title <> ${PURGED} RETURNING id`)).length;
  counts.promises = (await rows(tx, sql`UPDATE cases.promises SET note = ${PURGED} WHERE case_id = ANY(${cases}) AND note IS NOT NULL AND note <> ${PURGED} RETURNING id`)).length;
  counts.holds = (await rows(tx, sql`UPDATE cases.holds SET reason = ${PURGED}, release_reason = CASE WHEN release_reason IS NULL THEN NULL ELSE ${PURGED} END
    WHERE case_id = ANY(${cases}) AND (reason <> ${PURGED} OR coalesce(release_reason, ${PURGED}) <> ${PURGED}) RETURNING id`)).length;
  counts.handoffs = (await rows(tx, sql`UPDATE cases.handoffs SET reason = ${PURGED}, target = CASE WHEN target IS NULL THEN NULL ELSE ${PURGED} END
    WHERE case_id = ANY(${cases}) AND reason <> ${PURGED} RETURNING id`)).length;

  let events = 0;
  const evs = await rows<{ case_id: string; seq: number; data: unknown }>(tx, sql`SELECT case_id, seq, data FROM cases.case_events WHERE case_id = ANY(${cases})`);
  for (const e of evs) {
    const data = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
    const s = scrubJson(data, needles);
    if (!s.changed) continue;
    await tx.execute(sql`UPDATE cases.case_events SET data = ${JSON.stringify(s.value)}::jsonb WHERE case_id = ${e.case_id} AND seq = ${e.seq}`);
    events++;
  }
  counts.timelineEvents = events;

  // The debt's free-text product label rarely, but possibly, names the debtor (imports map arbitrary columns).
  const debts = await rows<{ id: string; product: string | null }>(tx, sql`SELECT d.id, d.product FROM cases.debts d JOIN cases.cases c ON c.debt_id = d.id AND c.tenant_id = d.tenant_id WHERE c.id = ANY(${cases})`);
  counts.debts = debts.filter((d) => d.product && holdsPersonalData(d.product, needles)).length;
  for (const d of debts) if (d.product && holdsPersonalData(d.product, needles)) await tx.execute(sql`UPDATE cases.debts SET product = ${PURGED} WHERE id = ${d.id}`);

  return { module: 'cases', counts, files: [...new Set(att.map((a) => a.sha256))] };
}

/** Days a rejected-rows file is kept after its import finished (issue 9). */
export const IMPORT_FILE_RETENTION_DAYS = 30;

/**
 * The uploaded placement file is dropped when its import finishes; the rejected-rows file (the bad rows in clear, for the
 * user to fix and re-upload) holds many debtors' data at once, so it cannot wait for any one debtor's retention: it is
 * erased IMPORT_FILE_RETENTION_DAYS after the import finished. The import's counts and row-error list (row, field,
 * reason: no values) stay. Returns how many imports were cleared.
 */
export async function purgeImportFiles(tx: Tx, now: Date): Promise<number> {
  const before = new Date(now.getTime() - IMPORT_FILE_RETENTION_DAYS * 86_400_000).toISOString();
  return (await rows(tx, sql`UPDATE cases.imports SET file_enc = NULL, rejected_enc = NULL
    WHERE finished_at < ${before}::timestamptz AND (file_enc IS NOT NULL OR rejected_enc IS NOT NULL) RETURNING id`)).length;
}
