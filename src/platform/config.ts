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
  /** Forces Secure on the session cookie; otherwise derived per request (see README: trusted proxy, PUBLIC_URL). */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-* headers are believed; default none. */
  TRUST_PROXY: z.string().default(''),
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
  /** Proxies (addresses/CIDRs) trusted for X-Forwarded-For/-Proto; empty: the socket address is the client. */
  trustProxy: string[];
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
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    runWorkers: e.WORKERS === 'true',
    loadDemo: e.DEMO === 'true',
    demoCases: e.DEMO_CASES,
    bodyLimit: e.BODY_LIMIT,
    ...overrides,
  };
}

const IPV4_OR_CIDR = /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?$/;
const IPV6_OR_CIDR = /^[0-9a-fA-F:.]+(?:\/\d{1,3})?$/;
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `10.0.0.0/8, 192.168.1.5, loopback` → list; anything else (e.g. `true`, a host name) is refused at start-up. */
export function parseTrustProxy(v: string): string[] {
  const out = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const a of out) {
    if (!IPV4_OR_CIDR.test(a) && !(a.includes(':') && IPV6_OR_CIDR.test(a)) && !NAMED.has(a)) {
      throw new Error(`TRUST_PROXY: "${a}" is not an address or CIDR (trusting every sender would let anyone forge client addresses)`);
    }
  }
  return out;
}

/** What is safe to log about the configuration. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    port: c.port,
    database: c.databaseUrl ? redactUrl(c.databaseUrl) : `pglite:${c.dataDir}`,
    smtp: c.smtpUrl ? redactUrl(c.smtpUrl) : 'dev outbox',
    publicUrl: c.publicUrl,
    trustProxy: c.trustProxy.length ? c.trustProxy : 'none',
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
