import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

// Error codes of the risk module (MODULE_REASON).
export const RiskErrors = {
  RISK_BAD_INPUT: { status: 400, title: 'Risk input is malformed' },
  RISK_TARGET_NOT_BINARY: { status: 422, title: 'Target column must contain only 0 and 1' },
  RISK_COLUMN_MISSING: { status: 422, title: 'A required column is missing' },
  RISK_MODEL_INVALID: { status: 422, title: 'Model file is not a valid risk model' },
  RISK_FEATURE_MISMATCH: { status: 422, title: 'Scoring data lacks features the model needs' },
  RISK_BANK_STATEMENT_INVALID: { status: 422, title: 'Bank statement CSV could not be parsed' },
  RISK_PROTECTED_ATTRIBUTE: { status: 422, title: 'Protected attribute may not be used as a feature (COL-85)' },
  RISK_PLAN_INPUT_INVALID: { status: 422, title: 'Collection plan input is invalid' },
  RISK_MODEL_NOT_FOUND: { status: 404, title: 'Model version not found' },
  RISK_MODEL_VERSION_EXISTS: { status: 409, title: 'Model version already registered' },
  RISK_CASE_NOT_SCORED: { status: 404, title: 'No automated score is on record for this case' },
  RISK_REVIEW_NOT_FOUND: { status: 404, title: 'No open review request with that id' },
  RISK_PLAN_NOT_FOUND: { status: 404, title: 'No collection plan with that id' },
  RISK_PLAN_ALREADY_DECIDED: { status: 409, title: 'The plan has already been accepted or rejected' },
  RISK_RUN_NOT_FOUND: { status: 404, title: 'No risk run with that id' },
  RISK_CHARTS_NOT_FOUND: { status: 404, title: 'No evaluation charts are stored for this model version' },
} satisfies Record<string, ErrorSpec>;

export const riskError = errorFactory(RiskErrors);
