// Composition root: the explicit list of modules, their routes, jobs and dashboard cards, wired to one database.
import fs from 'node:fs';
import type { Logger } from 'pino';
import { connectDatabase } from './platform/db/connect.js';
import { migrate } from './platform/db/migrate.js';
import { withPlatform, sql, rows, type Database } from './platform/db/index.js';
import { createHttpApp, type App } from './platform/http/server.js';
import { createMessenger, type Messenger } from './platform/messaging/index.js';
import { startJobs, type Jobs, type AnyJob } from './platform/jobs/index.js';
import type { DashboardCard } from './platform/dashboard.js';
import type { Config } from './platform/config.js';
import { loadSecrets, deriveSecret } from './platform/secrets.js';
import { tenantRoutes, createAuthenticator, ensurePlatformTenant, countUsers, seedDemoTenants, type DemoLogin } from './modules/tenants/index.js';
import { evidenceRoutes, deriveLogKeys, checkpointJob } from './modules/evidence/index.js';
import { riskRoutes } from './modules/risk/index.js';

export interface Recourse {
  config: Config;
  db: Database;
  app: App;
  jobs: Jobs | null;
  messenger: Messenger;
  demoLogins: DemoLogin[];
  close(): Promise<void>;
}

export async function openDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl) fs.mkdirSync(config.dataDir, { recursive: true });
  const db = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  return db;
}

function dashboardCards(): DashboardCard[] {
  return [
    { key: 'users', labelZh: '在岗用户', labelEn: 'Active users', count: countUsers },
    {
      key: 'messages_today', labelZh: '今日消息', labelEn: 'Messages today',
      count: async (tx) => Number((await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM platform.messages WHERE created_at > now() - interval '1 day'`))[0].n),
    },
    {
      key: 'audit_today', labelZh: '今日审计事件', labelEn: 'Audit events today',
      count: async (tx) => Number((await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM platform.audit_log WHERE at > now() - interval '1 day'`))[0].n),
    },
  ];
}

export async function createRecourse(config: Config, logger: Logger, opts: { db?: Database } = {}): Promise<Recourse> {
  const db = opts.db ?? (await openDatabase(config));
  const platform = await withPlatform(db, ensurePlatformTenant);
  const demoLogins = config.loadDemo ? (await seedDemoTenants(db)).logins : [];
  const messenger = createMessenger({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
  let ready = false;
  const app = await createHttpApp({
    db,
    config,
    logger,
    authenticate: createAuthenticator(db),
    platformTenantId: () => platform.id,
    isReady: () => ready,
  });
  const secrets = loadSecrets(config);
  const logSecret = deriveSecret(secrets, 'evidence-log-keys');
  const logKeys = (origin: string) => deriveLogKeys(logSecret, origin);
  // Explicit list of module route plugins, in module order.
  await app.register(async (scope) => tenantRoutes(scope as unknown as App, { db, config, messenger, dashboardCards }));
  await app.register(async (scope) => evidenceRoutes(scope as unknown as App, { db, logKeys }));
  await app.register(async (scope) => riskRoutes(scope as unknown as App));
  // Explicit list of background jobs.
  const JOBS: AnyJob[] = [checkpointJob(logKeys)];
  const jobs = config.runWorkers ? await startJobs(db, logger, JOBS, { work: true }) : null;
  await app.ready();
  ready = true;
  return {
    config,
    db,
    app,
    jobs,
    messenger,
    demoLogins,
    async close() {
      ready = false;
      await app.close();
      await jobs?.stop();
      await db.close();
    },
  };
}
