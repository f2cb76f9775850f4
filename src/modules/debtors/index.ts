// Public surface of the debtors module: people and organisations owing money, their identity key, name search keys
// and related parties (COL-33). Other modules import only from here.
/** Debtor input schemas, validation and identity. normaliseDebtor throws DEBTORS_ID_INVALID, DEBTORS_USCC_INVALID, DEBTORS_PHONE_INVALID, DEBTORS_EMAIL_INVALID, DEBTORS_TIMEZONE_INVALID. */
export {
  DebtorInput, PersonInput, OrganisationInput, Address, ID_TYPES, DEFAULT_TIME_ZONE, debtorIssues, normaliseDebtor,
  identityKey, isValidIdNumber, isValidTimeZone, normaliseIdNumber, normalisePhone, maskIdNumber,
  type IdType, type DebtorIssue,
} from './debtor.js';
/** Pinyin / initials search keys for names. */
export { nameSearchKeys, nameMatches, normaliseQuery, type NameSearchKeys } from './search-keys.js';
/** Related parties and the COL-33 debt-related / unrelated distinction. */
export {
  RelatedPartyInput, RELATIONSHIPS, THIRD_PARTY_CLASSES, classifyThirdParty, mayAskToPay, mayDiscloseDebt,
  type Relationship, type ThirdPartyClass,
} from './parties.js';
export { DebtorErrors, type DebtorErrorCode } from './errors.js';
/** Database use cases (tenant-scoped tx). registerDebtor and registerDebtors (batch, same outcome, ids in input order) throw the DEBTORS_* validation codes; get/reveal throw DEBTORS_NOT_FOUND. */
export {
  debtorKeys, debtorKeysFromSecrets, registerDebtor, registerDebtors, getDebtor, findDebtorByIdentity, revealIdNumber, revealContactPoints, addRelatedParty,
  listRelatedParties, suppressRelatedParty, searchDebtorIds, debtorRegions, debtorSummaries, type DebtorKeys, type DebtorView, type RelatedPartyView,
} from './store.js';
/** Data-subject rights and retention (PI-07, PI-09). correctDebtorField throws DEBTORS_NOT_FOUND, DEBTORS_PURGED, DEBTORS_CORRECTION_INVALID, DEBTORS_PHONE_INVALID, DEBTORS_EMAIL_INVALID; purgeDebtor throws DEBTORS_NOT_FOUND. */
export {
  CORRECTABLE_FIELDS, PURGED, normaliseCorrection, maskCorrection, correctDebtorField, purgeDebtor, debtorPurgeStatus,
  type CorrectableField, type CorrectionResult, type PurgeResult,
} from './rights.js';
/** Retention purge across modules (PI-07): shared scope/result shapes and free-text scrubbing for each module's purge.ts. */
export { FREE_TEXT_KEYS, prepareNeedles, holdsPersonalData, scrubJson, idArray, debtorNeedles, type PurgeScope, type ModulePurgeResult } from './purge-text.js';
