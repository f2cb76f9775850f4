// `recourse compliance …` commands: thin wrappers over the compliance module's use cases.
//   recourse compliance screen <text> [--jurisdiction CN|US] [--json]          banned-content screening (COL-42..46, COL-92)
//   recourse compliance scripts --tenant <slug> [--state approved] [--json]   the tenant's script library
//   recourse compliance scripts-export --tenant <slug> [--out file.json]      export the library as JSON
//   recourse compliance complaints --tenant <slug> [--status open] [--json]   complaints with their COL-80 deadline
//   recourse compliance retention-sweep --tenant <slug>                       COL-61 recording retention sweep
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../app.js';
import { withPlatform, withTenant, type Database, type Tx } from '../platform/db/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { screenContent } from '../modules/compliance/index.js';
import { exportTemplates, listComplaints, listTemplates, sweepRecordingRetention } from '../modules/compliance/index.js';
import type { TemplateState } from '../modules/compliance/index.js';
import { printJson, printTable } from './output.js';

async function inTenant<T>(slug: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db: Database = await openDatabase(config);
  try {
    const t = await withPlatform(db, (tx) => findTenant(tx, slug));
    if (!t) throw Object.assign(new Error(`no tenant with slug ${slug}`), { code: 'TENANT_NOT_FOUND' });
    return await withTenant(db, t.id, fn);
  } finally {
    await db.close();
  }
}

export function registerComplianceCommands(program: Command): void {
  const c = program.command('compliance').description('Compliance gate, script library, complaints, campaigns');
  c.command('screen <text>').description('Screen text for banned content (COL-42..46, COL-92)').option('--jurisdiction <j>', 'CN or US', 'CN').option('--json', 'JSON output')
    .action((text: string, o: { jurisdiction: 'CN' | 'US'; json?: boolean }) => {
      const r = screenContent(text, o.jurisdiction);
      if (o.json) return printJson({ clean: r.clean, hits: r.hits.map(({ ruleId, category, matched }) => ({ ruleId, category, matched })) });
      if (r.clean) return console.log('clean');
      printTable(r.hits.map((h) => ({ rule: h.ruleId, category: h.category, matched: h.matched })));
      process.exitCode = 1;
    });
  c.command('scripts').description('List the tenant’s script library').requiredOption('--tenant <slug>').option('--state <state>').option('--json', 'JSON output')
    .action(async (o: { tenant: string; state?: TemplateState; json?: boolean }) => {
      const items = await inTenant(o.tenant, (tx) => listTemplates(tx, { state: o.state }));
      if (o.json) return printJson(items);
      printTable(items.map((v) => ({ id: v.templateId, version: v.version, state: v.state, category: v.content.category, filing: v.filingNumber ?? '', uses: v.usageCount, problems: v.problems.length })));
    });
  c.command('scripts-export').description('Export the script library as JSON').requiredOption('--tenant <slug>').option('--out <file>')
    .action(async (o: { tenant: string; out?: string }) => {
      const data = await inTenant(o.tenant, (tx) => exportTemplates(tx));
      if (o.out) fs.writeFileSync(o.out, JSON.stringify(data, null, 2));
      else printJson(data);
    });
  c.command('complaints').description('Complaints and disputes with their COL-80 deadline').requiredOption('--tenant <slug>').option('--status <status>').option('--json', 'JSON output')
    .action(async (o: { tenant: string; status?: string; json?: boolean }) => {
      const items = await inTenant(o.tenant, (tx) => listComplaints(tx, { status: o.status }));
      if (o.json) return printJson(items);
      printTable(items.map((x) => ({ id: x.id, kind: x.kind, case: x.caseId ?? '', channel: x.channel, status: x.status, due: x.dueAt, overdue: x.overdue ? 'yes' : '' })));
    });
  c.command('retention-sweep').description('Mark recordings past COL-61 retention (legal holds kept)').requiredOption('--tenant <slug>')
    .action(async (o: { tenant: string }) => {
      const r = await inTenant(o.tenant, (tx) => sweepRecordingRetention(tx));
      console.log(`expired ${r.expired}, kept on legal hold ${r.onHold}`);
    });
}
