// Property tests (BC-11): proofs from the stored-node model equal the RFC 9162 recursive definitions, verify, and any
// single-bit change, other index, or (size, root) pair of another size is rejected.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digestParts, type HashAlgorithm } from '../../platform/crypto/index.js';
import { MemoryTree, verifyConsistency, verifyInclusion, hashLeaf, type Hash } from './merkle.js';

// Independent reference: RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1 written recursively over the leaf list.
const H = (alg: HashAlgorithm, ...p: Uint8Array[]) => digestParts(alg, ...p);
function k(n: number) { let x = 1; while (x * 2 < n) x *= 2; return x; }
function mth(alg: HashAlgorithm, d: Uint8Array[]): Hash {
  if (d.length === 0) return H(alg);
  if (d.length === 1) return H(alg, Uint8Array.of(0), d[0]);
  const s = k(d.length);
  return H(alg, Uint8Array.of(1), mth(alg, d.slice(0, s)), mth(alg, d.slice(s)));
}
function path(alg: HashAlgorithm, m: number, d: Uint8Array[]): Hash[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s ? [...path(alg, m, d.slice(0, s)), mth(alg, d.slice(s))] : [...path(alg, m - s, d.slice(s)), mth(alg, d.slice(0, s))];
}
function subproof(alg: HashAlgorithm, m: number, d: Uint8Array[], b: boolean): Hash[] {
  const n = d.length;
  if (m === n) return b ? [] : [mth(alg, d)];
  const s = k(n);
  return m <= s ? [...subproof(alg, m, d.slice(0, s), b), mth(alg, d.slice(s))] : [...subproof(alg, m - s, d.slice(s), false), mth(alg, d.slice(0, s))];
}

const flip = (h: Hash, bit: number) => { const c = Uint8Array.from(h); c[bit >> 3] ^= 1 << (bit & 7); return c; };
const hex = (a: Hash[]) => a.map((h) => Buffer.from(h).toString('hex'));

const treeArb = fc.record({
  alg: fc.constantFrom<HashAlgorithm>('sha256', 'sm3'),
  // distinct leaves (identical leaves legitimately share proofs across indices)
  leaves: fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 150 })
    .map((ls) => ls.map((l, i) => Uint8Array.from([...l, i & 255, i >> 8]))),
});

function build(alg: HashAlgorithm, leaves: Uint8Array[]) {
  const t = new MemoryTree(alg);
  leaves.forEach((l) => t.append(l));
  return t;
}

describe('merkle properties (RFC 9162 §2.1)', () => {
  it('root at every size equals the recursive MTH', async () => {
    await fc.assert(fc.asyncProperty(treeArb, async ({ alg, leaves }) => {
      const t = build(alg, leaves);
      for (let n = 0; n <= leaves.length; n += 1 + (n >> 2)) expect(hex([await t.rootAt(n)])).toEqual(hex([mth(alg, leaves.slice(0, n))]));
      expect(hex([t.root()])).toEqual(hex([mth(alg, leaves)]));
    }), { numRuns: 60 });
  });

  it('inclusion proofs equal PATH(m, D[n]), verify, and every single-bit change or other index fails', async () => {
    await fc.assert(fc.asyncProperty(treeArb, fc.nat(), fc.nat(), fc.nat(), fc.nat(), async ({ alg, leaves }, a, b, bitSeed, idxSeed) => {
      const n = 1 + (a % leaves.length);
      const m = b % n;
      const t = build(alg, leaves);
      const proof = await t.inclusionProof(m, n);
      const d = leaves.slice(0, n);
      expect(hex(proof)).toEqual(hex(path(alg, m, d)));
      const root = await t.rootAt(n);
      const lh = hashLeaf(alg, leaves[m]);
      expect(verifyInclusion(alg, m, n, lh, proof, root)).toBe(true);
      // single-bit change in any part
      const bit = bitSeed % 256;
      expect(verifyInclusion(alg, m, n, flip(lh, bit), proof, root)).toBe(false);
      expect(verifyInclusion(alg, m, n, lh, proof, flip(root, bit))).toBe(false);
      for (let i = 0; i < proof.length; i++) {
        const p = proof.slice();
        p[i] = flip(p[i], (bitSeed + i) % 256);
        expect(verifyInclusion(alg, m, n, lh, p, root)).toBe(false);
      }
      // truncated / extended proof
      if (proof.length) expect(verifyInclusion(alg, m, n, lh, proof.slice(0, -1), root)).toBe(false);
      expect(verifyInclusion(alg, m, n, lh, [...proof, root], root)).toBe(false);
      // another index
      if (n > 1) {
        const other = (m + 1 + (idxSeed % (n - 1))) % n;
        expect(verifyInclusion(alg, other, n, lh, proof, root)).toBe(false);
      }
      // another size, with that size's real root (the checkpoint pins size and root together)
      const n2 = 1 + (idxSeed % leaves.length);
      if (n2 !== n && m < n2) expect(verifyInclusion(alg, m, n2, lh, proof, await t.rootAt(n2))).toBe(false);
      expect(verifyInclusion(alg, m, m, lh, proof, root)).toBe(false);
    }), { numRuns: 150 });
  });

  it('consistency proofs equal PROOF(m, D[n]), verify, and every single-bit change or other size fails', async () => {
    await fc.assert(fc.asyncProperty(treeArb, fc.nat(), fc.nat(), fc.nat(), async ({ alg, leaves }, a, b, bitSeed) => {
      const n2 = 1 + (a % leaves.length);
      const n1 = 1 + (b % n2);
      const t = build(alg, leaves);
      const proof = await t.consistencyProof(n1, n2);
      expect(hex(proof)).toEqual(hex(subproof(alg, n1, leaves.slice(0, n2), true)));
      const r1 = await t.rootAt(n1);
      const r2 = await t.rootAt(n2);
      expect(verifyConsistency(alg, n1, n2, proof, r1, r2)).toBe(true);
      const bit = bitSeed % 256;
      expect(verifyConsistency(alg, n1, n2, proof, flip(r1, bit), r2)).toBe(false);
      expect(verifyConsistency(alg, n1, n2, proof, r1, flip(r2, bit))).toBe(false);
      for (let i = 0; i < proof.length; i++) {
        const p = proof.slice();
        p[i] = flip(p[i], (bitSeed + i) % 256);
        expect(verifyConsistency(alg, n1, n2, p, r1, r2)).toBe(false);
      }
      if (n1 < n2) {
        // a different old size with its own real root, or a different new size with its own real root
        const o1 = 1 + ((n1 + bitSeed) % n2);
        if (o1 !== n1) expect(verifyConsistency(alg, o1, n2, proof, await t.rootAt(o1), r2)).toBe(false);
        const o2 = n1 + ((bitSeed % (leaves.length - n1 + 1)));
        if (o2 !== n2 && o2 >= 1) expect(verifyConsistency(alg, n1, o2, proof, r1, await t.rootAt(o2))).toBe(false);
        // a forked log: same prefix length, one leaf of the old tree changed
        const forked = leaves.slice(0, n2);
        forked[bitSeed % n1] = Uint8Array.from([...forked[bitSeed % n1], 1]);
        expect(verifyConsistency(alg, n1, n2, proof, r1, mth(alg, forked))).toBe(false);
      }
    }), { numRuns: 150 });
  });
});
