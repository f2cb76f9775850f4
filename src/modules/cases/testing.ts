// Test factories for the cases module (import only from *.test.ts and the demo seeder).
import type { Tx } from '../../platform/db/index.js';
import { createCreditor, recordEntrustment, type CreateCreditorInput } from './creditors.js';
import type { DebtTerms } from './debts.js';

let n = 0;

/** A creditor with an entrustment in force from 2020 to 2099 covering collection, mediation and legal documents. */
export async function createEntrustedCreditor(tx: Tx, o: Partial<CreateCreditorInput> = {}) {
  n++;
  const creditor = await createCreditor(tx, { code: `CRED${n}${Math.random().toString(36).slice(2, 6)}`, name: '测试小额贷款有限公司', ...o });
  const entrustment = await recordEntrustment(tx, {
    creditorId: creditor.id, scopes: ['collection_outsourcing', 'mediation', 'legal_documents'], startsOn: '2020-01-01', endsOn: '2099-12-31',
    feeTermsRef: 'FEE-2026-01', contractRef: 'WT-2026-01', lawfulDebtAttestation: { attestedBy: '法务部 王五' },
    dpa: { ref: 'DPA-2026-01', signedOn: '2020-01-01', purpose: '逾期债务催收', piCategories: ['姓名', '身份证号', '手机号'], protectiveMeasures: '加密存储、最小权限', endOfTerm: 'delete' },
  });
  return { creditor, entrustment };
}

export function debtTerms(i: number, o: Partial<DebtTerms> = {}): DebtTerms {
  return {
    originalCreditor: '测试小额贷款有限公司', contractNumber: `HT-${i}`, currency: 'CNY', principalFen: 1_000_000n + BigInt(i) * 100n,
    contractRateBps: 1500n, penaltyRateBps: 0n, feesFen: 0n, originationDate: '2024-01-01', dueDate: '2025-01-01', ...o,
  };
}

// Debtor factories live in the debtors module; re-exported for case tests.
export { testDebtorKeys, syntheticResidentId, personInput } from '../debtors/testing.js';
