// The database-backed evidence log on the real database (PGlite; PostgreSQL with RECOURSE_TEST_DB=postgres).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, rows, sql } from '../../platform/db/index.js';
import { fromHex, verifierFromVkey, fileDigests } from '../../platform/crypto/index.js';
import {
  appendEvidence, appendEvidenceBatch, auditLog, deriveLogKeys, exportEvidencePackage, getConsistencyProof, getInclusionProof,
  getLatestCheckpoint, getLogHead, getLogVkeys, issueCheckpoint, openCheckpoint, storeEvidenceFile, verifyConsistency, verifyInclusion,
  verifyPackage, findEvidenceFile, recordCosignature, witnessCosign, type EvidenceRecordInput,
} from './index.js';
import { cosignatureSigner, generateEd25519Seed } from '../../platform/crypto/index.js';

const db = await getTestDb();
const secret = randomBytes(32);
const rec = (i: number, extra: Partial<EvidenceRecordInput> = {}): EvidenceRecordInput => ({
  type: 'contact.attempted', case: `case_${String(i).padStart(8, '0')}`, actor: 'usr_00000001', occurredAt: '2026-11-29T01:02:03.000Z',
  meta: { channel: 'voice', attempt: i }, ...extra,
});

async function tenantWithLog(n: number, opts: { hashAlgorithm?: 'sha256' | 'sm3' } = {}) {
  const t = await createTestTenant(db, opts);
  await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, Array.from({ length: n }, (_, i) => rec(i))));
  const origin = await withTenant(db, t.id, async (tx) => (await getLogHead(tx)).origin);
  const keys = deriveLogKeys(secret, origin);
  await withTenant(db, t.id, (tx) => issueCheckpoint(tx, keys));
  return { t, origin, keys };
}

describe('appendEvidence (BC-11)', () => {
  it('appends in the caller transaction; proofs verify against the signed checkpoint', async () => {
    const t = await createTestTenant(db);
    const r0 = await withTenant(db, t.id, (tx) => appendEvidence(tx, rec(0)));
    const r1 = await withTenant(db, t.id, (tx) => appendEvidence(tx, rec(1)));
    expect([r0.leafIndex, r1.leafIndex]).toEqual([0, 1]);
    await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, [rec(2), rec(3), rec(4)]));
    const head = await withTenant(db, t.id, getLogHead);
    expect(head.origin).toBe(`localhost/${t.slug}/evidence`);
    expect(head.alg).toBe('sha256');
    const keys = deriveLogKeys(secret, head.origin, true);
    const cp = await withTenant(db, t.id, (tx) => issueCheckpoint(tx, keys));
    const vkeys = await withTenant(db, t.id, getLogVkeys);
    expect(vkeys.map((k) => k.algorithm).sort()).toEqual(['ed25519', 'sm2']);
    const opened = openCheckpoint(cp.note, vkeys.map((k) => verifierFromVkey(k.vkey)), { origin: head.origin });
    expect(opened.checkpoint.size).toBe(5);
    expect(opened.verifiedBy.length).toBe(2); // Ed25519 and SM2 lines
    const p = await withTenant(db, t.id, (tx) => getInclusionProof(tx, 3));
    expect(verifyInclusion('sha256', 3, opened.checkpoint.size, fromHex(p.leafHash), p.proof.map(fromHex), opened.checkpoint.root)).toBe(true);
    // later growth is consistent with the old checkpoint
    await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, Array.from({ length: 9 }, (_, i) => rec(10 + i))));
    const cp2 = await withTenant(db, t.id, (tx) => issueCheckpoint(tx, keys));
    const c = await withTenant(db, t.id, (tx) => getConsistencyProof(tx, 5));
    expect(c.size2).toBe(14);
    expect(verifyConsistency('sha256', 5, 14, c.proof.map(fromHex), opened.checkpoint.root, fromHex(cp2.rootHex))).toBe(true);
    expect((await withTenant(db, t.id, getLatestCheckpoint)).size).toBe(14);
    expect((await withTenant(db, t.id, auditLog)).findings).toEqual([]);
  });

  it('a rolled-back business transaction leaves no leaf (no leaf without its event)', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) => appendEvidence(tx, rec(0)));
    await expect(withTenant(db, t.id, async (tx) => {
      await appendEvidence(tx, rec(1));
      throw new Error('business rule refused');
    })).rejects.toThrow('business rule refused');
    const head = await withTenant(db, t.id, getLogHead);
    expect(head.size).toBe(1);
    expect(await withTenant(db, t.id, (tx) => rows(tx, sql`SELECT leaf_index FROM evidence.leaves`))).toHaveLength(1);
  });

  it('concurrent appends get distinct consecutive indices (head row lock)', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) => appendEvidence(tx, rec(0)));
    const results = await Promise.all(Array.from({ length: 6 }, (_, k) => withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, [rec(k), rec(k + 100)]))));
    const idx = results.flat().map((r) => r.leafIndex).sort((a, b) => a - b);
    expect(idx).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await withTenant(db, t.id, auditLog)).ok).toBe(true);
  });

  it('a batch larger than one statement is written in chunks and audits clean', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, Array.from({ length: 1100 }, (_, i) => rec(i))));
    expect(r.map((x) => x.leafIndex)).toEqual(Array.from({ length: 1100 }, (_, i) => i));
    const rep = await withTenant(db, t.id, auditLog);
    expect(rep.findings).toEqual([]);
    expect(rep.nodesChecked).toBe(2 * 1100 - 4); // 2n − popcount(n): 1100 = 0b10001001100
  });

  it('refuses personal data in leaves (BC-16)', async () => {
    const t = await createTestTenant(db);
    const bad: EvidenceRecordInput[] = [
      rec(0, { meta: { phone: '13800138000' } }),
      rec(0, { meta: { phone: 13800138000 } }),
      rec(0, { meta: { name: '张三' } }),
      rec(0, { meta: { email: 'zhang@example.com' } }),
      rec(0, { case: '110101199003077777' }),
      { ...rec(0), debtorName: '张三' } as unknown as EvidenceRecordInput,
    ];
    for (const b of bad) {
      await expect(withTenant(db, t.id, (tx) => appendEvidence(tx, b))).rejects.toMatchObject({ code: 'EVIDENCE_RECORD_INVALID', rule: 'BC-16' });
    }
  });

  it('keeps each tenant in its own log (RLS)', async () => {
    const a = await tenantWithLog(3);
    const b = await createTestTenant(db);
    expect(await withTenant(db, b.id, (tx) => rows(tx, sql`SELECT * FROM evidence.leaves`))).toEqual([]);
    const rb = await withTenant(db, b.id, (tx) => appendEvidence(tx, rec(0)));
    expect(rb.leafIndex).toBe(0);
    expect((await withTenant(db, a.t.id, getLogHead)).size).toBe(3);
  });

  it('the app role cannot update or delete leaves, nodes, checkpoints or files', async () => {
    const { t } = await tenantWithLog(2);
    for (const q of [sql`UPDATE evidence.leaves SET type = 'x.y'`, sql`DELETE FROM evidence.leaves`, sql`UPDATE evidence.nodes SET level = 5`,
      sql`DELETE FROM evidence.checkpoints`, sql`UPDATE evidence.files SET media_type = 'a/b'`, sql`UPDATE evidence.logs SET origin = 'x'`]) {
      await expect(withTenant(db, t.id, (tx) => tx.execute(q))).rejects.toThrow();
    }
  });

  it('refuses a different log key unless rotating', async () => {
    const { t } = await tenantWithLog(1);
    await withTenant(db, t.id, (tx) => appendEvidence(tx, rec(1)));
    await expect(withTenant(db, t.id, (tx) => issueCheckpoint(tx, { ed25519Seed: randomBytes(32) }))).rejects.toMatchObject({ code: 'EVIDENCE_KEY_MISMATCH' });
  });
});

describe('files and packages (BC-10)', () => {
  it('stores files once with SHA-256 and SM3, exports a package that verifies offline; SM3 log', async () => {
    for (const alg of ['sha256', 'sm3'] as const) {
      const t = await createTestTenant(db, { hashAlgorithm: alg });
      const wav = new Uint8Array(randomBytes(3000));
      const content = await withTenant(db, t.id, (tx) => storeEvidenceFile(tx, wav, 'audio/wav'));
      expect(content).toEqual({ ...fileDigests(wav), mediaType: 'audio/wav' });
      await withTenant(db, t.id, (tx) => storeEvidenceFile(tx, wav, 'audio/wav')); // idempotent, write-once
      expect(Buffer.from((await withTenant(db, t.id, (tx) => findEvidenceFile(tx, content.sha256)))!.bytes).equals(Buffer.from(wav))).toBe(true);
      await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, [rec(0), rec(1), rec(2, { type: 'call.recorded', content }), rec(3)]));
      const origin = (await withTenant(db, t.id, getLogHead)).origin;
      const keys = deriveLogKeys(secret, origin);
      await withTenant(db, t.id, (tx) => issueCheckpoint(tx, keys));
      await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, [rec(4), rec(5), rec(6)]));
      await withTenant(db, t.id, (tx) => issueCheckpoint(tx, keys));
      const zip = await withTenant(db, t.id, (tx) => exportEvidencePackage(tx, { leafIndices: [2, 5], fromSize: 4 }));
      const vkey = (await withTenant(db, t.id, getLogVkeys))[0].vkey;
      const r = verifyPackage(zip, { vkeys: [vkey] });
      expect(r.reasons).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.hash).toBe(alg);
      expect(r.consistency).toEqual({ fromSize: 4, toSize: 7, ok: true });
      expect(r.items.map((i) => i.file)).toEqual([`files/2-${content.sha256.slice(0, 16)}.wav`, null]);
      const f = unzipSync(zip);
      f[`files/2-${content.sha256.slice(0, 16)}.wav`][10] ^= 0xff;
      expect(verifyPackage(zipSync(f), { vkeys: [vkey] }).ok).toBe(false);
    }
  });

  it('witness cosignatures are stored after checking and travel in the package', async () => {
    const { t, origin, keys } = await tenantWithLog(6);
    const cp = await withTenant(db, t.id, getLatestCheckpoint);
    const vkeys = (await withTenant(db, t.id, getLogVkeys)).map((k) => k.vkey);
    const w = cosignatureSigner('witness.example/w1', generateEd25519Seed());
    const { cosigned } = witnessCosign({ alg: 'sha256', checkpoint: cp.note, proof: [] }, { logVerifiers: vkeys.map(verifierFromVkey), witness: w, state: {} });
    await withTenant(db, t.id, (tx) => recordCosignature(tx, cp.size, cosigned, w.vkey));
    const other = cosignatureSigner('witness.example/w1', generateEd25519Seed());
    await expect(withTenant(db, t.id, (tx) => recordCosignature(tx, cp.size, cosigned, other.vkey))).rejects.toMatchObject({ code: 'EVIDENCE_COSIGNATURE_INVALID' });
    const zip = await withTenant(db, t.id, (tx) => exportEvidencePackage(tx, { leafIndices: [1] }));
    const note = strFromU8(unzipSync(zip)['checkpoint.txt']);
    expect(note.split('\n').filter((l) => l.startsWith('\u2014 ')).length).toBe(2);
    expect(verifyPackage(zip, { vkeys: [w.vkey] }).ok).toBe(true); // the witness line alone verifies it too
    expect(origin).toContain(t.slug);
    expect(keys.ed25519Seed.length).toBe(32);
  });
});

describe('auditLog catches tampering (BC-02, BC-11)', () => {
  // Tampering is done as the database owner (the application role cannot UPDATE or DELETE these rows).
  const q = (text: string, params: unknown[]) => db.query(text, params);
  const cases: { name: string; kind: string; tamper: (tenant: string) => Promise<unknown> }[] = [
    { name: 'leaf bytes edited', kind: 'leaf_altered', tamper: (t) => q(`UPDATE evidence.leaves SET body = convert_to(replace(convert_from(body, 'UTF8'), 'voice', 'sms__'), 'UTF8') WHERE tenant_id = $1 AND leaf_index = 3`, [t]) },
    { name: 'leaf bytes and leaf hash rewritten together', kind: 'leaf_altered', tamper: (t) => q(`UPDATE evidence.leaves SET body = convert_to('{"v":1}', 'UTF8'), leaf_hash = sha256(convert_to(E'\\\\x00{"v":1}', 'UTF8')) WHERE tenant_id = $1 AND leaf_index = 2`, [t]) },
    { name: 'leaf deleted', kind: 'leaf_missing', tamper: (t) => q(`DELETE FROM evidence.leaves WHERE tenant_id = $1 AND leaf_index = 4`, [t]) },
    { name: 'two leaves swapped', kind: 'leaf_reordered', tamper: async (t) => {
      await q(`UPDATE evidence.leaves SET leaf_index = 1000 WHERE tenant_id = $1 AND leaf_index = 1`, [t]);
      await q(`UPDATE evidence.leaves SET leaf_index = 1 WHERE tenant_id = $1 AND leaf_index = 5`, [t]);
      await q(`UPDATE evidence.leaves SET leaf_index = 5 WHERE tenant_id = $1 AND leaf_index = 1000`, [t]);
    } },
    { name: 'leaf bodies swapped (hashes kept)', kind: 'leaf_reordered', tamper: (t) => q(`UPDATE evidence.leaves l SET body = o.body FROM evidence.leaves o WHERE l.tenant_id = $1 AND o.tenant_id = $1 AND ((l.leaf_index = 0 AND o.leaf_index = 6) OR (l.leaf_index = 6 AND o.leaf_index = 0))`, [t]) },
    { name: 'leaf appended behind the log', kind: 'leaf_extra', tamper: (t) => q(`INSERT INTO evidence.leaves (tenant_id, leaf_index, leaf_hash, body, type) SELECT tenant_id, 99, leaf_hash, body, type FROM evidence.leaves WHERE tenant_id = $1 AND leaf_index = 0`, [t]) },
    { name: 'node edited', kind: 'node_mismatch', tamper: (t) => q(`UPDATE evidence.nodes SET hash = sha256(hash) WHERE tenant_id = $1 AND level = 1 AND node_index = 1`, [t]) },
    { name: 'node deleted', kind: 'node_missing', tamper: (t) => q(`DELETE FROM evidence.nodes WHERE tenant_id = $1 AND level = 2 AND node_index = 0`, [t]) },
    { name: 'node inserted', kind: 'node_extra', tamper: (t) => q(`INSERT INTO evidence.nodes (tenant_id, level, node_index, hash) VALUES ($1, 5, 3, sha256('x'::bytea))`, [t]) },
    { name: 'head root edited', kind: 'head_mismatch', tamper: (t) => q(`UPDATE evidence.logs SET root = sha256(root) WHERE tenant_id = $1`, [t]) },
    { name: 'checkpoint root column edited', kind: 'checkpoint_mismatch', tamper: (t) => q(`UPDATE evidence.checkpoints SET root = sha256(root) WHERE tenant_id = $1`, [t]) },
    { name: 'checkpoint note re-written with another size', kind: 'checkpoint_signature', tamper: (t) => q(`UPDATE evidence.checkpoints SET note = regexp_replace(note, E'\\n7\\n', E'\\n6\\n') WHERE tenant_id = $1`, [t]) },
    { name: 'whole history rewritten consistently (leaves, nodes, head) but checkpoint kept', kind: 'checkpoint_mismatch', tamper: async (t) => {
      // rebuild a different log of the same size under the same tenant, keep the signed checkpoint of the original
      await q(`DELETE FROM evidence.leaves WHERE tenant_id = $1`, [t]);
      await q(`DELETE FROM evidence.nodes WHERE tenant_id = $1`, [t]);
      await q(`UPDATE evidence.logs SET size = 0, root = sha256(''::bytea), frontier = ''::bytea WHERE tenant_id = $1`, [t]);
      await withTenant(db, t, (tx) => appendEvidenceBatch(tx, Array.from({ length: 7 }, (_, i) => rec(i, { actor: 'usr_00000666' }))));
    } },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.kind}`, async () => {
      const { t } = await tenantWithLog(7);
      expect((await withTenant(db, t.id, auditLog)).ok).toBe(true);
      await c.tamper(t.id);
      const rep = await withTenant(db, t.id, auditLog);
      expect(rep.ok).toBe(false);
      expect(rep.findings.map((f) => f.kind)).toContain(c.kind);
    });
  }
  it('reports the index of an altered leaf', async () => {
    const { t } = await tenantWithLog(9);
    await q(`UPDATE evidence.leaves SET body = convert_to(replace(convert_from(body, 'UTF8'), 'voice', 'sms__'), 'UTF8') WHERE tenant_id = $1 AND leaf_index = 8`, [t.id]);
    const rep = await withTenant(db, t.id, auditLog);
    expect(rep.findings.filter((f) => f.kind === 'leaf_altered').map((f) => f.leafIndex)).toEqual([8]);
    expect(rep.leavesChecked).toBe(9);
  });
  it('a package from an untampered log still verifies after an unrelated tenant is tampered', async () => {
    const a = await tenantWithLog(4);
    const b = await tenantWithLog(4);
    await q(`UPDATE evidence.nodes SET hash = sha256(hash) WHERE tenant_id = $1`, [b.t.id]);
    const zip = await withTenant(db, a.t.id, (tx) => exportEvidencePackage(tx, { leafIndices: [0, 3] }));
    const vkey = (await withTenant(db, a.t.id, getLogVkeys))[0].vkey;
    expect(verifyPackage(zip, { vkeys: [vkey] }).ok).toBe(true);
    expect(strToU8('x').length).toBe(1);
  });
});
