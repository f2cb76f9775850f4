// HTTP server process: migrate, seed the demo tenant (unless DEMO=false), listen, and shut down gracefully.
import { loadConfig, describeConfig, type Config } from './platform/config.js';
import { createLogger } from './platform/logger.js';
import { createRecourse, type Recourse } from './app.js';

export interface Started extends Recourse {
  url: string;
}

export async function startServer(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const config = loadConfig(env, overrides);
  const logger = createLogger(config.logLevel);
  const t0 = performance.now();
  const r = await createRecourse(config, logger);
  const address = await r.app.listen({ port: config.port, host: config.host });
  const port = Number(new URL(address).port);
  const url = `http://localhost:${port}`;
  // With PORT=0 the real port is known only now; links in emails must carry it.
  if (!env.PUBLIC_URL && !overrides.publicUrl) r.config.publicUrl = url;
  logger.info({ ...describeConfig(config), url, startMs: Math.round(performance.now() - t0) }, 'recourse ready');
  return { ...r, url };
}

export function printBanner(s: Started) {
  const lines = [
    '',
    `  Recourse is running at ${s.url}`,
    `  API docs: ${s.url}/api/docs   OpenAPI: ${s.url}/api/openapi.json   Metrics: ${s.url}/metrics`,
    `  Database: ${s.config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${s.config.dataDir} (development only; production runs on PostgreSQL)`}`,
  ];
  if (s.demoLogins.length) {
    const port = new URL(s.url).port;
    lines.push('', '  Demo logins (synthetic data; password for all: ' + s.demoLogins[0].password + ')');
    for (const l of s.demoLogins) {
      const site = l.site === 'platform' ? `http://localhost:${port}/` : `http://${l.site}.localhost:${port}/  (or ${s.url}/t/${l.site}/)`;
      lines.push(`    ${l.role.padEnd(20)} ${l.email.padEnd(34)} ${site}`);
    }
  }
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');
}

export function installShutdown(s: Started) {
  let closing = false;
  const stop = async (sig: string) => {
    if (closing) return;
    closing = true;
    s.app.log.info({ signal: sig }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await s.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
