// Plans a day's automated contacts for a segment within every window, cap, hold and opt-out, and explains each
// skipped case. Pure: it calls the contact gate for every candidate slot and folds planned contacts back into the
// debtor's history, so two cases of the same debtor share one set of counters (COL-23).
import { decideContact, firedRulesAt, type ContactAttempt, type ContactHistoryEntry, type FiredRule, type GateContext, type Hold, type QuietHoursConsent, type Suppression } from './contact-gate.js';
import type { Channel, RuleSet } from './rule-sets.js';

export interface PlanCase {
  caseId: string;
  debtorId: string;
  debtorTimeZone: string;
  contactPointId?: string;
  /** The debtor's history (any case); merged per debtor. */
  history: ContactHistoryEntry[];
  holds?: Hold[];
  suppressions?: Suppression[];
  channelOptOuts?: Channel[];
  quietHoursConsents?: QuietHoursConsent[];
  holidays?: string[];
  timeBarred?: boolean;
  /** Higher first. */
  priority?: number;
  /** Rendered message for this case (screened by the gate). */
  text?: string;
  /**
   * The case's facts as the one loader assembles them (assembleContactFacts): when given they replace the loose
   * fields above (holds … timeBarred), so the planner decides with exactly what every other path sees.
   */
  facts?: Omit<GateContext, 'rules' | 'history'>;
  /** The attempt as assembled (target, contact point, template approval), when `facts` is given. */
  attempt?: Omit<ContactAttempt, 'at' | 'channel'>;
}

export interface PlanInput {
  rules: RuleSet;
  channel: Channel;
  templateId: string;
  templateApproved: boolean;
  /** Planning window [from, to) as UTC instants. */
  from: string;
  to: string;
  slotMinutes?: number;
  /** Maximum contacts per slot (dialler or SMS gateway capacity). */
  capacityPerSlot?: number;
  /** One contact per debtor in this plan even if the debtor has several cases (default true). */
  onePerDebtor?: boolean;
  names?: GateContext['names'];
  cases: PlanCase[];
  /** Shared between pages of one segment (planCampaign over pages): slot capacity and debtors already planned. */
  state?: PlanState;
}

export interface PlanState {
  perSlot: Map<number, number>;
  contacted: Set<string>;
  /** Every slot before this index is full. */
  firstOpen: number;
}

export const newPlanState = (): PlanState => ({ perSlot: new Map(), contacted: new Set(), firstOpen: 0 });

export interface PlannedContact {
  caseId: string;
  debtorId: string;
  at: string;
}

export interface SkippedCase {
  caseId: string;
  debtorId: string;
  /** Rules that blocked the contact at the last time tried (the ones that pushed it out of the window). */
  fired: FiredRule[];
  /** When the contact would next be allowed, if that is after the planning window. */
  nextAllowedAt: string | null;
  summaryEn: string;
  summaryZh: string;
}

export interface CampaignPlan {
  planned: PlannedContact[];
  skipped: SkippedCase[];
}

const ONE_PER_DEBTOR: FiredRule = {
  ruleId: 'COL-23', check: 'campaign_one_per_debtor',
  reasonZh: '本批次已为该债务人（其他案件）安排联系', reasonEn: 'This debtor is already contacted in this plan through another case',
};

/** Plans the contacts; every case ends up in exactly one of `planned` or `skipped`. */
export function planCampaign(input: PlanInput): CampaignPlan {
  const slot = (input.slotMinutes ?? 15) * 60_000;
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const capacity = input.capacityPerSlot ?? Infinity;
  const onePerDebtor = input.onePerDebtor ?? true;
  const state = input.state ?? newPlanState();
  const perSlot = state.perSlot;
  const full = (k: number) => (perSlot.get(k) ?? 0) >= capacity;
  const debtorHistory = new Map<string, ContactHistoryEntry[]>();
  for (const c of input.cases) {
    const h = debtorHistory.get(c.debtorId) ?? [];
    const seen = new Set(h.map((e) => `${e.at}|${e.channel}|${e.caseId ?? ''}`));
    for (const e of c.history) if (!seen.has(`${e.at}|${e.channel}|${e.caseId ?? ''}`)) h.push(e);
    debtorHistory.set(c.debtorId, h);
  }
  const planned: PlannedContact[] = [];
  const skipped: SkippedCase[] = [];
  const contacted = state.contacted;
  const order = [...input.cases].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || a.caseId.localeCompare(b.caseId));

  for (const c of order) {
    const skip = (all: FiredRule[], next: string | null) => {
      // Rules that clear again inside the planning window are not why the case was skipped.
      const lasting = all.filter((f) => !f.nextAllowedAt || Date.parse(f.nextAllowedAt) >= to);
      const fired = lasting.length ? lasting : all;
      skipped.push({ caseId: c.caseId, debtorId: c.debtorId, fired, nextAllowedAt: next,
        summaryEn: fired.map((f) => `${f.ruleId}: ${f.reasonEn}`).join('; '), summaryZh: fired.map((f) => `${f.ruleId}：${f.reasonZh}`).join('；') });
    };
    if (onePerDebtor && contacted.has(c.debtorId)) {
      skip([ONE_PER_DEBTOR], null);
      continue;
    }
    const history = debtorHistory.get(c.debtorId)!;
    const ctx: GateContext = c.facts ? { ...c.facts, rules: input.rules, history } : {
      rules: input.rules, history, holds: c.holds, suppressions: c.suppressions, channelOptOuts: c.channelOptOuts,
      quietHoursConsents: c.quietHoursConsents, holidays: c.holidays, timeBarred: c.timeBarred, names: input.names,
    };
    const attemptAt = (ms: number): ContactAttempt => (c.attempt ? { ...c.attempt, channel: input.channel, at: new Date(ms) } : {
      channel: input.channel, at: new Date(ms), debtorTimeZone: c.debtorTimeZone, target: { kind: 'debtor' },
      contactPointId: c.contactPointId, templateId: input.templateId, templateApproved: input.templateApproved, text: c.text, caseId: c.caseId,
    });
    let t = from;
    let lastDenial: { fired: FiredRule[]; at: number } | null = null;
    let done = false;
    for (let guard = 0; guard < 500 && t < to; guard++) {
      // Full slots are skipped before asking the gate (the gate is asked at the instant actually planned).
      if (capacity !== Infinity) {
        let k = Math.max(Math.floor((t - from) / slot), state.firstOpen);
        while (full(k) && from + k * slot < to) k++;
        t = Math.max(t, from + k * slot);
        if (t >= to) break;
      }
      const attempt = attemptAt(t);
      // firedRulesAt, not decideContact: the planner steps to the next instant itself, so the gate's own search for
      // the next allowed time is only run for cases that end up skipped.
      const firedNow = firedRulesAt(attempt, ctx);
      if (firedNow.length === 0) {
        const key = Math.floor((t - from) / slot);
        if ((perSlot.get(key) ?? 0) >= capacity) {
          t = from + (key + 1) * slot;
          continue;
        }
        perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
        while (full(state.firstOpen)) state.firstOpen++;
        const at = new Date(t).toISOString();
        planned.push({ caseId: c.caseId, debtorId: c.debtorId, at });
        // Planned contacts count against the debtor's caps as if sent (worst case: voice counts as a conversation).
        history.push({ at, channel: input.channel, target: 'debtor', contactPointId: c.contactPointId, caseId: c.caseId,
          outcome: input.channel.startsWith('voice') ? 'answered' : 'delivered' });
        contacted.add(c.debtorId);
        done = true;
        break;
      }
      lastDenial = { fired: firedNow, at: t };
      if (!firedNow.every((f) => f.nextAllowedAt)) break;
      // Step to where the rules that fired now stop applying (not the gate's overall answer), so the skip reason
      // is the set of rules still firing at the last instant inside the window.
      const next = Math.max(...firedNow.map((f) => Date.parse(f.nextAllowedAt!)));
      t = from + Math.ceil((next - from) / slot) * slot;
    }
    if (!done) {
      skip(lastDenial?.fired ?? [{ ruleId: 'CAPACITY', check: 'capacity', reasonZh: '计划时段内无可用容量', reasonEn: 'No capacity left in the planning window' }],
        lastDenial ? decideContact(attemptAt(lastDenial.at), ctx).nextAllowedAt : null);
    }
  }
  planned.sort((a, b) => a.at.localeCompare(b.at) || a.caseId.localeCompare(b.caseId));
  return { planned, skipped };
}
