// SEAM (BC-10): every case transition goes into the tenant's evidence log in the same transaction once the
// evidence module publishes `appendEvidence` through src/modules/evidence/index.ts. Until then this records
// nothing and `evidenceWired` is false (reported by getCase so nobody mistakes the timeline for signed evidence).
import type { Tx } from '../../platform/db/index.js';

export const evidenceWired = false;

export interface CaseEvidence {
  type: string;
  caseId: string;
  actor: string;
  occurredAt: Date;
  meta: Record<string, string | number | boolean | null>;
}

export async function recordCaseEvidence(tx: Tx, ev: CaseEvidence): Promise<void> {
  void tx;
  void ev;
}
