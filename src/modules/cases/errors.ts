// Error codes of the cases module (one exhaustive table; platform/http/problem.ts renders them).
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const CaseErrors = {
  CASES_NOT_FOUND: { status: 404, title: 'No such case' },
  CASES_TRANSITION_INVALID: { status: 409, title: 'That status change is not allowed from the current status' },
  CASES_REASON_REQUIRED: { status: 422, title: 'This status change needs a reason' },
  CASES_ON_HOLD: { status: 409, title: 'The case is on hold; collection is stopped until the hold is released' },
  CASES_CLOSED: { status: 409, title: 'The case is closed' },
  CASES_HOLD_NOT_FOUND: { status: 404, title: 'No such active hold on this case' },
  CASES_HOLD_INVALID: { status: 422, title: 'The hold is invalid' },
  CASES_EVENT_ORDER: { status: 500, title: 'Case events are out of order' },
  CASES_ASSIGNMENT_NO_COLLECTOR: { status: 409, title: 'No eligible collector for this case' },
  CASES_IMPORT_MAPPING_INVALID: { status: 422, title: 'The column mapping is incomplete or names unknown columns' },
  CASES_IMPORT_FORMAT: { status: 422, title: 'The import file cannot be read' },
  CASES_CREDITOR_NOT_FOUND: { status: 404, title: 'No such creditor' },
  CASES_ENTRUSTMENT_MISSING: { status: 409, title: 'No valid entrustment from the creditor covers this case' },
  CASES_ENTRUSTMENT_INVALID: { status: 422, title: 'The entrustment is incomplete' },
  CASES_ALREADY_PLACED: { status: 409, title: 'This debt is already placed with an agency' },
  CASES_LOCKED: { status: 409, title: 'Another collector is working this case' },
  CASES_PROMISE_INVALID: { status: 422, title: 'The promise to pay is invalid' },
  CASES_DEBT_INVALID: { status: 422, title: 'The debt record is invalid' },
  CASES_LEAD_INVALID: { status: 422, title: 'The consultation request is invalid' },
  CASES_LEAD_NOT_FOUND: { status: 404, title: 'No such lead' },
  CASES_VIEW_NOT_FOUND: { status: 404, title: 'No such saved view of yours' },
  CASES_TASK_NOT_FOUND: { status: 404, title: 'No such open task' },
  CASES_ATTACHMENT_INVALID: { status: 422, title: 'The attachment is invalid' },
  CASES_ATTACHMENT_NOT_FOUND: { status: 404, title: 'No such attachment on this case' },
  CASES_IMPORT_NOT_FOUND: { status: 404, title: 'No such import' },
  CASES_IMPORT_NO_REJECTED: { status: 404, title: 'This import has no rejected rows' },
  CASES_HANDOFF_INVALID: { status: 422, title: 'The hand-off is invalid' },
  CASES_TRANSFER_NOT_FOUND: { status: 404, title: 'No such pending transfer to this agency' },
  CASES_ACTIVE_ELSEWHERE: { status: 409, title: 'This debt is active with another agency' },
} satisfies Record<string, ErrorSpec>;

export type CaseErrorCode = keyof typeof CaseErrors;
export const caseError = errorFactory(CaseErrors);
