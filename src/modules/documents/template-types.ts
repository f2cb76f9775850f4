// Shapes of document templates. Templates themselves are DATA (templates.ts): a field schema and a body of blocks
// with {{field}} placeholders ({{f|capitals}} = 人民币…, {{f|both}} = ¥… （人民币…）, {{f|figures}} = ¥…).
import { z } from 'zod';

export const DocumentKind = z.enum([
  'demand_letter', // DOC-06 催款函 / 催收通知书
  'lawyer_letter', // DOC-05 律师函
  'debt_acknowledgment', // DOC-10 债务确认书
  'repayment_agreement', // DOC-08 还款协议 / 分期还款协议
  'mediation_agreement', // DOC-09 调解协议
  'assignment_notice', // DOC-07 债权转让通知书
  'statement_of_claim', // DOC-01 民事起诉状 (2024 element style)
  'preservation_application', // DOC-02 财产保全申请书
  'payment_order_application', // DOC-03 支付令申请书
  'enforcement_application', // DOC-04 强制执行申请书
  'power_of_attorney', // DOC-11 授权委托书 + 法定代表人身份证明书
  'evidence_list', // DOC-12 证据目录
  'pre_suit_mediation_application', // DOC-13 诉前调解申请
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const FieldType = z.enum(['text', 'date', 'money', 'rate', 'party', 'parties', 'rows', 'number']);
export type FieldType = z.infer<typeof FieldType>;

export const FieldSpec = z.object({
  name: z.string().regex(/^[a-zA-Z][\w.]*$/),
  label: z.string(),
  required: z.boolean(),
  type: FieldType,
  /** Path in the case data (`debtor.name`, `debts[0].principalFen`) or in computed values (`calc.totalFen`). */
  source: z.string().optional(),
  /** Used when the source is empty (may contain placeholders of other fields). */
  default: z.string().optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

export const Condition = z.object({ field: z.string(), equals: z.string().optional(), notEquals: z.string().optional() });
export type Condition = z.infer<typeof Condition>;

export const Column = z.object({ label: z.string(), key: z.string(), type: z.enum(['text', 'money', 'date', 'number']).default('text') });
export type Column = z.infer<typeof Column>;

export const Block = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('title'), text: z.string(), when: Condition.optional() }),
  z.object({ kind: z.literal('subtitle'), text: z.string(), when: Condition.optional() }),
  z.object({ kind: z.literal('heading'), text: z.string(), when: Condition.optional() }),
  z.object({ kind: z.literal('para'), text: z.string(), indent: z.boolean().default(true), when: Condition.optional() }),
  z.object({ kind: z.literal('left'), text: z.string(), when: Condition.optional() }),
  z.object({ kind: z.literal('right'), text: z.string(), when: Condition.optional() }),
  z.object({ kind: z.literal('party'), field: z.string(), role: z.string(), when: Condition.optional() }),
  z.object({ kind: z.literal('table'), field: z.string(), columns: z.array(Column).min(1), when: Condition.optional() }),
  z.object({ kind: z.literal('pagebreak'), when: Condition.optional() }),
]);
export type Block = z.infer<typeof Block>;
export type BlockInput = z.input<typeof Block>;

export const DocumentTemplate = z.object({
  kind: DocumentKind,
  version: z.number().int().positive(),
  rule: z.string(),
  title: z.string(),
  legalBasis: z.array(z.string()),
  /** Addressed to a court (a filing) vs a letter / agreement between the parties (COL-42 lint applies to the latter). */
  audience: z.enum(['court', 'party']),
  fields: z.array(FieldSpec),
  blocks: z.array(Block).min(1),
});
export type DocumentTemplate = z.infer<typeof DocumentTemplate>;
export type DocumentTemplateInput = z.input<typeof DocumentTemplate>;
