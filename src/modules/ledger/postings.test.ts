import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.js';
import {
  accounts, applyTransfers, balanceOf, balancesFrom, parseAccount, previewTransfers, reverseTransfer, trialBalance,
  validateReversals, validateTransfer, type Transfer,
} from './postings.js';

const t = (over: Partial<Transfer> & Pick<Transfer, 'id' | 'debit' | 'credit' | 'code'>): Transfer => ({ amountFen: 100n, currency: 'CNY', ...over });
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  return 'no error';
};

describe('account addresses', () => {
  it('parses the readable addresses', () => {
    expect(parseAccount('escrow:creditor:cr_1')).toMatchObject({ kind: 'escrow', scope: 'creditor', id: 'cr_1' });
    expect(parseAccount('world').kind).toBe('world');
    expect(accounts.suspense('ten_1')).toBe('suspense:tenant:ten_1');
  });
  it('COL-44: there is no address for a person or an agent, and scopes must match the kind', () => {
    for (const a of ['person:debtor:1', 'agent:collector:usr_1', 'escrow:case:1', 'escrow:creditor:', 'fees:creditor:x', 'escrow:creditor:a:b']) {
      expect(code(() => parseAccount(a))).toBe('LEDGER_ACCOUNT_INVALID');
    }
  });
});

describe('transfer validation', () => {
  const receipt = t({ id: 'a', debit: 'world', credit: accounts.escrow('cr1'), code: 'payment_received' });
  it('accepts a receipt into the creditor escrow', () => expect(() => validateTransfer(receipt)).not.toThrow());
  it('refuses zero, negative and non-bigint amounts', () => {
    expect(code(() => validateTransfer({ ...receipt, amountFen: 0n }))).toBe('LEDGER_TRANSFER_INVALID');
    expect(code(() => validateTransfer({ ...receipt, amountFen: -5n }))).toBe('LEDGER_TRANSFER_INVALID');
    expect(code(() => validateTransfer({ ...receipt, amountFen: 1.5 as unknown as bigint }))).toBe('LEDGER_TRANSFER_INVALID');
  });
  it('refuses a bad currency and a self-transfer', () => {
    expect(code(() => validateTransfer({ ...receipt, currency: 'rmb' }))).toBe('LEDGER_TRANSFER_INVALID');
    expect(code(() => validateTransfer({ ...receipt, credit: 'world' }))).toBe('LEDGER_TRANSFER_INVALID');
  });
  it('COL-44: a receipt may not go to the fees account or a receivable', () => {
    expect(code(() => validateTransfer({ ...receipt, credit: accounts.fees('t1') }))).toBe('LEDGER_FORBIDDEN_DESTINATION');
    expect(code(() => validateTransfer({ ...receipt, credit: accounts.receivable('c1') }))).toBe('LEDGER_FORBIDDEN_DESTINATION');
  });
  it('COL-44: a fee is never charged to the debtor receivable', () => {
    expect(code(() => validateTransfer(t({ id: 'f', debit: accounts.receivable('c1'), credit: accounts.fees('t1'), code: 'fee_charged' })))).toBe('LEDGER_FEE_ON_DEBTOR');
    expect(() => validateTransfer(t({ id: 'f', debit: accounts.escrow('cr1'), credit: accounts.fees('t1'), code: 'fee_charged' }))).not.toThrow();
  });
  it('refuses codes routed between the wrong kinds', () => {
    expect(code(() => validateTransfer(t({ id: 'd', debit: accounts.fees('t1'), credit: 'world', code: 'disbursement' })))).toBe('LEDGER_TRANSFER_INVALID');
  });
});

describe('applying batches', () => {
  const esc = accounts.escrow('cr1');
  it('moves money and keeps the trial balance at zero', () => {
    const b = applyTransfers(new Map(), [
      t({ id: '1', debit: 'world', credit: esc, code: 'payment_received', amountFen: 1000n }),
      t({ id: '2', debit: esc, credit: accounts.fees('t1'), code: 'fee_charged', amountFen: 150n }),
    ]);
    expect(balanceOf(b.get(esc)!.balance)).toBe(850n);
    expect(balanceOf(b.get(accounts.fees('t1'))!.balance)).toBe(150n);
    expect(trialBalance(b).get('CNY')).toBe(0n);
  });
  it('is all-or-nothing: an overdraft in the last transfer leaves the input untouched', () => {
    const start = balancesFrom([t({ id: '0', debit: 'world', credit: esc, code: 'payment_received', amountFen: 100n })]);
    const batch = [
      t({ id: '1', debit: esc, credit: 'world', code: 'disbursement', amountFen: 60n }),
      t({ id: '2', debit: esc, credit: 'world', code: 'disbursement', amountFen: 60n }),
    ];
    expect(code(() => applyTransfers(start, batch))).toBe('LEDGER_INSUFFICIENT_FUNDS');
    expect(balanceOf(start.get(esc)!.balance)).toBe(100n);
    const p = previewTransfers(start, batch);
    expect(p.ok).toBe(false);
    expect(p.outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(p.outcomes[1]!.error!.code).toBe('LEDGER_INSUFFICIENT_FUNDS');
    expect(p.outcomes[0]!.debitBalanceAfter).toBe(40n);
  });
  it('a receivable cannot be paid past zero (overpayment must go to suspense)', () => {
    const start = balancesFrom([t({ id: '0', debit: accounts.receivable('c1'), credit: 'world', code: 'claim_placed', amountFen: 100n })]);
    expect(code(() => applyTransfers(start, [t({ id: '1', debit: 'world', credit: accounts.receivable('c1'), code: 'payment_applied', amountFen: 101n })]))).toBe('LEDGER_INSUFFICIENT_FUNDS');
    expect(() => applyTransfers(start, [t({ id: '1', debit: 'world', credit: accounts.receivable('c1'), code: 'payment_applied', amountFen: 100n })])).not.toThrow();
  });
  it('refuses mixing currencies on one account', () => {
    const start = balancesFrom([t({ id: '0', debit: 'world', credit: esc, code: 'payment_received' })]);
    expect(code(() => applyTransfers(start, [t({ id: '1', debit: 'world', credit: esc, code: 'payment_received', currency: 'USD' })]))).toBe('LEDGER_CURRENCY_MISMATCH');
  });
});

describe('reversals', () => {
  const orig = t({ id: 'o', debit: 'world', credit: accounts.escrow('cr1'), code: 'payment_received', amountFen: 500n, linkedGroup: 'g' });
  it('is a new transfer in the opposite direction referencing the original', () => {
    const r = reverseTransfer(orig, 'r');
    expect(r).toMatchObject({ debit: orig.credit, credit: orig.debit, amountFen: 500n, code: 'reversal', reversesId: 'o' });
    const b = applyTransfers(balancesFrom([orig]), [r]);
    expect(balanceOf(b.get(accounts.escrow('cr1'))!.balance)).toBe(0n);
  });
  it('refuses a second reversal, an unknown original and a non-mirroring reversal', () => {
    const r = reverseTransfer(orig, 'r');
    expect(code(() => validateReversals([orig, r], [reverseTransfer(orig, 'r2')]))).toBe('LEDGER_ALREADY_REVERSED');
    expect(code(() => validateReversals([orig], [r, reverseTransfer(orig, 'r2')]))).toBe('LEDGER_ALREADY_REVERSED');
    expect(code(() => validateReversals([], [r]))).toBe('LEDGER_TRANSFER_NOT_FOUND');
    expect(code(() => validateReversals([orig], [{ ...r, amountFen: 400n }]))).toBe('LEDGER_TRANSFER_INVALID');
    expect(() => validateReversals([orig], [r])).not.toThrow();
  });
  it('refuses a reversal without a reference', () => {
    expect(code(() => validateTransfer({ ...reverseTransfer(orig, 'r'), reversesId: undefined }))).toBe('LEDGER_TRANSFER_INVALID');
  });
});
