// Risk models page: registry (version, kind, AUC/KS/Gini, data hash, who, when), model cards, champion/challenger
// assignment (with confirmation), training on the synthetic demo data as a background run with progress, batch
// feature computation, and per version the evaluation charts (ROC, KS, calibration, importance) and PSI drift per
// feature — all drawn with ECharts from JSON the server returns.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Empty, Form, Input, InputNumber, Modal, Popconfirm, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined, FileTextOutlined, FunctionOutlined } from '@ant-design/icons';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { ApiError, get, post, put } from '../../api/client';
import type { Deployment, Drift, ModelCharts, ModelVersion, Run } from '../../api/risk';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { useRiskT, type RiskKey } from './dict';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const GOVERNANCE = ['tenant_admin', 'compliance_officer'];
const f4 = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(4));
const DRIFT_COLOR = { stable: 'green', moderate: 'gold', significant: 'red' } as const;

export default function ModelsPage() {
  const t = useRiskT();
  const { session } = useSession();
  const canGovern = GOVERNANCE.includes(session?.user.role ?? '');
  const models = useLoad(() => get<{ items: ModelVersion[] }>('/api/v1/risk/models'));
  const dep = useLoad(() => get<{ deployment: Deployment | null }>('/api/v1/risk/deployment'));
  const runs = useLoad(() => get<{ items: Run[] }>('/api/v1/risk/runs'));
  const [selected, setSelected] = useState<string | null>(null);
  const [card, setCard] = useState<{ version: string; markdown: string } | null>(null);
  const showError = useShowError();
  const active = (runs.data?.items ?? []).some((r) => r.status === 'queued' || r.status === 'running');

  // poll while a run is active; reload the registry when it ends
  useEffect(() => {
    if (!active) return;
    const h = setInterval(() => runs.reload(), 1000);
    return () => clearInterval(h);
  }, [active, runs]);
  const [wasActive, setWasActive] = useState(false);
  useEffect(() => {
    if (wasActive && !active) models.reload();
    setWasActive(active);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  const version = selected ?? dep.data?.deployment?.championVersion ?? models.data?.items[0]?.version ?? null;
  const openCard = async (v: string) => {
    try {
      setCard({ version: v, ...(await get<{ markdown: string }>(`/api/v1/risk/models/${v}/card`)) });
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="risk-models">
      <Typography.Title level={3} style={{ margin: 0 }}>{t('models')}</Typography.Title>
      <Card title={t('registry')} size="small">
        <Table
          size="small"
          rowKey="version"
          loading={models.loading}
          dataSource={models.data?.items ?? []}
          data-testid="model-table"
          pagination={{ pageSize: 8 }}
          rowClassName={(m) => (m.version === version ? 'ant-table-row-selected' : '')}
          onRow={(m) => ({ onClick: () => setSelected(m.version) })}
          columns={[
            { title: t('version'), dataIndex: 'version', render: (v: string) => (
              <Space size={4}>
                <Typography.Text code data-testid="model-version">{v}</Typography.Text>
                {dep.data?.deployment?.championVersion === v && <Tag color="blue">{t('champion')}</Tag>}
                {dep.data?.deployment?.challengerVersion === v && <Tag color="purple">{t('challenger')}</Tag>}
              </Space>
            ) },
            { title: t('kind'), dataIndex: 'kind', width: 90 },
            { title: t('auc'), width: 130, render: (_, m) => (m.metrics ? `${f4(m.metrics.auc.mean)} ± ${m.metrics.auc.std.toFixed(3)}` : '—') },
            { title: t('ks'), width: 80, render: (_, m) => f4(m.metrics?.ks.mean) },
            { title: t('gini'), width: 80, render: (_, m) => f4(m.metrics?.gini.mean) },
            { title: t('dataHash'), dataIndex: 'dataSha256', width: 110, render: (v: string) => <Typography.Text code title={v}>{v.slice(0, 10)}</Typography.Text> },
            { title: t('trainedBy'), dataIndex: 'trainedBy', width: 140, ellipsis: true },
            { title: t('trainedAt'), dataIndex: 'trainedAt', width: 170, render: fmtTime },
            { title: '', width: 60, render: (_, m) => <Button size="small" icon={<FileTextOutlined />} onClick={(e) => (e.stopPropagation(), void openCard(m.version))} data-testid="model-card-open" title={t('card')} /> },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <DeploymentCard models={models.data?.items ?? []} current={dep.data?.deployment ?? null} canGovern={canGovern} onSaved={() => dep.reload()} />
        </Col>
        <Col xs={24} lg={12}>
          <RunsCard runs={runs.data?.items ?? []} canGovern={canGovern} onStarted={() => runs.reload()} />
        </Col>
      </Row>

      {version ? <VersionCharts version={version} /> : <Empty description={t('pickModel')} />}

      <Modal open={!!card} title={`${t('card')} · ${card?.version ?? ''}`} width={820} footer={null} onCancel={() => setCard(null)}>
        <pre style={{ whiteSpace: 'pre-wrap', maxHeight: '65vh', overflow: 'auto', fontSize: 12 }} data-testid="model-card">{card?.markdown}</pre>
      </Modal>
    </Space>
  );
}

function DeploymentCard({ models, current, canGovern, onSaved }: { models: ModelVersion[]; current: Deployment | null; canGovern: boolean; onSaved: () => void }) {
  const t = useRiskT();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ championVersion: string; challengerVersion?: string | null; sharePct?: number; reason: string }>();
  useEffect(() => {
    form.setFieldsValue({ championVersion: current?.championVersion, challengerVersion: current?.challengerVersion ?? null, sharePct: (current?.challengerShareBps ?? 1000) / 100 });
  }, [current, form]);
  const options = models.map((m) => ({ value: m.version, label: `${m.version} (${m.metrics ? m.metrics.auc.mean.toFixed(3) : '—'})` }));
  const save = async () => {
    const v = await form.validateFields();
    try {
      await put('/api/v1/risk/deployment', {
        championVersion: v.championVersion, challengerVersion: v.challengerVersion || null,
        ...(v.challengerVersion ? { challengerShareBps: Math.round((v.sharePct ?? 10) * 100) } : {}), reason: v.reason,
      });
      void message.success(t('saved'));
      form.setFieldValue('reason', '');
      onSaved();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Card title={t('deployment')} size="small" data-testid="deployment-card">
      <Form form={form} layout="vertical" disabled={!canGovern}>
        <Form.Item name="championVersion" label={t('champion')} rules={[{ required: true }]}>
          <Select options={options} data-testid="champion-select" />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="challengerVersion" label={t('challenger')} style={{ minWidth: 300 }}>
            <Select options={options} allowClear data-testid="challenger-select" />
          </Form.Item>
          <Form.Item name="sharePct" label={t('challengerShare')}>
            <InputNumber min={0} max={100} step={5} data-testid="challenger-share" />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} data-testid="deployment-reason" />
        </Form.Item>
        {canGovern && (
          <Popconfirm title={t('confirmDeploy')} onConfirm={() => void save()} okButtonProps={{ 'data-testid': 'deployment-confirm' } as React.ComponentProps<typeof Button>}>
            <Button type="primary" data-testid="deployment-save">{t('save')}</Button>
          </Popconfirm>
        )}
      </Form>
    </Card>
  );
}

function RunsCard({ runs, canGovern, onStarted }: { runs: Run[]; canGovern: boolean; onStarted: () => void }) {
  const t = useRiskT();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<'gbdt' | 'scorecard'>('gbdt');
  const [rows, setRows] = useState(3000);
  const start = async (body: object) => {
    try {
      await post('/api/v1/risk/runs', body);
      void message.success(t('trainStarted'));
      onStarted();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('runs')} size="small" data-testid="runs-card">
      {canGovern && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select value={kind} onChange={setKind} style={{ width: 130 }} options={[{ value: 'gbdt', label: 'GBDT' }, { value: 'scorecard', label: 'Scorecard' }]} data-testid="train-kind" />
          <InputNumber value={rows} min={500} max={20000} step={500} onChange={(v) => setRows(v ?? 3000)} addonBefore={t('rows')} data-testid="train-rows" />
          <Button type="primary" icon={<ExperimentOutlined />} onClick={() => void start({ kind: 'train', model: kind, rows })} data-testid="train-start">{t('train')}</Button>
          <Button icon={<FunctionOutlined />} onClick={() => void start({ kind: 'features' })} data-testid="features-start">{t('computeFeatures')}</Button>
        </Space>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('synthetic')}</Typography.Paragraph>
      <Table size="small" rowKey="id" dataSource={runs.slice(0, 6)} pagination={false} columns={[
        { title: t('kind'), width: 170, render: (_, r) => (r.kind === 'train' ? `${t('train')} · ${String(r.params.kind ?? '')}` : t('computeFeatures')) },
        { title: t('stage'), dataIndex: 'stage', width: 120, render: (v: string, r) => <Tag color={r.status === 'failed' ? 'red' : r.status === 'done' ? 'green' : 'blue'} data-testid="run-stage">{v}</Tag> },
        { title: t('progress'), width: 160, render: (_, r) => (
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Progress size="small" percent={r.status === 'done' ? 100 : r.total ? Math.floor((100 * r.processed) / r.total) : 0} status={r.status === 'failed' ? 'exception' : r.status === 'done' ? 'success' : 'active'} data-testid="run-progress" />
            {r.error && <Typography.Text type="danger">{r.error}</Typography.Text>}
          </Space>
        ) },
        { title: t('trainedAt'), dataIndex: 'createdAt', width: 160, render: fmtTime },
      ]} />
    </Card>
  );
}

function VersionCharts({ version }: { version: string }) {
  const t = useRiskT();
  const charts = useLoad(() => get<ModelCharts>(`/api/v1/risk/models/${version}/charts`).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))), [version]);
  const drift = useLoad(() => get<Drift>(`/api/v1/risk/models/${version}/drift`).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))), [version]);
  const c = charts.data;
  const grid = { left: 48, right: 16, top: 36, bottom: 36 };
  const opts = useMemo(() => {
    if (!c) return null;
    return {
      roc: {
        tooltip: { trigger: 'axis' }, grid, legend: { top: 0 },
        xAxis: { type: 'value', min: 0, max: 1, name: 'FPR' }, yAxis: { type: 'value', min: 0, max: 1, name: 'TPR' },
        series: [
          { name: `ROC (AUC ${c.holdout.auc.toFixed(3)})`, type: 'line', showSymbol: false, data: c.roc.map((p) => [p.fpr, p.tpr]) },
          { name: 'random', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: [[0, 0], [1, 1]] },
        ],
      },
      ks: {
        tooltip: { trigger: 'axis' }, grid, legend: { top: 0 },
        xAxis: { type: 'value', min: 0, max: 1, name: t('population') }, yAxis: { type: 'value', min: 0, max: 1 },
        series: [
          { name: `${t('bad')} (KS ${c.holdout.ks.toFixed(3)})`, type: 'line', showSymbol: false, data: c.ks.map((p) => [p.population, p.bad]) },
          { name: t('good'), type: 'line', showSymbol: false, data: c.ks.map((p) => [p.population, p.good]) },
        ],
      },
      calibration: {
        tooltip: { trigger: 'axis' }, grid, legend: { top: 0 },
        xAxis: { type: 'value', min: 0, max: 1, name: t('predicted') }, yAxis: { type: 'value', min: 0, max: 1, name: t('observed') },
        series: [
          { name: t('observed'), type: 'line', data: c.calibration.map((b) => [b.meanPredicted, b.observedRate]) },
          { name: 'ideal', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: [[0, 0], [1, 1]] },
        ],
      },
      importance: {
        tooltip: { trigger: 'axis' }, grid: { left: 200, right: 16, top: 8, bottom: 24 },
        xAxis: { type: 'value' }, yAxis: { type: 'category', data: c.importance.map((i) => i.feature).reverse(), axisLabel: { fontSize: 10 } },
        series: [{ type: 'bar', data: c.importance.map((i) => i.importance).reverse() }],
      },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c, t]);
  const d = drift.data;
  const driftOpt = d && d.features.length ? {
    tooltip: { trigger: 'axis' }, grid: { left: 200, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', name: 'PSI' }, yAxis: { type: 'category', data: d.features.map((f) => f.feature).reverse(), axisLabel: { fontSize: 10 } },
    series: [{
      type: 'bar',
      data: d.features.map((f) => ({ value: f.psi, itemStyle: { color: f.status === 'significant' ? '#cf1322' : f.status === 'moderate' ? '#d4b106' : '#389e0d' } })).reverse(),
      markLine: undefined,
    }],
  } : null;
  const chart = (o: object, testid: string, h = 260) => <div data-testid={testid}><ReactEChartsCore echarts={echarts} option={o} notMerge style={{ height: h }} /></div>;
  return (
    <>
      <Card size="small" title={`${t('charts')} · ${version}${c ? ` · ${t('holdout')} ${c.holdoutRows}` : ''}`} data-testid="charts-card">
        {!c || !opts ? <Alert type="info" message={t('noCharts')} /> : (
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}><Typography.Text strong>{t('roc')}</Typography.Text>{chart(opts.roc, 'chart-roc')}</Col>
            <Col xs={24} md={12}><Typography.Text strong>{t('ksCurve')}</Typography.Text>{chart(opts.ks, 'chart-ks')}</Col>
            <Col xs={24} md={12}><Typography.Text strong>{t('calibration')}</Typography.Text>{chart(opts.calibration, 'chart-calibration')}</Col>
            <Col xs={24} md={12}><Typography.Text strong>{t('importance')}</Typography.Text>{chart(opts.importance, 'chart-importance', 420)}</Col>
          </Row>
        )}
      </Card>
      <Card size="small" title={t('drift')} data-testid="drift-card"
        extra={d?.worst && <Space><span>{t('worst')}</span><Tag color={DRIFT_COLOR[d.worst]} data-testid="drift-worst">{t(d.worst as RiskKey)}</Tag></Space>}>
        {!d ? <Alert type="info" message={t('noCharts')} /> : !driftOpt ? <Alert type="info" message={t('noDrift')} data-testid="drift-empty" /> : (
          <>
            <Typography.Paragraph type="secondary">{t('referenceRows')} {d.referenceRows} · {t('currentRows')} {d.currentRows} · PSI &lt; 0.1 {t('stable')}, 0.1–0.25 {t('moderate')}, &gt; 0.25 {t('significant')}</Typography.Paragraph>
            {chart(driftOpt, 'drift-chart', 380)}
          </>
        )}
      </Card>
    </>
  );
}
