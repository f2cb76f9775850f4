// Process configuration from the environment, parsed once. Secrets are kept out of `describeConfig()` (logged at start).
import { z } from 'zod';
import path from 'node:path';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  PUBLIC_HOST: z.string().default('localhost'),
  PUBLIC_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Recourse <no-reply@recourse.local>'),
  /** Comma-separated `id:base64key` (32-byte) key-encryption keys; the first is current. Generated into DATA_DIR when absent. */
  RECOURSE_KEYS: z.string().optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  WORKERS: z.enum(['true', 'false']).default('true'),
  DEMO: z.enum(['true', 'false']).default('true'),
  DEMO_CASES: z.coerce.number().int().min(0).max(100_000).default(300),
  BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  publicHost: string;
  publicUrl: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  smtpUrl?: string;
  mailFrom: string;
  keys?: string;
  cookieSecure: boolean;
  runWorkers: boolean;
  loadDemo: boolean;
  demoCases: number;
  bodyLimit: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = Env.parse(env);
  const port = overrides.port ?? e.PORT;
  return {
    port,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    publicHost: e.PUBLIC_HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    keys: e.RECOURSE_KEYS,
    cookieSecure: e.COOKIE_SECURE === 'true',
    runWorkers: e.WORKERS === 'true',
    loadDemo: e.DEMO === 'true',
    demoCases: e.DEMO_CASES,
    bodyLimit: e.BODY_LIMIT,
    ...overrides,
  };
}

/** What is safe to log about the configuration. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    port: c.port,
    database: c.databaseUrl ? redactUrl(c.databaseUrl) : `pglite:${c.dataDir}`,
    smtp: c.smtpUrl ? redactUrl(c.smtpUrl) : 'dev outbox',
    publicUrl: c.publicUrl,
  };
}

function redactUrl(u: string): string {
  try {
    const url = new URL(u);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable url)';
  }
}
