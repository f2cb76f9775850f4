// Column-major numeric data set used by the models (one Float64Array per feature; NaN = missing).
import Papa from 'papaparse';
import { riskError } from './errors.js';

/** A numeric table: `columns[j][i]` is row i of feature `names[j]`. */
export interface Dataset {
  names: string[];
  columns: Float64Array[];
  nRows: number;
}

/** Parse a CSV with a header row into numeric columns (blank or non-numeric cells become NaN). */
export function parseNumericCsv(text: string): Dataset {
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  if (parsed.errors.length > 0 && parsed.data.length === 0) {
    throw riskError('RISK_BAD_INPUT', { detail: parsed.errors[0].message });
  }
  const [header, ...rows] = parsed.data;
  if (!header || header.length === 0) throw riskError('RISK_BAD_INPUT', { detail: 'CSV has no header row' });
  const names = header.map((h) => h.trim());
  const columns = names.map(() => new Float64Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let j = 0; j < names.length; j++) {
      const cell = r[j];
      const v = cell === undefined || cell.trim() === '' ? NaN : Number(cell);
      columns[j][i] = v;
    }
  }
  return { names, columns, nRows: rows.length };
}

/** Split a data set into a 0/1 target and the remaining feature columns, dropping `drop` (e.g. ID) columns. */
export function splitTarget(ds: Dataset, target: string, drop: readonly string[] = []): { x: Dataset; y: Uint8Array } {
  const ti = ds.names.indexOf(target);
  if (ti < 0) throw riskError('RISK_COLUMN_MISSING', { detail: `target column ${target} not found`, field: target });
  const y = new Uint8Array(ds.nRows);
  const t = ds.columns[ti];
  for (let i = 0; i < ds.nRows; i++) {
    if (t[i] !== 0 && t[i] !== 1) throw riskError('RISK_TARGET_NOT_BINARY', { detail: `row ${i + 2}: ${t[i]}` });
    y[i] = t[i];
  }
  const names: string[] = [];
  const columns: Float64Array[] = [];
  ds.names.forEach((n, j) => {
    if (j === ti || drop.includes(n)) return;
    names.push(n);
    columns.push(ds.columns[j]);
  });
  return { x: { names, columns, nRows: ds.nRows }, y };
}

/** Rows `rows` of a data set (copied). */
export function takeRows(ds: Dataset, rows: ArrayLike<number>): Dataset {
  const columns = ds.columns.map((c) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = c[rows[i]];
    return out;
  });
  return { names: ds.names.slice(), columns, nRows: rows.length };
}

/** Subset of a typed label vector. */
export function takeLabels(y: ArrayLike<number>, rows: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]];
  return out;
}

/** Reorder/select columns of `ds` to match `names`; throws RISK_FEATURE_MISMATCH when one is missing. */
export function alignColumns(ds: Dataset, names: readonly string[]): Dataset {
  const columns = names.map((n) => {
    const j = ds.names.indexOf(n);
    if (j < 0) throw riskError('RISK_FEATURE_MISMATCH', { detail: `missing feature ${n}`, field: n });
    return ds.columns[j];
  });
  return { names: names.slice(), columns, nRows: ds.nRows };
}

/** Values of row i as a plain array. */
export function rowOf(ds: Dataset, i: number): number[] {
  return ds.columns.map((c) => c[i]);
}
