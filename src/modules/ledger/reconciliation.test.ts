// Bank statement reconciliation: reference first, then amount + payer, the rest (and overpayments) to suspense;
// re-importing the same statement books nothing twice.
import { describe, expect, it } from 'vitest';
import { createTestTenant, getTestDb } from '../../platform/db/testing.js';
import { withTenant } from '../../platform/db/index.js';
import { accounts } from './postings.js';
import { getAccountBalance, postTransfers } from './store.js';
import { parseBankStatementCsv, postReconciliation, reconcileStatement, type ExpectedPayment } from './reconciliation.js';

const csv = `\uFEFF交易日期,贷方金额,对方户名,摘要
2026-03-01,"1,000.00",张三,还款 RC-CASE1
2026/03/02,250.50,李四,转账
2026-03-03,88.00,王五,unknown
2026-03-04,-10.00,银行,手续费
2026-03-05,5000.00,赵六,RC-CASE3 全部结清
`;
const expected: ExpectedPayment[] = [
  { caseId: 'case_1', creditorId: 'cr1', reference: 'RC-CASE1', feeKey: 'fa@1/case_1' },
  { caseId: 'case_2', creditorId: 'cr1', reference: 'RC-CASE2', feeKey: 'fa@1/case_2', amountFen: 25_050n, payerName: '李四' },
  { caseId: 'case_3', creditorId: 'cr2', reference: 'RC-CASE3', feeKey: 'fa@1/case_3' },
];

describe('bank statement reconciliation', async () => {
  const db = await getTestDb();

  it('parses Chinese headers, BOM, thousands separators and slashed dates', () => {
    const lines = parseBankStatementCsv(csv);
    expect(lines.map((l) => [l.line, l.date, l.amountFen])).toEqual([[2, '2026-03-01', 100_000n], [3, '2026-03-02', 25_050n], [4, '2026-03-03', 8_800n], [5, '2026-03-04', -1_000n], [6, '2026-03-05', 500_000n]]);
    expect(() => parseBankStatementCsv('a,b\n1,2\n')).toThrow(/no column/);
  });
  it('matches by reference, then amount + payer; the rest goes to suspense with a report', () => {
    const r = reconcileStatement(parseBankStatementCsv(csv), expected);
    expect(r.matched.map((m) => [m.line.line, m.expected.caseId, m.rule])).toEqual([[2, 'case_1', 'reference'], [3, 'case_2', 'amount_payer'], [6, 'case_3', 'reference']]);
    expect(r.suspense.map((s) => [s.line.line, s.reason])).toEqual([[4, 'no_match']]);
    expect(r.ignored.map((s) => s.line.line)).toEqual([5]);
    expect(r.report).toContain('to suspense 1 (88.00)');
  });
  it('two expected payments sharing a reference are ambiguous, not guessed', () => {
    const r = reconcileStatement(parseBankStatementCsv(csv), [...expected, { ...expected[0]!, caseId: 'case_9' }]);
    expect(r.suspense.find((s) => s.line.line === 2)?.reason).toBe('ambiguous');
  });

  it('books matched receipts and suspense once; overpayment beyond the claim goes to suspense', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) =>
      postTransfers(tx, [
        { debit: accounts.receivable('case_1'), credit: 'world', amountFen: 300_000n, currency: 'CNY', code: 'claim_placed' },
        { debit: accounts.receivable('case_2'), credit: 'world', amountFen: 300_000n, currency: 'CNY', code: 'claim_placed' },
        { debit: accounts.receivable('case_3'), credit: 'world', amountFen: 100_000n, currency: 'CNY', code: 'claim_placed' },
      ], { idempotencyKey: 'place' }),
    );
    const r = reconcileStatement(parseBankStatementCsv(csv), expected);
    const first = await withTenant(db, t.id, (tx) => postReconciliation(tx, r, { statementId: 'icbc-2026-03', tenantId: t.id, currency: 'CNY' }));
    expect(first).toEqual({ posted: 4, replayed: 0 });
    const again = await withTenant(db, t.id, (tx) => postReconciliation(tx, r, { statementId: 'icbc-2026-03', tenantId: t.id, currency: 'CNY' }));
    expect(again).toEqual({ posted: 0, replayed: 4 });
    const bal = (a: string) => withTenant(db, t.id, (tx) => getAccountBalance(tx, a));
    expect(await bal(accounts.escrow('cr1'))).toBe(125_050n);
    expect(await bal(accounts.escrow('cr2'))).toBe(0n); // 5,000.00 against a 1,000.00 claim: held in suspense
    expect(await bal(accounts.suspense(t.id))).toBe(508_800n);
    expect(await bal(accounts.receivable('case_3'))).toBe(-100_000n);
  });
});
