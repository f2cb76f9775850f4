// Retention purge of the compliance module's personal data (PI-07, COL-61; issue 9), called by the privacy module
// inside its transaction for a debtor whose retention period has run out. Only this module's tables:
//   recordings  → transcript and its screening hits erased; the audio's SHA-256 handed back for erasure
//                 (the row, its digest and the evidence leaf stay: COL-60 proof that the call was recorded)
//   complaints  → summary and answer overwritten
//   holds, suppressions, reachability marks → free-text reasons overwritten
// Contact attempts hold no free text (channel, decision, rule ids, content hash) and stay as the COL-20.. record.
// A recording under legal hold blocks the debtor's whole purge: see complianceRetentionHolds.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { PURGED, idArray, type ModulePurgeResult, type PurgeScope } from '../debtors/index.js';

/** Recordings of the cases or debtors on legal hold (COL-62): `recording_legal_hold:<id>` each. */
export async function complianceRetentionHolds(tx: Tx, caseIds: string[], debtorIds: string[]): Promise<string[]> {
  if (!caseIds.length && !debtorIds.length) return [];
  const rs = await rows<{ id: string }>(tx, sql`SELECT r.id FROM compliance.recordings r
    LEFT JOIN compliance.contact_attempts a ON a.tenant_id = r.tenant_id AND a.id = r.attempt_id
    WHERE r.legal_hold AND (r.case_id = ANY(${idArray(caseIds)}) OR a.case_id = ANY(${idArray(caseIds)}) OR a.debtor_id = ANY(${idArray(debtorIds)}))
    ORDER BY r.id`);
  return rs.map((r) => `recording_legal_hold:${r.id}`);
}

export async function purgeCompliancePersonalData(tx: Tx, scope: PurgeScope): Promise<ModulePurgeResult> {
  const counts: Record<string, number> = {};
  const cases = idArray(scope.caseIds);
  const debtors = idArray(scope.debtorIds);
  const rec = await rows<{ sha256: string }>(tx, sql`UPDATE compliance.recordings r SET transcript = NULL, transcript_hits = '[]'::jsonb
    WHERE r.case_id = ANY(${cases}) OR r.attempt_id IN (SELECT a.id FROM compliance.contact_attempts a WHERE a.case_id = ANY(${cases}) OR a.debtor_id = ANY(${debtors}))
    RETURNING r.sha256`);
  counts.recordings = rec.length;
  counts.complaints = (await rows(tx, sql`UPDATE compliance.complaints SET summary = ${PURGED}, answer = CASE WHEN answer IS NULL THEN NULL ELSE ${PURGED} END
    WHERE (debtor_id = ANY(${debtors}) OR case_id = ANY(${cases})) AND summary <> ${PURGED} RETURNING id`)).length;
  counts.holds = (await rows(tx, sql`UPDATE compliance.holds SET reason = ${PURGED}
    WHERE (debtor_id = ANY(${debtors}) OR case_id = ANY(${cases})) AND reason IS NOT NULL AND reason <> ${PURGED} RETURNING id`)).length;
  counts.suppressions = (await rows(tx, sql`UPDATE compliance.suppressions SET reason = ${PURGED}
    WHERE debtor_id = ANY(${debtors}) AND reason IS NOT NULL AND reason <> ${PURGED} RETURNING id`)).length;
  // the column requires a reason of 5+ characters, so the marker is longer here
  const marked = `${PURGED}（保留期届满）`;
  counts.reachabilityMarks = (await rows(tx, sql`UPDATE compliance.reachability_marks SET reason = ${marked},
    clear_reason = CASE WHEN clear_reason IS NULL THEN NULL ELSE ${marked} END
    WHERE (debtor_id = ANY(${debtors}) OR case_id = ANY(${cases})) AND reason <> ${marked} RETURNING id`)).length;
  return { module: 'compliance', counts, files: [...new Set(rec.map((r) => r.sha256))] };
}
