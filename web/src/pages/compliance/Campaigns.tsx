// Campaigns (/admin/campaigns): plan a day of automated contact over a segment (every case planned inside every
// cap and window, or skipped with the rules that stopped it), then execute it as a job through the gate.
import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { get, post } from '../../api/client';
import type { Campaign, TemplateView } from '../../api/compliance';
import { useI18n, useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';

export default function Campaigns() {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const list = useLoad(() => get<{ items: Campaign[] }>('/api/v1/campaigns'), []);
  const templates = useLoad(() => get<{ items: TemplateView[] }>('/api/v1/scripts'), []);
  const [form] = Form.useForm<{ name: string; channel: string; templateId: string; day: { format(f: string): string }; limit: number }>();
  const [open, setOpen] = useState<Campaign | null>(null);
  const [busy, setBusy] = useState(false);
  const channel = Form.useWatch('channel', form);
  const plan = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const c = await post<Campaign>('/api/v1/campaigns', { name: v.name, channel: v.channel, templateId: v.templateId, day: v.day.format('YYYY-MM-DD'), filters: { limit: v.limit },
        variables: { portalUrl: `${location.origin}/portal`, hotline: '400-000-0000' } });
      setOpen(c);
      list.reload();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const execute = async (id: string) => {
    try {
      await post(`/api/v1/campaigns/${id}/execute`);
      void message.success(t('saved'));
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  const usable = (templates.data?.items ?? []).filter((x) => (x.state === 'approved' || x.state === 'filed') && (!channel || x.content.channels.includes(channel as never)));
  return (
    <div data-testid="campaigns-page" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('campaignsTitle')}</Typography.Title>
      <Card size="small">
        <Form form={form} layout="inline" initialValues={{ channel: 'sms', limit: 100 }}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
          <Form.Item name="channel" label={t('channel')}><Select style={{ width: 160 }} options={['sms', 'email', 'voice_automated'].map((c) => ({ value: c, label: c }))} /></Form.Item>
          <Form.Item name="templateId" label={t('template')} rules={[{ required: true }]}><Select style={{ width: 240 }} showSearch options={usable.map((x) => ({ value: x.templateId, label: x.templateId }))} /></Form.Item>
          <Form.Item name="day" label={t('day')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="limit" label="N"><InputNumber min={1} max={1000} /></Form.Item>
          <Button type="primary" loading={busy} onClick={() => void plan()}>{t('plan')}</Button>
        </Form>
      </Card>
      <Table<Campaign> size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []}
        onRow={(c) => ({ onClick: () => setOpen(c) })}
        columns={[
          { title: t('name'), dataIndex: 'name' }, { title: t('day'), dataIndex: 'day' }, { title: t('channel'), dataIndex: 'channel' }, { title: t('template'), dataIndex: 'templateId' },
          { title: t('planned'), render: (_, c) => c.planned.length }, { title: t('skipped'), render: (_, c) => c.skipped.length },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> }, { title: t('sent'), render: (_, c) => `${c.sent} / ${c.refused}` },
          { title: t('actions'), render: (_, c) => c.status === 'planned' && <Button size="small" onClick={(e) => (e.stopPropagation(), void execute(c.id))}>{t('execute')}</Button> },
        ]} />
      {open && (
        <Card size="small" title={`${open.name} · ${open.day}`}>
          <Space align="start" size="large" wrap>
            <Table size="small" rowKey="caseId" title={() => t('planned')} dataSource={open.planned} pagination={{ pageSize: 10 }}
              columns={[{ title: t('case'), dataIndex: 'caseId' }, { title: t('when'), dataIndex: 'at', render: (v: string) => fmtTime(v) }]} />
            <Table size="small" rowKey="caseId" title={() => t('skipped')} dataSource={open.skipped} pagination={{ pageSize: 10 }}
              columns={[{ title: t('case'), dataIndex: 'caseId' }, { title: t('why'), render: (_, s) => pick(s.summaryZh, s.summaryEn) },
                { title: t('rules'), render: (_, s) => s.fired.map((f, i) => <Tag key={i} color="red">{f.ruleId}</Tag>) }]} />
          </Space>
        </Card>
      )}
    </div>
  );
}
