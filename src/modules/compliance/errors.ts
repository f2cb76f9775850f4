// Error codes of the compliance module (contact gate, rule sets, templates).
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const ComplianceErrors = {
  COMPLIANCE_OVERRIDE_LOOSER: { status: 422, title: 'A tenant override may only make a limit stricter' },
  COMPLIANCE_OVERRIDE_INVALID: { status: 422, title: 'The tenant override is malformed' },
  COMPLIANCE_RULE_SET_NOT_FOUND: { status: 404, title: 'No rule set for this jurisdiction and version' },
  COMPLIANCE_TIMEZONE_INVALID: { status: 422, title: 'Unknown IANA time zone' },
  COMPLIANCE_TEMPLATE_NOT_FOUND: { status: 404, title: 'No such template' },
  COMPLIANCE_TEMPLATE_TRANSITION: { status: 409, title: 'The template cannot move to that state from its current state' },
  COMPLIANCE_TEMPLATE_BANNED_CONTENT: { status: 422, title: 'The template contains banned content' },
  COMPLIANCE_TEMPLATE_SELF_APPROVAL: { status: 403, title: 'The author of a template may not approve it' },
  COMPLIANCE_TEMPLATE_VARIABLES: { status: 422, title: 'Template variables are missing or invalid' },
  COMPLIANCE_NOT_OFFICER: { status: 403, title: 'Only a compliance officer may approve templates' },
  COMPLIANCE_CONTACT_DENIED: { status: 422, title: 'The contact gate refused this contact' },
  COMPLIANCE_CONTACT_OUT_OF_ORDER: { status: 409, title: 'A later contact is already logged for this debtor' },
  COMPLIANCE_COMPLAINT_NOT_FOUND: { status: 404, title: 'No such complaint' },
  COMPLIANCE_COMPLAINT_CLOSED: { status: 409, title: 'The complaint is already answered or closed' },
  COMPLIANCE_RECORDING_INVALID: { status: 422, title: 'The recording upload is invalid' },
  COMPLIANCE_RECORDING_NOT_FOUND: { status: 404, title: 'No such recording' },
  COMPLIANCE_CAMPAIGN_NOT_FOUND: { status: 404, title: 'No such campaign' },
  COMPLIANCE_CAMPAIGN_STATE: { status: 409, title: 'The campaign has already run' },
  COMPLIANCE_MARK_NOT_FOUND: { status: 404, title: 'No such active reachability mark' },
  COMPLIANCE_HOLIDAY_NOT_FOUND: { status: 404, title: 'No such holiday' },
  COMPLIANCE_CHECK_MISMATCH: { status: 422, title: 'The checkId was issued for a different contact' },
  COMPLIANCE_REPRESENTATION_NOT_FOUND: { status: 404, title: 'No such active representation' },
  COMPLIANCE_OPT_OUT_INVALID: { status: 422, title: 'The opt-out names neither a channel nor a number of this debtor' },
  COMPLIANCE_PARTY_NOT_FOUND: { status: 404, title: 'No such related party of this debtor' },
} satisfies Record<string, ErrorSpec>;

export type ComplianceErrorCode = keyof typeof ComplianceErrors;
export const complianceError = errorFactory(ComplianceErrors);
