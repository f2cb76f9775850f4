// `recourse documents …` commands: kinds, fields (fill + missing), render (DOCX/PDF to a file, no database),
// generate (database: stored with digests and an evidence leaf), template versions/restore, and the law
// calculators (capitals, fees, cap). Thin: parses options and calls the documents and law modules.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  DocumentKind, fillDocument, listShippedTemplates, renderDocument, generateDocument, listTemplateVersions, restoreShippedTemplate, saveTemplateVersion,
} from '../modules/documents/index.js';
import { acceptanceFee, appendLprRow, enforcementFee, interestCap, paymentOrderFee, preservationFee, toCapitals, formatFigures, DEFAULT_LPR_TABLE } from '../modules/law/index.js';
import { recordAudit } from '../platform/audit.js';
import { findTenant, PLATFORM_SLUG } from '../modules/tenants/index.js';
import { parseYuan } from '../platform/money.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../app.js';
import { withPlatform, withTenant, type Tx } from '../platform/db/index.js';
import { getTenant } from '../modules/tenants/index.js';
import { fail, printJson, printTable } from './output.js';
import cliProgress from 'cli-progress';
import { loadSecrets } from '../platform/secrets.js';
import { debtorKeysFromSecrets } from '../modules/debtors/index.js';
import { searchCases } from '../modules/cases/index.js';
import { createBatch, runBatch } from '../modules/documents/batches.js';
import { generateForCase } from '../modules/documents/case-documents.js';

async function inTenant<T>(slug: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig());
  try {
    const t = await withPlatform(db, (tx) => getTenant(tx, slug));
    return await withTenant(db, t.id, fn);
  } finally {
    await db.close();
  }
}

function kindOf(s: string): DocumentKind {
  const k = DocumentKind.safeParse(s);
  if (!k.success) throw new Error(`unknown kind ${s}; one of: ${DocumentKind.options.join(', ')}`);
  return k.data;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const collect = (v: string, prev: string[]) => [...prev, v];
function overridesOf(sets: string[]): Record<string, string> {
  return Object.fromEntries(sets.map((s) => { const i = s.indexOf('='); if (i < 1) throw new Error(`--set name=value, got ${s}`); return [s.slice(0, i), s.slice(i + 1)]; }));
}

export function registerDocumentsCommands(program: Command): void {
  const docs = program.command('documents').description('Legal documents (DOC-01..13) and calculators (CALC-01..07)');

  docs.command('kinds').description('List document kinds').option('--json', 'machine output').action((o) => {
    const rows = listShippedTemplates().map((t) => ({ kind: t.kind, rule: t.rule, title: t.title, audience: t.audience }));
    if (o.json) printJson(rows);
    else printTable(rows);
  });

  docs.command('fields').description('Fill a kind from case data and show fields and missing ones')
    .requiredOption('--kind <kind>').requiredOption('--case <json>', 'case data JSON (money as "yuan.fen" strings)')
    .option('--set <name=value>', 'override a field (repeatable)', collect, [])
    .action((o) => {
      try {
        const f = fillDocument(kindOf(o.kind), readJson(o.case) as never, overridesOf(o.set));
        printJson({ fields: Object.fromEntries(Object.values(f.fields).map((x) => [x.name, x.capitals ? `${x.text} ${x.capitals}` : x.text])), missing: f.missing });
      } catch (e) {
        fail(e);
      }
    });

  docs.command('render').description('Render a document to a file (no database; nothing is stored or filed)')
    .requiredOption('--kind <kind>').requiredOption('--case <json>').requiredOption('--out <file>')
    .option('--format <fmt>', 'pdf or docx', 'pdf').option('--draft', 'allow missing fields (blanks)')
    .option('--set <name=value>', 'override a field (repeatable)', collect, [])
    .action(async (o) => {
      try {
        const r = await renderDocument(kindOf(o.kind), readJson(o.case) as never, { format: o.format === 'docx' ? 'docx' : 'pdf', draft: !!o.draft, overrides: overridesOf(o.set) });
        writeFileSync(o.out, r.bytes);
        process.stdout.write(`${o.out} (${r.bytes.length} bytes)\n`);
      } catch (e) {
        fail(e);
      }
    });

  docs.command('generate').description('Generate and store a document for a tenant (digests + evidence leaf)')
    .requiredOption('--tenant <slug>').requiredOption('--kind <kind>').requiredOption('--case <json>')
    .option('--format <fmt>', 'pdf or docx', 'pdf').option('--case-id <id>').option('--actor <id>', 'user id', 'system').option('--out <file>')
    .action(async (o) => {
      try {
        const g = await inTenant(o.tenant, (tx) => generateDocument(tx, { kind: kindOf(o.kind), caseData: readJson(o.case) as never, format: o.format === 'docx' ? 'docx' : 'pdf', actor: o.actor, caseId: o.caseId }));
        if (o.out) writeFileSync(o.out, g.bytes);
        const { bytes: _b, ...rest } = g;
        printJson(rest);
      } catch (e) {
        fail(e);
      }
    });

  docs.command('generate-case').description('One click for a case in the database: fill from the case, store with digests + evidence leaf')
    .requiredOption('--tenant <slug>').requiredOption('--case <ref>', 'case reference').requiredOption('--kind <kind>')
    .option('--format <fmt>', 'pdf or docx', 'pdf').option('--set <name=value>', 'type in a missing field or case-data path (repeatable)', collect, [])
    .option('--actor <id>', 'user id', 'system').option('--out <file>')
    .action(async (o) => {
      try {
        const config = loadConfig();
        const keys = debtorKeysFromSecrets(loadSecrets(config));
        const g = await inTenant(o.tenant, async (tx) => {
          const hit = (await searchCases(tx, keys, { q: o.case, limit: 5 })).items.find((i) => i.ref === String(o.case).toUpperCase());
          if (!hit) throw new Error(`no case ${o.case}`);
          return generateForCase(tx, keys, { caseId: hit.id, kind: kindOf(o.kind), format: o.format === 'docx' ? 'docx' : 'pdf', overrides: overridesOf(o.set), actor: o.actor }, { publicUrl: config.publicUrl });
        });
        if (o.out) writeFileSync(o.out, g.bytes);
        const { bytes: _b, ...rest } = g;
        printJson(rest);
      } catch (e) {
        fail(e);
      }
    });

  docs.command('batch').description('Generate a kind for many cases of a tenant (a batch with progress; each case in its own transaction)')
    .requiredOption('--tenant <slug>').requiredOption('--kind <kind>').option('--format <fmt>', 'pdf or docx', 'pdf')
    .option('--limit <n>', 'at most n cases', (v) => Number(v)).option('--stage <stage>')
    .option('--set <name=value>', 'a field for every case (repeatable)', collect, []).option('--actor <id>', 'user id', 'system')
    .action(async (o) => {
      const config = loadConfig();
      const keys = debtorKeysFromSecrets(loadSecrets(config));
      const db = await openDatabase(config);
      const bar = new cliProgress.SingleBar({ format: 'documents {bar} {value}/{total} ({percentage}%) eta {eta}s' }, cliProgress.Presets.shades_classic);
      try {
        const t = await withPlatform(db, (tx) => getTenant(tx, o.tenant));
        const b = await withTenant(db, t.id, (tx) => createBatch(tx, keys, {
          kind: kindOf(o.kind), format: o.format === 'docx' ? 'docx' : 'pdf', overrides: overridesOf(o.set), actor: o.actor,
          filter: { ...(o.limit ? { limit: o.limit } : {}), ...(o.stage ? { stage: o.stage } : {}) },
        }));
        bar.start(b.total, 0);
        const started = Date.now();
        const s = await runBatch(db, keys, t.id, b.id, { publicUrl: config.publicUrl, every: 10, onProgress: (n) => bar.update(n) });
        bar.update(s.total);
        bar.stop();
        const secs = (Date.now() - started) / 1000;
        printJson({ batchId: s.id, total: s.total, done: s.done, failed: s.failed.length, seconds: Number(secs.toFixed(1)), perSecond: Number((s.done / secs).toFixed(2)), firstFailures: s.failed.slice(0, 5) });
      } catch (e) {
        bar.stop();
        fail(e);
      } finally {
        await db.close();
      }
    });

  const tpl = docs.command('template').description('Tenant template versions');
  tpl.command('list').requiredOption('--tenant <slug>').requiredOption('--kind <kind>').action(async (o) => {
    try {
      printTable(await inTenant(o.tenant, (tx) => listTemplateVersions(tx, kindOf(o.kind))));
    } catch (e) {
      fail(e);
    }
  });
  tpl.command('save').requiredOption('--tenant <slug>').requiredOption('--kind <kind>').requiredOption('--file <json>').option('--actor <id>', 'user id', 'system').action(async (o) => {
    try {
      const r = await inTenant(o.tenant, (tx) => saveTemplateVersion(tx, { kind: kindOf(o.kind), template: readJson(o.file), actor: o.actor }));
      printJson({ version: r.version, source: r.source });
    } catch (e) {
      fail(e);
    }
  });
  tpl.command('restore').requiredOption('--tenant <slug>').requiredOption('--kind <kind>').option('--actor <id>', 'user id', 'system').action(async (o) => {
    try {
      const r = await inTenant(o.tenant, (tx) => restoreShippedTemplate(tx, { kind: kindOf(o.kind), actor: o.actor }));
      printJson({ version: r.version, source: r.source });
    } catch (e) {
      fail(e);
    }
  });

  docs.command('capitals <yuan>').description('Amount in Chinese capital numerals').action((y: string) => {
    try {
      const fen = parseYuan(y);
      process.stdout.write(`${formatFigures(fen)} ${toCapitals(fen)}\n`);
    } catch (e) {
      fail(e);
    }
  });

  docs.command('fees <yuan>').description('Court fees for an amount (CALC-03/04/06/07)').action((y: string) => {
    try {
      const fen = parseYuan(y);
      printTable([
        { fee: 'CALC-03 案件受理费', amount: formatFigures(acceptanceFee(fen).fullFen) },
        { fee: 'CALC-03 减半', amount: formatFigures(acceptanceFee(fen, { halvedFor: ['mediation'] }).dueFen) },
        { fee: 'CALC-04 保全费', amount: formatFigures(preservationFee(fen)) },
        { fee: 'CALC-06 执行费', amount: formatFigures(enforcementFee(fen)) },
        { fee: 'CALC-07 支付令', amount: formatFigures(paymentOrderFee(fen)) },
      ]);
    } catch (e) {
      fail(e);
    }
  });

  docs.command('cap <formationDate>').description('CALC-01 interest cap for a contract formed on a date').option('--fi', 'lender is a licensed FI').action((d: string, o) => {
    try {
      printJson(interestCap({ formationDate: d, lenderIsFinancialInstitution: !!o.fi }));
    } catch (e) {
      fail(e);
    }
  });

  // CALC-01: the LPR table is data (src/modules/law/lpr-table.json). An operator adds a change point when NIFC
  // announces one; the row carries its source and who/when, and the addition is written to the platform audit log.
  const lpr = docs.command('lpr').description('CALC-01 LPR table (data): list, add a published change point');
  const LPR_FILE = new URL('../modules/law/lpr-table.json', import.meta.url);
  lpr.command('list').description('change points with their sources').action(() => {
    const raw = JSON.parse(readFileSync(LPR_FILE, 'utf8')) as { confirmedThrough?: { date: string } };
    printTable(DEFAULT_LPR_TABLE.rows.map((r) => ({ date: r.date, oneYear: `${(r.oneYearBps / 100).toFixed(2)}%`, fiveYear: `${(r.fiveYearBps / 100).toFixed(2)}%`, source: (r.source ?? '').slice(0, 70) })));
    console.log(`confirmed through ${raw.confirmedThrough?.date ?? '(not recorded)'}`);
  });
  lpr.command('add').description('add a published change point (validated; audited)')
    .requiredOption('--date <YYYY-MM-DD>', 'publication date of the change')
    .requiredOption('--one-year <percent>', '1-year LPR, e.g. 2.90')
    .requiredOption('--five-year <percent>', '5-year LPR, e.g. 3.40')
    .requiredOption('--source <url>', 'the NIFC announcement (or a report of it) checked')
    .requiredOption('--by <operator>', 'who adds the row')
    .option('--file <path>', 'table file to update (default: the shipped src/modules/law/lpr-table.json)')
    .action(async (o) => {
      try {
        const bps = (p: string, name: string) => {
          if (!/^\d{1,2}(\.\d{1,2})?$/.test(p)) throw new Error(`${name}: a percentage like 3.00`);
          const [i, f = ''] = p.split('.');
          return Number(i) * 100 + Number(f.padEnd(2, '0'));
        };
        const file = o.file ? o.file : LPR_FILE;
        const now = new Date();
        const next = appendLprRow(readJson(typeof file === 'string' ? file : file.pathname), {
          date: o.date, oneYearBps: bps(o.oneYear, '--one-year'), fiveYearBps: bps(o.fiveYear, '--five-year'), source: o.source, addedBy: o.by,
        }, now.toISOString().slice(0, 10), now);
        const db = await openDatabase(loadConfig());
        try {
          await withPlatform(db, async (tx) => {
            const platform = await findTenant(tx, PLATFORM_SLUG);
            if (platform) await recordAudit(tx, { tenantId: platform.id, actorId: null, actorRole: 'platform_operator', action: 'law.lpr.add', targetType: 'lpr_table', targetId: o.date, reason: o.source, detail: { operator: o.by, row: next.rows[next.rows.length - 1] } });
          });
        } finally {
          await db.close();
        }
        writeFileSync(file, JSON.stringify(next, null, 2) + '\n');
        printJson(next.rows[next.rows.length - 1]);
        console.log('restart the server (and workers) to use the new row');
      } catch (e) {
        fail(e);
      }
    });
}
