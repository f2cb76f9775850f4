// SLA dashboard (/admin/sla): first-action SLA of recent placements (met / on track / at risk / breached) from
// /api/v1/sla/summary, a stacked bar per creditor and a line per day (ECharts), the open cases at risk and breached
// as the server lists them (masked debtor, creditor, collector, due at, hours left), and my tasks.
import { Link } from 'react-router-dom';
import { Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get } from '../../api/client';
import type { SlaCase, SlaSummary, Task } from '../../api/cases';
import { fmtTime, useLoad } from '../../common';
import { useSession } from '../../session';
import { useCasesT } from './dict';
import { TaskTable } from './CaseTabs';
import { useLimitationT } from './dict-limitation';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { met: '#52c41a', onTrack: '#1677ff', atRisk: '#fa8c16', breached: '#f5222d' };

export default function SlaPage() {
  const t = useCasesT();
  const { session } = useSession();
  const sum = useLoad(() => get<SlaSummary>('/api/v1/sla/summary'));
  const tasks = useLoad(() => get<{ items: Task[] }>('/api/v1/tasks?mine=true'));
  const lt = useLimitationT();
  const atRisk = sum.data?.atRiskCases ?? [];
  const breached = sum.data?.breachedCases ?? [];
  const s = sum.data;
  const keys = ['met', 'onTrack', 'atRisk', 'breached'] as const;
  const label = { met: t('met'), onTrack: t('onTrack'), atRisk: t('atRisk'), breached: t('breached') };
  return (
    <div data-testid="sla-page">
      <Typography.Title level={3}>{t('slaTitle')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {keys.map((k) => (
          <Col key={k} xs={12} lg={6}>
            <Card loading={sum.loading} data-testid={`sla-${k}`}>
              <Statistic title={label[k]} value={s?.[k] ?? 0} valueStyle={{ color: COLORS[k] }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card title={t('perCreditor')} data-testid="sla-by-creditor">
            {s && s.byCreditor.length ? (
              <ReactEChartsCore
                echarts={echarts} notMerge style={{ height: 300 }}
                option={{
                  tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 40, bottom: 40 },
                  xAxis: { type: 'category', data: s.byCreditor.map((c) => c.name || c.creditorId), axisLabel: { interval: 0, width: 120, overflow: 'truncate' } },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: keys.map((k) => ({ name: label[k], type: 'bar', stack: 'sla', itemStyle: { color: COLORS[k] }, data: s.byCreditor.map((c) => c[k]) })),
                }}
              />
            ) : <Empty />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`${t('perDay')}${s ? ` (${s.windowDays})` : ''}`} data-testid="sla-by-day">
            {s && s.daily.length ? (
              <ReactEChartsCore
                echarts={echarts} notMerge style={{ height: 300 }}
                option={{
                  tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 40, bottom: 32 },
                  xAxis: { type: 'category', data: s.daily.map((d) => d.date.slice(5)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    { name: t('placedCount'), type: 'line', data: s.daily.map((d) => d.placed), itemStyle: { color: COLORS.onTrack } },
                    { name: t('met'), type: 'line', data: s.daily.map((d) => d.firstActionOnTime), itemStyle: { color: COLORS.met } },
                    { name: t('breached'), type: 'line', data: s.daily.map((d) => d.breached), itemStyle: { color: COLORS.breached } },
                  ],
                }}
              />
            ) : <Empty />}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={lt('atRiskCases')} data-testid="sla-at-risk-list" extra={<Tag color="orange">{atRisk.length}</Tag>}>
            <SlaCaseTable items={atRisk} loading={sum.loading} testId="at-risk-case" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            title={lt('breachedCases')} data-testid="sla-breached-list"
            extra={s && <Tag color="red">{s.breachedOpenTotal > breached.length ? lt('breachedMore', { n: s.breachedOpenTotal, m: breached.length }) : breached.length}</Tag>}
          >
            <SlaCaseTable items={breached} loading={sum.loading} testId="breached-case" />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24}>
          <Card title={t('myTasks')} data-testid="my-tasks" extra={<Tag>{session?.user.displayName}</Tag>}>
            <TaskTable items={tasks.data?.items ?? []} loading={tasks.loading} onDone={tasks.reload} showCase />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** Cases at risk or breached as the server lists them (debtor names masked by the server). */
function SlaCaseTable({ items, loading, testId }: { items: SlaCase[]; loading: boolean; testId: string }) {
  const t = useCasesT();
  const lt = useLimitationT();
  return (
    <Table<SlaCase>
      size="small" rowKey="caseId" loading={loading} dataSource={items} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: true }}
      columns={[
        { title: t('ref'), dataIndex: 'ref', render: (v: string, r) => <Link to={`/admin/cases/${r.caseId}`} data-testid={testId}>{v}</Link> },
        { title: t('debtor'), dataIndex: 'debtorName', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
        { title: t('creditor'), key: 'cr', render: (_: unknown, r) => r.creditor.name },
        { title: t('collector'), key: 'co', render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.collector?.name ?? <Tag>{t('unassigned')}</Tag>}</span> },
        { title: lt('dueAt'), dataIndex: 'dueAt', render: fmtTime },
        {
          title: lt('hoursLeft'), dataIndex: 'hoursLeft', align: 'right',
          render: (h: number) => (h < 0 ? <Typography.Text type="danger">{lt('overdue', { h: Math.round(-h) })}</Typography.Text> : <Tag color={h <= 6 ? 'red' : 'orange'} data-testid="hours-left">{h.toFixed(1)} h</Tag>),
        },
      ]}
    />
  );
}
