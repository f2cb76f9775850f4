// `recourse pii …` commands: scan text/CSV/XLSX files for personal data (PI-05, PI-20 §6.2) and mask text files.
// Output never prints a found value in clear: findings are shown with their PI-22 mask.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../app.js';
import { loadSecrets } from '../platform/secrets.js';
import { withPlatform, withTenant } from '../platform/db/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { debtorKeysFromSecrets } from '../modules/debtors/index.js';
import { applyRetention, previewRetention, retentionReport, setRetentionDays, keyStatus, rotateEnvelopes } from '../modules/privacy/index.js';
import cliProgress from 'cli-progress';
import { printJson, printTable, fail } from './output.js';
import { DETECTION_THRESHOLDS, DETECTION_USES, detect, detectInField, type DetectionUse, maskText, maskValue, PII_TYPES, ROLES, type Finding, type PiiType, type Role } from '../platform/pii/index.js';

export interface ScanFinding {
  type: PiiType;
  /** `line:col` for text; `Sheet!C12` for XLSX; `row 3, 手机号` for CSV. */
  location: string;
  confidence: number;
  masked: string;
}

export interface ScanReport {
  file: string;
  kind: 'text' | 'csv' | 'xlsx';
  bytes: number;
  findings: ScanFinding[];
  summary: Partial<Record<PiiType, number>>;
}

interface ScanOpts {
  minConfidence?: number;
  types?: PiiType[];
}

function lineCol(text: string, lineStarts: number[], offset: number): string {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return `${lo + 1}:${offset - lineStarts[lo] + 1}`;
}

const toScan = (f: Finding, location: string): ScanFinding => ({ type: f.type, location, confidence: f.confidence, masked: maskValue(f.type, f.text) });

/** Scans free text. */
export function scanText(text: string, opts: ScanOpts = {}): ScanFinding[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return detect(text, opts).map((f) => toScan(f, lineCol(text, starts, f.start)));
}

/** Scans a table given as rows of cells with a header row; header names steer whole-cell classification. */
export function scanTable(rows: string[][], locate: (row: number, col: number, header: string) => string, opts: ScanOpts = {}): ScanFinding[] {
  const [header = [], ...body] = rows;
  const out: ScanFinding[] = [];
  header.forEach((h, c) => {
    // a header cell can itself hold data when the file has no header row; scan it as text
    for (const f of detect(h ?? '', opts)) out.push(toScan(f, locate(0, c, '(header)')));
  });
  body.forEach((cells, r) => {
    cells.forEach((cell, c) => {
      if (!cell) return;
      const found = detectInField(cell, header[c] ?? null, opts).filter((f) => (opts.minConfidence === undefined || f.confidence >= opts.minConfidence) && (!opts.types || opts.types.includes(f.type)));
      for (const f of found) out.push(toScan(f, locate(r + 1, c, header[c] ?? '')));
    });
  });
  return out;
}

function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString();
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
    return '';
  }
  return String(v);
}

/** UTF-8 (BOM stripped), or GB 18030/GBK when the bytes are not valid UTF-8 (common for files from Chinese Excel). */
export function decodeText(buf: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buf), encoding: 'gb18030' };
  }
}

/** Scans a file: .csv (header row), .xlsx (every sheet, first row as header), anything else as text (UTF-8 or GBK). */
export async function scanFile(file: string, opts: ScanOpts = {}): Promise<ScanReport> {
  const buf = readFileSync(file);
  const ext = path.extname(file).toLowerCase();
  let kind: ScanReport['kind'] = 'text';
  let findings: ScanFinding[];
  if (ext === '.csv') {
    kind = 'csv';
    const parsed = Papa.parse<string[]>(decodeText(buf).text, { skipEmptyLines: true });
    findings = scanTable(parsed.data, (r, c, h) => `row ${r + 1}, col ${c + 1}${h ? ` (${h})` : ''}`, opts);
  } else if (ext === '.xlsx') {
    kind = 'xlsx';
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    findings = [];
    wb.eachSheet((ws) => {
      const rows: string[][] = [];
      ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, colNumber) => (cells[colNumber - 1] = cellText(cell.value)));
        rows[rowNumber - 1] = Array.from(cells, (x) => x ?? '');
      });
      const dense = Array.from(rows, (r) => r ?? []);
      findings.push(...scanTable(dense, (r, c) => `${ws.name}!${colName(c)}${r + 1}`, opts));
    });
  } else {
    findings = scanText(decodeText(buf).text, opts);
  }
  const summary: Partial<Record<PiiType, number>> = {};
  for (const f of findings) summary[f.type] = (summary[f.type] ?? 0) + 1;
  return { file, kind, bytes: buf.length, findings, summary };
}

function parseTypes(s: string | undefined): PiiType[] | undefined {
  if (!s) return undefined;
  const ts = s.split(',').map((x) => x.trim()).filter(Boolean);
  for (const t of ts) if (!(PII_TYPES as readonly string[]).includes(t)) throw new Error(`unknown type ${t}; one of ${PII_TYPES.join(', ')}`);
  return ts as PiiType[];
}

export function registerPiiCommands(program: Command): void {
  const pii = program.command('pii').description('Personal-data tools: scan files, mask text (PI-20, PI-22)');

  pii
    .command('scan <file>')
    .description('Find personal data in a text, CSV or XLSX file; values are shown masked')
    .option('--json', 'machine-readable output')
    .option('--use <use>', `threshold of this use (${DETECTION_USES.join(', ')})`, 'ui_mask')
    .option('--min-confidence <n>', 'drop findings below this confidence (overrides --use)')
    .option('--types <list>', `only these types (${PII_TYPES.join(',')})`)
    .option('--fail-on-find', 'exit with status 2 when anything is found (for CI / upload gates)')
    .action(async (file: string, o: { json?: boolean; use: string; minConfidence?: string; types?: string; failOnFind?: boolean }) => {
      if (!(DETECTION_USES as readonly string[]).includes(o.use)) throw new Error(`--use must be one of ${DETECTION_USES.join(', ')}`);
      const minConfidence = o.minConfidence === undefined ? DETECTION_THRESHOLDS[o.use as DetectionUse] : Number(o.minConfidence);
      if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1) throw new Error('--min-confidence must be between 0 and 1');
      const report = await scanFile(file, { minConfidence, types: parseTypes(o.types) });
      if (o.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      } else {
        const w = process.stdout;
        w.write(`${report.file} (${report.kind}, ${report.bytes} bytes): ${report.findings.length} findings\n`);
        for (const t of PII_TYPES) if (report.summary[t]) w.write(`  ${t.padEnd(10)} ${report.summary[t]}\n`);
        for (const f of report.findings) w.write(`${f.location.padEnd(14)} ${f.type.padEnd(10)} ${f.confidence.toFixed(2)}  ${f.masked}\n`);
      }
      if (o.failOnFind && report.findings.length > 0) process.exitCode = 2;
    });

  pii
    .command('mask <file>')
    .description('Print a text file with every finding masked (for a role: full/masked/hidden per the policy table)')
    .option('--role <role>', `apply this role's policy (${ROLES.join(', ')})`)
    .action((file: string, o: { role?: string }) => {
      if (o.role && !(ROLES as readonly string[]).includes(o.role)) throw new Error(`unknown role ${o.role}`);
      process.stdout.write(maskText(decodeText(readFileSync(file)).text, { role: o.role as Role | undefined }));
    });

  pii
    .command('retention')
    .description('Retention (PI-07, COL-61): dry-run report of debtors due for purge, held, retained, purged; --apply purges those due')
    .requiredOption('--tenant <slug>', 'tenant site slug')
    .option('--set-days <n>', 'first set the tenant’s retention period (days after a case closes; default 1825)')
    .option('--apply', 'purge the personal data of every debtor due now (audit + evidence log)')
    .option('--preview', 'list what the purge would erase per module and table for each due debtor (nothing changes)')
    .option('--json', 'machine-readable output')
    .action(async (o: { tenant: string; apply?: boolean; preview?: boolean; json?: boolean; setDays?: string }) => {
      const config = loadConfig();
      const db = await openDatabase(config);
      try {
        const t = await withPlatform(db, (tx) => findTenant(tx, o.tenant));
        if (!t) throw Object.assign(new Error(`no tenant with slug ${o.tenant}`), { code: 'TENANT_NOT_FOUND' });
        const keys = debtorKeysFromSecrets(loadSecrets(config));
        if (o.setDays !== undefined) {
          const days = Number(o.setDays);
          if (!Number.isInteger(days) || days < 0 || days > 36500) throw Object.assign(new Error('--set-days must be a whole number of days, 0..36500'), { field: 'set-days' });
          await withTenant(db, t.id, (tx) => setRetentionDays(tx, days, 'system'));
        }
        const report = await withTenant(db, t.id, (tx) => retentionReport(tx, keys));
        const preview = o.preview && !o.apply ? await withTenant(db, t.id, (tx) => previewRetention(tx, keys)) : null;
        const run = o.apply ? await withTenant(db, t.id, (tx) => applyRetention(tx, keys, { actorId: 'system', actorRole: 'cli', tenantId: t.id })) : null;
        if (o.json) {
          printJson({ report, ...(run ? { run } : {}), ...(preview ? { preview } : {}) });
          return;
        }
        const c = report.counts;
        process.stdout.write(`${o.tenant}: retention ${report.retentionDays} days after closing; due ${c.due} · held ${c.held} · retained ${c.retained} · purged ${c.purged} · open ${c.open}\n`);
        printTable(report.items.filter((i) => i.status !== 'retained').slice(0, 200).map((i) => ({
          debtor: i.debtorId, status: i.status, closed: i.closedAt?.slice(0, 10) ?? '', due: i.dueAt?.slice(0, 10) ?? '', cases: i.cases.map((x) => x.ref).join(' '), holds: i.holds.join(' '),
        })));
        const perModule = (m: Record<string, Record<string, number>>) => Object.entries(m).flatMap(([mod, c]) => Object.entries(c).filter(([, n]) => n > 0).map(([tb, n]) => `${mod}.${tb} ${n}`)).join(', ');
        if (preview) {
          process.stdout.write(`preview (nothing changed): ${preview.items.length} of ${preview.due} due debtors\n`);
          printTable(preview.items.map((i) => ({ debtor: i.debtorId, files: String(i.filesErased), erases: perModule(i.modules) })));
        }
        if (run) {
          process.stdout.write(`purged ${run.purged.length} debtors (evidence leaves ${run.purged.map((p) => p.evidenceLeaf).join(', ') || '—'})${run.failed.length ? `; ${run.failed.length} failed and rolled back (retried next run)` : ''}\n`);
          printTable(run.purged.map((i) => ({ debtor: i.debtorId, files: String(i.filesErased), erased: perModule(i.modules) })));
        }
        else if (c.due) process.stdout.write('dry run: nothing changed; --apply to purge\n');
      } catch (e) {
        fail(e);
      } finally {
        await db.close();
      }
    });

  const keysCmd = pii.command('keys').description('Key-encryption keys of the envelope encryption (PI-08): status and rotation without downtime');
  keysCmd
    .command('status')
    .description('How many sealed values each key-encryption key protects, per column (all tenants)')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      const db = await openDatabase(config);
      try {
        const ring = debtorKeysFromSecrets(loadSecrets(config)).ring;
        const st = await keyStatus(db, ring);
        if (o.json) return printJson(st);
        process.stdout.write(`current key ${st.currentKeyId}; envelopes per key: ${Object.entries(st.totals).map(([k, n]) => `${k} ${n}`).join(' · ') || 'none'}; to re-wrap: ${st.pending}\n`);
        printTable(st.columns.map((c) => ({ column: `${c.schema}.${c.table}.${c.column}`, ...Object.fromEntries(Object.entries(c.byKey).map(([k, n]) => [k, String(n)])) })));
      } catch (e) {
        fail(e);
      } finally {
        await db.close();
      }
    });
  keysCmd
    .command('rotate')
    .description('Re-seal every data key under the current key-encryption key, in batches (one short transaction each; the app keeps running). Prepend the new key to RECOURSE_KEYS and restart first')
    .option('--batch <n>', 'rows per transaction', '500')
    .option('--json', 'machine-readable output')
    .action(async (o: { batch: string; json?: boolean }) => {
      const config = loadConfig();
      const db = await openDatabase(config);
      const bar = new cliProgress.SingleBar({ format: 're-wrap [{bar}] {value}/{total} envelopes', hideCursor: true }, cliProgress.Presets.shades_classic);
      try {
        const batchSize = Number(o.batch);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw Object.assign(new Error('--batch must be a whole number 1..10000'), { field: 'batch' });
        const ring = debtorKeysFromSecrets(loadSecrets(config)).ring;
        const before = await keyStatus(db, ring);
        if (!o.json) bar.start(Math.max(1, before.pending), 0);
        const run = await rotateEnvelopes(db, ring, { batchSize, onProgress: (n) => !o.json && bar.update(Math.min(n, Math.max(1, before.pending))) });
        if (!o.json) bar.update(Math.max(1, before.pending));
        bar.stop();
        const after = await keyStatus(db, ring);
        if (o.json) return printJson({ ...run, pendingAfter: after.pending, totals: after.totals });
        process.stdout.write(`re-wrapped ${run.rewrapped} envelopes under ${run.currentKeyId} in ${run.batches} batches${run.raced ? ` (${run.raced} changed meanwhile; run again)` : ''}; still under older keys: ${after.pending}\n`);
        if (after.pending === 0) process.stdout.write(`every envelope is under ${run.currentKeyId}: older keys may leave RECOURSE_KEYS (keep the last one while blind indexes derive from the seed)\n`);
      } catch (e) {
        bar.stop();
        fail(e);
      } finally {
        await db.close();
      }
    });
}

