// The ledger's link to the evidence log (BC-10/BC-11): every accepted transfer batch appends one leaf in the same
// transaction. The leaf carries transfer ids, the batch's codes and count, and SHA-256/SM3 digests of the canonical
// batch (amounts, accounts, meta) — never names, phone numbers or free text (BC-16).
import type { Tx } from '../../platform/db/index.js';
import { canonicalBytes, toHex, sha256, sm3 } from '../../platform/crypto/index.js';
import { appendEvidence, ensureEvidenceLog } from '../evidence/index.js';
import type { Transfer } from './postings.js';

const ENTITY_ID = /^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/;
const CODE = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Takes the tenant's evidence-log head lock. Every ledger write takes it first, so all ledger writes of a tenant
 * are serialized in one lock order (log head → idempotency key → accounts → fee key) and cannot deadlock.
 */
export async function lockLedgerWrites(tx: Tx): Promise<void> {
  await ensureEvidenceLog(tx);
}

/** The canonical bytes of a batch as booked (bigints as decimal strings). */
export function batchBytes(batch: readonly Transfer[], idempotencyKey: string): Uint8Array {
  return canonicalBytes({ idempotencyKey, transfers: batch.map((t) => ({ ...t, amountFen: String(t.amountFen) })) });
}

export async function recordTransferEvidence(tx: Tx, batch: readonly Transfer[], idempotencyKey: string, actor?: string): Promise<void> {
  const bytes = batchBytes(batch, idempotencyKey);
  const refs: Record<string, string> = {};
  batch.forEach((t, i) => {
    if (i < 24 && ENTITY_ID.test(t.id)) refs[`transfer${i}`] = t.id;
  });
  const caseId = batch.map((t) => t.meta?.caseId).find((c): c is string => !!c && ENTITY_ID.test(c));
  const creditorId = batch.map((t) => t.meta?.creditorId).find((c): c is string => !!c && ENTITY_ID.test(c));
  if (creditorId) refs.creditor = creditorId;
  const codes = [...new Set(batch.map((t) => t.code))].join('.');
  await appendEvidence(tx, {
    type: 'ledger.transfers_posted',
    case: caseId ?? null,
    actor: actor && ENTITY_ID.test(actor) ? actor : 'system',
    occurredAt: new Date().toISOString(),
    content: { sha256: toHex(sha256(bytes)), sm3: toHex(sm3(bytes)), size: bytes.length, mediaType: 'application/json' },
    refs,
    meta: { transfers: batch.length, codes: CODE.test(codes) ? codes.slice(0, 64) : 'mixed' },
  });
}
