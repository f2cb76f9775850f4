// The compliance panel of the case page: the contact composer. As the collector picks channel, party, template or
// free text, the gate is asked (debounced, not logged) and shows every fired rule with its ID, Chinese and English
// reasons and the next allowed time; banned words are highlighted. "Record contact" goes through the gate again on
// the server in the same transaction (refusals are logged too). The contact log is below.
import { useEffect, useMemo, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Form, Input, Radio, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { get, post } from '../../api/client';
import { CHANNELS, CHANNEL_LABELS, type Channel, type ContactEntry, type FiredRule, type GateDecision, type TemplateView } from '../../api/compliance';
import { OUTCOME_CODES } from '../../api/cases';
import { useI18n, useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';
import ReachabilityBox from './Reachability';

interface Draft {
  channel: Channel;
  targetKind: 'debtor' | 'third_party';
  contactId?: string;
  relation?: string;
  purpose?: 'locate' | 'relay_message';
  templateId?: string;
  text?: string;
  outcomeCode?: string;
}

/** Text with banned-word hits marked. */
function Highlighted({ text, fired }: { text: string; fired: FiredRule[] }) {
  const hits = fired.flatMap((f) => f.hits ?? []).sort((a, b) => a.start - b.start);
  if (!hits.length) return <span>{text}</span>;
  const out: React.ReactNode[] = [];
  let i = 0;
  for (const h of hits) {
    if (h.start < i) continue;
    out.push(text.slice(i, h.start));
    out.push(<mark key={h.start} data-testid="banned-hit" title={h.ruleId} style={{ background: '#ffccc7' }}>{text.slice(h.start, h.end)}</mark>);
    i = h.end;
  }
  out.push(text.slice(i));
  return <span>{out}</span>;
}

export function FiredList({ fired }: { fired: FiredRule[] }) {
  const { pick } = useI18n();
  const t = useLocalT(MSG);
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="fired-rules">
      {fired.map((f, i) => (
        <li key={`${f.ruleId}-${f.check}-${i}`} data-testid="fired-rule">
          <Tag color="red">{f.ruleId}</Tag>
          {pick(f.reasonZh, f.reasonEn)}
          {f.hits?.length ? <span> — {t('hits')}: {f.hits.map((h) => <Tag key={h.start} color="volcano">{h.matched}</Tag>)}</span> : null}
          {f.nextAllowedAt && <Typography.Text type="secondary"> ({t('nextAllowed')}: {fmtTime(f.nextAllowedAt)})</Typography.Text>}
        </li>
      ))}
    </ul>
  );
}

export default function CasePanel({ caseId }: { caseId: string }) {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Draft>();
  const draft = Form.useWatch([], form) as Draft | undefined;
  const templates = useLoad(() => get<{ items: TemplateView[] }>('/api/v1/scripts'), []);
  const history = useLoad(() => get<{ items: ContactEntry[] }>(`/api/v1/cases/${caseId}/contacts`), [caseId]);
  const [decision, setDecision] = useState<GateDecision | null>(null);
  const [checking, setChecking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState(0);
  const [reachChanged, setReachChanged] = useState(0);

  const body = useMemo(() => {
    if (!draft?.channel) return null;
    const target = draft.targetKind === 'third_party'
      ? { kind: 'third_party', contactId: draft.contactId || 'tp-unknown', relation: draft.relation || 'other', debtRelated: false, purpose: draft.purpose ?? 'locate' }
      : { kind: 'debtor' };
    return {
      channel: draft.channel, target,
      ...(draft.templateId ? { templateId: draft.templateId, variables: { portalUrl: `${location.origin}/portal`, hotline: '400-000-0000' } } : {}),
      ...(!draft.templateId && draft.text ? { text: draft.text } : {}),
    };
  }, [draft]);
  const key = JSON.stringify(body);

  useEffect(() => {
    if (!body) return;
    let live = true;
    setChecking(true);
    const h = setTimeout(() => {
      post<GateDecision>(`/api/v1/cases/${caseId}/contacts/check`, body)
        .then((d) => live && setDecision(d))
        .catch((e) => live && (setDecision(null), showError(e)))
        .finally(() => live && setChecking(false));
    }, 350);
    return () => {
      live = false;
      clearTimeout(h);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, caseId, recorded, reachChanged]);

  const record = async () => {
    const v = await form.validateFields();
    if (!body) return;
    setBusy(true);
    try {
      await post(`/api/v1/contacts`, { caseId, ...body, outcomeCode: v.outcomeCode });
      void message.success(t('recorded'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
      history.reload();
      setRecorded((n) => n + 1);
    }
  };

  const usable = (templates.data?.items ?? []).filter((x) => (x.state === 'approved' || x.state === 'filed') && (!draft?.channel || x.content.channels.includes(draft.channel)));
  const shownText = decision?.renderedText ?? draft?.text ?? '';

  return (
    <div data-testid="compliance-panel" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card size="small" title={t('composer')}>
        <Form form={form} layout="vertical" initialValues={{ channel: 'voice_agent', targetKind: 'debtor', purpose: 'locate' }}>
          <Space wrap size="large" align="start">
            <Form.Item name="channel" label={t('channel')} style={{ minWidth: 200 }}>
              <Select data-testid="composer-channel" options={CHANNELS.map((c) => ({ value: c, label: pick(CHANNEL_LABELS[c].zh, CHANNEL_LABELS[c].en) }))} />
            </Form.Item>
            <Form.Item name="targetKind" label={t('target')}>
              <Radio.Group data-testid="composer-target" options={[{ value: 'debtor', label: t('debtor') }, { value: 'third_party', label: t('thirdParty') }]} />
            </Form.Item>
          </Space>
          {draft?.targetKind === 'third_party' && (
            <Space wrap>
              <Form.Item name="contactId" label={t('contactId')}><Input style={{ width: 180 }} /></Form.Item>
              <Form.Item name="relation" label={t('relation')}><Input style={{ width: 140 }} /></Form.Item>
              <Form.Item name="purpose" label={t('purpose')}>
                <Select style={{ width: 180 }} options={[{ value: 'locate', label: t('locate') }, { value: 'relay_message', label: t('relay') }]} />
              </Form.Item>
            </Space>
          )}
          <Form.Item name="templateId" label={t('template')}>
            <Select allowClear showSearch data-testid="composer-template" placeholder={t('noTemplate')} loading={templates.loading}
              options={usable.map((x) => ({ value: x.templateId, label: `${x.templateId} · ${x.content.zh.slice(0, 30)}…` }))} />
          </Form.Item>
          {!draft?.templateId && (
            <Form.Item name="text" label={t('freeText')}>
              <Input.TextArea rows={3} maxLength={5000} data-testid="composer-text" />
            </Form.Item>
          )}
        <ReachabilityBox caseId={caseId} version={recorded} onChanged={() => setReachChanged((n) => n + 1)} />
        <div data-testid="gate-decision" data-decision={decision?.decision ?? ''}>
          {checking && !decision ? <Spin size="small" /> : decision && (
            decision.decision === 'allow'
              ? <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={t('allowed')} />
              : <Alert type="error" showIcon icon={<StopOutlined />} title={t('denied')}
                  description={<>
                    <FiredList fired={decision.fired} />
                    {decision.nextAllowedAt && <div data-testid="next-allowed">{t('nextAllowed')}: {fmtTime(decision.nextAllowedAt)}</div>}
                  </>} />
          )}
          {checking && decision && <Typography.Text type="secondary">{t('checking')}</Typography.Text>}
        </div>
        {shownText && (
          <div style={{ marginTop: 8 }} data-testid="composer-rendered">
            <Typography.Text type="secondary">{t('rendered')}: </Typography.Text>
            <Highlighted text={shownText} fired={decision?.fired ?? []} />
          </div>
        )}
        <Space align="end" style={{ marginTop: 12 }}>
          <Form.Item name="outcomeCode" label={t('outcome')} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
            <Select style={{ width: 220 }} data-testid="composer-outcome" options={Object.entries(OUTCOME_CODES).map(([k, v]) => ({ value: k, label: pick(v.zh, v.en) }))} />
          </Form.Item>
          <Button type="primary" loading={busy} onClick={() => void record()} data-testid="record-contact">{t('record')}</Button>
        </Space>
        </Form>
      </Card>
      <Card size="small" title={t('history')}>
        <Table<ContactEntry> size="small" rowKey="id" loading={history.loading} dataSource={history.data?.items ?? []} pagination={{ pageSize: 10 }} data-testid="contact-history"
          columns={[
            { title: t('when'), dataIndex: 'attemptedAt', render: (v: string) => fmtTime(v) },
            { title: t('channel'), dataIndex: 'channel', render: (c: Channel) => pick(CHANNEL_LABELS[c]?.zh ?? c, CHANNEL_LABELS[c]?.en ?? c) },
            { title: t('decision'), dataIndex: 'decision', render: (d: string) => <Tag color={d === 'allow' ? 'green' : 'red'} data-testid="history-decision">{t(d as 'allow' | 'deny')}</Tag> },
            { title: t('outcome'), dataIndex: 'outcome', render: (o: string | null) => o ?? '—' },
            { title: t('rules'), dataIndex: 'fired', render: (f: FiredRule[]) => (f.length ? f.map((x, i) => <Tag key={i} color="red" title={pick(x.reasonZh, x.reasonEn)}>{x.ruleId}</Tag>) : '—') },
          ]} />
      </Card>
    </div>
  );
}
