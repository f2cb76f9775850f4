import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { residentIdCheckChar } from '../../platform/cn-ids.js';
import { DebtorInput, OrganisationInput, debtorIssues, normaliseDebtor, identityKey, isValidIdNumber, maskIdNumber } from './debtor.js';
import { nameSearchKeys, nameMatches } from './search-keys.js';
import { classifyThirdParty, mayAskToPay, mayDiscloseDebt } from './parties.js';

const ID = '11010519491231002X';
const person = (o: Record<string, unknown> = {}) => DebtorInput.parse({ kind: 'person', name: '张三', idNumber: ID, ...o });

describe('debtor validation', () => {
  it('defaults: resident ID, Asia/Shanghai', () => {
    const d = person();
    expect(d).toMatchObject({ idType: 'resident_id', timeZone: 'Asia/Shanghai', phones: [] });
    expect(debtorIssues(d)).toEqual([]);
  });

  it('GB 11643: a wrong check character is reported on idNumber', () => {
    expect(debtorIssues(person({ idNumber: '110105194912310021' }))).toEqual([{ field: 'idNumber', code: 'DEBTORS_ID_INVALID', reason: 'not a valid resident_id number' }]);
  });

  it('GB 32100: organisations need a valid USCC and a legal representative', () => {
    const org = OrganisationInput.parse({ kind: 'organisation', name: '某某科技有限公司', uscc: '91110000802100433B', legalRepresentative: '李四' });
    expect(debtorIssues(org)).toEqual([]);
    expect(debtorIssues({ ...org, uscc: '91110000802100433A' })[0].code).toBe('DEBTORS_USCC_INVALID');
    expect(DebtorInput.safeParse({ kind: 'organisation', name: 'x', uscc: '91110000802100433B' }).success).toBe(false);
  });

  it('phones, e-mails and time zones are checked; normalising folds phones and de-duplicates', () => {
    const bad = person({ phones: ['12345'], emails: ['nope'], timeZone: 'Mars/Base' });
    expect(debtorIssues(bad).map((i) => i.code)).toEqual(['DEBTORS_PHONE_INVALID', 'DEBTORS_EMAIL_INVALID', 'DEBTORS_TIMEZONE_INVALID']);
    expect(() => normaliseDebtor(bad)).toThrow(/12345|mobile/);
    const ok = normaliseDebtor(person({ phones: ['+86 138-1234-5678', '13812345678', '010-62345678'], emails: ['A@B.cn'], idNumber: ID.toLowerCase() }));
    expect(ok.phones).toEqual(['13812345678', '01062345678']);
    expect(ok.emails).toEqual(['a@b.cn']);
    expect(ok.kind === 'person' && ok.idNumber).toBe(ID);
  });

  it('other document types', () => {
    expect(isValidIdNumber('passport', 'E12345678')).toBe(true);
    expect(isValidIdNumber('hk_macau_permit', 'H12345678')).toBe(true);
    expect(isValidIdNumber('hk_macau_permit', 'X12345678')).toBe(false);
    const fp = '93310019900101001';
    expect(isValidIdNumber('foreign_permanent_id', fp + residentIdCheckChar(fp))).toBe(true);
  });

  it('identity key: one per person, independent of spelling; different document types never collide', () => {
    expect(identityKey(person())).toBe(identityKey(person({ idNumber: ` ${ID.toLowerCase()} `, name: '张 三' })));
    expect(identityKey(person({ idType: 'passport', idNumber: 'E1' }))).not.toBe(identityKey(person({ idNumber: 'E1' })));
    expect(maskIdNumber(ID)).not.toContain('19491231');
  });

  it('property: every generated valid resident ID passes and gives the same key however it is cased or spaced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 36500 }), fc.integer({ min: 0, max: 999 }), (day, seq) => {
        const d = new Date(Date.UTC(1940, 0, 1) + day * 86_400_000);
        const first17 = `330106${d.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
        const id = first17 + residentIdCheckChar(first17);
        expect(debtorIssues(person({ idNumber: id }))).toEqual([]);
        expect(identityKey(person({ idNumber: id.toLowerCase().split('').join(' ') }))).toBe(`resident_id:${id}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('pinyin search keys', () => {
  it('full pinyin, initials, surname readings', () => {
    expect(nameSearchKeys('张三')).toEqual({ name: '张三', pinyin: 'zhangsan', initials: 'zs' });
    expect(nameSearchKeys('单田芳').pinyin).toBe('shantianfang');
    expect(nameSearchKeys('曾小贤').initials).toBe('zxx');
    expect(nameSearchKeys('吕布').pinyin).toBe('lvbu');
    expect(nameSearchKeys('Li Lei')).toEqual({ name: 'lilei', pinyin: 'lilei', initials: 'll' });
  });
  it('matches by characters, pinyin (with or without spaces) and initials', () => {
    const k = nameSearchKeys('欧阳娜娜');
    for (const q of ['欧阳', 'ouyang', 'Ou Yang Na', 'oynn', 'OY', 'nana']) expect(nameMatches(k, q)).toBe(true);
    for (const q of ['', 'zhang', 'yn', '张']) expect(nameMatches(k, q)).toBe(false);
  });
});

describe('COL-33 related parties', () => {
  it('guarantors and joint obligors are debt-related; emergency contacts are not', () => {
    expect(classifyThirdParty({ relationship: 'guarantor' })).toBe('debt_related_third_party');
    expect(classifyThirdParty({ relationship: 'joint_obligor' })).toBe('debt_related_third_party');
    expect(classifyThirdParty({ relationship: 'emergency_contact' })).toBe('unrelated_third_party');
    expect(mayAskToPay({ relationship: 'emergency_contact' })).toBe(false);
    expect(mayDiscloseDebt({ relationship: 'family' })).toBe(false);
  });
  it('a spouse is debt-related only for a joint household debt; staff may narrow but never widen', () => {
    expect(classifyThirdParty({ relationship: 'spouse' })).toBe('unrelated_third_party');
    expect(classifyThirdParty({ relationship: 'spouse', jointHouseholdDebt: true })).toBe('debt_related_third_party');
    expect(classifyThirdParty({ relationship: 'emergency_contact', classification: 'debt_related_third_party' })).toBe('unrelated_third_party');
    expect(classifyThirdParty({ relationship: 'guarantor', classification: 'unrelated_third_party' })).toBe('unrelated_third_party');
  });
});
