// Response types of the privacy API (/api/v1/privacy/*; server: src/modules/privacy/routes.ts).

export type CorrectableField = 'name' | 'phone' | 'email' | 'address' | 'employer';
export const CORRECTABLE_FIELDS: CorrectableField[] = ['phone', 'email', 'address', 'name', 'employer'];

export interface ContactPoint {
  id: string;
  kind: 'phone' | 'email' | 'address';
  masked: string;
  label: string | null;
  suppressed: boolean;
}

export interface Correction {
  id: string;
  caseId: string;
  debtorId: string;
  field: CorrectableField;
  proposedMasked: string;
  replacesPointId: string | null;
  note: string | null;
  status: 'open' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

export interface MyData {
  generatedAt: string;
  controller: { note: string };
  subject: { name: string; kind: string; idType: string; idNumberMasked: string; employer: string | null; timeZone: string; contactPoints: ContactPoint[] };
  case: { id: string; ref: string; stage: string; placedAt: string; closeReason: string | null };
  source: { creditorName: string; creditorCode: string; originalCreditor: string; note: string };
  debt: { contractNumber: string; product: string | null; currency: string; principal: string; originationDate: string; dueDate: string; outstanding: string; paid: string; daysPastDue: number; asOf: string };
  purpose: { activity: string; purpose: string; legalBasis: string; categories: string[]; recipients: string; retention: string };
  retention: { days: number; note: string };
  events: Array<{ at: string; type: string; detail: string }>;
  corrections: Correction[];
  automatedDecisions: { scored: boolean; count: number };
}

export interface Explanation {
  scores: Array<{ scoreId: string; modelVersion: string; scoredAt: string; pd: number; points: number | null; reasons: Array<{ feature: string; text: string; impact: number }> }>;
  reviews: Array<{ id: string; caseId: string; scoreId: string | null; requesterKind: 'debtor' | 'staff'; reason: string; status: 'open' | 'resolved' }>;
  note: string;
}

export type LegalBasis = 'contract' | 'legal_duty' | 'consent' | 'separate_consent' | 'public_interest' | 'other';

export interface Activity {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  purpose: string;
  legalBasis: LegalBasis;
  categories: string[];
  sensitive: boolean;
  recipients: string;
  retention: string;
  securityMeasures: string;
  createdAt: string;
  updatedAt: string;
  lastPiaOn: string | null;
}

export type PiaConclusion = 'acceptable' | 'acceptable_with_measures' | 'not_acceptable';

export interface Pia {
  id: string;
  activityId: string;
  activityCode: string;
  assessedOn: string;
  scope: string;
  risks: string;
  measures: string;
  conclusion: PiaConclusion;
  approver: string;
  createdBy: string;
  createdAt: string;
}

export type RetentionStatus = 'open' | 'retained' | 'due' | 'held' | 'purged';

export interface RetentionReport {
  asOf: string;
  retentionDays: number;
  counts: Record<RetentionStatus, number>;
  items: Array<{ debtorId: string; status: RetentionStatus; closedAt: string | null; dueAt: string | null; holds: string[]; purgedAt: string | null; cases: Array<{ id: string; ref: string; stage: string; closedAt: string | null }> }>;
}

/** What the purge erases for one debtor: rows per module and table, and original files erased from the evidence store. */
export interface PurgedDebtor {
  debtorId: string;
  caseIds: string[];
  contactPoints: number;
  relatedParties: number;
  modules: Record<string, Record<string, number>>;
  filesErased: number;
}

export interface PurgeRun {
  asOf: string;
  retentionDays: number;
  held: number;
  purged: Array<PurgedDebtor & { evidenceLeaf: number }>;
  /** Debtors whose purge failed and was rolled back as a whole (retried next run). */
  failed: Array<{ debtorId: string; error: string }>;
}

/** GET /api/v1/privacy/retention/preview: the purge's dry run (nothing changes). */
export interface PurgePreview {
  asOf: string;
  retentionDays: number;
  due: number;
  items: PurgedDebtor[];
}

export interface RetentionHold {
  id: string;
  caseId: string;
  reason: string;
  placedBy: string;
  placedAt: string;
}
