// The ledger panel of the case page (see ../area.ts): balance, the art 561 allocation by component, payments with
// refund / reversal (fees recomputed on the server, never charged twice), the fee basis and payment plans.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { get, post } from '../../api/client';
import type { CaseLedger, LedgerPayment, Plan } from '../../api/ledger';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { useSession } from '../../session';
import { MSG } from './dict';
import { PlanTable, ProposePlan } from './shared';

export default function CasePanel({ caseId }: { caseId: string }) {
  const t = useLocalT(MSG);
  const { session } = useSession();
  const role = session?.user.role;
  const canCorrect = role === 'tenant_admin' || role === 'collector';
  const canPlan = role === 'tenant_admin' || role === 'collector' || role === 'mediator' || role === 'legal_officer';
  const led = useLoad(() => get<CaseLedger>(`/api/v1/cases/${caseId}/ledger`), [caseId]);
  // The plans with their reminder / missed notices and how each reminder went (sent, or refused by the gate with its rule).
  const withNotices = useLoad(() => get<{ items: Plan[] }>(`/api/v1/cases/${caseId}/payment-plans`), [caseId, led.data]);
  const [action, setAction] = useState<{ kind: 'refund' | 'reverse'; p: LedgerPayment } | null>(null);
  const l = led.data;
  if (!l) return <Card loading={led.loading} />;
  const a = l.allocation;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="ledger-case-panel">
      <Row gutter={16}>
        <Col span={6}><Card><Statistic title={t('owed')} prefix="¥" value={l.owed} data-testid="ledger-owed" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('paidTotal')} prefix="¥" value={l.paid} data-testid="ledger-paid" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('claim')} prefix="¥" value={l.claimPlaced} /></Card></Col>
        <Col span={6}><Card><Statistic title={t('fees')} prefix="¥" value={l.fees.contingencyCharged} /></Card></Col>
      </Row>
      <Card title={t('allocation')} size="small">
        <Descriptions size="small" column={4} items={[
          { key: 'c', label: t('costs'), children: `¥${a.outstanding.costs}` },
          { key: 'i', label: t('interest'), children: `¥${a.outstanding.interest}` },
          { key: 'p', label: t('principal'), children: `¥${a.outstanding.principal}` },
          { key: 't', label: t('total'), children: `¥${a.outstanding.total}` },
        ]} />
        <Table size="small" rowKey="paymentId" pagination={false} dataSource={a.lines} data-testid="ledger-allocation"
          columns={[
            { title: t('valueDate'), dataIndex: 'valueDate' },
            { title: t('amount'), dataIndex: 'amount', align: 'right' as const },
            { title: t('costs'), dataIndex: 'costs', align: 'right' as const },
            { title: t('interest'), dataIndex: 'interest', align: 'right' as const },
            { title: t('principal'), dataIndex: 'principal', align: 'right' as const, render: (v: string) => <span data-testid="alloc-principal">{v}</span> },
          ]} />
      </Card>
      <Card title={t('payments')} size="small">
        <Table<LedgerPayment> size="small" rowKey="paymentId" pagination={false} dataSource={l.payments} data-testid="ledger-payments"
          columns={[
            { title: t('date'), dataIndex: 'bookedAt', render: fmtTime },
            { title: t('valueDate'), dataIndex: 'valueDate' },
            { title: t('amount'), dataIndex: 'amount', align: 'right' as const, render: (v: string) => <span data-testid="payment-amount">{v}</span> },
            { title: t('refunded'), dataIndex: 'refunded', align: 'right' as const },
            { title: t('source'), dataIndex: 'source', render: (v: string, p) => <Space><Tag>{v}</Tag>{p.reversed && <Tag color="red">{t('reversed')}</Tag>}</Space> },
            { title: t('reference'), dataIndex: 'reference' },
            ...(canCorrect ? [{
              title: t('actions'), key: 'a',
              render: (_: unknown, p: LedgerPayment) => p.reversed ? null : (
                <Space>
                  <Button size="small" onClick={() => setAction({ kind: 'refund', p })} data-testid="payment-refund">{t('refund')}</Button>
                  {p.refunded === '0.00' && <Button size="small" danger onClick={() => setAction({ kind: 'reverse', p })} data-testid="payment-reverse">{t('reverse')}</Button>}
                </Space>
              ),
            }] : []),
          ]} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('feeBasis')}: {l.fees.basis}</Typography.Paragraph>
      </Card>
      <Card title={t('plans')} size="small">
        <PlanTable plans={l.plans.map((p) => ({ ...p, notices: withNotices.data?.items.find((x) => x.id === p.id)?.notices }))} canAccept={(p) => canPlan && p.proposerKind === 'debtor'} onChanged={led.reload} />
        {canPlan && !l.plans.some((p) => p.acceptedAt) && <div style={{ marginTop: 16 }}><ProposePlan caseId={caseId} bounds={l.planBounds} owed={l.owed} onDone={led.reload} /></div>}
      </Card>
      {action && <CorrectionModal kind={action.kind} p={action.p} onClose={(changed) => { setAction(null); if (changed) led.reload(); }} />}
    </Space>
  );
}

function CorrectionModal({ kind, p, onClose }: { kind: 'refund' | 'reverse'; p: LedgerPayment; onClose(changed: boolean): void }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => `ui-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  const ok = () => form.validateFields().then((v: { amount?: string; reason: string }) => {
    setBusy(true);
    const req = kind === 'refund' ? post(`/api/v1/payments/${p.paymentId}/refund`, { amount: v.amount, reason: v.reason, idempotencyKey: key }) : post(`/api/v1/payments/${p.paymentId}/reverse`, { reason: v.reason });
    req.then(() => onClose(true), (e: unknown) => showError(e, form)).finally(() => setBusy(false));
  });
  return (
    <Modal open title={`${kind === 'refund' ? t('refund') : t('reverse')} ¥${p.amount}`} onOk={ok} confirmLoading={busy} onCancel={() => onClose(false)}>
      {kind === 'reverse' && <Alert type="warning" showIcon message={t('reverse')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ amount: p.amount }}>
        {kind === 'refund' && <Form.Item name="amount" label={t('amount')} rules={[{ required: true, pattern: /^\d{1,13}(\.\d{1,2})?$/ }]}><Input data-testid="correction-amount" /></Form.Item>}
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} data-testid="correction-reason" /></Form.Item>
      </Form>
    </Modal>
  );
}
