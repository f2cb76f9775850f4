// CALC-01 through the law module (the one implementation of the caps): the annual rate cap applied when deriving a
// debt's position. Simplification: one cap for the whole accrual period, taken at the position date (`asOf`), which
// matters only for contracts formed before 2020-08-20 (art 31 splits their interest at that date).
import { interestCap } from '../law/index.js';

export const rateCapSource = 'law-module' as const;

/** Annual cap in basis points for a contract formed on `originationDate` by a lender of `lenderKind`, read on `asOf`. */
export function rateCapBpsFor(lenderKind: 'private' | 'licensed_fi' | 'local_financial_org', originationDate: string, asOf: string): bigint {
  const cap = interestCap({ formationDate: originationDate, accrualDate: asOf < originationDate ? originationDate : asOf, lenderIsFinancialInstitution: lenderKind !== 'private' });
  return BigInt(cap.capBps);
}
