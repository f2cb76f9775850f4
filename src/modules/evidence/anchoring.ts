// Submitting checkpoints to the configured external anchor (BC-11, BC-12, BC-13) and storing its receipt beside the
// checkpoint. The provider is called between two short transactions (never holding a database transaction open
// over the network); a provider failure stores nothing and surfaces as EVIDENCE_ANCHOR_FAILED (no pretend success).
//
// Configuration (environment of the server, the worker and the CLI):
//   RECOURSE_EVIDENCE_ANCHOR=file:/var/lib/recourse/anchor.log        development file anchor
//   RECOURSE_EVIDENCE_ANCHOR=rfc3161:https://tsa.example/tsr          RFC 3161 time-stamping authority over HTTP
//   RECOURSE_EVIDENCE_ANCHOR_CERTS=/etc/recourse/tsa.pem              trusted TSA certificate(s), PEM (rfc3161 only)
import fs from 'node:fs';
import { one, sql, type Tx } from '../../platform/db/index.js';
import { FileAnchorProvider, type AnchorProvider } from './providers/anchor.js';
import { Rfc3161AnchorProvider } from './providers/rfc3161.js';
import { findCheckpoint, getLatestCheckpoint, getLogHead, listAnchorReceipts, recordAnchorReceipt, type StoredAnchorReceipt } from './log.js';
import { evidenceError } from './errors.js';

/** The anchor named by RECOURSE_EVIDENCE_ANCHOR, or null when none is configured. Throws on a malformed setting. */
export function anchorFromEnv(env: NodeJS.ProcessEnv = process.env): AnchorProvider | null {
  const spec = env.RECOURSE_EVIDENCE_ANCHOR?.trim();
  if (!spec) return null;
  if (spec.startsWith('file:')) return new FileAnchorProvider(spec.slice('file:'.length));
  if (spec.startsWith('rfc3161:')) {
    const certsFile = env.RECOURSE_EVIDENCE_ANCHOR_CERTS;
    if (!certsFile) throw new Error('RECOURSE_EVIDENCE_ANCHOR_CERTS (PEM of the trusted TSA certificate) is required for an rfc3161 anchor');
    const pem = fs.readFileSync(certsFile, 'utf8');
    const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (!certs.length) throw new Error(`${certsFile}: no PEM certificate`);
    return new Rfc3161AnchorProvider({ url: spec.slice('rfc3161:'.length), trustedCertsPem: certs });
  }
  throw new Error(`RECOURSE_EVIDENCE_ANCHOR: unknown provider "${spec}" (file:<path> or rfc3161:<url>)`);
}

export type TenantRunner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export interface AnchoredCheckpoint {
  id: string;
  size: number;
  provider: string;
  reference: string;
  anchoredAt: string;
}

/**
 * Submits the checkpoint at `size` (default: the latest) to `provider` and stores the receipt.
 * Errors: EVIDENCE_ANCHOR_NOT_CONFIGURED, EVIDENCE_CHECKPOINT_NOT_FOUND, EVIDENCE_ANCHOR_FAILED.
 */
export async function anchorCheckpoint(run: TenantRunner, provider: AnchorProvider | null, size?: number): Promise<AnchoredCheckpoint> {
  if (!provider) throw evidenceError('EVIDENCE_ANCHOR_NOT_CONFIGURED', { rule: 'BC-12' });
  const { cp, origin, signed } = await run(async (tx) => {
    const head = await getLogHead(tx);
    const c = size === undefined ? await getLatestCheckpoint(tx) : await findCheckpoint(tx, size);
    if (!c) throw evidenceError('EVIDENCE_CHECKPOINT_NOT_FOUND', { detail: `no checkpoint at size ${size}` });
    // What is anchored is the log-signed checkpoint without witness lines (those arrive later and vary).
    return { cp: c, origin: head.origin, signed: await storedNote(tx, c.size) };
  });
  let receipt;
  try {
    receipt = await provider.anchor({ origin, size: cp.size, rootHex: cp.rootHex, checkpoint: signed });
  } catch (e) {
    throw evidenceError('EVIDENCE_ANCHOR_FAILED', { detail: `${provider.name}: ${(e as Error).message}`, rule: 'BC-12' });
  }
  const id = await run((tx) => recordAnchorReceipt(tx, cp.size, receipt));
  return { id, size: cp.size, provider: receipt.provider, reference: receipt.reference, anchoredAt: receipt.anchoredAt.toISOString() };
}

/** The checkpoint note exactly as the log signed it (no cosignature lines). */
export async function storedNote(tx: Tx, size: number): Promise<string> {
  const r = await one<{ note: string }>(tx, sql`SELECT note FROM evidence.checkpoints WHERE tenant_id = current_setting('app.tenant_id', true) AND size = ${size}`);
  if (!r) throw evidenceError('EVIDENCE_CHECKPOINT_NOT_FOUND');
  return r.note;
}

/** Re-checks a stored receipt with the provider against the checkpoint it claims to anchor. Errors: EVIDENCE_RECEIPT_NOT_FOUND. */
export async function verifyAnchorReceipt(run: TenantRunner, provider: AnchorProvider | null, id: string): Promise<{ ok: boolean; reasons: string[] }> {
  const { r, note, origin } = await run(async (tx) => {
    const rec = (await listAnchorReceipts(tx)).find((x) => x.id === id);
    if (!rec) throw evidenceError('EVIDENCE_RECEIPT_NOT_FOUND');
    return { r: rec, note: await storedNote(tx, rec.size), origin: (await getLogHead(tx)).origin };
  });
  if (!provider || provider.name !== r.provider) return { ok: false, reasons: [`the configured anchor is not "${r.provider}"`] };
  const cp = await run((tx) => findCheckpoint(tx, r.size));
  return provider.verify({ origin, size: r.size, rootHex: cp!.rootHex, checkpoint: note }, r);
}

export type { StoredAnchorReceipt };
