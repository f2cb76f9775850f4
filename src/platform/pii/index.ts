// Personal-data protection primitives used by every module (PI-05, PI-08, PI-10, PI-20, PI-21, PI-22).
// Pure library: no database, no I/O. See docs/privacy.md for the policy table and usage.

export { PII_TYPES, PII_LABELS, type PiiType, type Finding } from './types.js';
/** detect(text, opts): findings in free text; detectInField(value, hintOrHeader): in one structured value. */
export { detectInField, typeFromHeader } from './fields.js';
export { detect, luhnValid, isPlausibleCardNumber, isPlausibleLandline, usccPlausibility, type DetectOptions } from './detect.js';
export { DETECTION_THRESHOLDS, DETECTION_USES, thresholdFor, type DetectionUse } from './uses.js';
export { parseAddress, type ParsedAddress } from './address.js';
export { toHalfWidth, normaliseValue, canonicalMobile, digitsOnly } from './normalise.js';
export { ROLES, DEFAULT_POLICY, tightenPolicy, visibilityOf, type Role, type Visibility, type PiiPolicy } from './policy.js';
/** maskValue/maskText/maskRecord apply the policy; authoriseUnmask/unmask throw PII_UNMASK_FORBIDDEN, PII_UNMASK_REASON_REQUIRED. */
export {
  maskValue,
  maskText,
  maskRecord,
  scrubText,
  hiddenPlaceholder,
  authoriseUnmask,
  unmask,
  unmaskAuditRecord,
  MIN_REASON_LENGTH,
  type FieldTypes,
  type MaskedRecord,
  type MaskTextOptions,
  type UnmaskRequest,
  type UnmaskAuditEntry,
} from './mask.js';
/** Envelope encryption; throws PII_KEYRING_INVALID, PII_KEY_UNKNOWN, PII_CIPHERTEXT_INVALID, PII_DECRYPT_FAILED. */
export {
  createKeyRing,
  parseKeyRing,
  generateKeyBase64,
  withNewCurrentKey,
  encryptField,
  decryptField,
  decryptFieldBytes,
  envelopeKeyId,
  needsRewrap,
  rewrap,
  rewrapAll,
  deriveSubkey,
  blindIndex,
  blindIndexEquals,
  encryptFields,
  type KeyRing,
} from './crypto.js';
/** prepareExport throws PII_K_ANONYMITY_FAILED, PII_EXPORT_SPEC_INVALID. */
export {
  pseudonym,
  ageFromResidentId,
  ageBand,
  amountBand,
  DEFAULT_AMOUNT_EDGES_FEN,
  generaliseRegionCode,
  generaliseAddress,
  checkKAnonymity,
  prepareExport,
  type PseudonymOptions,
  type EquivalenceClass,
  type KAnonymityResult,
  type ColumnSpec,
  type ExportSpec,
  type PreparedExport,
} from './pseudonymise.js';
export { PiiErrors, piiError, type PiiErrorCode } from './errors.js';
export { keyedHash, type HmacAlgorithm } from './hmac.js';
