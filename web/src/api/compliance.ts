// Types of the compliance API (src/modules/compliance/routes*.ts): the contact gate, contact log, script library,
// complaints, recordings, campaigns and the dashboard.
export const CHANNELS = ['voice_agent', 'voice_automated', 'sms', 'im', 'email', 'letter', 'portal', 'field_visit'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, { zh: string; en: string }> = {
  voice_agent: { zh: '人工电话', en: 'Agent call' }, voice_automated: { zh: '自动/AI 语音', en: 'Automated / AI voice' }, sms: { zh: '短信', en: 'SMS' },
  im: { zh: '即时通讯', en: 'IM' }, email: { zh: '电子邮件', en: 'E-mail' }, letter: { zh: '信函', en: 'Letter' }, portal: { zh: '门户消息', en: 'Portal message' },
  field_visit: { zh: '上门', en: 'Field visit' },
};
export interface Hit { ruleId: string; category: string; matched: string; start: number; end: number }
export interface FiredRule { ruleId: string; check: string; reasonZh: string; reasonEn: string; nextAllowedAt?: string; hits?: Hit[] }
export interface GateDecision { attemptId: string; decision: 'allow' | 'deny'; fired: FiredRule[]; nextAllowedAt: string | null; ruleSetId: string; renderedText: string | null }
export interface ContactEntry { id: string; channel: Channel; targetKind: string; attemptedAt: string; decision: 'allow' | 'deny'; fired: FiredRule[]; outcome: string | null; templateId: string | null; actorId: string | null }
export type TemplateState = 'draft' | 'submitted' | 'approved' | 'rejected' | 'filed' | 'retired';
export interface ScriptContent { id: string; category: string; channels: Channel[]; audience: 'debtor' | 'third_party'; automated: boolean; zh: string; en: string; variables: Record<string, string> }
export interface TemplateView {
  templateId: string; version: number; state: TemplateState; content: ScriptContent; authorId: string; approvedBy: string | null; approvedAt: string | null;
  filingNumber: string | null; usageCount: number; transitions: Array<{ from: string; to: string; by: string; at: string; note?: string }>;
  problems: Array<{ code: string; ruleId: string; lang?: string; detail: string }>;
}
export interface Complaint { id: string; kind: 'complaint' | 'dispute'; caseId: string | null; channel: string; summary: string; receivedAt: string; dueAt: string; status: string; answer: string | null; answeredAt: string | null; overdue: boolean }
export interface Campaign {
  id: string; name: string; channel: string; templateId: string; day: string; timeZone: string; status: string;
  planned: Array<{ caseId: string; debtorId: string; at: string }>;
  skipped: Array<{ caseId: string; debtorId: string; fired: FiredRule[]; nextAllowedAt: string | null; summaryEn: string; summaryZh: string }>;
  sent: number; refused: number; createdAt: string;
}
export interface Dashboard {
  from: string; to: string; totals: { allowed: number; refused: number };
  byRuleByDay: Array<{ day: string; ruleId: string; count: number }>;
  topRefused: Array<{ ruleId: string; count: number; reasonZh: string; reasonEn: string }>;
  perCollector: Array<{ actorId: string; allowed: number; refused: number; refusalRate: number }>;
  complaints: { open: number; overdue: number; answered: number; answeredWithinSla: number; disputes: number; received: number; slaDays: number };
}
/** One rule of the effective rule set (GET /api/v1/compliance/rules → table.rows). `field` null = fixed by the rule set. */
export interface RuleRow {
  field: string | null; ruleId: string; reasonZh: string; reasonEn: string; kind: 'count' | 'minutes' | 'window' | 'channels' | 'boolean' | 'fixed';
  value: number | string | boolean | string[]; baseValue: number | string | boolean | string[]; source: 'rule_set' | 'tenant'; scopeZh: string; scopeEn: string;
}
export interface RuleTable { ruleSetId: string; jurisdiction: 'CN' | 'US'; title: string; version: number | null; overrides: Record<string, unknown>; rows: RuleRow[] }
export interface RuleChange { version: number; ruleSetId: string; changedBy: string; changedByName: string | null; changedAt: string; reason: string | null; diff: Array<{ field: string; from: string | null; to: string | null }> }
export interface Holiday { day: string; name: string }
/** COL-31 reachability of a case's debtor, derived by the server (GET /api/v1/cases/:id/reachability). */
export interface Reachability {
  caseId: string; unreachable: boolean; numberInvalid: boolean; failedOnAllChannels: boolean; outOfContact: boolean; incapacitated: boolean; threshold: number;
  reasonZh: string; reasonEn: string;
  lines: Array<{ contactPointId: string; kind: 'phone' | 'email'; masked: string; state: 'invalid' | 'failing' | 'ok' | 'untried'; failures: number }>;
  marks: Array<{ id: string; kind: 'out_of_contact' | 'incapacitated'; reason: string; createdBy: string; createdAt: string }>;
}
