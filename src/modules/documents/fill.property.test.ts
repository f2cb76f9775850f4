import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, parseCapitals, interestCap } from '../law/index.js';
import { fillDocument } from './fill.js';
import { layoutDocument, documentText } from './layout.js';
import { sampleCase } from './testing.js';

describe('documents: properties over random debts', () => {
  it('DOC-06 itemisation adds up, capitals match figures, rate never exceeds the CALC-01 cap', () => {
    const base = sampleCase();
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100n, max: 10n ** 10n }),
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 1500 }), // days from 2020-09-01 to signing
        fc.integer({ min: 1, max: 700 }), // loan term days
        fc.integer({ min: 0, max: 900 }), // asOf offset from due date (may be before)
        fc.bigInt({ min: 0n, max: 10n ** 7n }),
        (principal, rate, signOff, term, asOff, fees) => {
          const signedOn = addDays('2020-09-01', signOff);
          const dueDate = addDays(signedOn, term);
          const asOf = addDays(dueDate, asOff - 200 < -term ? 0 : asOff - 200);
          const debt = { ...base.debts[0], principalFen: principal, principalPaidFen: 0n, interestPaidFen: 0n, agreedRateBps: rate, defaultRateBps: undefined, signedOn, disbursedOn: signedOn, dueDate, feesFen: fees };
          const r = fillDocument('demand_letter', { ...base, asOf, debts: [debt] });
          const c = r.snapshot.calc as Record<string, bigint | number>;
          expect(c.totalFen).toBe((c.principalFen as bigint) + (c.interestFen as bigint) + (c.defaultInterestFen as bigint) + (c.feesFen as bigint));
          expect(parseCapitals(r.fields.total.capitals!)).toBe(c.totalFen);
          expect(c.appliedRateBps as number).toBeLessThanOrEqual(interestCap({ formationDate: signedOn }).capBps);
          const text = documentText(layoutDocument(r));
          expect(text).toContain(r.fields.total.capitals!);
          expect(text).not.toMatch(/undefined|NaN|\{\{/);
        },
      ),
      { numRuns: 60 },
    );
  });
});
