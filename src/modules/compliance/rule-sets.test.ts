import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.js';
import { applyTenantOverrides, CN_2026_1, getRuleSet, US_REGF_2021, validateTenantOverrides } from './rule-sets.js';
import { atLocal, localDate, localParts, zonedToUtc } from './time.js';

describe('rule sets as data', () => {
  it('China set carries the COL defaults', () => {
    const cap = (k: string) => CN_2026_1.caps.find((c) => c.key === k)!.max;
    expect(cap('voice_conversations_per_day')).toBe(3); // COL-20
    expect(cap('unanswered_dials_per_number_per_day')).toBe(6); // COL-21
    expect(cap('automated_voice_per_7_days')).toBe(3); // COL-85
    expect([cap('messages_per_day'), cap('messages_per_7_days')]).toEqual([2, 10]); // COL-22
    expect(CN_2026_1.quietWindows.map((w) => `${w.ruleId} ${w.start}-${w.end}`)).toEqual(['COL-10 22:00-08:00', 'COL-11 21:00-08:00']);
    expect(CN_2026_1.fieldVisit.minStaff).toBe(2); // COL-50
  });
  it('getRuleSet by jurisdiction, date or id', () => {
    expect(getRuleSet('CN').id).toBe('CN-2026.1');
    expect(getRuleSet('US-REGF-2021')).toBe(US_REGF_2021);
    expect(() => getRuleSet('CN', '2020-01-01')).toThrow(DomainError);
  });
});

describe('tenant overrides may only be stricter', () => {
  it('accepts stricter caps, longer gaps, more holiday channels, more staff', () => {
    const r = applyTenantOverrides(CN_2026_1, { caps: { voice_conversations_per_day: 2 }, minGapMinutes: 60, holidayChannels: ['voice_agent', 'voice_automated', 'field_visit', 'sms'], fieldVisitMinStaff: 3 });
    expect(r.caps.find((c) => c.key === 'voice_conversations_per_day')!.max).toBe(2);
    expect(r.minGap.minutes).toBe(60);
    expect(CN_2026_1.caps.find((c) => c.key === 'voice_conversations_per_day')!.max).toBe(3); // base untouched
  });
  it.each([
    [{ caps: { voice_conversations_per_day: 4 } }, 'caps.voice_conversations_per_day'],
    [{ caps: { unanswered_dials_per_number_per_day: 10 } }, 'caps.unanswered_dials_per_number_per_day'],
    [{ minGapMinutes: 5 }, 'minGapMinutes'],
    [{ holidayChannels: ['voice_agent' as const] }, 'holidayChannels'],
    [{ fieldVisitMinStaff: 1 }, 'fieldVisitMinStaff'],
    [{ quietWindow: { start: '23:00', end: '08:00' } }, 'quietWindow'],
    [{ quietWindow: { start: '21:00', end: '07:00' } }, 'quietWindow'],
  ])('rejects a looser override %j naming field %s (COL-10/11/20/21/50)', (o, field) => {
    try {
      applyTenantOverrides(CN_2026_1, o);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('COMPLIANCE_OVERRIDE_LOOSER');
      expect((e as DomainError).field).toBe(field);
      expect((e as DomainError).message).toContain(field);
    }
  });
  it('COL-11 a tenant may move the product window to 22:00–08:00 (covers COL-10) but US-01 cannot be narrowed', () => {
    expect(validateTenantOverrides(CN_2026_1, { quietWindow: { start: '22:00', end: '08:00' } })).toEqual([]);
    expect(validateTenantOverrides(US_REGF_2021, { quietWindow: { start: '22:00', end: '08:00' } })[0].field).toBe('quietWindow');
  });
  it('malformed overrides are invalid, not looser', () => {
    expect(() => applyTenantOverrides(CN_2026_1, { caps: { nope: 1 } })).toThrow(expect.objectContaining({ code: 'COMPLIANCE_OVERRIDE_INVALID', field: 'caps.nope' }));
    expect(() => applyTenantOverrides(CN_2026_1, { quietWindow: { start: '9pm', end: '08:00' } })).toThrow(expect.objectContaining({ code: 'COMPLIANCE_OVERRIDE_INVALID' }));
  });
  it('lists every issue at once', () => {
    expect(validateTenantOverrides(CN_2026_1, { caps: { messages_per_day: 5 }, minGapMinutes: 1 }).map((i) => i.field)).toEqual(['caps.messages_per_day', 'minGapMinutes']);
  });
});

describe('time zone math (Intl only)', () => {
  it('Shanghai is UTC+8 without DST', () => {
    expect(atLocal('2026-07-01', 8 * 60, 'Asia/Shanghai').toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });
  it('New York DST gap: 02:30 on 2026-03-08 does not exist and resolves forward to 03:30 EDT', () => {
    expect(zonedToUtc(2026, 3, 8, 2, 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });
  it('local date differs from the UTC date across midnight', () => {
    expect(localDate(new Date('2026-03-09T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-10');
    expect(localParts(new Date('2026-03-09T17:00:00Z'), 'Asia/Shanghai').hour).toBe(1);
  });
  it('an unknown zone is a domain error', () => {
    expect(() => localDate(new Date(), 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'COMPLIANCE_TIMEZONE_INVALID' }));
  });
});
