// CALC-02 on the case page: the debt's limitation status as the server computed it (state, expiry, days left) with
// the events it was computed from and what each did; staff record a limitation event (COL-91) and the card reloads.
// An expired debt carries the COL-92 warning.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { post } from '../../api/client';
import { LIMITATION_EVENT_TYPES, type CaseFile, type Limitation, type LimitationEventType } from '../../api/cases';
import { useShowError } from '../../common';
import { useSession } from '../../session';
import { useLimitationT, type LimitationKey } from './dict-limitation';

const STATE_COLOR: Record<Limitation['state'], string> = { running: 'blue', interrupted: 'green', expired: 'red', waived_by_ack: 'orange' };
const RECORDERS = ['tenant_admin', 'collector', 'legal_officer'];

export function LimitationTag({ limitation: l }: { limitation: Limitation }) {
  const t = useLimitationT();
  return (
    <Tag color={STATE_COLOR[l.state]} data-testid="limitation-state" data-state={l.state}>
      {t(`state_${l.state}` as LimitationKey)} · {t('expiresOn')} {l.expiresOn}
    </Tag>
  );
}

export default function LimitationCard({ file: f, onChanged }: { file: CaseFile; onChanged?: () => void }) {
  const t = useLimitationT();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { session } = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ type: LimitationEventType; on: Dayjs; note?: string }>();
  const l = f.limitation;
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await post(`/api/v1/cases/${f.id}/limitation-events`, { type: v.type, on: v.on.format('YYYY-MM-DD'), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      void message.success(t('recorded'));
      setOpen(false);
      form.resetFields();
      onChanged?.();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small" title={t('limitationTitle')} style={{ marginTop: 16 }} data-testid="limitation-card"
      extra={RECORDERS.includes(session?.user.role ?? '') && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="limitation-record">{t('recordEvent')}</Button>
      )}
    >
      {l.state === 'expired' && <Alert type="error" showIcon message={t('expiredWarning')} style={{ marginBottom: 12 }} data-testid="limitation-expired" />}
      <Space wrap style={{ marginBottom: 8 }}>
        <LimitationTag limitation={l} />
        {l.state !== 'expired' && <Typography.Text type="secondary" data-testid="limitation-days-left">{t('daysLeft', { n: l.daysLeft })}</Typography.Text>}
      </Space>
      <Descriptions column={{ xs: 1, sm: 3 }} size="small" layout="vertical" style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('runsFrom')}><span data-testid="limitation-runs-from">{l.runsFrom}</span></Descriptions.Item>
        <Descriptions.Item label={t('knewOn')}>{l.knewOn}</Descriptions.Item>
        <Descriptions.Item label={t('longStopOn')}>{l.longStopOn}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('events')}</Typography.Text>
      {l.events.length === 0 ? <div><Typography.Text type="secondary">{t('noEvents')}</Typography.Text></div> : (
        <Table
          size="small" pagination={false} rowKey={(e) => `${e.source}:${e.type}:${e.on}:${e.note ?? ''}`} dataSource={l.events} data-testid="limitation-events"
          columns={[
            { title: t('eventOn'), dataIndex: 'on' },
            { title: t('eventType'), dataIndex: 'type', render: (v: string) => t(`ev_${v}` as LimitationKey) },
            { title: '', dataIndex: 'source', render: (v: string) => <Tag>{t(`source_${v}` as LimitationKey)}</Tag> },
            { title: '', dataIndex: 'effect', render: (v: string) => <Tag color={v === 'restarted' ? 'green' : v === 'waived' ? 'orange' : undefined} data-testid="limitation-effect">{t(`effect_${v}` as LimitationKey)}</Tag> },
            { title: t('eventNote'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
          ]}
        />
      )}
      <Modal open={open} title={t('recordEvent')} onOk={() => void save()} confirmLoading={busy} onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'limitation-ok' } as React.ComponentProps<typeof Button>}>
        <Form form={form} layout="vertical" initialValues={{ type: 'demand_delivered', on: dayjs() }}>
          <Form.Item name="type" label={t('eventType')} rules={[{ required: true }]}>
            <Select data-testid="limitation-type" options={LIMITATION_EVENT_TYPES.map((k) => ({ value: k, label: t(`ev_${k}` as LimitationKey) }))} />
          </Form.Item>
          <Form.Item name="on" label={t('eventOn')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="limitation-on" />
          </Form.Item>
          <Form.Item name="note" label={t('eventNote')}>
            <Input maxLength={500} data-testid="limitation-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
