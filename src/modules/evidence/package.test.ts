// Evidence packages built from an in-memory log verify offline; every kind of tampering is caught (BC-10, BC-11).
import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { canonicalBytes, ed25519Signer, fileDigests, generateEd25519Seed, generateSm2KeyPair, sm2Signer, type HashAlgorithm } from '../../platform/crypto/index.js';
import { MemoryTree } from './merkle.js';
import { signCheckpoint, originFor } from './checkpoint.js';
import { buildPackage, verifyPackage, type PackageInput } from './package.js';

function makeLog(alg: HashAlgorithm, n: number) {
  const origin = originFor('t-acme');
  const signer = ed25519Signer(origin, generateEd25519Seed());
  const tree = new MemoryTree(alg);
  const leaves: Uint8Array[] = [];
  const files: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const file = strToU8(`recording ${i} ${'x'.repeat(i)}`);
    const d = fileDigests(file);
    const leaf = canonicalBytes({ v: 1, type: 'contact.attempted', tenant: 'ten_1', case: `case_${i}`, actor: 'usr_1',
      occurredAt: '2026-11-29T01:00:00Z', recordedAt: '2026-11-29T01:00:01Z', content: { ...d, mediaType: 'audio/wav' } });
    tree.append(leaf);
    leaves.push(leaf);
    files.push(file);
  }
  return { origin, signer, tree, leaves, files, alg };
}

async function pkg(log: ReturnType<typeof makeLog>, indices: number[], withConsistencyFrom?: number): Promise<{ zip: Uint8Array; input: PackageInput }> {
  const { tree, origin, signer, alg } = log;
  const checkpoint = signCheckpoint({ origin, size: tree.size, root: tree.root() }, [signer]);
  const input: PackageInput = {
    hash: alg, origin, vkeys: [signer.vkey], checkpoint,
    items: await Promise.all(indices.map(async (i) => ({ leafIndex: i, leafBytes: log.leaves[i], inclusionProof: await tree.inclusionProof(i), file: { name: `call-${i}.wav`, bytes: log.files[i] } }))),
    consistency: withConsistencyFrom
      ? { oldCheckpoint: signCheckpoint({ origin, size: withConsistencyFrom, root: await tree.rootAt(withConsistencyFrom) }, [signer]), proof: await tree.consistencyProof(withConsistencyFrom) }
      : null,
  };
  return { zip: buildPackage(input), input };
}

function rezip(zip: Uint8Array, change: (f: Record<string, Uint8Array>) => void): Uint8Array {
  const f = unzipSync(zip);
  change(f);
  return zipSync(f);
}

describe('evidence package', () => {
  it('has exactly the spec layout and verifies with the trusted vkey (sha256 and sm3 logs)', async () => {
    for (const alg of ['sha256', 'sm3'] as const) {
      const log = makeLog(alg, 13);
      const { zip } = await pkg(log, [0, 5, 12], 6);
      const names = Object.keys(unzipSync(zip)).sort();
      expect(names).toEqual(['VERIFY.md', 'checkpoint-old.txt', 'checkpoint.txt', 'files/0-call-0.wav', 'files/12-call-12.wav', 'files/5-call-5.wav',
        'leaves/0.json', 'leaves/12.json', 'leaves/5.json', 'manifest.json']);
      const manifest = JSON.parse(strFromU8(unzipSync(zip)['manifest.json']));
      expect(manifest.format).toBe('recourse-evidence-package/1');
      expect(manifest.hash).toBe(alg);
      const r = verifyPackage(zip, { vkeys: [log.signer.vkey] });
      expect(r.reasons).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.items.map((i) => i.ok)).toEqual([true, true, true]);
      expect(r.consistency).toEqual({ fromSize: 6, toSize: 13, ok: true });
      expect(r.checkpoint?.size).toBe(13);
    }
  });

  it('without a trusted vkey it still checks, with a warning', async () => {
    const log = makeLog('sha256', 4);
    const r = verifyPackage((await pkg(log, [1])).zip);
    expect(r.ok).toBe(true);
    expect(r.warnings.join()).toMatch(/no trusted vkey/);
  });

  it('fails with another log key, a wrong origin, and an edited checkpoint', async () => {
    const log = makeLog('sha256', 5);
    const { zip } = await pkg(log, [2]);
    const other = ed25519Signer(log.origin, generateEd25519Seed());
    expect(verifyPackage(zip, { vkeys: [other.vkey] }).reasons.join()).toMatch(/no signature from a known key/);
    expect(verifyPackage(zip, { vkeys: [log.signer.vkey], origin: 'localhost/other/evidence' }).ok).toBe(false);
    const edited = rezip(zip, (f) => { f['checkpoint.txt'] = strToU8(strFromU8(f['checkpoint.txt']).replace('\n5\n', '\n4\n')); });
    expect(verifyPackage(edited, { vkeys: [log.signer.vkey] }).reasons.join()).toMatch(/invalid signature/);
  });

  it('fails when a leaf, a file, a proof hash or the index is changed', async () => {
    const log = makeLog('sm3', 9);
    const { zip } = await pkg(log, [3, 7]);
    const vk = { vkeys: [log.signer.vkey] };
    const leafEdit = rezip(zip, (f) => { f['leaves/3.json'] = strToU8(strFromU8(f['leaves/3.json']).replace('case_3', 'case_4')); });
    expect(verifyPackage(leafEdit, vk).reasons.join()).toMatch(/inclusion proof for leaf 3/);
    const fileEdit = rezip(zip, (f) => { f['files/7-call-7.wav'][0] ^= 1; });
    const fr = verifyPackage(fileEdit, vk);
    expect(fr.reasons).toEqual(['files/7-call-7.wav: SHA-256 differs from the leaf', 'files/7-call-7.wav: SM3 differs from the leaf']);
    expect(fr.items.map((i) => i.ok)).toEqual([true, false]);
    const proofEdit = rezip(zip, (f) => {
      const m = JSON.parse(strFromU8(f['manifest.json']));
      m.items[0].inclusionProof[1] = m.items[0].inclusionProof[1].replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
      f['manifest.json'] = strToU8(JSON.stringify(m));
    });
    expect(verifyPackage(proofEdit, vk).ok).toBe(false);
    const indexEdit = rezip(zip, (f) => {
      const m = JSON.parse(strFromU8(f['manifest.json']));
      m.items[0].leafIndex = 2;
      m.items[0].leaf = 'leaves/2.json';
      f['leaves/2.json'] = f['leaves/3.json'];
      f['manifest.json'] = strToU8(JSON.stringify(m));
    });
    expect(verifyPackage(indexEdit, vk).ok).toBe(false);
    expect(verifyPackage(strToU8('not a zip'), vk).reasons[0]).toMatch(/zip/);
  });

  it('fails when the old checkpoint belongs to a forked history', async () => {
    const log = makeLog('sha256', 10);
    const fork = makeLog('sha256', 4); // different leaves (different file contents → digests)
    fork.leaves[1] = canonicalBytes({ v: 1, forged: true });
    const forkTree = new MemoryTree('sha256');
    fork.leaves.forEach((l) => forkTree.append(l));
    const { zip } = await pkg(log, [1], 4);
    const forged = rezip(zip, (f) => {
      f['checkpoint-old.txt'] = strToU8(signCheckpoint({ origin: log.origin, size: 4, root: forkTree.root() }, [log.signer]));
    });
    expect(verifyPackage(forged, { vkeys: [log.signer.vkey] }).reasons.join()).toMatch(/consistency proof from size 4 to 10 fails/);
  });

  it('accepts an extra SM2 signature line and verifies with either key', async () => {
    const log = makeLog('sm3', 3);
    const sm = sm2Signer(`${log.origin}/sm2`, generateSm2KeyPair().privateKeyHex);
    const checkpoint = signCheckpoint({ origin: log.origin, size: 3, root: log.tree.root() }, [log.signer, sm]);
    const zip = buildPackage({ hash: 'sm3', origin: log.origin, vkeys: [log.signer.vkey, sm.vkey], checkpoint,
      items: [{ leafIndex: 2, leafBytes: log.leaves[2], inclusionProof: await log.tree.inclusionProof(2), file: null }] });
    expect(verifyPackage(zip, { vkeys: [sm.vkey] }).ok).toBe(true);
    expect(verifyPackage(zip, { vkeys: [log.signer.vkey] }).checkpoint?.verifiedBy).toEqual([log.origin]);
  });

  it('VERIFY.md names the algorithms', async () => {
    const log = makeLog('sm3', 2);
    const md = strFromU8(unzipSync((await pkg(log, [0])).zip)['VERIFY.md']);
    for (const s of ['RFC 9162', 'SM3 (GB/T 32905-2016)', 'Ed25519', 'C2SP signed note', 'RFC 8785', log.signer.vkey]) expect(md).toContain(s);
  });
});
