// Error codes of the ledger module (one exhaustive table; platform/http/problem.ts renders them).
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const LedgerErrors = {
  LEDGER_TRANSFER_INVALID: { status: 422, title: 'The transfer is invalid' },
  LEDGER_ACCOUNT_INVALID: { status: 422, title: 'The account address is invalid' },
  LEDGER_CURRENCY_MISMATCH: { status: 422, title: 'Account and transfer currencies differ' },
  LEDGER_INSUFFICIENT_FUNDS: { status: 409, title: 'The transfer would overdraw an account that must not go negative' },
  LEDGER_FORBIDDEN_DESTINATION: { status: 422, title: 'Debtor money may go only to the creditor escrow (COL-44)' },
  LEDGER_FEE_ON_DEBTOR: { status: 422, title: 'No collection fee may be charged to the debtor (COL-44)' },
  LEDGER_ALREADY_REVERSED: { status: 409, title: 'The transfer has already been reversed' },
  LEDGER_TRANSFER_NOT_FOUND: { status: 404, title: 'No such transfer' },
  LEDGER_IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused with a different request' },
  LEDGER_FEE_AGREEMENT_INVALID: { status: 422, title: 'The fee agreement is invalid' },
  LEDGER_ALLOCATION_INVALID: { status: 422, title: 'The debt history is invalid' },
  LEDGER_PLAN_OUT_OF_BOUNDS: { status: 422, title: 'The payment plan is outside the creditor bounds' },
  LEDGER_PLAN_INVALID: { status: 422, title: 'The payment plan is invalid' },
  LEDGER_APPROVAL_REQUIRED: { status: 409, title: 'This disbursement needs a second approver' },
  LEDGER_APPROVAL_INVALID: { status: 409, title: 'The approval is not valid for this disbursement' },
  LEDGER_WEBHOOK_INVALID: { status: 400, title: 'The webhook signature, timestamp or body is invalid' },
  LEDGER_RECONCILIATION_FORMAT: { status: 422, title: 'The bank statement cannot be read' },
  LEDGER_DISBURSEMENT_NOT_FOUND: { status: 404, title: 'No such disbursement' },
  LEDGER_CASE_NOT_FOUND: { status: 404, title: 'No such case' },
  LEDGER_NOT_FOUND: { status: 404, title: 'Not found' },
  LEDGER_PROVIDER_UNKNOWN: { status: 404, title: 'No such payment provider' },
  LEDGER_CHECKOUT_INVALID: { status: 400, title: 'The checkout link is invalid or expired' },
  LEDGER_PLAN_STATE: { status: 409, title: 'The payment plan cannot change in its current state' },
  LEDGER_GATEWAY_CONFIG_INVALID: { status: 422, title: 'The payment gateway configuration is invalid' },
  LEDGER_REMINDER_SETTINGS_INVALID: { status: 422, title: 'The reminder settings are invalid' },
} satisfies Record<string, ErrorSpec>;

export type LedgerErrorCode = keyof typeof LedgerErrors;
export const ledgerError = errorFactory(LedgerErrors);
