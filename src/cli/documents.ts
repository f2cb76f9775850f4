// `recourse documents …` commands: kinds, fields (fill + missing), render (DOCX/PDF to a file, no database),
// generate (database: stored with digests and an evidence leaf), template versions/restore, and the law
// calculators (capitals, fees, cap). Thin: parses options and calls the documents and law modules.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  DocumentKind, fillDocument, listShippedTemplates, renderDocument, generateDocument, listTemplateVersions, restoreShippedTemplate, saveTemplateVersion,
} from '../modules/documents/index.js';
import { acceptanceFee, enforcementFee, interestCap, paymentOrderFee, preservationFee, toCapitals, formatFigures } from '../modules/law/index.js';
import { parseYuan } from '../platform/money.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../app.js';
import { withPlatform, withTenant, type Tx } from '../platform/db/index.js';
import { getTenant } from '../modules/tenants/index.js';
import { fail, printJson, printTable } from './output.js';

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
}
