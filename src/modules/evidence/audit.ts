// Full audit of a tenant's log (BC-02, BC-11): recompute every leaf hash from its stored bytes, every stored node and
// the head from the leaves, every checkpoint's root at its size, and every checkpoint signature with the log's keys.
// Works in chunks so memory stays bounded by the chunk size plus O(log n).
import { sql, rows, type Tx } from '../../platform/db/index.js';
import { bytesEqual, fromHex, toHex, verifierFromVkey, type NoteVerifier } from '../../platform/crypto/index.js';
import { appendLeaf, frontierRoot, hashLeaf, popcount, type Hash } from './merkle.js';
import { openCheckpoint } from './checkpoint.js';
import { findLogHead, getLogVkeys } from './log.js';

export type AuditFindingKind =
  | 'leaf_altered' // stored bytes do not hash to the stored leaf hash
  | 'leaf_missing' // a gap in leaf indices below the head size
  | 'leaf_reordered' // the leaf's bytes belong at another index (its hash is the stored level-0 node of another index)
  | 'leaf_extra' // a leaf at or beyond the head size
  | 'node_mismatch' // a stored node differs from the recomputed one
  | 'node_missing'
  | 'node_extra'
  | 'head_mismatch' // head root/frontier differ from the recomputation
  | 'checkpoint_mismatch' // a checkpoint's root differs from the recomputed root at its size
  | 'checkpoint_signature' // a checkpoint's signature does not verify with the log's keys
  | 'checkpoint_beyond_head';

export interface AuditFinding {
  kind: AuditFindingKind;
  detail: string;
  leafIndex?: number;
  size?: number;
}

export interface AuditReport {
  ok: boolean;
  size: number;
  leavesChecked: number;
  nodesChecked: number;
  checkpointsChecked: number;
  findings: AuditFinding[];
}

const CHUNK = 2000;
const MAX_FINDINGS = 1000;

export async function auditLog(tx: Tx): Promise<AuditReport> {
  const head = await findLogHead(tx);
  const report: AuditReport = { ok: true, size: head?.size ?? 0, leavesChecked: 0, nodesChecked: 0, checkpointsChecked: 0, findings: [] };
  if (!head) return report;
  const add = (f: AuditFinding) => {
    if (report.findings.length < MAX_FINDINGS) report.findings.push(f);
  };
  const t = head.tenantId;
  const alg = head.alg;

  const verifiers: NoteVerifier[] = [];
  for (const k of await getLogVkeys(tx)) {
    try {
      verifiers.push(verifierFromVkey(k.vkey));
    } catch {
      /* a key we cannot parse verifies nothing */
    }
  }
  const cps = await rows<{ size: string | number; root: string; note: string }>(tx, sql`SELECT size, encode(root, 'hex') AS root, note
    FROM evidence.checkpoints WHERE tenant_id = ${t} ORDER BY size`);
  const cpBySize = new Map<number, { root: string; note: string }>();
  for (const c of cps) {
    const size = Number(c.size);
    cpBySize.set(size, c);
    report.checkpointsChecked++;
    try {
      const opened = openCheckpoint(c.note, verifiers, { origin: head.origin });
      if (opened.checkpoint.size !== size || toHex(opened.checkpoint.root) !== c.root) {
        add({ kind: 'checkpoint_mismatch', size, detail: 'signed note disagrees with the stored size/root columns' });
      }
    } catch (e) {
      add({ kind: 'checkpoint_signature', size, detail: (e as Error).message });
    }
    if (size > head.size) add({ kind: 'checkpoint_beyond_head', size, detail: `checkpoint size ${size} > log size ${head.size}` });
  }
  const emptyRoot = frontierRoot(alg, []);
  if (cpBySize.has(0) && cpBySize.get(0)!.root !== toHex(emptyRoot)) add({ kind: 'checkpoint_mismatch', size: 0, detail: 'root of the empty tree' });

  // Stored level-0 nodes by hash, to tell a reordering from an alteration.
  let frontier: Hash[] = [];
  let expected = 0;
  for (let start = 0; start < head.size; start += CHUNK) {
    const end = Math.min(head.size, start + CHUNK);
    const leaves = await rows<{ leaf_index: string | number; leaf_hash: string; body: string }>(tx, sql`SELECT leaf_index, encode(leaf_hash, 'hex') AS leaf_hash,
      encode(body, 'hex') AS body FROM evidence.leaves WHERE tenant_id = ${t} AND leaf_index >= ${start} AND leaf_index < ${end} ORDER BY leaf_index`);
    // nodes completed by the leaves of this chunk: the last leaf they cover, (i+1)·2^l − 1, lies in [start, end)
    const nodes = await rows<{ level: number; node_index: string | number; hash: string }>(tx, sql`SELECT level, node_index, encode(hash, 'hex') AS hash
      FROM evidence.nodes WHERE tenant_id = ${t} AND (node_index + 1) * (1::bigint << level) - 1 >= ${start}
      AND (node_index + 1) * (1::bigint << level) - 1 < ${end}`);
    const stored = new Map(nodes.map((n) => [`${n.level}/${Number(n.node_index)}`, n.hash]));
    const level0ByHash = new Map(nodes.filter((n) => n.level === 0).map((n) => [n.hash, Number(n.node_index)]));
    const byIndex = new Map(leaves.map((l) => [Number(l.leaf_index), l]));
    for (let i = start; i < end; i++) {
      const l = byIndex.get(i);
      let lh: Hash;
      if (!l) {
        add({ kind: 'leaf_missing', leafIndex: i, detail: `no leaf row ${i}` });
        // continue the recomputation with the stored node so later checks stay meaningful
        lh = stored.has(`0/${i}`) ? fromHex(stored.get(`0/${i}`)!) : new Uint8Array(32);
      } else {
        report.leavesChecked++;
        lh = hashLeaf(alg, fromHex(l.body));
        const lhHex = toHex(lh);
        if (lhHex !== l.leaf_hash) {
          const other = level0ByHash.get(lhHex);
          if (other !== undefined && other !== i) add({ kind: 'leaf_reordered', leafIndex: i, detail: `leaf ${i} holds the bytes of leaf ${other}` });
          else add({ kind: 'leaf_altered', leafIndex: i, detail: `leaf ${i} bytes do not hash to its stored leaf hash` });
        } else if (stored.get(`0/${i}`) !== undefined && stored.get(`0/${i}`) !== lhHex) {
          const other = level0ByHash.get(lhHex);
          if (other !== undefined && other !== i) add({ kind: 'leaf_reordered', leafIndex: i, detail: `leaf ${i} holds the bytes (and hash) of leaf ${other}` });
          else add({ kind: 'leaf_altered', leafIndex: i, detail: `leaf ${i} and its hash were rewritten` });
        }
      }
      const res = appendLeaf(alg, frontier, i, lh);
      frontier = res.frontier;
      for (const n of res.nodes) {
        expected++;
        report.nodesChecked++;
        const s = stored.get(`${n.level}/${n.index}`);
        if (s === undefined) add({ kind: 'node_missing', detail: `node ${n.level}/${n.index}` });
        else if (s !== toHex(n.hash)) add({ kind: 'node_mismatch', detail: `node ${n.level}/${n.index}` });
      }
      const cp = cpBySize.get(i + 1);
      if (cp && cp.root !== toHex(frontierRoot(alg, frontier))) {
        add({ kind: 'checkpoint_mismatch', size: i + 1, detail: `stored leaves give another root at size ${i + 1} than the signed checkpoint` });
      }
    }
  }
  // Appends may commit while the audit runs (READ COMMITTED on Postgres): rows between the head read at the start and
  // the head read now are legitimate and are checked by the next audit; only rows beyond the current head are extra.
  // Read the candidate leaves BEFORE the head: a leaf seen here was committed with its head update, so the head
  // read afterwards covers it; the other order lets an append commit in between and look "extra".
  const candidates = await rows<{ leaf_index: string | number }>(tx, sql`SELECT leaf_index FROM evidence.leaves WHERE tenant_id = ${t} AND leaf_index >= ${head.size} ORDER BY leaf_index LIMIT 100000`);
  // Nodes likewise: count the ones inside the audited size and take the furthest leaf any other node covers, BEFORE
  // reading the head again, so a node committed mid-audit is covered by the head read afterwards.
  const nodeCount = await rows<{ inside: string | number; max_cover: string | number | null }>(tx, sql`SELECT
    count(*) FILTER (WHERE (node_index + 1) * (1::bigint << level) <= ${head.size}) AS inside,
    max((node_index + 1) * (1::bigint << level)) AS max_cover
    FROM evidence.nodes WHERE tenant_id = ${t}`);
  const endSize = (await findLogHead(tx))?.size ?? head.size;
  const limit = Math.max(endSize, head.size);
  const extraLeaves = candidates.filter((x) => Number(x.leaf_index) >= limit).slice(0, 100);
  for (const x of extraLeaves) add({ kind: 'leaf_extra', leafIndex: Number(x.leaf_index), detail: `leaf ${x.leaf_index} beyond log size ${limit}` });
  const maxCover = nodeCount[0].max_cover == null ? 0 : Number(nodeCount[0].max_cover);
  const want = 2 * head.size - popcount(head.size);
  const inside = Number(nodeCount[0].inside);
  if (inside > want || maxCover > limit || expected !== want) add({ kind: 'node_extra', detail: `${inside} stored nodes within size ${head.size} (${want} expected)${maxCover > limit ? `, a node covering leaf ${maxCover - 1} beyond the head` : ''}` });
  const root = frontierRoot(alg, frontier);
  if (!bytesEqual(root, head.root) || frontier.map(toHex).join('') !== head.frontier.map(toHex).join('')) {
    add({ kind: 'head_mismatch', detail: 'head root/frontier differ from the root recomputed from the leaves' });
  }
  report.ok = report.findings.length === 0;
  return report;
}
