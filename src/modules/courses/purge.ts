// Retention purge (PI-07): called by the privacy module for a debtor's cases. Course progress is personal data of
// little use once the case is gone, so it is deleted, not overwritten.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { idArray, type ModulePurgeResult, type PurgeScope } from '../debtors/index.js';

export async function purgeCoursePersonalData(tx: Tx, scope: PurgeScope): Promise<ModulePurgeResult> {
  const gone = await rows<{ id: string }>(tx, sql`DELETE FROM courses.enrolments WHERE case_id = ANY(${idArray(scope.caseIds)}) RETURNING id`);
  return { module: 'courses', counts: { enrolments: gone.length }, files: [] };
}
