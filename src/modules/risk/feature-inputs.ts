// Typed inputs for debtor feature computation. Money is bigint fen (CONTRIBUTING); dates are ISO 'YYYY-MM-DD'
// (contact attempts carry the debtor-local hour). Demographics arrive already reduced to bands, and the type has
// no field for sex, ethnicity, religion or other protected attributes (COL-85: no unfair discrimination).

export const MERCHANT_CATEGORIES = [
  'salary',
  'government_benefit',
  'transfer_in',
  'transfer_out',
  'loan_app',
  'loan_repayment',
  'gambling',
  'cash_withdrawal',
  'rent',
  'utilities',
  'groceries',
  'ecommerce',
  'fees',
  'other',
] as const;
export type MerchantCategory = (typeof MERCHANT_CATEGORIES)[number];

export interface BankTransaction {
  date: string;
  /** Positive = inflow, negative = outflow (fen). */
  amountFen: bigint;
  /** Account balance after the transaction (fen), when the statement has it. */
  balanceFen?: bigint;
  category: MerchantCategory;
}

export interface RepaymentInstalment {
  dueDate: string;
  dueFen: bigint;
  paidFen: bigint;
  /** Date of the last payment towards this instalment; null when nothing was paid. */
  paidDate: string | null;
}

export interface PromiseToPay {
  madeDate: string;
  dueDate: string;
  amountFen: bigint;
  kept: boolean;
}

export const CONTACT_CHANNELS = ['voice', 'sms', 'im', 'email', 'letter'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactOutcome = 'no_answer' | 'answered' | 'responded' | 'invalid_number' | 'refused' | 'promise';

export interface ContactAttempt {
  date: string;
  /** Debtor-local hour 0–23. */
  hour: number;
  channel: ContactChannel;
  outcome: ContactOutcome;
}

export const DEBT_PRODUCTS = ['credit_card', 'consumer_loan', 'microloan', 'bnpl', 'auto_loan', 'mortgage'] as const;
export type DebtProduct = (typeof DEBT_PRODUCTS)[number];

export interface DebtInput {
  product: DebtProduct;
  principalFen: bigint;
  outstandingFen: bigint;
  interestFen: bigint;
  feesFen: bigint;
  originatedDate: string;
  /** First missed due date (start of delinquency). */
  delinquentSince: string | null;
  lastPaymentDate: string | null;
}

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export const INCOME_BANDS = ['none', '<3k', '3k-6k', '6k-10k', '10k-20k', '20k+'] as const;
export const CITY_TIERS = ['tier1', 'tier2', 'tier3', 'tier4+', 'unknown'] as const;
export const EMPLOYMENT_BANDS = ['employed', 'self_employed', 'unemployed', 'retired', 'student', 'unknown'] as const;

/** Demographics reduced to bands. Deliberately no sex, ethnicity, religion, marital status or health fields. */
export interface DemographicBands {
  ageBand: (typeof AGE_BANDS)[number];
  incomeBand: (typeof INCOME_BANDS)[number];
  cityTier: (typeof CITY_TIERS)[number];
  employment: (typeof EMPLOYMENT_BANDS)[number];
  /** Years at current address, banded 0: <1, 1: 1–3, 2: 3–5, 3: 5+. */
  residenceBand: 0 | 1 | 2 | 3;
}

export interface DebtorFeatureInput {
  asOf: string;
  transactions: BankTransaction[];
  instalments: RepaymentInstalment[];
  promises: PromiseToPay[];
  contacts: ContactAttempt[];
  debts: DebtInput[];
  demographics: DemographicBands;
}

const DAY = 86_400_000;
/** Days since 1970-01-01 of an ISO date (UTC). */
export function epochDay(iso: string): number {
  return Math.floor(Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / DAY);
}

/** ISO date of an epoch day. */
export function isoDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Fen (bigint) to yuan as a float — for model features only, never for stored money. */
export function fenToYuan(fen: bigint): number {
  return Number(fen) / 100;
}
