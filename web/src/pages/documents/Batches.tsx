// Batch page (/admin/document-batches): generate one kind for many cases as a background job (e.g. demand letters
// for a whole portfolio) with shared typed-in fields; progress bars, failures with their reason, ZIP download.
import { useEffect, useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Progress, Radio, Select, Space, Table, Tag, Tooltip, message } from 'antd';
import { get, post } from '../../api/client';
import type { Batch, KindInfo } from '../../api/documents';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { MSG } from './dict';

const STAGES = ['intake', 'verification', 'active', 'negotiation', 'payment_plan', 'legal', 'enforcement'];

export default function Batches() {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const [form] = Form.useForm();
  const kinds = useLoad(() => get<{ items: KindInfo[] }>('/api/v1/document-kinds'), []);
  const batches = useLoad(() => get<{ items: Batch[] }>('/api/v1/document-batches'), []);
  const running = (batches.data?.items ?? []).some((b) => b.status !== 'finished');
  useEffect(() => {
    if (!running) return;
    const h = setInterval(() => batches.reload(), 1500);
    return () => clearInterval(h);
  }, [running, batches]);
  const start = (v: { kind: string; format: 'pdf' | 'docx'; stage?: string; limit?: number; overrides?: string }) => {
    const overrides: Record<string, string> = {};
    for (const line of (v.overrides ?? '').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) overrides[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    post<{ batchId: string; total: number }>('/api/v1/document-batches', { kind: v.kind, format: v.format, overrides, filter: { ...(v.stage ? { stage: v.stage } : {}), ...(v.limit ? { limit: v.limit } : {}) } })
      .then((r) => { message.success(`${r.batchId} · ${r.total}`); batches.reload(); }, (e: unknown) => showError(e, form));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="batches-page">
      <Card size="small" title={t('newBatch')}>
        <Form form={form} layout="vertical" onFinish={start} initialValues={{ kind: 'demand_letter', format: 'pdf', limit: 100 }}>
          <Space wrap align="start">
            <Form.Item name="kind" label={t('kind')}><Select style={{ width: 240 }} options={(kinds.data?.items ?? []).filter((k) => k.allowed).map((k) => ({ value: k.kind, label: `${k.title} (${k.rule})` }))} data-testid="batch-kind" /></Form.Item>
            <Form.Item name="format" label={t('format')}><Radio.Group options={[{ value: 'pdf', label: 'PDF' }, { value: 'docx', label: 'DOCX' }]} /></Form.Item>
            <Form.Item name="stage" label={t('stage')}><Select allowClear style={{ width: 160 }} placeholder={t('any')} options={STAGES.map((s) => ({ value: s, label: s }))} /></Form.Item>
            <Form.Item name="limit" label={t('limit')}><InputNumber min={1} max={20000} data-testid="batch-limit" /></Form.Item>
          </Space>
          <Form.Item name="overrides" label={t('overrides')}><Input.TextArea rows={4} placeholder={'payAccountName=…\npayBank=…\npayAccountNo=…'} data-testid="batch-overrides" /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="batch-start">{t('start')}</Button>
        </Form>
      </Card>
      <Card size="small" title={t('batches')}>
        <Table<Batch> size="small" rowKey="id" loading={batches.loading && !batches.data} dataSource={batches.data?.items ?? []} columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t('kind'), dataIndex: 'kind' },
          { title: t('status'), dataIndex: 'status', render: (s: Batch['status']) => <Tag color={s === 'finished' ? 'green' : 'blue'}>{t(s)}</Tag> },
          { title: t('progress'), width: 260, render: (_, b) => <Progress data-testid="batch-progress" percent={b.total ? Math.round(((b.done + b.failed.length) / b.total) * 100) : 0} success={{ percent: b.total ? Math.round((b.done / b.total) * 100) : 0 }} format={() => `${b.done}/${b.total}`} /> },
          { title: t('failed'), render: (_, b) => b.failed.length ? <Tooltip title={b.failed.slice(0, 10).map((f) => `${f.caseId}: ${f.reason}${f.missing ? ` (${f.missing.map((m) => m.label).join('、')})` : ''}`).join('\n')}><Tag color="red">{b.failed.length}</Tag></Tooltip> : 0 },
          { title: t('created'), dataIndex: 'createdAt', render: fmtTime },
          { title: '', render: (_, b) => b.done > 0 && <a href={`/api/v1/document-batches/${b.id}/download`}>{t('zip')}</a> },
        ]} />
      </Card>
    </Space>
  );
}
