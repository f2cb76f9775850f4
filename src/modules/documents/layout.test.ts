import { describe, expect, it } from 'vitest';
import { fillDocument } from './fill.js';
import { layoutDocument, documentText, COURT_CASE_NUMBER } from './layout.js';
import { parseTemplate, listShippedTemplates } from './registry.js';
import { SHIPPED_TEMPLATES } from './templates.js';
import { sampleCase } from './testing.js';

describe('templates are data and validate', () => {
  it('13 kinds ship, each citing its DOC rule and legal bases', () => {
    const all = listShippedTemplates();
    expect(all).toHaveLength(13);
    expect(new Set(all.map((t) => t.rule)).size).toBe(13);
    for (const t of all) expect(t.legalBasis.length).toBeGreaterThan(0);
  });
  it('a template referring to an unknown field is refused', () => {
    const bad = { ...SHIPPED_TEMPLATES[0], blocks: [{ kind: 'para', text: '{{nope}}' }] };
    expect(() => parseTemplate(bad)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_TEMPLATE_INVALID' }));
  });
});

describe('layout and COL-42/43 lint', () => {
  it('refuses to lay out with missing required fields unless draft', () => {
    const cd = sampleCase();
    delete (cd as Record<string, unknown>).payment;
    const filled = fillDocument('demand_letter', cd);
    expect(() => layoutDocument(filled)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_FIELDS_MISSING' }));
    expect(documentText(layoutDocument(filled, { draft: true }))).toContain('______');
  });
  it('COL-42: a letter may not carry a court case-number style', () => {
    expect(COURT_CASE_NUMBER.test('（2025）京0105民初123号')).toBe(true);
    expect(COURT_CASE_NUMBER.test('(2024)浙01执456号')).toBe(true);
    expect(COURT_CASE_NUMBER.test('SD-JK-2024-0317')).toBe(false);
    const filled = fillDocument('demand_letter', sampleCase(), { contractNo: '（2025）京0105民初123号' });
    expect(() => layoutDocument(filled)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_CONTENT_FORBIDDEN', rule: 'COL-42' }));
  });
  it('COL-42: a court filing may cite the real case number of the judgment being enforced', () => {
    const text = documentText(layoutDocument(fillDocument('enforcement_application', sampleCase())));
    expect(text).toContain('（2025）浙0105民初1234号');
  });
  it('COL-43: police/criminal threats and blacklists are refused in any document', () => {
    for (const w of ['否则移送公安机关', '将被列入黑名单']) {
      const filled = fillDocument('demand_letter', sampleCase(), { contactPhone: w });
      expect(() => layoutDocument(filled)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_CONTENT_FORBIDDEN', rule: 'COL-43' }));
    }
  });
  it('conditional blocks: credit-card claim wording; organisation principal gets the 法定代表人身份证明书', () => {
    const card = documentText(layoutDocument(fillDocument('statement_of_claim', { ...sampleCase(), claimKind: 'credit_card' })));
    expect(card).toContain('透支利息');
    expect(card).toContain('银行信用卡纠纷');
    const loan = documentText(layoutDocument(fillDocument('statement_of_claim', sampleCase())));
    expect(loan).not.toContain('透支利息');
    expect(loan).toContain('至实际清偿之日止');
    const poa = documentText(layoutDocument(fillDocument('power_of_attorney', sampleCase())));
    expect(poa).toContain('法定代表人身份证明书');
    const person = sampleCase();
    const poaPerson = documentText(layoutDocument(fillDocument('power_of_attorney', { ...person, creditor: { ...person.debtor, name: '赵六' } })));
    expect(poaPerson).not.toContain('法定代表人身份证明书');
  });
  it('DOC-02 stage variants', () => {
    const cd = sampleCase();
    const inSuit = documentText(layoutDocument(fillDocument('preservation_application', { ...cd, preservation: { ...cd.preservation!, stage: 'in_suit' } })));
    expect(inSuit).toContain('诉讼中财产保全');
    expect(inSuit).toContain('案号：（2025）浙0105民初1234号');
    const pre = documentText(layoutDocument(fillDocument('preservation_application', cd)));
    expect(pre).toContain('诉前财产保全');
    expect(pre).not.toContain('案号');
  });
});
