// The retention purge across every module (PI-07, COL-61; issue 9). The privacy module is the top of the module
// list, so it calls down into each owning module's purge function; each touches its own tables only:
//   debtors     purgeDebtor (identity, names, contact points, related parties)
//   cases       notes, attachments, tasks, promises, holds, handoffs, timeline free text
//   compliance  recordings' transcripts, complaints, hold and suppression reasons
//   documents   generated documents' data snapshots, signers' IP addresses
//   ledger      bank statement lines' payer names and references, transfers' free-text meta
//   risk        bank statements and features (deleted), review request reasons, plan decision notes
//   courses     enrolments, lesson progress and quiz answers (deleted)
//   privacy     correction requests (sealed value, note), released retention holds' reasons (this file)
//   platform    outbox messages to or about the debtor (this file: the platform has no module to own it)
// Original files (recordings, documents, attachments) are erased from the evidence store; their digests stay in the
// evidence log, so proofs and exported packages still verify. One savepoint per debtor: all or nothing.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { debtorNeedles, idArray, prepareNeedles, purgeDebtor, PURGED, type DebtorKeys, type ModulePurgeResult, type PurgeScope } from '../debtors/index.js';
import { purgeCasePersonalData } from '../cases/index.js';
import { purgeCompliancePersonalData } from '../compliance/index.js';
import { purgeDocumentPersonalData } from '../documents/index.js';
import { purgeLedgerPersonalData } from '../ledger/index.js';
import { purgeRiskPersonalData } from '../risk/index.js';
import { purgeCoursePersonalData } from '../courses/index.js';
import { eraseEvidenceFiles } from '../evidence/index.js';
import { purgeOutboxMessages } from '../../platform/messaging/index.js';

export interface DebtorPurgeOutcome {
  debtorId: string;
  alreadyPurged: boolean;
  contactPoints: number;
  relatedParties: number;
  /** Rows overwritten or deleted, per module and table. */
  modules: Record<string, Record<string, number>>;
  /** Original files erased from the evidence store (their digests stay in the log). */
  filesErased: number;
}

/** The privacy module's own rows and the platform outbox. */
async function purgePrivacyAndOutbox(tx: Tx, scope: PurgeScope): Promise<ModulePurgeResult[]> {
  const corrections = (await rows(tx, sql`UPDATE privacy.correction_requests SET proposed_value_enc = '', proposed_value_masked = ${PURGED},
    note = CASE WHEN note IS NULL THEN NULL ELSE ${PURGED} END
    WHERE (debtor_id = ANY(${idArray(scope.debtorIds)}) OR case_id = ANY(${idArray(scope.caseIds)})) AND proposed_value_masked <> ${PURGED} RETURNING id`)).length;
  const holds = (await rows(tx, sql`UPDATE privacy.retention_holds SET reason = ${PURGED}
    WHERE case_id = ANY(${idArray(scope.caseIds)}) AND released_at IS NOT NULL AND reason <> ${PURGED} RETURNING id`)).length;
  // Outbox: messages sent to one of the debtor's contact values, or whose text carries the debtor's identity number,
  // phone, e-mail or address (names alone are too short to match other people's messages safely).
  const messages = await purgeOutboxMessages(tx, prepareNeedles(scope.needles), PURGED);
  return [{ module: 'privacy', counts: { correctionRequests: corrections, retentionHolds: holds }, files: [] }, { module: 'platform', counts: { outboxMessages: messages }, files: [] }];
}

/**
 * Purges one debtor across every module inside a savepoint of the caller's transaction (all or nothing). With
 * `dryRun` the same work runs and is rolled back: the outcome lists what would go.
 */
export async function purgeDebtorEverywhere(tx: Tx, keys: DebtorKeys, input: { debtorId: string; caseIds: string[]; at: Date; dryRun?: boolean }): Promise<DebtorPurgeOutcome> {
  const ROLLBACK = Symbol('dry-run');
  let outcome: DebtorPurgeOutcome | undefined;
  try {
    await tx.transaction(async (sp) => {
      const s = sp as unknown as Tx;
      const needles = await debtorNeedles(s, keys, input.debtorId);
      const d = await purgeDebtor(s, input.debtorId, input.at);
      if (d.alreadyPurged) {
        outcome = { debtorId: input.debtorId, alreadyPurged: true, contactPoints: 0, relatedParties: 0, modules: {}, filesErased: 0 };
        return;
      }
      const scope: PurgeScope = { caseIds: input.caseIds, debtorIds: [input.debtorId], at: input.at, needles };
      const results: ModulePurgeResult[] = [];
      results.push(await purgeCasePersonalData(s, scope));
      results.push(await purgeCompliancePersonalData(s, scope));
      results.push(await purgeDocumentPersonalData(s, scope));
      results.push(await purgeLedgerPersonalData(s, scope));
      results.push(await purgeRiskPersonalData(s, scope));
      results.push(await purgeCoursePersonalData(s, scope));
      results.push(...(await purgePrivacyAndOutbox(s, scope)));
      const files = [...new Set(results.flatMap((r) => r.files))];
      let filesErased = 0;
      if (files.length) {
        filesErased = await eraseEvidenceFiles(s, files, input.caseIds);
      }
      const modules: DebtorPurgeOutcome['modules'] = { debtors: { debtors: 1, contactPoints: d.contactPoints, relatedParties: d.relatedParties } };
      for (const r of results) modules[r.module] = r.counts;
      outcome = { debtorId: input.debtorId, alreadyPurged: false, contactPoints: d.contactPoints, relatedParties: d.relatedParties, modules, filesErased };
      if (input.dryRun) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return outcome!;
}
