// Read models for the evidence page and the case panel (BC-11): each leaf with the first checkpoint that covers it,
// whether a witness-cosigned and an anchored checkpoint covers it; the checkpoints with their cosignatures and
// anchor receipts. Identifiers and digests only (BC-16).
import { sql, rows, one, type Tx } from '../../platform/db/index.js';
import { currentTenant, findLogHead, getLogVkeys } from './log.js';

export interface EvidenceItemStatus {
  leafIndex: number;
  type: string;
  caseId: string | null;
  leafHash: string;
  contentSha256: string | null;
  recordedAt: string;
  /** Size of the first checkpoint that covers this leaf, or null when none yet. */
  checkpointSize: number | null;
  /** A checkpoint covering the leaf carries a witness cosignature. */
  witnessed: boolean;
  /** A checkpoint covering the leaf has an external anchor receipt. */
  anchored: boolean;
}

/** Leaves of one case (or the most recent of the log), newest first. */
export async function listEvidenceItems(tx: Tx, q: { caseId?: string; limit?: number; before?: number }): Promise<{ logSize: number; items: EvidenceItemStatus[] }> {
  const tenant = await currentTenant(tx);
  const head = await findLogHead(tx);
  if (!head) return { logSize: 0, items: [] };
  const limit = Math.min(q.limit ?? 200, 1000);
  const maxes = await one<{ w: string | number | null; a: string | number | null }>(tx, sql`SELECT
    (SELECT max(size) FROM evidence.cosignatures WHERE tenant_id = ${tenant}) AS w,
    (SELECT max(size) FROM evidence.anchor_receipts WHERE tenant_id = ${tenant}) AS a`);
  const w = maxes?.w === null || maxes?.w === undefined ? -1 : Number(maxes.w);
  const a = maxes?.a === null || maxes?.a === undefined ? -1 : Number(maxes.a);
  const rs = await rows<{ leaf_index: string | number; type: string; case_id: string | null; leaf_hash: string; content_sha256: string | null; recorded_at: string | Date; cp: string | number | null }>(tx, sql`
    SELECT l.leaf_index, l.type, l.case_id, encode(l.leaf_hash, 'hex') AS leaf_hash, l.content_sha256, l.recorded_at,
      (SELECT min(c.size) FROM evidence.checkpoints c WHERE c.tenant_id = l.tenant_id AND c.size > l.leaf_index) AS cp
    FROM evidence.leaves l WHERE l.tenant_id = ${tenant}
    ${q.caseId ? sql`AND l.case_id = ${q.caseId}` : sql``}
    ${q.before !== undefined ? sql`AND l.leaf_index < ${q.before}` : sql``}
    ORDER BY l.leaf_index DESC LIMIT ${limit}`);
  return {
    logSize: head.size,
    items: rs.map((r) => {
      const i = Number(r.leaf_index);
      return {
        leafIndex: i, type: r.type, caseId: r.case_id, leafHash: r.leaf_hash, contentSha256: r.content_sha256, recordedAt: new Date(r.recorded_at).toISOString(),
        checkpointSize: r.cp === null ? null : Number(r.cp), witnessed: w > i, anchored: a > i,
      };
    }),
  };
}

/** Leaf indices of a case, oldest first (for its package). */
export async function caseLeafIndices(tx: Tx, caseId: string): Promise<number[]> {
  const tenant = await currentTenant(tx);
  const rs = await rows<{ leaf_index: string | number }>(tx, sql`SELECT leaf_index FROM evidence.leaves WHERE tenant_id = ${tenant} AND case_id = ${caseId} ORDER BY leaf_index`);
  return rs.map((r) => Number(r.leaf_index));
}

export interface CheckpointOverview {
  size: number;
  rootHex: string;
  issuedAt: string;
  cosignatures: { witnessName: string; witnessVkey: string; receivedAt: string }[];
  anchors: { id: string; provider: string; reference: string; anchoredAt: string }[];
}

export interface EvidenceOverview {
  origin: string | null;
  hash: string | null;
  size: number;
  rootHex: string | null;
  vkeys: { vkey: string; algorithm: string }[];
  checkpoints: CheckpointOverview[];
  checkpointCount: number;
}

/** Head of the log and its latest checkpoints with cosignatures and anchor receipts. */
export async function evidenceOverview(tx: Tx, limit = 50): Promise<EvidenceOverview> {
  const tenant = await currentTenant(tx);
  const head = await findLogHead(tx);
  if (!head) return { origin: null, hash: null, size: 0, rootHex: null, vkeys: [], checkpoints: [], checkpointCount: 0 };
  const cps = await rows<{ size: string | number; root: string; issued_at: string | Date }>(tx, sql`SELECT size, encode(root, 'hex') AS root, issued_at
    FROM evidence.checkpoints WHERE tenant_id = ${tenant} ORDER BY size DESC LIMIT ${Math.min(limit, 500)}`);
  const sizes = cps.map((c) => Number(c.size));
  const inSizes = sizes.length ? sql`AND size IN (${sql.join(sizes.map((s) => sql`${s}`), sql`, `)})` : sql`AND false`;
  const cos = await rows<{ size: string | number; witness_name: string; witness_vkey: string; received_at: string | Date }>(tx, sql`SELECT size, witness_name, witness_vkey, received_at
    FROM evidence.cosignatures WHERE tenant_id = ${tenant} ${inSizes} ORDER BY received_at`);
  const anc = await rows<{ size: string | number; id: string; provider: string; reference: string; anchored_at: string | Date }>(tx, sql`SELECT size, id, provider, reference, anchored_at
    FROM evidence.anchor_receipts WHERE tenant_id = ${tenant} ${inSizes} ORDER BY anchored_at`);
  const count = await one<{ n: string | number }>(tx, sql`SELECT count(*) AS n FROM evidence.checkpoints WHERE tenant_id = ${tenant}`);
  return {
    origin: head.origin,
    hash: head.alg,
    size: head.size,
    rootHex: Buffer.from(head.root).toString('hex'),
    vkeys: await getLogVkeys(tx),
    checkpointCount: Number(count?.n ?? 0),
    checkpoints: cps.map((c) => {
      const size = Number(c.size);
      return {
        size, rootHex: c.root, issuedAt: new Date(c.issued_at).toISOString(),
        cosignatures: cos.filter((x) => Number(x.size) === size).map((x) => ({ witnessName: x.witness_name, witnessVkey: x.witness_vkey, receivedAt: new Date(x.received_at).toISOString() })),
        anchors: anc.filter((x) => Number(x.size) === size).map((x) => ({ id: x.id, provider: x.provider, reference: x.reference, anchoredAt: new Date(x.anchored_at).toISOString() })),
      };
    }),
  };
}
