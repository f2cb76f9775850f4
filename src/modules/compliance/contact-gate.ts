// The contact gate: ONE pure decision over one proposed contact (decideContact: facts in, decision out). It lists
// EVERY rule that fires, each with Chinese and English reasons and, where the refusal is only about time, the instant
// it stops applying, plus warnings (allowed, but the collector must see why). Every path reaches it with facts from
// one loader (contact-facts.ts). Counting is per debtor across all cases, agents and numbers (COL-23); windows are
// debtor-local (COL-10).
import { createHash } from 'node:crypto';
import {
  announcesAutomation, findDebtDisclosure, hasOptOutNotice, namesParties, normaliseForScreen, screenContent, type ScreenHit,
} from './content-screen.js';
import type { CapRule, Channel, HoldKind, Outcome, Reason, RuleSet } from './rule-sets.js';
import { VOICE } from './rule-sets.js';
import { addDays, atLocal, localDate, localMinuteOfDay, parseHhMm } from './time.js';

export type ThirdPartyPurpose = 'locate' | 'relay_message' | 'collect';

export type ContactTarget =
  | { kind: 'debtor' }
  | {
      kind: 'third_party';
      /** Stable id of the related party / contact (suppression key, COL-32). */
      contactId: string;
      relation: string;
      /** COL-33: debt_related_third_party (guarantor, joint obligor, spouse for household debt). */
      debtRelated: boolean;
      purpose: ThirdPartyPurpose;
      isMinor?: boolean;
    }
  /** The debtor's lawyer (US-05 comparator): holds on the debtor do not stop contact with the representative. */
  | { kind: 'representative'; representationId: string };

export interface ContactAttempt {
  channel: Channel;
  /** UTC instant (Date or ISO string). */
  at: Date | string;
  debtorTimeZone: string;
  target: ContactTarget;
  /** Phone number / address id used (COL-21 counts per number). */
  contactPointId?: string;
  templateId?: string;
  /** The template is approved (and, where required, filed) — checked by the caller against the library. */
  templateApproved?: boolean;
  /** Rendered template text or free text, screened for banned content. */
  text?: string;
  staffCount?: number;
  /** More than one recipient means a group message (COL-34). */
  recipientCount?: number;
  /** Field visit that enters a home or office without consent (COL-50). */
  entersPremisesWithoutConsent?: boolean;
  caseId?: string;
}

export interface ContactHistoryEntry {
  at: Date | string;
  channel: Channel;
  outcome: Outcome;
  target: 'debtor' | 'third_party' | 'representative';
  contactPointId?: string;
  thirdPartyContactId?: string;
  contentHash?: string;
  caseId?: string;
}

export interface Hold {
  kind: HoldKind;
  since?: string;
  /** ISO instant when the hold lapses; absent = until lifted. */
  until?: string | null;
}

export interface Suppression {
  /** A third party who refused contact (COL-32, permanent). */
  contactId?: string;
  /** A number or address that must not be used. */
  contactPointId?: string;
  /** With contactPointId: only this channel on that number ("do not text this number", COL-22); alone: unused. */
  channel?: Channel;
  /** The rule the suppression was recorded under (COL-31 invalid number, COL-22 opt-out, COL-32 refusal). */
  ruleId?: string;
  reason?: string;
}

/** A fact the gate needs but the records do not give: the contact is refused, never assumed permissible. */
export interface UnknownFact extends Reason {
  fact: string;
}

export interface QuietHoursConsent {
  grantedAt: string;
  revokedAt?: string | null;
  /** Consent is time-limited; absent = until revoked. */
  expiresAt?: string | null;
  recordingId?: string;
}

export interface GateContext {
  /** Effective rules (rule set with tenant overrides applied: applyTenantOverrides). */
  rules: RuleSet;
  /** The debtor's contact history across all cases (COL-23). */
  history: ContactHistoryEntry[];
  holds?: Hold[];
  suppressions?: Suppression[];
  /** Statutory holidays as debtor-local 'YYYY-MM-DD' dates (COL-12). */
  holidays?: string[];
  /**
   * COL-31. `derived: true` when the server derived it from the contact history (reachability.ts): then its
   * `failedOnAllChannels` replaces the gate's own count of trailing failed voice attempts, and `explain*` says why.
   */
  reachability?: {
    numberInvalid?: boolean; outOfContact?: boolean; incapacitated?: boolean;
    derived?: boolean; failedOnAllChannels?: boolean; explainZh?: string; explainEn?: string;
  };
  /** COL-10: recorded debtor consent to contact in the quiet window. */
  quietHoursConsents?: QuietHoursConsent[];
  /** Channels the debtor opted out of. */
  channelOptOuts?: Channel[];
  timeBarred?: boolean;
  names?: { agencyName?: string; creditorName?: string };
  /** Facts the loader could not establish from the records: each one refuses the contact. */
  unknown?: UnknownFact[];
  /** The active representation, when the debtor has a lawyer (US-05): only then may a representative be contacted. */
  representationId?: string | null;
}

export interface FiredRule extends Reason {
  /** Machine key of the check ('quiet_window', 'cap:voice_conversations_per_day', 'hold:dispute', 'content:insult', …). */
  check: string;
  nextAllowedAt?: string;
  /** Content hits behind a content refusal. */
  hits?: ScreenHit[];
}

export interface GateDecision {
  decision: 'allow' | 'deny';
  fired: FiredRule[];
  /** Rules that do not refuse the contact but must be shown with it (SHOULD rules, e.g. COL-92 on a time-barred debt). */
  warnings: FiredRule[];
  /** Earliest instant at which the same attempt would be allowed; null when a refusal is not about time. */
  nextAllowedAt: string | null;
  ruleSetId: string;
}

const toMs = (t: Date | string) => (typeof t === 'string' ? Date.parse(t) : t.getTime());
const iso = (ms: number) => new Date(ms).toISOString();

/** Hash of message content for COL-22 de-duplication (compact normalised text, so spacing tricks do not evade it). */
export function contentHashOf(text: string): string {
  return memo(hashMemo, text, () => createHash('sha256').update(normaliseForScreen(text).compact).digest('hex').slice(0, 32));
}

// The gate is re-evaluated at several instants for one attempt (nextAllowedAt search, campaign planning): the text
// facts are pure functions of the text, so the last few hundred are remembered instead of screened again.
const MEMO_MAX = 512;
const hashMemo = new Map<string, string>();
const screenMemo = new Map<string, ReturnType<typeof screenContent>>();
function memo<T>(m: Map<string, T>, key: string, make: () => T): T {
  const hit = m.get(key);
  if (hit !== undefined) return hit;
  if (m.size >= MEMO_MAX) m.clear();
  const v = make();
  m.set(key, v);
  return v;
}

function inWindow(minute: number, start: number, end: number): boolean {
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

function consentActive(consents: QuietHoursConsent[] | undefined, at: number): boolean {
  return (consents ?? []).some((c) => toMs(c.grantedAt) <= at && (!c.revokedAt || toMs(c.revokedAt) > at) && (!c.expiresAt || toMs(c.expiresAt) > at));
}

/** Consecutive failed voice attempts to the debtor, newest first (COL-31 "3 consecutive attempts failed"). */
export function trailingFailedAttempts(history: ContactHistoryEntry[], before: number): number {
  const voice = history
    .filter((h) => h.target === 'debtor' && VOICE.includes(h.channel) && toMs(h.at) <= before)
    .sort((a, b) => toMs(b.at) - toMs(a.at));
  let n = 0;
  for (const h of voice) {
    if (h.outcome === 'unanswered' || h.outcome === 'failed') n++;
    else break;
  }
  return n;
}

function subjectEntries(history: ContactHistoryEntry[], target: ContactTarget): ContactHistoryEntry[] {
  if (target.kind === 'debtor') return history.filter((h) => h.target === 'debtor');
  if (target.kind === 'representative') return history.filter((h) => h.target === 'representative');
  return history.filter((h) => h.target === 'third_party' && h.thirdPartyContactId === target.contactId);
}

function checkCap(cap: CapRule, a: ContactAttempt, at: number, entries: ContactHistoryEntry[]): FiredRule | null {
  if (!cap.channels.includes(a.channel)) return null;
  let counted = entries.filter((h) => cap.channels.includes(h.channel) && (!cap.outcomes || cap.outcomes.includes(h.outcome)));
  if (cap.scope === 'number' && a.contactPointId) counted = counted.filter((h) => h.contactPointId === a.contactPointId);
  let next: number;
  if (cap.period.kind === 'local_day') {
    // Local-day bounds computed once, so counting is a range check per entry (no Intl call per entry).
    const day = localDate(new Date(at), a.debtorTimeZone);
    const dayStart = atLocal(day, 0, a.debtorTimeZone).getTime();
    const dayEnd = atLocal(addDays(day, 1), 0, a.debtorTimeZone).getTime();
    counted = counted.filter((h) => {
      const t = toMs(h.at);
      return t <= at && t >= dayStart && t < dayEnd;
    });
    if (counted.length < cap.max) return null;
    next = dayEnd;
  } else {
    const w = cap.period.hours * 3_600_000;
    const times = counted.map((h) => toMs(h.at)).filter((t) => t <= at && t > at - w).sort((x, y) => x - y);
    if (times.length < cap.max) return null;
    next = times[times.length - cap.max] + w;
  }
  return { ruleId: cap.ruleId, reasonZh: cap.reasonZh, reasonEn: cap.reasonEn, check: `cap:${cap.key}`, nextAllowedAt: iso(next) };
}

/** Every rule that fires for the attempt at its own instant (no search for the next allowed time; no warnings). */
export function firedRulesAt(a: ContactAttempt, ctx: GateContext): FiredRule[] {
  const r = ctx.rules;
  const at = toMs(a.at);
  const tz = a.debtorTimeZone;
  const fired: FiredRule[] = [];
  const fire = (reason: Reason, check: string, extra: Partial<FiredRule> = {}) =>
    fired.push({ ruleId: reason.ruleId, reasonZh: reason.reasonZh, reasonEn: reason.reasonEn, check, ...extra });
  const toDebtor = a.target.kind === 'debtor';
  const toLawyer = a.target.kind === 'representative';
  const day = localDate(new Date(at), tz);
  for (const u of ctx.unknown ?? []) fire(u, `fact_unknown:${u.fact}`);

  // Time windows (COL-10/11, US-01), debtor-local.
  const minute = localMinuteOfDay(new Date(at), tz);
  const consented = consentActive(ctx.quietHoursConsents, at);
  for (const w of r.quietWindows) {
    if (!w.channels.includes(a.channel)) continue;
    const s = parseHhMm(w.start);
    const e = parseHhMm(w.end);
    if (!inWindow(minute, s, e)) continue;
    if (w.consentOverridable && consented && toDebtor) continue;
    const endDay = s > e && minute >= s ? addDays(day, 1) : day;
    fire(w, `quiet_window:${w.start}-${w.end}`, { nextAllowedAt: atLocal(endDay, e, tz).toISOString() });
  }
  // Holidays (COL-12).
  if ((ctx.holidays ?? []).includes(day) && r.holidays.channels.includes(a.channel)) {
    fire(r.holidays, 'holiday', { nextAllowedAt: atLocal(addDays(day, 1), 0, tz).toISOString() });
  }
  // Holds (COL-35, COL-80, US-05/06/08, COL-31 deceased).
  for (const h of ctx.holds ?? []) {
    if (h.since && toMs(h.since) > at) continue;
    if (h.until && toMs(h.until) <= at) continue;
    const rule = r.holds.find((x) => x.kind === h.kind);
    if (!rule) continue;
    // A represented debtor's lawyer is the one person who may still be contacted (US-05); the debtor's own holds
    // (dispute, cease contact, complaint) do not stop a lawyer-to-lawyer contact either.
    if (toLawyer) continue;
    const blocks = toDebtor ? rule.channels.includes(a.channel) : rule.blocksThirdParties;
    if (blocks) fire(rule, `hold:${h.kind}`, h.until ? { nextAllowedAt: iso(toMs(h.until)) } : {});
  }
  // Suppressions and channel opt-outs.
  if (toLawyer && !ctx.representationId) {
    fire({ ruleId: 'US-05', reasonZh: '债务人没有在册的代理律师，不能按代理人联系', reasonEn: 'The debtor has no recorded representative to contact' }, 'no_representation');
  }
  for (const s of ctx.suppressions ?? []) {
    if (a.target.kind === 'third_party' && s.contactId === a.target.contactId) fire(r.thirdParty.suppression, 'suppressed_contact');
    else if (s.contactPointId && s.contactPointId === a.contactPointId && !toLawyer && (!s.channel || s.channel === a.channel)) {
      const why = s.ruleId === 'COL-31'
        ? { ruleId: 'COL-31', reasonZh: '该号码已确认无效或已停用', reasonEn: 'This number or address is invalid or no longer in use' }
        : s.channel ? { ...r.channelOptOut, reasonZh: '债务人已拒绝通过该号码接收此渠道的联系', reasonEn: 'The debtor opted out of this channel on this number' }
          : s.ruleId === 'COL-22' ? { ...r.channelOptOut, reasonZh: '债务人已拒绝使用该号码或地址联系', reasonEn: 'The debtor opted out of contact on this number or address' }
            : r.thirdParty.suppression;
      fire(why, s.channel ? 'number_channel_opt_out' : 'suppressed_contact_point');
    }
  }
  if (toDebtor && (ctx.channelOptOuts ?? []).includes(a.channel)) fire(r.channelOptOut, 'channel_opt_out');

  // Third parties (COL-30..35, US-03).
  if (a.target.kind === 'third_party') {
    const t = a.target;
    if (t.isMinor) {
      const minor = r.holds.find((x) => x.kind === 'minor');
      if (minor) fire(minor, 'third_party_minor');
    }
    if (!t.debtRelated) {
      if (t.purpose === 'collect') fire(r.thirdParty.collectFrom, 'third_party_collect');
      else if (!r.thirdParty.purpose.allowed.includes(t.purpose)) fire(r.thirdParty.purpose, 'third_party_purpose');
      const u = r.thirdParty.unreachable;
      if (u.required) {
        const reach = ctx.reachability ?? {};
        const deceased = (ctx.holds ?? []).some((h) => h.kind === 'deceased');
        const byHistory = reach.derived ? Boolean(reach.failedOnAllChannels)
          : u.consecutiveFailures > 0 && trailingFailedAttempts(ctx.history, at) >= u.consecutiveFailures;
        const unreachable = reach.numberInvalid || reach.outOfContact || reach.incapacitated || deceased || byHistory;
        if (!unreachable) {
          fire(u, 'debtor_reachable', reach.explainZh && reach.explainEn
            ? { reasonZh: `${u.reasonZh}：${reach.explainZh}`, reasonEn: `${u.reasonEn}: ${reach.explainEn}` } : {});
        }
      }
      if (a.text) {
        const words = findDebtDisclosure(a.text);
        if (words.length) fire(r.thirdParty.disclosure, 'third_party_disclosure', { reasonEn: `${r.thirdParty.disclosure.reasonEn}: ${words.join(', ')}` });
      }
      if (r.thirdParty.repeatLimitHours) {
        const w = r.thirdParty.repeatLimitHours * 3_600_000;
        const prior = subjectEntries(ctx.history, t).map((h) => toMs(h.at)).filter((x) => x <= at && x > at - w);
        if (prior.length) fire(r.thirdParty.purpose, 'third_party_repeat', { nextAllowedAt: iso(Math.max(...prior) + w) });
      }
    }
  }

  // Caps (COL-20/21/22/85, US-02), min gap, dedupe, quiet-after-conversation.
  const entries = subjectEntries(ctx.history, a.target);
  for (const cap of r.caps) {
    const f = checkCap(cap, a, at, entries);
    if (f) fired.push(f);
  }
  if (r.minGap.minutes > 0 && r.minGap.channels.includes(a.channel)) {
    const prior = entries.filter((h) => r.minGap.channels.includes(h.channel)).map((h) => toMs(h.at)).filter((x) => x <= at);
    const last = prior.length ? Math.max(...prior) : -Infinity;
    const gap = r.minGap.minutes * 60_000;
    if (at - last < gap) fire(r.minGap, 'min_gap', { nextAllowedAt: iso(last + gap) });
  }
  if (r.contentDedupe && a.text && r.contentDedupe.channels.includes(a.channel)) {
    const hash = contentHashOf(a.text);
    const w = r.contentDedupe.hours * 3_600_000;
    const same = entries.filter((h) => h.contentHash === hash && r.contentDedupe!.channels.includes(h.channel))
      .map((h) => toMs(h.at)).filter((x) => x <= at && x > at - w);
    if (same.length) fire(r.contentDedupe, 'duplicate_content', { nextAllowedAt: iso(Math.max(...same) + w) });
  }
  if (r.quietAfterConversation && toDebtor && r.quietAfterConversation.channels.includes(a.channel)) {
    const w = r.quietAfterConversation.hours * 3_600_000;
    const talks = entries.filter((h) => VOICE.includes(h.channel) && h.outcome === 'answered')
      .map((h) => toMs(h.at)).filter((x) => x <= at && x > at - w);
    if (talks.length) fire(r.quietAfterConversation, 'after_conversation', { nextAllowedAt: iso(Math.max(...talks) + w) });
  }

  // Field visits (COL-50).
  if (a.channel === 'field_visit') {
    if ((a.staffCount ?? 0) < r.fieldVisit.minStaff) fire(r.fieldVisit, 'field_visit_staff');
    if (a.entersPremisesWithoutConsent) fire(r.fieldVisit, 'field_visit_premises', { reasonZh: '未经同意不得进入住宅或办公区域', reasonEn: 'No entering a home or office without consent' });
  }
  // Group messages (COL-34).
  if ((a.recipientCount ?? 1) > 1) fire(r.groupMessage, 'group_message');
  // Automated voice (COL-85): approved script that announces automation.
  if (a.channel === 'voice_automated') {
    if (r.automated.requireApprovedTemplate && !(a.templateId && a.templateApproved)) fire(r.automated, 'automated_unapproved');
    if (r.automated.mustAnnounceAutomated && a.text && !announcesAutomation(a.text)) fire(r.automated, 'automated_not_announced');
  }
  // Content (COL-40, COL-42..46, COL-92, US-07/09/10).
  if (a.text) {
    const text = a.text;
    const screen = memo(screenMemo, `${r.jurisdiction}\u0000${text}`, () => screenContent(text, r.jurisdiction));
    // One fired rule per rule broken: a hit that breaks two rules (COL-43 + COL-34) is listed under both.
    const byRule = new Map<string, ScreenHit[]>();
    for (const h of screen.hits) for (const id of h.ruleIds) byRule.set(id, [...(byRule.get(id) ?? []), h]);
    for (const [ruleId, hits] of byRule) {
      fired.push({ ruleId, check: `content:${hits[0].category}`, hits,
        reasonZh: `内容含有禁止用语：${hits.map((h) => h.matched).join('、')}`,
        reasonEn: `Banned content: ${hits.map((h) => h.matched).join(', ')}` });
    }
    if (ctx.timeBarred && !toLawyer && mentionsLitigation(a.text)) fire(r.timeBarred, 'time_barred_litigation');
    if (ctx.names && a.channel !== 'voice_agent') {
      const n = namesParties(a.text, toDebtor || toLawyer ? ctx.names : { agencyName: ctx.names.agencyName });
      if (!n.agency || !n.creditor) fire(r.identity, 'identity_missing');
    }
    if (r.optOutNotice && toDebtor && r.optOutNotice.channels.includes(a.channel) && !hasOptOutNotice(a.text)) fire(r.optOutNotice, 'opt_out_notice');
  }
  return fired;
}

const LITIGATION = /起诉|诉讼|法院|打官司|判决|仲裁|律师函|强制执行|sue|lawsuit|court|legalaction/u;
/** Legal steps named in the text (compact normalised form, so spaced-out or full-width words count too). */
function mentionsLitigation(text: string): boolean {
  return LITIGATION.test(normaliseForScreen(text).compact);
}

/** SHOULD rules: the contact may go ahead, but the collector must see these (shown in the composer, returned by every path). */
export function warningsFor(a: ContactAttempt, ctx: GateContext): FiredRule[] {
  const out: FiredRule[] = [];
  if (ctx.timeBarred && a.target.kind === 'debtor') {
    out.push({ ruleId: ctx.rules.timeBarred.ruleId, check: 'time_barred_warning',
      reasonZh: '该债务诉讼时效已届满：债务人可拒绝履行；只可提醒，不得暗示仍可胜诉，不得施压要求确认债务',
      reasonEn: 'This debt is time-barred: the debtor may refuse to pay; a plain reminder only — never imply it can still be won in court or press for an acknowledgment' });
  }
  return out;
}

/**
 * Decides one proposed contact. Pure: same input, same output. Lists every rule that fired; nextAllowedAt is the
 * earliest instant at which the same attempt would pass every time-based rule (searched by re-evaluation), or null
 * when any fired rule is not about time (hold, suppression, content, staff count…).
 */
export function decideContact(attempt: ContactAttempt, ctx: GateContext): GateDecision {
  const fired = firedRulesAt(attempt, ctx);
  const warnings = warningsFor(attempt, ctx);
  if (fired.length === 0) return { decision: 'allow', fired, warnings, nextAllowedAt: null, ruleSetId: ctx.rules.id };
  let nextAllowedAt: string | null = null;
  if (fired.every((f) => f.nextAllowedAt)) {
    let t = Math.max(...fired.map((f) => Date.parse(f.nextAllowedAt!)));
    for (let i = 0; i < 40; i++) {
      const again = firedRulesAt({ ...attempt, at: new Date(t) }, ctx);
      if (again.length === 0) {
        nextAllowedAt = iso(t);
        break;
      }
      if (!again.every((f) => f.nextAllowedAt)) break;
      const nt = Math.max(...again.map((f) => Date.parse(f.nextAllowedAt!)));
      if (nt <= t) break;
      t = nt;
    }
  }
  return { decision: 'deny', fired, warnings, nextAllowedAt, ruleSetId: ctx.rules.id };
}
