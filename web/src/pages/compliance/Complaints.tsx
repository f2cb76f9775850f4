// Complaints (/admin/complaints): complaints and disputes with their COL-80 deadline, overdue ones first; answer
// them (a complaint's hold is released; a dispute's only once the debt is verified). Staff log phone complaints on
// the case page's composer tab or here by case id.
import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { get, post } from '../../api/client';
import type { Complaint } from '../../api/compliance';
import { useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';

export default function Complaints() {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const [status, setStatus] = useState<string | undefined>('open');
  const list = useLoad(() => get<{ items: Complaint[] }>(`/api/v1/complaints${status ? `?status=${status}` : ''}`), [status]);
  const [answering, setAnswering] = useState<Complaint | null>(null);
  const [logging, setLogging] = useState(false);
  const [form] = Form.useForm<{ answer: string; debtVerified?: boolean }>();
  const [logForm] = Form.useForm<{ caseId: string; kind: 'complaint' | 'dispute'; summary: string }>();
  const respond = async () => {
    const v = await form.validateFields();
    try {
      await post(`/api/v1/complaints/${answering!.id}/respond`, v);
      void message.success(t('saved'));
      setAnswering(null);
      list.reload();
    } catch (e) {
      showError(e, form);
    }
  };
  const log = async () => {
    const v = await logForm.validateFields();
    try {
      await post(`/api/v1/cases/${encodeURIComponent(v.caseId)}/complaints`, { kind: v.kind, summary: v.summary, channel: 'phone' });
      setLogging(false);
      list.reload();
    } catch (e) {
      showError(e, logForm);
    }
  };
  const rows = [...(list.data?.items ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
  return (
    <div data-testid="complaints-page" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('complaintsTitle')}</Typography.Title>
      <Space>
        <Select allowClear style={{ width: 160 }} value={status} onChange={setStatus} options={['open', 'answered', 'escalated', 'closed'].map((s) => ({ value: s, label: s }))} />
        <Button onClick={() => setLogging(true)}>{t('logComplaint')}</Button>
      </Space>
      <Table<Complaint> size="small" rowKey="id" loading={list.loading} dataSource={rows} data-testid="complaints-table"
        columns={[
          { title: t('received2'), dataIndex: 'receivedAt', render: (v: string) => fmtTime(v) },
          { title: t('kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'dispute' ? 'orange' : 'blue'}>{k}</Tag> },
          { title: t('case'), dataIndex: 'caseId', render: (id: string | null) => (id ? <Link to={`/admin/cases/${id}`}>{id}</Link> : '—') },
          { title: t('channel'), dataIndex: 'channel' },
          { title: t('summary'), dataIndex: 'summary' },
          { title: t('due'), dataIndex: 'dueAt', render: (v: string, c) => <span style={{ color: c.overdue ? '#cf1322' : undefined }}>{fmtTime(v)}{c.overdue ? ` · ${t('overdue')}` : ''}</span> },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
          { title: t('actions'), render: (_, c) => (c.status === 'open' || c.status === 'escalated') && <Button size="small" onClick={() => (form.resetFields(), setAnswering(c))} data-testid={`respond-${c.id}`}>{t('respond')}</Button> },
        ]} />
      <Modal open={!!answering} title={t('respond')} onOk={() => void respond()} onCancel={() => setAnswering(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="answer" label={t('answer')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={4} /></Form.Item>
          {answering?.kind === 'dispute' && <Form.Item name="debtVerified" valuePropName="checked"><Checkbox>{t('debtVerified')}</Checkbox></Form.Item>}
        </Form>
      </Modal>
      <Modal open={logging} title={t('logComplaint')} onOk={() => void log()} onCancel={() => setLogging(false)} destroyOnHidden>
        <Form form={logForm} layout="vertical" initialValues={{ kind: 'complaint' }}>
          <Form.Item name="caseId" label={t('case')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="kind" label={t('kind')}><Select options={[{ value: 'complaint', label: t('complaint') }, { value: 'dispute', label: t('notMine') }]} /></Form.Item>
          <Form.Item name="summary" label={t('summary')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
