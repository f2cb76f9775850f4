// HTTP adapter of the evidence log. Public, per tenant slug (anyone can check without trusting us; BC-01/BC-22):
// the latest checkpoint (C2SP text), the log's vkeys, inclusion and consistency proofs. Staff: export a package,
// run the audit, sign a checkpoint; read models for the evidence page and the case panel; witness registration and
// the public cosignature route; external anchoring and its receipts.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { withPlatform, withTenant, type Database } from '../../platform/db/index.js';
import { commonError } from '../../platform/errors.js';
import type { Role } from '../../platform/tenancy.js';
import { findCheckpoint, getConsistencyProof, getInclusionProof, getLatestCheckpoint, getLogHead, getLogVkeys, issueCheckpoint, lockLogHead, type LogSigningKeys } from './log.js';
import type { Tx } from '../../platform/db/index.js';
import type { FastifyReply } from 'fastify';
import { auditLog } from './audit.js';
import { exportEvidencePackage } from './export.js';
import { findTenant } from '../tenants/index.js';
import { StaffRoles } from '../../platform/tenancy.js';
import { acceptCosignedCheckpoint, listWitnesses, registerWitness } from './witnesses.js';
import { anchorCheckpoint, anchorFromEnv, verifyAnchorReceipt } from './anchoring.js';
import { caseLeafIndices, evidenceOverview, listEvidenceItems } from './status.js';
import { listAnchorReceipts } from './log.js';
import type { AnchorProvider } from './providers/anchor.js';
import { evidenceError } from './errors.js';

export interface EvidenceRoutesDeps {
  db: Database;
  /** Signing keys of a log by origin (e.g. deriveLogKeys(secret, origin)); without it the sign route is absent. */
  logKeys?: (origin: string) => LogSigningKeys;
  /** External anchor; when absent, RECOURSE_EVIDENCE_ANCHOR decides (see anchoring.ts); null means none. */
  anchor?: AnchorProvider | null;
}

const Slug = z.strictObject({ slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/) });
const Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const EXPORTERS: Role[] = ['tenant_admin', 'legal_officer', 'compliance_officer'];
const AUDITORS: Role[] = ['tenant_admin', 'compliance_officer'];
const READERS: Role[] = [...StaffRoles];
const CaseId = z.string().regex(/^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/);
const LeafList = z.string().regex(/^\d{1,15}(,\d{1,15}){0,999}$/, 'comma-separated leaf indices');
const Item = z.object({ leafIndex: z.number(), type: z.string(), caseId: z.string().nullable(), leafHash: Hex, contentSha256: z.string().nullable(), recordedAt: z.string(),
  checkpointSize: z.number().nullable(), witnessed: z.boolean(), anchored: z.boolean() });
const Witness = z.object({ vkey: z.string(), name: z.string(), algorithm: z.string(), registeredBy: z.string(), registeredAt: z.string() });
const Receipt = z.object({ id: z.string(), size: z.number(), provider: z.string(), reference: z.string(), anchoredAt: z.string() });
const ReceiptId = z.strictObject({ id: z.string().regex(/^[a-z0-9_]{1,64}$/) });

export async function evidenceRoutes(app: App, deps: EvidenceRoutesDeps) {
  const { db } = deps;
  let anchorProvider: AnchorProvider | null | undefined = deps.anchor;
  const anchor = () => (anchorProvider === undefined ? (anchorProvider = anchorFromEnv()) : anchorProvider);
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
      body: z.strictObject({ leafIndices: z.array(Count).min(1).max(1000).optional(), caseId: CaseId.optional(), fromSize: Count.optional() })
        .refine((b) => (b.leafIndices === undefined) !== (b.caseId === undefined), { message: 'give either leafIndices or caseId', path: ['leafIndices'] }) },
  }, async (req, reply) => sendPackage(reply, await req.inTenant((tx) => packageFor(tx, req.body)), req.body.caseId));

  app.get('/api/v1/evidence/packages', {
    config: { access: { roles: EXPORTERS, apiKeyScope: 'evidence:export' } },
    schema: { tags: ['evidence'], summary: 'Evidence package (zip) for a case (all its leaves under the latest checkpoint) or listed leaves',
      querystring: z.strictObject({ caseId: CaseId.optional(), leaves: LeafList.optional(), fromSize: Count.optional() })
        .refine((q) => (q.leaves === undefined) !== (q.caseId === undefined), { message: 'give either leaves or caseId', path: ['leaves'] }) },
  }, async (req, reply) => {
    const q = req.query;
    const leafIndices = q.leaves?.split(',').map(Number);
    return sendPackage(reply, await req.inTenant((tx) => packageFor(tx, { leafIndices, caseId: q.caseId, fromSize: q.fromSize })), q.caseId);
  });

  app.get('/api/v1/evidence/audit', {
    config: { access: { roles: AUDITORS } },
    schema: { tags: ['evidence'], summary: 'Recompute the log from its leaves and check every node, the head and every checkpoint' },
  }, async (req) => req.inTenant(auditLog));

  app.get('/api/v1/evidence/logs/:slug/checkpoints/:size', {
    config: { access: { public: true } },
    schema: { tags: ['evidence'], summary: 'Stored signed checkpoint at a size, with witness cosignatures (text/plain)',
      params: z.strictObject({ slug: Slug.shape.slug, size: Count }), response: { 200: z.string() } },
  }, async (req, reply) => {
    const cp = await publicLog(req.params.slug, (tx) => findCheckpoint(tx, req.params.size));
    if (!cp) throw evidenceError('EVIDENCE_CHECKPOINT_NOT_FOUND');
    reply.type('text/plain; charset=utf-8');
    return cp.note;
  });

  app.post('/api/v1/evidence/logs/:slug/cosignatures', {
    config: { access: { public: true }, rateLimit: { max: 120, windowMs: 60_000 } },
    schema: { tags: ['evidence'], summary: 'A registered witness posts its cosigned checkpoint (C2SP tlog-cosignature; authenticated by its key, BC-12)',
      params: Slug, body: z.strictObject({ checkpoint: z.string().min(1).max(16_384) }),
      response: { 200: z.object({ size: z.number(), witnesses: z.array(z.string()) }) } },
  }, async (req) => publicLog(req.params.slug, (tx) => acceptCosignedCheckpoint(tx, req.body.checkpoint)));

  app.get('/api/v1/evidence/witnesses', {
    config: { access: { roles: READERS } },
    schema: { tags: ['evidence'], summary: 'Registered witnesses of this tenant’s log', response: { 200: z.array(Witness) } },
  }, async (req) => req.inTenant(listWitnesses));

  app.post('/api/v1/evidence/witnesses', {
    config: { access: { roles: ['tenant_admin'] } },
    schema: { tags: ['evidence'], summary: 'Register a witness verifier key (C2SP vkey) whose cosignatures the log accepts',
      body: z.strictObject({ vkey: z.string().min(10).max(512) }), response: { 200: Witness } },
  }, async (req) => req.inTenant((tx) => registerWitness(tx, req.body.vkey, req.principal!.id)));

  app.get('/api/v1/evidence/overview', {
    config: { access: { roles: READERS, apiKeyScope: 'evidence:read' } },
    schema: { tags: ['evidence'], summary: 'Log head, verifier keys and the latest checkpoints with witness cosignatures and anchor receipts',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ origin: z.string().nullable(), hash: z.string().nullable(), size: z.number(), rootHex: z.string().nullable(), checkpointCount: z.number(),
        anchorConfigured: z.boolean(), vkeys: z.array(z.object({ vkey: z.string(), algorithm: z.string() })),
        checkpoints: z.array(z.object({ size: z.number(), rootHex: z.string(), issuedAt: z.string(),
          cosignatures: z.array(z.object({ witnessName: z.string(), witnessVkey: z.string(), receivedAt: z.string() })),
          anchors: z.array(z.object({ id: z.string(), provider: z.string(), reference: z.string(), anchoredAt: z.string() })) })) }) } },
  }, async (req) => ({ ...(await req.inTenant((tx) => evidenceOverview(tx, req.query.limit))), anchorConfigured: anchor() !== null }));

  app.get('/api/v1/evidence/items', {
    config: { access: { roles: READERS, apiKeyScope: 'evidence:read' } },
    schema: { tags: ['evidence'], summary: 'Evidence items (leaves) of a case or the log, newest first, with checkpoint / witness / anchor status',
      querystring: z.strictObject({ caseId: CaseId.optional(), limit: z.coerce.number().int().min(1).max(1000).optional(), before: Count.optional() }),
      response: { 200: z.object({ logSize: z.number(), items: z.array(Item) }) } },
  }, async (req) => req.inTenant((tx) => listEvidenceItems(tx, req.query)));

  app.get('/api/v1/evidence/anchors', {
    config: { access: { roles: READERS, apiKeyScope: 'evidence:read' } },
    schema: { tags: ['evidence'], summary: 'External anchor receipts of this tenant’s checkpoints', response: { 200: z.array(Receipt) } },
  }, async (req) => (await req.inTenant((tx) => listAnchorReceipts(tx)))
    .map((r) => ({ id: r.id, size: r.size, provider: r.provider, reference: r.reference, anchoredAt: r.anchoredAt.toISOString() })));

  app.post('/api/v1/evidence/anchors', {
    config: { access: { roles: AUDITORS } },
    schema: { tags: ['evidence'], summary: 'Submit a checkpoint (default the latest) to the configured external anchor and store its receipt (BC-12)',
      body: z.strictObject({ size: Count.optional() }), response: { 200: Receipt } },
  }, async (req) => anchorCheckpoint((fn) => req.inTenant(fn), anchor(), req.body.size));

  app.get('/api/v1/evidence/anchors/:id/receipt', {
    config: { access: { roles: [...AUDITORS, 'legal_officer'] } },
    schema: { tags: ['evidence'], summary: 'Raw receipt bytes as the anchor returned them (e.g. DER TimeStampResp)', params: ReceiptId },
  }, async (req, reply) => {
    const r = (await req.inTenant((tx) => listAnchorReceipts(tx))).find((x) => x.id === req.params.id);
    if (!r) throw evidenceError('EVIDENCE_RECEIPT_NOT_FOUND');
    reply.type(r.provider === 'rfc3161' ? 'application/timestamp-reply' : 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${r.id}.${r.provider === 'rfc3161' ? 'tsr' : 'txt'}"`);
    return reply.send(Buffer.from(r.receipt));
  });

  app.post('/api/v1/evidence/anchors/:id/verify', {
    config: { access: { roles: AUDITORS } },
    schema: { tags: ['evidence'], summary: 'Re-check a stored anchor receipt against its checkpoint with the configured provider', params: ReceiptId,
      response: { 200: z.object({ ok: z.boolean(), reasons: z.array(z.string()) }) } },
  }, async (req) => verifyAnchorReceipt((fn) => req.inTenant(fn), anchor(), req.params.id));

  if (deps.logKeys) {
    const keysFor = deps.logKeys;
    app.post('/api/v1/evidence/checkpoints', {
      config: { access: { roles: ['tenant_admin', 'compliance_officer'] } },
      schema: { tags: ['evidence'], summary: 'Sign the current head as a checkpoint',
        response: { 200: z.object({ size: z.number(), rootHex: Hex, note: z.string(), issuedAt: z.string() }) } },
    }, async (req) => req.inTenant(async (tx) => issueCheckpoint(tx, keysFor((await lockLogHead(tx)).origin))));
  }
}

/** Leaves of a case that the latest checkpoint covers, or the given ones. Errors: EVIDENCE_LEAF_NOT_FOUND (case without covered items). */
async function packageFor(tx: Tx, o: { leafIndices?: number[]; caseId?: string; fromSize?: number }): Promise<Uint8Array> {
  let leafIndices = o.leafIndices ?? [];
  if (o.caseId) {
    const cp = await getLatestCheckpoint(tx);
    leafIndices = (await caseLeafIndices(tx, o.caseId)).filter((i) => i < cp.size);
    if (!leafIndices.length) throw evidenceError('EVIDENCE_LEAF_NOT_FOUND', { field: 'caseId', detail: 'no evidence item of this case is covered by a checkpoint yet' });
  }
  return exportEvidencePackage(tx, { leafIndices, fromSize: o.fromSize });
}

function sendPackage(reply: FastifyReply, zip: Uint8Array, caseId?: string) {
  const name = caseId ? `evidence-${caseId}.zip` : 'evidence-package.zip';
  reply.type('application/zip').header('content-disposition', `attachment; filename="${name}"`).header('content-length', zip.length);
  return reply.send(Buffer.from(zip));
}
