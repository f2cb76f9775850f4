// Error codes of the privacy module.
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const PrivacyErrors = {
  PRIVACY_CASE_NOT_FOUND: { status: 404, title: 'No such case for this debtor session' },
  PRIVACY_CORRECTION_NOT_FOUND: { status: 404, title: 'No such correction request' },
  PRIVACY_CORRECTION_DECIDED: { status: 409, title: 'The correction request has already been decided' },
  PRIVACY_CORRECTION_OPEN: { status: 409, title: 'An open correction request for this field already exists' },
  PRIVACY_ACTIVITY_NOT_FOUND: { status: 404, title: 'No such processing activity' },
  PRIVACY_ACTIVITY_EXISTS: { status: 409, title: 'A processing activity with this code already exists' },
  PRIVACY_HOLD_NOT_FOUND: { status: 404, title: 'No such retention hold in force' },
  PRIVACY_NOT_SCORED: { status: 409, title: 'No automated decision is on record for this case' },
  PRIVACY_PURGED: { status: 410, title: 'The personal data of this case was purged under the retention rules' },
} satisfies Record<string, ErrorSpec>;

export type PrivacyErrorCode = keyof typeof PrivacyErrors;
export const privacyError = errorFactory(PrivacyErrors);
