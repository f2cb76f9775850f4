// Types and calls of the cases API (src/modules/cases/routes.ts): case list and file, workflow, tasks, notes,
// attachments, SLA, imports, creditors, leads, the creditor portal and hand-offs. Money is a decimal string.
import { ApiError, type Problem } from './client';

export const CASE_STAGES = ['intake', 'verification', 'active', 'negotiation', 'payment_plan', 'legal', 'enforcement', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const CLOSE_REASONS = ['paid', 'settled', 'uncollectible', 'recalled', 'transferred'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const HOLD_KINDS = ['dispute', 'complaint', 'cease_contact', 'bankruptcy', 'deceased', 'legal_hold'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];
export const DPD_BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd181_360', 'd361_plus'] as const;
export const BALANCE_BANDS = ['lt5k', '5k_20k', '20k_50k', '50k_200k', 'gte200k'] as const;
export const CASE_SORTS = ['placedAt', 'dueDate', 'dpd', 'principal', 'ref', 'stage'] as const;
/** Outcome codes of a touch (mirror of src/modules/cases/workbench.ts OUTCOME_CODES). */
export const OUTCOME_CODES: Record<string, { zh: string; en: string }> = {
  contacted_promise: { zh: '已联系，承诺还款', en: 'Contacted: promise to pay' },
  contacted_refused: { zh: '已联系，拒绝还款', en: 'Contacted: refused to pay' },
  contacted_hardship: { zh: '已联系，称经济困难', en: 'Contacted: hardship stated' },
  contacted_paid_claimed: { zh: '已联系，称已还款', en: 'Contacted: says already paid' },
  wrong_number: { zh: '号码错误', en: 'Wrong number' },
  no_answer: { zh: '无人接听', en: 'No answer' },
  busy: { zh: '占线', en: 'Line busy' },
  left_message: { zh: '已留言', en: 'Left a message' },
  third_party_message: { zh: '第三方转告', en: 'Message via a third party' },
  dispute_raised: { zh: '债务人提出异议', en: 'Debtor disputes the debt' },
  cease_requested: { zh: '要求停止联系', en: 'Asked not to be contacted' },
  deceased_reported: { zh: '告知债务人已故', en: 'Reported deceased' },
};
export const TOUCH_CHANNELS = ['phone', 'sms', 'email', 'letter', 'visit', 'wechat', 'portal'] as const;
/** Roles that may unmask a debtor's identifiers with a reason (mirror of REVEAL_PERMISSIONS, PI-20). */
export const REVEAL_ROLES = ['tenant_admin', 'legal_officer', 'compliance_officer', 'mediator'];
export const ENTRUSTMENT_SCOPES = ['collection_outsourcing', 'mediation', 'legal_documents', 'debt_consulting', 'asset_monitoring'] as const;
export type SlaStatus = 'on_track' | 'at_risk' | 'breached' | 'met';

export interface CaseListItem {
  id: string;
  ref: string;
  stage: CaseStage;
  closeReason: string | null;
  debtorId: string;
  debtorName: string;
  debtorIdMasked: string;
  creditorId: string;
  creditorName?: string;
  contractNumber: string;
  principal: string;
  outstanding?: string;
  daysPastDue?: number;
  dpdBucket?: string;
  balanceBand?: string;
  currency: string;
  dueDate: string;
  placedAt: string;
  assignedTo: string | null;
  assignedToName?: string | null;
  onHold: boolean;
}
export interface CaseList {
  total: number;
  /** false when `total` is a lower bound (more than 10,000 matches past the page) */
  totalExact?: boolean;
  items: CaseListItem[];
}

/** Filters of the case list; also what a saved view stores. */
export interface CaseFilters {
  q?: string;
  stage?: CaseStage;
  hold?: string;
  dpdBucket?: string;
  balanceBand?: string;
  collectorId?: string;
  creditorId?: string;
  sort?: string;
  order?: 'asc' | 'desc';
}

export function queryString(o: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface CaseFile {
  id: string;
  ref: string;
  stage: CaseStage;
  closeReason: string | null;
  stageSince: string;
  placedAt: string;
  assignedTo: string | null;
  creditor: { id: string; code: string; name: string };
  debtor: {
    id: string;
    kind: string;
    name: string;
    idNumberMasked: string;
    timeZone: string;
    contactPoints: { id: string; kind: string; masked: string; suppressed: boolean }[];
  };
  debt: {
    id: string;
    contractNumber: string;
    originalCreditor: string;
    product: string | null;
    currency: string;
    principal: string;
    contractRateBps: number;
    originationDate: string;
    dueDate: string;
  };
  position: {
    asOf: string;
    outstanding: string;
    principal: string;
    interest: string;
    penalty: string;
    fees: string;
    paid: string;
    daysPastDue: number;
    appliedRateBps: number;
    rateCapBps: number;
  };
  sla: { status: SlaStatus; dueAt: string | null; remainingMs: number };
  holds: { holdId: string; kind: HoldKind; reason: string; placedAt: string; resumeAt: string | null }[];
  collectible: boolean;
  allowedTransitions: CaseStage[];
  promises: { id: string; dueDate: string; amount: string; status: 'pending' | 'kept' | 'broken'; paidTowards: string }[];
  lock: { holderId: string; holderName?: string; since?: string; expiresAt: string } | null;
  /** CALC-02 limitation status, recomputed by the server from the limitation events on every read. */
  limitation: Limitation;
  /** Payments recorded on the debt; `amount` still counts after the ledger's reversals and refunds. */
  payments: { id: string; paidOn: string; amount: string; recorded: string; removed: string; source: string }[];
}

export const LIMITATION_EVENT_TYPES = [
  'demand_delivered', 'debtor_agreed', 'partial_payment', 'suit_filed', 'arbitration_filed', 'payment_order_applied', 'preservation_applied',
  'enforcement_applied', 'mediation_requested', 'assignment_notice_delivered',
] as const;
export type LimitationEventType = (typeof LIMITATION_EVENT_TYPES)[number];
export type LimitationState = 'running' | 'interrupted' | 'expired' | 'waived_by_ack';
export type LimitationEffect = 'restarted' | 'waived' | 'ignored_after_expiry' | 'before_start' | 'after_as_of';

export interface Limitation {
  rule: 'CALC-02';
  state: LimitationState;
  asOf: string;
  knewOn: string;
  runsFrom: string;
  expiresOn: string;
  longStopOn: string;
  daysLeft: number;
  waivedOn: string | null;
  events: { type: LimitationEventType; on: string; source: 'recorded' | 'payment' | 'debt_record'; note: string | null; effect: LimitationEffect }[];
}

export interface TimelineEvent {
  seq: number;
  at: string;
  type: string;
  actorId: string | null;
  detail: Record<string, unknown>;
}

export interface Party {
  id: string;
  name: string;
  relationship: string;
  classification: 'debt_related_third_party' | 'unrelated_third_party';
  phoneMasked: string | null;
  suppressed: boolean;
  mayAskToPay: boolean;
  mayDiscloseDebt: boolean;
}

export interface Task {
  id: string;
  caseId: string;
  caseRef?: string;
  kind: string;
  title: string;
  dueAt: string | null;
  assignedTo: string | null;
  status: string;
  createdAt: string;
  doneAt: string | null;
}

export interface Note {
  id: string;
  text: string;
  authorId: string | null;
  authorName?: string | null;
  createdAt: string;
}

export interface Attachment {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy?: string | null;
  createdAt: string;
}

export interface CaseView {
  id: string;
  name: string;
  filters: CaseFilters;
  shared?: boolean;
  ownerId?: string;
}

export interface SlaSummary {
  met: number;
  onTrack: number;
  atRisk: number;
  breached: number;
  windowDays: number;
  byCreditor: { creditorId: string; name: string; met: number; onTrack: number; atRisk: number; breached: number }[];
  daily: { date: string; placed: number; firstActionOnTime: number; breached: number }[];
  /** Open cases whose first action is due within 24 h (or in the last 25 % of the window), soonest first. */
  atRiskCases: SlaCase[];
  /** Open cases whose window ran out with no first action (most overdue first; `hoursLeft` negative). */
  breachedCases: SlaCase[];
  breachedOpenTotal: number;
}

export interface SlaCase {
  caseId: string;
  ref: string;
  /** Always masked on the board. */
  debtorName: string;
  creditor: { id: string; name: string };
  collector: { id: string; name: string } | null;
  stage: CaseStage;
  placedAt: string;
  dueAt: string;
  hoursLeft: number;
}

export interface ImportRowError {
  row: number;
  field: string;
  code?: string;
  reason: string;
}
export interface ImportPreview {
  kind: 'csv' | 'xlsx';
  headers: string[];
  suggestedMapping: Record<string, string>;
  fields: string[];
  rows: Record<string, string>[];
}
export interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'rejected';
  mode: 'dry_run' | 'all_or_nothing' | 'valid_only';
  fileName: string;
  creditorId: string;
  total: number | null;
  processed: number;
  inserted: number;
  duplicates: number;
  errorCount: number;
  errors: ImportRowError[];
  rejectedFileAvailable: boolean;
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}
/** Our import fields; the first five and one of idNumber/uscc are required (mirror of src/modules/cases/import.ts). */
export const REQUIRED_IMPORT_FIELDS = ['contractNumber', 'debtorName', 'principal', 'originationDate', 'dueDate'];

export interface Creditor {
  id: string;
  code: string;
  name: string;
  lenderKind: string;
  firstActionHours: number | null;
}

export interface Lead {
  id: string;
  name: string;
  role: string;
  contactMasked: string;
  message: string;
  status: string;
  createdAt: string;
}

export interface CreditorOverview {
  creditors: { id: string; code: string; name: string }[];
  byStage: { stage: CaseStage; count: number }[];
  sla: { windowDays: number; met: number; onTrack: number; atRisk: number; breached: number; complianceRate: number | null };
  cases: { total: number; items: CaseListItem[] };
}

export interface IncomingTransfer {
  id: string;
  fromTenantId: string;
  createdAt: string;
  packageDigest: string;
  summary: { fromRef: string; creditorName: string; contractNumber: string; principal: string; currency: string; events: number };
}

export interface Handoff {
  id: string;
  kind: 'legal_track' | 'lawyer' | 'agency' | 'received';
  target: string | null;
  reason: string;
  actorId: string | null;
  at: string;
  transferId: string | null;
  packageDigest: string | null;
}

/** The status of a case at an instant, replayed from its timeline (same rules as replayCaseAt on the server). */
export function replayTimeline(events: TimelineEvent[], at: Date): { stage: CaseStage | null; closeReason: string | null; holds: { holdId: string; kind: HoldKind; reason: string; resumeAt: string | null }[] } {
  let stage: CaseStage | null = null;
  let closeReason: string | null = null;
  let holds: { holdId: string; kind: HoldKind; reason: string; resumeAt: string | null }[] = [];
  const live = (when: number) => (h: { resumeAt: string | null }) => h.resumeAt === null || new Date(h.resumeAt).getTime() > when;
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const when = new Date(e.at).getTime();
    if (when > at.getTime()) break;
    holds = holds.filter(live(when));
    const d = e.detail;
    if (e.type === 'placed') stage = 'intake';
    else if (e.type === 'transitioned') {
      stage = d.to as CaseStage;
      closeReason = (d.closeReason as string | null | undefined) ?? null;
    } else if (e.type === 'hold_placed') holds.push({ holdId: String(d.holdId), kind: d.kind as HoldKind, reason: String(d.reason ?? ''), resumeAt: (d.resumeAt as string | null | undefined) ?? null });
    else if (e.type === 'hold_released') holds = holds.filter((h) => h.holdId !== d.holdId);
  }
  return { stage, closeReason, holds: holds.filter(live(at.getTime())) };
}

/** A multipart upload (one file plus text fields) with the session's CSRF token; problems become ApiError. */
export async function upload<T>(url: string, file: File | Blob, fileName: string, fields: Record<string, string>, csrf: string): Promise<T> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', file, fileName);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', credentials: 'include', headers: { accept: 'application/json', 'x-csrf-token': csrf }, body: fd });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'NETWORK', detail: (e as Error).message });
  }
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (data && typeof data === 'object' && 'code' in data) throw new ApiError(data as Problem);
    throw new ApiError({ status: res.status, code: `HTTP_${res.status}`, detail: typeof data === 'string' ? data.slice(0, 200) : undefined });
  }
  return data as T;
}

/** Downloads a GET response as a file (export, attachment, rejected rows). */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: 'include' });
  if (!res.ok) {
    const type = res.headers.get('content-type') ?? '';
    const data: unknown = type.includes('json') ? await res.json() : await res.text();
    if (data && typeof data === 'object' && 'code' in data) throw new ApiError(data as Problem);
    throw new ApiError({ status: res.status, code: `HTTP_${res.status}` });
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1] ?? m[2]) : fallbackName;
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
