// Error codes of the debtors module.
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const DebtorErrors = {
  DEBTORS_NOT_FOUND: { status: 404, title: 'No such debtor' },
  DEBTORS_ID_INVALID: { status: 422, title: 'The identity document number is invalid' },
  DEBTORS_USCC_INVALID: { status: 422, title: 'Unified social credit code fails the GB 32100 check' },
  DEBTORS_PHONE_INVALID: { status: 422, title: 'The phone number is invalid' },
  DEBTORS_EMAIL_INVALID: { status: 422, title: 'The e-mail address is invalid' },
  DEBTORS_TIMEZONE_INVALID: { status: 422, title: 'Unknown IANA time zone' },
  DEBTORS_PARTY_INVALID: { status: 422, title: 'The related party is invalid' },
  DEBTORS_PURGED: { status: 410, title: 'The debtor’s personal data was purged under the retention rules' },
  DEBTORS_CORRECTION_INVALID: { status: 422, title: 'The corrected value is invalid' },
  DEBTORS_DUPLICATE_IDENTITY: { status: 409, title: 'A debtor with this identity already exists in this tenant' },
} satisfies Record<string, ErrorSpec>;

export type DebtorErrorCode = keyof typeof DebtorErrors;
export const debtorError = errorFactory(DebtorErrors);
