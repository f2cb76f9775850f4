// Erasure of original file bytes for the retention purge (issue 9). The leaves keep their digests, so audits, proofs
// and exported packages still verify; a file another case (or no case) still references is kept.
import { rows, sql, type Tx } from '../../platform/db/index.js';

const HEX64 = /^[0-9a-f]{64}$/;
const ID = /^[A-Za-z0-9_:.-]+$/;

/** Erases the stored bytes of the files with these SHA-256 digests that only `caseIds` reference; returns how many. */
export async function eraseEvidenceFiles(tx: Tx, sha256: readonly string[], caseIds: readonly string[]): Promise<number> {
  if (sha256.length === 0) return 0;
  for (const h of sha256) if (!HEX64.test(h)) throw new Error(`eraseEvidenceFiles: not a SHA-256 hex digest: ${JSON.stringify(h)}`);
  for (const id of caseIds) if (!ID.test(id)) throw new Error(`eraseEvidenceFiles: unexpected case id ${JSON.stringify(id)}`);
  const r = await rows<{ n: number }>(tx, sql`SELECT evidence.erase_files(string_to_array(${sha256.join(',')}, ','), string_to_array(${caseIds.join(',')}, ',')) AS n`);
  return Number(r[0]?.n ?? 0);
}
