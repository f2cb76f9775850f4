// Builds the Fastify instance with everything that is not a business rule: zod validation and serialisation,
// OpenAPI, problem+json errors, access control, rate limits, audit of writes, metrics, health, the static web UI.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import client from 'prom-client';
import type { Logger } from 'pino';
import { toProblem, sendProblem } from './problem.js';
import { installAccessControl, installRateLimit, type Authenticator } from './access.js';
import { clientErrorHandler, installNulGuard, installSecurityHeaders } from './edge.js';
import { recordAudit } from '../audit.js';
import { withTenant, type Database } from '../db/index.js';
import type { Config } from '../config.js';

// RECOURSE_WEB_DIST lets the browser tests serve a build made in a temp folder (parallel runs do not share web/dist).
const webDist = () => process.env.RECOURSE_WEB_DIST ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface HttpDeps {
  db: Database;
  config: Config;
  logger: Logger;
  authenticate: Authenticator;
  /** Tenant id used for audit rows of requests that have no signed-in principal (the platform tenant). */
  platformTenantId: () => string | undefined;
  isReady: () => boolean;
}

/** The application's Fastify type: Zod-typed routes. Module route plugins take this. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyApp = FastifyInstance<any, any, any, any, any>;

export async function createHttpApp(deps: HttpDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimit,
    // Forwarded headers are believed only from the configured proxies: from anyone else they would let a client pick
    // its own address (and so its own rate-limit bucket) and claim HTTPS.
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    genReqId: () => `req_${Math.random().toString(36).slice(2, 12)}`,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    clientErrorHandler,
    // Router-level refusals (bad %-encoding, over-long parameter) answer problem+json and are audited like any write.
    frameworkErrors: (err, req, reply) => {
      const sent = sendProblem(reply, toProblem(err, req));
      void auditWrite(deps, req, reply.statusCode);
      return sent;
    },
  }).withTypeProvider<ZodTypeProvider>();
  const WEB_DIST = webDist();

  app.decorate('db', deps.db);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(reply, toProblem(err, req)));
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      return reply.type('text/html').sendFile('index.html', WEB_DIST);
    }
    return sendProblem(reply, { type: 'https://recourse.dev/problems/not-found', title: 'Not found', status: 404, code: 'NOT_FOUND', instance: req.url.split('?')[0] });
  });

  await installSecurityHeaders(app, { publicUrl: deps.config.publicUrl });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Recourse API', version: '1', description: 'Compliance-first debt recovery. Errors are RFC 9457 problem+json.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'rc_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  installRateLimit(app);
  installAccessControl(app, deps.authenticate);
  installNulGuard(app);
  installMetrics(app);
  installWriteAudit(app, deps);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (!deps.isReady()) return reply.code(503).send({ status: 'starting' });
    await deps.db.query('SELECT 1');
    return { status: 'ready' };
  });

  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  return app;
}

function installMetrics(app: AnyApp) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

// C0 controls (NUL above all) cannot be stored in text columns; an audit row must never fail on what it records.
const clean = (v: string | null | undefined, max: number) => (v == null ? null : v.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD').slice(0, max));

/** Every write request (successful or refused, routed or not) leaves an audit row: who, what, when, from where, outcome. */
function installWriteAudit(app: AnyApp, deps: HttpDeps) {
  app.addHook('onResponse', async (req, reply) => auditWrite(deps, req, reply.statusCode));
}

async function auditWrite(deps: HttpDeps, req: FastifyRequest, status: number): Promise<void> {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
  if (!req.url.startsWith('/api/')) return;
  const p = req.principal;
  const tenantId = p?.tenant.id ?? req.auditTenantId ?? deps.platformTenantId();
  if (!tenantId) return;
  try {
    await withTenant(deps.db, tenantId, (tx) =>
      recordAudit(tx, {
        tenantId,
        actorId: p?.userId ?? null,
        actorRole: p?.role ?? null,
        action: clean(`${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0]}`, 300)!,
        targetId: clean((req.params as Record<string, string> | undefined)?.id, 100),
        ip: req.ip,
        userAgent: clean(req.headers['user-agent'], 500),
        status,
      }),
    );
  } catch (e) {
    req.log.error({ err: { message: (e as Error).message } }, 'audit write failed');
  }
}
