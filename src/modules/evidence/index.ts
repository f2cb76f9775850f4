// Evidence module: the one append-only, Merkle-logged writer for collection events, documents, recordings, payments
// and agreements (BC-10, BC-11), with signed checkpoints, proofs, offline-verifiable packages and a full audit.
import type { Tx } from '../../platform/db/index.js';
import { appendEvidenceBatch, type AppendedEvidence } from './log.js';
import type { EvidenceRecordInput } from './record.js';

export { EvidenceRecordInput, EvidenceContent, type EvidenceLeaf } from './record.js';
export { EvidenceErrors, evidenceError } from './errors.js';
export type { AppendedEvidence, LogHead, LogSigningKeys, StoredCheckpoint } from './log.js';
export type { AuditReport, AuditFinding, AuditFindingKind } from './audit.js';
export type { PackageVerification, VerifiedItem, Manifest } from './package.js';
export type { HashAlgorithm } from '../../platform/crypto/index.js';

/** Appends one record as the next leaf, inside the caller's transaction. Errors: EVIDENCE_RECORD_INVALID (BC-16), EVIDENCE_NO_TENANT. */
export async function appendEvidence(tx: Tx, record: EvidenceRecordInput): Promise<AppendedEvidence> {
  return (await appendEvidenceBatch(tx, [record]))[0];
}

/** Appends several records as consecutive leaves (one head lock). Errors: EVIDENCE_RECORD_INVALID, EVIDENCE_NO_TENANT. */
export { appendEvidenceBatch } from './log.js';
/** Stores original file bytes write-once and returns {sha256, sm3, size, mediaType} for a record's `content`. Errors: EVIDENCE_RECORD_INVALID. */
export { storeEvidenceFile } from './log.js';
/** Retention purge: erase original file bytes only this debtor's cases reference (digests stay in the log). */
export { eraseEvidenceFiles } from './erase.js';
/** Original file bytes by SHA-256, or null. */
export { findEvidenceFile } from './log.js';
/** Signs the current head (Ed25519, optional SM2 line). Errors: EVIDENCE_KEY_MISMATCH, EVIDENCE_LOG_CORRUPT. */
export { issueCheckpoint } from './log.js';
/** Latest stored checkpoint with witness lines. Errors: EVIDENCE_CHECKPOINT_NOT_FOUND. */
export { getLatestCheckpoint } from './log.js';
/** Stored checkpoint at a size, or null. */
export { findCheckpoint } from './log.js';
/** Inclusion proof at a size (default latest checkpoint). Errors: EVIDENCE_SIZE_INVALID, EVIDENCE_LEAF_NOT_FOUND. */
export { getInclusionProof } from './log.js';
/** Consistency proof between sizes. Errors: EVIDENCE_SIZE_INVALID. */
export { getConsistencyProof } from './log.js';
/** Head of the tenant's log. Errors: EVIDENCE_LOG_NOT_FOUND (getLogHead); findLogHead returns null. */
export { getLogHead, findLogHead } from './log.js';
/** Head of the tenant's log, creating the (empty) log on first use; locks the head row. Errors: EVIDENCE_NO_TENANT. */
export { lockLogHead as ensureEvidenceLog } from './log.js';
/** Public vkeys of the tenant's log. */
export { getLogVkeys } from './log.js';
/** Stores a verified witness cosignature. Errors: EVIDENCE_COSIGNATURE_INVALID, EVIDENCE_CHECKPOINT_NOT_FOUND. */
export { recordCosignature } from './log.js';
/** Per-log signing keys derived from a deployment secret. */
export { deriveLogKeys, logSigners } from './log.js';
/** Zip evidence package. Errors: EVIDENCE_CHECKPOINT_NOT_FOUND, EVIDENCE_LEAF_NOT_FOUND, EVIDENCE_SIZE_INVALID. */
export { exportEvidencePackage, type ExportOptions } from './export.js';
/** Recomputes the whole log from its leaves and checks every node, the head and every checkpoint. */
export { auditLog } from './audit.js';
/** Offline package verification (no server or database). */
export { verifyPackage, buildPackage } from './package.js';
/** Checkpoint text, verification, witness cosigning. */
export { openCheckpoint, parseCheckpointBody, witnessCosign, originFor, type WitnessState } from './checkpoint.js';
/** Proof verification (RFC 9162 §2.1.3.2, §2.1.4.2). */
export { verifyInclusion, verifyConsistency, hashLeaf } from './merkle.js';
/** Fastify plugin: public checkpoint, vkeys and proofs per tenant slug; staff export, audit, signing. */
export { evidenceRoutes, type EvidenceRoutesDeps } from './routes.js';
/** Receipts from external anchors (court-chain platform, RFC 3161 TSA). Errors: EVIDENCE_CHECKPOINT_NOT_FOUND. */
export { recordAnchorReceipt, listAnchorReceipts, type StoredAnchorReceipt } from './log.js';
/** Anchor providers: RFC 3161 over HTTP, a development file anchor. */
export { FileAnchorProvider, checkpointDigest, type AnchorProvider, type AnchorReceipt, type AnchorRequest } from './providers/anchor.js';
export { Rfc3161AnchorProvider, buildTimeStampRequest, checkTimeStampResponse } from './providers/rfc3161.js';

/** Registered witnesses and their pushed cosignatures. Errors: EVIDENCE_WITNESS_VKEY_INVALID, EVIDENCE_WITNESS_UNKNOWN, EVIDENCE_COSIGNATURE_INVALID. */
export { registerWitness, listWitnesses, acceptCosignedCheckpoint, type RegisteredWitness } from './witnesses.js';
/** Submit a checkpoint to the configured anchor and store the receipt. Errors: EVIDENCE_ANCHOR_NOT_CONFIGURED, EVIDENCE_ANCHOR_FAILED. */
export { anchorCheckpoint, anchorFromEnv, verifyAnchorReceipt, type AnchoredCheckpoint, type TenantRunner } from './anchoring.js';
/** Read models: items with checkpoint/witness/anchor status, log overview. */
export { listEvidenceItems, evidenceOverview, caseLeafIndices, type EvidenceItemStatus, type EvidenceOverview } from './status.js';

/** Scheduled checkpoint job (every 10 minutes) for the composition root's job list. */
export { checkpointJob } from './jobs.js';
