// fast-check: whatever batch is thrown at the ledger, accepted state always balances per currency and flagged
// accounts never go negative; rejected batches change nothing; reversing everything returns every balance to zero.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accounts, applyTransfers, balanceOf, balancesFrom, flagsFor, previewTransfers, reverseTransfer, trialBalance, type AccountState, type Transfer, type TransferCode } from './postings.js';

const routes: [TransferCode, string[], string[]][] = [
  ['claim_placed', [accounts.receivable('c1'), accounts.receivable('c2')], ['world']],
  ['payment_received', ['world'], [accounts.escrow('k1'), accounts.escrow('k2'), accounts.suspense('t1')]],
  ['payment_applied', ['world'], [accounts.receivable('c1'), accounts.receivable('c2')]],
  ['fee_charged', [accounts.escrow('k1'), accounts.escrow('k2')], [accounts.fees('t1')]],
  ['fee_refunded', [accounts.fees('t1')], [accounts.escrow('k1'), accounts.escrow('k2')]],
  ['disbursement', [accounts.escrow('k1'), accounts.escrow('k2')], ['world']],
  ['suspense_matched', [accounts.suspense('t1')], [accounts.escrow('k1')]],
];
let n = 0;
const transferArb = fc
  .tuple(fc.integer({ min: 0, max: routes.length - 1 }), fc.nat(5), fc.nat(5), fc.bigInt({ min: 1n, max: 5000n }), fc.constantFrom('CNY', 'CNY', 'CNY', 'USD'))
  .map(([r, i, j, amountFen, currency]): Transfer => {
    const [code, ds, cs] = routes[r]!;
    return { id: `t${n++}`, code, debit: ds[i % ds.length]!, credit: cs[j % cs.length]!, amountFen, currency };
  });

function invariantsHold(b: Map<string, AccountState>) {
  for (const v of trialBalance(b).values()) expect(v).toBe(0n);
  for (const [addr, s] of b) {
    const f = flagsFor(addr);
    if (f.debitsMustNotExceedCredits) expect(balanceOf(s.balance)).toBeGreaterThanOrEqual(0n);
    if (f.creditsMustNotExceedDebits) expect(balanceOf(s.balance)).toBeLessThanOrEqual(0n);
  }
}

describe('postings properties', () => {
  it('accepted batches keep the ledger balanced and flagged accounts within limits; rejected batches change nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.array(transferArb, { minLength: 1, maxLength: 4 }), { maxLength: 25 }), (batches) => {
        let state = new Map<string, AccountState>();
        const accepted: Transfer[] = [];
        for (const batch of batches) {
          const snapshot = JSON.stringify([...state].map(([k, v]) => [k, v.currency, String(v.balance.debitsFen), String(v.balance.creditsFen)]));
          const preview = previewTransfers(state, batch);
          try {
            state = applyTransfers(state, batch);
            accepted.push(...batch);
            expect(preview.ok).toBe(true);
          } catch {
            expect(preview.ok).toBe(false);
            expect(JSON.stringify([...state].map(([k, v]) => [k, v.currency, String(v.balance.debitsFen), String(v.balance.creditsFen)]))).toBe(snapshot);
          }
          invariantsHold(state);
        }
        // balances derived from the accepted history equal the incrementally applied ones
        const derived = balancesFrom(accepted);
        for (const [k, v] of derived) expect(balanceOf(v.balance)).toBe(balanceOf(state.get(k)!.balance));
        // reversing the accepted history newest-first is always possible and brings every account to zero
        const reversals = [...accepted].reverse().map((t) => reverseTransfer(t, `r-${t.id}`));
        const end = applyTransfers(state, reversals);
        for (const s of end.values()) expect(balanceOf(s.balance)).toBe(0n);
      }),
      { numRuns: 150 },
    );
  });
});
