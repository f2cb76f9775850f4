// The compliance panel of the debtor portal: "this is not my debt" (dispute) and complaint forms for the signed-in
// debtor, and their complaints with the 15-day answer deadline (COL-80). Filing one pauses all contact (COL-35).
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Form, Input, Radio, Table, Tag } from 'antd';
import { get, post } from '../../api/client';
import type { Complaint } from '../../api/compliance';
import { useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';

export default function PortalPanel({ caseRef }: { caseRef: string }) {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ kind: 'dispute' | 'complaint'; summary: string }>();
  const mine = useLoad(() => get<{ items: Complaint[] }>('/api/v1/portal/complaints'), [caseRef]);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { kind: 'dispute' | 'complaint'; summary: string }) => {
    setBusy(true);
    try {
      await post<Complaint>('/api/v1/portal/complaints', v);
      void message.success(t('submitted'));
      form.resetFields();
      mine.reload();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="compliance-portal" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card size="small" title={t('portalTitle')}>
        <Alert type="info" showIcon title={t('portalIntro')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" initialValues={{ kind: 'dispute' }} onFinish={(v) => void submit(v)}>
          <Form.Item name="kind" label={t('kind')}>
            <Radio.Group data-testid="complaint-kind" options={[{ value: 'dispute', label: t('notMine') }, { value: 'complaint', label: t('complaint') }]} />
          </Form.Item>
          <Form.Item name="summary" label={t('summary')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="complaint-summary" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="complaint-submit">{t('submit')}</Button>
        </Form>
      </Card>
      <Card size="small" title={t('myItems')}>
        <Table<Complaint> size="small" rowKey="id" loading={mine.loading} dataSource={mine.data?.items ?? []} pagination={false} data-testid="my-complaints"
          columns={[
            { title: t('kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'dispute' ? 'orange' : 'blue'}>{k === 'dispute' ? t('notMine') : t('complaint')}</Tag> },
            { title: t('summary'), dataIndex: 'summary' },
            { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag data-testid="my-complaint-status">{s}</Tag> },
            { title: t('due'), dataIndex: 'dueAt', render: (v: string) => fmtTime(v) },
            { title: t('answer'), dataIndex: 'answer', render: (v: string | null) => v ?? '—' },
          ]} />
      </Card>
    </div>
  );
}
