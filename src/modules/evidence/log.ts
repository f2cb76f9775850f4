// The database-backed log: appends in the caller's transaction, checkpoints, proofs from stored nodes (BC-11).
import { createHmac } from 'node:crypto';
import { getCurrentTenant } from '../tenants/index.js';
import { newId } from '../../platform/ids.js';
import { sql, rows, one, type Tx, type SQL } from '../../platform/db/index.js';
import {
  ed25519Signer, fileDigests, fromHex, parseNote, sm2Signer, toHex, verifierFromVkey, type HashAlgorithm, type NoteSigner,
} from '../../platform/crypto/index.js';
import { appendLeaf, frontierRoot, hashLeaf, consistencyProof, inclusionProof, type Hash, type NodeReader, type StoredNode } from './merkle.js';
import { originFor, signCheckpoint } from './checkpoint.js';
import { buildLeaf, EvidenceContent, EvidenceRecordInput } from './record.js';
import { evidenceError } from './errors.js';

export interface LogHead {
  tenantId: string;
  alg: HashAlgorithm;
  origin: string;
  size: number;
  root: Hash;
  frontier: Hash[];
}

export async function currentTenant(tx: Tx): Promise<string> {
  const r = await one<{ t: string | null }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  if (!r?.t) throw evidenceError('EVIDENCE_NO_TENANT');
  return r.t;
}

const splitFrontier = (hex: string): Hash[] => {
  const out: Hash[] = [];
  for (let i = 0; i < hex.length; i += 64) out.push(fromHex(hex.slice(i, i + 64)));
  return out;
};

interface HeadRow { tenant_id: string; hash_algorithm: HashAlgorithm; origin: string; size: string | number | bigint; root: string; frontier: string }

const headSelect = (tenant: string, lock: boolean): SQL => sql`SELECT tenant_id, hash_algorithm, origin, size, encode(root, 'hex') AS root,
    encode(frontier, 'hex') AS frontier FROM evidence.logs WHERE tenant_id = ${tenant} ${lock ? sql`FOR UPDATE` : sql``}`;

function toHead(r: HeadRow): LogHead {
  return { tenantId: r.tenant_id, alg: r.hash_algorithm, origin: r.origin, size: Number(r.size), root: fromHex(r.root), frontier: splitFrontier(r.frontier) };
}

/** The head of this tenant's log, or null when nothing was ever appended. */
export async function findLogHead(tx: Tx): Promise<LogHead | null> {
  const r = await one<HeadRow>(tx, headSelect(await currentTenant(tx), false));
  return r ? toHead(r) : null;
}

export async function getLogHead(tx: Tx): Promise<LogHead> {
  const h = await findLogHead(tx);
  if (!h) throw evidenceError('EVIDENCE_LOG_NOT_FOUND');
  return h;
}

const findCurrentTenant = (tx: Tx) => getCurrentTenant(tx).catch(() => null);

/** Locks the head row (serialising appends per tenant), creating the log on first use with the tenant's algorithm. */
export async function lockLogHead(tx: Tx, opts: { publicHost?: string } = {}): Promise<LogHead> {
  // One round trip on the hot path: the tenant comes from the transaction's setting, RLS scopes the row anyway.
  let r = await one<HeadRow>(tx, sql`SELECT tenant_id, hash_algorithm, origin, size, encode(root, 'hex') AS root, encode(frontier, 'hex') AS frontier
    FROM evidence.logs WHERE tenant_id = current_setting('app.tenant_id', true) FOR UPDATE`);
  if (!r) {
    const tenant = await currentTenant(tx);
    const t = await findCurrentTenant(tx);
    if (!t) throw evidenceError('EVIDENCE_NO_TENANT');
    const alg: HashAlgorithm = t.hashAlgorithm;
    const origin = originFor(t.slug, opts.publicHost ?? process.env.PUBLIC_HOST ?? 'localhost');
    await tx.execute(sql`INSERT INTO evidence.logs (tenant_id, hash_algorithm, origin, root)
      VALUES (${tenant}, ${alg}, ${origin}, decode(${toHex(frontierRoot(alg, []))}, 'hex')) ON CONFLICT (tenant_id) DO NOTHING`);
    r = await one<HeadRow>(tx, headSelect(tenant, true));
    if (!r) throw evidenceError('EVIDENCE_LOG_NOT_FOUND');
  }
  return toHead(r);
}

/** Reads stored complete-subtree nodes in one query. */
export function dbNodeReader(tx: Tx, tenant: string): NodeReader {
  return async (keys) => {
    // Arrays as text literals (identical on both drivers), joined through unnest so the primary key index is used.
    const levels = `{${keys.map((k) => k.level).join(',')}}`;
    const idx = `{${keys.map((k) => k.index).join(',')}}`;
    const got = await rows<{ level: number; node_index: string | number; hash: string }>(tx, sql`SELECT n.level, n.node_index, encode(n.hash, 'hex') AS hash
      FROM unnest(${levels}::smallint[], ${idx}::bigint[]) AS k(level, node_index)
      JOIN evidence.nodes n ON n.tenant_id = ${tenant} AND n.level = k.level AND n.node_index = k.node_index`);
    const m = new Map(got.map((g) => [`${g.level}/${Number(g.node_index)}`, g.hash]));
    return keys.map((k) => {
      const h = m.get(`${k.level}/${k.index}`);
      if (!h) throw evidenceError('EVIDENCE_LOG_CORRUPT', { detail: `stored node ${k.level}/${k.index} is missing`, rule: 'BC-11' });
      return fromHex(h);
    });
  };
}

export interface AppendedEvidence {
  leafIndex: number;
  leafHash: string;
}

/**
 * Appends records as consecutive leaves inside the caller's transaction (no event without its leaf; BC-11).
 * Errors: EVIDENCE_RECORD_INVALID (BC-16), EVIDENCE_NO_TENANT.
 */
export async function appendEvidenceBatch(tx: Tx, records: EvidenceRecordInput[]): Promise<AppendedEvidence[]> {
  const parsed = records.map((r, i) => {
    const p = EvidenceRecordInput.safeParse(r);
    if (!p.success) {
      throw evidenceError('EVIDENCE_RECORD_INVALID', { rule: 'BC-16', detail: p.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '), extra: { index: i } });
    }
    return p.data;
  });
  if (parsed.length === 0) return [];
  const head = await lockLogHead(tx);
  const recordedAt = new Date();
  let frontier = head.frontier;
  let size = head.size;
  const leafRows: { index: number; hash: Hash; body: Uint8Array; type: string; caseId: string | null; content: string | null }[] = [];
  const nodeRows: StoredNode[] = [];
  for (const r of parsed) {
    const { bytes } = buildLeaf(head.tenantId, r, recordedAt);
    const lh = hashLeaf(head.alg, bytes);
    const res = appendLeaf(head.alg, frontier, size, lh);
    frontier = res.frontier;
    nodeRows.push(...res.nodes);
    leafRows.push({ index: size, hash: lh, body: bytes, type: r.type, caseId: r.case ?? null, content: r.content?.sha256 ?? null });
    size++;
  }
  const t = head.tenantId;
  const root = frontierRoot(head.alg, frontier);
  // One statement whatever the batch size: leaves and nodes travel as parallel text arrays (hex for bytes) expanded by
  // unnest on the server, so neither the ORM nor the driver builds a bind parameter per value (a bulk import appends
  // thousands of leaves per call; per-value parameters cost more than the inserts). Text array literals are read
  // identically by PGlite and node-postgres.
  const arr = (xs: ReadonlyArray<string | number | null>) => `{${xs.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
  await tx.execute(sql`WITH l AS (INSERT INTO evidence.leaves (tenant_id, leaf_index, leaf_hash, body, type, case_id, content_sha256)
      SELECT ${t}, x.i, decode(x.h, 'hex'), decode(x.b, 'hex'), x.ty, x.c, x.ct
      FROM unnest(${arr(leafRows.map((l) => l.index))}::bigint[], ${arr(leafRows.map((l) => toHex(l.hash)))}::text[], ${arr(leafRows.map((l) => toHex(l.body)))}::text[],
        ${arr(leafRows.map((l) => l.type))}::text[], ${arr(leafRows.map((l) => l.caseId))}::text[], ${arr(leafRows.map((l) => l.content))}::text[]) AS x(i, h, b, ty, c, ct)),
    n AS (INSERT INTO evidence.nodes (tenant_id, level, node_index, hash)
      SELECT ${t}, y.lv, y.i, decode(y.h, 'hex')
      FROM unnest(${arr(nodeRows.map((n) => n.level))}::smallint[], ${arr(nodeRows.map((n) => n.index))}::bigint[], ${arr(nodeRows.map((n) => toHex(n.hash)))}::text[]) AS y(lv, i, h))
    UPDATE evidence.logs SET size = ${size}, root = decode(${toHex(root)}, 'hex'), frontier = decode(${frontier.map(toHex).join('')}, 'hex'), updated_at = now()
    WHERE tenant_id = ${t}`);
  return leafRows.map((l) => ({ leafIndex: l.index, leafHash: toHex(l.hash) }));
}

// ---- files (write-once, BC-10) ----

/** Stores the original bytes once (addressed by SHA-256) and returns the content reference for a record. */
export async function storeEvidenceFile(tx: Tx, bytes: Uint8Array, mediaType: string): Promise<EvidenceContent> {
  const tenant = await currentTenant(tx);
  const d = fileDigests(bytes);
  const content = { ...d, mediaType };
  const parsed = EvidenceContent.safeParse(content);
  if (!parsed.success) throw evidenceError('EVIDENCE_RECORD_INVALID', { detail: 'media type', field: 'mediaType' });
  await tx.execute(sql`INSERT INTO evidence.files (tenant_id, sha256, sm3, size, media_type, bytes)
    VALUES (${tenant}, ${d.sha256}, ${d.sm3}, ${d.size}, ${mediaType}, decode(${Buffer.from(bytes).toString('base64')}, 'base64'))
    ON CONFLICT (tenant_id, sha256) DO NOTHING`);
  return parsed.data;
}

export async function findEvidenceFile(tx: Tx, sha256: string): Promise<(EvidenceContent & { bytes: Uint8Array }) | null> {
  const tenant = await currentTenant(tx);
  const r = await one<{ sha256: string; sm3: string; size: string | number; media_type: string; b64: string }>(tx, sql`SELECT sha256, sm3, size, media_type,
    encode(bytes, 'base64') AS b64 FROM evidence.files WHERE tenant_id = ${tenant} AND sha256 = ${sha256}`);
  if (!r) return null;
  return { sha256: r.sha256, sm3: r.sm3, size: Number(r.size), mediaType: r.media_type, bytes: new Uint8Array(Buffer.from(r.b64, 'base64')) };
}

// ---- keys and checkpoints ----

export interface LogSigningKeys {
  /** 32-byte Ed25519 seed of the log key. */
  ed25519Seed: Uint8Array;
  /** Optional SM2 private key (64 hex) for the second signature line. */
  sm2PrivateKeyHex?: string;
}

/**
 * Per-log keys derived from one deployment secret: seed = HMAC-SHA256(secret, "recourse-evidence-log/ed25519\n" + origin),
 * SM2 d = 1 + (HMAC(secret, ".../sm2\n" + origin) mod (n − 2)). Keep the secret in the key store, not in the database.
 */
export function deriveLogKeys(secret: Uint8Array, origin: string, withSm2 = false): LogSigningKeys {
  const mac = (label: string) => new Uint8Array(createHmac('sha256', secret).update(`recourse-evidence-log/${label}\n${origin}`).digest());
  const keys: LogSigningKeys = { ed25519Seed: mac('ed25519') };
  if (withSm2) {
    const n = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
    const d = 1n + (BigInt(`0x${toHex(mac('sm2'))}`) % (n - 2n));
    keys.sm2PrivateKeyHex = d.toString(16).padStart(64, '0');
  }
  return keys;
}

export function logSigners(origin: string, keys: LogSigningKeys): (NoteSigner & { vkey: string; algorithm: 'ed25519' | 'sm2' })[] {
  const out: (NoteSigner & { vkey: string; algorithm: 'ed25519' | 'sm2' })[] = [{ ...ed25519Signer(origin, keys.ed25519Seed), algorithm: 'ed25519' }];
  if (keys.sm2PrivateKeyHex) out.push({ ...sm2Signer(origin, keys.sm2PrivateKeyHex), algorithm: 'sm2' });
  return out;
}

export interface StoredCheckpoint {
  size: number;
  rootHex: string;
  /** The signed note, with any witness cosignature lines appended. */
  note: string;
  issuedAt: string;
}

/** Public verifier keys of this tenant's log. */
export async function getLogVkeys(tx: Tx): Promise<{ vkey: string; algorithm: string }[]> {
  const tenant = await currentTenant(tx);
  return rows<{ vkey: string; algorithm: string }>(tx, sql`SELECT vkey, algorithm FROM evidence.log_keys WHERE tenant_id = ${tenant} ORDER BY created_at, vkey`);
}

/**
 * Signs the current head as a checkpoint (or returns the stored one at this size). The first key used becomes the
 * log key; a different Ed25519 key is refused unless `rotate` is set. Errors: EVIDENCE_KEY_MISMATCH, EVIDENCE_LOG_CORRUPT.
 */
export async function issueCheckpoint(tx: Tx, keys: LogSigningKeys, opts: { rotate?: boolean } = {}): Promise<StoredCheckpoint> {
  const head = await lockLogHead(tx);
  if (toHex(frontierRoot(head.alg, head.frontier)) !== toHex(head.root)) throw evidenceError('EVIDENCE_LOG_CORRUPT', { detail: 'head root differs from its frontier' });
  const existing = await findCheckpoint(tx, head.size);
  if (existing) return existing;
  const signers = logSigners(head.origin, keys);
  const known = await getLogVkeys(tx);
  const knownEd = known.filter((k) => k.algorithm === 'ed25519').map((k) => k.vkey);
  if (knownEd.length && !knownEd.includes(signers[0].vkey) && !opts.rotate) {
    throw evidenceError('EVIDENCE_KEY_MISMATCH', { detail: 'this log is signed with another Ed25519 key; pass rotate to add a new one' });
  }
  for (const s of signers) {
    await tx.execute(sql`INSERT INTO evidence.log_keys (tenant_id, vkey, algorithm) VALUES (${head.tenantId}, ${s.vkey}, ${s.algorithm}) ON CONFLICT DO NOTHING`);
  }
  const note = signCheckpoint({ origin: head.origin, size: head.size, root: head.root }, signers);
  await tx.execute(sql`INSERT INTO evidence.checkpoints (tenant_id, size, root, note) VALUES (${head.tenantId}, ${head.size}, decode(${toHex(head.root)}, 'hex'), ${note})`);
  return (await findCheckpoint(tx, head.size))!;
}

interface CheckpointRow { size: string | number; root: string; note: string; issued_at: string | Date }

async function withCosignatures(tx: Tx, tenant: string, r: CheckpointRow): Promise<StoredCheckpoint> {
  const lines = await rows<{ line: string }>(tx, sql`SELECT line FROM evidence.cosignatures WHERE tenant_id = ${tenant} AND size = ${Number(r.size)} ORDER BY received_at, witness_vkey`);
  const note = lines.length ? `${r.note}${lines.map((l) => `${l.line}\n`).join('')}` : r.note;
  return { size: Number(r.size), rootHex: r.root, note, issuedAt: new Date(r.issued_at).toISOString() };
}

export async function findCheckpoint(tx: Tx, size: number): Promise<StoredCheckpoint | null> {
  const tenant = await currentTenant(tx);
  const r = await one<CheckpointRow>(tx, sql`SELECT size, encode(root, 'hex') AS root, note, issued_at FROM evidence.checkpoints WHERE tenant_id = ${tenant} AND size = ${size}`);
  return r ? withCosignatures(tx, tenant, r) : null;
}

/** Latest checkpoint. Errors: EVIDENCE_CHECKPOINT_NOT_FOUND. */
export async function getLatestCheckpoint(tx: Tx): Promise<StoredCheckpoint> {
  const tenant = await currentTenant(tx);
  const r = await one<CheckpointRow>(tx, sql`SELECT size, encode(root, 'hex') AS root, note, issued_at FROM evidence.checkpoints WHERE tenant_id = ${tenant} ORDER BY size DESC LIMIT 1`);
  if (!r) throw evidenceError('EVIDENCE_CHECKPOINT_NOT_FOUND');
  return withCosignatures(tx, tenant, r);
}

/** Stores a witness cosignature after checking it over the stored checkpoint. Errors: EVIDENCE_COSIGNATURE_INVALID, EVIDENCE_CHECKPOINT_NOT_FOUND. */
export async function recordCosignature(tx: Tx, size: number, cosignedNote: string, witnessVkey: string): Promise<void> {
  const tenant = await currentTenant(tx);
  const r = await one<{ note: string }>(tx, sql`SELECT note FROM evidence.checkpoints WHERE tenant_id = ${tenant} AND size = ${size}`);
  if (!r) throw evidenceError('EVIDENCE_CHECKPOINT_NOT_FOUND');
  let v;
  try {
    v = verifierFromVkey(witnessVkey);
  } catch (e) {
    throw evidenceError('EVIDENCE_COSIGNATURE_INVALID', { detail: (e as Error).message });
  }
  const stored = parseNote(r.note);
  const given = parseNote(cosignedNote);
  if (given.text !== stored.text) throw evidenceError('EVIDENCE_COSIGNATURE_INVALID', { detail: 'cosigned text is not the stored checkpoint' });
  const line = given.signatures.find((s) => s.name === v.name && s.keyHash === v.keyHash);
  if (!line || !v.verify(new TextEncoder().encode(stored.text), line.signature)) throw evidenceError('EVIDENCE_COSIGNATURE_INVALID');
  await tx.execute(sql`INSERT INTO evidence.cosignatures (tenant_id, size, witness_name, witness_vkey, line)
    VALUES (${tenant}, ${size}, ${v.name}, ${witnessVkey}, ${line.line}) ON CONFLICT DO NOTHING`);
}

// ---- proofs ----

async function checkSize(tx: Tx, size: number | undefined): Promise<{ head: Pick<LogHead, 'tenantId' | 'alg' | 'size'>; size: number }> {
  // one query: head and latest checkpoint size
  const r = await one<{ tenant_id: string; hash_algorithm: HashAlgorithm; size: string | number; cp: string | number | null }>(tx, sql`SELECT l.tenant_id,
    l.hash_algorithm, l.size, (SELECT max(c.size) FROM evidence.checkpoints c WHERE c.tenant_id = l.tenant_id) AS cp
    FROM evidence.logs l WHERE l.tenant_id = current_setting('app.tenant_id', true)`);
  if (!r) throw evidenceError('EVIDENCE_LOG_NOT_FOUND');
  const head = { tenantId: r.tenant_id, alg: r.hash_algorithm, size: Number(r.size) };
  if (size === undefined && r.cp === null) throw evidenceError('EVIDENCE_CHECKPOINT_NOT_FOUND');
  const s = size ?? Number(r.cp);
  if (!Number.isSafeInteger(s) || s < 0 || s > head.size) throw evidenceError('EVIDENCE_SIZE_INVALID', { detail: `size ${s}, log size ${head.size}` });
  return { head, size: s };
}

/** Inclusion proof of a leaf at `size` (default: the latest checkpoint's). Errors: EVIDENCE_SIZE_INVALID, EVIDENCE_LEAF_NOT_FOUND. */
export async function getInclusionProof(tx: Tx, leafIndex: number, size?: number): Promise<{ leafIndex: number; treeSize: number; leafHash: string; proof: string[] }> {
  const { head, size: n } = await checkSize(tx, size);
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= n) throw evidenceError('EVIDENCE_LEAF_NOT_FOUND', { detail: `leaf ${leafIndex} is not in the tree of size ${n}` });
  const leaf = await one<{ h: string }>(tx, sql`SELECT encode(leaf_hash, 'hex') AS h FROM evidence.leaves WHERE tenant_id = ${head.tenantId} AND leaf_index = ${leafIndex}`);
  if (!leaf) throw evidenceError('EVIDENCE_LEAF_NOT_FOUND');
  const proof = await inclusionProof(head.alg, leafIndex, n, dbNodeReader(tx, head.tenantId));
  return { leafIndex, treeSize: n, leafHash: leaf.h, proof: proof.map(toHex) };
}

/** Consistency proof from size1 to size2 (default: latest checkpoint). Errors: EVIDENCE_SIZE_INVALID. */
export async function getConsistencyProof(tx: Tx, size1: number, size2?: number): Promise<{ size1: number; size2: number; proof: string[] }> {
  const { head, size: n } = await checkSize(tx, size2);
  if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > n) throw evidenceError('EVIDENCE_SIZE_INVALID', { detail: `size1 ${size1} must be in 1..${n}` });
  const proof = await consistencyProof(head.alg, size1, n, dbNodeReader(tx, head.tenantId));
  return { size1, size2: n, proof: proof.map(toHex) };
}


// ---- external anchors (BC-11, BC-12) ----

export interface StoredAnchorReceipt {
  id: string;
  size: number;
  provider: string;
  reference: string;
  receipt: Uint8Array;
  anchoredAt: Date;
}

/** Stores a provider's receipt for the checkpoint at `size` (call the provider outside the transaction). Errors: EVIDENCE_CHECKPOINT_NOT_FOUND. */
export async function recordAnchorReceipt(tx: Tx, size: number, r: { provider: string; reference: string; receipt: Uint8Array; anchoredAt: Date }): Promise<string> {
  const tenant = await currentTenant(tx);
  if (!(await findCheckpoint(tx, size))) throw evidenceError('EVIDENCE_CHECKPOINT_NOT_FOUND');
  const id = newId('anc');
  await tx.execute(sql`INSERT INTO evidence.anchor_receipts (tenant_id, id, size, provider, reference, receipt, anchored_at)
    VALUES (${tenant}, ${id}, ${size}, ${r.provider}, ${r.reference}, decode(${toHex(r.receipt)}, 'hex'), ${r.anchoredAt.toISOString()})`);
  return id;
}

export async function listAnchorReceipts(tx: Tx, size?: number): Promise<StoredAnchorReceipt[]> {
  const tenant = await currentTenant(tx);
  const rs = await rows<{ id: string; size: string | number; provider: string; reference: string; receipt: string; anchored_at: string | Date }>(tx, sql`SELECT id, size,
    provider, reference, encode(receipt, 'hex') AS receipt, anchored_at FROM evidence.anchor_receipts WHERE tenant_id = ${tenant}
    ${size === undefined ? sql`` : sql`AND size = ${size}`} ORDER BY anchored_at, id`);
  return rs.map((r) => ({ id: r.id, size: Number(r.size), provider: r.provider, reference: r.reference, receipt: fromHex(r.receipt), anchoredAt: new Date(r.anchored_at) }));
}
