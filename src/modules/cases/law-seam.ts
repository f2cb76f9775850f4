// SEAM (CALC-01): the private-lending rate cap belongs to the law module (src/modules/law, written separately).
// Until it exports a cap function, no cap is applied here and `rateCapSource` says so, so callers and the UI can show
// that the figure is uncapped. Replace the body with the law module's calculator; do not write a second one here.
export const rateCapSource: 'law-module' | 'none' = 'none';

/**
 * Annual cap in basis points for a contract formed on `originationDate` by a lender of `lenderKind`, or null when no
 * cap is applied. Licensed FIs and local financial organisations are outside the private-lending rules (CALC-01
 * scope) and get null in any case.
 */
export function rateCapBpsFor(lenderKind: 'private' | 'licensed_fi' | 'local_financial_org', originationDate: string): bigint | null {
  void originationDate;
  if (lenderKind !== 'private') return null;
  return null;
}
