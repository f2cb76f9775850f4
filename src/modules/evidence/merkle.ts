// RFC 9162 §2.1 Merkle tree (identical to RFC 6962 §2.1), parameterised by the log's hash (SHA-256 or SM3; BC-11).
//
// Storage model: the hash of every *complete* subtree is stored under (level, index), covering leaves
// [index·2^level, (index+1)·2^level). An append stores the leaf node and each subtree it completes (one node per
// trailing 1-bit of the old size, so at most log2(n)+1 and on average 2). The log head keeps the "frontier": the hashes
// of the complete subtrees that make up the current size, largest first (one per 1-bit of the size), from which the
// root follows without reading any node. Every subtree [start, end) an RFC proof needs is aligned, so it is either a
// stored complete subtree or (only on the right edge) the fold of at most log2(n) stored ones. A proof therefore needs
// O(log n) stored nodes, fetched in one batch through a NodeReader.
import { bytesEqual, digestParts, type HashAlgorithm } from '../../platform/crypto/index.js';

export type Hash = Uint8Array;
export interface NodeKey {
  level: number;
  index: number;
}
export interface StoredNode extends NodeKey {
  hash: Hash;
}
/** Returns the stored hashes for `keys`, in the same order. */
export type NodeReader = (keys: NodeKey[]) => Promise<Hash[]> | Hash[];

export const HASH_SIZE = 32; // both SHA-256 and SM3
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function hashLeaf(alg: HashAlgorithm, leaf: Uint8Array): Hash {
  return digestParts(alg, LEAF_PREFIX, leaf);
}

export function hashChildren(alg: HashAlgorithm, left: Hash, right: Hash): Hash {
  return digestParts(alg, NODE_PREFIX, left, right);
}

export function emptyRoot(alg: HashAlgorithm): Hash {
  return digestParts(alg);
}

const isSafeSize = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Largest power of two strictly less than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// ---------- appending (frontier / compact range) ----------

export interface AppendResult {
  frontier: Hash[];
  /** New complete-subtree nodes to store: (0, size) and every subtree the leaf completes. */
  nodes: StoredNode[];
}

/** Appends one leaf hash to a tree of `size` leaves whose frontier is given (largest subtree first). */
export function appendLeaf(alg: HashAlgorithm, frontier: Hash[], size: number, leafHash: Hash): AppendResult {
  if (!isSafeSize(size)) throw new RangeError('tree size');
  const f = frontier.slice();
  let cur = leafHash;
  let level = 0;
  let idx = size;
  const nodes: StoredNode[] = [{ level, index: idx, hash: cur }];
  while (idx % 2 === 1) {
    const left = f.pop();
    if (!left) throw new Error('frontier does not match the tree size');
    cur = hashChildren(alg, left, cur);
    idx = (idx - 1) / 2;
    level++;
    nodes.push({ level, index: idx, hash: cur });
  }
  f.push(cur);
  if (f.length !== popcount(size + 1)) throw new Error('frontier does not match the tree size');
  return { frontier: f, nodes };
}

export function popcount(n: number): number {
  let c = 0;
  while (n > 0) {
    c += n % 2;
    n = Math.floor(n / 2);
  }
  return c;
}

/** Root (MTH) of the tree whose frontier is given. */
export function frontierRoot(alg: HashAlgorithm, frontier: Hash[]): Hash {
  if (frontier.length === 0) return emptyRoot(alg);
  let r = frontier[frontier.length - 1];
  for (let i = frontier.length - 2; i >= 0; i--) r = hashChildren(alg, frontier[i], r);
  return r;
}

/** Keys of the complete subtrees forming the frontier of a tree of `size` leaves (largest first). */
export function frontierKeys(size: number): NodeKey[] {
  return decompose(0, size);
}

// ---------- subtree decomposition ----------

/** The aligned complete subtrees covering [start, end) (start aligned to the enclosing split), largest first. */
export function decompose(start: number, end: number): NodeKey[] {
  const keys: NodeKey[] = [];
  let pos = start;
  let len = end - start;
  let size = 1;
  while (size * 2 <= len) size *= 2;
  let level = Math.log2(size);
  while (len > 0) {
    if (len >= size) {
      if (pos % size !== 0) throw new Error(`unaligned subtree [${start}, ${end})`);
      keys.push({ level, index: pos / size });
      pos += size;
      len -= size;
    }
    size /= 2;
    level--;
  }
  return keys;
}

type Range = [number, number];

/** RFC 9162 §2.1.3.1 PATH(m, D[0:n]) as the list of subtree ranges whose hashes form the proof, in proof order. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!isSafeSize(size) || !isSafeSize(index) || index >= size) throw new RangeError('leaf index out of range');
  const out: Range[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      out.push([start + k, end]);
      end = start + k;
    } else {
      out.push([start, start + k]);
      start = start + k;
    }
  }
  return out.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]) as subtree ranges, in proof order. */
export function consistencyRanges(size1: number, size2: number): Range[] {
  if (!isSafeSize(size1) || !isSafeSize(size2) || size1 < 1 || size1 > size2) throw new RangeError('consistency sizes');
  const out: Range[] = [];
  let m = size1;
  let start = 0;
  let end = size2;
  let b = true;
  for (;;) {
    const n = end - start;
    if (m === n) {
      if (!b) out.push([start, end]);
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      out.push([start + k, end]);
      end = start + k;
    } else {
      out.push([start, start + k]);
      start = start + k;
      m -= k;
      b = false;
    }
  }
  return out.reverse();
}

/** Hashes of the given ranges, reading each needed stored node once (one reader call). */
export async function rangeHashes(alg: HashAlgorithm, ranges: Range[], read: NodeReader): Promise<Hash[]> {
  const perRange = ranges.map(([s, e]) => decompose(s, e));
  const uniq = new Map<string, NodeKey>();
  for (const ks of perRange) for (const k of ks) uniq.set(`${k.level}/${k.index}`, k);
  const keys = [...uniq.values()];
  const hashes = keys.length ? await read(keys) : [];
  if (hashes.length !== keys.length) throw new Error('node reader returned the wrong number of hashes');
  const byKey = new Map<string, Hash>();
  keys.forEach((k, i) => {
    if (!hashes[i]) throw new Error(`missing node ${k.level}/${k.index}`);
    byKey.set(`${k.level}/${k.index}`, hashes[i]);
  });
  return perRange.map((ks) => frontierRoot(alg, ks.map((k) => byKey.get(`${k.level}/${k.index}`)!)));
}

/** Inclusion proof for leaf `index` in the tree of `size` leaves. */
export function inclusionProof(alg: HashAlgorithm, index: number, size: number, read: NodeReader): Promise<Hash[]> {
  return rangeHashes(alg, inclusionRanges(index, size), read);
}

/** Consistency proof between tree sizes size1 ≤ size2 (size1 ≥ 1; empty when equal). */
export function consistencyProof(alg: HashAlgorithm, size1: number, size2: number, read: NodeReader): Promise<Hash[]> {
  return rangeHashes(alg, consistencyRanges(size1, size2), read);
}

/** Root of the tree of `size` leaves from stored nodes (for checking a stored head or an old checkpoint). */
export async function rootAt(alg: HashAlgorithm, size: number, read: NodeReader): Promise<Hash> {
  if (size === 0) return emptyRoot(alg);
  return (await rangeHashes(alg, [[0, size]], read))[0];
}

// ---------- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ----------

const lsb = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** Root implied by an inclusion proof, or null when the proof is malformed for (index, size). */
export function rootFromInclusionProof(alg: HashAlgorithm, index: number, size: number, leafHash: Hash, proof: Hash[]): Hash | null {
  if (!isSafeSize(index) || !isSafeSize(size) || index >= size) return null;
  if (leafHash.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(alg, p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(alg, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(alg: HashAlgorithm, index: number, size: number, leafHash: Hash, proof: Hash[], root: Hash): boolean {
  const r = rootFromInclusionProof(alg, index, size, leafHash, proof);
  return r !== null && root.length === HASH_SIZE && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2. size1 = 0 is refused (a consistency check from the empty tree proves nothing);
 * size1 = size2 needs an empty proof and equal roots.
 */
export function verifyConsistency(alg: HashAlgorithm, size1: number, size2: number, proof: Hash[], root1: Hash, root2: Hash): boolean {
  if (!isSafeSize(size1) || !isSafeSize(size2) || size1 > size2 || size1 === 0) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (proof.length === 0) return false;
  let path = proof;
  if (Number.isInteger(Math.log2(size1)) && 2 ** Math.log2(size1) === size1) path = [root1, ...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(alg, c, fr);
      sr = hashChildren(alg, c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(alg, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

// ---------- in-memory tree (tests, benchmarks, package verification helpers) ----------

/** A tree kept in memory with the same storage model as the database (complete-subtree nodes + frontier). */
export class MemoryTree {
  readonly nodes = new Map<string, Hash>();
  frontier: Hash[] = [];
  size = 0;
  reads = 0;

  constructor(readonly alg: HashAlgorithm) {}

  append(leaf: Uint8Array): number {
    return this.appendHash(hashLeaf(this.alg, leaf));
  }

  appendHash(leafHash: Hash): number {
    const r = appendLeaf(this.alg, this.frontier, this.size, leafHash);
    for (const n of r.nodes) this.nodes.set(`${n.level}/${n.index}`, n.hash);
    this.frontier = r.frontier;
    return this.size++;
  }

  root(): Hash {
    return frontierRoot(this.alg, this.frontier);
  }

  readonly reader: NodeReader = (keys) =>
    keys.map((k) => {
      this.reads++;
      const h = this.nodes.get(`${k.level}/${k.index}`);
      if (!h) throw new Error(`no node ${k.level}/${k.index}`);
      return h;
    });

  inclusionProof(index: number, size = this.size): Promise<Hash[]> {
    if (size > this.size) throw new RangeError('size beyond tree');
    return inclusionProof(this.alg, index, size, this.reader);
  }

  consistencyProof(size1: number, size2 = this.size): Promise<Hash[]> {
    if (size2 > this.size) throw new RangeError('size beyond tree');
    return consistencyProof(this.alg, size1, size2, this.reader);
  }

  rootAt(size: number): Promise<Hash> {
    return rootAt(this.alg, size, this.reader);
  }
}

// ---------- reference definitions straight from the RFC (O(n); for audits of small ranges and for tests) ----------

/** MTH(D[0:n]) over leaf hashes, by the RFC's recursive definition. */
export function rootFromLeafHashes(alg: HashAlgorithm, leafHashes: Hash[]): Hash {
  if (leafHashes.length === 0) return emptyRoot(alg);
  // Fold level by level with the same frontier logic as appends: linear time, no recursion depth issues.
  let frontier: Hash[] = [];
  leafHashes.forEach((h, i) => {
    frontier = appendLeaf(alg, frontier, i, h).frontier;
  });
  return frontierRoot(alg, frontier);
}
