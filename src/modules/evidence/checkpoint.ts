// C2SP tlog-checkpoint (signed tree head) and the witness step (C2SP tlog-cosignature), BC-11/BC-12.
// Body: origin line, decimal tree size, base64 root hash, optional extension lines; then signed-note signatures.
// The log key's name is the origin itself, so the vkey reads `<origin>+<hash>+<key>`.
import {
  fromBase64, openNote, parseNote, signNote, toBase64, bytesEqual, type NoteSigner, type NoteVerifier, type HashAlgorithm,
} from '../../platform/crypto/index.js';
import { HASH_SIZE, verifyConsistency, type Hash } from './merkle.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
  /** Extension lines after the root (none for checkpoints we issue). */
  extensions: string[];
}

/** `<public host>/<tenant slug>/evidence` (the embedded default host is `localhost`). */
export function originFor(tenantSlug: string, publicHost = 'localhost'): string {
  return `${publicHost}/${tenantSlug}/evidence`;
}

export function formatCheckpoint(cp: Omit<Checkpoint, 'extensions'> & { extensions?: string[] }): string {
  if (!cp.origin || /[\n]/.test(cp.origin)) throw new Error('checkpoint: invalid origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new Error('checkpoint: invalid size');
  if (cp.root.length !== HASH_SIZE) throw new Error('checkpoint: root must be 32 bytes');
  for (const e of cp.extensions ?? []) if (!e || e.includes('\n')) throw new Error('checkpoint: invalid extension line');
  return [cp.origin, String(cp.size), toBase64(cp.root), ...(cp.extensions ?? [])].map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint body (the note text). Throws with a reason when malformed. */
export function parseCheckpointBody(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new Error('checkpoint: body must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('checkpoint: needs origin, size and root lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (!origin) throw new Error('checkpoint: empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw new Error('checkpoint: size must be a decimal without leading zeros');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw new Error('checkpoint: size too large');
  let root: Uint8Array;
  try {
    root = fromBase64(rootLine);
  } catch {
    throw new Error('checkpoint: root is not base64');
  }
  if (root.length !== HASH_SIZE) throw new Error('checkpoint: root must be 32 bytes');
  if (extensions.some((e) => e === '')) throw new Error('checkpoint: empty extension line');
  return { origin, size, root, extensions };
}

export function signCheckpoint(cp: Omit<Checkpoint, 'extensions'> & { extensions?: string[] }, signers: NoteSigner[]): string {
  return signNote(formatCheckpoint(cp), signers);
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  verifiedBy: { name: string; keyHash: number }[];
  note: string;
}

/**
 * Verifies a signed checkpoint with the given verifiers (unknown keys ignored) and, when given, its origin.
 * Size and root for every proof check come from here. Throws with a reason.
 */
export function openCheckpoint(note: string, verifiers: NoteVerifier[], expect: { origin?: string } = {}): OpenedCheckpoint {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpointBody(opened.text);
  if (expect.origin !== undefined && checkpoint.origin !== expect.origin) {
    throw new Error(`checkpoint: origin "${checkpoint.origin}" is not the expected "${expect.origin}"`);
  }
  return { checkpoint, verifiedBy: opened.verifiedBy, note };
}

/** Appends signature lines from `signers` over the same body (e.g. a witness cosignature) to a signed note. */
export function addSignatures(note: string, signers: NoteSigner[]): string {
  const parsed = parseNote(note);
  return signNote(parsed.text, signers, parsed.signatures.map((s) => s.line));
}

// ---- witness ----

export interface WitnessState {
  /** Last cosigned (size, root) per origin. */
  [origin: string]: { size: number; root: string };
}

export interface WitnessRequest {
  alg: HashAlgorithm;
  /** The log's checkpoint to cosign. */
  checkpoint: string;
  /** Consistency proof from the witness's last cosigned size for this origin to the checkpoint's size. */
  proof: Hash[];
}

export interface WitnessResult {
  /** The checkpoint with the witness's cosignature line appended. */
  cosigned: string;
  state: WitnessState;
}

/**
 * The witness step: verify the log's signature, then (if it has cosigned this origin before) check that the new
 * checkpoint is consistent with the last one it cosigned, and only then cosign. Refuses rollbacks and forks.
 */
export function witnessCosign(
  req: WitnessRequest,
  opts: { logVerifiers: NoteVerifier[]; witness: NoteSigner; state: WitnessState },
): WitnessResult {
  const { checkpoint } = openCheckpoint(req.checkpoint, opts.logVerifiers);
  const last = opts.state[checkpoint.origin];
  if (last) {
    const lastRoot = fromBase64(last.root);
    if (checkpoint.size < last.size) throw new Error(`witness: size ${checkpoint.size} is older than the cosigned ${last.size}`);
    if (checkpoint.size === last.size) {
      if (!bytesEqual(checkpoint.root, lastRoot)) throw new Error('witness: same size, different root (fork)');
    } else if (last.size > 0 && !verifyConsistency(req.alg, last.size, checkpoint.size, req.proof, lastRoot, checkpoint.root)) {
      throw new Error(`witness: checkpoint ${checkpoint.size} is not consistent with cosigned ${last.size}`);
    }
  }
  return {
    cosigned: addSignatures(req.checkpoint, [opts.witness]),
    state: { ...opts.state, [checkpoint.origin]: { size: checkpoint.size, root: toBase64(checkpoint.root) } },
  };
}
