// People connected to a debt other than the debtor, and the line COL-33 draws between them: a debt-related third
// party (a guarantor, a joint obligor, a spouse where the debt paid for joint household spending) versus an
// unrelated third party (everyone else, e.g. an emergency contact), from whom collection is banned in principle.
import { z } from 'zod';

export const RELATIONSHIPS = ['guarantor', 'joint_obligor', 'spouse', 'emergency_contact', 'family', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const THIRD_PARTY_CLASSES = ['debt_related_third_party', 'unrelated_third_party'] as const;
export type ThirdPartyClass = (typeof THIRD_PARTY_CLASSES)[number];

export const RelatedPartyInput = z.object({
  name: z.string().trim().min(1).max(100),
  relationship: z.enum(RELATIONSHIPS),
  phones: z.array(z.string().trim().min(1).max(30)).max(5).default([]),
  /** Spouse only: the debt was used for joint household spending (民法典 art 1064), which makes the spouse debt-related. */
  jointHouseholdDebt: z.boolean().optional(),
  /** An explicit classification recorded by staff with evidence; otherwise derived from the relationship. */
  classification: z.enum(THIRD_PARTY_CLASSES).optional(),
  /** Debtor of this party, when the party is also a debtor of the tenant (guarantor pursued in its own right). */
  debtorId: z.string().optional(),
});
export type RelatedPartyInput = z.infer<typeof RelatedPartyInput>;

/** COL-33: guarantors and joint obligors are debt-related; a spouse only for a joint household debt; others are not. */
export function classifyThirdParty(p: Pick<RelatedPartyInput, 'relationship' | 'jointHouseholdDebt' | 'classification'>): ThirdPartyClass {
  const derived: ThirdPartyClass =
    p.relationship === 'guarantor' || p.relationship === 'joint_obligor' || (p.relationship === 'spouse' && p.jointHouseholdDebt === true)
      ? 'debt_related_third_party'
      : 'unrelated_third_party';
  // Staff may narrow a derived "related" to "unrelated" (e.g. the guarantee was void), never widen it:
  // widening would open collection against someone the law protects.
  if (p.classification === 'unrelated_third_party') return 'unrelated_third_party';
  return derived;
}

/**
 * COL-30 / COL-32: may this party be asked to pay? Only guarantors and joint obligors (as the law and the contract
 * allow) and a debt-related spouse. An unrelated third party may only be asked for the debtor's whereabouts or to
 * pass on a message, unless they volunteer to pay.
 */
export function mayAskToPay(p: Pick<RelatedPartyInput, 'relationship' | 'jointHouseholdDebt' | 'classification'>): boolean {
  return classifyThirdParty(p) === 'debt_related_third_party';
}

/** COL-32: whether the debt itself may be mentioned to this party. */
export function mayDiscloseDebt(p: Pick<RelatedPartyInput, 'relationship' | 'jointHouseholdDebt' | 'classification'>): boolean {
  return classifyThirdParty(p) === 'debt_related_third_party';
}
