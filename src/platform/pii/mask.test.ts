import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { authoriseUnmask, maskRecord, maskText, maskValue, unmask, unmaskAuditRecord } from './mask.js';
import { DEFAULT_POLICY, ROLES, tightenPolicy } from './policy.js';
import { PII_TYPES } from './types.js';

describe('maskValue: PI-22 default display masks', () => {
  it('ID number keeps first 3 + last 4', () => {
    expect(maskValue('id_card', '11010519491231002x')).toBe('110***********002X');
  });
  it('mobile keeps first 3 + last 4 and drops +86 and separators', () => {
    expect(maskValue('mobile', '13812341234')).toBe('138****1234');
    expect(maskValue('mobile', '+86 138-1234-5678')).toBe('138****5678');
    expect(maskValue('mobile', '１３８１２３４５６７８')).toBe('138****5678');
  });
  it('bank card keeps the last 4 only', () => {
    expect(maskValue('bank_card', '6222 0212 3456 7890 128')).toBe('***************0128');
  });
  it('name keeps the surname (compound aware)', () => {
    expect(maskValue('name', '张三')).toBe('张*');
    expect(maskValue('name', '张小明')).toBe('张**');
    expect(maskValue('name', '欧阳娜娜')).toBe('欧阳**');
  });
  it('address is cut at the district (or city when no district)', () => {
    expect(maskValue('address', '北京市朝阳区建国路88号院3号楼2单元502室')).toBe('北京市朝阳区***');
    expect(maskValue('address', '广东省深圳市南山区科技园南路18号')).toBe('广东省深圳市南山区***');
    expect(maskValue('address', '广东省东莞市中山路963号')).toBe('广东省东莞市***');
    expect(maskValue('address', '建国路88号')).toBe('***');
  });
  it('email keeps the first character and the domain', () => {
    expect(maskValue('email', 'zhang.san@example.com')).toBe('z***@example.com');
  });
  it('landline, USCC and plate use the documented platform choices', () => {
    expect(maskValue('landline', '0755-86001234')).toBe('0755-******34');
    expect(maskValue('uscc', '91110000802100433B')).toBe('91************433B');
    expect(maskValue('plate', '粤B·12345')).toBe('粤B****5');
  });
});

describe('maskText', () => {
  const text = '借款人张三，身份证11010519491231002X，手机13812345678，卡号6222021234567890128，家住北京市朝阳区建国路88号。';
  it('masks every finding and leaves the rest of the text alone', () => {
    expect(maskText(text)).toBe('借款人张*，身份证110***********002X，手机138****5678，卡号***************0128，家住北京市朝阳区***。');
  });
  it('applies a role: full stays, hidden becomes a placeholder', () => {
    const forCollector = maskText(text, { role: 'collector' });
    expect(forCollector).toContain('借款人张三'); // case owner sees the name (PI-22)
    expect(forCollector).toContain('138****5678');
    const forOperator = maskText(text, { role: 'platform_operator' });
    expect(forOperator).toContain('[银行卡号已隐藏]');
    expect(forOperator).toContain('[地址已隐藏]');
    expect(forOperator).not.toContain('6222021234567890128');
  });
  it('returns text without findings unchanged', () => {
    expect(maskText('本函仅作为催告通知。')).toBe('本函仅作为催告通知。');
  });
});

describe('maskRecord and the policy table', () => {
  const debtor = { id: 'dbt_1', name: '张三', idNumber: '11010519491231002X', mobile: '13812345678', card: '6222021234567890128', address: '北京市朝阳区建国路88号', note: '已致电13812345678' };
  const fields = { name: 'name', idNumber: 'id_card', mobile: 'mobile', card: 'bank_card', address: 'address', note: 'text' } as const;

  it('the table covers every role and type', () => {
    for (const r of ROLES) for (const t of PII_TYPES) expect(['full', 'masked', 'hidden']).toContain(DEFAULT_POLICY[r][t]);
  });
  it('collector: name full, identifiers masked, notes scanned', () => {
    expect(maskRecord(debtor, fields, 'collector')).toEqual({
      id: 'dbt_1', name: '张三', idNumber: '110***********002X', mobile: '138****5678', card: '***************0128', address: '北京市朝阳区***', note: '已致电138****5678',
    });
  });
  it('platform operator: hidden fields are removed from the record', () => {
    const r = maskRecord(debtor, fields, 'platform_operator');
    expect(r).not.toHaveProperty('card');
    expect(r).not.toHaveProperty('address');
    expect(r.name).toBe('张*');
  });
  it('legal officer sees what pleadings need in full; card stays masked', () => {
    const r = maskRecord(debtor, fields, 'legal_officer');
    expect(r.idNumber).toBe(debtor.idNumber);
    expect(r.address).toBe(debtor.address);
    expect(r.card).toBe('***************0128');
  });
  it('tenants may tighten the policy but never loosen it', () => {
    const p = tightenPolicy(DEFAULT_POLICY, { collector: { name: 'masked', bank_card: 'full' }, legal_officer: { bank_card: 'hidden' } });
    expect(p.collector.name).toBe('masked');
    expect(p.collector.bank_card).toBe('masked'); // loosening ignored
    expect(p.legal_officer.bank_card).toBe('hidden');
    expect(DEFAULT_POLICY.collector.name).toBe('full'); // default untouched
  });
});

describe('unmasking needs a permission and a reason (PI-20 §7.2)', () => {
  const now = new Date('2026-11-29T03:00:00Z');
  it('returns the value and an audit entry without the value', () => {
    const res = unmask({ role: 'collector', permissions: ['pii:unmask:address'], type: 'address', reason: '上门外访核实住址', actorId: 'usr_1', subjectRef: 'dbt_1#address' }, '北京市朝阳区建国路88号', DEFAULT_POLICY, now);
    expect(res.value).toBe('北京市朝阳区建国路88号');
    expect(res.audit).toEqual({
      action: 'pii.unmask', rule: 'PI-20', actorId: 'usr_1', role: 'collector', type: 'address', subjectRef: 'dbt_1#address',
      reason: '上门外访核实住址', permission: 'pii:unmask:address', visibilityBefore: 'masked', at: '2026-11-29T03:00:00.000Z',
    });
    expect(JSON.stringify(res.audit)).not.toContain('建国路');
    expect(unmaskAuditRecord(res.audit, 'ten_1')).toEqual({
      tenantId: 'ten_1', actorId: 'usr_1', actorRole: 'collector', action: 'pii.unmask', targetType: 'address', targetId: 'dbt_1#address',
      reason: '上门外访核实住址', detail: { rule: 'PI-20', permission: 'pii:unmask:address', visibilityBefore: 'masked', at: '2026-11-29T03:00:00.000Z' },
    });
  });
  it('refuses without permission, without a reason, and for hidden types', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).code;
      }
      return 'no error';
    };
    expect(code(() => authoriseUnmask({ role: 'collector', permissions: [], type: 'mobile', reason: '需要拨打电话' }))).toBe('PII_UNMASK_FORBIDDEN');
    expect(code(() => authoriseUnmask({ role: 'collector', permissions: ['pii:unmask:email'], type: 'mobile', reason: '需要拨打电话' }))).toBe('PII_UNMASK_FORBIDDEN');
    expect(code(() => authoriseUnmask({ role: 'collector', permissions: ['pii:unmask'], type: 'mobile', reason: '  ' }))).toBe('PII_UNMASK_REASON_REQUIRED');
    expect(code(() => authoriseUnmask({ role: 'platform_operator', permissions: ['pii:unmask'], type: 'bank_card', reason: '排查问题需要' }))).toBe('PII_UNMASK_FORBIDDEN');
    expect(authoriseUnmask({ role: 'collector', permissions: ['pii:unmask'], type: 'mobile', reason: '需要拨打电话' }).permission).toBe('pii:unmask');
  });
});
