import { errorFactory, type ErrorSpec } from '../errors.js';

export const PiiErrors = {
  PII_KEYRING_INVALID: { status: 500, title: 'Key ring configuration is invalid' },
  PII_KEY_UNKNOWN: { status: 500, title: 'Ciphertext was written under a key that is not in the key ring' },
  PII_CIPHERTEXT_INVALID: { status: 500, title: 'Ciphertext is malformed' },
  PII_DECRYPT_FAILED: { status: 500, title: 'Ciphertext failed authentication' },
  PII_UNMASK_FORBIDDEN: { status: 403, title: 'Not allowed to see this personal data unmasked' },
  PII_UNMASK_REASON_REQUIRED: { status: 400, title: 'Unmasking personal data needs a stated reason' },
  PII_EXPORT_SPEC_INVALID: { status: 400, title: 'Export specification is invalid' },
  PII_K_ANONYMITY_FAILED: { status: 422, title: 'Export refused: k-anonymity check failed' },
} satisfies Record<string, ErrorSpec>;

export type PiiErrorCode = keyof typeof PiiErrors;
export const piiError = errorFactory(PiiErrors);
