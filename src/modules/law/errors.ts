// Error codes of the law module (pure legal calculators: CALC-01..07, capital numerals).
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const LawErrors = {
  LAW_AMOUNT_INVALID: { status: 422, title: 'The amount is invalid for this calculation' },
  LAW_AMOUNT_TOO_LARGE: { status: 422, title: 'The amount is too large to write in capital numerals' },
  LAW_CAPITALS_UNPARSEABLE: { status: 422, title: 'The text is not an amount in Chinese capital numerals' },
  LAW_DATE_INVALID: { status: 422, title: 'The date is invalid' },
  LAW_PERIOD_INVALID: { status: 422, title: 'The period is invalid (end before start)' },
  LAW_LPR_TABLE_INVALID: { status: 422, title: 'The LPR table is invalid' },
  LAW_LPR_UNAVAILABLE: { status: 422, title: 'No LPR was published for that date (LPR starts 2019-08-20)' },
  LAW_LIMITATION_EVENTS_INVALID: { status: 422, title: 'The limitation events are invalid' },
} satisfies Record<string, ErrorSpec>;

export type LawErrorCode = keyof typeof LawErrors;
export const lawError = errorFactory(LawErrors);
