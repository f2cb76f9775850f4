// The case data a document is filled from (a snapshot; stored with every generated document per D0).
// Money: bigint fen in code, decimal yuan strings in JSON ("100000.00"). Dates: 'YYYY-MM-DD'.
import { z } from 'zod';
import { parseYuan } from '../../platform/money.js';
import { LimitationEvent } from '../law/index.js';

const Money = z.union([z.bigint(), z.string().transform((s, ctx) => {
  try {
    return parseYuan(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a money amount: ${s}` });
    return z.NEVER;
  }
})]);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** D0 party block: natural person or organisation. */
export const Party = z.object({
  kind: z.enum(['person', 'organisation']),
  name: z.string().min(1),
  gender: z.string().optional(),
  birthDate: Day.optional(),
  ethnicity: z.string().optional(),
  employer: z.string().optional(),
  idType: z.string().optional(),
  idNumber: z.string().optional(),
  uscc: z.string().optional(),
  orgType: z.string().optional(),
  legalRepresentative: z.string().optional(),
  legalRepresentativeTitle: z.string().optional(),
  address: z.string().optional(),
  habitualResidence: z.string().optional(),
  phone: z.string().optional(),
  serviceAddress: z.string().optional(),
  eServiceConsent: z.string().optional(),
});
export type Party = z.infer<typeof Party>;

export const Debt = z.object({
  contractName: z.string(),
  contractNo: z.string().optional(),
  signedOn: Day,
  signedAt: z.string().optional(),
  principalFen: Money,
  principalPaidFen: Money.default(0n),
  interestPaidFen: Money.default(0n),
  agreedRateBps: z.number().int().nonnegative().default(0),
  defaultRateBps: z.number().int().nonnegative().optional(),
  penaltyFen: Money.default(0n),
  feesFen: Money.default(0n),
  feesDescription: z.string().optional(),
  disbursedOn: Day,
  dueDate: Day,
  disbursementMethod: z.string().optional(),
  repaymentMethod: z.string().optional(),
  lenderIsFinancialInstitution: z.boolean().default(false),
  securityDescription: z.string().optional(),
});
export type Debt = z.infer<typeof Debt>;

export const EvidenceItem = z.object({
  name: z.string(),
  type: z.enum(['当事人陈述', '书证', '物证', '视听资料', '电子数据', '证人证言', '鉴定意见', '勘验笔录']),
  source: z.string(),
  form: z.enum(['原件', '复印件', '电子']).default('复印件'),
  pages: z.number().int().positive().default(1),
  purpose: z.string(),
  fileName: z.string().optional(),
  sha256: z.string().optional(),
  sm3: z.string().optional(),
  capturedAt: z.string().optional(),
  platform: z.string().optional(),
  depositNo: z.string().optional(),
  logIndex: z.number().int().nonnegative().optional(),
  verifyUrl: z.string().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const CaseData = z.object({
  /** The date amounts are computed to (截至日). */
  asOf: Day,
  /** The date printed on the document. */
  documentDate: Day.optional(),
  claimKind: z.enum(['financial_loan', 'private_lending', 'credit_card', 'other']).default('private_lending'),
  causeOfAction: z.string().optional(),
  tenant: z.object({
    name: z.string(),
    isLawFirm: z.boolean().default(false),
    worksWithLawFirm: z.boolean().default(false),
    isAgency: z.boolean().default(false),
    entrustmentRef: z.string().optional(),
    contactPhone: z.string().optional(),
    verificationUrl: z.string().optional(),
    lawFirm: z
      .object({ name: z.string(), uscc: z.string().optional(), address: z.string().optional(), phone: z.string().optional(), lawyerName: z.string(), lawyerLicenceNo: z.string(), engagedOn: Day.optional(), letterNo: z.string().optional() })
      .optional(),
  }),
  creditor: Party,
  debtor: Party,
  guarantors: z.array(Party).default([]),
  assignee: Party.optional(),
  agent: z
    .object({ name: z.string(), idNumber: z.string().optional(), employer: z.string().optional(), licenceNo: z.string().optional(), phone: z.string().optional(), relationship: z.string().optional(), authority: z.enum(['general', 'special']).default('special') })
    .optional(),
  debts: z.array(Debt).min(1),
  payment: z.object({ accountName: z.string(), bank: z.string(), accountNo: z.string(), portalUrl: z.string().optional(), complaintChannel: z.string().optional(), deadline: Day.optional() }).optional(),
  court: z.object({ name: z.string() }).optional(),
  jurisdictionBasis: z.string().optional(),
  pendingCaseNo: z.string().optional(),
  judgment: z
    .object({ issuer: z.string(), docType: z.string(), caseNo: z.string(), effectiveOn: Day, content: z.string(), periodEnd: Day, adjudicatedFen: Money })
    .optional(),
  preservation: z
    .object({
      stage: z.enum(['pre_suit', 'in_suit', 'pre_enforcement']),
      amountFen: Money.optional(),
      urgency: z.string().optional(),
      assets: z.array(z.object({ type: z.string(), description: z.string() })).default([]),
      security: z.string().optional(),
      /** Set once the application was actually made (court, ruling no.); a pre-suit one bars a payment order (DOC-03). */
      appliedOn: Day.optional(),
      court: z.string().optional(),
      rulingNo: z.string().optional(),
    })
    .optional(),
  assignment: z.object({ effectiveOn: Day, scope: z.string().default('全部'), accessoryRights: z.string().optional() }).optional(),
  agreement: z
    .object({
      instalments: z.number().int().min(1).max(120).default(1),
      firstDueDate: Day,
      waiverFen: Money.default(0n),
      waiverCondition: z.string().optional(),
      accelerationAfterMissed: z.number().int().min(1).default(2),
      disputeForum: z.string().optional(),
    })
    .optional(),
  mediation: z.object({ body: z.string(), mediator: z.string().optional(), agreementNo: z.string().optional(), online: z.boolean().default(true), preference: z.enum(['是', '否', '暂不确定']).default('是') }).optional(),
  assets: z.array(z.object({ type: z.string(), description: z.string() })).default([]),
  evidence: z.array(EvidenceItem).default([]),
  /** CALC-02 input: when the creditor knew of the harm, and the restart events recorded (limitation_event). */
  limitation: z.object({ knewOn: Day, events: z.array(LimitationEvent).default([]) }).optional(),
  enforcementOptions: z.array(z.string()).default([]),
});
export type CaseData = z.infer<typeof CaseData>;
export type CaseDataInput = z.input<typeof CaseData>;
