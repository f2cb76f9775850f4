import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CONTACT_CAPS, contactabilityFromHistory, proposeCollectionPlan, segmentFor, type PlanInput } from './plan.js';
import { CONTACT_CHANNELS } from './feature-inputs.js';

const arbInput: fc.Arbitrary<PlanInput> = fc.record({
  caseId: fc.constant('case_test'),
  pd: fc.double({ min: 0, max: 1, noNaN: true }),
  balanceFen: fc.bigInt({ min: 0n, max: 10_000_000_00n }),
  dpd: fc.integer({ min: 0, max: 2000 }),
  contactability: fc.record({
    reachRate: fc.double({ min: 0, max: 1, noNaN: true }),
    consecutiveFailed: fc.integer({ min: 0, max: 10 }),
    invalidNumber: fc.boolean(),
    channels: fc.subarray([...CONTACT_CHANNELS]),
    preferredHour: fc.integer({ min: 0, max: 23 }),
  }),
  creditor: fc.record({
    maxDiscountBps: fc.integer({ min: 0, max: 10000 }),
    allowLegalAction: fc.boolean(),
    minLegalBalanceFen: fc.bigInt({ min: 0n, max: 5_000_000n }),
  }),
  limitationDaysLeft: fc.option(fc.integer({ min: -400, max: 1100 }), { nil: null }),
  vulnerable: fc.boolean(),
  caps: fc.record({
    voiceConversationsPerDay: fc.integer({ min: 0, max: 3 }),
    dialAttemptsPerDay: fc.integer({ min: 0, max: 6 }),
    messagesPerDay: fc.integer({ min: 0, max: 2 }),
    messagesPer7Days: fc.integer({ min: 0, max: 10 }),
    allowedFromHour: fc.integer({ min: 8, max: 12 }),
    allowedToHour: fc.integer({ min: 13, max: 22 }),
  }),
});

describe('collection plan (properties)', () => {
  it('COL-10/11/20/21/22: every step stays inside the plugged-in caps and hours', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = proposeCollectionPlan(input);
        const caps = plan.caps;
        for (const s of plan.steps) {
          expect(s.fromHour).toBeGreaterThanOrEqual(caps.allowedFromHour);
          expect(s.toHour).toBeLessThanOrEqual(caps.allowedToHour);
          expect(s.fromHour).toBeLessThan(s.toHour);
          expect(input.contactability.channels).toContain(s.channel);
          if (s.channel === 'voice') expect(s.attempts).toBeLessThanOrEqual(Math.min(caps.dialAttemptsPerDay, caps.voiceConversationsPerDay));
        }
        const msgs = plan.steps.filter((s) => s.channel === 'sms' || s.channel === 'im');
        for (let d = 0; d < 30; d++) {
          const day = msgs.filter((s) => s.day === d).reduce((a, s) => a + s.attempts, 0);
          const week = msgs.filter((s) => s.day <= d && s.day > d - 7).reduce((a, s) => a + s.attempts, 0);
          expect(day).toBeLessThanOrEqual(caps.messagesPerDay);
          expect(week).toBeLessThanOrEqual(caps.messagesPer7Days);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('settlement range never goes below the creditor discount floor and is ordered', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const { settlement: s } = proposeCollectionPlan(input);
        expect(s.maxDiscountBps).toBeLessThanOrEqual(input.creditor.maxDiscountBps);
        expect(s.minDiscountBps).toBeLessThanOrEqual(s.maxDiscountBps);
        expect(s.minFen).toBeLessThanOrEqual(s.maxFen);
        expect(s.maxFen).toBeLessThanOrEqual(input.balanceFen);
        // floor: balance × (1 − maxDiscount), computed exactly with bigint
        expect(s.minFen * 10000n).toBeGreaterThanOrEqual(input.balanceFen * BigInt(10000 - input.creditor.maxDiscountBps) - 5000n);
      }),
      { numRuns: 300 },
    );
  });

  it('COL-85 / PIPL art 24: every plan is a proposal with reasons and a human-review path', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = proposeCollectionPlan(input);
        expect(plan.status).toBe('proposed');
        expect(plan.requiresHumanReview).toBe(true);
        expect(plan.review.requestPath).toContain('/review-requests');
        expect(plan.explanation.length).toBeGreaterThan(0);
        for (const r of plan.recommendations) expect(r.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('COL-92: a time-barred debt never gets a legal-action recommendation; nor does a vulnerable debtor (COL-81)', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = proposeCollectionPlan(input);
        const legal = plan.recommendations.some((r) => r.kind === 'legal_action');
        if ((input.limitationDaysLeft !== null && input.limitationDaysLeft <= 0) || input.vulnerable || !input.creditor.allowLegalAction) expect(legal).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('collection plan (examples)', () => {
  const base: PlanInput = {
    caseId: 'case_1',
    pd: 0.8,
    balanceFen: 2_000_000n,
    dpd: 400,
    contactability: { reachRate: 0.1, consecutiveFailed: 4, invalidNumber: false, channels: ['voice', 'sms'], preferredHour: 23 },
    creditor: { maxDiscountBps: 3000, allowLegalAction: true, minLegalBalanceFen: 500_000n },
    limitationDaysLeft: 100,
    vulnerable: false,
  };
  it('high risk, old, sizeable, unreachable: tracing (COL-31), mediation and legal action with urgency', () => {
    const plan = proposeCollectionPlan(base);
    expect(segmentFor(0.8)).toBe('very_high');
    const kinds = plan.recommendations.map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['contact_tracing', 'mediation', 'legal_action', 'settlement_offer']));
    expect(plan.recommendations.find((r) => r.kind === 'contact_tracing')!.rules).toContain('COL-31');
    expect(plan.recommendations.find((r) => r.kind === 'legal_action')!.reasons.join(' ')).toMatch(/Limitation runs out in 100 days/);
    // preferred hour 23 is clipped into the allowed window
    for (const s of plan.steps) expect(s.toHour).toBeLessThanOrEqual(DEFAULT_CONTACT_CAPS.allowedToHour);
  });
  it('time-barred: explicit no-legal-action recommendation citing COL-92', () => {
    const plan = proposeCollectionPlan({ ...base, limitationDaysLeft: -1 });
    const no = plan.recommendations.find((r) => r.kind === 'no_legal_action')!;
    expect(no.rules).toContain('COL-92');
    expect(plan.settlement.maxDiscountBps).toBe(3000);
  });
  it('low risk: reminders and payment plan, gentle cadence, no legal step', () => {
    const plan = proposeCollectionPlan({ ...base, pd: 0.05, dpd: 10, contactability: { ...base.contactability, consecutiveFailed: 0 } });
    expect(plan.recommendations.map((r) => r.kind)).toEqual(['reminder', 'payment_plan']);
    expect(plan.steps.filter((s) => s.channel === 'voice').every((s) => s.attempts === 1)).toBe(true);
  });
  it('rejects malformed input', () => {
    expect(() => proposeCollectionPlan({ ...base, pd: 1.5 })).toThrow(/pd must be/);
    expect(() => proposeCollectionPlan({ ...base, caps: { allowedFromHour: 21, allowedToHour: 8 } })).toThrow(/hours/);
  });
});

describe('contactability from history', () => {
  it('derives reach rate, COL-31 consecutive failures, invalid number and preferred hour', () => {
    const c = contactabilityFromHistory(
      [
        { date: '2026-01-01', hour: 10, channel: 'voice', outcome: 'answered' }, // older than 90 days: not in the rate
        { date: '2026-05-01', hour: 19, channel: 'voice', outcome: 'responded' },
        { date: '2026-05-02', hour: 19, channel: 'voice', outcome: 'promise' },
        { date: '2026-06-01', hour: 9, channel: 'sms', outcome: 'no_answer' },
        { date: '2026-06-02', hour: 9, channel: 'voice', outcome: 'no_answer' },
        { date: '2026-06-03', hour: 9, channel: 'voice', outcome: 'invalid_number' },
        { date: '2026-08-01', hour: 9, channel: 'voice', outcome: 'answered' }, // after asOf: ignored
      ],
      '2026-06-30',
      ['voice', 'sms'],
    );
    expect(c).toEqual({ reachRate: 2 / 5, consecutiveFailed: 3, invalidNumber: true, channels: ['voice', 'sms'], preferredHour: 19 });
    const plan = proposeCollectionPlan({ caseId: 'case_h', pd: 0.5, balanceFen: 100_000n, dpd: 60, contactability: c, creditor: { maxDiscountBps: 2000, allowLegalAction: false, minLegalBalanceFen: 0n }, limitationDaysLeft: null, vulnerable: false });
    expect(plan.recommendations.find((r) => r.kind === 'contact_tracing')!.rules).toEqual(['COL-31', 'COL-32']);
  });
});
