// Retention (PI-07, COL-61): after every case of a debtor has closed and the tenant's retention period has run out,
// the debtor's personal data is purged in every module (purge.ts) unless a hold keeps it: a case closed while a
// `legal_hold` was in force (cases module), a recording on legal hold (compliance, COL-62), or a retention hold
// placed here (litigation, a regulator's request). A hold anywhere keeps the whole debtor.
// Each purge is audit-logged and recorded in the evidence log with ids and counts only (BC-16); earlier evidence
// leaves are untouched, so their digests still verify.
import { rows, one, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../platform/audit.js';
import { debtorPurgeStatus, type DebtorKeys } from '../debtors/index.js';
import { complianceRetentionHolds } from '../compliance/index.js';
import { purgeDebtorEverywhere } from './purge.js';
import { foldCaseEvents, getCase, listCaseTimeline, searchCases, purgeImportFiles, type CaseStage } from '../cases/index.js';
import { appendEvidence } from '../evidence/index.js';
import { privacyError } from './errors.js';

/** COL-61 DEFAULT: 5 years after the case closes (limitation 3 years + enforcement 2 years). */
export const DEFAULT_RETENTION_DAYS = 1825;
const DAY = 86_400_000;

export type RetentionStatus = 'open' | 'retained' | 'due' | 'held' | 'purged';

export interface RetentionItem {
  debtorId: string;
  cases: Array<{ id: string; ref: string; stage: CaseStage; closedAt: string | null }>;
  /** Latest closing of the debtor's cases (null while any is open). */
  closedAt: string | null;
  /** closedAt + retention period. */
  dueAt: string | null;
  status: RetentionStatus;
  /** Why a due debtor is kept: `legal_hold:<caseId>`, `recording_legal_hold:<recordingId>` or `retention_hold:<holdId>`. */
  holds: string[];
  purgedAt: string | null;
}

export interface RetentionReport {
  asOf: string;
  retentionDays: number;
  counts: Record<RetentionStatus, number>;
  /** Debtors whose cases have all closed (open ones are only counted). */
  items: RetentionItem[];
}

export async function getRetentionDays(tx: Tx): Promise<number> {
  const r = await one<{ d: number }>(tx, sql`SELECT retention_days AS d FROM privacy.retention_settings`);
  return r ? Number(r.d) : DEFAULT_RETENTION_DAYS;
}

/** Sets the tenant's retention period in days (0..36500); audit-logged by the caller's request. */
export async function setRetentionDays(tx: Tx, days: number, actorId: string): Promise<number> {
  await tx.execute(sql`INSERT INTO privacy.retention_settings (tenant_id, retention_days, updated_by)
    VALUES (current_setting('app.tenant_id', true), ${days}, ${actorId})
    ON CONFLICT (tenant_id) DO UPDATE SET retention_days = EXCLUDED.retention_days, updated_by = EXCLUDED.updated_by, updated_at = now()`);
  return days;
}

export interface RetentionHold {
  id: string;
  caseId: string;
  reason: string;
  placedBy: string;
  placedAt: string;
}

/** Retention holds in force. */
export async function listRetentionHolds(tx: Tx): Promise<RetentionHold[]> {
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT id, case_id, reason, placed_by, placed_at FROM privacy.retention_holds WHERE released_at IS NULL ORDER BY placed_at, id`);
  return rs.map((r) => ({ id: String(r.id), caseId: String(r.case_id), reason: String(r.reason), placedBy: String(r.placed_by), placedAt: new Date(r.placed_at as string).toISOString() }));
}

/** Keeps a case's personal data past its retention date. Throws CASES_NOT_FOUND. */
export async function placeRetentionHold(tx: Tx, input: { caseId: string; reason: string; actorId: string }): Promise<RetentionHold> {
  await getCase(tx, input.caseId);
  const id = newId('rhold');
  await tx.execute(sql`INSERT INTO privacy.retention_holds (tenant_id, id, case_id, reason, placed_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${input.caseId}, ${input.reason}, ${input.actorId})`);
  return (await listRetentionHolds(tx)).find((h) => h.id === id)!;
}

/** Releases a hold in force. Throws PRIVACY_HOLD_NOT_FOUND. */
export async function releaseRetentionHold(tx: Tx, holdId: string, actorId: string): Promise<void> {
  const r = await rows(tx, sql`UPDATE privacy.retention_holds SET released_by = ${actorId}, released_at = now() WHERE id = ${holdId} AND released_at IS NULL RETURNING id`);
  if (!r.length) throw privacyError('PRIVACY_HOLD_NOT_FOUND', { detail: holdId });
}

/** Closing time of a closed case and whether a legal hold was in force when it closed (cases drop holds on closing). */
async function closingOf(tx: Tx, caseId: string): Promise<{ closedAt: Date | null; legalHold: boolean }> {
  const events = [...(await listCaseTimeline(tx, caseId))].sort((a, b) => a.seq - b.seq);
  const i = events.findLastIndex((e) => e.type === 'transitioned' && e.to === 'closed');
  if (i < 0) return { closedAt: null, legalHold: false };
  const closedAt = events[i].at;
  const before = foldCaseEvents(events.slice(0, i));
  const legalHold = before.holds.some((h) => h.kind === 'legal_hold' && (h.resumeAt === null || h.resumeAt.getTime() > closedAt.getTime()));
  return { closedAt, legalHold };
}

/** All cases of the tenant, paged through the cases module. */
async function allCases(tx: Tx, keys: DebtorKeys) {
  const out: Awaited<ReturnType<typeof searchCases>>['items'] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await searchCases(tx, keys, { limit: 500, offset });
    out.push(...page.items);
    if (page.items.length < 500) break;
  }
  return out;
}

/** The dry-run report: which debtors are due for purge, held, retained, still open, or already purged. */
export async function retentionReport(tx: Tx, keys: DebtorKeys, now = new Date()): Promise<RetentionReport> {
  const retentionDays = await getRetentionDays(tx);
  const cases = await allCases(tx, keys);
  const byDebtor = new Map<string, typeof cases>();
  for (const c of cases) byDebtor.set(c.debtorId, [...(byDebtor.get(c.debtorId) ?? []), c]);
  const purged = await debtorPurgeStatus(tx, [...byDebtor.keys()]);
  const holds = await listRetentionHolds(tx);
  const counts: Record<RetentionStatus, number> = { open: 0, retained: 0, due: 0, held: 0, purged: 0 };
  const items: RetentionItem[] = [];
  for (const [debtorId, cs] of byDebtor) {
    const purgedAt = purged.get(debtorId) ?? null;
    if (!purgedAt && cs.some((c) => c.stage !== 'closed')) {
      counts.open++;
      continue;
    }
    const closings = new Map<string, { closedAt: Date | null; legalHold: boolean }>();
    for (const c of cs) closings.set(c.id, c.stage === 'closed' ? await closingOf(tx, c.id) : { closedAt: null, legalHold: false });
    const times = [...closings.values()].map((x) => x.closedAt?.getTime() ?? 0);
    const closedAt = times.length ? new Date(Math.max(...times)) : null;
    const dueAt = closedAt ? new Date(closedAt.getTime() + retentionDays * DAY) : null;
    const why = [
      ...cs.filter((c) => closings.get(c.id)?.legalHold).map((c) => `legal_hold:${c.id}`),
      ...(purgedAt ? [] : await complianceRetentionHolds(tx, cs.map((c) => c.id), [debtorId])),
      ...holds.filter((h) => cs.some((c) => c.id === h.caseId)).map((h) => `retention_hold:${h.id}`),
    ];
    const status: RetentionStatus = purgedAt ? 'purged' : dueAt && dueAt.getTime() <= now.getTime() ? (why.length ? 'held' : 'due') : 'retained';
    counts[status]++;
    items.push({
      debtorId, status, holds: why, purgedAt: purgedAt ? purgedAt.toISOString() : null,
      closedAt: closedAt?.toISOString() ?? null, dueAt: dueAt?.toISOString() ?? null,
      cases: cs.map((c) => ({ id: c.id, ref: c.ref, stage: c.stage, closedAt: closings.get(c.id)?.closedAt?.toISOString() ?? null })),
    });
  }
  const order: Record<RetentionStatus, number> = { due: 0, held: 1, retained: 2, purged: 3, open: 4 };
  items.sort((a, b) => order[a.status] - order[b.status] || (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.debtorId.localeCompare(b.debtorId));
  return { asOf: now.toISOString(), retentionDays, counts, items };
}

export interface PurgedDebtor {
  debtorId: string;
  caseIds: string[];
  contactPoints: number;
  relatedParties: number;
  /** Rows overwritten or deleted per module and table. */
  modules: Record<string, Record<string, number>>;
  /** Original files erased from the evidence store (digests stay in the log). */
  filesErased: number;
  evidenceLeaf: number;
}

export interface PurgeRun {
  asOf: string;
  retentionDays: number;
  purged: PurgedDebtor[];
  held: number;
  /** Debtors whose purge failed and was rolled back as a whole (the error code only; retried next run). */
  failed: Array<{ debtorId: string; error: string }>;
  /** Bulk placement uploads whose files were erased (kept IMPORT_FILE_RETENTION_DAYS after the import finished). */
  importFilesErased: number;
}

export interface PurgePreview {
  asOf: string;
  retentionDays: number;
  /** Due debtors (up to `limit`) with what the purge would erase, per module and table; nothing is changed. */
  items: Array<Omit<PurgedDebtor, 'evidenceLeaf'>>;
  due: number;
}

/** Dry run of the purge itself: runs it for each due debtor inside a savepoint that is rolled back. */
export async function previewRetention(tx: Tx, keys: DebtorKeys, opts: { now?: Date; limit?: number; debtorId?: string } = {}): Promise<PurgePreview> {
  const now = opts.now ?? new Date();
  const report = await retentionReport(tx, keys, now);
  const due = report.items.filter((i) => i.status === 'due' && (!opts.debtorId || i.debtorId === opts.debtorId));
  const items: PurgePreview['items'] = [];
  for (const item of due.slice(0, opts.limit ?? 50)) {
    const caseIds = item.cases.map((c) => c.id);
    const o = await purgeDebtorEverywhere(tx, keys, { debtorId: item.debtorId, caseIds, at: now, dryRun: true });
    items.push({ debtorId: item.debtorId, caseIds, contactPoints: o.contactPoints, relatedParties: o.relatedParties, modules: o.modules, filesErased: o.filesErased });
  }
  return { asOf: now.toISOString(), retentionDays: report.retentionDays, items, due: due.length };
}

/**
 * Purges every debtor the report marks `due` (PI-07, COL-61), each in its own savepoint of the caller's transaction
 * (all or nothing per debtor): overwrite or delete the personal data in every module, erase the original files,
 * register the purge with counts per module, write an audit row and an evidence leaf (ids and counts only).
 */
export async function applyRetention(tx: Tx, keys: DebtorKeys, opts: { actorId: string; actorRole?: string; tenantId: string; now?: Date; limit?: number }): Promise<PurgeRun> {
  const now = opts.now ?? new Date();
  const report = await retentionReport(tx, keys, now);
  const due = report.items.filter((i) => i.status === 'due').slice(0, opts.limit ?? 10_000);
  const purged: PurgeRun['purged'] = [];
  const failed: PurgeRun['failed'] = [];
  for (const item of due) {
    const caseIds = item.cases.map((c) => c.id);
    try {
      const done = await tx.transaction(async (sp) => {
        const s = sp as unknown as Tx;
        const r = await purgeDebtorEverywhere(s, keys, { debtorId: item.debtorId, caseIds, at: now });
        if (r.alreadyPurged) return null;
        const leaf = await appendEvidence(s, {
          type: 'privacy.debtor_purged', case: caseIds[0] ?? null, actor: opts.actorId.startsWith('usr_') ? opts.actorId : 'system', occurredAt: now,
          refs: { debtor: item.debtorId },
          meta: { rule: 'PI-07', retentionDays: report.retentionDays, cases: caseIds.length, contactPoints: r.contactPoints, relatedParties: r.relatedParties, filesErased: r.filesErased },
        });
        await s.execute(sql`INSERT INTO privacy.purges (tenant_id, id, debtor_id, case_ids, retention_days, contact_points, related_parties, evidence_seq, purged_by, purged_at, module_counts, files_erased)
          VALUES (current_setting('app.tenant_id', true), ${newId('prg')}, ${item.debtorId}, ${JSON.stringify(caseIds)}::jsonb, ${report.retentionDays},
            ${r.contactPoints}, ${r.relatedParties}, ${leaf.leafIndex}, ${opts.actorId}, ${now.toISOString()}::timestamptz, ${JSON.stringify(r.modules)}::jsonb, ${r.filesErased})`);
        await recordAudit(s, {
          tenantId: opts.tenantId, actorId: opts.actorId, actorRole: opts.actorRole ?? 'system', action: 'privacy.retention.purge', targetType: 'debtor', targetId: item.debtorId,
          detail: { rule: 'PI-07', cases: caseIds, retentionDays: report.retentionDays, contactPoints: r.contactPoints, relatedParties: r.relatedParties, modules: r.modules, filesErased: r.filesErased, evidenceLeaf: leaf.leafIndex },
        });
        return { debtorId: item.debtorId, caseIds, contactPoints: r.contactPoints, relatedParties: r.relatedParties, modules: r.modules, filesErased: r.filesErased, evidenceLeaf: leaf.leafIndex };
      });
      if (done) purged.push(done);
    } catch (e) {
      failed.push({ debtorId: item.debtorId, error: (e as { code?: string }).code ?? (e as Error).name ?? 'Error' });
    }
  }
  // uploads hold many debtors at once: erased on their own clock, not per debtor
  const importFilesErased = await purgeImportFiles(tx, now);
  return { asOf: now.toISOString(), retentionDays: report.retentionDays, purged, held: report.counts.held, failed, importFilesErased };
}
