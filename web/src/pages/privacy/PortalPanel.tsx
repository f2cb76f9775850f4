// The privacy panel of the debtor portal (see ../area.ts): my data (masked, PI-22), download a copy, ask for a
// correction, and "why" — automated scores with their reasons and a human-review request (PI-09, PIPL arts 24, 44-48).
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Empty, Form, Input, Select, Spin, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { get, post } from '../../api/client';
import type { CorrectableField, Correction, Explanation, MyData } from '../../api/privacy';
import { CORRECTABLE_FIELDS } from '../../api/privacy';
import { useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';

const statusColor: Record<string, string> = { open: 'gold', approved: 'green', rejected: 'red', resolved: 'green' };

export default function PortalPanel({ caseRef }: { caseRef: string }) {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const data = useLoad(() => get<MyData>('/api/v1/privacy/portal/my-data'), [caseRef]);
  const why = useLoad(() => get<Explanation>('/api/v1/privacy/portal/explanation'), [caseRef]);
  const [form] = Form.useForm<{ field: CorrectableField; value: string; replacesPointId?: string; note?: string }>();
  const [reviewForm] = Form.useForm<{ reason: string }>();
  const field = Form.useWatch('field', form);
  const [busy, setBusy] = useState(false);
  const d = data.data;
  if (data.loading && !d) return <Spin />;
  if (!d) return <Empty />;

  const submit = async (v: { field: CorrectableField; value: string; replacesPointId?: string; note?: string }) => {
    setBusy(true);
    try {
      await post<Correction>('/api/v1/privacy/portal/corrections', { field: v.field, value: v.value, ...(v.replacesPointId ? { replacesPointId: v.replacesPointId } : {}), ...(v.note ? { note: v.note } : {}) });
      void message.success(t('submitted'));
      form.resetFields();
      data.reload();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const askReview = async (v: { reason: string }) => {
    try {
      await post('/api/v1/privacy/portal/review-requests', v);
      void message.success(t('reviewAsked'));
      reviewForm.resetFields();
      why.reload();
    } catch (e) {
      showError(e, reviewForm);
    }
  };
  const replaceable = d.subject.contactPoints.filter((p) => p.kind === field && !p.suppressed);

  return (
    <div data-testid="privacy-portal" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Alert type="info" showIcon title={t('myDataIntro')} />
      <Card size="small" title={t('identity')} extra={
        <span style={{ display: 'flex', gap: 8 }}>
          <Button icon={<DownloadOutlined />} href="/api/v1/privacy/portal/my-data/download?format=json" data-testid="download-json">{t('downloadJson')}</Button>
          <Button icon={<DownloadOutlined />} href="/api/v1/privacy/portal/my-data/download?format=csv" data-testid="download-csv">{t('downloadCsv')}</Button>
          <Button icon={<FilePdfOutlined />} href="/api/v1/privacy/portal/my-data/download?format=pdf" data-testid="download-pdf">{t('downloadPdf')}</Button>
        </span>
      }>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="my-identity">
          <Descriptions.Item label={t('name')}>{d.subject.name}</Descriptions.Item>
          <Descriptions.Item label={t('idNumber')}><span data-testid="my-id-masked">{d.subject.idNumberMasked}</span></Descriptions.Item>
          {d.subject.employer && <Descriptions.Item label={t('employer')}>{d.subject.employer}</Descriptions.Item>}
          <Descriptions.Item label={t('contacts')} span={2}>
            <span data-testid="my-contacts">
              {d.subject.contactPoints.map((p) => (
                <Tag key={p.id} color={p.suppressed ? 'default' : 'blue'}>{p.masked}{p.suppressed ? ` (${t('suppressed')})` : ''}</Tag>
              ))}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('source')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('creditor')}><span data-testid="my-source">{d.source.creditorName}</span></Descriptions.Item>
          <Descriptions.Item label={t('originalCreditor')}>{d.source.originalCreditor}</Descriptions.Item>
          <Descriptions.Item label={t('caseRef')}>{d.case.ref}</Descriptions.Item>
          <Descriptions.Item label={t('stage')}>{d.case.stage}</Descriptions.Item>
          <Descriptions.Item label={t('contract')}>{d.debt.contractNumber}</Descriptions.Item>
          <Descriptions.Item label={t('outstanding')}>{d.debt.currency} {d.debt.outstanding}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{d.controller.note}</Typography.Paragraph>
      </Card>
      <Card size="small" title={t('purpose')}>
        <Descriptions size="small" column={1} data-testid="my-purpose">
          <Descriptions.Item label={t('purpose')}>{d.purpose.purpose}</Descriptions.Item>
          <Descriptions.Item label={t('legalBasis')}>{d.purpose.legalBasis}</Descriptions.Item>
          <Descriptions.Item label={t('categories')}>{d.purpose.categories.join('；')}</Descriptions.Item>
          <Descriptions.Item label={t('recipients')}>{d.purpose.recipients}</Descriptions.Item>
          <Descriptions.Item label={t('retention')}>{d.retention.note}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('events')}>
        <Table size="small" rowKey={(e) => `${e.at}-${e.type}-${e.detail}`} pagination={{ pageSize: 5 }} dataSource={d.events}
          columns={[{ title: t('at'), dataIndex: 'at', render: fmtTime, width: 200 }, { title: t('event'), dataIndex: 'detail' }]} />
      </Card>
      <Card size="small" title={t('correction')}>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ field: 'phone' }} data-testid="correction-form">
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
            <Form.Item name="field" label={t('field')} style={{ minWidth: 140 }}>
              <Select data-testid="correction-field" options={CORRECTABLE_FIELDS.map((f) => ({ value: f, label: t(`f_${f}`) }))} />
            </Form.Item>
            <Form.Item name="value" label={t('value')} rules={[{ required: true, max: 200 }]} style={{ flex: 1, minWidth: 200 }}>
              <Input data-testid="correction-value" maxLength={200} />
            </Form.Item>
            {replaceable.length > 0 && (
              <Form.Item name="replacesPointId" label={t('replaces')} style={{ minWidth: 180 }}>
                <Select allowClear placeholder={t('none')} options={replaceable.map((p) => ({ value: p.id, label: p.masked }))} data-testid="correction-replaces" />
              </Form.Item>
            )}
          </div>
          <Form.Item name="note" label={t('note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="correction-submit">{t('submit')}</Button>
        </Form>
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('myCorrections')}</Typography.Title>
        <Table size="small" rowKey="id" pagination={false} dataSource={d.corrections} data-testid="my-corrections"
          columns={[
            { title: t('requested'), dataIndex: 'createdAt', render: fmtTime, width: 180 },
            { title: t('field'), dataIndex: 'field', render: (f: CorrectableField) => t(`f_${f}`) },
            { title: t('proposed'), dataIndex: 'proposedMasked' },
            { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag color={statusColor[s]} data-testid={`correction-status-${s}`}>{t(`s_${s}` as 's_open')}</Tag> },
            { title: t('decision'), dataIndex: 'decisionNote', render: (n: string | null) => n ?? '—' },
          ]} />
      </Card>
      <Card size="small" title={t('why')} data-testid="why-card">
        {why.loading && !why.data ? <Spin /> : why.data && (
          <>
            <Typography.Paragraph>{why.data.note}</Typography.Paragraph>
            {why.data.scores.map((s) => (
              <Card key={s.scoreId} size="small" type="inner" title={`${fmtTime(s.scoredAt)} · ${s.modelVersion}`} style={{ marginBottom: 8 }}>
                <Typography.Text strong>{t('reasons')}</Typography.Text>
                <ul style={{ margin: 0 }}>{s.reasons.map((r) => <li key={r.feature}>{r.text}</li>)}</ul>
              </Card>
            ))}
            {why.data.reviews.length > 0 && (
              <Typography.Paragraph>{t('openReviews')}: {why.data.reviews.map((r) => <Tag key={r.id} color={statusColor[r.status]}>{t(`s_${r.status}` as 's_open')}</Tag>)}</Typography.Paragraph>
            )}
            {why.data.scores.length > 0 && (
              <Form form={reviewForm} layout="inline" onFinish={askReview} requiredMark={false}>
                <Form.Item name="reason" rules={[{ required: true, max: 2000 }]} style={{ flex: 1 }}><Input placeholder={t('reviewReason')} data-testid="review-reason" /></Form.Item>
                <Button htmlType="submit" data-testid="review-submit">{t('askReview')}</Button>
              </Form>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
