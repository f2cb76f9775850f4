// Dashboard: one card per count from /api/v1/dashboard, and the same counts as an ECharts bar chart.
import { Card, Col, Empty, Row, Statistic, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get, type DashboardCard } from '../../api/client';
import { useI18n } from '../../i18n';
import { useLoad } from '../../common';
import { useSession } from '../../session';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export default function DashboardPage() {
  const { t, pick } = useI18n();
  const { session } = useSession();
  const { data, loading } = useLoad(() => get<{ cards: DashboardCard[] }>('/api/v1/dashboard'));
  const cards = data?.cards ?? [];
  const color = session?.tenant.branding.colors?.primary ?? '#1f6feb';
  return (
    <div>
      <Typography.Title level={3}>{t('dashboardTitle')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={24} sm={12} lg={8}>
            <Card loading={loading} data-testid={`card-${c.key}`}>
              <Statistic title={pick(c.labelZh, c.labelEn)} value={c.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('chartTitle')} style={{ marginTop: 16 }} data-testid="dashboard-chart">
        {cards.length === 0 && !loading ? (
          <Empty />
        ) : (
          <ReactEChartsCore
            echarts={echarts}
            style={{ height: 280 }}
            notMerge
            option={{
              tooltip: {},
              grid: { left: 40, right: 16, top: 16, bottom: 32 },
              xAxis: { type: 'category', data: cards.map((c) => pick(c.labelZh, c.labelEn)) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [{ type: 'bar', data: cards.map((c) => c.value), itemStyle: { color }, barMaxWidth: 48, label: { show: true, position: 'top' } }],
            }}
          />
        )}
      </Card>
    </div>
  );
}
