// The ledger panel of the debtor portal (see ../area.ts): what I owe (itemised), paying through the gateway (the
// sandbox checkout page in this build), my payments, and proposing an instalment plan within the creditor bounds.
// No collection fee is ever charged to the debtor (COL-44).
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Space, Statistic, Table, Typography } from 'antd';
import { get, post } from '../../api/client';
import type { Checkout, PaymentMethod, PortalLedger } from '../../api/ledger';
import { useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { MSG } from './dict';
import { PlanTable, ProposePlan } from './shared';

export default function PortalPanel({ caseRef }: { caseRef: string }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const led = useLoad(() => get<PortalLedger>('/api/v1/portal/ledger'), [caseRef]);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const l = led.data;
  if (!l) return <Card loading={led.loading} />;
  const pay = (v: { amount: string; method: PaymentMethod }) => {
    setBusy(true);
    post<Checkout>('/api/v1/portal/payments', { amount: v.amount, method: v.method, returnTo: window.location.pathname })
      .then((c) => window.location.assign(c.checkoutUrl), (e: unknown) => (showError(e, form), setBusy(false)));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="ledger-portal-panel">
      <Alert type="info" showIcon message={t('noFee')} />
      <Row gutter={16}>
        <Col span={8}><Card><Statistic title={t('owed')} prefix="¥" value={l.owed} data-testid="portal-owed" /></Card></Col>
        <Col span={16}>
          <Card title={t('outstanding')} size="small">
            <Descriptions size="small" column={3} items={[
              { key: 'c', label: t('costs'), children: `¥${l.itemised.costs}` },
              { key: 'i', label: t('interest'), children: `¥${l.itemised.interest}` },
              { key: 'p', label: t('principal'), children: `¥${l.itemised.principal}` },
            ]} />
          </Card>
        </Col>
      </Row>
      <Card title={t('pay')} size="small">
        <Form form={form} layout="inline" onFinish={pay} initialValues={{ method: 'alipay' }}>
          <Form.Item name="amount" label={t('amount')} rules={[{ required: true, pattern: /^\d{1,13}(\.\d{1,2})?$/ }]}><Input prefix="¥" style={{ width: 160 }} data-testid="portal-pay-amount" /></Form.Item>
          <Form.Item name="method" label={t('method')}>
            <Radio.Group data-testid="portal-pay-method" options={l.methods.map((m) => ({ value: m, label: t(m) }))} />
          </Form.Item>
          <Form.Item><Button type="primary" htmlType="submit" loading={busy} data-testid="portal-pay">{t('pay')}</Button></Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('payNote')}</Typography.Paragraph>
      </Card>
      <Card title={t('myPayments')} size="small">
        <Table size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={l.payments} data-testid="portal-payments"
          columns={[
            { title: t('valueDate'), dataIndex: 'valueDate' },
            { title: t('amount'), dataIndex: 'amount', align: 'right' as const, render: (v: string) => <span data-testid="portal-payment-amount">¥{v}</span> },
            { title: t('refunded'), dataIndex: 'refunded', align: 'right' as const },
            { title: t('reference'), dataIndex: 'reference' },
          ]} />
      </Card>
      <Card title={t('plans')} size="small">
        <PlanTable plans={l.plans} canAccept={(p) => p.proposerKind === 'staff'} onChanged={led.reload} />
        {!l.plans.some((p) => p.acceptedAt) && <div style={{ marginTop: 16 }}><ProposePlan caseId={l.caseId} bounds={l.planBounds} owed={l.owed} onDone={led.reload} /></div>}
      </Card>
    </Space>
  );
}
