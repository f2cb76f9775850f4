// Response types of the documents API (src/modules/documents/routes.ts).
export type DocKind =
  | 'demand_letter' | 'lawyer_letter' | 'debt_acknowledgment' | 'repayment_agreement' | 'mediation_agreement' | 'assignment_notice'
  | 'statement_of_claim' | 'preservation_application' | 'payment_order_application' | 'enforcement_application' | 'power_of_attorney'
  | 'evidence_list' | 'pre_suit_mediation_application';

export interface KindInfo { kind: DocKind; rule: string; title: string; audience: 'court' | 'party'; legalBasis: string[]; signable: boolean; allowed: boolean; reason: string | null }
export interface Missing { field: string; label: string; needs?: string[] }
export interface CaseField { name: string; label: string; type: string; required: boolean; source: string | null; text: string | null; capitals: string | null; overridden: boolean }
export interface FieldsResponse { kind: DocKind; templateVersion: number; fields: CaseField[]; missing: Missing[]; invalid: Array<{ field: string; label: string; reason: string }> }
export interface Signature { signedAt: string; method: string; signerRef: string; evidenceLeaf: number; documentSha256: string }
export type SigningParty = 'debtor' | 'creditor' | 'mediator';
export interface PartySignature { party: SigningParty; signedAt: string; method: string; signer: string; capacity: 'self' | 'on_behalf'; evidenceLeaf: number; documentSha256: string; documentSm3: string | null }
/** "Signed by k of n" over this exact digest (DOC-08/09/10). */
export interface SigningInfo { required: SigningParty[]; signedCount: number; requiredCount: number; fullySigned: boolean; signatures: PartySignature[] }
export interface SigningStatus extends SigningInfo { documentId: string; kind: DocKind; caseId: string | null; sha256: string; sm3: string }
export interface PendingSigning extends SigningStatus { party: SigningParty; createdAt: string; caseRef: string | null }
export interface SignResult { signatureId: string; documentId: string; party: SigningParty; documentSha256: string; documentSm3: string; signedAt: string; method: string; capacity: 'self' | 'on_behalf'; evidenceLeaf: number; status: SigningStatus }
export interface GeneratedDoc {
  id: string; kind: DocKind; caseId: string | null; format: 'docx' | 'pdf'; sha256: string; sm3: string; size: number; templateVersion: number; templateSource: string;
  evidenceLeaf: number; total: string | null; createdBy?: string; createdAt: string; batchId: string | null; signature: Signature | null; signing?: SigningInfo | null;
}
export interface TemplateSummary { kind: DocKind; title: string; rule: string; version: number; source: 'tenant' | 'shipped' }
export interface ActiveTemplate { kind: DocKind; version: number; source: 'tenant' | 'shipped'; template: Record<string, unknown> }
export interface TemplateVersion { version: number; source: string; createdBy: string; createdAt: string }
export interface Batch {
  id: string; kind: DocKind; format: 'docx' | 'pdf'; status: 'queued' | 'running' | 'finished'; total: number; done: number;
  failed: Array<{ caseId: string; reason: string; missing?: Missing[] }>; createdBy: string; createdAt: string; finishedAt: string | null;
}
