// Double-entry postings (TigerBeetle's model with Formance's readable addresses). A transfer moves a positive bigint
// amount of one currency from its debit account to its credit account; balance(account) = credits − debits, so
// every batch balances per currency by construction. Invariants guarded here: amounts > 0, one currency per transfer,
// flagged accounts never go negative, debtor money lands only in creditor escrow or tenant suspense and collection
// fees are never charged to the debtor (COL-44). A batch applies all-or-nothing; a reversal is a new transfer.
import { ledgerError } from './errors.js';

/** Account kinds the ledger knows. There is deliberately no kind for a person's or agent's account (COL-44). */
export const ACCOUNT_KINDS = ['world', 'escrow', 'receivable', 'fees', 'suspense'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface AccountAddress {
  address: string;
  kind: AccountKind;
  /** e.g. `creditor`, `case`, `tenant` */
  scope?: string;
  id?: string;
}

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const ALLOWED_SCOPES: Record<Exclude<AccountKind, 'world'>, string> = {
  escrow: 'creditor',
  receivable: 'case',
  fees: 'tenant',
  suspense: 'tenant',
};

/** Parses `world`, `escrow:creditor:<id>`, `receivable:case:<id>`, `fees:tenant:<id>`, `suspense:tenant:<id>`. */
export function parseAccount(address: string): AccountAddress {
  if (address === 'world') return { address, kind: 'world' };
  const parts = address.split(':');
  const kind = parts[0] as Exclude<AccountKind, 'world'>;
  if (parts.length !== 3 || !(kind in ALLOWED_SCOPES) || parts[1] !== ALLOWED_SCOPES[kind] || !SEGMENT.test(parts[2]!)) {
    throw ledgerError('LEDGER_ACCOUNT_INVALID', { detail: `unknown account address ${JSON.stringify(address)}`, rule: 'COL-44' });
  }
  return { address, kind, scope: parts[1], id: parts[2] };
}

export const accounts = {
  world: 'world',
  escrow: (creditorId: string) => `escrow:creditor:${creditorId}`,
  receivable: (caseId: string) => `receivable:case:${caseId}`,
  fees: (tenantId: string) => `fees:tenant:${tenantId}`,
  suspense: (tenantId: string) => `suspense:tenant:${tenantId}`,
} as const;

export interface AccountFlags {
  /** balance = credits − debits must stay ≥ 0 */
  debitsMustNotExceedCredits: boolean;
  /** balance must stay ≤ 0 */
  creditsMustNotExceedDebits: boolean;
}

/**
 * Default flags per kind. Escrow, fees and suspense hold real money and cannot be overdrawn. A receivable is
 * debited when a claim is placed (balance = −owed) and credited by payments: it may not be credited past zero, so
 * an overpayment cannot be booked against the debt and must go to suspense.
 */
export function flagsFor(address: string): AccountFlags {
  const { kind } = parseAccount(address);
  switch (kind) {
    case 'world':
      return { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false };
    case 'receivable':
      return { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true };
    default:
      return { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false };
  }
}

export const TRANSFER_CODES = [
  'claim_placed', // receivable ← world: the debt components placed with us
  'claim_adjusted', // world ← receivable: claim reduced (write-off, recall)
  'payment_received', // escrow / suspense ← world: the debtor paid into the creditor escrow
  'payment_applied', // receivable ← world: the same payment reduces the debt (memo side of the receipt)
  'payment_unapplied', // world ← receivable: a refund revives the debt by the refunded amount
  'suspense_matched', // escrow ← suspense: an unmatched receipt identified
  'fee_charged', // fees ← escrow: our fee, charged to the creditor
  'fee_refunded', // escrow ← fees: fee given back (reversed recovery)
  'disbursement', // world ← escrow: paid out to the creditor's official account
  'refund', // world ← escrow / suspense: money returned to the payer
  'reversal', // the exact opposite of an earlier transfer
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export interface Transfer {
  id: string;
  debit: string;
  credit: string;
  amountFen: bigint;
  currency: string;
  code: TransferCode;
  /** Transfers sharing a group are one business event (a receipt and its memo side); they are reversed together. */
  linkedGroup?: string;
  /** For code `reversal`: the id of the transfer it undoes. */
  reversesId?: string;
  /** Value date (YYYY-MM-DD) for back-dated receipts; defaults to the booking date. */
  valueDate?: string;
  /** Free-form, non-monetary context (case id, creditor id, bank reference). */
  meta?: Record<string, string>;
}

export interface Balance {
  debitsFen: bigint;
  creditsFen: bigint;
}

export interface AccountState {
  currency: string;
  balance: Balance;
}

export type Balances = ReadonlyMap<string, AccountState>;

export const balanceOf = (b: Balance): bigint => b.creditsFen - b.debitsFen;

const CURRENCY = /^[A-Z]{3}$/;

/** Per-transfer checks that need no balances: positive amount, currency, distinct known accounts, COL-44 routing. */
export function validateTransfer(t: Transfer): void {
  const fail = (detail: string) => ledgerError('LEDGER_TRANSFER_INVALID', { detail: `${t.id}: ${detail}` });
  if (typeof t.amountFen !== 'bigint' || t.amountFen <= 0n) throw fail('amount must be a positive bigint of fen');
  if (!CURRENCY.test(t.currency)) throw fail('currency must be an ISO 4217 code');
  if (t.debit === t.credit) throw fail('debit and credit accounts must differ');
  if (!(TRANSFER_CODES as readonly string[]).includes(t.code)) throw fail(`unknown code ${t.code}`);
  const d = parseAccount(t.debit);
  const c = parseAccount(t.credit);
  if (t.code === 'reversal') {
    if (!t.reversesId) throw fail('a reversal must name the transfer it reverses');
    return;
  }
  if (t.reversesId) throw fail('only a reversal may reference another transfer');
  const route: Record<Exclude<TransferCode, 'reversal'>, [AccountKind[], AccountKind[]]> = {
    claim_placed: [['receivable'], ['world']],
    claim_adjusted: [['world'], ['receivable']],
    payment_received: [['world'], ['escrow', 'suspense']],
    payment_applied: [['world'], ['receivable']],
    payment_unapplied: [['receivable'], ['world']],
    suspense_matched: [['suspense'], ['escrow']],
    fee_charged: [['escrow'], ['fees']],
    fee_refunded: [['fees'], ['escrow']],
    disbursement: [['escrow'], ['world']],
    refund: [['escrow', 'suspense'], ['world']],
  };
  const [debitKinds, creditKinds] = route[t.code];
  if (t.code === 'fee_charged' && d.kind !== 'escrow') {
    // COL-44: our fee comes out of the creditor's money, never out of (or onto) the debtor's debt
    throw ledgerError('LEDGER_FEE_ON_DEBTOR', { detail: `${t.id}: fees are charged to the creditor escrow only`, rule: 'COL-44' });
  }
  if (t.code === 'fee_charged' && c.kind === 'receivable') {
    throw ledgerError('LEDGER_FEE_ON_DEBTOR', { detail: `${t.id}: fees may not be added to the debt`, rule: 'COL-44' });
  }
  if (t.code === 'payment_received' && !creditKinds.includes(c.kind)) {
    throw ledgerError('LEDGER_FORBIDDEN_DESTINATION', { detail: `${t.id}: receipts go to the creditor escrow or suspense only`, rule: 'COL-44' });
  }
  if (!debitKinds.includes(d.kind) || !creditKinds.includes(c.kind)) {
    throw fail(`code ${t.code} cannot move money from ${d.kind} to ${c.kind}`);
  }
}

/** The transfer that undoes `original` in full: same amount and currency, accounts swapped, referencing it. */
export function reverseTransfer(original: Transfer, id: string, valueDate?: string): Transfer {
  return {
    id,
    debit: original.credit,
    credit: original.debit,
    amountFen: original.amountFen,
    currency: original.currency,
    code: 'reversal',
    reversesId: original.id,
    linkedGroup: original.linkedGroup ? `rev:${original.linkedGroup}` : undefined,
    valueDate: valueDate ?? original.valueDate,
    meta: original.meta,
  };
}

/**
 * Checks reversals against the history: the original exists, is not itself reversed already (in history or earlier
 * in the batch), and the reversal mirrors it exactly.
 */
export function validateReversals(history: Iterable<Transfer>, batch: readonly Transfer[]): void {
  const byId = new Map<string, Transfer>();
  const reversed = new Set<string>();
  for (const t of history) {
    byId.set(t.id, t);
    if (t.reversesId) reversed.add(t.reversesId);
  }
  for (const t of batch) {
    byId.set(t.id, t);
    if (t.code !== 'reversal') continue;
    const o = byId.get(t.reversesId!);
    if (!o) throw ledgerError('LEDGER_TRANSFER_NOT_FOUND', { detail: `${t.id} reverses unknown ${t.reversesId}` });
    if (reversed.has(o.id)) throw ledgerError('LEDGER_ALREADY_REVERSED', { detail: `${o.id} is already reversed` });
    if (o.debit !== t.credit || o.credit !== t.debit || o.amountFen !== t.amountFen || o.currency !== t.currency) {
      throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: `${t.id} does not mirror ${o.id}` });
    }
    reversed.add(o.id);
  }
}

export interface TransferOutcome {
  transfer: Transfer;
  ok: boolean;
  error?: { code: string; detail: string };
  /** Balances of the two accounts after this transfer (as if it applied). */
  debitBalanceAfter: bigint;
  creditBalanceAfter: bigint;
}

export interface Preview {
  ok: boolean;
  outcomes: TransferOutcome[];
  balances: Map<string, AccountState>;
}

function stateFor(balances: Map<string, AccountState>, address: string, currency: string): AccountState {
  const s = balances.get(address);
  if (s) return s;
  const fresh: AccountState = { currency, balance: { debitsFen: 0n, creditsFen: 0n } };
  balances.set(address, fresh);
  return fresh;
}

/** Validates `t` against `balances` and applies it in place; throws the DomainError of the first failed check. */
function applyOne(balances: Map<string, AccountState>, t: Transfer): void {
  validateTransfer(t);
  const d = stateFor(balances, t.debit, t.currency);
  const c = stateFor(balances, t.credit, t.currency);
  if (d.currency !== t.currency || c.currency !== t.currency) {
    throw ledgerError('LEDGER_CURRENCY_MISMATCH', { detail: `${t.id}: ${t.currency} vs ${d.currency}/${c.currency}` });
  }
  const dAfter = balanceOf(d.balance) - t.amountFen;
  const cAfter = balanceOf(c.balance) + t.amountFen;
  if (flagsFor(t.debit).debitsMustNotExceedCredits && dAfter < 0n) {
    throw ledgerError('LEDGER_INSUFFICIENT_FUNDS', { detail: `${t.id}: ${t.debit} would go to ${dAfter}` });
  }
  if (flagsFor(t.credit).creditsMustNotExceedDebits && cAfter > 0n) {
    throw ledgerError('LEDGER_INSUFFICIENT_FUNDS', { detail: `${t.id}: ${t.credit} would be credited past zero (${cAfter})` });
  }
  d.balance.debitsFen += t.amountFen;
  c.balance.creditsFen += t.amountFen;
}

function copyBalances(balances: Balances): Map<string, AccountState> {
  const next = new Map<string, AccountState>();
  for (const [k, v] of balances) next.set(k, { currency: v.currency, balance: { ...v.balance } });
  return next;
}

/**
 * Dry run: evaluates every transfer in order against a copy of `balances` and reports each outcome without
 * throwing (a failed transfer is skipped). `ok` is true only when all would apply.
 */
export function previewTransfers(balances: Balances, batch: readonly Transfer[]): Preview {
  const next = copyBalances(balances);
  const outcomes: TransferOutcome[] = [];
  let ok = true;
  for (const t of batch) {
    let error: TransferOutcome['error'];
    try {
      applyOne(next, t);
    } catch (e) {
      const err = e as { code?: string; message: string };
      error = { code: err.code ?? 'LEDGER_TRANSFER_INVALID', detail: err.message };
      ok = false;
    }
    const d = next.get(t.debit);
    const c = next.get(t.credit);
    outcomes.push({
      transfer: t,
      ok: !error,
      error,
      debitBalanceAfter: d ? balanceOf(d.balance) : 0n,
      creditBalanceAfter: c ? balanceOf(c.balance) : 0n,
    });
  }
  return { ok, outcomes, balances: next };
}

/**
 * Applies a batch all-or-nothing (every transfer in the batch is linked): returns new balances, or throws the first
 * failing transfer's error and leaves `balances` untouched.
 */
export function applyTransfers(balances: Balances, batch: readonly Transfer[]): Map<string, AccountState> {
  const next = copyBalances(balances);
  for (const t of batch) applyOne(next, t);
  return next;
}

/** Balances derived from a full history (the database derives the same with SUM … GROUP BY). */
export function balancesFrom(history: Iterable<Transfer>): Map<string, AccountState> {
  const m = new Map<string, AccountState>();
  for (const t of history) {
    stateFor(m, t.debit, t.currency).balance.debitsFen += t.amountFen;
    stateFor(m, t.credit, t.currency).balance.creditsFen += t.amountFen;
  }
  return m;
}

/** Σ balances per currency; a correct ledger returns 0n for every currency. */
export function trialBalance(balances: Balances): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const s of balances.values()) out.set(s.currency, (out.get(s.currency) ?? 0n) + balanceOf(s.balance));
  return out;
}
