// The plan's caps come from the tenant's effective compliance rule set (COL-10/11 hours, COL-20/21/22 caps), so a
// stricter tenant rule narrows every proposed plan.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CN_2026_1, type RuleSet } from '../compliance/index.js';
import { capsFromRuleSet } from './workflow.js';
import { proposeCollectionPlan } from './plan.js';
import { CONTACT_CHANNELS } from './feature-inputs.js';

describe('capsFromRuleSet (COL-10/11, COL-20..22)', () => {
  it('reads the CN rule set: 08:00–21:00 open, 3 conversations, 6 dials, 2 messages a day, 10 per 7 days', () => {
    expect(capsFromRuleSet(CN_2026_1)).toEqual({ voiceConversationsPerDay: 3, dialAttemptsPerDay: 6, messagesPerDay: 2, messagesPer7Days: 10, allowedFromHour: 8, allowedToHour: 21 });
  });

  it('a stricter tenant window and caps narrow every plan step', () => {
    const strict: RuleSet = {
      ...CN_2026_1,
      quietWindows: [...CN_2026_1.quietWindows, { ...CN_2026_1.quietWindows[0], ruleId: 'COL-11', start: '19:30', end: '09:00', legalFloor: false }],
      caps: CN_2026_1.caps.map((c) => (c.key === 'messages_per_day' ? { ...c, max: 1 } : c.key === 'voice_conversations_per_day' ? { ...c, max: 2 } : c)),
    };
    const caps = capsFromRuleSet(strict);
    expect(caps).toMatchObject({ allowedFromHour: 9, allowedToHour: 19, messagesPerDay: 1, voiceConversationsPerDay: 2 });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 23 }), fc.subarray([...CONTACT_CHANNELS], { minLength: 1 }),
        (pd, dpd, hour, channels) => {
          const plan = proposeCollectionPlan({
            caseId: 'case_x', pd, balanceFen: 1_000_000n, dpd, contactability: { reachRate: 0.5, consecutiveFailed: 0, invalidNumber: false, channels, preferredHour: hour },
            creditor: { maxDiscountBps: 2000, allowLegalAction: true, minLegalBalanceFen: 0n }, limitationDaysLeft: 500, vulnerable: false, caps,
          });
          const perDay = new Map<number, number>();
          for (const s of plan.steps) {
            expect(s.fromHour).toBeGreaterThanOrEqual(9);
            expect(s.toHour).toBeLessThanOrEqual(19);
            if (s.channel === 'voice') expect(s.attempts).toBeLessThanOrEqual(2);
            if (s.channel === 'sms' || s.channel === 'im') perDay.set(s.day, (perDay.get(s.day) ?? 0) + s.attempts);
          }
          for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });
});
