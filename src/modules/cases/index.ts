// Public surface of the cases module: creditors and entrustments, debts, cases with their lifecycle and timeline,
// holds, promises, payments, SLA, assignment, locks, bulk import and leads. Other modules import only from here.

/** Pure lifecycle: applyCaseEvent/foldCaseEvents throw CASES_TRANSITION_INVALID, CASES_REASON_REQUIRED, CASES_ON_HOLD, CASES_CLOSED, CASES_HOLD_NOT_FOUND, CASES_HOLD_INVALID, CASES_EVENT_ORDER. */
export {
  CASE_STAGES, CLOSE_REASONS, HOLD_KINDS, TRANSITIONS, applyCaseEvent, foldCaseEvents, replayCaseAt, isCollectible, activeHoldsAt,
  allowedTransitions, transitionNeedsReason, type CaseStage, type CloseReason, type HoldKind, type CaseEvent, type CaseState, type ActiveHold,
} from './state-machine.js';
/** First-action SLA (72 h default, per creditor). */
export { firstActionSla, slaPolicyFor, holdPauses, DEFAULT_SLA_POLICY, type SlaStatus, type SlaReading, type SlaPolicy } from './sla.js';
/** Assignment rules (pure). */
export { chooseCollector, assignBatch, bandOf, ASSIGNMENT_STRATEGIES, type AssignmentPolicy, type Collector, type BalanceBand, type AssignmentStrategy } from './assignment.js';
/** Debt position (derived) and promises (derived status). debtPosition throws CASES_DEBT_INVALID. */
export { DebtTerms, debtPosition, debtIssues, CURRENCIES, type DebtPosition, type Payment } from './debts.js';
export { resolvePromises, type PromiseToPay, type PromiseStatus, type PromiseResolution } from './promises.js';
export { isCalendarDate, daysBetween, addDays, dateInZone, parseLooseDate } from './dates.js';
/** Import: mapping, row validation, streaming readers. checkMapping throws CASES_IMPORT_MAPPING_INVALID; readRowsFromFile throws CASES_IMPORT_FORMAT. */
export {
  IMPORT_FIELDS, REQUIRED_FIELDS, suggestMapping, checkMapping, validateRow, processImport, placementKey, contractKey,
  type ColumnMapping, type ImportField, type RowError, type PlacementRow, type ImportContext,
} from './import.js';
export { readCsvRows, readXlsxRows, readRowsFromFile, readHeaders } from './import-files.js';
/** Creditors and entrustments (COL-01/02/03/73). Throw CASES_CREDITOR_NOT_FOUND, CASES_ENTRUSTMENT_INVALID, CASES_ENTRUSTMENT_MISSING. */
export {
  createCreditor, getCreditor, listCreditors, recordEntrustment, revokeEntrustment, findValidEntrustment, isEntrustmentInForce,
  CreateCreditorInput, EntrustmentInput, ENTRUSTMENT_SCOPES, type EntrustmentScope, type CreditorRow, type EntrustmentRow,
} from './creditors.js';
/** Placement. placeCase throws CASES_CREDITOR_NOT_FOUND, CASES_ENTRUSTMENT_MISSING, CASES_ALREADY_PLACED, CASES_DEBT_INVALID, DEBTORS_*; importCases also CASES_IMPORT_MAPPING_INVALID. */
export { placeCase, importCases, newCaseRef, type PlaceCaseInput, type PlacedCase, type ImportCasesOptions, type ImportCasesResult } from './placement.js';
/** Working a case. Throw CASES_NOT_FOUND, CASES_TRANSITION_INVALID, CASES_REASON_REQUIRED, CASES_ON_HOLD, CASES_CLOSED, CASES_LOCKED, CASES_ENTRUSTMENT_MISSING, CASES_HOLD_NOT_FOUND, CASES_PROMISE_INVALID. */
export {
  transitionCase, placeHold, releaseHold, recordPromise, recordPayment, unrecordPayment, markFirstAction, lockCase, unlockCase, assignCases, createTask,
  completeTask, TransitionCaseInput, PlaceHoldInput, RecordPromiseInput, UnrecordPaymentInput, type UnrecordedPayment,
} from './workflow.js';
/** The case file as the case page reads it: undone payments taken out, CALC-02 limitation status. Throws CASES_NOT_FOUND. */
export { getCaseFile, type CaseFileView } from './case-file.js';
/** CALC-02 limitation status and limitation events (COL-91). recordLimitationEvent throws CASES_NOT_FOUND, CASES_DEBT_INVALID. */
export { limitationStatus, recordLimitationEvent, RecordLimitationEventInput, LIMITATION_EVENT_TYPES, type LimitationView } from './limitation.js';
export { loadEffectivePayments, type EffectivePayment } from './payments.js';
/**
 * Reading. getCase / getCaseStateAt / listCaseTimeline throw CASES_NOT_FOUND. Other modules' getCase is the full
 * case file (case-file.ts): payments the ledger took back are out of the balance and the promise status, and it
 * carries the CALC-02 limitation status.
 */
export { getCaseFile as getCase } from './case-file.js';
export { getCaseStateAt, listCaseTimeline, searchCases, casePortalDirectory, countCases, type CaseFile, type CaseListItem, type SearchCasesInput } from './queries.js';
/** Workbench: saved views, tasks, sealed notes, attachments (evidence store), touches with outcome codes, audited reveal (PI-20). recordTouch throws CASES_NOT_FOUND, CASES_CLOSED. */
export {
  recordTouch, OUTCOME_CODES, OUTCOME_CODE_LIST, TOUCH_CHANNELS, TouchInput, type OutcomeCode, addCaseTask, completeCaseTask, listCaseTasks, listTasks,
  addNote, listNotes, addAttachment, listAttachments, getAttachment, revealCaseDebtor, listCaseViews, saveCaseView, deleteCaseView, REVEAL_FIELDS,
} from './workbench.js';
/** Portfolio SLA: dashboard summary and the idempotent alert sweep. */
export { slaSummary, sweepSlaAlerts, type SlaSummary } from './sla-report.js';
/** HTTP imports as jobs. runImport returns the final status; getImport throws CASES_IMPORT_NOT_FOUND. */
export { createImport, runImport, getImport, getRejectedRows, previewImport, importJob, IMPORT_MODES, type ImportMode } from './import-jobs.js';
/** Hand-off and inter-agency transfer (COL-73). */
export { handoffCase, listHandoffs, listIncomingTransfers, acceptTransfer, HANDOFF_KINDS, type HandoffKind } from './handoff.js';
export { placementRegistryKey } from './registry.js';
/** Creditor portal, lead conversion, masked export. */
export { creditorOverview, linkCreditorUser, creditorsOfUser, convertLead, exportCaseRows } from './portal.js';
/** A case by the reference a debtor signs in to the portal with, or null. */
export { findCaseByRef } from './case-ref.js';
export { DPD_BUCKETS, BALANCE_BANDS, CASE_SORTS, dpdBucketOf, balanceBandOf } from './queries.js';
/** Public consultation form. submitLead throws CASES_LEAD_INVALID. */
export { submitLead, listLeads, setLeadStatus, SubmitLeadInput } from './leads.js';
export { rateCapSource } from './law-seam.js';
export { evidenceWired } from './evidence-seam.js';
export { CaseErrors, type CaseErrorCode } from './errors.js';
/** Synthetic demo portfolio (all statuses, holds, promises). */
export { seedDemoPortfolio, type DemoPortfolioResult } from './demo.js';
/** Fastify plugin (needs the app's DebtorKeys). */
export { caseRoutes, type CaseRoutesDeps } from './routes.js';
/** Seam for the contact gate (compliance, above cases): app.ts wires compliance's recordTouchThroughGate. */
export { setTouchGate, type TouchGate, type TouchGateInput, type TouchGateResult } from './touch-gate.js';
/** Background jobs (app.ts lists them). */
export { casesJobs } from './jobs.js';
/** Retention purge (PI-07, issue 9): called by the privacy module. */
export { purgeCasePersonalData, purgeImportFiles, IMPORT_FILE_RETENTION_DAYS } from './purge.js';
