// Builds an evidence package from the database (shared spec "Evidence package"): the latest checkpoint (with witness
// cosignatures), the chosen leaves with inclusion proofs, the original files they reference, and optionally a
// consistency proof from an earlier stored checkpoint.
import { sql, rows, type Tx } from '../../platform/db/index.js';
import { fromHex, fromUtf8 } from '../../platform/crypto/index.js';
import { buildPackage, type PackageItemInput } from './package.js';
import { dbNodeReader, findCheckpoint, findEvidenceFile, getLatestCheckpoint, getLogHead, getLogVkeys } from './log.js';
import { consistencyProof, inclusionProof } from './merkle.js';
import { evidenceError } from './errors.js';

export interface ExportOptions {
  leafIndices: number[];
  /** Include a consistency proof from the stored checkpoint at this size to the latest one. */
  fromSize?: number;
  /** Put the referenced original files in the package (default true). */
  includeFiles?: boolean;
}

const EXT: Record<string, string> = {
  'audio/wav': 'wav', 'audio/mpeg': 'mp3', 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'text/plain': 'txt',
  'application/json': 'json', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** Zip bytes of the package. Errors: EVIDENCE_CHECKPOINT_NOT_FOUND, EVIDENCE_LEAF_NOT_FOUND, EVIDENCE_SIZE_INVALID. */
export async function exportEvidencePackage(tx: Tx, opts: ExportOptions): Promise<Uint8Array> {
  const head = await getLogHead(tx);
  const cp = await getLatestCheckpoint(tx);
  const indices = [...new Set(opts.leafIndices)].sort((a, b) => a - b);
  for (const i of indices) {
    if (!Number.isSafeInteger(i) || i < 0 || i >= cp.size) {
      throw evidenceError('EVIDENCE_LEAF_NOT_FOUND', { detail: `leaf ${i} is not covered by the latest checkpoint (size ${cp.size}); issue a checkpoint first` });
    }
  }
  const leafRows = indices.length
    ? await rows<{ leaf_index: string | number; body: string }>(tx, sql`SELECT leaf_index, encode(body, 'hex') AS body FROM evidence.leaves
        WHERE tenant_id = ${head.tenantId} AND leaf_index IN (${sql.join(indices.map((i) => sql`${i}`), sql`, `)})`)
    : [];
  const bodies = new Map(leafRows.map((r) => [Number(r.leaf_index), fromHex(r.body)]));
  const reader = dbNodeReader(tx, head.tenantId);
  const items: PackageItemInput[] = [];
  for (const i of indices) {
    const body = bodies.get(i);
    if (!body) throw evidenceError('EVIDENCE_LEAF_NOT_FOUND', { detail: `leaf ${i}` });
    let file: PackageItemInput['file'] = null;
    if (opts.includeFiles !== false) {
      const content = (JSON.parse(fromUtf8(body)) as { content?: { sha256?: string; mediaType?: string } }).content;
      if (content?.sha256) {
        const f = await findEvidenceFile(tx, content.sha256);
        if (f) file = { name: `${content.sha256.slice(0, 16)}.${EXT[f.mediaType] ?? 'bin'}`, bytes: f.bytes };
      }
    }
    items.push({ leafIndex: i, leafBytes: body, inclusionProof: await inclusionProof(head.alg, i, cp.size, reader), file });
  }
  let consistency = null;
  if (opts.fromSize !== undefined && opts.fromSize !== cp.size) {
    const old = await findCheckpoint(tx, opts.fromSize);
    if (!old || old.size < 1 || old.size > cp.size) throw evidenceError('EVIDENCE_SIZE_INVALID', { detail: `no stored checkpoint at size ${opts.fromSize} below ${cp.size}` });
    consistency = { oldCheckpoint: old.note, proof: await consistencyProof(head.alg, old.size, cp.size, reader) };
  }
  return buildPackage({
    hash: head.alg,
    origin: head.origin,
    vkeys: (await getLogVkeys(tx)).map((k) => k.vkey),
    checkpoint: cp.note,
    items,
    consistency,
  });
}
