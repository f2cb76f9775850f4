// The ledger panel of the debtor portal (see ../area.ts): what I owe (itemised), paying through the gateway (the
// tenant's Alipay / UnionPay cashier by redirect, WeChat Pay by QR code, bank transfer instructions with the
// reference to quote, or the sandbox checkout when no real gateway is enabled), my payments, and proposing an
// instalment plan within the creditor bounds.
// No collection fee is ever charged to the debtor (COL-44).
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Modal, QRCode, Radio, Row, Space, Statistic, Table, Typography } from 'antd';
import { get, post } from '../../api/client';
import type { Checkout, GatewayRequest, PaymentMethod, PortalLedger } from '../../api/ledger';
import { useLoad, useShowError } from '../../common';
import { useI18n, useLocalT } from '../../i18n';
import { MSG } from './dict';
import { PlanTable, ProposePlan } from './shared';

export default function PortalPanel({ caseRef }: { caseRef: string }) {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const showError = useShowError();
  const led = useLoad(() => get<PortalLedger>('/api/v1/portal/ledger'), [caseRef]);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<Checkout | null>(null);
  const l = led.data;
  if (!l) return <Card loading={led.loading} />;
  const pay = (v: { amount: string; method: PaymentMethod }) => {
    setBusy(true);
    post<Checkout>('/api/v1/portal/payments', { amount: v.amount, method: v.method, returnTo: window.location.pathname })
      .then((c) => {
        if (c.checkoutUrl) return window.location.assign(c.checkoutUrl);
        const g = c.gateway;
        if (g?.kind === 'redirect') return submitForm(g);
        setShown(c);
        setBusy(false);
      }, (e: unknown) => (showError(e, form), setBusy(false)));
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
      {shown?.gateway && <GatewayModal c={shown} onClose={() => { setShown(null); led.reload(); }} />}
      <Card title={t('myPayments')} size="small">
        <Table size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={l.payments} data-testid="portal-payments"
          columns={[
            { title: t('valueDate'), dataIndex: 'valueDate' },
            { title: t('amount'), dataIndex: 'amount', align: 'right' as const, render: (v: string) => <span data-testid="portal-payment-amount">¥{v}</span> },
            { title: t('refunded'), dataIndex: 'refunded', align: 'right' as const },
            { title: t('reference'), dataIndex: 'reference' },
          ]} />
      </Card>
      <Card title={t('plans')} size="small" extra={<a href="#courses/budget-and-plan/plan-and-record" data-testid="plan-course-link">{pick('还款计划对信用记录意味着什么？', 'What does a plan do for my record?')}</a>}>
        <PlanTable plans={l.plans} canAccept={(p) => p.proposerKind === 'staff'} onChanged={led.reload} />
        {!l.plans.some((p) => p.acceptedAt) && <div style={{ marginTop: 16 }}><ProposePlan caseId={l.caseId} bounds={l.planBounds} owed={l.owed} onDone={led.reload} /></div>}
      </Card>
    </Space>
  );
}

/** The gateway's cashier takes a form POST (UnionPay): build it and submit (the browser leaves the portal). */
function submitForm(g: Extract<GatewayRequest, { kind: 'redirect' }>) {
  const f = document.createElement('form');
  f.method = g.method;
  f.action = g.url;
  f.acceptCharset = 'UTF-8';
  for (const [k, v] of Object.entries(g.fields)) {
    const i = document.createElement('input');
    i.type = 'hidden';
    i.name = k;
    i.value = v;
    f.appendChild(i);
  }
  document.body.appendChild(f);
  f.submit();
}

function GatewayModal({ c, onClose }: { c: Checkout; onClose(): void }) {
  const t = useLocalT(MSG);
  const g = c.gateway!;
  if (g.kind === 'bank_transfer') {
    return (
      <Modal open title={t('bankTitle')} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }} data-testid="bank-transfer-modal">
        <Descriptions column={1} size="small" bordered items={[
          { key: 'a', label: t('amount'), children: <b>¥{g.amount}</b> },
          { key: 'n', label: t('bankAccountName'), children: <Typography.Text copyable>{g.accountName}</Typography.Text> },
          { key: 'b', label: t('bankName'), children: g.bankName },
          { key: 'no', label: t('bankAccountNo'), children: <Typography.Text copyable data-testid="bank-account-no">{g.accountNo}</Typography.Text> },
          { key: 'r', label: t('bankReference'), children: <Typography.Text copyable strong data-testid="bank-reference">{g.reference}</Typography.Text> },
        ]} />
        <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('bankNote')} />
      </Modal>
    );
  }
  if (g.kind === 'qr') {
    return (
      <Modal open title={t('qrTitle')} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }}>
        {g.codeUrl ? <Space direction="vertical" align="center" style={{ width: '100%' }}><QRCode value={g.codeUrl} /><b>¥{c.amount}</b></Space> : <Alert type="info" showIcon message={t('qrPending')} data-testid="qr-pending" />}
      </Modal>
    );
  }
  return null;
}
