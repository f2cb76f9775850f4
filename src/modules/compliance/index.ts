// Public surface of the compliance module: rule sets as data, the pure contact gate, content screening, the script
// library and approval workflow, the campaign planner, and the database use cases. Other modules import only this.
/** Rule sets (CN COL-xx, US Reg F) and tenant overrides. applyTenantOverrides throws COMPLIANCE_OVERRIDE_LOOSER / _INVALID; getRuleSet throws COMPLIANCE_RULE_SET_NOT_FOUND. */
export {
  CHANNELS, OUTCOMES, HOLD_KINDS, VOICE, CN_2026_1, US_REGF_2021, RULE_SETS, getRuleSet, validateTenantOverrides, applyTenantOverrides,
  type Channel, type Outcome, type HoldKind, type Jurisdiction, type RuleSet, type TenantOverrides, type OverrideIssue, type CapRule, type QuietWindow,
} from './rule-sets.js';
/** The ONE pure decision (decideContact: facts in, decision out; firedRulesAt at one instant). Throws COMPLIANCE_TIMEZONE_INVALID for an unknown zone. */
export {
  decideContact, firedRulesAt, warningsFor, contentHashOf, trailingFailedAttempts,
  type ContactAttempt, type ContactTarget, type ContactHistoryEntry, type GateContext, type GateDecision, type FiredRule, type Hold,
  type Suppression, type QuietHoursConsent, type ThirdPartyPurpose, type UnknownFact,
} from './contact-gate.js';
/** The one fact loader (records → gate input) and the two use cases: checkContact (no side effects) and recordContact (logs). */
export { loadContactFacts, loadCaseFacts, assembleContactFacts, type ContactRequest, type ContactTargetRequest, type CaseFacts } from './contact-facts.js';
export { checkContact, recordContact, checkIdOf, type ContactCheck, type CheckContactInput, type RecordContactInput, type RecordedContact, type ContactSource } from './check-contact.js';
/** Contacts on a case; recordTouchThroughGate is the cases module's TouchGate (wired in app.ts). */
export { recordCaseContact, recordTouchThroughGate, listCaseContacts, listBreaches, gateOutcomeOf, type CaseContactEntry } from './case-contacts.js';
/** Opt-outs, representation, consent outside the default window (COL-22, US-05, COL-11). */
export { addOptOut, listContactPreferences, addRepresentation, endRepresentation, recordWindowConsent, markPartyMinor, type ContactPreferences } from './contact-preferences.js';
/** Persisted script library, complaints, recordings, dashboard. */
export { listTemplates, loadTemplate, exportTemplates, importTemplates, saveTemplateDraft, actOnTemplate, type TemplateView } from './template-store.js';
export { fileComplaint, listComplaints, getComplaint, respondToComplaint, type ComplaintView } from './complaints.js';
export { sweepRecordingRetention } from './recordings.js';
/** Banned-content screening (zh/en, evasion-robust). */
export {
  screenContent, findDebtDisclosure, announcesAutomation, hasOptOutNotice, namesParties, normaliseForScreen, CATEGORY_RULES, CATEGORY_ALSO_RULES,
  type ScreenHit, type ScreenResult, type ScreenCategory,
} from './content-screen.js';
/** Script library and approval workflow. Transitions throw COMPLIANCE_TEMPLATE_TRANSITION, approval COMPLIANCE_NOT_OFFICER / _SELF_APPROVAL / _BANNED_CONTENT; render COMPLIANCE_TEMPLATE_VARIABLES. */
export {
  STARTER_TEMPLATES, getStarterTemplate, renderTemplate, reviewTemplate, placeholdersOf, variableSchema, draftTemplate, submitTemplate,
  approveTemplate, rejectTemplate, fileTemplate, retireTemplate, reviseTemplate, isTemplateUsable, TEMPLATE_STATES,
  type ScriptTemplate, type TemplateRecord, type TemplateState, type TemplateProblem, type Actor, type VarType, type TemplateCategory,
} from './scripts-library.js';
/** Campaign planning within every cap and window, with skip explanations. */
export { planCampaign, type PlanInput, type PlanCase, type CampaignPlan, type PlannedContact, type SkippedCase } from './campaign-planner.js';
/** Database use cases (tenant-scoped tx first). saveRuleConfig throws COMPLIANCE_OVERRIDE_*; recordContactOutcome / answerComplaint throw COMPLIANCE_CONTACT_DENIED. */
export {
  saveRuleConfig, listRuleConfigHistory, loadEffectiveRules, placeHold, liftHold, addSuppression, recordQuietHoursConsent,
  revokeQuietHoursConsent, setHoliday, loadGateContext, loadGateContexts, recordContactOutcome, listContactLog, saveTemplateRecord,
  templateUsage, openComplaint, extendComplaint, answerComplaint, listOverdueComplaints, recordRecording, COMPLAINT_SLA_DAYS,
  type DebtorGateFacts, type RecordedDecision, type ContactLogEntry, type RuleConfigInput, type RuleConfigVersion,
} from './store.js';
/** Debtor-local time helpers (Intl only). */
export { localParts, localDate, localMinuteOfDay, zonedToUtc, atLocal, addDays, isValidTimeZone } from './time.js';
export { complianceRoutes, type ComplianceRoutesDeps } from './routes.js';
export { CheckContactBody, CheckContactResponse } from './routes-contacts.js';
export { ComplianceErrors, complianceError, type ComplianceErrorCode } from './errors.js';
/** Background jobs (app.ts lists them). */
export { complianceJobs } from './jobs.js';
/** Retention purge (PI-07, issue 9): called by the privacy module; recordings on legal hold block the purge. */
export { purgeCompliancePersonalData, complianceRetentionHolds } from './purge.js';
/** COL-31 reachability derived from the contact log, invalid numbers and staff marks (never from the caller). */
export {
  deriveReachability, loadReachability, gateReachability, markNumberInvalid, caseReachability, markCaseReachability, clearCaseReachabilityMark, MARK_KINDS,
  type Reachability, type ReachabilityLine, type ReachabilityMark, type MarkKind,
} from './reachability.js';
/** Rule-set settings: rule table, audited stricter changes with diffs, COL-12 holidays. changeRuleConfig throws COMPLIANCE_OVERRIDE_*; deleteHoliday COMPLIANCE_HOLIDAY_NOT_FOUND. */
export { describeRules, loadRuleTable, changeRuleConfig, listRuleChanges, listHolidays, putHoliday, deleteHoliday, type RuleTable, type RuleRow, type RuleChange } from './settings.js';
