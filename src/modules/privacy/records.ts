// Records of processing activities and personal-information protection impact assessments (PI-06; PIPL arts 55-56;
// GB/T 35273-2020 §11.3). One record per processing activity with purpose, legal basis (PI-01), categories (PI-05
// marks sensitive ones), recipients (PI-04), retention (PI-07, COL-61) and security measures (PI-08); PIA records
// (date, scope, risks, measures, conclusion, approver) are append-only and kept at least 3 years.
import { z } from 'zod';
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { privacyError } from './errors.js';

export const LEGAL_BASES = ['contract', 'legal_duty', 'consent', 'separate_consent', 'public_interest', 'other'] as const;
export const PIA_CONCLUSIONS = ['acceptable', 'acceptable_with_measures', 'not_acceptable'] as const;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const ActivityInput = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'a short code like debt_collection'),
  nameZh: Text(100),
  nameEn: Text(100),
  purpose: Text(1000),
  legalBasis: z.enum(LEGAL_BASES),
  categories: z.array(Text(60)).min(1).max(30),
  sensitive: z.boolean().default(false),
  recipients: Text(1000),
  retention: Text(500),
  securityMeasures: Text(1000),
});
export type ActivityInput = z.input<typeof ActivityInput>;

export const PiaInput = z.strictObject({
  activityId: z.string().min(1).max(80),
  assessedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  scope: Text(1000),
  risks: Text(2000),
  measures: Text(2000),
  conclusion: z.enum(PIA_CONCLUSIONS),
  approver: Text(100),
});
export type PiaInput = z.input<typeof PiaInput>;

export interface Activity {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  purpose: string;
  legalBasis: (typeof LEGAL_BASES)[number];
  categories: string[];
  sensitive: boolean;
  recipients: string;
  retention: string;
  securityMeasures: string;
  createdAt: string;
  updatedAt: string;
  /** Date of the latest PIA of this activity, or null (PI-06: needed before processing sensitive data). */
  lastPiaOn: string | null;
}

export interface Pia {
  id: string;
  activityId: string;
  activityCode: string;
  assessedOn: string;
  scope: string;
  risks: string;
  measures: string;
  conclusion: (typeof PIA_CONCLUSIONS)[number];
  approver: string;
  createdBy: string;
  createdAt: string;
}

const iso = (v: unknown) => new Date(v as string).toISOString();
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function activityOf(r: Record<string, unknown>): Activity {
  return {
    id: String(r.id), code: String(r.code), nameZh: String(r.name_zh), nameEn: String(r.name_en), purpose: String(r.purpose),
    legalBasis: r.legal_basis as Activity['legalBasis'], categories: json<string[]>(r.categories), sensitive: Boolean(r.sensitive),
    recipients: String(r.recipients), retention: String(r.retention), securityMeasures: String(r.security_measures),
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), lastPiaOn: r.last_pia_on == null ? null : day(r.last_pia_on),
  };
}

/** The tenant's processing activities with the date of each one's latest PIA. */
export async function listActivities(tx: Tx, tenantId?: string): Promise<Activity[]> {
  // tenantId: for the regulator's cross-tenant read role (RLS already limits tenant transactions to their own rows).
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT a.*, (SELECT max(p.assessed_on) FROM privacy.pias p WHERE p.tenant_id = a.tenant_id AND p.activity_id = a.id) AS last_pia_on
    FROM privacy.processing_activities a WHERE (${tenantId ?? null}::text IS NULL OR a.tenant_id = ${tenantId ?? null}) ORDER BY a.created_at, a.code`);
  return rs.map(activityOf);
}

/** One activity by its code, or null. */
export async function findActivityByCode(tx: Tx, code: string): Promise<Activity | null> {
  const r = await one<Record<string, unknown>>(tx, sql`SELECT a.*, NULL AS last_pia_on FROM privacy.processing_activities a WHERE a.code = ${code}`);
  return r ? activityOf(r) : null;
}

/** Records a processing activity. Throws PRIVACY_ACTIVITY_EXISTS (field code). */
export async function createActivity(tx: Tx, input: ActivityInput, actorId: string): Promise<Activity> {
  const a = ActivityInput.parse(input);
  if (await findActivityByCode(tx, a.code)) throw privacyError('PRIVACY_ACTIVITY_EXISTS', { field: 'code', detail: a.code });
  const id = newId('pa');
  await tx.execute(sql`INSERT INTO privacy.processing_activities
      (tenant_id, id, code, name_zh, name_en, purpose, legal_basis, categories, sensitive, recipients, retention, security_measures, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${a.code}, ${a.nameZh}, ${a.nameEn}, ${a.purpose}, ${a.legalBasis}, ${JSON.stringify(a.categories)}::jsonb,
      ${a.sensitive}, ${a.recipients}, ${a.retention}, ${a.securityMeasures}, ${actorId})`);
  return (await listActivities(tx)).find((x) => x.id === id)!;
}

/** Records a PIA of an activity (append-only). Throws PRIVACY_ACTIVITY_NOT_FOUND (field activityId). */
export async function recordPia(tx: Tx, input: PiaInput, actorId: string): Promise<Pia> {
  const p = PiaInput.parse(input);
  const a = await one<{ id: string }>(tx, sql`SELECT id FROM privacy.processing_activities WHERE id = ${p.activityId}`);
  if (!a) throw privacyError('PRIVACY_ACTIVITY_NOT_FOUND', { field: 'activityId', detail: p.activityId });
  const id = newId('pia');
  await tx.execute(sql`INSERT INTO privacy.pias (tenant_id, id, activity_id, assessed_on, scope, risks, measures, conclusion, approver, created_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${p.activityId}, ${p.assessedOn}::date, ${p.scope}, ${p.risks}, ${p.measures}, ${p.conclusion}, ${p.approver}, ${actorId})`);
  return (await listPias(tx)).find((x) => x.id === id)!;
}

/** PIAs, newest first. */
export async function listPias(tx: Tx, tenantId?: string): Promise<Pia[]> {
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT p.*, a.code AS activity_code FROM privacy.pias p
    JOIN privacy.processing_activities a ON a.tenant_id = p.tenant_id AND a.id = p.activity_id
    WHERE (${tenantId ?? null}::text IS NULL OR p.tenant_id = ${tenantId ?? null}) ORDER BY p.assessed_on DESC, p.created_at DESC`);
  return rs.map((r) => ({
    id: String(r.id), activityId: String(r.activity_id), activityCode: String(r.activity_code), assessedOn: day(r.assessed_on), scope: String(r.scope),
    risks: String(r.risks), measures: String(r.measures), conclusion: r.conclusion as Pia['conclusion'], approver: String(r.approver),
    createdBy: String(r.created_by), createdAt: iso(r.created_at),
  }));
}

/** The activity whose purpose and legal basis the debtor portal shows (PI-03 notice). */
export const COLLECTION_ACTIVITY = 'debt_collection';

/** Starting records every agency needs (PI-06); loaded for the demo tenant and by `loadDefaultRecords`. */
export const DEFAULT_ACTIVITIES: Array<ActivityInput & { pia?: Omit<PiaInput, 'activityId'> }> = [
  {
    code: COLLECTION_ACTIVITY, nameZh: '受托催收与债务协商', nameEn: 'Entrusted collection and debt negotiation',
    purpose: '受债权人委托，联系债务人核实债务、协商还款方案并记录沟通过程（COL-03、COL-60）。 / Contacting the debtor on the creditor’s instruction to confirm the debt, negotiate repayment and record every contact.',
    legalBasis: 'contract', sensitive: true,
    categories: ['姓名 name', '身份证号 ID number', '手机号 phone', '地址 address', '债务与还款信息 debt and payments', '银行账户 bank account (PI-05)'],
    recipients: '委托债权人（PIPL 第 21 条受托处理）；经单独同意的受让人（PI-04） / The entrusting creditor (entrusted processing, art 21); an assignee only with separate consent.',
    retention: '结案后 5 年（COL-61：诉讼时效 3 年 + 执行 2 年），法律保全期间延长 / 5 years after the case closes (COL-61), longer under a legal hold.',
    securityMeasures: '身份证号、联系方式 AES-256-GCM 信封加密并可轮换密钥；盲索引精确检索；按角色脱敏（PI-22）；解除脱敏需权限与理由并审计；全部写操作审计。 / Envelope encryption (AES-256-GCM) with key rotation, blind indexes, masking by role (PI-22), audited unmasking with a stated reason.',
    pia: {
      assessedOn: '2026-01-15', scope: '催收全流程中敏感个人信息（金融账户）的处理与委托处理 / Sensitive data (financial accounts) across the collection workflow',
      risks: '泄露、超范围使用、向无关第三人披露（COL-31/32）、过度联系 / Leak, use beyond purpose, disclosure to unrelated third parties, excessive contact',
      measures: '加密存储、按角色脱敏、联系频次与时段闸门（COL-10..）、第三人分类、审计与证据日志 / Encryption, role masks, the contact gate, third-party classes, audit and evidence log',
      conclusion: 'acceptable_with_measures', approver: '合规负责人（演示） / Compliance officer (demo)',
    },
  },
  {
    code: 'risk_scoring', nameZh: '回款风险评分与方案建议（自动化决策）', nameEn: 'Recovery risk scoring and plan proposals (automated decisions)',
    purpose: '评估还款可能性以安排联系策略与和解区间；结果仅为建议，须人工复核（COL-85、PIPL 第 24 条）。 / Estimating the chance of repayment to plan contact and settlement ranges; proposals only, with human review.',
    legalBasis: 'contract', sensitive: false,
    categories: ['债务与还款信息 debt and payments', '联系记录统计 contact statistics', '假名化标识 pseudonyms'],
    recipients: '不对外提供 / Not provided to anyone outside the agency',
    retention: '评分与理由代码随案件保留，结案后 5 年 / Scores and reason codes kept with the case, 5 years after closing',
    securityMeasures: '训练数据假名化与泛化（PI-21、PI-22），导出前 k≥5 匿名性检查；不使用受保护属性 / Keyed pseudonyms and generalisation for training, k ≥ 5 check before export, no protected attributes.',
    pia: {
      assessedOn: '2026-02-01', scope: '自动化决策对债务人权益的影响 / Effect of automated decisions on debtors',
      risks: '不透明、歧视、对弱势债务人施压 / Opacity, discrimination, pressure on vulnerable debtors',
      measures: '理由代码、人工复核通道、门户“为什么”说明、漂移监测 / Reason codes, human review path, portal explanation, drift monitoring',
      conclusion: 'acceptable_with_measures', approver: '合规负责人（演示） / Compliance officer (demo)',
    },
  },
  {
    code: 'debtor_portal', nameZh: '债务人自助门户', nameEn: 'Debtor self-service portal',
    purpose: '债务人查询欠款、在线还款、签署文件、行使个人信息权利（PI-09）。 / Debtors see what they owe, pay, sign and exercise their data rights.',
    legalBasis: 'contract', sensitive: false,
    categories: ['案件编号 case reference', '身份证后六位（核验） ID last 6 (verification)', '手机号或邮箱（验证码） phone or e-mail (one-time code)'],
    recipients: '短信与邮件服务商（受托处理） / SMS and e-mail providers (entrusted processing)',
    retention: '会话 12 小时；登录审计记录随案件保留 / Sessions 12 hours; sign-in audit kept with the case',
    securityMeasures: '一次性验证码、速率限制、会话 Cookie 仅 HTTP、CSRF 令牌；门户不采集位置信息（PI-05） / One-time codes, rate limits, http-only cookies, CSRF; no location data collected.',
  },
];

/** Loads the default records (activities and their PIAs) that the tenant does not have yet. Returns how many were added. */
export async function loadDefaultRecords(tx: Tx, actorId: string): Promise<number> {
  let added = 0;
  for (const { pia, ...a } of DEFAULT_ACTIVITIES) {
    if (await findActivityByCode(tx, a.code)) continue;
    const created = await createActivity(tx, a, actorId);
    if (pia) await recordPia(tx, { ...pia, activityId: created.id }, actorId);
    added++;
  }
  return added;
}
