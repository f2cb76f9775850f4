// CLI for the cases module. Thin: parses options and calls the same use cases as the API.
//   recourse import cases <file.csv|xlsx> --tenant <slug> --creditor <id|code> [--mapping map.json] [--dry-run] [--all-or-nothing] [--report errors.csv] [--json]
//   recourse cases list --tenant <slug> [--q <text>] [--stage <stage>] [--limit N]
//   recourse cases demo --tenant <slug> [--count 300]
//   recourse creditor add --tenant <slug> --code <code> --name <name> --attested-by <who> --dpa-ref <ref> [--until YYYY-MM-DD]
import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../app.js';
import { loadSecrets } from '../platform/secrets.js';
import { withPlatform, withTenant, type Database } from '../platform/db/index.js';
import { formatYuan } from '../platform/money.js';
import { findTenant } from '../modules/tenants/index.js';
import { debtorKeysFromSecrets, type DebtorKeys } from '../modules/debtors/index.js';
import {
  importCases, readHeaders, readRowsFromFile, suggestMapping, checkMapping, searchCases, seedDemoPortfolio, createCreditor, recordEntrustment,
  addDays, dateInZone, CASE_STAGES, type ColumnMapping, type CaseStage, type RowError,
} from '../modules/cases/index.js';
import { printJson, printTable, fail } from './output.js';

async function withTenantDb<T>(slug: string, fn: (db: Database, tenantId: string, keys: DebtorKeys) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const t = await withPlatform(db, (tx) => findTenant(tx, slug));
    if (!t) throw Object.assign(new Error(`no tenant with slug ${slug}`), { code: 'TENANT_NOT_FOUND' });
    return await fn(db, t.id, debtorKeysFromSecrets(loadSecrets(config)));
  } finally {
    await db.close();
  }
}

const csvCell = (v: unknown) => `"${String(v).replace(/"/g, '""')}"`;

/** Writes the row validation report (row, field, code, reason) as CSV with a BOM (opens cleanly in Excel). */
export function writeErrorReport(path: string, errors: RowError[]): void {
  const lines = ['row,field,code,reason', ...errors.map((e) => [e.row, e.field, e.code, e.reason].map(csvCell).join(','))];
  fs.writeFileSync(path, '\uFEFF' + lines.join('\n') + '\n');
}

async function countRows(file: string): Promise<number> {
  let n = 0;
  for await (const _ of readRowsFromFile(file)) n++;
  return n;
}

export function registerCasesCommands(program: Command) {
  const imp = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk imports');
  imp
    .command('cases <file>')
    .description('place cases from a creditor CSV/XLSX file (re-importing the same file creates no duplicates)')
    .requiredOption('--tenant <slug>', 'tenant site slug')
    .option('--creditor <id>', 'creditor id or code for every row (when the file has no creditor column)')
    .option('--mapping <file>', 'JSON {ourField: "column header"}; default: suggested from the headers')
    .option('--dry-run', 'validate and report only; place nothing')
    .option('--all-or-nothing', 'place nothing when any row is rejected (default: place the valid rows, report the rest)')
    .option('--report <file>', 'write the row error report as CSV')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { tenant: string; creditor?: string; mapping?: string; dryRun?: boolean; allOrNothing?: boolean; report?: string; json?: boolean }) => {
      try {
        if (!fs.existsSync(file)) throw Object.assign(new Error(`no such file ${file}`), { code: 'CASES_IMPORT_FORMAT' });
        const headers = await readHeaders(file);
        const mapping: ColumnMapping = o.mapping ? JSON.parse(fs.readFileSync(o.mapping, 'utf8')) : suggestMapping(headers);
        checkMapping(mapping, headers, { defaultCreditorId: o.creditor });
        const total = await countRows(file);
        const result = await withTenantDb(o.tenant, async (db, _tenantId, keys) => {
          const bar = o.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: 'import |{bar}| {value}/{total} rows · placed {placed} · skipped {skipped} · errors {errors}', stream: process.stderr }, cliProgress.Presets.shades_classic);
          bar?.start(total, 0, { placed: 0, skipped: 0, errors: 0 });
          const run = () => withTenant(db, _tenantId, (tx) => importCases(tx, keys, readRowsFromFile(file), mapping, {
            creditorId: o.creditor, chunkSize: 200, onProgress: (p) => bar?.update(p.rowsRead, { placed: p.placed, skipped: p.skipped, errors: p.errors }),
          }).then(async (r) => {
            if (o.dryRun || (o.allOrNothing && r.errors.length)) throw Object.assign(new Error('dry run'), { dryRunResult: r });
            return r;
          }));
          try {
            return await run().catch((e: { dryRunResult?: Awaited<ReturnType<typeof importCases>> }) => {
              if (e.dryRunResult) return { ...e.dryRunResult, placed: 0, dryRunWouldPlace: e.dryRunResult.placed };
              throw e;
            });
          } finally {
            bar?.stop();
          }
        });
        if (o.report) writeErrorReport(o.report, result.errors);
        if (o.json) printJson({ ...result, caseIds: undefined, mapping });
        else {
          process.stdout.write(`rows ${result.rowsRead} · placed ${result.placed} · already placed ${result.skippedExisting} · errors ${result.errors.length}` +
            ('dryRunWouldPlace' in result ? (o.dryRun ? ` · dry run (would place ${result.dryRunWouldPlace})` : ' · all-or-nothing: rejected, nothing placed') : '') + '\n');
          if (result.errors.length && !o.report) printTable(result.errors.slice(0, 50).map((e) => ({ ...e })), ['row', 'field', 'code', 'reason']);
        }
        if (result.errors.length) process.exitCode = 2;
      } catch (e) {
        fail(e);
      }
    });

  const cases = program.command('cases').description('debt cases');
  cases
    .command('list')
    .requiredOption('--tenant <slug>', 'tenant site slug')
    .option('--q <text>', 'ref, contract number, name, pinyin, initials, ID number or phone')
    .option('--stage <stage>', `one of ${CASE_STAGES.join(', ')}`)
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; q?: string; stage?: string; limit: string; json?: boolean }) => {
      try {
        if (o.stage && !(CASE_STAGES as readonly string[]).includes(o.stage)) throw new Error(`unknown stage ${o.stage}`);
        const r = await withTenantDb(o.tenant, (db, tenantId, keys) =>
          withTenant(db, tenantId, (tx) => searchCases(tx, keys, { q: o.q, stage: o.stage as CaseStage | undefined, limit: Number(o.limit) })));
        if (o.json) return printJson(r);
        printTable(r.items.map((i) => ({ ref: i.ref, stage: i.stage, debtor: i.debtorName, contract: i.contractNumber, principal: formatYuan(i.principalFen), hold: i.onHold ? 'yes' : '' })));
        process.stdout.write(`${r.items.length} of ${r.total}\n`);
      } catch (e) {
        fail(e);
      }
    });

  cases
    .command('demo')
    .description('seed a clearly synthetic demo portfolio (every status, holds, promises)')
    .requiredOption('--tenant <slug>', 'tenant site slug')
    .option('--count <n>', 'number of cases', '300')
    .action(async (o: { tenant: string; count: string }) => {
      try {
        const r = await withTenantDb(o.tenant, (db, tenantId, keys) => withTenant(db, tenantId, (tx) => seedDemoPortfolio(tx, tenantId, keys, { count: Number(o.count) })));
        printJson(r);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command('creditor')
    .description('creditors and their entrustments')
    .command('add')
    .requiredOption('--tenant <slug>', 'tenant site slug')
    .requiredOption('--code <code>', 'short creditor code')
    .requiredOption('--name <name>', 'creditor legal name')
    .requiredOption('--attested-by <who>', 'COL-02: who at the creditor attested the debts are lawful')
    .requiredOption('--dpa-ref <ref>', 'COL-03: reference of the signed data-processing agreement')
    .option('--contract-ref <ref>', 'entrustment contract reference', 'WT-1')
    .option('--fee-terms <ref>', 'fee terms reference', 'FEE-1')
    .option('--until <date>', 'last day of the entrustment (default: one year)')
    .action(async (o: { tenant: string; code: string; name: string; attestedBy: string; dpaRef: string; contractRef: string; feeTerms: string; until?: string }) => {
      try {
        const today = dateInZone(new Date());
        const r = await withTenantDb(o.tenant, (db, tenantId) => withTenant(db, tenantId, async (tx) => {
          const c = await createCreditor(tx, { code: o.code, name: o.name });
          const e = await recordEntrustment(tx, {
            creditorId: c.id, scopes: ['collection_outsourcing', 'mediation'], startsOn: today, endsOn: o.until ?? addDays(today, 365), feeTermsRef: o.feeTerms,
            contractRef: o.contractRef, lawfulDebtAttestation: { attestedBy: o.attestedBy },
            dpa: { ref: o.dpaRef, signedOn: today, purpose: '逾期债务的提醒、协商与调解', piCategories: ['姓名', '身份证号', '联系方式', '债务信息'], protectiveMeasures: '字段级加密、最小权限、访问留痕', endOfTerm: 'delete' },
          });
          return { creditorId: c.id, code: c.code, entrustmentId: e.id, endsOn: e.endsOn };
        }));
        printJson(r);
      } catch (e) {
        fail(e);
      }
    });
}
