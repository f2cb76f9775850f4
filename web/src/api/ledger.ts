// Response types of the ledger API (src/modules/ledger/routes.ts). Money is a decimal string ("1234.56").

export interface LedgerPayment {
  paymentId: string;
  valueDate: string;
  bookedAt: string;
  amount: string;
  refunded: string;
  reversed: boolean;
  source: string;
  reference: string | null;
}

export interface PlanInstalment { no: number; dueDate: string; amount: string; status: string | null; paid: string | null }
export interface Plan {
  id: string;
  caseId: string;
  proposerKind: 'debtor' | 'staff';
  createdAt: string;
  acceptedAt: string | null;
  agreementVersion: number;
  balance: string;
  total: string;
  discount: string;
  termMonths: number;
  instalments: PlanInstalment[];
  assessment: { paid: string; missedCount: number; broken: boolean; remaining: string; completed: boolean } | null;
  notices?: { instalment: number; kind: string; sentAt: string; delivery: { channel: string; outcome: 'sent' | 'refused' | 'no_contact_point' | 'failed'; ruleIds: string[] } | null }[];
}

export interface PlanBounds { minInstalment: string; maxTermMonths: number; settlementFloorBps: number }

export interface CaseLedger {
  caseId: string;
  ref: string;
  creditorId: string;
  currency: string;
  claimPlaced: string;
  owed: string;
  paid: string;
  payments: LedgerPayment[];
  allocation: {
    asOf: string;
    order: string[];
    outstanding: { costs: string; interest: string; principal: string; total: string };
    totals: { paid: string; costs: string; interest: string; principal: string; unapplied: string; interestAccrued: string };
    lines: { paymentId: string; valueDate: string; amount: string; costs: string; interest: string; principal: string; unapplied: string }[];
  };
  fees: { agreementVersion: number; netRecovered: string; contingencyCharged: string; fixedCharged: string; basis: string };
  planBounds: PlanBounds;
  plans: Plan[];
}

export type PaymentMethod = 'alipay' | 'wechat' | 'unionpay' | 'bank_transfer';

export interface PortalLedger {
  caseId: string;
  ref: string;
  currency: string;
  owed: string;
  paid: string;
  itemised: { costs: string; interest: string; principal: string };
  payments: Omit<LedgerPayment, 'paymentId' | 'bookedAt'>[];
  methods: PaymentMethod[];
  planBounds: PlanBounds;
  plans: Plan[];
  collectionFees: '0.00';
}

export type GatewayRequest =
  | { kind: 'redirect'; method: 'GET' | 'POST'; url: string; fields: Record<string, string> }
  | { kind: 'qr'; codeUrl: string | null }
  | { kind: 'bank_transfer'; accountName: string; bankName: string; accountNo: string; reference: string; amount: string; currency: string };
/** checkoutUrl: a page to open (sandbox checkout, Alipay GET link); gateway: the real gateway's request when the tenant enabled one. */
export interface Checkout { intentId: string; amount: string; method: PaymentMethod; provider: string; payee: string; reference: string; checkoutUrl: string | null; gateway: GatewayRequest | null }

export type GatewayName = 'alipay' | 'wechat' | 'unionpay' | 'bank_transfer';
/** A tenant's gateway configuration as the API shows it: key NAMES that are set, never their values. */
export interface GatewayConfig { gateway: GatewayName; enabled: boolean; version: number; settings: Record<string, string>; secretsSet: string[]; secretsRequired: string[]; updatedAt: string | null; updatedBy: string | null; webhookUrl: string | null }
export interface ReminderSettings { daysBefore: number; channel: 'sms' | 'email'; version: number }

export interface Escrow {
  creditorId: string;
  creditorName: string;
  currency: string;
  balance: string;
  received: string;
  fees: string;
  refunded: string;
  disbursed: string;
  pendingDisbursement: string;
}

export interface FeeIncome { balance: string; charged: string; refunded: string; byCreditor: { creditorId: string; contingency: string; fixed: string }[]; byMonth: { month: string; net: string }[] }

export interface Disbursement { id: string; creditorId: string; amount: string; currency: string; reference: string; threshold: string; requestedBy: string; status: 'pending_approval' | 'paid'; approvedBy: string | null; transferId: string | null }

export interface Recovery { day: string; recovered: string; payments: number }

export interface ReconciliationLine { line: number; date: string; amount: string; payer: string; reference: string; outcome: 'matched' | 'suspense' | 'ignored'; rule: string | null; caseId: string | null; transferId: string | null; resolved: boolean }
export interface Reconciliation { id: string; fileName: string; createdAt: string; lineCount: number; report: string; replayed: boolean; summary: { matched: number; suspense: number; ignored: number }; lines: ReconciliationLine[] }
export interface Booked { replayed: boolean; paymentId: string | null; applied: string; toSuspense: string; feesCharged: string }

/** Multipart upload with the session's CSRF token; problem+json errors become the same ApiError as the JSON client. */
export async function uploadStatement(file: File, csrf: string): Promise<Reconciliation> {
  const { ApiError } = await import('./client');
  const fd = new FormData();
  fd.append('file', file, file.name);
  const res = await fetch('/api/v1/reconciliations', { method: 'POST', credentials: 'include', headers: { 'x-csrf-token': csrf, accept: 'application/json' }, body: fd });
  const data = (await res.json().catch(() => ({}))) as Reconciliation & { code?: string; status?: number };
  if (!res.ok) throw new ApiError({ status: res.status, code: data.code ?? `HTTP_${res.status}`, ...(data as object) });
  return data;
}

/** Money strings → fen for sums on the client (never floating point). */
export function toFen(s: string): bigint {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i || '0') * 100n + BigInt((f + '00').slice(0, 2));
  return neg ? -v : v;
}
export function fenToYuan(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}
