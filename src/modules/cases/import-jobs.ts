// Bulk placement over HTTP: the upload is sealed and queued, then a job validates every row (progress written per
// chunk), and — unless it is a dry run — places the rows: all-or-nothing (any row error rejects the whole file and
// writes nothing) or valid rows only (rejected rows come back as a CSV with their reasons). Re-importing the same
// file places nothing twice (creditor + contract number). Reuses the validation and placement of import.ts and
// placement.ts; nothing here decides what a valid row is.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { withTenant, type Database, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { encryptField, decryptFieldBytes, decryptField } from '../../platform/pii/index.js';
import { defineJob } from '../../platform/jobs/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { readCsvRows, readXlsxRows, type RawRow } from './import-files.js';
import { checkMapping, suggestMapping, validateRow, contractKey, IMPORT_FIELDS, type ColumnMapping, type RowError } from './import.js';
import { importCases } from './placement.js';
import { getCreditor, listCreditors, findValidEntrustment } from './creditors.js';
import { dateInZone } from './dates.js';
import { debts, imports } from './schema.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';

export const IMPORT_MODES = ['dry_run', 'all_or_nothing', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const MAX_REPORTED_ERRORS = 200;

export type FileKind = 'csv' | 'xlsx';

/** CSV or XLSX from the name, else from the bytes (XLSX is a zip: "PK"). Throws CASES_IMPORT_FORMAT. */
export function fileKindOf(fileName: string, bytes: Uint8Array): FileKind {
  const n = fileName.toLowerCase();
  if (n.endsWith('.xlsx')) return 'xlsx';
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  throw caseError('CASES_IMPORT_FORMAT', { detail: 'expected a .csv or .xlsx file', field: 'file' });
}

export function rowsOf(kind: FileKind, bytes: Uint8Array): AsyncGenerator<RawRow> {
  const stream = Readable.from([Buffer.from(bytes)]);
  return kind === 'csv' ? readCsvRows(stream) : readXlsxRows(stream);
}

async function safeRows(kind: FileKind, bytes: Uint8Array, max = Infinity): Promise<{ headers: string[]; rows: RawRow[] }> {
  const rows: RawRow[] = [];
  let headers: string[] = [];
  try {
    for await (const r of rowsOf(kind, bytes)) {
      if (!rows.length) headers = Object.keys(r);
      rows.push(r);
      if (rows.length >= max) break;
    }
  } catch (e) {
    throw caseError('CASES_IMPORT_FORMAT', { detail: `the ${kind.toUpperCase()} file cannot be read: ${(e as Error).message.slice(0, 200)}`, field: 'file' });
  }
  return { headers, rows };
}

/** The mapping step: the file's headers, a suggested mapping and the first rows. Throws CASES_IMPORT_FORMAT. */
export async function previewImport(fileName: string, bytes: Uint8Array, sample = 10) {
  const kind = fileKindOf(fileName, bytes);
  const { headers, rows } = await safeRows(kind, bytes, sample);
  if (!headers.length) throw caseError('CASES_IMPORT_FORMAT', { detail: 'the file has no header row or no data rows', field: 'file' });
  return { kind, headers, suggestedMapping: suggestMapping(headers), fields: [...IMPORT_FIELDS], rows: rows.map((r) => Object.fromEntries(headers.map((h) => [h, String(r[h] ?? '')]))) };
}

export const ImportMappingInput = z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1).max(200));

/**
 * Stores an uploaded file (sealed) as a queued import after checking the creditor and the mapping against the
 * headers. Throws CASES_CREDITOR_NOT_FOUND, CASES_ENTRUSTMENT_MISSING, CASES_IMPORT_FORMAT, CASES_IMPORT_MAPPING_INVALID.
 */
export async function createImport(
  tx: Tx, keys: DebtorKeys, input: { creditorId: string; mode: ImportMode; fileName: string; bytes: Uint8Array; mapping?: ColumnMapping; actorId: string | null; at?: Date },
): Promise<{ importId: string }> {
  const at = input.at ?? new Date();
  const kind = fileKindOf(input.fileName, input.bytes);
  const creditor = await getCreditor(tx, input.creditorId).catch(() => { throw caseError('CASES_CREDITOR_NOT_FOUND', { detail: input.creditorId, field: 'creditorId' }); });
  if (!(await findValidEntrustment(tx, creditor.id, dateInZone(at), at, 'collection_outsourcing'))) {
    throw caseError('CASES_ENTRUSTMENT_MISSING', { detail: `creditor ${creditor.code} has no entrustment in force`, rule: 'COL-01', field: 'creditorId' });
  }
  const { headers } = await safeRows(kind, input.bytes, 1);
  if (!headers.length) throw caseError('CASES_IMPORT_FORMAT', { detail: 'the file has no data rows', field: 'file' });
  const mapping = input.mapping ?? suggestMapping(headers);
  try {
    checkMapping(mapping, headers, { defaultCreditorId: creditor.id });
  } catch (e) {
    throw Object.assign(e as Error, { field: 'mapping' });
  }
  const tenantId = await tenantOf(tx);
  const importId = newId('imp');
  await tx.insert(imports).values({
    tenantId, id: importId, creditorId: creditor.id, mode: input.mode, status: 'queued', fileName: input.fileName.slice(0, 200), fileKind: kind,
    fileEnc: encryptField(keys.ring, Buffer.from(input.bytes), `${tenantId}:cases.imports:${importId}`), mapping: mapping as Record<string, string>,
    processed: 0, inserted: 0, duplicates: 0, errorCount: 0, errors: [], createdBy: input.actorId, createdAt: at,
  });
  return { importId };
}

const csvCell = (v: unknown) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * Runs a queued import (the job body). Pass 1 validates every row and checks the creditor's existing contracts,
 * writing progress after each chunk. Pass 2 (not for dry runs; for all-or-nothing only when pass 1 found no error)
 * places the rows in one transaction. Returns the final status.
 */
export async function runImport(db: Database, keys: DebtorKeys, tenantId: string, importId: string, opts: { chunkSize?: number; at?: Date } = {}): Promise<string> {
  const at = opts.at ?? new Date();
  const chunkSize = opts.chunkSize ?? 500;
  const imp = await withTenant(db, tenantId, async (tx) => {
    const [r] = await tx.select().from(imports).where(eq(imports.id, importId));
    if (!r) throw caseError('CASES_IMPORT_NOT_FOUND', { detail: importId });
    if (r.status !== 'queued') return null;
    await tx.update(imports).set({ status: 'running' }).where(eq(imports.id, importId));
    return r;
  });
  if (!imp || !imp.fileEnc) return 'skipped';
  const bytes = decryptFieldBytes(keys.ring, imp.fileEnc, `${tenantId}:cases.imports:${importId}`);
  const mapping = imp.mapping as ColumnMapping;
  const update = (set: Partial<typeof imports.$inferInsert>) => withTenant(db, tenantId, (tx) => tx.update(imports).set(set).where(eq(imports.id, importId)));
  try {
    const creditorRefs = await withTenant(db, tenantId, async (tx) => {
      const m = new Map<string, string>();
      for (const c of await listCreditors(tx)) {
        m.set(c.id, c.id);
        m.set(c.code, c.id);
      }
      return m;
    });
    const ctx = { creditors: creditorRefs, defaultCreditorId: imp.creditorId, today: dateInZone(at) };
    const seen = new Set<string>();
    const errors: RowError[] = [];
    const rejected: string[] = [];
    let headers: string[] = [];
    let processed = 0;
    let duplicates = 0;
    let valid = 0;
    let chunk: Array<{ creditorId: string; key: string }> = [];
    const flush = async () => {
      const byCred = new Map<string, string[]>();
      for (const c of chunk) byCred.set(c.creditorId, [...(byCred.get(c.creditorId) ?? []), c.key]);
      await withTenant(db, tenantId, async (tx) => {
        for (const [cid, ks] of byCred) {
          const found = await tx.select({ k: debts.contractKey }).from(debts).where(and(eq(debts.creditorId, cid), inArray(debts.contractKey, ks)));
          duplicates += found.length;
        }
        await tx.update(imports).set({ processed, duplicates, errorCount: errors.length }).where(eq(imports.id, importId));
      });
      chunk = [];
    };
    for await (const raw of rowsOf(imp.fileKind, bytes)) {
      if (!headers.length) headers = Object.keys(raw);
      processed++;
      const r = validateRow(raw, processed + 1, mapping, ctx, seen);
      if (r.ok) {
        valid++;
        chunk.push({ creditorId: r.placement.creditorId, key: contractKey(r.placement.debt.contractNumber) });
      } else {
        errors.push(...r.errors);
        rejected.push([processed + 1, ...headers.map((h) => raw[h]), r.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')].map(csvCell).join(','));
      }
      if (processed % chunkSize === 0) await flush();
    }
    await flush();
    const rejectedEnc = rejected.length
      ? encryptField(keys.ring, '\uFEFF' + [['row', ...headers, 'reasons'].map(csvCell).join(','), ...rejected].join('\n') + '\n', `${tenantId}:cases.imports.rejected:${importId}`)
      : null;
    const base = { total: processed, processed, duplicates, errorCount: errors.length, errors: errors.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ row: e.row, field: e.field, reason: e.reason })), rejectedEnc };
    if (imp.mode === 'dry_run' || (imp.mode === 'all_or_nothing' && errors.length)) {
      const status = imp.mode === 'dry_run' ? 'done' : 'rejected';
      await update({ ...base, status, fileEnc: null, finishedAt: new Date() });
      return status;
    }
    void valid;
    const placed = await withTenant(db, tenantId, async (tx) => {
      const res = await importCases(tx, keys, rowsOf(imp.fileKind, bytes), mapping, { creditorId: imp.creditorId, actorId: imp.createdBy, at, chunkSize });
      // All-or-nothing: a row refused only at placement (e.g. no entrustment for a creditor column value) rolls back the whole file.
      if (imp.mode === 'all_or_nothing' && res.errors.length) throw Object.assign(new Error('rejected at placement'), { rowErrors: res.errors });
      return res;
    }).catch((e: { rowErrors?: RowError[] }) => {
      if (e.rowErrors) return e.rowErrors;
      throw e;
    });
    if (Array.isArray(placed)) {
      await update({ ...base, status: 'rejected', errorCount: placed.length, errors: placed.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ row: e.row, field: e.field, reason: e.reason })), fileEnc: null, finishedAt: new Date() });
      return 'rejected';
    }
    // The placement pass re-validates and adds rows refused only at placement (e.g. active with another agency, COL-73).
    await update({ ...base, status: 'done', inserted: placed.placed, duplicates: placed.skippedExisting, errorCount: placed.errors.length,
      errors: placed.errors.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ row: e.row, field: e.field, reason: e.reason })), fileEnc: null, finishedAt: new Date() });
    return 'done';
  } catch (e) {
    await update({ status: 'failed', failure: (e as Error).message.slice(0, 500), fileEnc: null, finishedAt: new Date() });
    return 'failed';
  }
}

export interface ImportStatus {
  id: string; status: 'queued' | 'running' | 'done' | 'failed' | 'rejected'; mode: ImportMode; fileName: string; creditorId: string; total: number | null; processed: number; inserted: number; duplicates: number;
  errorCount: number; errors: Array<{ row: number; field: string; reason: string }>; rejectedFileAvailable: boolean; failure: string | null; createdAt: Date; finishedAt: Date | null;
}

/** Throws CASES_IMPORT_NOT_FOUND. */
export async function getImport(tx: Tx, importId: string): Promise<ImportStatus> {
  const [r] = await tx.select().from(imports).where(eq(imports.id, importId));
  if (!r) throw caseError('CASES_IMPORT_NOT_FOUND', { detail: importId });
  return {
    id: r.id, status: r.status, mode: r.mode, fileName: r.fileName, creditorId: r.creditorId, total: r.total, processed: r.processed, inserted: r.inserted, duplicates: r.duplicates,
    errorCount: r.errorCount, errors: r.errors, rejectedFileAvailable: r.rejectedEnc !== null, failure: r.failure, createdAt: r.createdAt, finishedAt: r.finishedAt,
  };
}

/** The rejected rows with their reasons as CSV (UTF-8 with BOM). Throws CASES_IMPORT_NOT_FOUND, CASES_IMPORT_NO_REJECTED. */
export async function getRejectedRows(tx: Tx, keys: DebtorKeys, importId: string): Promise<{ csv: string; fileName: string }> {
  const [r] = await tx.select({ enc: imports.rejectedEnc, fileName: imports.fileName }).from(imports).where(eq(imports.id, importId));
  if (!r) throw caseError('CASES_IMPORT_NOT_FOUND', { detail: importId });
  if (!r.enc) throw caseError('CASES_IMPORT_NO_REJECTED', { detail: importId });
  const tenantId = await tenantOf(tx);
  return { csv: decryptField(keys.ring, r.enc, `${tenantId}:cases.imports.rejected:${importId}`), fileName: `${r.fileName.replace(/\.[a-z]+$/i, '')}-rejected.csv` };
}

/** The import job: runs one queued import. */
export function importJob(deps: { keys: DebtorKeys }) {
  return defineJob({
    name: 'cases.import',
    version: 1,
    payload: z.object({ tenantId: z.string(), importId: z.string() }),
    async handler(p, { db, logger }) {
      const status = await runImport(db, deps.keys, p.tenantId, p.importId);
      logger.info({ importId: p.importId, status }, 'case import finished');
    },
  });
}

