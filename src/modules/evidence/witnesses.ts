// Registered witnesses and the cosignatures they push (BC-11, BC-12). A witness is a separate process with its own
// key (`recourse witness cosign --push`); the tenant admin registers its vkey, and a cosigned checkpoint posted to
// the public route is stored only when one of its lines verifies with a registered key over the stored checkpoint.
import { sql, rows, type Tx } from '../../platform/db/index.js';
import { parseNote, parseVkey } from '../../platform/crypto/index.js';
import { parseCheckpointBody } from './checkpoint.js';
import { currentTenant, recordCosignature } from './log.js';
import { evidenceError } from './errors.js';

export interface RegisteredWitness {
  vkey: string;
  name: string;
  algorithm: string;
  registeredBy: string;
  registeredAt: string;
}

/** Registers a witness vkey (idempotent). Errors: EVIDENCE_WITNESS_VKEY_INVALID. */
export async function registerWitness(tx: Tx, vkey: string, registeredBy: string): Promise<RegisteredWitness> {
  let parsed;
  try {
    parsed = parseVkey(vkey);
  } catch (e) {
    throw evidenceError('EVIDENCE_WITNESS_VKEY_INVALID', { field: 'vkey', detail: (e as Error).message, rule: 'BC-12' });
  }
  if (parsed.algorithm !== 'cosignature/v1' && parsed.algorithm !== 'ed25519') {
    throw evidenceError('EVIDENCE_WITNESS_VKEY_INVALID', { field: 'vkey', detail: `key type ${parsed.algorithm} cannot cosign checkpoints`, rule: 'BC-12' });
  }
  const tenant = await currentTenant(tx);
  await tx.execute(sql`INSERT INTO evidence.witnesses (tenant_id, vkey, name, registered_by) VALUES (${tenant}, ${vkey}, ${parsed.name}, ${registeredBy})
    ON CONFLICT (tenant_id, vkey) DO NOTHING`);
  return (await listWitnesses(tx)).find((w) => w.vkey === vkey)!;
}

export async function listWitnesses(tx: Tx): Promise<RegisteredWitness[]> {
  const tenant = await currentTenant(tx);
  const rs = await rows<{ vkey: string; name: string; registered_by: string; registered_at: string | Date }>(tx, sql`SELECT vkey, name, registered_by, registered_at
    FROM evidence.witnesses WHERE tenant_id = ${tenant} ORDER BY registered_at, vkey`);
  return rs.map((r) => ({ vkey: r.vkey, name: r.name, algorithm: parseVkey(r.vkey).algorithm, registeredBy: r.registered_by, registeredAt: new Date(r.registered_at).toISOString() }));
}

/**
 * Accepts a cosigned checkpoint from a witness: every line made by a registered witness key must verify over the
 * stored checkpoint at that size; at least one such line is required. Lines of unknown keys are ignored.
 * Errors: EVIDENCE_CHECKPOINT_MALFORMED, EVIDENCE_WITNESS_UNKNOWN, EVIDENCE_CHECKPOINT_NOT_FOUND, EVIDENCE_COSIGNATURE_INVALID.
 */
export async function acceptCosignedCheckpoint(tx: Tx, cosigned: string): Promise<{ size: number; witnesses: string[] }> {
  let size: number;
  let lines;
  try {
    const note = parseNote(cosigned);
    size = parseCheckpointBody(note.text).size;
    lines = note.signatures;
  } catch (e) {
    throw evidenceError('EVIDENCE_CHECKPOINT_MALFORMED', { field: 'checkpoint', detail: (e as Error).message });
  }
  const registered = await listWitnesses(tx);
  const matching = registered.filter((w) => {
    const k = parseVkey(w.vkey);
    return lines.some((l) => l.name === k.name && l.keyHash === k.keyHash);
  });
  if (matching.length === 0) throw evidenceError('EVIDENCE_WITNESS_UNKNOWN', { detail: 'no signature line of a registered witness key', rule: 'BC-12' });
  for (const w of matching) await recordCosignature(tx, size, cosigned, w.vkey);
  return { size, witnesses: matching.map((w) => w.name) };
}
