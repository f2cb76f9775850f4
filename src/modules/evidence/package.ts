// Evidence package (docs/evidence.md, shared spec "Evidence package"): a zip that anyone can check offline with the
// public algorithms only — RFC 9162 proofs, C2SP signed notes, SHA-256/SM3 digests (BC-01, BC-04, BC-10, BC-11).
import { z } from 'zod';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import {
  canonicalize, fileDigests, fromHex, fromUtf8, isHashAlgorithm, toHex, verifierFromVkey, type HashAlgorithm, type NoteVerifier,
} from '../../platform/crypto/index.js';
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { hashLeaf, verifyConsistency, verifyInclusion, type Hash } from './merkle.js';
import { verifyMarkdown } from './verify-md.js';

export const PACKAGE_FORMAT = 'recourse-evidence-package/1';

export interface ManifestItem {
  leafIndex: number;
  leaf: string;
  inclusionProof: string[];
  file: string | null;
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT;
  hash: HashAlgorithm;
  origin: string;
  vkeys: string[];
  checkpoint: 'checkpoint.txt';
  items: ManifestItem[];
  consistency: null | { fromCheckpoint: 'checkpoint-old.txt'; proof: string[] };
}

// The manifest's shape is fixed by the shared spec; anything else (unknown or missing members) is refused, so that
// no change to it can silently drop a check.
const ManifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  hash: z.enum(['sha256', 'sm3']),
  origin: z.string().min(1),
  vkeys: z.array(z.string()),
  checkpoint: z.literal('checkpoint.txt'),
  items: z.array(z.strictObject({
    leafIndex: z.number().int().min(0),
    leaf: z.string(),
    inclusionProof: z.array(z.string()),
    file: z.string().nullable(),
  })),
  consistency: z.strictObject({ fromCheckpoint: z.literal('checkpoint-old.txt'), proof: z.array(z.string()) }).nullable(),
});

export interface PackageItemInput {
  leafIndex: number;
  /** The exact leaf bytes that were hashed. */
  leafBytes: Uint8Array;
  inclusionProof: Hash[];
  file?: { name: string; bytes: Uint8Array } | null;
}

export interface PackageInput {
  hash: HashAlgorithm;
  origin: string;
  vkeys: string[];
  /** Signed checkpoint (note text) the proofs are relative to. */
  checkpoint: string;
  items: PackageItemInput[];
  consistency?: { oldCheckpoint: string; proof: Hash[] } | null;
}

function safeFileName(leafIndex: number, name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '').slice(0, 80) || 'file';
  return `files/${leafIndex}-${clean}`;
}

/** Builds the zip bytes. Deterministic for the same input (fixed timestamps). */
export function buildPackage(input: PackageInput): Uint8Array {
  const mtime = new Date('2000-01-01T00:00:00Z');
  const entries: Zippable = {};
  const put = (path: string, data: Uint8Array) => {
    if (entries[path]) throw new Error(`duplicate package entry ${path}`);
    entries[path] = [data, { mtime }];
  };
  const items: ManifestItem[] = [];
  for (const it of input.items) {
    const leaf = `leaves/${it.leafIndex}.json`;
    put(leaf, it.leafBytes);
    let file: string | null = null;
    if (it.file) {
      file = safeFileName(it.leafIndex, it.file.name);
      put(file, it.file.bytes);
    }
    items.push({ leafIndex: it.leafIndex, leaf, inclusionProof: it.inclusionProof.map(toHex), file });
  }
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    hash: input.hash,
    origin: input.origin,
    vkeys: input.vkeys,
    checkpoint: 'checkpoint.txt',
    items,
    consistency: input.consistency
      ? { fromCheckpoint: 'checkpoint-old.txt', proof: input.consistency.proof.map(toHex) }
      : null,
  };
  put('manifest.json', strToU8(`${JSON.stringify(manifest, null, 2)}\n`));
  put('checkpoint.txt', strToU8(input.checkpoint));
  if (input.consistency) put('checkpoint-old.txt', strToU8(input.consistency.oldCheckpoint));
  put('VERIFY.md', strToU8(verifyMarkdown(manifest)));
  return zipSync(entries, { level: 6 });
}

export interface VerifiedItem {
  leafIndex: number;
  ok: boolean;
  reasons: string[];
  /** The parsed leaf record (identifiers and digests only). */
  leaf?: unknown;
  file?: string | null;
}

export interface PackageVerification {
  ok: boolean;
  /** Why the package fails; empty when ok. */
  reasons: string[];
  /** Things a reviewer should know that do not make the package fail. */
  warnings: string[];
  hash?: HashAlgorithm;
  checkpoint?: { origin: string; size: number; rootHex: string; verifiedBy: string[] };
  consistency?: { fromSize: number; toSize: number; ok: boolean } | null;
  items: VerifiedItem[];
}

// Proof hashes are lowercase hex of 32 bytes, exactly (one spelling per value).
const hexList = (x: unknown): Hash[] | null => {
  if (!Array.isArray(x) || x.some((h) => typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h))) return null;
  try {
    return (x as string[]).map((h) => fromHex(h));
  } catch {
    return null;
  }
};

/**
 * Verifies a package with no server or database: checkpoint signature(s) with the trusted vkeys (or, failing those,
 * the package's own vkeys, with a warning), origin, then each item's inclusion proof against the checkpoint's size and
 * root, each file's SHA-256 and SM3 against the digests inside its leaf, and the consistency proof where present.
 */
export function verifyPackage(zip: Uint8Array, opts: { vkeys?: string[]; origin?: string } = {}): PackageVerification {
  const res: PackageVerification = { ok: false, reasons: [], warnings: [], items: [] };
  const fail = (r: string) => {
    res.reasons.push(r);
    return res;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    return fail(`not a readable zip: ${(e as Error).message}`);
  }
  const text = (p: string) => (files[p] ? strFromU8(files[p]) : undefined);

  let raw: unknown;
  try {
    raw = JSON.parse(text('manifest.json') ?? 'null');
  } catch {
    return fail('manifest.json is not JSON');
  }
  if (!raw || typeof raw !== 'object') return fail('manifest.json missing');
  const fmt = (raw as { format?: unknown }).format;
  if (fmt !== PACKAGE_FORMAT) return fail(`unknown package format ${String(fmt)}`);
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) return fail(`manifest.json does not follow ${PACKAGE_FORMAT}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const manifest: Manifest = parsed.data;
  if (!isHashAlgorithm(manifest.hash)) return fail(`unknown hash algorithm ${String(manifest.hash)}`);
  const alg = manifest.hash;
  res.hash = alg;
  if (!Array.isArray(manifest.items)) return fail('manifest.items missing');

  // 1. checkpoint signature(s) and origin
  const trusted = opts.vkeys && opts.vkeys.length > 0;
  const vkeys = trusted ? opts.vkeys! : Array.isArray(manifest.vkeys) ? manifest.vkeys : [];
  if (!trusted) res.warnings.push('no trusted vkey given: the signature was checked with the key listed inside the package; compare it with the key the log publishes');
  const verifiers: NoteVerifier[] = [];
  for (const v of vkeys) {
    try {
      verifiers.push(verifierFromVkey(v));
    } catch (e) {
      res.warnings.push(`vkey ignored (${(e as Error).message}): ${v}`);
    }
  }
  const cpNote = text(manifest.checkpoint ?? 'checkpoint.txt');
  if (cpNote === undefined) return fail('checkpoint.txt missing');
  let cp: Checkpoint;
  try {
    const opened = openCheckpoint(cpNote, verifiers, { origin: opts.origin ?? manifest.origin });
    cp = opened.checkpoint;
    res.checkpoint = { origin: cp.origin, size: cp.size, rootHex: toHex(cp.root), verifiedBy: opened.verifiedBy.map((k) => k.name) };
  } catch (e) {
    return fail(`checkpoint: ${(e as Error).message.replace(/^checkpoint: /, '')}`);
  }

  // 2. items: size and root come from the checkpoint only
  for (const raw of manifest.items) {
    const item: VerifiedItem = { leafIndex: raw?.leafIndex, ok: false, reasons: [], file: raw?.file ?? null };
    res.items.push(item);
    if (!Number.isSafeInteger(raw?.leafIndex) || raw.leafIndex < 0) {
      item.reasons.push('invalid leafIndex');
      continue;
    }
    if (raw.leaf !== `leaves/${raw.leafIndex}.json`) item.reasons.push(`leaf path ${String(raw.leaf)} does not match its index`);
    const leafBytes = files[raw.leaf];
    if (!leafBytes) {
      item.reasons.push(`${String(raw.leaf)} missing`);
      continue;
    }
    const proof = hexList(raw.inclusionProof);
    if (!proof) item.reasons.push('inclusionProof is not a list of hex hashes');
    else if (!verifyInclusion(alg, raw.leafIndex, cp.size, hashLeaf(alg, leafBytes), proof, cp.root)) {
      item.reasons.push(`inclusion proof for leaf ${raw.leafIndex} does not lead to the checkpoint root at size ${cp.size}`);
    }
    let leaf: { content?: { sha256?: string; sm3?: string; size?: number } } | undefined;
    try {
      leaf = JSON.parse(fromUtf8(leafBytes));
      item.leaf = leaf;
      if (canonicalize(leaf) !== fromUtf8(leafBytes)) res.warnings.push(`leaf ${raw.leafIndex} is not in RFC 8785 canonical form`);
    } catch {
      item.reasons.push(`leaf ${raw.leafIndex} is not JSON`);
    }
    if (raw.file !== null && raw.file !== undefined) {
      const fbytes = typeof raw.file === 'string' && raw.file.startsWith('files/') ? files[raw.file] : undefined;
      if (!fbytes) item.reasons.push(`${String(raw.file)} missing`);
      else if (!leaf?.content) item.reasons.push(`leaf ${raw.leafIndex} references no content digests but the item carries a file`);
      else {
        const d = fileDigests(fbytes);
        if (typeof leaf.content.sha256 !== 'string' || leaf.content.sha256.toLowerCase() !== d.sha256) item.reasons.push(`${raw.file}: SHA-256 differs from the leaf`);
        if (typeof leaf.content.sm3 !== 'string' || leaf.content.sm3.toLowerCase() !== d.sm3) item.reasons.push(`${raw.file}: SM3 differs from the leaf`);
        if (leaf.content.size !== undefined && leaf.content.size !== d.size) item.reasons.push(`${raw.file}: size differs from the leaf`);
      }
    }
    item.ok = item.reasons.length === 0;
  }
  for (const it of res.items) for (const r of it.reasons) res.reasons.push(r);

  // 3. consistency with the older checkpoint
  res.consistency = null;
  if (manifest.consistency) {
    const oldNote = text(manifest.consistency.fromCheckpoint ?? 'checkpoint-old.txt');
    const proof = hexList(manifest.consistency.proof);
    if (oldNote === undefined) res.reasons.push('checkpoint-old.txt missing');
    else if (!proof) res.reasons.push('consistency proof is not a list of hex hashes');
    else {
      try {
        const old = openCheckpoint(oldNote, verifiers, { origin: cp.origin }).checkpoint;
        const ok = verifyConsistency(alg, old.size, cp.size, proof, old.root, cp.root);
        res.consistency = { fromSize: old.size, toSize: cp.size, ok };
        if (!ok) res.reasons.push(`consistency proof from size ${old.size} to ${cp.size} fails`);
      } catch (e) {
        res.reasons.push(`old checkpoint: ${(e as Error).message}`);
      }
    }
  }
  res.ok = res.reasons.length === 0;
  return res;
}
