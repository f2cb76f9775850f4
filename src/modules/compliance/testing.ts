// Test factories for the compliance module (import only from *.test.ts and benches).
import { contentHashOf, type ContactAttempt, type ContactHistoryEntry, type GateContext } from './contact-gate.js';
import { applyTenantOverrides, CN_2026_1, US_REGF_2021, type Channel, type Outcome } from './rule-sets.js';
import { addDays, atLocal, parseHhMm } from './time.js';

export const TZ_CN = 'Asia/Shanghai';
export const DAY = '2026-03-10'; // a Tuesday

/** ISO instant of a local wall time ('HH:MM') on a local date in a zone. */
export function localIso(time: string, date = DAY, tz = TZ_CN): string {
  return atLocal(date, parseHhMm(time), tz).toISOString();
}

export function makeAttempt(over: Partial<ContactAttempt> = {}): ContactAttempt {
  return { channel: 'voice_agent', at: localIso('10:00'), debtorTimeZone: TZ_CN, target: { kind: 'debtor' }, contactPointId: 'cp_1', ...over };
}

export function makeContext(over: Partial<GateContext> = {}): GateContext {
  return { rules: CN_2026_1, history: [], holds: [], suppressions: [], holidays: [], ...over };
}

/** `n` history entries on `channel` with `outcome`, 35 minutes apart from local `from` on `date`. */
export function entries(n: number, channel: Channel, outcome: Outcome, from = '08:00', date = DAY, extra: Partial<ContactHistoryEntry> = {}, tz = TZ_CN): ContactHistoryEntry[] {
  const start = Date.parse(localIso(from, date, tz));
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(start + i * 35 * 60_000).toISOString(), channel, outcome, target: 'debtor' as const, contactPointId: 'cp_1', ...extra,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The contact-gate scenario table (≥100 rows), shared by the pure test and the database test. Each row names the
// exact set of rule IDs it expects to fire.

export interface Row {
  name: string;
  a?: Partial<ContactAttempt>;
  c?: Partial<GateContext>;
  allow: boolean;
  rules?: string[];
}

const NY = 'America/New_York';
const yesterday = addDays(DAY, -1);
const tp = (over: Record<string, unknown> = {}) => ({ kind: 'third_party' as const, contactId: 'rp_1', relation: 'friend', debtRelated: false, purpose: 'locate' as const, ...over });
const failed3 = entries(3, 'voice_agent', 'unanswered', '08:00');
const NAMES = { agencyName: '安信调解', creditorName: '华夏消费金融' };
const goodSms = '【安信调解】受华夏消费金融委托提醒您：您的账单已到期，可登录官方小程序查看还款方式。';
const us = { rules: US_REGF_2021 };
const usAt = (t: string, d = DAY) => ({ at: localIso(t, d, NY), debtorTimeZone: NY });

export const SCENARIOS: Row[] = [
  // --- COL-10 / COL-11 time windows (debtor-local) ---
  { name: 'COL-10 COL-11 07:59 voice denied', a: { at: localIso('07:59') }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 08:00 voice allowed', a: { at: localIso('08:00') }, allow: true },
  { name: 'noon voice allowed', a: { at: localIso('12:00') }, allow: true },
  { name: 'COL-11 20:59 allowed', a: { at: localIso('20:59') }, allow: true },
  { name: 'COL-11 21:00 denied by product default only', a: { at: localIso('21:00') }, allow: false, rules: ['COL-11'] },
  { name: 'COL-11 21:59 denied', a: { at: localIso('21:59') }, allow: false, rules: ['COL-11'] },
  { name: 'COL-10 22:00 denied by law and default', a: { at: localIso('22:00') }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 23:30 denied', a: { at: localIso('23:30') }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 00:00 denied', a: { at: localIso('00:00') }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 03:00 sms denied', a: { channel: 'sms', at: localIso('03:00') }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 23:00 email denied', a: { channel: 'email', at: localIso('23:00') }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 23:00 im denied', a: { channel: 'im', at: localIso('23:00') }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 letter not time-windowed', a: { channel: 'letter', at: localIso('23:00') }, allow: true },
  { name: 'COL-10 portal message not time-windowed', a: { channel: 'portal', at: localIso('23:00') }, allow: true },
  { name: 'COL-11 field visit 21:30 denied', a: { channel: 'field_visit', staffCount: 2, at: localIso('21:30') }, allow: false, rules: ['COL-11'] },
  { name: 'COL-10 debtor abroad in Los Angeles: 18:00 local allowed though 10:00 Beijing... ', a: { at: localIso('18:00', DAY, 'America/Los_Angeles'), debtorTimeZone: 'America/Los_Angeles' }, allow: true },
  { name: 'COL-10 debtor in Los Angeles: 23:00 local denied though 15:00 in Beijing', a: { at: localIso('23:00', DAY, 'America/Los_Angeles'), debtorTimeZone: 'America/Los_Angeles' }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 debtor in London 07:30 local denied', a: { at: localIso('07:30', DAY, 'Europe/London'), debtorTimeZone: 'Europe/London' }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 debtor in Sydney 09:00 local allowed', a: { at: localIso('09:00', DAY, 'Australia/Sydney'), debtorTimeZone: 'Australia/Sydney' }, allow: true },
  { name: 'COL-10 consent never lifts the hard window: 22:30 still denied by COL-10 (COL-11 lifted)', a: { at: localIso('22:30') }, c: { quietHoursConsents: [{ grantedAt: localIso('09:00', yesterday), recordingId: 'rec_1' }] }, allow: false, rules: ['COL-10'] },
  { name: 'COL-11 recorded consent lifts the product window at 21:30', a: { at: localIso('21:30') }, c: { quietHoursConsents: [{ grantedAt: localIso('09:00', yesterday), recordingId: 'rec_1' }] }, allow: true },
  { name: 'COL-11 an expired consent no longer lifts the product window', a: { at: localIso('21:30') }, c: { quietHoursConsents: [{ grantedAt: localIso('09:00', yesterday), expiresAt: localIso('12:00') }] }, allow: false, rules: ['COL-11'] },
  { name: 'COL-10 revoked consent no longer lifts it', a: { at: localIso('22:30') }, c: { quietHoursConsents: [{ grantedAt: localIso('09:00', yesterday), revokedAt: localIso('12:00') }] }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-10 consent granted after the attempt does not count', a: { at: localIso('22:30') }, c: { quietHoursConsents: [{ grantedAt: localIso('23:00') }] }, allow: false, rules: ['COL-10', 'COL-11'] },
  { name: 'COL-11 tenant window 20:00–09:00 denies 08:30', a: { at: localIso('08:30') }, c: { rules: applyTenantOverrides(CN_2026_1, { quietWindow: { start: '20:00', end: '09:00' } }) }, allow: false, rules: ['COL-11'] },
  { name: 'COL-11 tenant window 20:00–09:00 denies 20:30', a: { at: localIso('20:30') }, c: { rules: applyTenantOverrides(CN_2026_1, { quietWindow: { start: '20:00', end: '09:00' } }) }, allow: false, rules: ['COL-11'] },
  { name: 'COL-11 tenant narrowed to 22:00–08:00 allows 21:30', a: { at: localIso('21:30') }, c: { rules: applyTenantOverrides(CN_2026_1, { quietWindow: { start: '22:00', end: '08:00' } }) }, allow: true },
  { name: 'COL-10 still applies with tenant window 22:00–08:00 at 22:10', a: { at: localIso('22:10') }, c: { rules: applyTenantOverrides(CN_2026_1, { quietWindow: { start: '22:00', end: '08:00' } }) }, allow: false, rules: ['COL-10', 'COL-11'] },
  // --- COL-20 / COL-21 / COL-23 voice caps ---
  { name: 'COL-20 3 conversations today deny a 4th call', c: { history: entries(3, 'voice_agent', 'answered') }, allow: false, rules: ['COL-20'] },
  { name: 'COL-20 2 conversations today allow a 3rd', c: { history: entries(2, 'voice_agent', 'answered') }, allow: true },
  { name: 'COL-20 3 conversations yesterday do not count today', c: { history: entries(3, 'voice_agent', 'answered', '10:00', yesterday) }, allow: true },
  { name: 'COL-20 COL-23 conversations on other cases count', c: { history: [...entries(2, 'voice_agent', 'answered', '08:00', DAY, { caseId: 'case_a' }), ...entries(1, 'voice_agent', 'answered', '09:15', DAY, { caseId: 'case_b' })] }, a: { caseId: 'case_c' }, allow: false, rules: ['COL-20'] },
  { name: 'COL-20 COL-23 conversations on other numbers count', c: { history: entries(3, 'voice_agent', 'answered', '08:00', DAY, { contactPointId: 'cp_2' }) }, allow: false, rules: ['COL-20'] },
  { name: 'COL-20 COL-85 AI voice conversations count towards the daily cap', c: { history: entries(3, 'voice_automated', 'answered') }, allow: false, rules: ['COL-20'] },
  { name: 'COL-20 applies to automated voice too', a: { channel: 'voice_automated', templateId: 'tpl', templateApproved: true }, c: { history: entries(3, 'voice_agent', 'answered', '08:00') }, allow: false, rules: ['COL-20'] },
  { name: 'COL-21 6 unanswered dials to the number deny a 7th', a: { at: localIso('13:00') }, c: { history: entries(6, 'voice_agent', 'unanswered', '08:00') }, allow: false, rules: ['COL-21'] },
  { name: 'COL-21 5 unanswered dials allow a 6th', a: { at: localIso('13:00') }, c: { history: entries(5, 'voice_agent', 'unanswered', '08:00') }, allow: true },
  { name: 'COL-21 counts per number: another number is allowed', a: { contactPointId: 'cp_2', at: localIso('13:00') }, c: { history: entries(6, 'voice_agent', 'unanswered', '08:00') }, allow: true },
  { name: 'COL-21 failed dials count as unanswered', a: { at: localIso('13:00') }, c: { history: entries(6, 'voice_agent', 'failed', '08:00') }, allow: false, rules: ['COL-21'] },
  { name: 'COL-20 unanswered dials are not conversations', a: { at: localIso('13:00') }, c: { history: entries(4, 'voice_agent', 'unanswered', '08:00') }, allow: true },
  // --- COL-85 automated voice weekly cap ---
  { name: 'COL-85 3 automated calls in 7 days deny a 4th', a: { channel: 'voice_automated', templateId: 'tpl', templateApproved: true }, c: { history: [...entries(1, 'voice_automated', 'unanswered', '12:00', addDays(DAY, -6)), ...entries(1, 'voice_automated', 'unanswered', '12:00', addDays(DAY, -3)), ...entries(1, 'voice_automated', 'unanswered', '12:00', yesterday)] }, allow: false, rules: ['COL-85'] },
  { name: 'COL-85 automated calls 8 days ago have rolled out', a: { channel: 'voice_automated', templateId: 'tpl', templateApproved: true }, c: { history: entries(3, 'voice_automated', 'unanswered', '12:00', addDays(DAY, -8)) }, allow: true },
  { name: 'COL-85 agent calls do not count towards the automated cap', a: { channel: 'voice_automated', templateId: 'tpl', templateApproved: true }, c: { history: entries(3, 'voice_agent', 'unanswered', '12:00', yesterday) }, allow: true },
  // --- COL-22 messages ---
  { name: 'COL-22 2 SMS today deny a 3rd', a: { channel: 'sms' }, c: { history: entries(2, 'sms', 'delivered') }, allow: false, rules: ['COL-22'] },
  { name: 'COL-22 SMS and IM share the daily cap', a: { channel: 'im' }, c: { history: [...entries(1, 'sms', 'delivered'), ...entries(1, 'im', 'delivered', '09:00')] }, allow: false, rules: ['COL-22'] },
  { name: 'COL-22 1 SMS today allows another', a: { channel: 'sms' }, c: { history: entries(1, 'sms', 'delivered') }, allow: true },
  { name: 'COL-22 10 messages in 7 days deny an 11th', a: { channel: 'sms' }, c: { history: [1, 2, 3, 4, 5].flatMap((d) => entries(2, 'sms', 'delivered', '12:00', addDays(DAY, -d))) }, allow: false, rules: ['COL-22'] },
  { name: 'COL-22 9 messages in 7 days allow a 10th', a: { channel: 'sms' }, c: { history: [1, 2, 3, 4, 5].flatMap((d) => entries(d === 5 ? 1 : 2, 'sms', 'delivered', '12:00', addDays(DAY, -d))) }, allow: true },
  { name: 'COL-22 2 e-mails today deny a 3rd', a: { channel: 'email' }, c: { history: entries(2, 'email', 'delivered') }, allow: false, rules: ['COL-22'] },
  { name: 'COL-22 SMS does not count against voice', c: { history: entries(2, 'sms', 'delivered', '08:00') }, allow: true },
  { name: 'COL-22 duplicate content within 7 days denied', a: { channel: 'sms', text: goodSms }, c: { history: entries(1, 'sms', 'delivered', '12:00', addDays(DAY, -3), { contentHash: contentHashOf(goodSms) }) }, allow: false, rules: ['COL-22'] },
  { name: 'COL-22 duplicate content with spacing tricks still denied', a: { channel: 'sms', text: goodSms.split('').join(' ') }, c: { history: entries(1, 'sms', 'delivered', '12:00', addDays(DAY, -3), { contentHash: contentHashOf(goodSms) }) }, allow: false, rules: ['COL-22'] },
  { name: 'COL-22 same content 8 days ago allowed', a: { channel: 'sms', text: goodSms }, c: { history: entries(1, 'sms', 'delivered', '12:00', addDays(DAY, -8), { contentHash: contentHashOf(goodSms) }) }, allow: true },
  // --- COL-47 minimum gap, COL-50 field visits ---
  { name: 'COL-47 call 10 minutes after the last contact denied', c: { history: entries(1, 'voice_agent', 'unanswered', '09:50') }, allow: false, rules: ['COL-47'] },
  { name: 'COL-47 call 31 minutes after the last contact allowed', c: { history: entries(1, 'voice_agent', 'unanswered', '09:29') }, allow: true },
  { name: 'COL-47 gap spans channels: SMS right after a call denied', a: { channel: 'sms' }, c: { history: entries(1, 'voice_agent', 'answered', '09:55') }, allow: false, rules: ['COL-47'] },
  { name: 'COL-47 tenant min gap 120 minutes denies a call 60 minutes later', c: { rules: applyTenantOverrides(CN_2026_1, { minGapMinutes: 120 }), history: entries(1, 'voice_agent', 'unanswered', '09:00') }, allow: false, rules: ['COL-47'] },
  { name: 'COL-50 field visit with two staff allowed', a: { channel: 'field_visit', staffCount: 2 }, allow: true },
  { name: 'COL-50 field visit with one staff denied', a: { channel: 'field_visit', staffCount: 1 }, allow: false, rules: ['COL-50'] },
  { name: 'COL-50 field visit entering the home without consent denied', a: { channel: 'field_visit', staffCount: 3, entersPremisesWithoutConsent: true }, allow: false, rules: ['COL-50'] },
  { name: 'COL-50 second field visit the same day denied', a: { channel: 'field_visit', staffCount: 2 }, c: { history: entries(1, 'field_visit', 'visited', '08:30') }, allow: false, rules: ['COL-50'] },
  { name: 'COL-50 tenant requires 3 staff', a: { channel: 'field_visit', staffCount: 2 }, c: { rules: applyTenantOverrides(CN_2026_1, { fieldVisitMinStaff: 3 }) }, allow: false, rules: ['COL-50'] },
  // --- holds COL-35, COL-80, US-05/06, COL-31 ---
  { name: 'COL-80 dispute hold blocks calls', c: { holds: [{ kind: 'dispute' }] }, allow: false, rules: ['COL-80'] },
  { name: 'COL-80 complaint hold blocks SMS', a: { channel: 'sms' }, c: { holds: [{ kind: 'complaint' }] }, allow: false, rules: ['COL-80'] },
  { name: 'US-06 cease-contact hold blocks calls', c: { holds: [{ kind: 'cease_contact' }] }, allow: false, rules: ['US-06'] },
  { name: 'US-05 legal representation blocks calls', c: { holds: [{ kind: 'legal_representation' }] }, allow: false, rules: ['US-05'] },
  { name: 'US-05 legal representation blocks letters too', a: { channel: 'letter' }, c: { holds: [{ kind: 'legal_representation' }] }, allow: false, rules: ['US-05'] },
  { name: 'COL-31 deceased debtor: no contact addressed to the debtor', c: { holds: [{ kind: 'deceased' }] }, allow: false, rules: ['COL-31'] },
  { name: 'COL-35 minor: contact blocked', a: { channel: 'sms' }, c: { holds: [{ kind: 'minor' }] }, allow: false, rules: ['COL-35'] },
  { name: 'COL-80 dispute hold leaves the debtor portal open', a: { channel: 'portal' }, c: { holds: [{ kind: 'dispute' }] }, allow: true },
  { name: 'COL-80 lapsed hold no longer blocks', c: { holds: [{ kind: 'dispute', until: localIso('09:00') }] }, allow: true },
  { name: 'COL-80 hold starting later does not block now', c: { holds: [{ kind: 'complaint', since: localIso('11:00') }] }, allow: true },
  { name: 'COL-80 complaint hold blocks third-party contact', a: { target: tp() }, c: { holds: [{ kind: 'complaint' }], history: failed3 }, allow: false, rules: ['COL-80'] },
  { name: 'COL-31 deceased debtor: locating the estate via a third party allowed', a: { target: tp({ relation: 'sibling' }) }, c: { holds: [{ kind: 'deceased' }] }, allow: true },
  { name: 'COL-80 US-06 two holds both listed', c: { holds: [{ kind: 'dispute' }, { kind: 'cease_contact' }] }, allow: false, rules: ['COL-80', 'US-06'] },
  // --- COL-12 holidays ---
  { name: 'COL-12 holiday blocks outbound calls', c: { holidays: [DAY] }, allow: false, rules: ['COL-12'] },
  { name: 'COL-12 holiday does not block SMS by default', a: { channel: 'sms' }, c: { holidays: [DAY] }, allow: true },
  { name: 'COL-12 tenant adds SMS to holiday channels', a: { channel: 'sms' }, c: { holidays: [DAY], rules: applyTenantOverrides(CN_2026_1, { holidayChannels: ['voice_agent', 'voice_automated', 'field_visit', 'sms'] }) }, allow: false, rules: ['COL-12'] },
  { name: 'COL-12 other day is not a holiday', c: { holidays: [yesterday] }, allow: true },
  { name: 'COL-12 holiday is the debtor-local date (01:30 UTC next day = 09:30 Beijing holiday)', a: { at: localIso('09:30', addDays(DAY, 1)) }, c: { holidays: [addDays(DAY, 1)] }, allow: false, rules: ['COL-12'] },
  // --- third parties COL-30..35 ---
  { name: 'COL-31 third party while the debtor is reachable denied', a: { target: tp() }, allow: false, rules: ['COL-31'] },
  { name: 'COL-31 third party after 3 consecutive failed attempts allowed', a: { target: tp() }, c: { history: failed3 }, allow: true },
  { name: 'COL-31 2 failures then 1 answered: debtor reachable', a: { target: tp() }, c: { history: [...entries(2, 'voice_agent', 'unanswered', '08:00'), ...entries(1, 'voice_agent', 'answered', '09:10')] }, allow: false, rules: ['COL-31'] },
  { name: 'COL-31 invalid number makes the debtor unreachable', a: { target: tp() }, c: { reachability: { numberInvalid: true } }, allow: true },
  { name: 'COL-31 out of contact: relay a message allowed', a: { target: tp({ purpose: 'relay_message' }) }, c: { reachability: { outOfContact: true } }, allow: true },
  { name: 'COL-30 asking an unrelated third party to pay denied', a: { target: tp({ purpose: 'collect' }) }, c: { history: failed3 }, allow: false, rules: ['COL-30'] },
  { name: 'COL-30 COL-31 collect from unrelated party while debtor reachable: both fire', a: { target: tp({ purpose: 'collect' }) }, allow: false, rules: ['COL-30', 'COL-31'] },
  { name: 'COL-30 COL-33 guarantor (debt-related) may be asked to pay', a: { target: tp({ relation: 'guarantor', debtRelated: true, purpose: 'collect' }) }, allow: true },
  { name: 'COL-32 disclosing the debt to a third party denied', a: { channel: 'sms', target: tp(), text: '您好，请转告张三尽快归还欠款，否则影响信用。' }, c: { history: failed3 }, allow: false, rules: ['COL-32'] },
  { name: 'COL-32 neutral location inquiry allowed', a: { channel: 'sms', target: tp(), text: '您好，我是安信调解的李明，想与张三先生取得联系，烦请转告他回电4001234567，谢谢。' }, c: { history: failed3 }, allow: true },
  { name: 'COL-32 suppressed contact stays suppressed', a: { target: tp() }, c: { history: failed3, suppressions: [{ contactId: 'rp_1', reason: 'refused' }] }, allow: false, rules: ['COL-32'] },
  { name: 'COL-32 suppression of another contact does not block this one', a: { target: tp() }, c: { history: failed3, suppressions: [{ contactId: 'rp_2' }] }, allow: true },
  { name: 'COL-35 third party known to be a minor', a: { target: tp({ isMinor: true }) }, c: { history: failed3 }, allow: false, rules: ['COL-35'] },
  { name: 'COL-10 quiet window applies to third parties too', a: { target: tp(), at: localIso('22:30') }, c: { history: failed3 }, allow: false, rules: ['COL-10', 'COL-11'] },
  // --- content COL-40..46, COL-92, COL-34, COL-85 ---
  { name: 'COL-46 insult in free text SMS', a: { channel: 'sms', text: '你这个老赖，赶紧还钱' }, allow: false, rules: ['COL-46'] },
  { name: 'COL-42 impersonating the court', a: { channel: 'sms', text: '我们是法院执行局的，明天上门' }, allow: false, rules: ['COL-42'] },
  { name: 'COL-43 invented blacklist (traditional characters)', a: { channel: 'sms', text: '再不處理就把你列入黑名單' }, allow: false, rules: ['COL-43'] },
  { name: 'COL-44 personal account', a: { channel: 'im', text: '直接转到我个人支付宝就行' }, allow: false, rules: ['COL-44'] },
  { name: 'COL-45 public posting', a: { channel: 'sms', text: '再不还就把催收函张贴到你小区' }, allow: false, rules: ['COL-45', 'COL-34'] },
  { name: 'COL-92 claim that limitation does not matter', a: { channel: 'sms', text: '欠款过了时效也照样可以起诉你' }, allow: false, rules: ['COL-92'] },
  { name: 'COL-92 time-barred case: mentioning a lawsuit denied', a: { channel: 'email', text: '如不处理，债权人将提起诉讼。' }, c: { timeBarred: true }, allow: false, rules: ['COL-92'] },
  { name: 'COL-92 same text on a live debt allowed', a: { channel: 'email', text: '如不处理，债权人可能依法提起诉讼。' }, allow: true },
  { name: 'COL-42 COL-43 COL-46 every rule in one message is listed', a: { channel: 'sms', text: '我是公安局的，你这个骗子再不还钱就坐牢，还要通知你单位' }, allow: false, rules: ['COL-42', 'COL-43', 'COL-46', 'COL-34'] },
  { name: 'COL-40 message without the creditor name denied', a: { channel: 'sms', text: '【安信调解】提醒您尽快处理账单。' }, c: { names: NAMES }, allow: false, rules: ['COL-40'] },
  { name: 'COL-40 message naming agency and creditor allowed', a: { channel: 'sms', text: goodSms }, c: { names: NAMES }, allow: true },
  { name: 'COL-34 group message denied', a: { channel: 'im', recipientCount: 5, text: goodSms }, allow: false, rules: ['COL-34'] },
  { name: 'COL-85 automated voice without an approved script denied', a: { channel: 'voice_automated' }, allow: false, rules: ['COL-85'] },
  { name: 'COL-85 automated script that does not say it is automated denied', a: { channel: 'voice_automated', templateId: 't', templateApproved: true, text: '您好，这里是安信调解，受华夏消费金融委托提醒您账单到期。' }, allow: false, rules: ['COL-85'] },
  { name: 'COL-85 approved announced automated call allowed', a: { channel: 'voice_automated', templateId: 't', templateApproved: true, text: '您好，这是安信调解的自动语音提醒，受华夏消费金融委托提醒您账单到期。' }, allow: true },
  { name: 'COL-22 channel opt-out blocks SMS', a: { channel: 'sms' }, c: { channelOptOuts: ['sms'] }, allow: false, rules: ['COL-22'] },
  { name: 'COL-22 SMS opt-out leaves calls', c: { channelOptOuts: ['sms'] }, allow: true },
  { name: 'COL-10 COL-11 COL-20 COL-80 combined: every rule listed', a: { at: localIso('22:30') }, c: { history: entries(3, 'voice_agent', 'answered', '08:00'), holds: [{ kind: 'complaint' }] }, allow: false, rules: ['COL-10', 'COL-11', 'COL-20', 'COL-80'] },
  // --- US Regulation F ---
  { name: 'US-01 20:59 consumer-local allowed', a: usAt('20:59'), c: us, allow: true },
  { name: 'US-01 21:00 consumer-local denied', a: usAt('21:00'), c: us, allow: false, rules: ['US-01'] },
  { name: 'US-01 07:59 denied', a: usAt('07:59'), c: us, allow: false, rules: ['US-01'] },
  { name: 'US-01 08:00 allowed', a: usAt('08:00'), c: us, allow: true },
  { name: 'US-02 7 calls in 7 days deny an 8th', a: usAt('12:00'), c: { ...us, history: [1, 2, 3, 4, 5, 6, 6].map((d, i) => entries(1, 'voice_agent', 'unanswered', i === 6 ? '15:00' : '10:00', addDays(DAY, -d), {}, NY)[0]) }, allow: false, rules: ['US-02'] },
  { name: 'US-02 6 calls in 7 days allow a 7th', a: usAt('12:00'), c: { ...us, history: [1, 2, 3, 4, 5, 6].map((d) => entries(1, 'voice_agent', 'unanswered', '10:00', addDays(DAY, -d), {}, NY)[0]) }, allow: true },
  { name: 'US-02 call within 7 days after a conversation denied', a: usAt('12:00'), c: { ...us, history: entries(1, 'voice_agent', 'answered', '10:00', addDays(DAY, -3), {}, NY) }, allow: false, rules: ['US-02'] },
  { name: 'US-02 conversation 8 days ago allows a call', a: usAt('12:00'), c: { ...us, history: entries(1, 'voice_agent', 'answered', '10:00', addDays(DAY, -8), {}, NY) }, allow: true },
  { name: 'US-07 text without opt-out notice denied', a: { ...usAt('12:00'), channel: 'sms', text: 'ABC Recovery for First Bank: please call us about your account.' }, c: us, allow: false, rules: ['US-07'] },
  { name: 'US-07 text with opt-out notice allowed', a: { ...usAt('12:00'), channel: 'sms', text: 'ABC Recovery for First Bank: please call us about your account. Reply STOP to opt out.' }, c: us, allow: true },
  { name: 'US-06 cease communication', a: usAt('12:00'), c: { ...us, holds: [{ kind: 'cease_contact' }] }, allow: false, rules: ['US-06'] },
  { name: 'US-05 represented by an attorney', a: usAt('12:00'), c: { ...us, holds: [{ kind: 'legal_representation' }] }, allow: false, rules: ['US-05'] },
  { name: 'US-08 dispute pauses collection', a: usAt('12:00'), c: { ...us, holds: [{ kind: 'dispute' }] }, allow: false, rules: ['US-08'] },
  { name: 'US-09 threatening suit on a time-barred debt', a: { ...usAt('12:00'), channel: 'email', text: 'We will file a lawsuit in court. Reply STOP to opt out.' }, c: { ...us, timeBarred: true }, allow: false, rules: ['US-09'] },
  { name: 'US-10 insult', a: { ...usAt('12:00'), channel: 'email', text: 'Pay up, deadbeat. Reply STOP to opt out.' }, c: us, allow: false, rules: ['US-10'] },
  { name: 'US-03 location contact allowed without unreachability', a: { ...usAt('12:00'), target: tp() }, c: us, allow: true },
  { name: 'US-03 second location contact with the same person within a year denied', a: { ...usAt('12:00'), target: tp() }, c: { ...us, history: [{ at: localIso('12:00', addDays(DAY, -30), NY), channel: 'voice_agent', outcome: 'answered', target: 'third_party', thirdPartyContactId: 'rp_1' }] }, allow: false, rules: ['US-03'] },
  { name: 'US-03 relay-a-message purpose not allowed with third parties', a: { ...usAt('12:00'), target: tp({ purpose: 'relay_message' }) }, c: us, allow: false, rules: ['US-03'] },
];

