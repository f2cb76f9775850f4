// /admin/privacy: processing records and PIAs (PI-06), the correction-request queue (PI-09) and retention status
// with the purge run and holds (PI-07, COL-61). Tenant admin and compliance officer.
import { useState } from 'react';
import { App as AntApp, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get, post, put } from '../../api/client';
import type { Activity, Correction, Pia, PiaConclusion, PurgePreview, PurgeRun, RetentionHold, RetentionReport, RetentionStatus } from '../../api/privacy';
import { useI18n, useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const STATUSES: RetentionStatus[] = ['due', 'held', 'retained', 'purged', 'open'];
const STATUS_COLOR: Record<RetentionStatus, string> = { due: '#d4380d', held: '#d48806', retained: '#1f6feb', purged: '#8c8c8c', open: '#389e0d' };
const CONCLUSIONS: PiaConclusion[] = ['acceptable', 'acceptable_with_measures', 'not_acceptable'];

function Records() {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const { data, loading } = useLoad(() => get<{ items: Activity[] }>('/api/v1/privacy/activities'));
  return (
    <Table<Activity> rowKey="id" loading={loading} dataSource={data?.items ?? []} pagination={false} data-testid="records-table"
      expandable={{ expandedRowRender: (a) => (
        <div>
          <p><b>{t('purpose')}:</b> {a.purpose}</p>
          <p><b>{t('recipients')}:</b> {a.recipients}</p>
          <p><b>{t('retention')}:</b> {a.retention}</p>
          <p style={{ marginBottom: 0 }}><b>{t('security')}:</b> {a.securityMeasures}</p>
        </div>
      ) }}
      columns={[
        { title: t('activity'), render: (_, a) => <span data-testid={`activity-${a.code}`}>{pick(a.nameZh, a.nameEn)}</span> },
        { title: t('legalBasis'), dataIndex: 'legalBasis', width: 120 },
        { title: t('categories'), dataIndex: 'categories', render: (cs: string[]) => cs.map((c) => <Tag key={c}>{c}</Tag>) },
        { title: t('sensitive'), dataIndex: 'sensitive', width: 110, render: (s: boolean) => (s ? <Tag color="red">PI-05</Tag> : '—') },
        { title: t('lastPia'), dataIndex: 'lastPiaOn', width: 120, render: (d: string | null) => d ?? <Tag color="orange">{t('noPia')}</Tag> },
      ]} />
  );
}

function Pias() {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const showError = useShowError();
  const acts = useLoad(() => get<{ items: Activity[] }>('/api/v1/privacy/activities'));
  const pias = useLoad(() => get<{ items: Pia[] }>('/api/v1/privacy/pias'));
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = async (v: Record<string, unknown> & { assessedOn: { format(f: string): string } }) => {
    try {
      await post('/api/v1/privacy/pias', { ...v, assessedOn: v.assessedOn.format('YYYY-MM-DD') });
      setOpen(false);
      form.resetFields();
      pias.reload();
      acts.reload();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }} data-testid="pia-add">{t('addPia')}</Button>
      <Table<Pia> rowKey="id" loading={pias.loading} dataSource={pias.data?.items ?? []} pagination={false} data-testid="pias-table"
        columns={[
          { title: t('assessedOn'), dataIndex: 'assessedOn', width: 120 },
          { title: t('activity'), dataIndex: 'activityCode', width: 150 },
          { title: t('scope'), dataIndex: 'scope' },
          { title: t('risks'), dataIndex: 'risks' },
          { title: t('measures'), dataIndex: 'measures' },
          { title: t('conclusion'), dataIndex: 'conclusion', width: 150, render: (c: PiaConclusion) => <Tag color={c === 'not_acceptable' ? 'red' : 'green'}>{t(`c_${c}`)}</Tag> },
          { title: t('approver'), dataIndex: 'approver', width: 140 },
        ]} />
      <Modal open={open} title={t('addPia')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('save')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={save} initialValues={{ conclusion: 'acceptable_with_measures' }}>
          <Form.Item name="activityId" label={t('activity')} rules={[{ required: true }]}>
            <Select options={(acts.data?.items ?? []).map((a) => ({ value: a.id, label: pick(a.nameZh, a.nameEn) }))} data-testid="pia-activity" />
          </Form.Item>
          <Form.Item name="assessedOn" label={t('assessedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="scope" label={t('scope')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="risks" label={t('risks')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="measures" label={t('measures')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="conclusion" label={t('conclusion')}><Select options={CONCLUSIONS.map((c) => ({ value: c, label: t(`c_${c}`) }))} /></Form.Item>
          <Form.Item name="approver" label={t('approver')} rules={[{ required: true }]}><Input /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Corrections() {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { data, loading, reload } = useLoad(() => get<{ items: Correction[] }>('/api/v1/privacy/corrections'));
  const [deciding, setDeciding] = useState<{ c: Correction; approve: boolean } | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  const decide = async (v: { note: string }) => {
    if (!deciding) return;
    try {
      await post(`/api/v1/privacy/corrections/${deciding.c.id}/${deciding.approve ? 'approve' : 'reject'}`, v);
      void message.success(deciding.approve ? t('s_approved') : t('s_rejected'));
      setDeciding(null);
      form.resetFields();
      reload();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <>
      <Table<Correction> rowKey="id" loading={loading} dataSource={data?.items ?? []} pagination={false} data-testid="corrections-table" locale={{ emptyText: t('noOpen') }}
        columns={[
          { title: t('requested'), dataIndex: 'createdAt', render: fmtTime, width: 180 },
          { title: t('caseSection'), dataIndex: 'caseId', render: (id: string) => <Link to={`/admin/cases/${id}`}>{id.slice(0, 12)}…</Link> },
          { title: t('field'), dataIndex: 'field', render: (f: Correction['field']) => t(`f_${f}`) },
          { title: t('proposed'), dataIndex: 'proposedMasked' },
          { title: t('note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
          {
            title: '', width: 190, render: (_, c) => (
              <span style={{ display: 'flex', gap: 8 }}>
                <Button type="primary" size="small" onClick={() => setDeciding({ c, approve: true })} data-testid={`approve-${c.id}`}>{t('approve')}</Button>
                <Button size="small" danger onClick={() => setDeciding({ c, approve: false })} data-testid={`reject-${c.id}`}>{t('reject')}</Button>
              </span>
            ),
          },
        ]} />
      <Modal open={deciding !== null} title={deciding?.approve ? t('approve') : t('reject')} onCancel={() => setDeciding(null)} onOk={() => form.submit()} okButtonProps={{ ...{ 'data-testid': 'decision-ok' } as object }} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={decide}>
          <Form.Item name="note" label={t('decisionNote')} rules={[{ required: true, min: 2, max: 1000 }]}><Input.TextArea rows={3} data-testid="decision-note" /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Retention() {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const report = useLoad(() => get<RetentionReport>('/api/v1/privacy/retention'));
  const holds = useLoad(() => get<{ items: RetentionHold[] }>('/api/v1/privacy/retention/holds'));
  const [days, setDays] = useState<number | null>(null);
  const [preview, setPreview] = useState<PurgePreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const loadPreview = async () => {
    setPreviewing(true);
    try {
      setPreview(await get<PurgePreview>('/api/v1/privacy/retention/preview'));
    } catch (e) {
      showError(e);
    } finally {
      setPreviewing(false);
    }
  };
  const [holdForm] = Form.useForm<{ caseId: string; reason: string }>();
  const r = report.data;
  const run = async () => {
    try {
      const res = await post<PurgeRun>('/api/v1/privacy/retention/run', { confirm: true });
      void message.success(t('purgedN', { n: res.purged.length }));
      if (res.failed.length) void message.warning(t('failedN', { n: res.failed.length }));
      setPreview(null);
      report.reload();
    } catch (e) {
      showError(e);
    }
  };
  const saveDays = async () => {
    if (days === null) return;
    try {
      await put('/api/v1/privacy/retention/settings', { retentionDays: days });
      report.reload();
    } catch (e) {
      showError(e);
    }
  };
  const placeHold = async (v: { caseId: string; reason: string }) => {
    try {
      await post('/api/v1/privacy/retention/holds', v);
      holdForm.resetFields();
      holds.reload();
      report.reload();
    } catch (e) {
      showError(e, holdForm);
    }
  };
  return (
    <>
      <Row gutter={[16, 16]}>
        {STATUSES.map((s) => (
          <Col key={s} xs={12} md={8} lg={4}><Card size="small" loading={report.loading && !r}><Statistic title={t(s)} value={r?.counts[s] ?? 0} valueStyle={{ color: STATUS_COLOR[s] }} data-testid={`retention-${s}`} /></Card></Col>
        ))}
      </Row>
      <Card size="small" title={t('chart')} style={{ marginTop: 16 }} data-testid="retention-chart">
        <ReactEChartsCore echarts={echarts} style={{ height: 220 }} notMerge option={{
          tooltip: {}, grid: { left: 40, right: 16, top: 16, bottom: 32 },
          xAxis: { type: 'category', data: STATUSES.map((s) => t(s)) }, yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', barMaxWidth: 48, label: { show: true, position: 'top' }, data: STATUSES.map((s) => ({ value: r?.counts[s] ?? 0, itemStyle: { color: STATUS_COLOR[s] } })) }],
        }} />
      </Card>
      <Card size="small" style={{ marginTop: 16 }}>
        <span style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography.Text>{t('retentionDays')}</Typography.Text>
          <InputNumber min={0} max={36500} value={days ?? r?.retentionDays} onChange={(v) => setDays(v)} data-testid="retention-days" />
          <Button onClick={saveDays} disabled={days === null}>{t('setDays')}</Button>
          <Button onClick={loadPreview} loading={previewing} disabled={!r?.counts.due} data-testid="retention-preview">{t('previewPurge')}</Button>
          <Popconfirm title={t('runConfirm')} onConfirm={run}>
            <Button danger disabled={!r?.counts.due} data-testid="retention-run">{t('runPurge')}</Button>
          </Popconfirm>
        </span>
      </Card>
      {preview && (
        <Card size="small" title={t('previewTitle', { n: preview.items.length, due: preview.due })} style={{ marginTop: 16 }} data-testid="retention-preview-card">
          <Table size="small" rowKey="debtorId" dataSource={preview.items} pagination={{ pageSize: 5 }}
            columns={[
              { title: t('debtor'), dataIndex: 'debtorId' },
              { title: t('modules'), dataIndex: 'modules', render: (m: PurgePreview['items'][number]['modules']) => (
                <span style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                  {Object.entries(m).flatMap(([mod, counts]) => Object.entries(counts).filter(([, n]) => n > 0).map(([table, n]) => (
                    <Tag key={`${mod}.${table}`} data-testid={`preview-${mod}-${table}`}>{`${t(`mod_${mod}` as Parameters<typeof t>[0])} · ${table} ${n}`}</Tag>
                  )))}
                </span>
              ) },
              { title: t('filesErased'), dataIndex: 'filesErased' },
            ]} />
        </Card>
      )}
      <Table size="small" style={{ marginTop: 16 }} rowKey="debtorId" loading={report.loading} data-testid="retention-table"
        dataSource={r?.items ?? []} pagination={{ pageSize: 10 }}
        columns={[
          { title: t('debtor'), dataIndex: 'debtorId' },
          { title: t('status'), dataIndex: 'status', render: (s: RetentionStatus) => <Tag color={STATUS_COLOR[s]}>{t(s)}</Tag> },
          { title: t('caseRef'), dataIndex: 'cases', render: (cs: Array<{ ref: string }>) => cs.map((c) => c.ref).join(', ') },
          { title: t('closedAt'), dataIndex: 'closedAt', render: fmtTime },
          { title: t('dueAt'), dataIndex: 'dueAt', render: fmtTime },
          { title: t('holds'), dataIndex: 'holds', render: (h: string[]) => h.map((x) => <Tag key={x}>{x.split(':')[0]}</Tag>) },
        ]} />
      <Card size="small" title={t('placeHold')} style={{ marginTop: 16 }}>
        <Form form={holdForm} layout="inline" onFinish={placeHold} requiredMark={false}>
          <Form.Item name="caseId" label={t('holdCase')} rules={[{ required: true, pattern: /^case_[0-9a-z]{26}$/ }]}><Input style={{ width: 300 }} placeholder="case_…" /></Form.Item>
          <Form.Item name="reason" label={t('holdReason')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 240 }} /></Form.Item>
          <Button htmlType="submit">{t('placeHold')}</Button>
        </Form>
        <Table size="small" style={{ marginTop: 12 }} rowKey="id" dataSource={holds.data?.items ?? []} pagination={false}
          columns={[
            { title: t('holdCase'), dataIndex: 'caseId' }, { title: t('holdReason'), dataIndex: 'reason' }, { title: t('at'), dataIndex: 'placedAt', render: fmtTime },
            { title: '', render: (_, h) => <Button size="small" onClick={async () => { try { await post(`/api/v1/privacy/retention/holds/${h.id}/release`); holds.reload(); report.reload(); } catch (e) { showError(e); } }}>{t('release')}</Button> },
          ]} />
      </Card>
    </>
  );
}

export default function PrivacyPage() {
  const t = useLocalT(MSG);
  return (
    <div data-testid="privacy-page">
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Tabs items={[
        { key: 'records', label: t('records'), children: <Records /> },
        { key: 'pias', label: t('pias'), children: <Pias /> },
        { key: 'corrections', label: <span data-testid="tab-corrections">{t('corrections')}</span>, children: <Corrections /> },
        { key: 'retention', label: <span data-testid="tab-retention">{t('retentionTab')}</span>, children: <Retention /> },
      ]} />
    </div>
  );
}
