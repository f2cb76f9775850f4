// The real-gateway adapter seam (Alipay, WeChat Pay, UnionPay, bank transfer). An adapter is pure: it builds the
// outbound payment request exactly as the gateway expects it (signed parameters, or a signed prepay API call) and
// verifies + parses the gateway's asynchronous notification into a VerifiedNotification. It never touches the
// network: the request is returned for the portal to redirect to / render as a QR code; the one server-side call
// (WeChat Pay's prepay) is made by live.ts behind RECOURSE_PAYMENTS_LIVE, off by default and never in tests.
// payments-in.ts turns a VerifiedNotification into the same WebhookEvent the sandbox produces and books it under
// `webhook:<gateway>:<gateway transaction id>`, so a retried notification never moves money twice (COL-44: the
// payee is always the creditor escrow).
import { ledgerError } from '../errors.js';

export const REAL_GATEWAYS = ['alipay', 'wechat', 'unionpay'] as const;
export type RealGateway = (typeof REAL_GATEWAYS)[number];
export const GATEWAYS = [...REAL_GATEWAYS, 'bank_transfer'] as const;
export type GatewayName = (typeof GATEWAYS)[number];

/** What an adapter needs of our intent to build the request. */
export interface OutboundIntent {
  id: string;
  amountFen: bigint;
  currency: string;
  reference: string;
  tenantId: string;
  /** What the payer sees (goods description / subject). */
  subject: string;
}

export interface OutboundContext {
  notifyUrl: string;
  returnUrl: string;
  now: Date;
  /** Payment window in minutes. */
  timeoutMinutes?: number;
}

/** Browser redirect (GET link or auto-submitted POST form) to the gateway's hosted cashier. */
export interface RedirectRequest { kind: 'redirect'; gateway: RealGateway; method: 'GET' | 'POST'; url: string; fields: Record<string, string> }
/** A signed server-to-server API call (WeChat Pay prepay) whose answer (code_url) is shown as a QR code. */
export interface ApiRequest { kind: 'api'; gateway: RealGateway; method: 'POST'; url: string; headers: Record<string, string>; body: string }
/** Bank transfer: the payer remits to the escrow account with the unique reference; the statement import matches it. */
export interface BankTransferInstructions { kind: 'bank_transfer'; gateway: 'bank_transfer'; accountName: string; bankName: string; accountNo: string; reference: string; amount: string; currency: string }
export type OutboundRequest = RedirectRequest | ApiRequest | BankTransferInstructions;

/** An inbound notification as received: raw body bytes (as text) and the headers. */
export interface InboundNotification {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A notification whose signature, freshness and merchant checked out. */
export interface VerifiedNotification {
  gateway: RealGateway;
  /** The gateway's own transaction id (Alipay trade_no, WeChat transaction_id, UnionPay queryId): the replay key. */
  transactionId: string;
  /** Our intent id (out_trade_no / orderId). */
  intentId: string;
  /** true when the gateway says the money was paid; other verified notifications are acknowledged and not booked. */
  paid: boolean;
  status: string;
  amountFen: bigint;
  currency: string;
  occurredAt: string;
}

export const invalid = (detail: string) => ledgerError('LEDGER_WEBHOOK_INVALID', { detail });

export function header(h: InboundNotification['headers'], name: string): string | undefined {
  const v = h[name.toLowerCase()] ?? h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Form body → map. URLSearchParams decodes '+' as space and %XX, as application/x-www-form-urlencoded requires. */
export function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (k in out) throw invalid(`parameter ${k} given twice`);
    out[k] = v;
  }
  return out;
}

/** `k1=v1&k2=v2` over the keys sorted by code point, skipping the excluded keys (and empty values when asked). */
export function sortedPairs(params: Record<string, string>, exclude: readonly string[], skipEmpty: boolean): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && !(skipEmpty && (params[k] === undefined || params[k] === '')))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** UnionPay order ids are 8–40 letters/digits (no "_"): our intent id without its underscore, and back. */
export const toOrderId = (intentId: string) => intentId.replace('_', '');
export const fromOrderId = (orderId: string) => (/^pi[0-9a-z]{26}$/.test(orderId) ? `pi_${orderId.slice(2)}` : orderId);
