// Creditor portal (/admin/placements, role creditor): the signed-in creditor's own placements by stage, first-action
// SLA compliance, recoveries and the list of its cases (masked). The server limits everything to the creditor(s)
// the user represents.
import { Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { PieChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get } from '../../api/client';
import type { CaseListItem, CreditorOverview } from '../../api/cases';
import { fmtTime, useLoad } from '../../common';
import { useCasesT, type CasesKey } from './dict';
import { StageTag, yuan } from './shared';

echarts.use([PieChart, LegendComponent, TooltipComponent, CanvasRenderer]);

export default function PlacementsPage() {
  const t = useCasesT();
  const ov = useLoad(() => get<CreditorOverview>('/api/v1/creditor/overview?pageSize=200'));
  const d = ov.data;
  const byStage = (d?.byStage ?? []).filter((s) => s.count > 0);
  const rate = d?.sla.complianceRate == null ? null : Math.round(d.sla.complianceRate * 1000) / 10;
  const cases: CaseListItem[] = d?.cases.items ?? [];
  return (
    <div data-testid="placements-page">
      <Typography.Title level={3}>{t('placementsTitle')}</Typography.Title>
      {d && <Typography.Paragraph type="secondary" data-testid="placements-creditors">{d.creditors.map((c) => c.name).join('、') || '—'}</Typography.Paragraph>}
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}><Card loading={ov.loading} data-testid="placements-total"><Statistic title={t('casesTitle')} value={d?.cases.total ?? 0} /></Card></Col>
        <Col xs={12} lg={6}><Card loading={ov.loading}><Statistic title={`${t('met')} (${d?.sla.windowDays ?? 30}d)`} value={d?.sla.met ?? 0} /></Card></Col>
        <Col xs={12} lg={6}><Card loading={ov.loading}><Statistic title={t('breached')} value={d?.sla.breached ?? 0} /></Card></Col>
        <Col xs={12} lg={6}><Card loading={ov.loading} data-testid="placements-sla"><Statistic title={t('slaCompliance')} value={rate ?? '—'} suffix={rate === null ? '' : '%'} /></Card></Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <Card title={t('byStage')} data-testid="placements-stages">
            {byStage.length ? (
              <ReactEChartsCore
                echarts={echarts} notMerge style={{ height: 300 }}
                option={{
                  tooltip: { trigger: 'item' }, legend: { bottom: 0 },
                  series: [{ type: 'pie', radius: ['38%', '62%'], center: ['50%', '42%'], label: { formatter: '{c}' }, data: byStage.map((s) => ({ name: t(`stage_${s.stage}` as CasesKey), value: s.count })) }],
                }}
              />
            ) : <Empty />}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('casesTitle')}>
            <Table<CaseListItem>
              size="small" rowKey="id" loading={ov.loading} dataSource={cases} pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('ref'), dataIndex: 'ref', render: (v: string) => <span data-testid="placement-ref">{v}</span> },
                { title: t('debtor'), dataIndex: 'debtorName' },
                { title: t('stage'), dataIndex: 'stage', render: (_: unknown, r) => <StageTag stage={r.stage} closeReason={r.closeReason} /> },
                { title: t('principal'), dataIndex: 'principal', align: 'right', render: (v: string, r) => yuan(v, r.currency) },
                { title: t('placedAt'), dataIndex: 'placedAt', render: fmtTime },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
