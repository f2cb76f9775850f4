// Collection plan proposal for a case, from risk score, balance, DPD and contactability. Every recommendation
// carries reasons; the plan is a PROPOSAL that needs human review and offers the debtor an explanation and a
// review request path (COL-85 / PIPL art 24). Contact caps are an input so the compliance gate's caps plug in.
import { applyBps, formatYuan } from '../../platform/money.js';
import type { ContactChannel } from './feature-inputs.js';
import { riskError } from './errors.js';

/** Contact caps (defaults from the spec: COL-20, COL-21, COL-22, COL-10/11). Pass the compliance gate's values. */
export interface ContactCaps {
  voiceConversationsPerDay: number; // COL-20: ≤3 effective outbound conversations per debtor per day
  dialAttemptsPerDay: number; // COL-21: ≤6 unanswered dial attempts per day per number
  messagesPerDay: number; // COL-22 default: ≤2 SMS/IM per day
  messagesPer7Days: number; // COL-22 default: ≤10 per rolling 7 days
  allowedFromHour: number; // COL-11 default 08:00
  allowedToHour: number; // COL-11 default 21:00 (exclusive)
}

export const DEFAULT_CONTACT_CAPS: ContactCaps = {
  voiceConversationsPerDay: 3,
  dialAttemptsPerDay: 6,
  messagesPerDay: 2,
  messagesPer7Days: 10,
  allowedFromHour: 8,
  allowedToHour: 21,
};

export interface PlanInput {
  caseId: string;
  /** Probability of non-repayment from the risk model, 0–1. */
  pd: number;
  /** Top model reason codes, copied into the explanation. */
  modelReasons?: string[];
  balanceFen: bigint;
  dpd: number;
  contactability: {
    reachRate: number; // 0–1 over recent attempts
    consecutiveFailed: number;
    invalidNumber: boolean;
    channels: ContactChannel[]; // channels the debtor can lawfully be reached on
    preferredHour?: number; // debtor-local hour with most successful contacts
  };
  creditor: {
    /** Largest discount the creditor allows, in basis points of the balance (e.g. 3000 = 30 % off). */
    maxDiscountBps: number;
    allowLegalAction: boolean;
    /** Legal action is not proposed below this balance (cost vs recovery). */
    minLegalBalanceFen: bigint;
  };
  /** Days until the limitation period (COL-90) runs out; ≤0 = time-barred; null = unknown. */
  limitationDaysLeft: number | null;
  /** COL-81 vulnerable debtor flag (elderly, disability, serious illness). */
  vulnerable: boolean;
  caps?: Partial<ContactCaps>;
  horizonDays?: number;
}

export type Segment = 'low' | 'medium' | 'high' | 'very_high';

export interface PlanStep {
  day: number; // 0 = first day of the plan
  channel: ContactChannel;
  attempts: number; // dial attempts (voice) or messages
  fromHour: number;
  toHour: number;
  purpose: string;
}

export type RecommendationKind = 'reminder' | 'payment_plan' | 'settlement_offer' | 'hardship_review' | 'contact_tracing' | 'mediation' | 'legal_action' | 'no_legal_action';

export interface Recommendation {
  kind: RecommendationKind;
  reasons: string[];
  rules: string[];
}

export interface CollectionPlan {
  caseId: string;
  status: 'proposed';
  requiresHumanReview: true;
  segment: Segment;
  steps: PlanStep[];
  caps: ContactCaps;
  settlement: { minFen: bigint; maxFen: bigint; minDiscountBps: number; maxDiscountBps: number; reasons: string[] };
  recommendations: Recommendation[];
  explanation: string[];
  /** COL-85 / PIPL art 24: the debtor or staff may ask for a human review of this automated proposal. */
  review: { requestPath: string; note: string };
}

/** Map a default probability to a segment. */
export function segmentFor(pd: number): Segment {
  return pd < 0.2 ? 'low' : pd < 0.45 ? 'medium' : pd < 0.7 ? 'high' : 'very_high';
}

function check(input: PlanInput, caps: ContactCaps): void {
  const bad = (detail: string) => riskError('RISK_PLAN_INPUT_INVALID', { detail });
  if (!(input.pd >= 0 && input.pd <= 1)) throw bad('pd must be within [0, 1]');
  if (input.balanceFen < 0n) throw bad('balance must not be negative');
  if (!Number.isInteger(input.dpd) || input.dpd < 0) throw bad('dpd must be a non-negative integer');
  if (input.creditor.maxDiscountBps < 0 || input.creditor.maxDiscountBps > 10000) throw bad('maxDiscountBps must be within [0, 10000]');
  if (caps.allowedFromHour < 0 || caps.allowedToHour > 24 || caps.allowedFromHour >= caps.allowedToHour) throw bad('allowed contact hours are empty');
}

/** Build a collection-plan proposal. Pure: same input → same plan. Throws RISK_PLAN_INPUT_INVALID. */
export function proposeCollectionPlan(input: PlanInput): CollectionPlan {
  const caps: ContactCaps = { ...DEFAULT_CONTACT_CAPS, ...input.caps };
  check(input, caps);
  const horizon = input.horizonDays ?? 30;
  const segment = segmentFor(input.pd);
  const c = input.contactability;
  const explanation: string[] = [
    `Estimated probability of non-repayment ${(input.pd * 100).toFixed(1)}% → segment ${segment}.`,
    `Balance ¥${formatYuan(input.balanceFen)}, ${input.dpd} days past due, reach rate ${(c.reachRate * 100).toFixed(0)}%.`,
  ];
  if (input.modelReasons?.length) explanation.push(`Main factors raising the estimate: ${input.modelReasons.join('; ')}.`);
  const recs: Recommendation[] = [];
  const unreachable = c.invalidNumber || c.consecutiveFailed >= 3 || c.channels.length === 0;

  // --- channel sequence and cadence (every step clipped to the caps) ---
  const from = caps.allowedFromHour;
  const to = caps.allowedToHour;
  let pref = c.preferredHour ?? (segment === 'low' ? 10 : 18);
  pref = Math.min(to - 1, Math.max(from, pref));
  const win = (h: number) => ({ fromHour: Math.max(from, h - 1), toHour: Math.min(to, Math.max(from, h - 1) + 3) });
  const gentle = input.vulnerable || segment === 'low';
  const has = (ch: ContactChannel) => c.channels.includes(ch);
  const msgCh: ContactChannel | null = has('im') ? 'im' : has('sms') ? 'sms' : null;
  const steps: PlanStep[] = [];
  const voiceEvery = gentle ? 7 : segment === 'medium' ? 4 : 2;
  const msgEvery = gentle ? 7 : 3;
  const dial = Math.min(caps.dialAttemptsPerDay, caps.voiceConversationsPerDay, gentle ? 1 : segment === 'very_high' ? 3 : 2);
  for (let d = 0; d < horizon; d++) {
    if (msgCh && d % msgEvery === 0) steps.push({ day: d, channel: msgCh, attempts: 1, ...win(pref), purpose: d === 0 ? 'Reminder with balance breakdown and payment options' : 'Follow-up reminder' });
    if (has('voice') && d % voiceEvery === (gentle ? 2 : 1) && dial > 0) steps.push({ day: d, channel: 'voice', attempts: dial, ...win(pref), purpose: 'Call to agree a payment or plan' });
    if (has('email') && d % 14 === 5) steps.push({ day: d, channel: 'email', attempts: 1, ...win(pref), purpose: 'Written statement of the debt and options' });
    if (has('letter') && d === 20 && segment !== 'low') steps.push({ day: d, channel: 'letter', attempts: 1, ...win(pref), purpose: 'Formal letter (envelope must not reveal the debt, COL-34)' });
  }
  enforceMessageCaps(steps, caps);
  explanation.push(
    `Contact only ${String(from).padStart(2, '0')}:00–${String(to).padStart(2, '0')}:00 debtor-local time (COL-10/11); ≤${caps.voiceConversationsPerDay} conversations and ≤${caps.dialAttemptsPerDay} dial attempts a day (COL-20/21); ≤${caps.messagesPerDay} messages a day and ≤${caps.messagesPer7Days} per 7 days (COL-22).`,
  );
  if (unreachable) {
    recs.push({
      kind: 'contact_tracing',
      reasons: [c.invalidNumber ? 'Number is invalid.' : `${c.consecutiveFailed} consecutive attempts failed.`, 'Update contact details; third parties may only be asked for contact details or to pass on a message, never told about the debt.'],
      rules: ['COL-31', 'COL-32'],
    });
  }

  // --- settlement range within the creditor's discount floor ---
  const cap = input.creditor.maxDiscountBps;
  const dpdFactor = Math.min(1, input.dpd / 360);
  let lo = Math.round(cap * Math.min(1, 0.5 * input.pd + 0.3 * dpdFactor) * 0.5);
  let hi = Math.round(cap * Math.min(1, 0.3 + 0.7 * input.pd + 0.2 * dpdFactor));
  if (input.vulnerable) hi = cap;
  if (input.limitationDaysLeft !== null && input.limitationDaysLeft <= 0) hi = cap;
  hi = Math.min(cap, Math.max(0, hi));
  lo = Math.min(hi, Math.max(0, lo));
  const settlement = {
    minDiscountBps: lo,
    maxDiscountBps: hi,
    // the smallest payment we may accept is the balance less the largest discount, and vice versa
    minFen: input.balanceFen - applyBps(input.balanceFen, BigInt(hi)),
    maxFen: input.balanceFen - applyBps(input.balanceFen, BigInt(lo)),
    reasons: [
      `Creditor allows at most ${cap / 100}% off; offer ${lo / 100}%–${hi / 100}%.`,
      `Higher estimated risk (${(input.pd * 100).toFixed(0)}%) and age of arrears (${input.dpd} DPD) widen the discount.`,
      ...(input.vulnerable ? ['Vulnerable debtor (COL-81): the full allowed discount is available.'] : []),
    ],
  };
  if (segment === 'low' || segment === 'medium') {
    recs.push({ kind: 'reminder', reasons: ['Lower estimated risk: reminders and self-service payment first.'], rules: [] });
    recs.push({ kind: 'payment_plan', reasons: ['Offer an instalment plan before any discount.'], rules: [] });
  } else {
    recs.push({ kind: 'settlement_offer', reasons: [`High estimated risk: offer settlement within ${settlement.reasons[0]}`], rules: [] });
  }
  if (input.vulnerable) {
    recs.push({ kind: 'hardship_review', reasons: ['Vulnerable debtor: answer requests for repayment plans promptly; gentler cadence applied.'], rules: ['COL-81'] });
  }

  // --- mediation and legal action ---
  const timeBarred = input.limitationDaysLeft !== null && input.limitationDaysLeft <= 0;
  if (input.dpd >= 90 && !timeBarred && (segment === 'high' || segment === 'very_high' || unreachable)) {
    recs.push({
      kind: 'mediation',
      reasons: [`${input.dpd} DPD with ${segment} risk: propose pre-suit or people's mediation (disputes suitable for mediation are mediated first).`],
      rules: ['DOC-13'],
    });
  }
  const legalBlockers: string[] = [];
  if (!input.creditor.allowLegalAction) legalBlockers.push('Creditor has not authorised legal action.');
  if (timeBarred) legalBlockers.push('Limitation period has run out: do not sue or threaten to sue (COL-92).');
  if (input.balanceFen < input.creditor.minLegalBalanceFen) legalBlockers.push('Balance is below the creditor’s minimum for legal action.');
  if (input.dpd < 180) legalBlockers.push('Fewer than 180 days past due: lawful collection and mediation first.');
  if (input.vulnerable) legalBlockers.push('Vulnerable debtor (COL-81): hardship review before any legal step.');
  if (legalBlockers.length === 0 && input.pd >= 0.45) {
    const urgent = input.limitationDaysLeft !== null && input.limitationDaysLeft < 180;
    recs.push({
      kind: 'legal_action',
      reasons: [
        `${input.dpd} DPD, balance ¥${formatYuan(input.balanceFen)} above the creditor’s minimum, estimated risk ${(input.pd * 100).toFixed(0)}%.`,
        ...(urgent ? [`Limitation runs out in ${input.limitationDaysLeft} days (COL-90): decide before it expires.`] : []),
        'Proposal only: a person must review the file and evidence before filing.',
      ],
      rules: ['COL-85', 'COL-90'],
    });
  } else if (input.dpd >= 180) {
    recs.push({ kind: 'no_legal_action', reasons: legalBlockers.length ? legalBlockers : ['Estimated risk does not justify legal cost.'], rules: timeBarred ? ['COL-92'] : [] });
  }
  return {
    caseId: input.caseId,
    status: 'proposed',
    requiresHumanReview: true,
    segment,
    steps,
    caps,
    settlement,
    recommendations: recs,
    explanation,
    review: {
      requestPath: `/api/v1/risk/plans/${encodeURIComponent(input.caseId)}/review-requests`,
      note: 'This plan was proposed by an automated model. Staff must review it before use; the debtor may ask for an explanation and a human review, and may refuse a decision made only by automated means (PIPL art 24, COL-85).',
    },
  };
}

/** Drop message steps that would break the per-day or rolling-7-day message caps (COL-22). */
function enforceMessageCaps(steps: PlanStep[], caps: ContactCaps): void {
  const isMsg = (s: PlanStep) => s.channel === 'sms' || s.channel === 'im';
  const keep: PlanStep[] = [];
  for (const s of steps) {
    if (isMsg(s)) {
      const sameDay = keep.filter((k) => isMsg(k) && k.day === s.day).reduce((a, k) => a + k.attempts, 0);
      const last7 = keep.filter((k) => isMsg(k) && k.day > s.day - 7).reduce((a, k) => a + k.attempts, 0);
      const allowed = Math.min(caps.messagesPerDay - sameDay, caps.messagesPer7Days - last7);
      if (allowed <= 0) continue;
      s.attempts = Math.min(s.attempts, allowed);
    }
    if (s.channel === 'voice') s.attempts = Math.min(s.attempts, caps.dialAttemptsPerDay, caps.voiceConversationsPerDay);
    if (s.attempts > 0) keep.push(s);
  }
  steps.splice(0, steps.length, ...keep);
}

/**
 * Contactability for a plan from the contact history (last 90 days for the reach rate; whole history for the
 * consecutive-failure count used by COL-31; the most successful debtor-local hour as the preferred hour).
 */
export function contactabilityFromHistory(
  contacts: readonly { date: string; hour: number; channel: ContactChannel; outcome: string }[],
  asOf: string,
  lawfulChannels: readonly ContactChannel[],
): PlanInput['contactability'] {
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  const sorted = [...contacts].filter((c) => Date.parse(`${c.date}T00:00:00Z`) <= asOfMs).sort((a, b) => a.date.localeCompare(b.date) || a.hour - b.hour);
  const reached = (o: string) => o === 'answered' || o === 'responded' || o === 'promise';
  const recent = sorted.filter((c) => asOfMs - Date.parse(`${c.date}T00:00:00Z`) < 90 * 86_400_000);
  let consecutiveFailed = 0;
  for (let k = sorted.length - 1; k >= 0 && !reached(sorted[k].outcome); k--) consecutiveFailed++;
  const byHour = new Array<number>(24).fill(0);
  for (const c of sorted) if (reached(c.outcome)) byHour[c.hour]++;
  const best = Math.max(...byHour);
  const last = sorted[sorted.length - 1];
  return {
    reachRate: recent.length ? recent.filter((c) => reached(c.outcome)).length / recent.length : 0,
    consecutiveFailed,
    invalidNumber: last !== undefined && last.outcome === 'invalid_number',
    channels: [...lawfulChannels],
    preferredHour: best > 0 ? byHour.indexOf(best) : undefined,
  };
}
