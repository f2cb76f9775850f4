// Privacy module (top of the module list): data-subject rights in the debtor portal, retention purge with legal
// hold, processing records and PIAs (PI-01..PI-22). It calls the modules below it; none of them call it.
/** Fastify plugin: /api/v1/privacy/* (portal rights, correction queue, records, PIAs, retention). */
export { privacyRoutes, type PrivacyRoutesDeps } from './routes.js';
/** Background jobs (app.ts lists them): nightly retention purge. */
export { privacyJobs, retentionPurgeJob } from './jobs.js';
/** Data-subject rights (PI-09). Throw PRIVACY_CASE_NOT_FOUND, PRIVACY_PURGED, PRIVACY_CORRECTION_*, PRIVACY_NOT_SCORED, DEBTORS_*. */
export { myDataPdf, myDataLayout } from './my-data-pdf.js';
export { getMyData, myDataCsv, requestCorrection, decideCorrection, listCorrections, explainDecisions, askForReview, type MyData, type CorrectionView } from './rights.js';
/** Processing records and PIAs (PI-06). Throw PRIVACY_ACTIVITY_EXISTS, PRIVACY_ACTIVITY_NOT_FOUND. */
export { ActivityInput, PiaInput, createActivity, listActivities, recordPia, listPias, loadDefaultRecords, DEFAULT_ACTIVITIES, type Activity, type Pia } from './records.js';
/** Retention (PI-07, COL-61). releaseRetentionHold throws PRIVACY_HOLD_NOT_FOUND; placeRetentionHold CASES_NOT_FOUND. */
export {
  retentionReport, applyRetention, previewRetention, getRetentionDays, setRetentionDays, placeRetentionHold, releaseRetentionHold, listRetentionHolds, DEFAULT_RETENTION_DAYS,
  type RetentionReport, type PurgeRun, type PurgePreview, type PurgedDebtor,
} from './retention.js';
export { seedDemoPrivacy } from './demo.js';
export { PrivacyErrors, type PrivacyErrorCode } from './errors.js';
/** One debtor's purge across every module in a savepoint (all or nothing; dryRun rolls back). */
export { purgeDebtorEverywhere, type DebtorPurgeOutcome } from './purge.js';
/** Key rotation without downtime (PI-08): envelope columns, status per KEK, batched re-wrap. */
export { keyStatus, rotateEnvelopes, envelopeColumns, type KeyStatus, type RotationResult } from './rotation.js';
/** Pseudonymised, k-anonymity-checked analytics export (PI-10, PI-21). Throws PII_K_ANONYMITY_FAILED, PII_EXPORT_SPEC_INVALID. */
export { analyticsExport, analyticsCsv, type AnalyticsExport } from './analytics-export.js';
