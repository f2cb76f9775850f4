import { describe, expect, it } from 'vitest';
import { cappedInterest, parseCapitals, toCapitals, acceptanceFee, interestCap, daysBetween } from '../law/index.js';
import { fillDocument, buildSchedule } from './fill.js';
import { DocumentKind } from './template-types.js';
import { sampleCase } from './testing.js';

describe('fillDocument', () => {
  it('fills every kind from the sample case with nothing required missing', () => {
    for (const k of DocumentKind.options) {
      const r = fillDocument(k, sampleCase());
      expect(r.missing, k).toEqual([]);
    }
  });

  it('CALC-01: amounts come from the law calculators (18 % cut to 4×LPR 13.4 %), figures AND capitals', () => {
    const r = fillDocument('demand_letter', sampleCase());
    const c = r.snapshot.calc;
    const expectedInterest = cappedInterest({ principalFen: 20_000_000n, agreedRateBps: 1800, from: '2024-08-06', to: '2025-02-05', formationDate: '2024-08-05' }).totalFen - 500_000n;
    expect(c.interestFen).toBe(expectedInterest);
    expect(c.appliedRateBps).toBe(interestCap({ formationDate: '2024-08-05' }).capBps);
    expect(c.totalFen).toBe((c.principalFen as bigint) + (c.interestFen as bigint) + (c.defaultInterestFen as bigint) + (c.feesFen as bigint));
    expect(r.fields.total.value).toBe(c.totalFen);
    expect(parseCapitals(r.fields.total.capitals!)).toBe(c.totalFen);
    expect(r.fields.total.capitals).toBe(toCapitals(c.totalFen as bigint));
    expect(r.fields.capRate.text).toBe('13.4%');
    expect(c.overdueDays).toBe(daysBetween('2025-02-05', '2025-06-30'));
  });

  it('CALC-03/07 fees on the claim total; CALC-05 late interest for enforcement', () => {
    const r = fillDocument('enforcement_application', sampleCase());
    const c = r.snapshot.calc;
    expect(c.acceptanceFeeFen).toBe(acceptanceFee(c.totalFen as bigint).fullFen);
    // 180,000 × 0.000175 × 71 days (2025-04-21 .. 2025-06-30)
    expect(c.lateDays).toBe(71);
    expect(c.lateDoubleInterestFen).toBe(18_000_000n * 175n * 71n / 1_000_000n);
    expect(r.fields.lateFrom.text).toBe('2025年4月21日');
  });

  it('reports missing required fields with their labels', () => {
    const cd = sampleCase();
    delete (cd as Record<string, unknown>).payment;
    const r = fillDocument('demand_letter', cd);
    expect(r.missing.map((m) => m.field)).toEqual(expect.arrayContaining(['payAccountName', 'payBank', 'payAccountNo', 'payDeadline']));
    expect(r.missing.find((m) => m.field === 'payBank')?.label).toBe('开户行');
  });

  it('overrides replace values by field name (money as decimal string)', () => {
    const r = fillDocument('demand_letter', sampleCase(), { total: '1000.00', payDeadline: '2025-08-01' });
    expect(r.fields.total.capitals).toBe('人民币壹仟元整');
    expect(r.fields.payDeadline.text).toBe('2025年8月1日');
  });

  it('DOC-05 gate: a lawyer’s letter only for law firms or tenants working with one', () => {
    const base = sampleCase();
    const notFirm = { ...base, tenant: { ...base.tenant, isLawFirm: false, worksWithLawFirm: false } };
    expect(() => fillDocument('lawyer_letter', notFirm)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED', rule: 'DOC-05' }));
    expect(fillDocument('lawyer_letter', { ...base, tenant: { ...base.tenant, isLawFirm: true, worksWithLawFirm: false } }).missing).toEqual([]);
    expect(fillDocument('demand_letter', notFirm).missing).toEqual([]);
  });

  it('DOC-08: the schedule sums exactly to the agreed total', () => {
    const r = fillDocument('repayment_agreement', sampleCase());
    const rows = r.fields.schedule.value as Array<{ amountFen: bigint; dueDate: string }>;
    expect(rows).toHaveLength(6);
    expect(rows.reduce((s, x) => s + x.amountFen, 0n)).toBe(r.fields.agreedTotal.value);
    expect(rows.map((x) => x.dueDate).slice(0, 3)).toEqual(['2025-07-31', '2025-08-31', '2025-09-30']);
    expect(buildSchedule(100n, 3, '2025-01-31').map((x) => x.amountFen)).toEqual([33n, 33n, 34n]);
  });

  it('rejects invalid case data with the path', () => {
    expect(() => fillDocument('demand_letter', { ...sampleCase(), asOf: 'yesterday' })).toThrow(expect.objectContaining({ code: 'DOCUMENTS_CASE_DATA_INVALID', field: 'asOf' }));
    expect(() => fillDocument('nope' as DocumentKind, sampleCase())).toThrow(expect.objectContaining({ code: 'DOCUMENTS_KIND_UNKNOWN' }));
  });
});

describe('legal preconditions', () => {
  it('DOC-03 art 427(7): no payment order after a pre-suit preservation application; DOC-01 states it', async () => {
    const cd = sampleCase();
    const applied = { ...cd, preservation: { ...cd.preservation!, appliedOn: '2025-06-10', court: '杭州市拱墅区人民法院' } };
    expect(() => fillDocument('payment_order_application', applied)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_PRECONDITION_FAILED', rule: 'DOC-03' }));
    expect(fillDocument('payment_order_application', cd).missing).toEqual([]);
    expect(fillDocument('statement_of_claim', applied).fields.preSuitPreservation.text).toBe('是（杭州市拱墅区人民法院，2025年6月10日）');
    expect(fillDocument('statement_of_claim', cd).fields.preSuitPreservation.text).toBe('否');
  });
});

describe('COL-92 limitation-aware documents (CALC-02)', () => {
  const expired = { knewOn: '2020-01-01', events: [{ type: 'demand_delivered' as const, on: '2021-06-01' }] };
  it('a demand letter for a time-barred debt says so; a lawyer’s letter announcing suit is refused', () => {
    const cd = { ...sampleCase(), limitation: expired };
    const r = fillDocument('demand_letter', cd);
    expect(r.fields.limitationNotice.text).toContain('2024年6月1日');
    expect(() => fillDocument('lawyer_letter', cd)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_PRECONDITION_FAILED', rule: 'COL-92' }));
  });
  it('within time (or waived by acknowledgment) there is no notice and the lawyer’s letter is allowed', () => {
    const running = { ...sampleCase(), limitation: { knewOn: '2025-02-06', events: [] } };
    expect(fillDocument('demand_letter', running).fields.limitationNotice).toBeUndefined();
    expect(fillDocument('lawyer_letter', running).missing).toEqual([]);
    const waived = { ...sampleCase(), limitation: { ...expired, events: [...expired.events, { type: 'debtor_agreed' as const, on: '2025-03-01' }] } };
    expect(fillDocument('lawyer_letter', waived).missing).toEqual([]);
  });
});

describe('D0 party validation', () => {
  it('flags a wrong ID check digit, a wrong USCC check character and a bad mobile; layout refuses unless draft', async () => {
    const { layoutDocument } = await import('./layout.js');
    const cd = sampleCase();
    expect(fillDocument('demand_letter', cd).invalid).toEqual([]);
    const bad = { ...cd, debtor: { ...cd.debtor, idNumber: '330105198604120015', phone: '1390571000' }, creditor: { ...cd.creditor, uscc: '91330106MA2B3C4D5E' } };
    const r = fillDocument('demand_letter', bad);
    expect(r.invalid.map((x) => x.field).sort()).toEqual(['creditor.uscc', 'debtor.idNumber', 'debtor.phone']);
    expect(() => layoutDocument(r)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_CASE_DATA_INVALID' }));
    expect(layoutDocument(r, { draft: true }).blocks.length).toBeGreaterThan(5);
  });
});
