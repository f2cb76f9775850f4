// Public surface of the risk module: models (GBDT + TreeSHAP, WOE scorecard), metrics, features, plans, reports.
/** Numeric CSV parsing and column utilities. Throws RISK_BAD_INPUT, RISK_COLUMN_MISSING, RISK_TARGET_NOT_BINARY, RISK_FEATURE_MISMATCH. */
export { parseNumericCsv, splitTarget, takeRows, takeLabels, alignColumns, rowOf, type Dataset } from './dataset.js';
/** AUC (tie-aware), KS, Gini, ROC, calibration bins, log-loss, Brier, seeded stratified k-fold. */
export { auc, ks, ksStatistic, gini, rocCurve, calibrationBins, expectedCalibrationError, logLoss, brier, stratifiedKFold, meanStd, type CalibrationBin, type RocPoint } from './metrics.js';
/** Histogram GBDT for binary log-loss. Throws RISK_BAD_INPUT, RISK_MODEL_INVALID. */
export { trainGbdt, predictGbdtMargin, predictGbdtProba, DEFAULT_GBDT_PARAMS, type GbdtModel, type GbdtParams, type Tree } from './gbdt.js';
/** Exact path-dependent TreeSHAP and reason codes. */
export { gbdtShapRow, gbdtExpectedValue, gbdtReasonCodes, meanAbsShap, type ShapReason } from './treeshap.js';
/** WOE/IV logistic scorecard with points scaling and points-lost reason codes. Throws RISK_BAD_INPUT, RISK_MODEL_INVALID. */
export { trainScorecard, fitCharacteristic, scoreScorecardRow, predictScorecardProba, predictScorecardPoints, DEFAULT_SCORECARD_PARAMS, type ScorecardModel, type ScorecardParams, type ScorecardResult } from './scorecard.js';
/** L2 logistic regression (IRLS). */
export { trainLogistic, predictLogisticMargin, fitStandardizer, standardize, type LogisticModel } from './logistic.js';
/** Model bundles, training, scoring, explanations. Throws RISK_MODEL_INVALID, RISK_FEATURE_MISMATCH. */
export { trainModel, predictModel, explainRow, featureImportance, excludeProtected, parseModelBundle, hashData, modelVersion, type ModelBundle, type ModelKind, type RiskModel, type CvSummary, type Explanation } from './model.js';
/** Cross-validation (no leakage) and the plain logistic baseline. */
export { crossValidate, trainBaseline, type CrossValidation, type FoldResult, type EvalKind } from './evaluate.js';
/** Feature catalogue (≥200 features, no protected attributes) and computation. */
export { FEATURE_CATALOGUE, FEATURE_NAMES, computeFeatures, computeFeatureRecord, buildFeatureContext, describeFeatureCatalogue, isProtectedAttributeName, type FeatureSpec, type FeatureSource } from './features.js';
export * from './feature-inputs.js';
/** SYNTHETIC debtor generator (seeded, labelled synthetic). */
export { generateSyntheticDebtor, generateSyntheticDebtors, type SyntheticDebtor } from './synthetic.js';
/** Bank-statement CSV import. Throws RISK_BANK_STATEMENT_INVALID. */
export { parseBankStatementCsv, categorizeTransaction } from './bank-statement.js';
/** Collection plan proposals (COL-85 review path). Throws RISK_PLAN_INPUT_INVALID. */
export { proposeCollectionPlan, contactabilityFromHistory, segmentFor, DEFAULT_CONTACT_CAPS, type PlanInput, type CollectionPlan, type ContactCaps, type Recommendation, type PlanStep } from './plan.js';
/** PSI drift. */
export { populationStabilityIndex, driftReport, driftStatus, type DriftReport, type PsiResult } from './drift.js';
/** HTML report (inline SVG) and markdown model card. */
export { renderReportHtml, rocSvg, ksSvg, calibrationSvg, importanceSvg, type ReportInput } from './report.js';
export { renderModelCard } from './model-card.js';
export { createRng } from './random.js';
export { RiskErrors, riskError } from './errors.js';
/** Model registry (DB): versions, champion/challenger deployment, stored case scores, human-review requests. */
export {
  registerModelVersion,
  listModelVersions,
  getModelBundle,
  getModelCard,
  findDeployment,
  setDeployment,
  assignArm,
  scoreCase,
  listCaseScores,
  getCaseScores,
  requestHumanReview,
  resolveHumanReview,
  listOpenReviews,
  type ModelVersionSummary,
  type Deployment,
  type CaseScore,
  type ReviewRequest,
} from './registry.js';
/** Risk on real cases: bank statements, case features, assessment (score + plan inside the compliance caps), a person's plan decision (COL-85). Throw CASES_NOT_FOUND, RISK_MODEL_NOT_FOUND, RISK_PLAN_NOT_FOUND, RISK_PLAN_ALREADY_DECIDED, RISK_BANK_STATEMENT_INVALID. */
export {
  importBankStatement, listBankStatements, caseFeatureInput, computeCaseFeatures, assessCase, getCaseRisk, decidePlan, getPlan,
  getCreditorPolicy, setCreditorPolicy, capsFromRuleSet, DEFAULT_CREDITOR_POLICY, type PlanView, type CreditorPolicy, type BankStatementSummary,
} from './workflow.js';
/** Background runs with progress: training on the synthetic demo data, batch case features; charts and PSI drift. Throw RISK_RUN_NOT_FOUND, RISK_CHARTS_NOT_FOUND. */
export { createRun, getRun, listRuns, runTraining, runFeatureBatch, buildCharts, getModelCharts, modelDrift, trainJob, featureBatchJob, TrainParams, type RunView, type ModelCharts, type FeatureDrift } from './runs.js';
/** Fastify plugin: /api/v1/risk/* (models, deployment, plan proposals, case scores, review requests). */
export { riskRoutes, ProposePlanInput } from './routes.js';
/** Background jobs (app.ts lists them). */
export { riskJobs } from './jobs.js';
/** Retention purge (PI-07, issue 9): called by the privacy module. */
export { purgeRiskPersonalData } from './purge.js';
