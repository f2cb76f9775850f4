// Pieces shared by the ledger's case panel and portal panel: the plan table and the plan proposal form.
import { Button, DatePicker, Form, Input, InputNumber, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { post } from '../../api/client';
import type { Plan, PlanBounds } from '../../api/ledger';
import { fmtTime, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { MSG } from './dict';

export function PlanTable({ plans, canAccept, onChanged }: { plans: Plan[]; canAccept: (p: Plan) => boolean; onChanged(): void }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const [busy, setBusy] = useState('');
  if (!plans.length) return <Typography.Text type="secondary">{t('none')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {plans.map((p) => (
        <div key={p.id} data-testid="ledger-plan">
          <Space wrap>
            <Tag>{p.proposerKind === 'debtor' ? t('debtorSide') : t('staffSide')}</Tag>
            <span>{t('total')} ¥{p.total}</span>
            {p.discount !== '0.00' && <Tag color="green">−¥{p.discount}</Tag>}
            <span>{p.instalments.length} × {t('instalments')}</span>
            {p.acceptedAt ? <Tag color="blue" data-testid="plan-accepted">{t('accepted')} {fmtTime(p.acceptedAt)}</Tag> : canAccept(p) && (
              <Button size="small" type="primary" loading={busy === p.id} data-testid="plan-accept"
                onClick={() => { setBusy(p.id); post(`/api/v1/payment-plans/${p.id}/accept`).then(onChanged, showError).finally(() => setBusy('')); }}>{t('accept')}</Button>
            )}
            {p.assessment?.broken && <Tag color="red">{t('broken')}</Tag>}
            {p.assessment?.completed && <Tag color="green">{t('completed')}</Tag>}
          </Space>
          <Table size="small" rowKey="no" pagination={false} style={{ marginTop: 8 }} dataSource={p.instalments}
            columns={[
              { title: '#', dataIndex: 'no', width: 50 },
              { title: t('date'), dataIndex: 'dueDate' },
              { title: t('amount'), dataIndex: 'amount', align: 'right' as const, render: (v: string) => `¥${v}` },
              { title: t('status'), dataIndex: 'status', render: (v: string | null) => v ? <Tag color={v === 'missed' ? 'red' : v.startsWith('paid') ? 'green' : undefined}>{v}</Tag> : '—' },
              ...(p.notices ? [{
                title: t('notices'), key: 'n',
                render: (_: unknown, i: Plan['instalments'][number]) => (
                  <Space size={4} wrap>
                    {(p.notices ?? []).filter((n) => n.instalment === i.no).map((n) => (
                      <Tooltip key={n.kind} title={fmtTime(n.sentAt)}>
                        <Tag data-testid={`plan-notice-${n.kind}`} color={n.delivery?.outcome === 'refused' ? 'red' : n.delivery?.outcome === 'sent' ? 'green' : n.kind === 'missed' ? 'orange' : undefined}>
                          {n.kind === 'reminder' ? t('reminder') : t('missedNotice')}
                          {n.delivery ? ` · ${n.delivery.outcome === 'sent' ? `${t('sentVia')} ${n.delivery.channel.toUpperCase()}` : n.delivery.outcome === 'refused' ? `${t('refusedBy')} ${n.delivery.ruleIds.join(', ')}` : t(n.delivery.outcome === 'failed' ? 'deliveryFailed' : 'noContactPoint')}` : ''}
                        </Tag>
                      </Tooltip>
                    ))}
                  </Space>
                ),
              }] : []),
            ]} />
        </div>
      ))}
    </Space>
  );
}

export function ProposePlan({ caseId, bounds, owed, onDone }: { caseId: string; bounds: PlanBounds; owed: string; onDone(): void }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = (v: { instalments: number; firstDueDate: dayjs.Dayjs; intervalMonths?: number; total?: string }) => {
    setBusy(true);
    post(`/api/v1/cases/${caseId}/payment-plans`, { instalments: v.instalments, firstDueDate: v.firstDueDate.format('YYYY-MM-DD'), ...(v.intervalMonths ? { intervalMonths: v.intervalMonths } : {}), ...(v.total ? { total: v.total } : {}) })
      .then(() => (form.resetFields(), onDone()), (e: unknown) => showError(e, form))
      .finally(() => setBusy(false));
  };
  return (
    <Form form={form} layout="inline" onFinish={submit} initialValues={{ instalments: 3, intervalMonths: 1, firstDueDate: dayjs().add(7, 'day') }} data-testid="plan-form">
      <Typography.Paragraph type="secondary" style={{ width: '100%' }}>
        {t('bounds', { min: bounds.minInstalment, months: bounds.maxTermMonths, floor: (bounds.settlementFloorBps / 100).toFixed(0) })} · {t('owed')} ¥{owed}
      </Typography.Paragraph>
      <Form.Item name="instalments" label={t('instalments')} rules={[{ required: true }]}><InputNumber min={1} max={120} data-testid="plan-instalments" /></Form.Item>
      <Form.Item name="firstDueDate" label={t('firstDue')} rules={[{ required: true }]}><DatePicker /></Form.Item>
      <Form.Item name="intervalMonths" label={t('interval')}><InputNumber min={1} max={12} /></Form.Item>
      <Form.Item name="total" label={t('settlement')} rules={[{ pattern: /^\d{1,13}(\.\d{1,2})?$/ }]}><Input style={{ width: 120 }} placeholder={owed} /></Form.Item>
      <Form.Item><Button htmlType="submit" type="primary" loading={busy} data-testid="plan-submit">{t('propose')}</Button></Form.Item>
    </Form>
  );
}
