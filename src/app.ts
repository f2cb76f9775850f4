// Composition root: the explicit list of modules, their routes, jobs and dashboard cards, wired to one database.
import fs from 'node:fs';
import type { Logger } from 'pino';
import { connectDatabase } from './platform/db/connect.js';
import { migrate } from './platform/db/migrate.js';
import { withPlatform, withTenant, sql, rows, type Database } from './platform/db/index.js';
import { createHttpApp, type App } from './platform/http/server.js';
import { createMessenger, type Messenger } from './platform/messaging/index.js';
import { startJobs, createJobQueue, type Jobs, type JobQueue, type AnyJob } from './platform/jobs/index.js';
import type { DashboardCard } from './platform/dashboard.js';
import type { Config } from './platform/config.js';
import { loadSecrets, deriveSecret, type Secrets } from './platform/secrets.js';
import { tenantRoutes, createAuthenticator, ensurePlatformTenant, countUsers, seedDemoTenants, setPortalDirectory, listUsers, type DemoLogin } from './modules/tenants/index.js';
import { debtorKeysFromSecrets, type DebtorKeys } from './modules/debtors/index.js';
import { caseRoutes, casePortalDirectory, countCases, seedDemoPortfolio, searchCases, casesJobs, setTouchGate } from './modules/cases/index.js';
import { evidenceRoutes, deriveLogKeys, checkpointJob, type LogSigningKeys } from './modules/evidence/index.js';
import { complianceRoutes, complianceJobs, recordTouchThroughGate } from './modules/compliance/index.js';
import { ledgerRoutes, ledgerJobs } from './modules/ledger/index.js';
import { documentsRoutes, documentsJobs } from './modules/documents/index.js';
import { riskRoutes, riskJobs } from './modules/risk/index.js';
import { coursesRoutes, seedDemoCourses } from './modules/courses/index.js';
import { privacyRoutes, privacyJobs } from './modules/privacy/index.js';

/** What the composition root hands to every module's routes and jobs; each module declares the part it uses. */
export interface ModuleDeps {
  db: Database;
  config: Config;
  messenger: Messenger;
  secrets: Secrets;
  /** Debtor field encryption and blind-index keys. */
  keys: DebtorKeys;
  /** Evidence log signing keys per log origin. */
  logKeys: (origin: string) => LogSigningKeys;
  /** Enqueue background work (pg-boss with workers on, inline otherwise). */
  queue: JobQueue;
}

export interface Recourse {
  config: Config;
  db: Database;
  app: App;
  jobs: Jobs | null;
  queue: JobQueue;
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
  // Three cards read one query: count once per request transaction.
  const caseCounts = new WeakMap<object, ReturnType<typeof countCases>>();
  const counts = (tx: Parameters<typeof countCases>[0]) => {
    if (!caseCounts.has(tx)) caseCounts.set(tx, countCases(tx));
    return caseCounts.get(tx)!;
  };
  return [
    { key: 'cases_open', labelZh: '在办案件', labelEn: 'Open cases', count: async (tx) => (await counts(tx)).open },
    { key: 'cases_sla_breached', labelZh: '超 72 小时未首次处置', labelEn: 'No first action after 72 h', count: async (tx) => (await counts(tx)).awaitingFirstActionOver72h },
    { key: 'cases_closed', labelZh: '已结案件', labelEn: 'Closed cases', count: async (tx) => (await counts(tx)).closed },
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
  const secrets = loadSecrets(config);
  const debtorKeys = debtorKeysFromSecrets(secrets);
  setPortalDirectory(casePortalDirectory(debtorKeys));
  // Cases sit below compliance: its "record touch" reaches the one contact gate through this seam.
  setTouchGate(recordTouchThroughGate);
  let demoLogins: DemoLogin[] = [];
  if (config.loadDemo) {
    const demo = await seedDemoTenants(db);
    demoLogins = demo.logins;
    // A clearly synthetic portfolio (a few hundred cases in every state); idempotent.
    await withTenant(db, demo.demoTenantId, async (tx) => {
      const collectorIds = (await listUsers(tx)).filter((u) => u.role === 'collector').map((u) => u.id);
      await seedDemoPortfolio(tx, demo.demoTenantId, debtorKeys, { count: config.demoCases, collectorIds });
      // Debtors taking the credit-literacy courses (enough of them that analytics cells are not suppressed).
      const refs = (await searchCases(tx, debtorKeys, { limit: 60 })).items.map((c) => c.ref);
      await seedDemoCourses(tx, refs);
    });
  }
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
  const logSecret = deriveSecret(secrets, 'evidence-log-keys');
  const logKeys = (origin: string) => deriveLogKeys(logSecret, origin);
  const queue = createJobQueue(db, logger);
  const deps: ModuleDeps = { db, config, messenger, secrets, keys: debtorKeys, logKeys, queue };
  // Explicit list of module route plugins, in module order.
  await app.register(async (scope) => tenantRoutes(scope as unknown as App, { db, config, messenger, dashboardCards }));
  await app.register(async (scope) => evidenceRoutes(scope as unknown as App, deps));
  await app.register(async (scope) => caseRoutes(scope as unknown as App, deps));
  await app.register(async (scope) => complianceRoutes(scope as unknown as App, deps));
  await app.register(async (scope) => ledgerRoutes(scope as unknown as App, deps));
  await app.register(async (scope) => documentsRoutes(scope as unknown as App, deps));
  await app.register(async (scope) => riskRoutes(scope as unknown as App, deps));
  await app.register(async (scope) => coursesRoutes(scope as unknown as App));
  await app.register(async (scope) => privacyRoutes(scope as unknown as App, deps));
  // Explicit list of background jobs.
  const JOBS: AnyJob[] = [checkpointJob(logKeys), ...casesJobs(deps), ...complianceJobs(deps), ...ledgerJobs(deps), ...documentsJobs(deps), ...riskJobs(deps), ...privacyJobs(deps)];
  const jobs = config.runWorkers ? await startJobs(db, logger, JOBS, { work: true }) : null;
  queue.attach(jobs);
  await app.ready();
  ready = true;
  return {
    config,
    db,
    app,
    jobs,
    queue,
    messenger,
    demoLogins,
    async close() {
      ready = false;
      await app.close();
      await queue.idle();
      await jobs?.stop();
      await db.close();
    },
  };
}
