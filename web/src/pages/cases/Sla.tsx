// SLA dashboard (/admin/sla): first-action SLA of recent placements (met / on track / at risk / breached) from
// /api/v1/sla/summary, a stacked bar per creditor and a line per day (ECharts), the at-risk cases and my tasks.
import { Link } from 'react-router-dom';
import { Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get } from '../../api/client';
import type { CaseFile, CaseList, SlaSummary, Task } from '../../api/cases';
import { fmtTime, useLoad } from '../../common';
import { useSession } from '../../session';
import { useCasesT } from './dict';
import { SlaTag } from './shared';
import { TaskTable } from './CaseTabs';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { met: '#52c41a', onTrack: '#1677ff', atRisk: '#fa8c16', breached: '#f5222d' };

export default function SlaPage() {
  const t = useCasesT();
  const { session } = useSession();
  const sum = useLoad(() => get<SlaSummary>('/api/v1/sla/summary'));
  const tasks = useLoad(() => get<{ items: Task[] }>('/api/v1/tasks?mine=true'));
  // Cases still waiting for a first action that the server lists as at risk / breached; else none.
  const atRisk = sum.data?.atRiskCases ?? [];
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
        <Col xs={24} lg={12}>
          <Card title={t('atRiskList')} data-testid="sla-at-risk">
            {sum.data?.atRiskCases ? (
              <Table
                size="small" rowKey="caseId" dataSource={atRisk} pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('ref'), dataIndex: 'ref', render: (v: string, r) => <Link to={`/admin/cases/${r.caseId}`} data-testid="at-risk-case">{v}</Link> },
                  { title: t('status'), dataIndex: 'status', render: (v) => <SlaTag status={v} /> },
                  { title: t('taskDue'), dataIndex: 'dueAt', render: fmtTime },
                ]}
              />
            ) : <AtRiskFallback />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('myTasks')} data-testid="my-tasks" extra={<Tag>{session?.user.displayName}</Tag>}>
            <TaskTable items={tasks.data?.items ?? []} loading={tasks.loading} onDone={tasks.reload} showCase />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/**
 * Open cases still in intake (oldest placement first), each read through its case file for the server's SLA reading;
 * those at risk or breached are listed.
 */
function AtRiskFallback() {
  const t = useCasesT();
  const l = useLoad(async () => {
    const list = await get<CaseList>('/api/v1/cases?stage=intake&sort=placedAt&order=asc&pageSize=12');
    const files = await Promise.all(list.items.map((c) => get<CaseFile>(`/api/v1/cases/${c.id}`)));
    return files.filter((f) => f.sla.status === 'at_risk' || f.sla.status === 'breached');
  });
  return (
    <Table<CaseFile>
      size="small" rowKey="id" loading={l.loading} dataSource={l.data ?? []} pagination={false}
      columns={[
        { title: t('ref'), dataIndex: 'ref', render: (v: string, r) => <Link to={`/admin/cases/${r.id}`} data-testid="at-risk-case">{v}</Link> },
        { title: t('creditor'), key: 'cr', render: (_: unknown, r) => r.creditor.name },
        { title: t('status'), key: 'st', render: (_: unknown, r) => <SlaTag status={r.sla.status} /> },
        { title: t('placedAt'), dataIndex: 'placedAt', render: fmtTime },
      ]}
    />
  );
}
