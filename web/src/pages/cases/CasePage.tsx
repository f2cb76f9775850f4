// The case page (/admin/cases/:id): header with stage, holds, SLA and the lock; the allowed transitions as buttons
// (each asks for a reason; a refusal shows the server's allowed list); holds, promises to pay and touches; tabs for
// the summary, timeline, tasks, notes, attachments, hand-off and the other areas' panels (loaded lazily).
import { lazy, Suspense, useState } from 'react';
import { useParams, Link } from 'react-router-dom';
import { Alert, App as AntApp, Breadcrumb, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Result, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { LockOutlined, UnlockOutlined, PauseCircleOutlined, DollarOutlined, PhoneOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ApiError, del, get, post } from '../../api/client';
import { CLOSE_REASONS, HOLD_KINDS, OUTCOME_CODES, TOUCH_CHANNELS, type CaseFile, type CaseStage } from '../../api/cases';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { useCasesT, type CasesKey } from './dict';
import { HoldTag, SlaTag, StageTag, useStaff } from './shared';
import { SummaryTab, TimelineTab, TasksTab, NotesTab, AttachmentsTab, HandoffTab } from './CaseTabs';

const CompliancePanel = lazy(() => import('../compliance/CasePanel'));
const LedgerPanel = lazy(() => import('../ledger/CasePanel'));
const DocumentsPanel = lazy(() => import('../documents/CasePanel'));
const RiskPanel = lazy(() => import('../risk/CasePanel'));
const EvidencePanel = lazy(() => import('../evidence/CasePanel'));

type Dialog = null | { kind: 'transition'; to: CaseStage } | { kind: 'hold' } | { kind: 'release'; holdId: string } | { kind: 'promise' } | { kind: 'touch' };

export default function CasePage() {
  const { id = '' } = useParams();
  const t = useCasesT();
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { session } = useSession();
  const { nameOf } = useStaff();
  const c = useLoad(() => get<CaseFile>(`/api/v1/cases/${id}`), [id]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [version, setVersion] = useState(0);
  const refresh = () => {
    c.reload();
    setVersion((v) => v + 1);
  };

  if (c.loading && !c.data) return <Spin style={{ margin: 48 }} />;
  if (!c.data) return <Result status={c.error instanceof ApiError && c.error.status === 404 ? '404' : 'error'} title={c.error instanceof ApiError ? c.error.detail ?? c.error.code : ''} />;
  const f = c.data;
  const me = session?.user.id;
  const lockedByMe = f.lock?.holderId === me;
  const role = session?.user.role;
  const canWork = role === 'tenant_admin' || role === 'collector' || role === 'legal_officer' || role === 'mediator';
  const canHold = role === 'tenant_admin' || role === 'collector' || role === 'legal_officer' || role === 'compliance_officer';

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      void message.success(ok);
      setDialog(null);
      form.resetFields();
      refresh();
    } catch (e) {
      showError(e, form);
      if (e instanceof ApiError) {
        const allowed = (e as ApiError & { allowed?: string[] }).allowed ?? extractAllowed(e);
        if (allowed) {
          // The move itself is refused: close the dialog and show what is allowed now.
          setRefused(t('refusedAllowed', { list: allowed.map((s) => (t(`stage_${s}` as CasesKey) || s)).join('、') || '—' }));
          setDialog(null);
          form.resetFields();
        }
      }
      c.reload();
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    if (!dialog) return;
    if (dialog.kind === 'transition')
      await act(() => post(`/api/v1/cases/${id}/transitions`, { to: dialog.to, reason: v.reason, ...(dialog.to === 'closed' ? { closeReason: v.closeReason } : {}) }), t('transitionDone', { stage: t(`stage_${dialog.to}` as CasesKey) }));
    else if (dialog.kind === 'hold')
      await act(() => post(`/api/v1/cases/${id}/holds`, { kind: v.kind, reason: v.reason, ...(v.resumeAt ? { resumeAt: (v.resumeAt as Dayjs).toDate().toISOString() } : {}) }), t('holdPlaced'));
    else if (dialog.kind === 'release') await act(() => post(`/api/v1/cases/${id}/holds/${dialog.holdId}/release`, { reason: v.reason }), t('holdReleased'));
    else if (dialog.kind === 'promise')
      await act(() => post(`/api/v1/cases/${id}/promises`, { amount: String(v.amount), dueDate: (v.dueDate as Dayjs).format('YYYY-MM-DD'), ...(v.note ? { note: v.note } : {}) }), t('promiseSaved'));
    else if (dialog.kind === 'touch')
      await act(() => post(`/api/v1/cases/${id}/touches`, { outcomeCode: v.outcomeCode, channel: v.channel, ...(v.note ? { note: v.note } : {}) }), t('touchSaved'));
  };

  const lockText = f.lock
    ? lockedByMe
      ? t('lockedByMe', { until: fmtTime(f.lock.expiresAt) })
      : t('lockedBy', { who: f.lock.holderName ?? nameOf(f.lock.holderId), since: fmtTime(f.lock.since ?? null) === '—' ? `—（${fmtTime(f.lock.expiresAt)}）` : fmtTime(f.lock.since) })
    : t('notLocked');

  const panel = (el: React.ReactNode) => <Suspense fallback={<Spin />}>{el}</Suspense>;

  return (
    <div data-testid="case-page">
      <Breadcrumb items={[{ title: <Link to="/admin/cases">{t('casesTitle')}</Link> }, { title: f.ref }]} style={{ marginBottom: 8 }} />
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap align="start">
          <Space direction="vertical" size={4}>
            <Space wrap>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-ref">{f.ref}</Typography.Title>
              <StageTag stage={f.stage} closeReason={f.closeReason} />
              <SlaTag status={f.sla.status} />
              {f.holds.map((h) => (
                <Space key={h.holdId} size={2} data-testid="hold">
                  <HoldTag kind={h.kind} />
                  <Typography.Text type="secondary">{h.reason}{h.resumeAt ? ` · → ${fmtTime(h.resumeAt)}` : ''}</Typography.Text>
                  {canHold && <Button size="small" type="link" onClick={() => setDialog({ kind: 'release', holdId: h.holdId })} data-testid="release-hold">{t('releaseHold')}</Button>}
                </Space>
              ))}
            </Space>
            <Typography.Text type="secondary">
              {f.debtor.name} · {f.creditor.name} · {t('assignedTo')}: {f.assignedTo ? nameOf(f.assignedTo) : t('unassigned')}
            </Typography.Text>
          </Space>
          <Space direction="vertical" align="end" size={4}>
            <Space>
              <Tag icon={f.lock ? <LockOutlined /> : <UnlockOutlined />} color={f.lock ? (lockedByMe ? 'green' : 'orange') : 'default'} data-testid="lock-status">{lockText}</Tag>
              {canWork && !lockedByMe && (
                <Button size="small" icon={<LockOutlined />} loading={busy} onClick={() => void act(() => post(`/api/v1/cases/${id}/lock`), t('lockTaken'))} data-testid="take-lock">{t('takeLock')}</Button>
              )}
              {canWork && lockedByMe && (
                <Button size="small" icon={<UnlockOutlined />} loading={busy} onClick={() => void act(() => del(`/api/v1/cases/${id}/lock`), t('lockReleased'))} data-testid="release-lock">{t('releaseLock')}</Button>
              )}
            </Space>
          </Space>
        </Space>
        {refused && <Alert type="warning" showIcon closable onClose={() => setRefused(null)} message={refused} style={{ marginTop: 12 }} data-testid="refused" />}
        <Space wrap style={{ marginTop: 12 }}>
          {canWork && f.allowedTransitions.map((s) => (
            <Button key={s} onClick={() => setDialog({ kind: 'transition', to: s })} data-testid={`transition-${s}`}>{t('transitionTo', { stage: t(`stage_${s}` as CasesKey) })}</Button>
          ))}
          {canHold && <Button icon={<PauseCircleOutlined />} danger onClick={() => setDialog({ kind: 'hold' })} data-testid="add-hold">{t('addHold')}</Button>}
          {canWork && <Button icon={<DollarOutlined />} type="primary" onClick={() => setDialog({ kind: 'promise' })} data-testid="record-promise">{t('promise')}</Button>}
          {canWork && <Button icon={<PhoneOutlined />} onClick={() => setDialog({ kind: 'touch' })} data-testid="record-touch">{t('touch')}</Button>}
        </Space>
      </Card>

      <Tabs
        style={{ marginTop: 12 }}
        destroyOnHidden
        data-testid="case-tabs"
        items={[
          { key: 'summary', label: t('tabSummary'), children: <SummaryTab file={f} onChanged={c.reload} /> },
          { key: 'timeline', label: <span data-testid="tab-timeline">{t('tabTimeline')}</span>, children: <TimelineTab caseId={id} version={version} nameOf={nameOf} /> },
          { key: 'tasks', label: <span data-testid="tab-tasks">{t('tabTasks')}</span>, children: <TasksTab caseId={id} onChange={refresh} /> },
          { key: 'notes', label: <span data-testid="tab-notes">{t('tabNotes')}</span>, children: <NotesTab caseId={id} nameOf={nameOf} /> },
          { key: 'attachments', label: <span data-testid="tab-attachments">{t('tabAttachments')}</span>, children: <AttachmentsTab caseId={id} /> },
          { key: 'handoff', label: <span data-testid="tab-handoff">{t('tabHandoff')}</span>, children: <HandoffTab caseId={id} onDone={refresh} /> },
          { key: 'compliance', label: t('tabCompliance'), children: panel(<CompliancePanel caseId={id} />) },
          { key: 'ledger', label: t('tabLedger'), children: panel(<LedgerPanel caseId={id} />) },
          { key: 'documents', label: t('tabDocuments'), children: panel(<DocumentsPanel caseId={id} />) },
          { key: 'risk', label: t('tabRisk'), children: panel(<RiskPanel caseId={id} />) },
          { key: 'evidence', label: t('tabEvidence'), children: panel(<EvidencePanel caseId={id} />) },
        ]}
      />

      <Modal
        open={!!dialog}
        destroyOnHidden
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => (setDialog(null), form.resetFields())}
        okButtonProps={{ 'data-testid': 'dialog-ok' } as React.ComponentProps<typeof Button>}
        title={
          dialog?.kind === 'transition' ? t('transitionTo', { stage: t(`stage_${dialog.to}` as CasesKey) })
            : dialog?.kind === 'hold' ? t('addHold') : dialog?.kind === 'release' ? t('releaseHold') : dialog?.kind === 'promise' ? t('promise') : t('touch')
        }
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.kind === 'transition' && dialog.to === 'closed' && (
            <Form.Item name="closeReason" label={t('closeReason')} rules={[{ required: true }]}>
              <Select options={CLOSE_REASONS.map((r) => ({ value: r, label: t(`close_${r}` as CasesKey) }))} data-testid="close-reason" />
            </Form.Item>
          )}
          {dialog?.kind === 'hold' && (
            <>
              <Form.Item name="kind" label={t('holdKind')} rules={[{ required: true }]}>
                <Select options={HOLD_KINDS.map((k) => ({ value: k, label: t(`hold_${k}` as CasesKey) }))} data-testid="hold-kind" />
              </Form.Item>
              <Form.Item name="resumeAt" label={t('resumeAt')}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'promise' && (
            <>
              <Form.Item name="amount" label={t('amount')} rules={[{ required: true }]}>
                <InputNumber<string> stringMode min="0.01" step="100" precision={2} style={{ width: '100%' }} id="promise-amount" />
              </Form.Item>
              <Form.Item name="dueDate" label={t('promiseDate')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} id="promise-date" />
              </Form.Item>
              <Form.Item name="note" label={t('noteText')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'touch' && (
            <>
              <Form.Item name="channel" label={t('channel')} rules={[{ required: true }]} initialValue="phone">
                <Select options={TOUCH_CHANNELS.map((ch) => ({ value: ch, label: t(`ch_${ch}` as CasesKey) }))} />
              </Form.Item>
              <Form.Item name="outcomeCode" label={t('outcome')} rules={[{ required: true }]}>
                <Select data-testid="touch-outcome" options={Object.entries(OUTCOME_CODES).map(([k, v]) => ({ value: k, label: pick(v.zh, v.en) }))} />
              </Form.Item>
              <Form.Item name="note" label={t('noteText')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {dialog && dialog.kind !== 'promise' && dialog.kind !== 'touch' && (
            <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={1000} data-testid="dialog-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}

/** The allowed targets a refused transition names (problem `allowed`, or "allowed: a, b" in the detail). */
function extractAllowed(e: ApiError): string[] | null {
  const raw = e as unknown as { allowed?: unknown; extra?: { allowed?: unknown } };
  const a = raw.allowed ?? raw.extra?.allowed;
  if (Array.isArray(a)) return a.map(String);
  const m = /allowed[^:]*:\s*([a-z_, ]+)/i.exec(e.detail ?? '');
  if (e.code === 'CASES_ON_HOLD') return ['closed'];
  return e.code.includes('TRANSITION') ? (m ? m[1].split(/[ ,]+/).filter(Boolean) : []) : null;
}
