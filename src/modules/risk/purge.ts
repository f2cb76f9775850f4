// Retention purge of the risk module's personal data (PI-07, COL-61; issue 9), called by the privacy module inside
// its transaction for a debtor whose retention period has run out. Only this module's tables:
//   bank_statements → deleted (counterparty names, account numbers, memos; migration 0790 grants DELETE)
//   case_features   → deleted (derived from the debtor's data)
//   review_requests → the requester's free-text reason overwritten; plans → the decision note overwritten
// Case scores stay: model version, score and reason codes (feature names) are the record of an automated decision
// (PIPL art 24) and carry no personal values.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { PURGED, idArray, type ModulePurgeResult, type PurgeScope } from '../debtors/index.js';

export async function purgeRiskPersonalData(tx: Tx, scope: PurgeScope): Promise<ModulePurgeResult> {
  const counts: Record<string, number> = {};
  const cases = idArray(scope.caseIds);
  counts.bankStatements = (await rows(tx, sql`DELETE FROM risk.bank_statements WHERE case_id = ANY(${cases}) OR debtor_id = ANY(${idArray(scope.debtorIds)}) RETURNING id`)).length;
  counts.caseFeatures = (await rows(tx, sql`DELETE FROM risk.case_features WHERE case_id = ANY(${cases}) RETURNING case_id`)).length;
  counts.reviewRequests = (await rows(tx, sql`UPDATE risk.review_requests SET reason = ${PURGED}, resolution = CASE WHEN resolution IS NULL THEN NULL ELSE ${PURGED} END
    WHERE case_id = ANY(${cases}) AND reason <> ${PURGED} RETURNING id`)).length;
  counts.plans = (await rows(tx, sql`UPDATE risk.plans SET decision_note = ${PURGED} WHERE case_id = ANY(${cases}) AND decision_note IS NOT NULL AND decision_note <> ${PURGED} RETURNING id`)).length;
  return { module: 'risk', counts, files: [] };
}
