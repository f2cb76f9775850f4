import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const EvidenceErrors = {
  EVIDENCE_RECORD_INVALID: { status: 400, title: 'Evidence record is invalid or carries personal data' },
  EVIDENCE_NO_TENANT: { status: 500, title: 'Evidence call outside a tenant transaction' },
  EVIDENCE_LOG_NOT_FOUND: { status: 404, title: 'This tenant has no evidence log yet' },
  EVIDENCE_LEAF_NOT_FOUND: { status: 404, title: 'No such evidence entry' },
  EVIDENCE_CHECKPOINT_NOT_FOUND: { status: 404, title: 'No checkpoint at that size' },
  EVIDENCE_SIZE_INVALID: { status: 400, title: 'Tree size out of range for this log' },
  EVIDENCE_FILE_NOT_FOUND: { status: 404, title: 'No such evidence file' },
  EVIDENCE_KEY_MISMATCH: { status: 409, title: 'Signing key does not belong to this log' },
  EVIDENCE_COSIGNATURE_INVALID: { status: 422, title: 'Cosignature does not verify over the stored checkpoint' },
  EVIDENCE_LOG_CORRUPT: { status: 500, title: 'Evidence log head does not match its stored nodes' },
  EVIDENCE_ANCHOR_NOT_CONFIGURED: { status: 409, title: 'No external anchor is configured (RECOURSE_EVIDENCE_ANCHOR)' },
  EVIDENCE_RECEIPT_NOT_FOUND: { status: 404, title: 'No such anchor receipt' },
  EVIDENCE_WITNESS_VKEY_INVALID: { status: 400, title: 'Not a witness verifier key (C2SP vkey, cosignature/v1 or Ed25519)' },
  EVIDENCE_WITNESS_UNKNOWN: { status: 403, title: 'The cosignature is not by a registered witness of this log' },
  EVIDENCE_CHECKPOINT_MALFORMED: { status: 400, title: 'Not a signed checkpoint (C2SP tlog-checkpoint note)' },
  EVIDENCE_ANCHOR_FAILED: { status: 502, title: 'External anchor did not return a valid receipt' },
} satisfies Record<string, ErrorSpec>;

export const evidenceError = errorFactory(EvidenceErrors);
