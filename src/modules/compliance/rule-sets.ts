// Contact rules as DATA, versioned per jurisdiction (COL-10..COL-50 for China, US-01..US-09 for Regulation F).
// The gate (contact-gate.ts) interprets these values; nothing here is code-path specific. Tenant overrides may only
// make a rule stricter (validateTenantOverrides), except the COL-11 product quiet window, which a tenant may move
// anywhere that still covers the COL-10 legal window (the spec: "may widen it but may not narrow it below COL-10").
import { complianceError } from './errors.js';
import { parseHhMm } from './time.js';

export const CHANNELS = ['voice_agent', 'voice_automated', 'sms', 'im', 'email', 'letter', 'portal', 'field_visit'] as const;
export type Channel = (typeof CHANNELS)[number];
export const VOICE: Channel[] = ['voice_agent', 'voice_automated'];
export const OUTCOMES = ['answered', 'unanswered', 'delivered', 'failed', 'visited', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const HOLD_KINDS = ['dispute', 'complaint', 'cease_contact', 'legal_representation', 'deceased', 'minor'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];
export type Jurisdiction = 'CN' | 'US';

export interface Reason {
  ruleId: string;
  reasonZh: string;
  reasonEn: string;
}

export interface QuietWindow extends Reason {
  /** Local wall clock 'HH:MM', window is [start, end) and may wrap midnight. */
  start: string;
  end: string;
  channels: Channel[];
  /** A recorded, unrevoked debtor consent lifts it (COL-10 "unless the debtor has agreed"). */
  consentOverridable: boolean;
  /** The statutory floor (COL-10 / US-01); a tenant window must cover every floor window. */
  legalFloor: boolean;
}

export type CapPeriod = { kind: 'local_day' } | { kind: 'rolling'; hours: number };

export interface CapRule extends Reason {
  /** Stable key used by tenant overrides, e.g. 'voice_conversations_per_day'. */
  key: string;
  channels: Channel[];
  /** History outcomes that count; undefined = every attempt counts. */
  outcomes?: Outcome[];
  /** 'debtor': all numbers/cases/agents of the debtor (COL-23); 'number': per contact point (COL-21). */
  scope: 'debtor' | 'number';
  period: CapPeriod;
  max: number;
}

export interface HoldRule extends Reason {
  kind: HoldKind;
  /** Channels blocked while the hold is active (to the debtor). */
  channels: Channel[];
  /** Whether third-party contact is also blocked. */
  blocksThirdParties: boolean;
}

export interface RuleSet {
  id: string;
  jurisdiction: Jurisdiction;
  version: string;
  effectiveFrom: string;
  title: string;
  quietWindows: QuietWindow[];
  caps: CapRule[];
  /** Minimum gap between outbound contacts to the same debtor on these channels. */
  minGap: Reason & { minutes: number; channels: Channel[] };
  /** Identical SMS/IM content to the same debtor within this many hours is refused (COL-22 "content-deduplicated"). */
  contentDedupe: Reason & { hours: number; channels: Channel[] } | null;
  /** US-02: no call within N hours after a telephone conversation about the debt. */
  quietAfterConversation: Reason & { hours: number; channels: Channel[] } | null;
  holds: HoldRule[];
  holidays: Reason & { channels: Channel[] };
  thirdParty: {
    /** COL-31: only when the debtor is unreachable. */
    unreachable: Reason & { consecutiveFailures: number; required: boolean };
    /** COL-32: only these purposes with an unrelated third party. */
    purpose: Reason & { allowed: Array<'locate' | 'relay_message'> };
    /** COL-32 / US-03: never disclose the debt. */
    disclosure: Reason;
    /** COL-30/33: collect only from the debtor or a debt-related party (guarantor, joint obligor). */
    collectFrom: Reason;
    /** COL-32: permanent suppression once the contact refuses. */
    suppression: Reason;
    /** US-03 §1006.10: location contact with the same person at most once per N hours (null: no limit). */
    repeatLimitHours: number | null;
  };
  fieldVisit: Reason & { minStaff: number };
  automated: Reason & { requireApprovedTemplate: boolean; mustAnnounceAutomated: boolean };
  identity: Reason;
  groupMessage: Reason;
  optOutNotice: (Reason & { channels: Channel[] }) | null;
  timeBarred: Reason;
  content: Reason;
  channelOptOut: Reason;
}

const ALL: Channel[] = [...CHANNELS];
const OUTBOUND_INTERACTIVE: Channel[] = ['voice_agent', 'voice_automated', 'sms', 'im', 'email', 'field_visit'];
const MESSAGES: Channel[] = ['sms', 'im'];

function holdsFor(j: Jurisdiction): HoldRule[] {
  // A hold blocks all collection channels except the debtor's own portal (pull, not push) — COL-35, US-05/06, COL-80.
  const push = ALL.filter((c) => c !== 'portal');
  return [
    { kind: 'dispute', ruleId: j === 'US' ? 'US-08' : 'COL-80', channels: push, blocksThirdParties: true,
      reasonZh: '债务人已提出异议，核实完成前暂停催收', reasonEn: 'The debtor disputes the debt; collection pauses until it is verified' },
    { kind: 'complaint', ruleId: 'COL-80', channels: push, blocksThirdParties: true,
      reasonZh: '投诉处理期间暂停催收', reasonEn: 'A complaint is being handled; collection is on hold' },
    { kind: 'cease_contact', ruleId: 'US-06', channels: push, blocksThirdParties: true,
      reasonZh: '债务人已书面要求停止联系', reasonEn: 'The debtor asked in writing to stop contact' },
    { kind: 'legal_representation', ruleId: 'US-05', channels: ALL, blocksThirdParties: true,
      reasonZh: '债务人已委托律师，应与律师沟通', reasonEn: 'The debtor is represented by a lawyer; deal with the lawyer' },
    { kind: 'deceased', ruleId: 'COL-31', channels: ALL, blocksThirdParties: false,
      reasonZh: '债务人已身故，不得联系债务人本人', reasonEn: 'The debtor is deceased; no contact addressed to the debtor' },
    { kind: 'minor', ruleId: 'COL-35', channels: ALL, blocksThirdParties: true,
      reasonZh: '对方为未成年人，禁止联系', reasonEn: 'The person is a minor; contact is blocked' },
  ];
}

const commonCn = {
  identity: { ruleId: 'COL-40', reasonZh: '内容须表明催收机构及所代表的债权人', reasonEn: 'The message must name the agency and the creditor it acts for' },
  groupMessage: { ruleId: 'COL-34', reasonZh: '不得群发催收信息', reasonEn: 'Collection messages may not be sent to groups' },
  timeBarred: { ruleId: 'COL-92', reasonZh: '诉讼时效已届满的债务不得暗示仍可胜诉或施压确认', reasonEn: 'A time-barred debt may not be presented as still enforceable in court' },
  content: { ruleId: 'COL-43', reasonZh: '内容含有禁止用语', reasonEn: 'The content contains banned wording' },
  channelOptOut: { ruleId: 'COL-22', reasonZh: '债务人已拒绝该渠道（民法典第1033条）', reasonEn: 'The debtor opted out of this channel (Civil Code art 1033)' },
};

/** China rule set, version 2026.1 (GB/T 45251-2025, CBA 2026 as summarised in the spec, section A). */
export const CN_2026_1: RuleSet = {
  id: 'CN-2026.1', jurisdiction: 'CN', version: '2026.1', effectiveFrom: '2026-01-01',
  title: 'China collection conduct (GB/T 45251-2025, CBA 2026, design defaults)',
  quietWindows: [
    // A recorded consent lifts only the product window (COL-11), never this hard limit: the product does not act on
    // "the debtor agreed" for 22:00–08:00 (a consent given under collection pressure is not evidence of agreement).
    { ruleId: 'COL-10', start: '22:00', end: '08:00', channels: ALL.filter((c) => c !== 'portal' && c !== 'letter'),
      consentOverridable: false, legalFloor: true,
      reasonZh: '22:00至次日8:00（债务人当地时间）不得催收', reasonEn: 'No collection 22:00–08:00 debtor-local time' },
    { ruleId: 'COL-11', start: '21:00', end: '08:00', channels: ALL.filter((c) => c !== 'portal' && c !== 'letter'),
      consentOverridable: true, legalFloor: false,
      reasonZh: '产品默认静默时段21:00至次日8:00', reasonEn: 'Product default quiet window 21:00–08:00' },
  ],
  caps: [
    { key: 'voice_conversations_per_day', ruleId: 'COL-20', channels: VOICE, outcomes: ['answered'], scope: 'debtor',
      period: { kind: 'local_day' }, max: 3,
      reasonZh: '每日与同一债务人有效通话不超过3次（含AI语音）', reasonEn: 'At most 3 effective voice conversations per debtor per day (AI voice included)' },
    { key: 'unanswered_dials_per_number_per_day', ruleId: 'COL-21', channels: VOICE, outcomes: ['unanswered', 'failed'],
      scope: 'number', period: { kind: 'local_day' }, max: 6,
      reasonZh: '同一号码每日未接通拨打不超过6次', reasonEn: 'At most 6 unanswered dials per number per day' },
    { key: 'automated_voice_per_7_days', ruleId: 'COL-85', channels: ['voice_automated'], scope: 'debtor',
      period: { kind: 'rolling', hours: 168 }, max: 3,
      reasonZh: '自动/AI语音每7日对同一债务人不超过3次', reasonEn: 'At most 3 automated or AI voice contacts per debtor per rolling 7 days' },
    { key: 'messages_per_day', ruleId: 'COL-22', channels: MESSAGES, scope: 'debtor', period: { kind: 'local_day' }, max: 2,
      reasonZh: '短信/即时消息每日不超过2条', reasonEn: 'At most 2 SMS/IM per debtor per day' },
    { key: 'messages_per_7_days', ruleId: 'COL-22', channels: MESSAGES, scope: 'debtor', period: { kind: 'rolling', hours: 168 }, max: 10,
      reasonZh: '短信/即时消息每7日不超过10条', reasonEn: 'At most 10 SMS/IM per debtor per rolling 7 days' },
    { key: 'emails_per_day', ruleId: 'COL-22', channels: ['email'], scope: 'debtor', period: { kind: 'local_day' }, max: 2,
      reasonZh: '电子邮件每日不超过2封', reasonEn: 'At most 2 e-mails per debtor per day' },
    { key: 'field_visits_per_day', ruleId: 'COL-50', channels: ['field_visit'], scope: 'debtor', period: { kind: 'local_day' }, max: 1,
      reasonZh: '每日外访不超过1次（默认）', reasonEn: 'At most 1 field visit per debtor per day (default)' },
  ],
  minGap: { ruleId: 'COL-47', minutes: 30, channels: OUTBOUND_INTERACTIVE,
    reasonZh: '两次联系之间须间隔最短时间，避免纠缠骚扰', reasonEn: 'Minimum gap between contacts to the same debtor (no pestering)' },
  contentDedupe: { ruleId: 'COL-22', hours: 168, channels: MESSAGES,
    reasonZh: '7日内不得重复发送相同内容', reasonEn: 'The same message content was already sent within 7 days' },
  quietAfterConversation: null,
  holds: holdsFor('CN'),
  holidays: { ruleId: 'COL-12', channels: ['voice_agent', 'voice_automated', 'field_visit'],
    reasonZh: '法定节假日不进行外呼催收（租户设置）', reasonEn: 'No outbound collection calls on statutory holidays (tenant setting)' },
  thirdParty: {
    unreachable: { ruleId: 'COL-31', consecutiveFailures: 3, required: true,
      reasonZh: '仅在债务人失联时方可联系第三方', reasonEn: 'Third parties only when the debtor is unreachable' },
    purpose: { ruleId: 'COL-32', allowed: ['locate', 'relay_message'],
      reasonZh: '联系第三方仅限询问联系方式或转告信息', reasonEn: 'With a third party: only ask for contact details or pass a message' },
    disclosure: { ruleId: 'COL-32', reasonZh: '不得向第三方透露债务信息', reasonEn: 'The debt may not be disclosed to a third party' },
    collectFrom: { ruleId: 'COL-30', reasonZh: '只能向债务人或与债务相关的第三方催收', reasonEn: 'Collect only from the debtor or a debt-related party' },
    suppression: { ruleId: 'COL-32', reasonZh: '该联系人已拒绝联系，永久屏蔽', reasonEn: 'This contact refused further contact and is permanently suppressed' },
    repeatLimitHours: null,
  },
  fieldVisit: { ruleId: 'COL-50', minStaff: 2, reasonZh: '外访须至少两名工作人员', reasonEn: 'Field visits need at least two staff' },
  automated: { ruleId: 'COL-85', requireApprovedTemplate: true, mustAnnounceAutomated: true,
    reasonZh: '自动/AI语音须使用已审批话术并表明为自动语音', reasonEn: 'Automated/AI voice must use an approved script that says it is automated' },
  ...commonCn,
  optOutNotice: null,
};

/** US Regulation F (12 CFR 1006) comparator set, spec section C. */
export const US_REGF_2021: RuleSet = {
  id: 'US-REGF-2021', jurisdiction: 'US', version: '2021.11', effectiveFrom: '2021-11-30',
  title: 'US Regulation F (12 CFR Part 1006)',
  quietWindows: [
    { ruleId: 'US-01', start: '21:00', end: '08:00', channels: ALL.filter((c) => c !== 'portal' && c !== 'letter'),
      consentOverridable: true, legalFloor: true,
      reasonZh: '消费者当地时间晚9点至早8点推定为不便时间', reasonEn: 'Before 8 am or after 9 pm consumer-local time is presumed inconvenient (§1006.6(b)(1)(i))' },
  ],
  caps: [
    { key: 'calls_per_7_days', ruleId: 'US-02', channels: VOICE, scope: 'debtor', period: { kind: 'rolling', hours: 168 }, max: 7,
      reasonZh: '7日内电话不超过7次', reasonEn: 'No more than 7 calls in 7 consecutive days (§1006.14(b)(2))' },
  ],
  minGap: { ruleId: 'US-02', minutes: 0, channels: OUTBOUND_INTERACTIVE, reasonZh: '最短联系间隔', reasonEn: 'Minimum gap between contacts' },
  contentDedupe: null,
  quietAfterConversation: { ruleId: 'US-02', hours: 168, channels: VOICE,
    reasonZh: '电话沟通后7日内不得再次致电', reasonEn: 'No call within 7 days after a telephone conversation (§1006.14(b)(2)(ii))' },
  holds: holdsFor('US'),
  holidays: { ruleId: 'COL-12', channels: [], reasonZh: '节假日（租户设置）', reasonEn: 'Holidays (tenant setting)' },
  thirdParty: {
    unreachable: { ruleId: 'US-03', consecutiveFailures: 0, required: false,
      reasonZh: '第三方联系仅限查找下落', reasonEn: 'Third parties only for location information' },
    purpose: { ruleId: 'US-03', allowed: ['locate'],
      reasonZh: '与第三方沟通仅限获取下落信息', reasonEn: 'Third-party communication only to acquire location information (§1006.10)' },
    disclosure: { ruleId: 'US-03', reasonZh: '不得提及债务', reasonEn: 'Never mention the debt to a third party (§1006.10)' },
    collectFrom: { ruleId: 'US-03', reasonZh: '只能与消费者本人讨论债务', reasonEn: 'Discuss the debt only with the consumer (§1006.6(d))' },
    suppression: { ruleId: 'US-03', reasonZh: '该联系人已拒绝联系', reasonEn: 'This contact refused further contact' },
    repeatLimitHours: 24 * 365,
  },
  fieldVisit: { ruleId: 'US-04', minStaff: 1, reasonZh: '上门', reasonEn: 'Visits at inconvenient places are barred' },
  automated: { ruleId: 'US-13', requireApprovedTemplate: true, mustAnnounceAutomated: true,
    reasonZh: '自动语音须使用已审批话术', reasonEn: 'Automated voice must use an approved script' },
  identity: { ruleId: 'US-13', reasonZh: '须表明来自债务催收方', reasonEn: 'Say that the communication is from a debt collector and for whom' },
  groupMessage: { ruleId: 'US-03', reasonZh: '不得群发', reasonEn: 'No group messages (third-party disclosure)' },
  optOutNotice: { ruleId: 'US-07', channels: ['sms', 'email', 'im'],
    reasonZh: '电子信息须包含退订方式', reasonEn: 'Each e-mail or text needs an opt-out notice (§1006.6(e))' },
  timeBarred: { ruleId: 'US-09', reasonZh: '时效已过的债务不得起诉或以起诉相威胁', reasonEn: 'No suing or threatening to sue on a time-barred debt (§1006.26(b))' },
  content: { ruleId: 'US-10', reasonZh: '虚假或误导性陈述', reasonEn: 'False or misleading representation' },
  channelOptOut: { ruleId: 'US-07', reasonZh: '消费者已退订该渠道', reasonEn: 'The consumer opted out of this channel' },
};

export const RULE_SETS: readonly RuleSet[] = [CN_2026_1, US_REGF_2021];

/** Latest rule set for a jurisdiction effective on `on` ('YYYY-MM-DD'), or by exact id. Throws COMPLIANCE_RULE_SET_NOT_FOUND. */
export function getRuleSet(jurisdictionOrId: Jurisdiction | string, on?: string): RuleSet {
  const byId = RULE_SETS.find((r) => r.id === jurisdictionOrId);
  if (byId) return byId;
  const candidates = RULE_SETS.filter((r) => r.jurisdiction === jurisdictionOrId && (!on || r.effectiveFrom <= on))
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  if (!candidates[0]) throw complianceError('COMPLIANCE_RULE_SET_NOT_FOUND', { detail: String(jurisdictionOrId) });
  return candidates[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Tenant overrides

export interface TenantOverrides {
  /** Replaces the product quiet window (COL-11); must cover every legal-floor window (COL-10 / US-01). */
  quietWindow?: { start: string; end: string };
  /** Cap key → new maximum (must be ≤ the rule set's). */
  caps?: Record<string, number>;
  minGapMinutes?: number;
  /** Channels blocked on holidays (must include the rule set's). */
  holidayChannels?: Channel[];
  fieldVisitMinStaff?: number;
  /** Third parties: rule-set value `required: false` may be tightened to true. */
  thirdPartyRequiresUnreachable?: boolean;
}

export interface OverrideIssue {
  field: string;
  message: string;
  looser: boolean;
}

function windowMinutes(start: string, end: string): Set<number> {
  const s = parseHhMm(start);
  const e = parseHhMm(end);
  const out = new Set<number>();
  for (let m = s; m !== e; m = (m + 1) % 1440) out.add(m);
  return out;
}

/** Every problem with an override, naming the field; `looser: true` for attempts to relax a rule. */
export function validateTenantOverrides(ruleSet: RuleSet, o: TenantOverrides): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  if (o.quietWindow) {
    const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;
    if (!hhmm.test(o.quietWindow.start) || !hhmm.test(o.quietWindow.end)) {
      issues.push({ field: 'quietWindow', message: 'start and end must be HH:MM', looser: false });
    } else {
      const tenant = windowMinutes(o.quietWindow.start, o.quietWindow.end);
      for (const floor of ruleSet.quietWindows.filter((w) => w.legalFloor)) {
        for (const m of windowMinutes(floor.start, floor.end)) {
          if (!tenant.has(m)) {
            issues.push({ field: 'quietWindow', looser: true,
              message: `quietWindow ${o.quietWindow.start}–${o.quietWindow.end} does not cover the ${floor.ruleId} window ${floor.start}–${floor.end}` });
            break;
          }
        }
      }
    }
  }
  for (const [key, value] of Object.entries(o.caps ?? {})) {
    const cap = ruleSet.caps.find((c) => c.key === key);
    if (!cap) issues.push({ field: `caps.${key}`, message: `unknown cap ${key}`, looser: false });
    else if (!Number.isInteger(value) || value < 0) issues.push({ field: `caps.${key}`, message: 'must be a non-negative integer', looser: false });
    else if (value > cap.max) issues.push({ field: `caps.${key}`, looser: true, message: `caps.${key} = ${value} is looser than ${cap.ruleId} (max ${cap.max})` });
  }
  if (o.minGapMinutes !== undefined) {
    if (!Number.isInteger(o.minGapMinutes) || o.minGapMinutes < 0) issues.push({ field: 'minGapMinutes', message: 'must be a non-negative integer', looser: false });
    else if (o.minGapMinutes < ruleSet.minGap.minutes) issues.push({ field: 'minGapMinutes', looser: true, message: `minGapMinutes = ${o.minGapMinutes} is looser than ${ruleSet.minGap.ruleId} (${ruleSet.minGap.minutes})` });
  }
  if (o.holidayChannels) {
    const bad = o.holidayChannels.filter((c) => !CHANNELS.includes(c));
    if (bad.length) issues.push({ field: 'holidayChannels', message: `unknown channels ${bad.join(', ')}`, looser: false });
    const missing = ruleSet.holidays.channels.filter((c) => !o.holidayChannels!.includes(c));
    if (missing.length) issues.push({ field: 'holidayChannels', looser: true, message: `holidayChannels drops ${missing.join(', ')} required by ${ruleSet.holidays.ruleId}` });
  }
  if (o.fieldVisitMinStaff !== undefined) {
    if (!Number.isInteger(o.fieldVisitMinStaff)) issues.push({ field: 'fieldVisitMinStaff', message: 'must be an integer', looser: false });
    else if (o.fieldVisitMinStaff < ruleSet.fieldVisit.minStaff) issues.push({ field: 'fieldVisitMinStaff', looser: true, message: `fieldVisitMinStaff = ${o.fieldVisitMinStaff} is looser than ${ruleSet.fieldVisit.ruleId} (${ruleSet.fieldVisit.minStaff})` });
  }
  if (o.thirdPartyRequiresUnreachable === false && ruleSet.thirdParty.unreachable.required) {
    issues.push({ field: 'thirdPartyRequiresUnreachable', looser: true, message: `${ruleSet.thirdParty.unreachable.ruleId} requires the debtor to be unreachable` });
  }
  return issues;
}

/**
 * The effective rule set for a tenant: the jurisdiction's set with the overrides applied.
 * Throws COMPLIANCE_OVERRIDE_LOOSER (field = the first looser field) or COMPLIANCE_OVERRIDE_INVALID.
 */
export function applyTenantOverrides(ruleSet: RuleSet, o: TenantOverrides = {}): RuleSet {
  const issues = validateTenantOverrides(ruleSet, o);
  const first = issues.find((i) => i.looser) ?? issues[0];
  if (first) {
    throw complianceError(first.looser ? 'COMPLIANCE_OVERRIDE_LOOSER' : 'COMPLIANCE_OVERRIDE_INVALID', {
      field: first.field, detail: first.message, extra: { issues },
    });
  }
  const out: RuleSet = structuredClone(ruleSet);
  if (o.quietWindow) {
    const base = ruleSet.quietWindows.find((w) => !w.legalFloor) ?? ruleSet.quietWindows[0];
    const tenantWindow: QuietWindow = {
      ...base, start: o.quietWindow.start, end: o.quietWindow.end, legalFloor: false,
      ruleId: ruleSet.jurisdiction === 'CN' ? 'COL-11' : base.ruleId,
      reasonZh: `租户设定的静默时段${o.quietWindow.start}至${o.quietWindow.end}`,
      reasonEn: `Tenant quiet window ${o.quietWindow.start}–${o.quietWindow.end}`,
    };
    out.quietWindows = [...out.quietWindows.filter((w) => w.legalFloor), tenantWindow];
  }
  for (const [key, value] of Object.entries(o.caps ?? {})) {
    const cap = out.caps.find((c) => c.key === key)!;
    cap.max = value;
  }
  if (o.minGapMinutes !== undefined) out.minGap.minutes = o.minGapMinutes;
  if (o.holidayChannels) out.holidays.channels = [...new Set(o.holidayChannels)];
  if (o.fieldVisitMinStaff !== undefined) out.fieldVisit.minStaff = o.fieldVisitMinStaff;
  if (o.thirdPartyRequiresUnreachable) out.thirdParty.unreachable.required = true;
  out.id = `${ruleSet.id}+tenant`;
  return out;
}
