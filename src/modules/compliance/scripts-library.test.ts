import { describe, expect, it } from 'vitest';
import { decideContact } from './contact-gate.js';
import { findDebtDisclosure, screenContent } from './content-screen.js';
import { DomainError } from '../../platform/errors.js';
import {
  approveTemplate, draftTemplate, fileTemplate, getStarterTemplate, isTemplateUsable, placeholdersOf, rejectTemplate, renderTemplate,
  reviewTemplate, reviseTemplate, STARTER_TEMPLATES, submitTemplate, type ScriptTemplate,
} from './scripts-library.js';
import { makeAttempt, makeContext } from './testing.js';

const VARS: Record<string, string> = {
  agencyName: '安信调解', creditorName: '华夏消费金融', collectorName: '李明', collectorId: 'A102', debtorName: '张三',
  hotline: '400-123-4567', portalUrl: 'https://pay.example.cn/p/abc', verifyUrl: 'https://anxin.example.cn/verify',
  amount: '1,280.00', principal: '1,000.00', interest: '200.00', fees: '80.00', paid: '0.00', asOfDate: '2026-03-01',
  dueDate: '2026-03-15', daysOverdue: '7', instalments: '6', instalmentAmount: '213.33', firstDueDate: '2026-04-01',
  offerExpiry: '2026-04-30', instalmentNo: '2', promiseDate: '2026-03-20', promiseAmount: '500.00', settlementAmount: '900.00',
  waivedAmount: '380.00', paidAmount: '500.00', remainingAmount: '780.00', receivedDate: '2026-03-05', replyBy: '2026-03-20',
  complaintNo: 'C001', deferMonths: '3',
};
const officer = { userId: 'usr_officer', roles: ['compliance_officer'] };

describe('starter script library', () => {
  it('has at least 40 templates with unique ids, each in Chinese and English', () => {
    expect(STARTER_TEMPLATES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(STARTER_TEMPLATES.map((t) => t.id)).size).toBe(STARTER_TEMPLATES.length);
  });
  it('covers the required categories', () => {
    const cats = new Set(STARTER_TEMPLATES.map((t) => t.category));
    for (const c of ['first_notice', 'reminder', 'payment_plan', 'broken_promise', 'third_party_locate', 'settlement', 'automated_voice']) expect(cats).toContain(c);
  });
  for (const t of STARTER_TEMPLATES) {
    it(`${t.id}: passes review (COL-40 identity, COL-42..46 screen, COL-32, COL-85) and renders both languages cleanly`, () => {
      expect(reviewTemplate(t)).toEqual([]);
      for (const lang of ['zh', 'en'] as const) {
        const text = renderTemplate(t, lang, VARS);
        expect(text).not.toMatch(/\{\w+\}/);
        expect(screenContent(text).hits).toEqual([]);
        if (t.audience === 'third_party') expect(findDebtDisclosure(text)).toEqual([]);
        else expect(text).toContain('华夏消费金融');
      }
    });
  }
  it('every rendered debtor SMS passes the contact gate with COL-40 names checked', () => {
    for (const t of STARTER_TEMPLATES.filter((x) => x.channels.includes('sms') && x.audience === 'debtor')) {
      const d = decideContact(makeAttempt({ channel: 'sms', text: renderTemplate(t, 'zh', VARS) }), makeContext({ names: { agencyName: '安信调解', creditorName: '华夏消费金融' } }));
      expect([t.id, d.decision, d.fired]).toEqual([t.id, 'allow', []]);
    }
  });
  it('rendering rejects a missing or malformed variable, naming it', () => {
    const t = getStarterTemplate('reminder_due_today');
    expect(() => renderTemplate(t, 'zh', { ...VARS, amount: 'lots' })).toThrow(DomainError);
    try {
      renderTemplate(t, 'zh', { agencyName: 'A', creditorName: 'B' });
    } catch (e) {
      expect((e as DomainError).field).toBe('variables.amount');
    }
  });
  it('placeholdersOf lists each placeholder once', () => {
    expect(placeholdersOf('{a}{b}{a}')).toEqual(['a', 'b']);
  });
});

describe('review catches bad templates', () => {
  const base = getStarterTemplate('reminder_due_today');
  it('COL-46 banned wording', () => {
    expect(reviewTemplate({ ...base, zh: base.zh + '老赖' }).map((p) => p.ruleId)).toContain('COL-46');
  });
  it('COL-40 a debtor template without the creditor', () => {
    const t: ScriptTemplate = { ...base, zh: '【{agencyName}】今天还款{amount}元', variables: { agencyName: 'text', creditorName: 'text', amount: 'money' } };
    expect(reviewTemplate(t).map((p) => p.code)).toContain('missing_identity');
  });
  it('COL-32 a third-party template mentioning the debt', () => {
    const t = getStarterTemplate('tp_relay_message_sms');
    expect(reviewTemplate({ ...t, zh: t.zh + '他欠款未还。' }).map((p) => p.code)).toContain('discloses_debt');
  });
  it('COL-85 an automated template that hides automation', () => {
    const t = getStarterTemplate('auto_voice_due_date');
    expect(reviewTemplate({ ...t, zh: '您好，{agencyName}受{creditorName}委托通知您{dueDate}到期。' }).map((p) => p.code)).toContain('not_announced_automated');
  });
});

describe('approval workflow', () => {
  const t = getStarterTemplate('settlement_offer_sms');
  it('draft → submitted → approved → filed', () => {
    let r = draftTemplate(t, 'usr_author');
    r = submitTemplate(r, 'usr_author', '2026-03-01T00:00:00Z');
    r = approveTemplate(r, officer, '2026-03-02T00:00:00Z');
    expect(isTemplateUsable(r)).toBe(true);
    expect(isTemplateUsable(r, true)).toBe(false);
    r = fileTemplate(r, '备2026-001', 'usr_officer', '2026-03-03T00:00:00Z');
    expect(r.state).toBe('filed');
    expect(r.transitions.map((x) => x.to)).toEqual(['submitted', 'approved', 'filed']);
    expect(isTemplateUsable(r, true)).toBe(true);
  });
  it('the author cannot approve their own template; non-officers cannot approve', () => {
    const r = submitTemplate(draftTemplate(t, 'usr_officer'), 'usr_officer', '2026-03-01T00:00:00Z');
    expect(() => approveTemplate(r, officer, 'x')).toThrow(/author/);
    expect(() => approveTemplate(r, { userId: 'u2', roles: ['collector'] }, 'x')).toThrow(/compliance officer/);
  });
  it('a draft cannot be approved or filed directly', () => {
    const r = draftTemplate(t, 'usr_author');
    expect(() => approveTemplate(r, officer, 'x')).toThrow(DomainError);
    expect(() => fileTemplate(r, 'F1', 'u', 'x')).toThrow(DomainError);
  });
  it('banned content blocks approval; rejection and resubmission work; revision restarts as a new draft version', () => {
    let r = submitTemplate(draftTemplate({ ...t, zh: t.zh + '不还就坐牢' }, 'usr_author'), 'usr_author', 'x');
    expect(() => approveTemplate(r, officer, 'x')).toThrow(expect.objectContaining({ code: 'COMPLIANCE_TEMPLATE_BANNED_CONTENT', rule: 'COL-43' }));
    r = rejectTemplate(r, officer, 'x', 'threat');
    const v2 = reviseTemplate(r, t, 'usr_author');
    expect([v2.version, v2.state]).toEqual([2, 'draft']);
    expect(approveTemplate(submitTemplate(v2, 'usr_author', 'y'), officer, 'z').state).toBe('approved');
  });
});
