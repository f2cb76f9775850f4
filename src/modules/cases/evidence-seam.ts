// BC-10: every case event goes into the tenant's evidence log (src/modules/evidence) in the same transaction, as
// identifiers and codes only (BC-16: no personal data in a leaf).
import type { Tx } from '../../platform/db/index.js';
import { appendEvidence } from '../evidence/index.js';

export const evidenceWired = true;

export interface CaseEvidence {
  type: string;
  caseId: string;
  actor: string;
  occurredAt: Date;
  meta: Record<string, string | number | boolean | null>;
}

export async function recordCaseEvidence(tx: Tx, ev: CaseEvidence): Promise<void> {
  await appendEvidence(tx, { type: ev.type, case: ev.caseId, actor: ev.actor, occurredAt: ev.occurredAt, meta: ev.meta });
}
