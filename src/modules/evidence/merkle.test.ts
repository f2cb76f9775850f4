// RFC 9162 §2.1 against every published vector in /work/shared/testvectors/tlog (BC-11).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64, fromHex, sha256, toHex, utf8 } from '../../platform/crypto/index.js';
import { MemoryTree, hashLeaf, verifyConsistency, verifyInclusion, rootFromLeafHashes, emptyRoot, frontierKeys } from './merkle.js';

const ROOT = '/work/shared/testvectors/tlog';
const consts = JSON.parse(readFileSync(join(ROOT, 'transparency-dev-merkle/constants.json'), 'utf8'));
const misc = JSON.parse(readFileSync(join(ROOT, 'misc-vectors.json'), 'utf8'));
const leaves: Uint8Array[] = consts.leafInputsHex.map((h: string) => fromHex(h));

function files(kind: string): { name: string; v: Record<string, unknown> }[] {
  const dir = join(ROOT, 'transparency-dev-merkle/testdata', kind);
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ name: f, v: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
}
const b64 = (s: unknown) => fromBase64((s as string | null) ?? '');
const b64s = (a: unknown) => ((a as string[] | null) ?? []).map(b64);

describe('transparency-dev/merkle testdata (inclusion)', () => {
  const all = files('inclusion');
  it('has the published files', () => expect(all.length).toBeGreaterThan(60));
  for (const { name, v } of all) {
    it(`${name}: ${v.desc} → ${v.wantErr ? 'reject' : 'accept'}`, () => {
      const ok = verifyInclusion('sha256', v.leafIdx as number, v.treeSize as number, b64(v.leafHash), b64s(v.proof), b64(v.root));
      expect(ok).toBe(!v.wantErr);
    });
  }
});

describe('transparency-dev/merkle testdata (consistency)', () => {
  const all = files('consistency');
  it('has the published files', () => expect(all.length).toBeGreaterThan(90));
  for (const { name, v } of all) {
    it(`${name}: ${v.desc} → ${v.wantErr ? 'reject' : 'accept'}`, () => {
      const ok = verifyConsistency('sha256', v.size1 as number, v.size2 as number, b64s(v.proof), b64(v.root1), b64(v.root2));
      expect(ok).toBe(!v.wantErr);
    });
  }
});

describe('tree built from the transparency-dev leaves', () => {
  const tree = new MemoryTree('sha256');
  leaves.forEach((l) => tree.append(l));
  it('roots for every size match rootHashesBySize', async () => {
    for (let n = 0; n <= 8; n++) expect(toHex(await tree.rootAt(n))).toBe(consts.rootHashesBySizeHex[n]);
    expect(toHex(emptyRoot('sha256'))).toBe(consts.emptyRootHex);
  });
  it('stored complete-subtree nodes match nodeHashesByLevel', () => {
    consts.nodeHashesByLevelHex.forEach((level: string[], l: number) =>
      level.forEach((h, i) => expect(toHex(tree.nodes.get(`${l}/${i}`)!)).toBe(h)));
    expect(tree.nodes.size).toBe(8 + 4 + 2 + 1);
  });
  it('generates the certificate-transparency-go inclusion proofs exactly', async () => {
    for (const c of misc.ct_go_merkletree.inclusion) {
      const proof = await tree.inclusionProof(c.index, c.treeSize);
      expect(proof.map(toHex)).toEqual(c.proof);
      expect(verifyInclusion('sha256', c.index, c.treeSize, hashLeaf('sha256', leaves[c.index]), proof, fromHex(consts.rootHashesBySizeHex[c.treeSize]))).toBe(true);
    }
  });
  it('generates the certificate-transparency-go consistency proofs exactly', async () => {
    for (const c of misc.ct_go_merkletree.consistency) {
      const proof = await tree.consistencyProof(c.size1, c.size2);
      expect(proof.map(toHex)).toEqual(c.proof);
      expect(verifyConsistency('sha256', c.size1, c.size2, proof, fromHex(consts.rootHashesBySizeHex[c.size1]), fromHex(consts.rootHashesBySizeHex[c.size2]))).toBe(true);
    }
  });
  it('reproduces every happy-path transparency-dev proof from stored nodes', async () => {
    for (const { v } of files('inclusion').filter((f) => f.name.endsWith('happy-path.json'))) {
      const proof = await tree.inclusionProof(v.leafIdx as number, v.treeSize as number);
      expect(proof.map(toHex)).toEqual(b64s(v.proof).map(toHex));
    }
    for (const { v } of files('consistency').filter((f) => f.name.endsWith('happy-path.json'))) {
      const proof = await tree.consistencyProof(v.size1 as number, v.size2 as number);
      expect(proof.map(toHex)).toEqual(b64s(v.proof).map(toHex));
    }
  });
});

describe('draft-ietf-plants-merkle-tree-certs Appendix C.1 accumulated vectors', () => {
  // Leaf i = the single byte i, i < 130. Lines for every subtree [start, end) that the MTC draft calls valid:
  // empty ones [s, s) (hash of the empty string), and those whose start is a multiple of the smallest power of two
  // ≥ end-start; ordered by end, then start.
  const N: number = misc.mtc_draft_appendix_c1.maxSize;
  const tree = new MemoryTree('sha256');
  for (let i = 0; i < N; i++) tree.append(Uint8Array.of(i));
  const valid: [number, number][] = [];
  for (let end = 0; end <= N; end++) {
    for (let start = 0; start <= end; start++) {
      let size = 1;
      while (size < end - start) size *= 2;
      if (start === end || start % size === 0) valid.push([start, end]);
    }
  }
  const subtreeHash = (s: number, e: number) => rootFromLeafHashes('sha256', Array.from({ length: e - s }, (_, i) => hashLeaf('sha256', Uint8Array.of(s + i))));
  it('C.1.1 subtree hashes', () => {
    const text = valid.map(([s, e]) => `[${s}, ${e}) ${toHex(subtreeHash(s, e))}\n`).join('');
    expect(toHex(sha256(utf8(text)))).toBe(misc.mtc_draft_appendix_c1.c1_1_subtreeHashes.sha256);
  });
  it('C.1.2 subtree inclusion proofs', async () => {
    // A subtree [start, end) is a tree in its own right over the leaves start..end-1; its inclusion proofs are
    // those of that tree. We build one MemoryTree per start offset and reuse it for all ends.
    let text = '';
    const byStart = new Map<number, MemoryTree>();
    for (const [s, e] of valid) {
      let t = byStart.get(s);
      if (!t) {
        t = new MemoryTree('sha256');
        for (let i = s; i < N; i++) t.append(Uint8Array.of(i));
        byStart.set(s, t);
      }
      for (let i = s; i < e; i++) {
        const proof = await t.inclusionProof(i - s, e - s);
        text += `${i} [${s}, ${e})${proof.map((p) => ` ${toHex(p)}`).join('')}\n`;
      }
    }
    expect(toHex(sha256(utf8(text)))).toBe(misc.mtc_draft_appendix_c1.c1_2_subtreeInclusionProofs.sha256);
  });
});

describe('real Rekor inclusion proof (21 hashes)', () => {
  it('verifies, and fails with a wrong index or size', () => {
    const r = misc.sigstore_rekor_inclusion;
    const lh = hashLeaf('sha256', fromBase64(r.leafDataBase64));
    const proof = r.proof.map(fromHex);
    expect(verifyInclusion('sha256', r.index, r.treeSize, lh, proof, fromHex(r.rootHex))).toBe(true);
    expect(verifyInclusion('sha256', r.index + 1, r.treeSize, lh, proof, fromHex(r.rootHex))).toBe(false);
    expect(verifyInclusion('sha256', r.index, r.index + 1, lh, proof, fromHex(r.rootHex))).toBe(false);
    // the shape of an inclusion proof does not pin the exact size: the size must come from a verified checkpoint
    expect(verifyInclusion('sha256', r.index, r.treeSize + 1, lh, proof, fromHex(r.rootHex))).toBe(true);
  });
});

describe('storage model', () => {
  it('frontier keys follow the 1-bits of the size', () => {
    expect(frontierKeys(7)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]);
    expect(frontierKeys(8)).toEqual([{ level: 3, index: 0 }]);
  });
  it('a proof in a 10 000-leaf tree reads O(log n) nodes', async () => {
    const t = new MemoryTree('sm3');
    for (let i = 0; i < 10_000; i++) t.appendHash(sha256(Uint8Array.of(i & 255, i >> 8)));
    t.reads = 0;
    await t.inclusionProof(1234, 9_999);
    expect(t.reads).toBeLessThanOrEqual(2 * 14);
    t.reads = 0;
    await t.consistencyProof(3_333, 9_999);
    expect(t.reads).toBeLessThanOrEqual(3 * 14);
    expect(t.nodes.size).toBeLessThan(2 * 10_000);
  });
});
