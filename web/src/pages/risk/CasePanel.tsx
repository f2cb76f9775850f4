// The risk tab of the case page: the case's score with its band, reason codes (raising / lowering), the model version
// and arm; the proposed collection plan (channel sequence and cadence inside the compliance caps, settlement range
// within the creditor's discount floor, mediation / legal recommendation) with its reasons; a person accepts or
// rejects it (COL-85, PIPL art 24); bank-statement CSV import for the debtor.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Empty, Input, List, Modal, Row, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { CheckOutlined, CloseOutlined, ThunderboltOutlined, UploadOutlined } from '@ant-design/icons';
import { get, post } from '../../api/client';
import { bandOf, type BankStatement, type CaseRisk, type Reason, type StoredPlan } from '../../api/risk';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useRiskT, type RiskKey } from './dict';

const BAND_COLOR = { low: 'green', medium: 'gold', high: 'orange', very_high: 'red' } as const;
const STATUS_COLOR = { proposed: 'blue', accepted: 'green', rejected: 'default' } as const;
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

export default function CasePanel({ caseId }: { caseId: string }) {
  const t = useRiskT();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const risk = useLoad(() => get<CaseRisk>(`/api/v1/risk/cases/${caseId}`), [caseId]);
  const statements = useLoad(() => get<{ items: BankStatement[] }>(`/api/v1/risk/cases/${caseId}/bank-statements`), [caseId]);
  const [busy, setBusy] = useState(false);
  const [decision, setDecision] = useState<'accepted' | 'rejected' | null>(null);
  const [note, setNote] = useState('');

  const assess = async () => {
    setBusy(true);
    try {
      await post(`/api/v1/risk/cases/${caseId}/assess`);
      risk.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const decide = async (plan: StoredPlan) => {
    try {
      await post(`/api/v1/risk/plans/${plan.planId}/decision`, { decision, note: note.trim() || null });
      setDecision(null);
      setNote('');
      risk.reload();
    } catch (e) {
      showError(e);
    }
  };
  const importCsv = async (file: File) => {
    try {
      const s = await post<BankStatement>(`/api/v1/risk/cases/${caseId}/bank-statements`, { csv: await file.text() });
      void message.success(t('imported', { n: s.txCount }));
      statements.reload();
    } catch (e) {
      showError(e);
    }
    return false;
  };

  if (risk.loading && !risk.data) return <Spin />;
  const d = risk.data;
  if (!d) return <Empty />;
  const { score, plan } = d;
  const up = score?.reasons.filter((r) => r.impact > 0) ?? [];
  const down = score?.reasons.filter((r) => r.impact <= 0) ?? [];
  const band = score ? bandOf(score.pd) : null;
  const reasonList = (items: Reason[], testid: string) => (
    <List size="small" dataSource={items} locale={{ emptyText: t('none') }} renderItem={(r) => (
      <List.Item data-testid={testid}>
        <Space direction="vertical" size={0}>
          <Typography.Text>{r.text}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.feature} = {r.value === null ? '—' : String(Math.round(r.value * 100) / 100)} · {r.impact > 0 ? '+' : ''}{r.impact.toFixed(3)}</Typography.Text>
        </Space>
      </List.Item>
    )} />
  );

  return (
    <div data-testid="risk-panel">
      {!d.deployment && <Alert type="warning" showIcon message={t('noModel')} style={{ marginBottom: 12 }} data-testid="risk-no-model" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card
            title={t('score')}
            size="small"
            extra={<Button type="primary" size="small" icon={<ThunderboltOutlined />} loading={busy} disabled={!d.deployment} onClick={() => void assess()} data-testid="risk-assess">{score ? t('reassess') : t('assess')}</Button>}
          >
            {!score ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notAssessed')} /> : (
              <>
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('pd')}><span data-testid="risk-pd">{(score.pd * 100).toFixed(1)}%</span></Descriptions.Item>
                  <Descriptions.Item label={t('band')}><Tag color={BAND_COLOR[band!]} data-testid="risk-band">{t(band as RiskKey)}</Tag></Descriptions.Item>
                  {score.points !== null && <Descriptions.Item label={t('points')}>{score.points}</Descriptions.Item>}
                  <Descriptions.Item label={t('modelUsed')}>
                    <Space size={4} wrap><Typography.Text code data-testid="risk-model">{score.modelVersion}</Typography.Text><Tag color={score.arm === 'champion' ? 'blue' : 'purple'} data-testid="risk-arm">{t(score.arm)}</Tag></Space>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('scoredAt')}>{fmtTime(score.scoredAt)}</Descriptions.Item>
                  {d.openReviewRequests > 0 && <Descriptions.Item label={t('openReviews')}><Tag color="red">{d.openReviewRequests}</Tag></Descriptions.Item>}
                </Descriptions>
                <Typography.Title level={5}>{t('reasonsUp')}</Typography.Title>
                {reasonList(up, 'reason-up')}
                <Typography.Title level={5}>{t('reasonsDown')}</Typography.Title>
                {reasonList(down, 'reason-down')}
              </>
            )}
          </Card>
          <Card title={t('bankStatements')} size="small" style={{ marginTop: 16 }}
            extra={<Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(f) => importCsv(f)}><Button size="small" icon={<UploadOutlined />} data-testid="statement-upload">{t('importStatement')}</Button></Upload>}>
            <List size="small" dataSource={statements.data?.items ?? []} locale={{ emptyText: t('none') }} renderItem={(s) => (
              <List.Item data-testid="statement">{s.from} – {s.to} · {s.txCount} · {Object.entries(s.categories).map(([k, v]) => `${k} ${v}`).join(', ')}</List.Item>
            )} />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {plan ? <PlanCard plan={plan} onDecide={setDecision} /> : <Card size="small" title={t('plan')}><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notAssessed')} /></Card>}
        </Col>
      </Row>
      <Modal
        open={decision !== null}
        title={decision === 'rejected' ? t('reject') : t('accept')}
        onCancel={() => setDecision(null)}
        onOk={() => plan && void decide(plan)}
        okButtonProps={{ 'data-testid': 'plan-decision-ok' } as React.ComponentProps<typeof Button>}
      >
        <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder={decision === 'rejected' ? t('rejectNote') : t('acceptNote')} data-testid="plan-note" />
      </Modal>
    </div>
  );
}

function PlanCard({ plan: p, onDecide }: { plan: StoredPlan; onDecide: (d: 'accepted' | 'rejected') => void }) {
  const t = useRiskT();
  const c = p.plan.caps;
  return (
    <Card
      size="small"
      data-testid="risk-plan"
      title={<Space>{t('plan')}<Tag color={STATUS_COLOR[p.status]} data-testid="plan-status">{t(p.status)}</Tag></Space>}
      extra={p.status === 'proposed' && (
        <Space>
          <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => onDecide('accepted')} data-testid="plan-accept">{t('accept')}</Button>
          <Button size="small" danger icon={<CloseOutlined />} onClick={() => onDecide('rejected')} data-testid="plan-reject">{t('reject')}</Button>
        </Space>
      )}
    >
      <Alert type="info" showIcon message={t('humanReview')} style={{ marginBottom: 12 }} />
      {p.status !== 'proposed' && (
        <Alert type={p.status === 'accepted' ? 'success' : 'warning'} style={{ marginBottom: 12 }} data-testid="plan-decision"
          message={`${t(p.status)} · ${t('by')} ${p.decidedBy} · ${fmtTime(p.decidedAt)}${p.decisionNote ? ` · ${p.decisionNote}` : ''}`} />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('balance')}>¥{p.inputs.balance}</Descriptions.Item>
        <Descriptions.Item label={t('dpd')}>{p.inputs.dpd}</Descriptions.Item>
        <Descriptions.Item label={t('reach')}>{(p.inputs.reachRate * 100).toFixed(0)}%</Descriptions.Item>
        <Descriptions.Item label={t('band')}>{t(p.plan.segment as RiskKey)}</Descriptions.Item>
        <Descriptions.Item label={t('settlement')} span={2}>
          <span data-testid="plan-settlement">¥{p.plan.settlement.min} – ¥{p.plan.settlement.max} ({t('discount')} {p.plan.settlement.minDiscountBps / 100}%–{p.plan.settlement.maxDiscountBps / 100}%, ≤ {p.inputs.maxDiscountBps / 100}%)</span>
          {p.inputs.creditorPolicyDefault && <div><Typography.Text type="secondary">{t('policyDefault')}</Typography.Text></div>}
        </Descriptions.Item>
        <Descriptions.Item label={t('caps')} span={2}>
          <span data-testid="plan-caps">{hh(c.allowedFromHour)}–{hh(c.allowedToHour)} (COL-10/11) · ≤{c.voiceConversationsPerDay}/≤{c.dialAttemptsPerDay} voice (COL-20/21) · ≤{c.messagesPerDay}/day, ≤{c.messagesPer7Days}/7d SMS/IM (COL-22)</span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 12 }}>{t('recommendations')}</Typography.Title>
      <List size="small" dataSource={p.plan.recommendations} renderItem={(r) => (
        <List.Item data-testid="plan-recommendation">
          <Space direction="vertical" size={0}>
            <Space><Tag color={r.kind === 'legal_action' ? 'red' : r.kind === 'mediation' ? 'purple' : 'default'}>{t(r.kind as RiskKey) ?? r.kind}</Tag>{r.rules.map((x) => <Tag key={x}>{x}</Tag>)}</Space>
            {r.reasons.map((x) => <Typography.Text key={x} type="secondary">{x}</Typography.Text>)}
          </Space>
        </List.Item>
      )} />
      <Typography.Title level={5}>{t('channelSeq')}</Typography.Title>
      <Table size="small" rowKey={(s) => `${s.day}-${s.channel}`} pagination={{ pageSize: 8 }} dataSource={p.plan.steps} data-testid="plan-steps" columns={[
        { title: t('day'), dataIndex: 'day', width: 70 },
        { title: t('channel'), dataIndex: 'channel', width: 90, render: (v: string) => <Tag>{v}</Tag> },
        { title: t('attempts'), dataIndex: 'attempts', width: 80 },
        { title: t('hours'), width: 120, render: (_, s) => `${hh(s.fromHour)}–${hh(s.toHour)}` },
        { title: t('purpose'), dataIndex: 'purpose' },
      ]} />
      <Typography.Title level={5}>{t('explanation')}</Typography.Title>
      <List size="small" dataSource={[...p.plan.explanation, ...p.plan.settlement.reasons]} renderItem={(x) => <List.Item data-testid="plan-explanation">{x}</List.Item>} />
    </Card>
  );
}
