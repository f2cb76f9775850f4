// The one error type every module throws. platform/http/problem.ts turns it into RFC 9457 problem+json;
// codes are MODULE_REASON and stable (clients match on them), `rule` carries a COL-/PI-/CALC- id where one applies.

export interface ErrorSpec {
  status: number;
  title: string;
}

export interface DomainErrorOptions {
  detail?: string;
  /** Rule ID from ../shared/spec (COL-xx, PI-xx, CALC-xx, BC-xx) that the refusal enforces. */
  rule?: string;
  /** JSON pointer-ish field path (e.g. "body.debtor.idNumber") for input errors. */
  field?: string;
  /** Extra machine-readable members for the problem document (e.g. allowed transitions). */
  extra?: Record<string, unknown>;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly rule?: string;
  readonly field?: string;
  readonly extra?: Record<string, unknown>;

  constructor(code: string, spec: ErrorSpec, opts: DomainErrorOptions = {}) {
    super(opts.detail ?? spec.title);
    this.name = 'DomainError';
    this.code = code;
    this.status = spec.status;
    this.title = spec.title;
    this.rule = opts.rule;
    this.field = opts.field;
    this.extra = opts.extra;
  }
}

/**
 * Builds a module's error factory from its exhaustive code table, so a code without a status/title fails to compile.
 * Usage in a module's errors.ts:
 *   export const LedgerErrors = { LEDGER_UNBALANCED: { status: 422, title: 'Transfer does not balance' } } satisfies Record<string, ErrorSpec>;
 *   export const ledgerError = errorFactory(LedgerErrors);
 *   throw ledgerError('LEDGER_UNBALANCED', { detail: '…' });
 */
export function errorFactory<T extends Record<string, ErrorSpec>>(table: T) {
  return (code: keyof T & string, opts?: DomainErrorOptions): DomainError => new DomainError(code, table[code], opts);
}

/** Errors shared by all modules (input, auth, tenancy). */
export const CommonErrors = {
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  UNAUTHENTICATED: { status: 401, title: 'Sign-in required' },
  FORBIDDEN: { status: 403, title: 'Not allowed for your role' },
  CONFLICT: { status: 409, title: 'Conflicts with the current state' },
  CSRF_FAILED: { status: 403, title: 'CSRF token missing or wrong' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  TENANT_NOT_FOUND: { status: 404, title: 'No such tenant site' },
  TENANT_NOT_ACTIVE: { status: 403, title: 'Tenant is not approved to act (pending or suspended filing)' },
  TENANT_SCOPE_MISSING: { status: 403, title: 'Action is outside the tenant’s approved business scope' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused with a different request' },
} satisfies Record<string, ErrorSpec>;

export const commonError = errorFactory(CommonErrors);
