// Compliance dashboard (/admin/compliance): refusals by rule per day (stacked bars), top refused reasons,
// per-collector figures and complaints with their COL-80 SLA, from GET /api/v1/compliance/dashboard.
import { useState } from 'react';
import { Card, Col, Empty, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get } from '../../api/client';
import type { Dashboard } from '../../api/compliance';
import { useI18n, useLocalT } from '../../i18n';
import { useLoad } from '../../common';
import { MSG } from './dict';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export default function ComplianceDashboard() {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const [days, setDays] = useState(30);
  const { data, loading } = useLoad(() => get<Dashboard>(`/api/v1/compliance/dashboard?days=${days}`), [days]);
  const daysList = [...new Set((data?.byRuleByDay ?? []).map((x) => x.day))].sort();
  const rules = [...new Set((data?.byRuleByDay ?? []).map((x) => x.ruleId))].sort();
  const series = rules.map((r) => ({
    name: r, type: 'bar' as const, stack: 'refused',
    data: daysList.map((d) => data!.byRuleByDay.find((x) => x.day === d && x.ruleId === r)?.count ?? 0),
  }));
  return (
    <div data-testid="compliance-dashboard" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('dashTitle')}</Typography.Title>
      <Select value={days} onChange={setDays} style={{ width: 140 }} options={[7, 30, 90, 365].map((d) => ({ value: d, label: `${d} ${t('days')}` }))} />
      <Row gutter={16}>
        <Col span={6}><Card size="small" loading={loading}><Statistic title={t('allowedN')} value={data?.totals.allowed ?? 0} /></Card></Col>
        <Col span={6}><Card size="small" loading={loading}><Statistic title={t('refusedN')} value={data?.totals.refused ?? 0} valueStyle={{ color: '#cf1322' }} data-testid="dash-refused" /></Card></Col>
        <Col span={6}><Card size="small" loading={loading}><Statistic title={`${t('complaintsSla')} · ${t('open')}`} value={data?.complaints.open ?? 0} /></Card></Col>
        <Col span={6}><Card size="small" loading={loading}><Statistic title={t('overdue')} value={data?.complaints.overdue ?? 0} valueStyle={{ color: data?.complaints.overdue ? '#cf1322' : undefined }} /></Card></Col>
      </Row>
      <Card size="small" title={t('byRule')}>
        {!series.length ? <Empty /> : (
          <ReactEChartsCore echarts={echarts} style={{ height: 300 }} notMerge
            option={{ tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 32, bottom: 32 },
              xAxis: { type: 'category', data: daysList }, yAxis: { type: 'value', minInterval: 1 }, series }} />
        )}
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title={t('topRefused')}>
            <Table size="small" rowKey="ruleId" pagination={false} dataSource={data?.topRefused ?? []} data-testid="top-refused"
              columns={[{ title: 'ID', dataIndex: 'ruleId', render: (r: string) => <Tag color="red">{r}</Tag> },
                { title: t('reason'), render: (_: unknown, x: Dashboard['topRefused'][number]) => pick(x.reasonZh, x.reasonEn) },
                { title: '#', dataIndex: 'count' }]} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t('perCollector')}>
            <Table size="small" rowKey="actorId" pagination={false} dataSource={data?.perCollector ?? []}
              columns={[{ title: t('collector'), dataIndex: 'actorId' }, { title: t('allowedN'), dataIndex: 'allowed' }, { title: t('refusedN'), dataIndex: 'refused' },
                { title: t('rate'), dataIndex: 'refusalRate', render: (v: number) => `${(v * 100).toFixed(1)}%` }]} />
          </Card>
          <Card size="small" title={t('complaintsSla')} style={{ marginTop: 16 }}>
            {data && (
              <Row gutter={8}>
                {(['received', 'open', 'overdue', 'answered', 'withinSla', 'disputes'] as const).map((k) => (
                  <Col span={8} key={k}><Statistic title={t(k)} value={k === 'withinSla' ? data.complaints.answeredWithinSla : data.complaints[k]} /></Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
