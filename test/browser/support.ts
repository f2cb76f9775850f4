// Shared harness of the browser suites: the real server in-process on a free port (PGlite in a fresh temp
// DATA_DIR, demo seed) and Debian's Chromium driven by playwright-core. No browser is ever downloaded. On CI
// (CI=true) a missing Chromium fails the suite instead of skipping it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type Started } from '../../src/server.js';
import { DEMO_PASSWORD } from '../../src/modules/tenants/demo.js';
import { withPlatform, withTenant, rows, sql } from '../../src/platform/db/index.js';
import { loadSecrets } from '../../src/platform/secrets.js';
import { debtorKeysFromSecrets } from '../../src/modules/debtors/index.js';
import { casePortalDirectory } from '../../src/modules/cases/index.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CI = process.env.CI === 'true' || process.env.CI === '1';
export const haveChromium = fs.existsSync(CHROMIUM);
/** describe.skipIf(skipBrowser): skipped only off CI when Chromium is absent; on CI the launch fails loudly. */
export const skipBrowser = !haveChromium && !CI;
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-artifacts/browser');
export { DEMO_PASSWORD };

export interface Ui {
  server: Started;
  base: string;
  ctx: BrowserContext;
  page: Page;
  /** Full-page screenshot into test-artifacts/browser/<name>.png for a person to look at. */
  shot(name: string): Promise<void>;
  /** Staff sign-in through the sign-in page; waits for the back-office shell. */
  signIn(url: string, email: string): Promise<void>;
  /**
   * Debtor portal sign-in for a case of the demo tenant (default: the oldest open case whose debtor has a phone):
   * case ref + ID last 6 → code from the dev outbox. Returns the case ref used.
   */
  signInDebtor(caseRef?: string): Promise<string>;
  /** The demo tenant's id (for reading state in assertions). */
  demoTenantId(): Promise<string>;
  close(): Promise<void>;
}

export async function startUi(opts: { demoCases?: number } = {}): Promise<Ui> {
  if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  process.env.RECOURSE_WEB_DIST = inject('webDist');
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-ui-data-'));
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, loadDemo: true, demoCases: opts.demoCases ?? 60, runWorkers: false, logLevel: 'warn', databaseUrl: undefined },
    { ...process.env, DATABASE_URL: '' },
  );
  const base = server.url;
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-ui-chrome-'));
  const ctx = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  ctx.setDefaultTimeout(45_000);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const keys = debtorKeysFromSecrets(loadSecrets(server.config));
  const demoTenantId = async () => withPlatform(server.db, async (tx) => (await rows<{ id: string }>(tx, sql`SELECT id FROM tenants.tenants WHERE slug = 'demo'`))[0].id);
  return {
    server,
    base,
    ctx,
    page,
    async shot(name) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    },
    async signIn(url, email) {
      await page.goto(url);
      await page.getByTestId('email').fill(email);
      await page.getByTestId('password').fill(DEMO_PASSWORD);
      await page.getByTestId('sign-in').click();
      await page.getByTestId('shell-user').waitFor();
    },
    demoTenantId,
    async signInDebtor(wanted) {
      const demo = { id: await demoTenantId() };
      const found = await withTenant(server.db, demo.id, async (tx) => {
        const refs = wanted ? [wanted] : (await rows<{ ref: string }>(tx, sql`SELECT ref FROM cases.cases WHERE stage <> 'closed' ORDER BY placed_at, ref LIMIT 20`)).map((r) => r.ref);
        for (const ref of refs) {
          const c = await casePortalDirectory(keys).findCase(tx, ref);
          if (c && (c.phone || c.email)) return c;
        }
        return null;
      });
      if (!found) throw new Error(`no demo case ${wanted ?? '(any open case with a phone)'}`);
      const caseRef = found.caseRef;
      await page.goto(`${base}/t/demo/portal`);
      await page.getByTestId('case-ref').fill(caseRef);
      await page.getByTestId('id-last6').fill(found.idNumber.slice(-6));
      const channel = found.phone ? 'sms' : 'email';
      if (channel === 'email') await page.getByText('邮件', { exact: false }).first().click();
      await page.getByTestId('send-code').click();
      await page.getByTestId('otp').waitFor();
      const body = await withPlatform(server.db, async (tx) => {
        const r = await rows<{ body: string }>(tx, sql`SELECT body FROM platform.messages WHERE tenant_id = ${demo.id} AND purpose = 'portal_otp' ORDER BY created_at DESC LIMIT 1`);
        return r[0]?.body ?? '';
      });
      const code = /(\d{6})/.exec(body)?.[1];
      if (!code) throw new Error('no portal code in the outbox');
      await page.getByTestId('otp').fill(code);
      await page.getByTestId('verify-code').click();
      await page.getByTestId('portal-home').waitFor();
      return caseRef;
    },
    async close() {
      await ctx.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      for (const d of [profileDir, dataDir]) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}
