// Readers that turn an uploaded CSV or XLSX into a stream of header-keyed rows without loading the whole file:
// papaparse in Node-stream mode for CSV (UTF-8, BOM stripped; GBK files must be converted first), the exceljs
// streaming reader for XLSX (first worksheet, first row is the header).
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { caseError } from './errors.js';

export type RawRow = Record<string, unknown>;

/** Rows of a CSV stream keyed by the header row. Blank lines are skipped. */
export async function* readCsvRows(input: Readable): AsyncGenerator<RawRow> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: true, skipEmptyLines: 'greedy', transformHeader: (h: string) => h.replace(/^\uFEFF/, '').trim() });
  input.pipe(parser as unknown as NodeJS.WritableStream);
  for await (const row of parser as unknown as AsyncIterable<RawRow>) yield row;
}

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result ?? '';
    return '';
  }
  return v;
}

/** Rows of the first worksheet of an XLSX stream keyed by its first row. */
export async function* readXlsxRows(input: Readable): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'emit' });
  for await (const sheet of reader) {
    let headers: string[] | null = null;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue);
      if (!headers) {
        headers = values.map((v) => String(v ?? '').trim());
        continue;
      }
      if (values.every((v) => v === '' || v === null || v === undefined)) continue;
      const out: RawRow = {};
      headers.forEach((h, i) => {
        if (h) out[h] = values[i] ?? '';
      });
      yield out;
    }
    return; // first worksheet only
  }
}

/** Header row of a file (CSV or XLSX by extension), for the column-mapping step. */
export async function readHeaders(path: string): Promise<string[]> {
  for await (const row of readRowsFromFile(path)) return Object.keys(row);
  return [];
}

/** Rows of a file on disk, CSV or XLSX chosen by extension. Throws CASES_IMPORT_FORMAT for anything else. */
export function readRowsFromFile(path: string): AsyncGenerator<RawRow> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return readCsvRows(createReadStream(path));
  if (lower.endsWith('.xlsx')) return readXlsxRows(createReadStream(path));
  throw caseError('CASES_IMPORT_FORMAT', { detail: 'expected a .csv or .xlsx file' });
}
