// fast-check over whole escrow histories: random payments (some overpaying into suspense), reversals, refunds, fee
// agreement changes, case transfers between creditors, disbursements and retried fee syncs. After every step:
// the ledger balances, each creditor escrow = receipts − reversed receipts − refunds − disbursements − net fees
// (counted independently of the ledger), and no fee key is ever charged more contingency than f(its net recovered).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accounts, applyTransfers, balanceOf, balancesFrom, reverseTransfer, trialBalance, type AccountState, type Transfer } from './postings.js';
import { feeFactsFrom, feeKeyOf, feeSyncTransfers, placementTransfer, receiptTransfers, refundTransfers, disbursementTransfer } from './escrow.js';
import { contingencyFee, type FeeAgreement } from './fees.js';

type Op =
  | { k: 'pay'; c: number; amt: bigint }
  | { k: 'reverse'; r: number }
  | { k: 'refund'; r: number; amt: bigint }
  | { k: 'feeChange'; cr: number; bps: bigint }
  | { k: 'transfer'; c: number }
  | { k: 'disburse'; cr: number; amt: bigint }
  | { k: 'retry' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('pay' as const), c: fc.nat(2), amt: fc.bigInt({ min: 1n, max: 400_000n }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('reverse' as const), r: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('refund' as const), r: fc.nat(20), amt: fc.bigInt({ min: 1n, max: 200_000n }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('feeChange' as const), cr: fc.nat(1), bps: fc.bigInt({ min: 0n, max: 3_000n }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), c: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('disburse' as const), cr: fc.nat(1), amt: fc.bigInt({ min: 1n, max: 300_000n }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'retry' as const }) },
);

const TENANT = 'ten1';
const CTX = { debtAgeDays: 100, debtAmountFen: 1_000_000n };
const CLAIM = 1_000_000n;

describe('escrow properties', () => {
  it('ledger balances, escrow = receipts − reversals − refunds − disbursements − fees, contingency never charged twice', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let seq = 0;
        const id = () => `x${seq++}`;
        const creditors = ['cr0', 'cr1'];
        const current: FeeAgreement[] = creditors.map((cr, i) => ({ id: `fa${i}`, version: 1, creditorId: cr, tiers: [{ bands: [{ uptoFen: 500_000n, bps: 2_000n }, { bps: 1_000n }] }], minFen: 1_000n, capFen: 150_000n }));
        const caseCreditor = [0, 1, 0];
        const caseIds = ['c0', 'c1', 'c2'];
        let history: Transfer[] = caseIds.map((c) => placementTransfer(c, CLAIM, 'CNY', id));
        let balances: Map<string, AccountState> = balancesFrom(history);
        const model = creditors.map(() => ({ receipts: 0n, reversed: 0n, refunds: 0n, disbursed: 0n, feesNet: 0n }));
        const receipts: { group: Transfer[]; creditor: number; caseId: string; feeKey: string; refunded: bigint; reversed: boolean }[] = [];
        const keys = new Map<string, FeeAgreement>();
        const agreementFor = (key: string) => keys.get(key)!;

        const commit = (batch: Transfer[]): boolean => {
          try {
            balances = applyTransfers(balances, batch);
          } catch {
            return false;
          }
          history = [...history, ...batch];
          for (const t of batch) {
            const cr = creditors.indexOf(t.meta?.creditorId ?? '');
            if (cr < 0) continue;
            if (t.code === 'payment_received' && t.credit.startsWith('escrow')) model[cr]!.receipts += t.amountFen;
            if (t.code === 'refund') model[cr]!.refunds += t.amountFen;
            if (t.code === 'disbursement') model[cr]!.disbursed += t.amountFen;
            if (t.code === 'fee_charged') model[cr]!.feesNet += t.amountFen;
            if (t.code === 'fee_refunded') model[cr]!.feesNet -= t.amountFen;
            if (t.code === 'reversal' && t.debit.startsWith('escrow')) model[cr]!.reversed += t.amountFen;
          }
          return true;
        };
        // The fee transfers that bring `key` to target given a prospective batch, placed so refunds of fees come first.
        const withFees = (batch: Transfer[], key: string): Transfer[] => {
          const a = agreementFor(key);
          const after = [...history, ...batch];
          const esc = balanceOf(balancesFrom(after).get(accounts.escrow(a.creditorId))?.balance ?? { debitsFen: 0n, creditsFen: 0n });
          const sync = feeSyncTransfers(after, a, CTX, { feeKey: key, tenantId: TENANT, currency: 'CNY', placements: 1, escrowBalanceFen: esc > 0n ? esc : 0n }, id);
          const refunds = sync.transfers.filter((t) => t.code === 'fee_refunded');
          const charges = sync.transfers.filter((t) => t.code === 'fee_charged');
          return [...refunds, ...batch, ...charges];
        };

        for (const op of ops) {
          if (op.k === 'pay') {
            const cr = caseCreditor[op.c]!;
            const a = current[cr]!;
            const key = feeKeyOf(a, caseIds[op.c]!);
            keys.set(key, a);
            const owed = -balanceOf(balances.get(accounts.receivable(caseIds[op.c]!))!.balance);
            if (op.amt > owed) {
              // overpayment: unidentified money parks in suspense (COL-44: still never a person's account)
              expect(commit([{ id: id(), debit: 'world', credit: accounts.suspense(TENANT), amountFen: op.amt, currency: 'CNY', code: 'payment_received' }])).toBe(true);
              continue;
            }
            const group = receiptTransfers({ caseId: caseIds[op.c]!, creditorId: creditors[cr]!, amountFen: op.amt, currency: 'CNY', feeKey: key }, id);
            expect(commit(withFees(group, key))).toBe(true);
            receipts.push({ group, creditor: cr, caseId: caseIds[op.c]!, feeKey: key, refunded: 0n, reversed: false });
          } else if (op.k === 'reverse' && receipts.length) {
            const r = receipts[op.r % receipts.length]!;
            if (r.reversed || r.refunded > 0n) continue;
            const before = balances;
            if (commit(withFees(r.group.map((t) => reverseTransfer(t, id())), r.feeKey))) r.reversed = true;
            else expect(balances).toBe(before); // refused (escrow already paid out): nothing changed
          } else if (op.k === 'refund' && receipts.length) {
            const r = receipts[op.r % receipts.length]!;
            const left = r.group[0]!.amountFen - r.refunded;
            if (r.reversed || left <= 0n) continue;
            const amt = op.amt < left ? op.amt : left;
            if (commit(withFees(refundTransfers({ caseId: r.caseId, creditorId: creditors[r.creditor]!, amountFen: amt, currency: 'CNY', feeKey: r.feeKey }, id), r.feeKey))) r.refunded += amt;
          } else if (op.k === 'feeChange') {
            const old = current[op.cr]!;
            current[op.cr] = { ...old, version: old.version + 1, tiers: [{ bands: [{ bps: op.bps }] }] };
          } else if (op.k === 'transfer') {
            caseCreditor[op.c] = 1 - caseCreditor[op.c]!;
          } else if (op.k === 'disburse') {
            const esc = balanceOf(balances.get(accounts.escrow(creditors[op.cr]!))?.balance ?? { debitsFen: 0n, creditsFen: 0n });
            const ok = commit([disbursementTransfer(creditors[op.cr]!, op.amt, 'CNY', id)]);
            expect(ok).toBe(op.amt <= esc);
          } else if (op.k === 'retry') {
            for (const key of keys.keys()) expect(commit(withFees([], key))).toBe(true);
            // a second retry straight after has nothing left to do unless the escrow ran dry
            for (const key of keys.keys()) {
              const extra = withFees([], key);
              const esc = balanceOf(balances.get(accounts.escrow(agreementFor(key).creditorId))!.balance);
              if (esc > 0n) expect(extra).toEqual([]);
            }
          }

          // invariants after every step
          for (const v of trialBalance(balances).values()) expect(v).toBe(0n);
          creditors.forEach((cr, i) => {
            const m = model[i]!;
            const esc = balanceOf(balances.get(accounts.escrow(cr))?.balance ?? { debitsFen: 0n, creditsFen: 0n });
            expect(esc).toBe(m.receipts - m.reversed - m.refunds - m.disbursed - m.feesNet);
            expect(esc).toBeGreaterThanOrEqual(0n);
          });
          let feesTotal = 0n;
          for (const [key, a] of keys) {
            const f = feeFactsFrom(history, key);
            const target = contingencyFee(a, CTX, f.netRecoveredFen).feeFen;
            expect(f.contingencyChargedFen).toBeGreaterThanOrEqual(0n);
            expect(f.contingencyChargedFen).toBeLessThanOrEqual(target); // never charged twice for the same fen
            expect(f.contingencyChargedFen).toBeLessThanOrEqual(f.netRecoveredFen);
            feesTotal += f.contingencyChargedFen;
          }
          expect(balanceOf(balances.get(accounts.fees(TENANT))?.balance ?? { debitsFen: 0n, creditsFen: 0n })).toBe(feesTotal);
        }
        // convergence: with money in escrow, a final sync brings every key to exactly f(net recovered)
        for (const key of keys.keys()) commit(withFees([], key));
        for (const [key, a] of keys) {
          const f = feeFactsFrom(history, key);
          const esc = balanceOf(balances.get(accounts.escrow(a.creditorId))!.balance);
          if (esc > 0n) expect(f.contingencyChargedFen).toBe(contingencyFee(a, CTX, f.netRecoveredFen).feeFen);
        }
      }),
      { numRuns: 120 },
    );
  });
});
