// Public surface of the law module: pure, exact legal calculators (no DB). Lowest in the module order, so any
// module may import it. Errors: LAW_* (see errors.ts).

/** toCapitals(fen) → 人民币…元整; parseCapitals(text) → fen; formatFigures(fen) → ¥1,234.50. Errors: LAW_AMOUNT_INVALID, LAW_AMOUNT_TOO_LARGE, LAW_CAPITALS_UNPARSEABLE. */
export { toCapitals, parseCapitals, formatFigures, MAX_CAPITALS_FEN } from './capital-numerals.js';
/** CALC-01 LPR table (data) and caps. Errors: LAW_LPR_TABLE_INVALID, LAW_LPR_UNAVAILABLE, LAW_DATE_INVALID. */
export {
  loadLprTable,
  appendLprRow,
  lprAt,
  interestCap,
  supportedRateBps,
  DEFAULT_LPR_TABLE,
  LPR_START,
  NEW_RULES_FROM,
  OLD_SUPPORTED_CAP_BPS,
  OLD_VOID_ABOVE_BPS,
  FI_ALL_IN_CAP_BPS,
  LprRow,
  LprTableInput,
  type LprTable,
  type LprBasis,
  type InterestCap,
} from './lpr.js';
/** Interest with CALC-01 caps, art 29 combined cap, CALC-05 late double interest. Errors: LAW_PERIOD_INVALID, LAW_AMOUNT_INVALID. */
export {
  simpleInterest,
  cappedInterest,
  capDefaultCharges,
  lateDoubleInterest,
  lateDoubleInterestInstalments,
  LATE_DOUBLE_RATE_PER_MILLION_PER_DAY,
  type DayCount,
  type InterestSegment,
  type CappedInterest,
} from './interest.js';
/** CALC-02 limitation tracker. Errors: LAW_LIMITATION_EVENTS_INVALID, LAW_DATE_INVALID. */
export {
  trackLimitation,
  LimitationEvent,
  LimitationEventType,
  LIMITATION_YEARS,
  LONG_STOP_YEARS,
  type LimitationState,
  type LimitationStatus,
} from './limitation.js';
/** CALC-03/04/06/07 court fees. Errors: LAW_AMOUNT_INVALID. */
export { acceptanceFee, preservationFee, enforcementFee, paymentOrderFee, type HalvingReason } from './court-fees.js';
/** Civil-date helpers ('YYYY-MM-DD'). Errors: LAW_DATE_INVALID. */
export { dayNumber, fromDayNumber, daysBetween, addDays, addYears, isDate } from './dates.js';
export { LawErrors, lawError, type LawErrorCode } from './errors.js';
