// CLI: serve, migrate, demo, tenant create|approve|list, user create. Thin: parses with the same zod inputs as
// the routes and calls the same use cases.
import type { Command } from 'commander';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../app.js';
import { migrate } from '../platform/db/migrate.js';
import { connectDatabase } from '../platform/db/connect.js';
import { withPlatform, withTenant } from '../platform/db/index.js';
import { startServer, printBanner, installShutdown } from '../server.js';
import { Scopes, Roles } from '../platform/tenancy.js';
import {
  createTenant, submitFiling, approveTenant, listTenants, getTenant, createUser, seedDemoTenants, CreateTenantInput, FilingInput,
} from '../modules/tenants/index.js';
import { printJson, printTable, fail } from './output.js';
import fs from 'node:fs';

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function registerPlatformCommands(program: Command) {
  program
    .command('serve')
    .description('start the HTTP server (PORT, DATA_DIR, DATABASE_URL from the environment)')
    .option('-p, --port <port>', 'port to listen on (default $PORT or 3000)')
    .option('--no-demo', 'do not load the demo tenant')
    .action(async (o: { port?: string; demo: boolean }) => {
      const s = await startServer({ ...(o.port ? { port: Number(o.port) } : {}), ...(o.demo ? {} : { loadDemo: false }) });
      printBanner(s);
      installShutdown(s);
    });

  program
    .command('migrate')
    .description('apply pending SQL migrations and exit')
    .action(async () => {
      const c = loadConfig();
      if (!c.databaseUrl) fs.mkdirSync(c.dataDir, { recursive: true });
      const db = await connectDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir });
      const r = await migrate(db);
      await db.close();
      process.stdout.write(`applied ${r.applied.length} migration(s)${r.applied.length ? ': ' + r.applied.join(', ') : ''}; ${r.skipped} already applied\n`);
    });

  program
    .command('demo')
    .description('reset the embedded database and load the demo data (refuses on DATABASE_URL unless --force)')
    .option('--force', 'also on a DATABASE_URL database (drops nothing; loads missing demo rows)')
    .action(async (o: { force?: boolean }) => {
      const c = loadConfig();
      if (c.databaseUrl && !o.force) fail(new Error('refusing to touch a PostgreSQL database without --force'));
      if (!c.databaseUrl) fs.rmSync(`${c.dataDir}/pg`, { recursive: true, force: true });
      await withDb(async (db) => {
        const r = await seedDemoTenants(db);
        printTable(r.logins.map((l) => ({ site: l.site, role: l.role, email: l.email, password: l.password })));
      });
    });

  const tenant = program.command('tenant').description('onboard and approve agencies');
  tenant
    .command('list')
    .description('list tenants')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) =>
      withDb(async (db) => {
        const ts = await withPlatform(db, listTenants);
        const out = ts.map((t) => ({ id: t.id, slug: t.slug, name: t.displayName, status: t.status, kind: t.kind, scopes: t.scopes, filing: t.filingNumber }));
        if (o.json) printJson(out);
        else printTable(out);
      }),
    );
  tenant
    .command('create')
    .description('create a pending tenant, optionally with its filing record')
    .requiredOption('--slug <slug>', 'site name: <slug>.localhost, /t/<slug>')
    .requiredOption('--name <name>', 'public display name')
    .option('--hash <alg>', 'evidence-log hash: sha256 or sm3', 'sha256')
    .option('--legal-name <name>')
    .option('--uscc <code>', 'unified social credit code (GB 32100)')
    .option('--legal-rep <name>')
    .option('--filing-number <no>')
    .option('--law-firm <rel>', 'is_law_firm | works_with_law_firm | none', 'none')
    .option('--scopes <list>', `comma-separated: ${Scopes.join(',')}`)
    .option('--json')
    .action(async (o: Record<string, string | boolean | undefined>) =>
      withDb(async (db) => {
        try {
          const input = CreateTenantInput.parse({ slug: o.slug, displayName: o.name, hashAlgorithm: o.hash });
          const t = await withPlatform(db, async (tx) => {
            const created = await createTenant(tx, input);
            if (o.legalName || o.uscc) {
              const f = FilingInput.parse({
                legalName: o.legalName, uscc: o.uscc, legalRepresentative: o.legalRep, filingNumber: o.filingNumber,
                lawFirm: o.lawFirm, scopes: String(o.scopes ?? '').split(',').filter(Boolean),
              });
              return submitFiling(tx, created.id, f);
            }
            return created;
          });
          if (o.json) printJson(t);
          else process.stdout.write(`created tenant ${t.slug} (${t.id}), status ${t.status}\n`);
        } catch (e) {
          fail(e);
        }
      }),
    );
  tenant
    .command('approve <slug>')
    .description('approve a tenant’s filing (it may then act within its scope)')
    .action(async (slug: string) =>
      withDb(async (db) => {
        try {
          const t = await withPlatform(db, async (tx) => approveTenant(tx, (await getTenant(tx, slug)).id, 'cli'));
          process.stdout.write(`approved ${t.slug}: ${t.status}, scopes ${t.scopes.join(', ')}\n`);
        } catch (e) {
          fail(e);
        }
      }),
    );

  program
    .command('user')
    .description('manage users')
    .command('create')
    .description('create a user in a tenant')
    .requiredOption('--tenant <slug>')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption('--role <role>', Roles.join(' | '))
    .requiredOption('--password <password>', 'at least 10 characters')
    .option('--json')
    .action(async (o: Record<string, string>) =>
      withDb(async (db) => {
        try {
          const t = await withPlatform(db, (tx) => getTenant(tx, o.tenant));
          const u = await withTenant(db, t.id, (tx) => createUser(tx, t, { email: o.email.toLowerCase(), displayName: o.name, role: o.role as (typeof Roles)[number], password: o.password }));
          if (o.json) printJson({ id: u.id, email: u.email, role: u.role, badgeNo: u.badgeNo });
          else process.stdout.write(`created ${u.role} ${u.email} (${u.id}) in ${t.slug}\n`);
        } catch (e) {
          fail(e);
        }
      }),
    );
}
