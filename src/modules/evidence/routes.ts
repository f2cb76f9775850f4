// HTTP adapter of the evidence log. Public, per tenant slug (anyone can check without trusting us; BC-01/BC-22):
// the latest checkpoint (C2SP text), the log's vkeys, inclusion and consistency proofs. Staff: export a package,
// run the audit, sign a checkpoint.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { withPlatform, withTenant, type Database } from '../../platform/db/index.js';
import { commonError } from '../../platform/errors.js';
import type { Role } from '../../platform/tenancy.js';
import { getConsistencyProof, getInclusionProof, getLatestCheckpoint, getLogHead, getLogVkeys, issueCheckpoint, lockLogHead, type LogSigningKeys } from './log.js';
import { auditLog } from './audit.js';
import { exportEvidencePackage } from './export.js';
import { findTenant } from '../tenants/index.js';

export interface EvidenceRoutesDeps {
  db: Database;
  /** Signing keys of a log by origin (e.g. deriveLogKeys(secret, origin)); without it the sign route is absent. */
  logKeys?: (origin: string) => LogSigningKeys;
}

const Slug = z.strictObject({ slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/) });
const Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const EXPORTERS: Role[] = ['tenant_admin', 'legal_officer', 'compliance_officer'];
const AUDITORS: Role[] = ['tenant_admin', 'compliance_officer'];

export async function evidenceRoutes(app: App, deps: EvidenceRoutesDeps) {
  const { db } = deps;
  const tenantBySlug = async (slug: string): Promise<string> => {
    const t = await withPlatform(db, (tx) => findTenant(tx, slug));
    if (!t) throw commonError('TENANT_NOT_FOUND');
    return t.id;
  };
  const publicLog = <T>(slug: string, fn: Parameters<typeof withTenant<T>>[2]) => tenantBySlug(slug).then((id) => withTenant(db, id, fn));

  app.get('/api/v1/evidence/logs/:slug/checkpoint', {
    config: { access: { public: true } },
    schema: { tags: ['evidence'], summary: 'Latest signed checkpoint (C2SP tlog-checkpoint, text/plain)', params: Slug, response: { 200: z.string() } },
  }, async (req, reply) => {
    const cp = await publicLog(req.params.slug, getLatestCheckpoint);
    reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache');
    return cp.note;
  });

  app.get('/api/v1/evidence/logs/:slug/vkeys', {
    config: { access: { public: true } },
    schema: { tags: ['evidence'], summary: 'Origin, hash algorithm and verifier keys (C2SP vkey) of the log', params: Slug,
      response: { 200: z.object({ origin: z.string(), hash: z.enum(['sha256', 'sm3']), size: z.number(), vkeys: z.array(z.object({ vkey: z.string(), algorithm: z.string() })) }) } },
  }, async (req) => publicLog(req.params.slug, async (tx) => {
    const head = await getLogHead(tx);
    return { origin: head.origin, hash: head.alg, size: head.size, vkeys: await getLogVkeys(tx) };
  }));

  app.get('/api/v1/evidence/logs/:slug/proof/inclusion', {
    config: { access: { public: true }, rateLimit: { max: 600, windowMs: 60_000 } },
    schema: { tags: ['evidence'], summary: 'Inclusion proof (RFC 9162 §2.1.3) at a checkpoint size (default latest)', params: Slug,
      querystring: z.strictObject({ index: Count, size: Count.optional() }),
      response: { 200: z.object({ leafIndex: z.number(), treeSize: z.number(), leafHash: Hex, proof: z.array(Hex) }) } },
  }, async (req) => publicLog(req.params.slug, (tx) => getInclusionProof(tx, req.query.index, req.query.size)));

  app.get('/api/v1/evidence/logs/:slug/proof/consistency', {
    config: { access: { public: true }, rateLimit: { max: 600, windowMs: 60_000 } },
    schema: { tags: ['evidence'], summary: 'Consistency proof (RFC 9162 §2.1.4) between two sizes (to defaults to latest checkpoint)', params: Slug,
      querystring: z.strictObject({ from: Count, to: Count.optional() }),
      response: { 200: z.object({ size1: z.number(), size2: z.number(), proof: z.array(Hex) }) } },
  }, async (req) => publicLog(req.params.slug, (tx) => getConsistencyProof(tx, req.query.from, req.query.to)));

  app.post('/api/v1/evidence/packages', {
    config: { access: { roles: EXPORTERS, apiKeyScope: 'evidence:export' } },
    schema: { tags: ['evidence'], summary: 'Evidence package (zip) for some leaves, verifiable offline',
      body: z.strictObject({ leafIndices: z.array(Count).min(1).max(1000), fromSize: Count.optional() }) },
  }, async (req, reply) => {
    const zip = await req.inTenant((tx) => exportEvidencePackage(tx, req.body));
    reply.type('application/zip').header('content-disposition', 'attachment; filename="evidence-package.zip"');
    return reply.send(Buffer.from(zip));
  });

  app.get('/api/v1/evidence/audit', {
    config: { access: { roles: AUDITORS } },
    schema: { tags: ['evidence'], summary: 'Recompute the log from its leaves and check every node, the head and every checkpoint' },
  }, async (req) => req.inTenant(auditLog));

  if (deps.logKeys) {
    const keysFor = deps.logKeys;
    app.post('/api/v1/evidence/checkpoints', {
      config: { access: { roles: ['tenant_admin', 'compliance_officer'] } },
      schema: { tags: ['evidence'], summary: 'Sign the current head as a checkpoint',
        response: { 200: z.object({ size: z.number(), rootHex: Hex, note: z.string(), issuedAt: z.string() }) } },
    }, async (req) => req.inTenant(async (tx) => issueCheckpoint(tx, keysFor((await lockLogHead(tx)).origin))));
  }
}
