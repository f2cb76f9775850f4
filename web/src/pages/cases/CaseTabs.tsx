// Tabs of the case page: summary (debtor card with an audited reveal, debt position, promises, related parties),
// timeline with "state on day X", tasks, notes, attachments and hand-off.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Form, Input, List, Modal, Radio, Row, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { DownloadOutlined, EyeOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, post } from '../../api/client';
import { OUTCOME_CODES, REVEAL_ROLES, download, replayTimeline, upload, type Attachment, type CaseFile, type Handoff, type Note, type Party, type Task, type TimelineEvent } from '../../api/cases';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { useCasesT, type CasesKey } from './dict';
import { HoldTag, StageTag, fenToYuan, pct, yuan } from './shared';
import { useI18n } from '../../i18n';
import LimitationCard, { LimitationTag } from './LimitationCard';
import { useLimitationT, type LimitationKey } from './dict-limitation';

export function SummaryTab({ file: f, onChanged }: { file: CaseFile; onChanged?: () => void }) {
  const t = useCasesT();
  const { session } = useSession();
  const showError = useShowError();
  const parties = useLoad(() => get<{ items: Party[] }>(`/api/v1/cases/${f.id}/parties`), [f.id]);
  const [revealOpen, setRevealOpen] = useState(false);
  const [revealed, setRevealed] = useState<{ idNumber?: string; phones?: string[]; emails?: string[]; addresses?: string[] } | null>(null);
  const [form] = Form.useForm<{ fields: string[]; reason: string }>();
  const canReveal = REVEAL_ROLES.includes(session?.user.role ?? '');
  const overCap = f.debt.contractRateBps > f.position.rateCapBps && f.position.rateCapBps > 0;
  const reveal = async () => {
    const v = await form.validateFields();
    try {
      setRevealed(await post(`/api/v1/cases/${f.id}/reveal`, v));
      setRevealOpen(false);
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card
          title={t('debtorCard')}
          data-testid="debtor-card"
          extra={canReveal && <Button size="small" icon={<EyeOutlined />} onClick={() => setRevealOpen(true)} data-testid="reveal">{t('reveal')}</Button>}
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('name')}>{f.debtor.name}</Descriptions.Item>
            <Descriptions.Item label={t('idNumber')}><span data-testid="debtor-id">{revealed?.idNumber ?? f.debtor.idNumberMasked}</span></Descriptions.Item>
            <Descriptions.Item label={t('timeZone')}>{f.debtor.timeZone}</Descriptions.Item>
            <Descriptions.Item label={t('contacts')}>
              <Space direction="vertical" size={0}>
                {f.debtor.contactPoints.map((p) => (
                  <span key={p.id}>
                    {p.kind}: {p.masked} {p.suppressed && <Tag>{t('suppressed')}</Tag>}
                  </span>
                ))}
                {revealed && [...(revealed.phones ?? []), ...(revealed.emails ?? []), ...(revealed.addresses ?? [])].map((v) => <Typography.Text key={v} strong data-testid="revealed">{v}</Typography.Text>)}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('promises')} style={{ marginTop: 16 }} size="small" data-testid="promises">
          {f.promises.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
            <List size="small" dataSource={f.promises} renderItem={(p) => (
              <List.Item>
                <Space>
                  <span>{p.dueDate}</span>
                  <strong>{yuan(p.amount)}</strong>
                  <Tag color={p.status === 'kept' ? 'green' : p.status === 'broken' ? 'red' : 'blue'}>{t(`promise_${p.status}` as CasesKey)}</Tag>
                  <Typography.Text type="secondary">{t('paid')} {yuan(p.paidTowards)}</Typography.Text>
                </Space>
              </List.Item>
            )} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('debts')} data-testid="debt-card">
          {overCap && <Alert type="warning" showIcon message={t('capWarning')} style={{ marginBottom: 12 }} data-testid="cap-warning" />}
          <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
            <Descriptions.Item label={t('outstanding')}><strong data-testid="outstanding">{yuan(f.position.outstanding, f.debt.currency)}</strong></Descriptions.Item>
            <Descriptions.Item label={t('dpd')}>{f.position.daysPastDue}</Descriptions.Item>
            <Descriptions.Item label={t('principal')}>{yuan(f.position.principal, f.debt.currency)}</Descriptions.Item>
            <Descriptions.Item label={t('interest')}>{yuan(f.position.interest, f.debt.currency)}</Descriptions.Item>
            <Descriptions.Item label={t('penalty')}>{yuan(f.position.penalty, f.debt.currency)}</Descriptions.Item>
            <Descriptions.Item label={t('fees')}>{yuan(f.position.fees, f.debt.currency)}</Descriptions.Item>
            <Descriptions.Item label={t('paid')}>{yuan(f.position.paid, f.debt.currency)}</Descriptions.Item>
            <Descriptions.Item label={t('rate')}>{pct(f.debt.contractRateBps)}</Descriptions.Item>
            <Descriptions.Item label={t('appliedRate')}>{pct(f.position.appliedRateBps)}</Descriptions.Item>
            <Descriptions.Item label={t('rateCap')}>{f.position.rateCapBps > 0 ? pct(f.position.rateCapBps) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('contract')}>{f.debt.contractNumber}</Descriptions.Item>
            <Descriptions.Item label={t('originalCreditor')}>{f.debt.originalCreditor}</Descriptions.Item>
            <Descriptions.Item label={t('product')}>{f.debt.product ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dueDate')}>{f.debt.dueDate}</Descriptions.Item>
            <Descriptions.Item label={t('limitation')}>{f.limitation ? <LimitationTag limitation={f.limitation} /> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('sla')}>{t(`sla_${f.sla.status}` as CasesKey)}{f.sla.dueAt ? ` · ${t('slaDue', { at: fmtTime(f.sla.dueAt) })}` : ''}</Descriptions.Item>
          </Descriptions>
        </Card>
        {f.limitation && <LimitationCard file={f} onChanged={onChanged} />}
        <Card title={t('parties')} style={{ marginTop: 16 }} size="small">
          <Table<Party>
            size="small" rowKey="id" pagination={false} loading={parties.loading} dataSource={parties.data?.items ?? []}
            columns={[
              { title: t('name'), dataIndex: 'name' },
              { title: t('relationship'), dataIndex: 'relationship' },
              { title: t('classification'), dataIndex: 'classification', render: (c: string) => t(`cls_${c}` as CasesKey) },
              { title: t('contact'), dataIndex: 'phoneMasked', render: (v: string | null, r) => <>{v ?? '—'} {r.suppressed && <Tag>{t('suppressed')}</Tag>}</> },
              { title: t('mayAskToPay'), dataIndex: 'mayAskToPay', render: (v: boolean) => (v ? t('yes') : t('no')) },
              { title: t('mayDisclose'), dataIndex: 'mayDiscloseDebt', render: (v: boolean) => (v ? t('yes') : t('no')) },
            ]}
          />
        </Card>
      </Col>
      <Modal open={revealOpen} title={t('revealTitle')} onOk={() => void reveal()} onCancel={() => setRevealOpen(false)} okButtonProps={{ 'data-testid': 'reveal-ok' } as React.ComponentProps<typeof Button>}>
        <Form form={form} layout="vertical" initialValues={{ fields: ['idNumber', 'phones'] }}>
          <Form.Item name="fields" label={t('revealFields')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Checkbox.Group options={['idNumber', 'phones', 'emails', 'addresses'].map((k) => ({ value: k, label: t(`field_${k}` as CasesKey) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('revealReason')} rules={[{ required: true, whitespace: true, min: 5, message: t('reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}

const EVENT_COLOR: Record<string, string> = { placed: 'green', transitioned: 'blue', hold_placed: 'red', hold_released: 'gray', recorded: 'gray' };

export function TimelineTab({ caseId, version, nameOf }: { caseId: string; version: number; nameOf: (id: string | null) => string }) {
  const t = useCasesT();
  const lt = useLimitationT();
  const { pick } = useI18n();
  const tl = useLoad(() => get<{ items: TimelineEvent[] }>(`/api/v1/cases/${caseId}/timeline`), [caseId, version]);
  const [day, setDay] = useState<Dayjs | null>(null);
  const state = useLoad(async () => {
    if (!day) return null;
    const at = day.endOf('day').toDate();
    // A server replay endpoint when there is one; otherwise the same replay over the timeline read above.
    try {
      return (await get<{ at: string; state: ReturnType<typeof replayTimeline> }>(`/api/v1/cases/${caseId}/state?at=${encodeURIComponent(at.toISOString())}`)).state;
    } catch {
      const events = tl.data?.items ?? (await get<{ items: TimelineEvent[] }>(`/api/v1/cases/${caseId}/timeline`)).items;
      return replayTimeline(events, at);
    }
  }, [caseId, day?.valueOf()]);
  const items = tl.data?.items ?? [];
  const shown = day ? items.filter((e) => dayjs(e.at).isBefore(day.endOf('day'))) : items;
  const describe = (e: TimelineEvent) => {
    const d = e.detail;
    if (e.type === 'transitioned') return `${t(`stage_${String(d.from)}` as CasesKey)} → ${t(`stage_${String(d.to)}` as CasesKey)}${d.closeReason ? ` (${t(`close_${String(d.closeReason)}` as CasesKey)})` : ''}${d.reason ? ` · ${String(d.reason)}` : ''}`;
    if (e.type === 'hold_placed') return `${t('addHold')}: ${t(`hold_${String(d.kind)}` as CasesKey)} · ${String(d.reason ?? '')}`;
    if (e.type === 'hold_released') return `${t('releaseHold')} · ${String(d.reason ?? '')}`;
    if (e.type === 'placed') return t('ev_placed');
    if (e.type === 'recorded') {
      const x = (d.data ?? {}) as Record<string, unknown>;
      const what = String(d.what ?? '');
      if (what === 'assigned') return t('ev_assigned', { who: nameOf((x.collectorId as string) ?? null) });
      if (what === 'first_action') return t('ev_first_action', { kind: String(x.kind ?? '') });
      if (what === 'promise_recorded') return t('ev_promise_recorded', { amount: yuan(fenToYuan(String(x.amountFen ?? '0'))), due: String(x.dueDate ?? '') });
      if (what === 'touch') {
        const o = OUTCOME_CODES[String(x.outcomeCode)];
        return t('ev_touch', { channel: t(`ch_${String(x.channel)}` as CasesKey), outcome: o ? pick(o.zh, o.en) : String(x.outcomeCode) });
      }
      if (what === 'limitation_event') return lt('tl_limitation', { type: lt(`ev_${String(x.type)}` as LimitationKey), on: String(x.on ?? '') });
      if (what === 'payment_unrecorded') return lt('tl_unrecorded', { amount: yuan(fenToYuan(String(x.amountFen ?? '0'))), reason: String(x.reason ?? '') });
      if (what.startsWith('payment') && x.amountFen !== undefined) return t('ev_payment', { amount: yuan(fenToYuan(String(x.amountFen))) });
      return `${what}${Object.keys(x).length ? ` · ${JSON.stringify(x)}` : ''}`;
    }
    return e.type;
  };
  return (
    <Card data-testid="timeline">
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{t('stateOnDay')}</span>
        <span data-testid="state-day"><DatePicker value={day} onChange={setDay} /></span>
        {day && state.data && (
          <Space data-testid="state-at">
            <span>{t('stateAt', { day: day.format('YYYY-MM-DD') })}:</span>
            {state.data.stage ? <StageTag stage={state.data.stage} closeReason={state.data.closeReason} /> : <Tag>—</Tag>}
            {state.data.holds.map((h) => <HoldTag key={h.holdId} kind={h.kind as never} />)}
          </Space>
        )}
      </Space>
      {shown.length === 0 ? <Empty /> : (
        <Timeline
          items={[...shown].reverse().map((e) => ({
            color: EVENT_COLOR[e.type] ?? 'gray',
            children: (
              <div data-testid="timeline-event" data-type={e.type}>
                <Typography.Text type="secondary">#{e.seq} · {fmtTime(e.at)} · {nameOf(e.actorId)}</Typography.Text>
                <div>{describe(e)}</div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

export function TasksTab({ caseId, onChange }: { caseId: string; onChange: () => void }) {
  const t = useCasesT();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const tasks = useLoad(() => get<{ items: Task[] }>(`/api/v1/cases/${caseId}/tasks`), [caseId]);
  const [form] = Form.useForm<{ title: string; dueAt: Dayjs }>();
  const add = async () => {
    const v = await form.validateFields();
    try {
      await post(`/api/v1/cases/${caseId}/tasks`, { title: v.title, dueAt: v.dueAt.toDate().toISOString() });
      void message.success(t('taskAdded'));
      form.resetFields();
      tasks.reload();
      onChange();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Card data-testid="tasks">
      <Form form={form} layout="inline" style={{ marginBottom: 16 }} initialValues={{ dueAt: dayjs().add(1, 'day').hour(10).minute(0) }}>
        <Form.Item name="title" rules={[{ required: true, whitespace: true }]}>
          <Input placeholder={t('taskTitle')} style={{ width: 320 }} data-testid="task-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="dueAt" rules={[{ required: true }]}>
          <DatePicker showTime placeholder={t('taskDue')} />
        </Form.Item>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void add()} data-testid="add-task">{t('newTask')}</Button>
      </Form>
      <TaskTable items={tasks.data?.items ?? []} loading={tasks.loading} onDone={() => (tasks.reload(), onChange())} />
    </Card>
  );
}

export function TaskTable({ items, loading, onDone, showCase }: { items: Task[]; loading: boolean; onDone: () => void; showCase?: boolean }) {
  const t = useCasesT();
  const showError = useShowError();
  const done = (x: Task) => !!x.doneAt || x.status === 'done';
  return (
    <Table<Task>
      size="small" rowKey="id" loading={loading} dataSource={items} pagination={{ pageSize: 10, hideOnSinglePage: true }}
      rowClassName={() => 'task-row'}
      columns={[
        ...(showCase ? [{ title: t('ref'), dataIndex: 'caseRef', render: (v: string | undefined, r: Task) => <a href={`${location.pathname.replace(/\/admin\/.*$/, '')}/admin/cases/${r.caseId}`}>{v ?? r.caseId}</a> }] : []),
        { title: t('taskTitle'), dataIndex: 'title', render: (v: string) => <span data-testid="task-row">{v}</span> },
        { title: t('taskDue'), dataIndex: 'dueAt', render: (v: string | null) => <span style={{ color: v && !dayjs(v).isAfter(dayjs()) ? '#cf1322' : undefined }}>{fmtTime(v)}</span> },
        {
          title: t('status'), key: 'status',
          render: (_: unknown, r: Task) => done(r) ? <Tag color="green">{t('completed')}</Tag> : (
            <Button size="small" data-testid="complete-task" onClick={() => void post(`/api/v1/tasks/${r.id}/complete`).then(onDone, (e: unknown) => showError(e))}>{t('complete')}</Button>
          ),
        },
      ]}
    />
  );
}

export function NotesTab({ caseId, nameOf }: { caseId: string; nameOf: (id: string | null) => string }) {
  const t = useCasesT();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const notes = useLoad(() => get<{ items: Note[] }>(`/api/v1/cases/${caseId}/notes`), [caseId]);
  const [form] = Form.useForm<{ text: string }>();
  const add = async () => {
    const v = await form.validateFields();
    try {
      await post(`/api/v1/cases/${caseId}/notes`, { text: v.text });
      void message.success(t('noteAdded'));
      form.resetFields();
      notes.reload();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Card data-testid="notes">
      <Form form={form} layout="vertical">
        <Form.Item name="text" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={4000} placeholder={t('noteText')} data-testid="note-text" />
        </Form.Item>
        <Button type="primary" onClick={() => void add()} data-testid="add-note">{t('addNote')}</Button>
      </Form>
      <List
        style={{ marginTop: 16 }}
        loading={notes.loading}
        dataSource={[...(notes.data?.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta title={<Typography.Text type="secondary">{fmtTime(n.createdAt)} · {n.authorName ?? nameOf(n.authorId)}</Typography.Text>} description={<span data-testid="note-row" style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{n.text}</span>} />
          </List.Item>
        )}
      />
    </Card>
  );
}

export function AttachmentsTab({ caseId }: { caseId: string }) {
  const t = useCasesT();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { session } = useSession();
  const list = useLoad(() => get<{ items: Attachment[] }>(`/api/v1/cases/${caseId}/attachments`), [caseId]);
  const [busy, setBusy] = useState(false);
  return (
    <Card data-testid="attachments">
      <Upload
        showUploadList={false}
        beforeUpload={(file) => {
          setBusy(true);
          upload(`/api/v1/cases/${caseId}/attachments`, file, file.name, {}, session?.csrfToken ?? '')
            .then(() => (void message.success(t('uploaded')), list.reload()))
            .catch((e: unknown) => showError(e))
            .finally(() => setBusy(false));
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} data-testid="upload-attachment">{t('upload')}</Button>
      </Upload>
      <Table<Attachment>
        style={{ marginTop: 16 }} size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={false}
        columns={[
          { title: t('fileName'), dataIndex: 'fileName', render: (v: string) => <span data-testid="attachment-row">{v}</span> },
          { title: t('size'), dataIndex: 'size', render: (v: number) => `${(v / 1024).toFixed(1)} KB` },
          { title: 'SHA-256', dataIndex: 'sha256', render: (v: string) => <Typography.Text code copyable={{ text: v }}>{v.slice(0, 12)}…</Typography.Text> },
          { title: t('at'), dataIndex: 'createdAt', render: fmtTime },
          {
            title: t('download'), key: 'dl',
            render: (_: unknown, r) => <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(`/api/v1/cases/${caseId}/attachments/${r.id}`, r.fileName).catch((e: unknown) => showError(e))} />,
          },
        ]}
      />
    </Card>
  );
}

export function HandoffTab({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const t = useCasesT();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { session } = useSession();
  const [form] = Form.useForm<{ to: string; targetTenantSlug?: string; lawyerName?: string; reason: string }>();
  const to = Form.useWatch('to', form);
  const list = useLoad(() => get<{ items: Handoff[] }>(`/api/v1/cases/${caseId}/handoffs`), [caseId]);
  const role = session?.user.role;
  const can = role === 'tenant_admin' || role === 'collector' || role === 'legal_officer';
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post(`/api/v1/cases/${caseId}/handoff`, v);
      void message.success(t('handoffDone'));
      form.resetFields();
      list.reload();
      onDone();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Card data-testid="handoff">
      <Alert type="info" showIcon message={t('handoffNote')} style={{ marginBottom: 16 }} />
      {can && (
        <Form form={form} layout="vertical" initialValues={{ to: 'legal_track' }} style={{ maxWidth: 560 }}>
          <Form.Item name="to" label={t('handoffKind')}>
            <Radio.Group options={['legal_track', 'lawyer', ...(role === 'tenant_admin' ? ['agency'] : [])].map((k) => ({ value: k, label: t(`handoff_${k}` as CasesKey) }))} />
          </Form.Item>
          {to === 'lawyer' && (
            <Form.Item name="lawyerName" label={t('handoffTarget')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          )}
          {to === 'agency' && (
            <Form.Item name="targetTenantSlug" label={t('handoffTarget')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={60} placeholder="agency-slug" />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Button type="primary" onClick={() => void submit()} data-testid="handoff-submit">{t('handoff')}</Button>
        </Form>
      )}
      <Table<Handoff>
        style={{ marginTop: 16 }} size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={false}
        columns={[
          { title: t('at'), dataIndex: 'at', render: fmtTime },
          { title: t('handoffKind'), dataIndex: 'kind', render: (k: string) => (k === 'received' ? t('fromAgency') : t(`handoff_${k}` as CasesKey)) },
          { title: t('handoffTarget'), dataIndex: 'target', render: (v: string | null) => v ?? '—' },
          { title: t('reason'), dataIndex: 'reason' },
          { title: t('digest'), dataIndex: 'packageDigest', render: (v: string | null) => (v ? <Typography.Text code copyable={{ text: v }}>{v.slice(0, 12)}…</Typography.Text> : '—') },
        ]}
      />
    </Card>
  );
}
