// Retention purge of the documents module's personal data (PI-07, COL-61; issue 9), called by the privacy module
// inside its transaction for a debtor whose retention period has run out. Only this module's tables:
//   generated   → the data snapshot (names, identity numbers, addresses, amounts as filled; D0) replaced by a
//                 purge marker; the rendered file's SHA-256 handed back for erasure. Kind, template version,
//                 SHA-256/SM3 digests and the evidence leaf stay, so the document is still provable by digest.
//   signatures  → the signer's IP address overwritten (signer role, method, time, digest and leaf stay)
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { PURGED, idArray, type ModulePurgeResult, type PurgeScope } from '../debtors/index.js';

export async function purgeDocumentPersonalData(tx: Tx, scope: PurgeScope): Promise<ModulePurgeResult> {
  const counts: Record<string, number> = {};
  const cases = idArray(scope.caseIds);
  const marker = JSON.stringify({ purged: true, purgedAt: scope.at.toISOString(), rule: 'PI-07' });
  const docs = await rows<{ id: string; sha256: string }>(tx, sql`UPDATE documents.generated SET snapshot = ${marker}::jsonb
    WHERE case_id = ANY(${cases}) RETURNING id, sha256`);
  counts.generated = docs.length;
  counts.signatures = docs.length
    ? (await rows(tx, sql`UPDATE documents.signatures SET ip = ${PURGED} WHERE document_id = ANY(${idArray(docs.map((d) => d.id))}) AND ip <> ${PURGED} RETURNING id`)).length
    : 0;
  return { module: 'documents', counts, files: [...new Set(docs.map((d) => d.sha256))] };
}
