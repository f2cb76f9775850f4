// Batch generation (e.g. demand letters for 10,000 cases) as a job with progress: the batch row holds the case ids
// and the typed-in overrides shared by all cases; the job generates each case's document in its own transaction
// (one failure never undoes the others), records failures with the reason or missing fields, and reports progress.
// The finished documents download as one zip.
import { zipSync } from 'fflate';
import { canActAsLawFirm } from '../../platform/tenancy.js';
import { sql, one, rows, withTenant, type Database, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { DomainError } from '../../platform/errors.js';
import { searchCases, type CaseStage } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { findEvidenceFile } from '../evidence/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { CaseSourceOptions } from './case-source.js';
import { generateForCase, prepareForCase } from './case-documents.js';
import { storeRenderedDocument, type PreparedDocument } from './store.js';
import { sharedRenderPool, type RenderPool } from './render-pool.js';
import { documentsError } from './errors.js';
import type { DocumentKind } from './template-types.js';

export const MAX_BATCH = 20_000;

export interface BatchFailure {
  caseId: string;
  reason: string;
  missing?: Array<{ field: string; label: string }>;
}

export interface BatchStatus {
  id: string;
  kind: string;
  format: 'docx' | 'pdf';
  status: 'queued' | 'running' | 'finished';
  total: number;
  done: number;
  failed: BatchFailure[];
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface BatchInput {
  kind: DocumentKind;
  format: 'docx' | 'pdf';
  caseIds?: string[];
  filter?: { stage?: CaseStage; creditorId?: string; limit?: number };
  overrides: Record<string, string>;
  actor: string;
}

/** Record a batch (queued). Throws DOCUMENTS_BATCH_EMPTY, DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED (DOC-05). */
export async function createBatch(tx: Tx, keys: DebtorKeys, input: BatchInput): Promise<{ id: string; total: number }> {
  const t = await getCurrentTenant(tx);
  if (input.kind === 'lawyer_letter' && !canActAsLawFirm({ lawFirm: t.lawFirm })) {
    throw documentsError('DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED', { rule: 'DOC-05', detail: 'issue a demand letter (DOC-06) instead' });
  }
  let ids = input.caseIds ? [...new Set(input.caseIds)] : [];
  if (!input.caseIds) {
    const limit = Math.min(input.filter?.limit ?? MAX_BATCH, MAX_BATCH);
    for (let offset = 0; ids.length < limit; ) {
      const page = await searchCases(tx, keys, { ...(input.filter?.stage ? { stage: input.filter.stage } : {}), ...(input.filter?.creditorId ? { creditorId: input.filter.creditorId } : {}), sort: 'ref', order: 'asc', limit: Math.min(500, limit - ids.length), offset });
      ids.push(...page.items.map((i) => i.id));
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
  }
  if (ids.length === 0) throw documentsError('DOCUMENTS_BATCH_EMPTY', { field: input.caseIds ? 'body.caseIds' : 'body.filter' });
  ids = ids.slice(0, MAX_BATCH);
  const id = newId('dbat');
  await tx.execute(sql`INSERT INTO documents.batches (tenant_id, id, kind, format, case_ids, overrides, status, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${input.kind}, ${input.format}, ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)), ${JSON.stringify(input.overrides)}::jsonb, 'queued', ${input.actor})`);
  return { id, total: ids.length };
}

type Raw = Record<string, unknown>;
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function statusOut(r: Raw): BatchStatus {
  return {
    id: String(r.id), kind: String(r.kind), format: r.format as 'docx' | 'pdf', status: r.status as BatchStatus['status'],
    total: (r.case_ids as string[]).length, done: Number(r.done), failed: json<BatchFailure[]>(r.failed), createdBy: String(r.created_by),
    createdAt: new Date(r.created_at as string).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at as string).toISOString() : null,
  };
}

/** Progress of a batch. Throws DOCUMENTS_BATCH_NOT_FOUND. */
export async function getBatch(tx: Tx, id: string): Promise<BatchStatus> {
  const r = await one<Raw>(tx, sql`SELECT * FROM documents.batches WHERE id = ${id}`);
  if (!r) throw documentsError('DOCUMENTS_BATCH_NOT_FOUND', { detail: id });
  return statusOut(r);
}

/** The tenant's batches, newest first. */
export async function listBatches(tx: Tx, limit = 50): Promise<BatchStatus[]> {
  return (await rows<Raw>(tx, sql`SELECT * FROM documents.batches ORDER BY created_at DESC, id DESC LIMIT ${limit}`)).map(statusOut);
}

/**
 * Run a batch (the job's body): each case in its own transaction (with render workers: read in one and stored in
 * another, rendering in between in a worker thread overlapping the next case's read); progress written every `every`
 * cases and at the end. Idempotent on restart: cases that already have a document of this batch are skipped.
 */
export async function runBatch(
  db: Database, keys: DebtorKeys, tenantId: string, batchId: string,
  opts: CaseSourceOptions & { every?: number; onProgress?: (done: number, total: number) => void; pool?: RenderPool } = {},
): Promise<BatchStatus> {
  const b = await withTenant(db, tenantId, async (tx) => {
    const r = await one<Raw>(tx, sql`SELECT * FROM documents.batches WHERE id = ${batchId}`);
    if (!r) throw documentsError('DOCUMENTS_BATCH_NOT_FOUND', { detail: batchId });
    await tx.execute(sql`UPDATE documents.batches SET status = 'running' WHERE id = ${batchId}`);
    const doneIds = await rows<{ case_id: string }>(tx, sql`SELECT case_id FROM documents.generated WHERE batch_id = ${batchId}`);
    return { row: r, done: new Set(doneIds.map((x) => x.case_id)) };
  });
  const caseIds = b.row.case_ids as string[];
  const failed: BatchFailure[] = json<BatchFailure[]>(b.row.failed).filter((f) => !b.done.has(f.caseId));
  const failedIds = new Set(failed.map((f) => f.caseId));
  const overrides = json<Record<string, string>>(b.row.overrides);
  const every = opts.every ?? 25;
  let done = b.done.size;
  const flush = async (finished: boolean) => {
    await withTenant(db, tenantId, (tx) => tx.execute(sql`UPDATE documents.batches SET done = ${done}, failed = ${JSON.stringify(failed)}::jsonb
      ${finished ? sql`, status = 'finished', finished_at = now()` : sql``} WHERE id = ${batchId}`));
    opts.onProgress?.(done + failed.length, caseIds.length);
  };
  let sinceFlush = 0;
  const fail = (caseId: string, e: unknown) => {
    const missing = e instanceof DomainError ? (e.extra?.missing as BatchFailure['missing']) : undefined;
    failed.push({ caseId, reason: e instanceof DomainError ? e.code : 'DOCUMENTS_GENERATION_FAILED', ...(missing ? { missing } : {}) });
  };
  const pool = opts.pool ?? (await sharedRenderPool());
  const job = (caseId: string) => ({ caseId, kind: b.row.kind as DocumentKind, format: b.row.format as 'docx' | 'pdf', overrides, actor: String(b.row.created_by), batchId });
  if (pool.size === 0) {
    // Default: each case read, rendered and stored in one transaction.
    for (const caseId of caseIds) {
      if (b.done.has(caseId) || failedIds.has(caseId)) continue;
      try {
        await withTenant(db, tenantId, (tx) => generateForCase(tx, keys, job(caseId), opts));
        done++;
      } catch (e) {
        fail(caseId, e);
      }
      if (++sinceFlush >= every) {
        sinceFlush = 0;
        await flush(false);
      }
    }
    await flush(true);
    return withTenant(db, tenantId, (tx) => getBatch(tx, batchId));
  }
  // With render workers (RECOURSE_RENDER_WORKERS ≥ 1): read + fill + lay out case i (one transaction), render it in a
  // worker while case i+1 is read, then store case i's bytes with its evidence leaf (a second transaction).
  let storing: Promise<void> = Promise.resolve();
  try {
    for (const caseId of caseIds) {
      if (b.done.has(caseId) || failedIds.has(caseId)) continue;
      let prepared: PreparedDocument;
      try {
        prepared = await withTenant(db, tenantId, (tx) => prepareForCase(tx, keys, job(caseId), opts));
      } catch (e) {
        fail(caseId, e);
        continue;
      }
      const rendered = pool.render(prepared.laid, prepared.input.format);
      rendered.catch(() => undefined);
      await storing;
      storing = rendered
        .then((bytes) => withTenant(db, tenantId, (tx) => storeRenderedDocument(tx, prepared, bytes)))
        .then(() => { done++; }, (e) => fail(caseId, e));
      if (++sinceFlush >= every) {
        sinceFlush = 0;
        await storing;
        await flush(false);
      }
    }
    await storing;
  } finally {
    await storing.catch(() => undefined);
  }
  await flush(true);
  return withTenant(db, tenantId, (tx) => getBatch(tx, batchId));
}

/** All documents of a batch as one zip (file names: <case ref or id>-<kind>.<format>). Throws DOCUMENTS_BATCH_NOT_FOUND. */
export async function batchZip(tx: Tx, id: string): Promise<Uint8Array> {
  await getBatch(tx, id);
  const docs = await rows<{ id: string; case_id: string | null; kind: string; format: string; sha256: string }>(tx, sql`SELECT id, case_id, kind, format, sha256 FROM documents.generated WHERE batch_id = ${id} ORDER BY case_id`);
  const files: Record<string, Uint8Array> = {};
  for (const d of docs) {
    const f = await findEvidenceFile(tx, d.sha256);
    if (f) files[`${d.case_id ?? d.id}-${d.kind}.${d.format}`] = f.bytes;
  }
  return zipSync(files, { level: 0 });
}
