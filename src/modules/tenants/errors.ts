import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const TenantErrors = {
  TENANTS_SLUG_TAKEN: { status: 409, title: 'That site name (slug) is already taken' },
  TENANTS_NAME_NOT_ALLOWED: { status: 422, title: 'The public name presents the tenant as something it may not be' },
  TENANTS_USCC_INVALID: { status: 422, title: 'Unified social credit code fails the GB 32100 check' },
  TENANTS_FILING_INCOMPLETE: { status: 422, title: 'The filing record is incomplete' },
  TENANTS_NOT_FOUND: { status: 404, title: 'No such tenant' },
  TENANTS_STATUS_CONFLICT: { status: 409, title: 'The tenant is not in a state that allows this' },
  TENANTS_USER_NOT_FOUND: { status: 404, title: 'No such user' },
  TENANTS_EMAIL_TAKEN: { status: 409, title: 'A user with that email already exists in this tenant' },
  TENANTS_ROLE_NOT_ALLOWED: { status: 403, title: 'That role cannot be given here' },
  TENANTS_LAST_ADMIN: { status: 409, title: 'The last tenant admin cannot be removed or demoted' },
  AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Email or password is wrong' },
  AUTH_TOTP_REQUIRED: { status: 401, title: 'Enter the code from your authenticator app' },
  AUTH_TOTP_INVALID: { status: 401, title: 'The authenticator code is wrong' },
  AUTH_LOCKED: { status: 423, title: 'Too many failed sign-ins; the account is locked for a while' },
  AUTH_THROTTLED: { status: 429, title: 'Too many failed attempts from here; wait and try again' },
  AUTH_TOKEN_INVALID: { status: 400, title: 'The link or code is invalid or has expired' },
  AUTH_PASSWORD_WEAK: { status: 422, title: 'Password too weak: at least 10 characters, not a common password' },
  AUTH_API_KEY_INVALID: { status: 401, title: 'API key is invalid or revoked' },
  AUTH_PORTAL_UNAVAILABLE: { status: 503, title: 'The debtor portal has no case directory configured' },
  AUTH_PORTAL_IDENTITY_MISMATCH: { status: 401, title: 'Case reference and ID number do not match' },
} satisfies Record<string, ErrorSpec>;

export type TenantErrorCode = keyof typeof TenantErrors;
export const tenantError = errorFactory(TenantErrors);
