// Evidence log benchmark: appends/s on the embedded database (one record per transaction, and batches) against the
// raw hashing rate of the same leaves, proof latency from stored nodes, and offline package verification.
// Run: `npx tsx bench/evidence.ts [leaves]` (default 5000). Prints a markdown section.
import { randomBytes } from 'node:crypto';
import { canonicalBytes, type HashAlgorithm } from '../src/platform/crypto/index.js';
import { openFreshTestDb, createTestTenant } from '../src/platform/db/testing.js';
import { withTenant, sql } from '../src/platform/db/index.js';
import { MemoryTree, hashLeaf } from '../src/modules/evidence/merkle.js';
import {
  appendEvidence, appendEvidenceBatch, deriveLogKeys, exportEvidencePackage, getConsistencyProof, getInclusionProof, getLogHead, issueCheckpoint,
  verifyPackage, getLogVkeys, auditLog, type EvidenceRecordInput,
} from '../src/modules/evidence/index.js';
import { percentile } from './lib.js';

const N = Number(process.argv[2] ?? 5000);
const rec = (i: number): EvidenceRecordInput => ({
  type: 'contact.attempted', case: `case_${i.toString(36).padStart(10, '0')}`, actor: 'usr_0000000001', occurredAt: '2026-11-29T01:02:03.000Z',
  content: { sha256: randomBytes(32).toString('hex'), sm3: randomBytes(32).toString('hex'), size: 1000 + i, mediaType: 'audio/wav' },
  meta: { channel: 'voice', attempt: i % 5 },
});
const leafOf = (i: number) => canonicalBytes({ v: 1, tenant: 'ten_0000000000', recordedAt: '2026-11-29T01:02:04.000Z', ...rec(i) });

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
const rowsOut: string[] = [];
const row = (what: string, value: string, note = '') => rowsOut.push(`| ${what} | ${value} | ${note} |`);

async function timeit<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

const leaves = Array.from({ length: N }, (_, i) => leafOf(i));
for (const alg of ['sha256', 'sm3'] as HashAlgorithm[]) {
  const [, ms] = await timeit(() => { for (const l of leaves) hashLeaf(alg, l); });
  row(`raw leaf hashing, ${alg} (${N} leaves of ~${leaves[0].length} B)`, `${fmt(N / (ms / 1000))} /s`, 'baseline: H(0x00 || leaf) only');
  const t = new MemoryTree(alg);
  const [, ms2] = await timeit(() => { for (const l of leaves) t.append(l); });
  row(`in-memory append (leaf hash + nodes + frontier), ${alg}`, `${fmt(N / (ms2 / 1000))} /s`, `${(ms2 / ms).toFixed(2)}× the raw hashing time`);
  const lat: number[] = [];
  for (let i = 0; i < 500; i++) {
    const [, m] = await timeit(() => t.inclusionProof((i * 7919) % N));
    lat.push(m);
  }
  lat.sort((a, b) => a - b);
  row(`in-memory inclusion proof, ${alg}, n=${N}`, `p50 ${(percentile(lat, 50) * 1000).toFixed(0)} µs`, `p99 ${(percentile(lat, 99) * 1000).toFixed(0)} µs`);
}

const db = await openFreshTestDb();
for (const alg of ['sha256', 'sm3'] as HashAlgorithm[]) {
  const t = await createTestTenant(db, { hashAlgorithm: alg });
  const single = Math.min(N, 1000);
  // Interleaved with an empty tenant transaction, so both see the same machine load.
  let ms0 = 0;
  let ms1 = 0;
  for (let i = 0; i < single; i++) {
    ms0 += (await timeit(() => withTenant(db, t.id, (tx) => tx.execute(sql`SELECT 1`))))[1];
    ms1 += (await timeit(() => withTenant(db, t.id, (tx) => appendEvidence(tx, rec(i)))))[1];
  }
  row(`baseline: empty tenant transaction (BEGIN, SET ROLE, set_config, SELECT 1, COMMIT)`, `${fmt(single / (ms0 / 1000))} /s`, 'interleaved with the next row');
  row(`DB append, one record per transaction, ${alg} (PGlite)`, `${fmt(single / (ms1 / 1000))} /s`, `${single} transactions; ${(ms1 / ms0).toFixed(2)}× an empty transaction`);
  const B = 100;
  const [, ms2] = await timeit(async () => {
    for (let i = 0; i < N; i += B) await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, Array.from({ length: Math.min(B, N - i) }, (_, k) => rec(i + k))));
  });
  row(`DB append, batches of ${B}, ${alg} (PGlite)`, `${fmt(N / (ms2 / 1000))} /s`, `${N} records`);
  const keys = await withTenant(db, t.id, async (tx) => deriveLogKeys(randomBytes(32), (await getLogHead(tx)).origin));
  const [, msCp] = await timeit(() => withTenant(db, t.id, (tx) => issueCheckpoint(tx, keys)));
  row(`issue checkpoint (Ed25519), ${alg}`, `${msCp.toFixed(1)} ms`);
  const size = N + single;
  const lat: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 200; i++) {
    base.push((await timeit(() => withTenant(db, t.id, (tx) => tx.execute(sql`SELECT 1`))))[1]);
    const [, m] = await timeit(() => withTenant(db, t.id, (tx) => getInclusionProof(tx, (i * 7919) % size)));
    lat.push(m);
  }
  lat.sort((a, b) => a - b);
  base.sort((a, b) => a - b);
  row(`DB inclusion proof incl. its transaction, ${alg}, n=${size}`, `p50 ${percentile(lat, 50).toFixed(2)} ms`, `p99 ${percentile(lat, 99).toFixed(2)} ms; empty transaction p50 ${percentile(base, 50).toFixed(2)} ms`);
  const clat: number[] = [];
  for (let i = 0; i < 100; i++) {
    const [, m] = await timeit(() => withTenant(db, t.id, (tx) => getConsistencyProof(tx, 1 + ((i * 104729) % (size - 1)))));
    clat.push(m);
  }
  clat.sort((a, b) => a - b);
  row(`DB consistency proof, ${alg}, n=${size}`, `p50 ${percentile(clat, 50).toFixed(2)} ms`, `p99 ${percentile(clat, 99).toFixed(2)} ms`);
  const [zip, msExp] = await timeit(() => withTenant(db, t.id, (tx) => exportEvidencePackage(tx, { leafIndices: Array.from({ length: 50 }, (_, i) => i * 13) })));
  const vkeys = (await withTenant(db, t.id, getLogVkeys)).map((k) => k.vkey);
  const [v, msVer] = await timeit(() => verifyPackage(zip, { vkeys }));
  if (!v.ok) throw new Error(`package did not verify: ${v.reasons.join('; ')}`);
  row(`export + verify a 50-item package, ${alg}`, `${msExp.toFixed(0)} ms + ${msVer.toFixed(0)} ms`, `${zip.length} bytes`);
  const [a, msAudit] = await timeit(() => withTenant(db, t.id, auditLog));
  if (!a.ok) throw new Error('audit failed');
  row(`full audit, ${alg}, n=${size}`, `${fmt(size / (msAudit / 1000))} leaves/s`, `${msAudit.toFixed(0)} ms`);
}
await db.close();

process.stdout.write(`### Evidence log (bench/evidence.ts)

Leaves are RFC 8785 records of ~${leaves[0].length} bytes; the database is embedded PGlite in memory, one connection.
The baseline is the raw cost of hashing the same leaves with no tree or database.

| measurement | value | note |
|---|---|---|
${rowsOut.join('\n')}
`);
