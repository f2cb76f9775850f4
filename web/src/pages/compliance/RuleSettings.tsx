// Rule settings (/admin/compliance/rules) for the compliance officer: the effective rule set (rule ID, plain-language
// reason, scope, value, rule-set value, source), editing a limit to make it stricter — the server refuses looser
// values naming the field, shown inline on that row — the change history (who, when, why, diff) and the COL-12
// holiday calendar.
import { useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Input, InputNumber, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { del, get, put, ApiError } from '../../api/client';
import { CHANNELS, CHANNEL_LABELS, type Channel, type Holiday, type RuleChange, type RuleRow, type RuleTable } from '../../api/compliance';
import { useI18n, useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';

type Value = RuleRow['value'];
const same = (a: Value, b: Value) => JSON.stringify(Array.isArray(a) ? [...a].sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

/** Overrides for PUT /api/v1/compliance/rules from the edited values: every editable row that differs from the rule set. */
function overridesOf(rows: RuleRow[], edits: Record<string, Value>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const caps: Record<string, number> = {};
  for (const r of rows) {
    if (!r.field) continue;
    const v = edits[r.field] ?? r.value;
    if (same(v, r.baseValue)) continue;
    if (r.field.startsWith('caps.')) caps[r.field.slice(5)] = Number(v);
    else if (r.field === 'quietWindow') {
      const [start, end] = String(v).split('-');
      o.quietWindow = { start: start?.trim() ?? '', end: end?.trim() ?? '' };
    } else o[r.field] = v;
  }
  if (Object.keys(caps).length) o.caps = caps;
  return o;
}

function ValueEditor({ row, value, onChange }: { row: RuleRow; value: Value; onChange: (v: Value) => void }) {
  const { pick } = useI18n();
  const t = useLocalT(MSG);
  const testid = `rule-input-${row.field}`;
  switch (row.kind) {
    case 'count':
    case 'minutes':
      return <InputNumber min={0} value={Number(value)} onChange={(v) => onChange(Number(v ?? 0))} data-testid={testid} style={{ width: 100 }} />;
    case 'window':
      return <Input value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={testid} style={{ width: 130 }} placeholder="21:00-08:00" />;
    case 'channels':
      return (
        <Checkbox.Group data-testid={testid} value={value as string[]} onChange={(v) => onChange(v as string[])}
          options={CHANNELS.map((c) => ({ value: c, label: pick(CHANNEL_LABELS[c].zh, CHANNEL_LABELS[c].en) }))} />
      );
    case 'boolean':
      return <Switch checked={Boolean(value)} onChange={onChange} data-testid={testid} checkedChildren={t('yes')} unCheckedChildren={t('no')} />;
    default:
      return <span>{show(value, pick)}</span>;
  }
}

function show(v: Value, pick: (zh: string, en: string) => string): string {
  if (Array.isArray(v)) return v.map((c) => (CHANNEL_LABELS[c as Channel] ? pick(CHANNEL_LABELS[c as Channel].zh, CHANNEL_LABELS[c as Channel].en) : c)).join('、');
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  return String(v);
}

export default function RuleSettings() {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const rules = useLoad(() => get<{ table: RuleTable }>('/api/v1/compliance/rules'), []);
  const history = useLoad(() => get<{ items: RuleChange[] }>('/api/v1/compliance/rules/history'), []);
  const holidays = useLoad(() => get<{ items: Holiday[] }>('/api/v1/compliance/holidays'), []);
  const [edits, setEdits] = useState<Record<string, Value>>({});
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [newDay, setNewDay] = useState('');
  const [newName, setNewName] = useState('');
  const table = rules.data?.table;
  useEffect(() => setEdits({}), [table]);

  const dirty = useMemo(() => (table ? table.rows.some((r) => r.field && edits[r.field] !== undefined && !same(edits[r.field], r.value)) : false), [table, edits]);

  const save = async () => {
    if (!table) return;
    setBusy(true);
    setFieldError(null);
    try {
      await put('/api/v1/compliance/rules', { jurisdiction: table.jurisdiction, overrides: overridesOf(table.rows, edits), ...(reason.trim() ? { reason: reason.trim() } : {}) });
      void message.success(t('saveOk'));
      setReason('');
      rules.reload();
      history.reload();
    } catch (e) {
      // A looser value is refused naming the field (COMPLIANCE_OVERRIDE_LOOSER): show it on that row.
      if (e instanceof ApiError && e.field) setFieldError({ field: e.field, message: e.detail ?? e.message });
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const addHoliday = async () => {
    try {
      await put(`/api/v1/compliance/holidays/${newDay}`, { name: newName });
      setNewDay('');
      setNewName('');
      holidays.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="rule-settings">
      <Typography.Title level={3} style={{ margin: 0 }}>{t('rulesTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('rulesIntro')}</Typography.Paragraph>
      <Card size="small" title={table ? `${table.title} · ${table.ruleSetId}${table.version ? ` · v${table.version}` : ''}` : ''}>
        <Table<RuleRow> size="small" rowKey={(r) => `${r.ruleId}-${r.field ?? r.reasonEn}`} loading={rules.loading} dataSource={table?.rows ?? []} pagination={false} data-testid="rule-table"
          onRow={(r) => ({ 'data-testid': `rule-row-${r.field ?? r.ruleId}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('rule'), dataIndex: 'ruleId', width: 90, render: (v: string) => <Tag color="blue">{v}</Tag> },
            { title: t('meaning'), render: (_, r) => <div>{pick(r.reasonZh, r.reasonEn)}{r.scopeZh && <div><Typography.Text type="secondary">{pick(r.scopeZh, r.scopeEn)}</Typography.Text></div>}</div> },
            {
              title: t('value'), width: 330, render: (_, r) => (
                <div>
                  <ValueEditor row={r} value={r.field ? (edits[r.field] ?? r.value) : r.value} onChange={(v) => setEdits((e) => ({ ...e, [r.field!]: v }))} />
                  {fieldError && r.field && fieldError.field === r.field && (
                    <div><Typography.Text type="danger" data-testid={`rule-error-${r.field}`}>{fieldError.message}</Typography.Text></div>
                  )}
                </div>
              ),
            },
            { title: t('baseValue'), width: 120, render: (_, r) => show(r.baseValue, pick) },
            {
              title: t('source'), width: 110, render: (_, r) => (r.kind === 'fixed' ? <Tag>{t('fixed')}</Tag>
                : <Tag color={r.source === 'tenant' ? 'green' : 'default'} data-testid={`rule-source-${r.field}`}>{r.source === 'tenant' ? t('fromTenant') : t('fromRuleSet')}</Tag>),
            },
          ]} />
        <Space style={{ marginTop: 12 }} wrap>
          <Input style={{ width: 360 }} placeholder={t('changeReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="rules-reason" maxLength={500} />
          <Button type="primary" loading={busy} disabled={!dirty} onClick={() => void save()} data-testid="rules-save">{t('save')}</Button>
        </Space>
      </Card>
      <Card size="small" title={t('changes')}>
        <Table<RuleChange> size="small" rowKey="version" loading={history.loading} dataSource={history.data?.items ?? []} pagination={{ pageSize: 10 }} data-testid="rule-history"
          columns={[
            { title: 'v', dataIndex: 'version', width: 50 },
            { title: t('who'), render: (_, c) => c.changedByName ?? c.changedBy },
            { title: t('when'), dataIndex: 'changedAt', render: (v: string) => fmtTime(v) },
            { title: t('reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            {
              title: t('diff'), render: (_, c) => (c.diff.length ? c.diff.map((d) => (
                <div key={d.field} data-testid="rule-diff"><code>{d.field}</code>: {d.from ?? t('fromRuleSet')} → {d.to ?? t('fromRuleSet')}</div>
              )) : t('noChange')),
            },
          ]} />
      </Card>
      <Card size="small" title={t('holidays')}>
        <Space wrap style={{ marginBottom: 8 }}>
          <Input type="date" value={newDay} onChange={(e) => setNewDay(e.target.value)} style={{ width: 170 }} data-testid="holiday-day" />
          <Input placeholder={t('holidayName')} value={newName} onChange={(e) => setNewName(e.target.value)} style={{ width: 200 }} data-testid="holiday-name" maxLength={60} />
          <Button onClick={() => void addHoliday()} disabled={!newDay || !newName.trim()} data-testid="holiday-add">{t('add')}</Button>
        </Space>
        <Table<Holiday> size="small" rowKey="day" loading={holidays.loading} dataSource={holidays.data?.items ?? []} pagination={{ pageSize: 10 }} data-testid="holiday-list"
          columns={[
            { title: t('day'), dataIndex: 'day' },
            { title: t('holidayName'), dataIndex: 'name' },
            {
              title: t('actions'), render: (_, h) => (
                <Popconfirm title={t('remove')} onConfirm={() => void del(`/api/v1/compliance/holidays/${h.day}`).then(() => holidays.reload(), showError)}>
                  <Button size="small" danger>{t('remove')}</Button>
                </Popconfirm>
              ),
            },
          ]} />
      </Card>
    </div>
  );
}
