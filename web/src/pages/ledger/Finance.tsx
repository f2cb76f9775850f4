// Funds & settlement (/admin/finance): escrow balance per creditor with statement downloads, the tenant fee income,
// two-person disbursement approvals, recoveries over time (ECharts), and the settings of payment gateways and plan
// reminders. Creditors see their escrow and recoveries.
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get, post } from '../../api/client';
import type { Disbursement, Escrow, FeeIncome, Recovery } from '../../api/ledger';
import { useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { useSession } from '../../session';
import { MSG } from './dict';
import { GatewaySettings, ReminderSettingsCard } from './GatewaySettings';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export default function FinancePage() {
  const t = useLocalT(MSG);
  const { session } = useSession();
  const treasury = session?.user.role === 'tenant_admin' || session?.user.role === 'compliance_officer';
  const escrow = useLoad(() => get<{ items: Escrow[] }>('/api/v1/ledger/escrow'), []);
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>([dayjs().startOf('month'), dayjs().add(1, 'day')]);
  const [days, setDays] = useState(90);
  const rec = useLoad(() => get<{ items: Recovery[] }>(`/api/v1/ledger/recoveries?days=${days}`), [days]);
  const q = (c: string, f: string) => `/api/v1/creditors/${c}/statements?from=${range[0].format('YYYY-MM-DD')}&to=${range[1].format('YYYY-MM-DD')}&format=${f}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="finance-page">
      <Card title={t('escrow')} extra={<Space>{t('statement')}<DatePicker.RangePicker value={range} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} /></Space>}>
        <Table<Escrow> size="small" rowKey="creditorId" loading={escrow.loading} dataSource={escrow.data?.items ?? []} pagination={false} data-testid="escrow-table"
          columns={[
            { title: t('creditor'), dataIndex: 'creditorName' },
            { title: t('received'), dataIndex: 'received', align: 'right' as const },
            { title: t('fees'), dataIndex: 'fees', align: 'right' as const },
            { title: t('refunded'), dataIndex: 'refunded', align: 'right' as const },
            { title: t('disbursed'), dataIndex: 'disbursed', align: 'right' as const },
            { title: t('pending'), dataIndex: 'pendingDisbursement', align: 'right' as const },
            { title: t('balance'), dataIndex: 'balance', align: 'right' as const, render: (v: string) => <b data-testid="escrow-balance">{v}</b> },
            {
              title: t('statement'), key: 's',
              render: (_: unknown, e) => (
                <Space>
                  <Button size="small" icon={<DownloadOutlined />} href={q(e.creditorId, 'pdf')} data-testid="statement-pdf">{t('pdf')}</Button>
                  <Button size="small" icon={<DownloadOutlined />} href={q(e.creditorId, 'xlsx')}>{t('xlsx')}</Button>
                </Space>
              ),
            },
          ]} />
      </Card>
      <Card title={t('recoveries')} extra={<Select value={days} onChange={setDays} options={[30, 90, 365].map((d) => ({ value: d, label: `${d} ${t('days')}` }))} />}>
        {rec.data?.items.length ? (
          <ReactEChartsCore echarts={echarts} style={{ height: 280 }} data-testid="recoveries-chart" option={{
            tooltip: { trigger: 'axis' }, legend: { top: 0, data: [t('received'), t('payments')] }, grid: { left: 60, right: 50, top: 40, bottom: 30 },
            xAxis: { type: 'category', data: rec.data.items.map((i) => i.day) },
            yAxis: [{ type: 'value', name: '¥' }, { type: 'value', name: '#', minInterval: 1 }],
            series: [
              { name: t('received'), type: 'bar', barMaxWidth: 40, data: rec.data.items.map((i) => i.recovered) },
              { name: t('payments'), type: 'line', yAxisIndex: 1, data: rec.data.items.map((i) => i.payments) },
            ],
          }} />
        ) : <Empty />}
      </Card>
      {treasury && <FeeIncomeCard />}
      {treasury && <Disbursements escrow={escrow.data?.items ?? []} onChanged={escrow.reload} />}
      {treasury && <GatewaySettings />}
      {treasury && <ReminderSettingsCard />}
    </Space>
  );
}

function FeeIncomeCard() {
  const t = useLocalT(MSG);
  const f = useLoad(() => get<FeeIncome>('/api/v1/ledger/fee-income'), []);
  return (
    <Card title={t('feeIncome')} loading={f.loading}>
      <Row gutter={16}>
        <Col span={8}><Statistic title={t('net')} prefix="¥" value={f.data?.balance ?? '0.00'} data-testid="fee-income" /></Col>
        <Col span={8}><Statistic title={t('charged')} prefix="¥" value={f.data?.charged ?? '0.00'} /></Col>
        <Col span={8}><Statistic title={t('feeRefunded')} prefix="¥" value={f.data?.refunded ?? '0.00'} /></Col>
      </Row>
    </Card>
  );
}

function Disbursements({ escrow, onChanged }: { escrow: Escrow[]; onChanged(): void }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const { session } = useSession();
  const list = useLoad(() => get<{ items: Disbursement[] }>('/api/v1/disbursements'), []);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState('');
  const [form] = Form.useForm();
  const name = (id: string) => escrow.find((e) => e.creditorId === id)?.creditorName ?? id;
  const approve = (d: Disbursement) => {
    setBusy(d.id);
    post(`/api/v1/disbursements/${d.id}/approve`).then(() => (list.reload(), onChanged()), showError).finally(() => setBusy(''));
  };
  const submit = () => form.validateFields().then((v: { creditorId: string; amount: string; reference: string }) => {
    setBusy('new');
    post<Disbursement>('/api/v1/disbursements', v).then(() => (setOpen(false), form.resetFields(), list.reload(), onChanged()), (e: unknown) => showError(e, form)).finally(() => setBusy(''));
  });
  return (
    <Card title={t('disbursements')} extra={<Button onClick={() => setOpen(true)} data-testid="disbursement-new">{t('requestDisbursement')}</Button>}>
      <Table<Disbursement> size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={false} locale={{ emptyText: t('noPending') }} data-testid="disbursement-table"
        columns={[
          { title: t('creditor'), dataIndex: 'creditorId', render: name },
          { title: t('amount'), dataIndex: 'amount', align: 'right' as const },
          { title: t('reference'), dataIndex: 'reference' },
          { title: t('threshold'), dataIndex: 'threshold', align: 'right' as const },
          { title: t('status'), dataIndex: 'status', render: () => <Tag color="orange">{t('pendingApproval')}</Tag> },
          {
            title: t('actions'), key: 'a',
            render: (_: unknown, d) => <Button type="primary" size="small" loading={busy === d.id} disabled={d.requestedBy === session?.user.id} onClick={() => approve(d)} data-testid="disbursement-approve">{t('approve')}</Button>,
          },
        ]} />
      <Modal open={open} title={t('requestDisbursement')} onOk={submit} confirmLoading={busy === 'new'} onCancel={() => setOpen(false)}>
        <Form form={form} layout="vertical">
          <Form.Item name="creditorId" label={t('creditor')} rules={[{ required: true }]}><Select options={escrow.map((e) => ({ value: e.creditorId, label: `${e.creditorName} (¥${e.balance})` }))} /></Form.Item>
          <Form.Item name="amount" label={t('amount')} rules={[{ required: true, pattern: /^\d{1,13}(\.\d{1,2})?$/ }]}><Input prefix="¥" /></Form.Item>
          <Form.Item name="reference" label={t('reference')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
