// Rule-set settings for the compliance officer: the effective rule set as a table (rule ID, plain-language reason,
// value, where the value comes from), saving a stricter configuration (looser refused naming the field, the change
// appended to the evidence log), the change history with a per-field diff, and the COL-12 holiday calendar.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { appendEvidence } from '../evidence/index.js';
import { listUsers } from '../tenants/index.js';
import { complianceError } from './errors.js';
import { applyTenantOverrides, getRuleSet, type Jurisdiction, type RuleSet, type TenantOverrides } from './rule-sets.js';
import { listRuleConfigHistory, saveRuleConfig, setHoliday } from './store.js';

/** Evidence leaves accept entity ids; anything else is recorded as `system`. */
const evidenceActor = (id: string) => (/^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/.test(id) ? id : 'system');

export type RuleValue = number | string | boolean | string[];

export interface RuleRow {
  /** Override field this row edits (`caps.messages_per_day`, `minGapMinutes`…); null when the rule is fixed. */
  field: string | null;
  ruleId: string;
  reasonZh: string;
  reasonEn: string;
  kind: 'count' | 'minutes' | 'window' | 'channels' | 'boolean' | 'fixed';
  value: RuleValue;
  /** The rule set's own value (the loosest a tenant may go). */
  baseValue: RuleValue;
  /** `rule_set` = the jurisdiction's value; `tenant` = a stricter tenant override. */
  source: 'rule_set' | 'tenant';
  /** Plain-language period / scope: "per local day", "per rolling 168 h, per number"… */
  scopeZh: string;
  scopeEn: string;
}

export interface RuleTable {
  ruleSetId: string;
  jurisdiction: Jurisdiction;
  title: string;
  version: number | null;
  overrides: TenantOverrides;
  rows: RuleRow[];
}

const same = (a: RuleValue, b: RuleValue) => JSON.stringify(a) === JSON.stringify(b);

/** Flattens the effective rule set against its base into rows; only the override fields are editable. */
export function describeRules(base: RuleSet, eff: RuleSet, overrides: TenantOverrides, version: number | null): RuleTable {
  const out: RuleRow[] = [];
  const push = (r: Omit<RuleRow, 'source'>) => out.push({ ...r, source: same(r.value, r.baseValue) ? 'rule_set' : 'tenant' });
  for (const w of eff.quietWindows) {
    const b = base.quietWindows.find((x) => x.legalFloor === w.legalFloor) ?? w;
    push({ field: w.legalFloor ? null : 'quietWindow', ruleId: w.ruleId, reasonZh: b.reasonZh, reasonEn: b.reasonEn, kind: w.legalFloor ? 'fixed' : 'window',
      value: `${w.start}-${w.end}`, baseValue: `${b.start}-${b.end}`, scopeZh: '债务人当地时间', scopeEn: 'debtor-local time' });
  }
  for (const c of eff.caps) {
    const b = base.caps.find((x) => x.key === c.key)!;
    const per = c.period.kind === 'local_day' ? { zh: '每个当地自然日', en: 'per local day' } : { zh: `滚动${c.period.hours}小时`, en: `per rolling ${c.period.hours} h` };
    push({ field: `caps.${c.key}`, ruleId: c.ruleId, reasonZh: b.reasonZh, reasonEn: b.reasonEn, kind: 'count', value: c.max, baseValue: b.max,
      scopeZh: `${per.zh}，${c.scope === 'number' ? '每个号码' : '每位债务人（跨案件）'}`, scopeEn: `${per.en}, ${c.scope === 'number' ? 'per number' : 'per debtor, all cases'}` });
  }
  push({ field: 'minGapMinutes', ruleId: eff.minGap.ruleId, reasonZh: base.minGap.reasonZh, reasonEn: base.minGap.reasonEn, kind: 'minutes',
    value: eff.minGap.minutes, baseValue: base.minGap.minutes, scopeZh: '分钟，同一债务人', scopeEn: 'minutes, same debtor' });
  push({ field: 'holidayChannels', ruleId: eff.holidays.ruleId, reasonZh: base.holidays.reasonZh, reasonEn: base.holidays.reasonEn, kind: 'channels',
    value: [...eff.holidays.channels], baseValue: [...base.holidays.channels], scopeZh: '节假日停用的渠道', scopeEn: 'channels blocked on holidays' });
  push({ field: 'fieldVisitMinStaff', ruleId: eff.fieldVisit.ruleId, reasonZh: base.fieldVisit.reasonZh, reasonEn: base.fieldVisit.reasonEn, kind: 'count',
    value: eff.fieldVisit.minStaff, baseValue: base.fieldVisit.minStaff, scopeZh: '外访最少人数', scopeEn: 'minimum staff per visit' });
  const u = eff.thirdParty.unreachable;
  push({ field: 'thirdPartyRequiresUnreachable', ruleId: u.ruleId, reasonZh: base.thirdParty.unreachable.reasonZh, reasonEn: base.thirdParty.unreachable.reasonEn,
    kind: 'boolean', value: u.required, baseValue: base.thirdParty.unreachable.required,
    scopeZh: `失联：号码无效、工作人员标记失联，或所有渠道连续${u.consecutiveFailures}次失败`, scopeEn: `unreachable: number invalid, marked out of contact, or ${u.consecutiveFailures} consecutive failures on every channel` });
  const fixed = (r: { ruleId: string; reasonZh: string; reasonEn: string }, value: RuleValue, zh = '', en = '') =>
    push({ field: null, ruleId: r.ruleId, reasonZh: r.reasonZh, reasonEn: r.reasonEn, kind: 'fixed', value, baseValue: value, scopeZh: zh, scopeEn: en });
  if (eff.contentDedupe) fixed(eff.contentDedupe, eff.contentDedupe.hours, '小时', 'hours');
  if (eff.quietAfterConversation) fixed(eff.quietAfterConversation, eff.quietAfterConversation.hours, '小时', 'hours');
  fixed(eff.thirdParty.purpose, eff.thirdParty.purpose.allowed);
  fixed(eff.thirdParty.disclosure, true);
  fixed(eff.thirdParty.suppression, true);
  for (const h of eff.holds) fixed(h, h.kind, '暂停', 'hold');
  fixed(eff.automated, true);
  fixed(eff.identity, true);
  fixed(eff.groupMessage, true);
  fixed(eff.timeBarred, true);
  fixed(eff.content, true);
  if (eff.optOutNotice) fixed(eff.optOutNotice, eff.optOutNotice.channels);
  return { ruleSetId: base.id, jurisdiction: base.jurisdiction, title: base.title, version, overrides, rows: out };
}

/** The tenant's effective rules as a table (China defaults when nothing is saved). */
export async function loadRuleTable(tx: Tx): Promise<RuleTable> {
  const [latest] = await listRuleConfigHistory(tx);
  const base = latest ? getRuleSet(latest.ruleSetId) : getRuleSet('CN');
  const overrides = latest?.overrides ?? {};
  return describeRules(base, applyTenantOverrides(base, overrides), overrides, latest?.version ?? null);
}

/** Saves a stricter configuration (COMPLIANCE_OVERRIDE_LOOSER / _INVALID name the field) and appends `rules.changed` evidence. */
export async function changeRuleConfig(tx: Tx, input: { jurisdiction: Jurisdiction; overrides: TenantOverrides; reason?: string; changedBy: string }): Promise<{ version: number; ruleSetId: string }> {
  const r = await saveRuleConfig(tx, input);
  await appendEvidence(tx, {
    type: 'rules.changed', actor: evidenceActor(input.changedBy), occurredAt: new Date().toISOString(),
    meta: { version: r.version, ruleSet: r.ruleSetId.replace(/[^A-Za-z0-9_.:-]/g, '_') },
  });
  return r;
}

/** Flat `field → value` view of overrides, for diffs. */
export function flattenOverrides(o: TenantOverrides): Record<string, string> {
  const f: Record<string, string> = {};
  if (o.quietWindow) f.quietWindow = `${o.quietWindow.start}-${o.quietWindow.end}`;
  for (const [k, v] of Object.entries(o.caps ?? {})) f[`caps.${k}`] = String(v);
  if (o.minGapMinutes !== undefined) f.minGapMinutes = String(o.minGapMinutes);
  if (o.holidayChannels) f.holidayChannels = [...o.holidayChannels].sort().join(',');
  if (o.fieldVisitMinStaff !== undefined) f.fieldVisitMinStaff = String(o.fieldVisitMinStaff);
  if (o.thirdPartyRequiresUnreachable !== undefined) f.thirdPartyRequiresUnreachable = String(o.thirdPartyRequiresUnreachable);
  return f;
}

export interface RuleChange {
  version: number;
  ruleSetId: string;
  changedBy: string;
  changedByName: string | null;
  changedAt: string;
  reason: string | null;
  /** null `from`/`to` = the rule set's own value (no override). */
  diff: Array<{ field: string; from: string | null; to: string | null }>;
}

/** Every saved version, newest first, with who, when, why and what changed against the previous version. */
export async function listRuleChanges(tx: Tx): Promise<RuleChange[]> {
  const hist = await listRuleConfigHistory(tx);
  const names = new Map((await listUsers(tx)).map((u) => [u.id, u.displayName]));
  return hist.map((h, i) => {
    const prev = hist[i + 1];
    const a = prev && prev.ruleSetId === h.ruleSetId ? flattenOverrides(prev.overrides) : {};
    const b = flattenOverrides(h.overrides);
    const diff = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
      .filter((k) => a[k] !== b[k]).map((k) => ({ field: k, from: a[k] ?? null, to: b[k] ?? null }));
    if (prev && prev.ruleSetId !== h.ruleSetId) diff.unshift({ field: 'ruleSet', from: prev.ruleSetId, to: h.ruleSetId });
    return { version: h.version, ruleSetId: h.ruleSetId, changedBy: h.changedBy, changedByName: names.get(h.changedBy) ?? null, changedAt: h.changedAt, reason: h.reason, diff };
  });
}

// ---------------------------------------------------------------- COL-12 holidays

export interface HolidayView {
  day: string;
  name: string;
}

export async function listHolidays(tx: Tx, year?: number): Promise<HolidayView[]> {
  const r = await rows<{ day: string; name: string }>(tx, sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM compliance.holidays
    WHERE (${year ?? null}::int IS NULL OR extract(year FROM day) = ${year ?? null}) ORDER BY day`);
  return r.map((x) => ({ day: String(x.day), name: String(x.name) }));
}

/** Adds or renames a tenant holiday (COL-12); evidence `rules.holiday_set`. */
export async function putHoliday(tx: Tx, h: { day: string; name: string; by: string }): Promise<HolidayView> {
  await setHoliday(tx, h.day, h.name);
  await appendEvidence(tx, { type: 'rules.holiday_set', actor: evidenceActor(h.by), occurredAt: new Date().toISOString(), meta: { day: Number(h.day.replace(/-/g, '')) } });
  return { day: h.day, name: h.name };
}

/** Removes a tenant holiday. Throws COMPLIANCE_HOLIDAY_NOT_FOUND. */
export async function deleteHoliday(tx: Tx, h: { day: string; by: string }): Promise<void> {
  const r = await rows(tx, sql`DELETE FROM compliance.holidays WHERE day = ${h.day}::date RETURNING day`);
  if (!r.length) throw complianceError('COMPLIANCE_HOLIDAY_NOT_FOUND', { field: 'day', detail: h.day });
  await appendEvidence(tx, { type: 'rules.holiday_removed', actor: evidenceActor(h.by), occurredAt: new Date().toISOString(), meta: { day: Number(h.day.replace(/-/g, '')) } });
}
