// Tables of the cases module (Postgres schema "cases"). Private: other modules use index.ts.
// DDL, RLS policies and grants are in migrations/0300_cases_core.sql; these definitions type the queries.
import { pgSchema, text, timestamp, integer, bigint, boolean, date, jsonb } from 'drizzle-orm/pg-core';

export const casesSchema = pgSchema('cases');
const ts = (n: string) => timestamp(n, { withTimezone: true });

export const creditors = casesSchema.table('creditors', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  uscc: text('uscc'),
  lenderKind: text('lender_kind').$type<'private' | 'licensed_fi' | 'local_financial_org'>().notNull(),
  firstActionHours: integer('first_action_hours'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const entrustments = casesSchema.table('entrustments', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  creditorId: text('creditor_id').notNull(),
  scopes: text('scopes').array().notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  feeTermsRef: text('fee_terms_ref').notNull(),
  contractRef: text('contract_ref').notNull(),
  lawfulDebtAttestedAt: ts('lawful_debt_attested_at').notNull(),
  lawfulDebtAttestedBy: text('lawful_debt_attested_by').notNull(),
  dpaRef: text('dpa_ref').notNull(),
  dpaSignedOn: date('dpa_signed_on', { mode: 'string' }).notNull(),
  dpaPurpose: text('dpa_purpose').notNull(),
  dpaPiCategories: text('dpa_pi_categories').array().notNull(),
  dpaProtectiveMeasures: text('dpa_protective_measures').notNull(),
  dpaEndOfTerm: text('dpa_end_of_term').$type<'return' | 'delete'>().notNull(),
  subdelegationConsent: boolean('subdelegation_consent').notNull(),
  revokedAt: ts('revoked_at'),
  revokeReason: text('revoke_reason'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const debts = casesSchema.table('debts', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  creditorId: text('creditor_id').notNull(),
  debtorId: text('debtor_id').notNull(),
  originalCreditor: text('original_creditor').notNull(),
  contractNumber: text('contract_number').notNull(),
  contractKey: text('contract_key').notNull(),
  product: text('product'),
  currency: text('currency').notNull(),
  principalFen: bigint('principal_fen', { mode: 'bigint' }).notNull(),
  contractRateBps: integer('contract_rate_bps').notNull(),
  penaltyRateBps: integer('penalty_rate_bps').notNull(),
  feesFen: bigint('fees_fen', { mode: 'bigint' }).notNull(),
  originationDate: date('origination_date', { mode: 'string' }).notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  lastPaymentDate: date('last_payment_date', { mode: 'string' }),
  acknowledgedDate: date('acknowledged_date', { mode: 'string' }),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const payments = casesSchema.table('payments', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  debtId: text('debt_id').notNull(),
  paidOn: date('paid_on', { mode: 'string' }).notNull(),
  amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
  source: text('source').$type<'creditor_report' | 'escrow' | 'import'>().notNull(),
  externalRef: text('external_ref'),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
});

export const cases = casesSchema.table('cases', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  ref: text('ref').notNull(),
  debtId: text('debt_id').notNull(),
  debtorId: text('debtor_id').notNull(),
  creditorId: text('creditor_id').notNull(),
  entrustmentId: text('entrustment_id').notNull(),
  stage: text('stage').notNull(),
  closeReason: text('close_reason'),
  stageSince: ts('stage_since').notNull(),
  lastSeq: integer('last_seq').notNull(),
  placedAt: ts('placed_at').notNull(),
  firstActionAt: ts('first_action_at'),
  assignedTo: text('assigned_to'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const caseEvents = casesSchema.table('case_events', {
  tenantId: text('tenant_id').notNull(),
  caseId: text('case_id').notNull(),
  seq: integer('seq').notNull(),
  at: ts('at').notNull(),
  type: text('type').notNull(),
  actorId: text('actor_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
});

export const holds = casesSchema.table('holds', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  caseId: text('case_id').notNull(),
  kind: text('kind').notNull(),
  reason: text('reason').notNull(),
  placedAt: ts('placed_at').notNull(),
  placedBy: text('placed_by'),
  resumeAt: ts('resume_at'),
  releasedAt: ts('released_at'),
  releasedBy: text('released_by'),
  releaseReason: text('release_reason'),
});

export const tasks = casesSchema.table('tasks', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  caseId: text('case_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  dueAt: ts('due_at'),
  assignedTo: text('assigned_to'),
  status: text('status').$type<'open' | 'done' | 'cancelled'>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  doneAt: ts('done_at'),
});

export const promises = casesSchema.table('promises', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  caseId: text('case_id').notNull(),
  madeOn: date('made_on', { mode: 'string' }).notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
  graceDays: integer('grace_days').notNull(),
  madeBy: text('made_by'),
  channel: text('channel'),
  note: text('note'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const locks = casesSchema.table('locks', {
  tenantId: text('tenant_id').notNull(),
  caseId: text('case_id').notNull(),
  holderId: text('holder_id').notNull(),
  acquiredAt: ts('acquired_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const assignmentState = casesSchema.table('assignment_state', {
  tenantId: text('tenant_id').notNull(),
  rrCursor: text('rr_cursor'),
});

export const leads = casesSchema.table('leads', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<'debtor' | 'creditor' | 'other'>().notNull(),
  contactEnc: text('contact_enc').notNull(),
  contactMasked: text('contact_masked').notNull(),
  message: text('message').notNull(),
  consentAt: ts('consent_at').notNull(),
  status: text('status').$type<'new' | 'contacted' | 'converted' | 'closed'>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// ---- workbench (migrations/0310_cases_workbench.sql) ----

export const caseViews = casesSchema.table('case_views', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  ownerId: text('owner_id').notNull(),
  name: text('name').notNull(),
  filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
  shared: boolean('shared').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const notes = casesSchema.table('notes', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  caseId: text('case_id').notNull(),
  authorId: text('author_id'),
  textEnc: text('text_enc').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const attachments = casesSchema.table('attachments', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  caseId: text('case_id').notNull(),
  fileName: text('file_name').notNull(),
  mediaType: text('media_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  evidenceSeq: bigint('evidence_seq', { mode: 'number' }),
  uploadedBy: text('uploaded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const slaAlerts = casesSchema.table('sla_alerts', {
  tenantId: text('tenant_id').notNull(),
  caseId: text('case_id').notNull(),
  status: text('status').$type<'at_risk' | 'breached'>().notNull(),
  taskId: text('task_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const imports = casesSchema.table('imports', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  creditorId: text('creditor_id').notNull(),
  mode: text('mode').$type<'dry_run' | 'all_or_nothing' | 'valid_only'>().notNull(),
  status: text('status').$type<'queued' | 'running' | 'done' | 'failed' | 'rejected'>().notNull(),
  fileName: text('file_name').notNull(),
  fileKind: text('file_kind').$type<'csv' | 'xlsx'>().notNull(),
  fileEnc: text('file_enc'),
  mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
  total: integer('total'),
  processed: integer('processed').notNull(),
  inserted: integer('inserted').notNull(),
  duplicates: integer('duplicates').notNull(),
  errorCount: integer('error_count').notNull(),
  errors: jsonb('errors').$type<Array<{ row: number; field: string; reason: string }>>().notNull(),
  rejectedEnc: text('rejected_enc'),
  failure: text('failure'),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

export const creditorUsers = casesSchema.table('creditor_users', {
  tenantId: text('tenant_id').notNull(),
  userId: text('user_id').notNull(),
  creditorId: text('creditor_id').notNull(),
});

export const handoffs = casesSchema.table('handoffs', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  caseId: text('case_id').notNull(),
  kind: text('kind').$type<'legal_track' | 'lawyer' | 'agency'>().notNull(),
  target: text('target'),
  reason: text('reason').notNull(),
  actorId: text('actor_id'),
  at: ts('at').notNull(),
  transferId: text('transfer_id'),
});

export const transfers = casesSchema.table('transfers', {
  id: text('id').notNull(),
  fromTenantId: text('from_tenant_id').notNull(),
  fromCaseId: text('from_case_id').notNull(),
  toTenantId: text('to_tenant_id').notNull(),
  debtKey: text('debt_key'),
  packageEnc: text('package_enc').notNull(),
  packageDigest: text('package_digest').notNull(),
  summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<'pending' | 'accepted'>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  acceptedAt: ts('accepted_at'),
  acceptedCaseId: text('accepted_case_id'),
});
