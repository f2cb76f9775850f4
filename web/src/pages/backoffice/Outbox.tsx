// The development message provider's outbox: everything handed to SMS/voice/email, clearly labelled not delivered.
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { get, type OutboxMessage } from '../../api/client';
import { useI18n } from '../../i18n';
import { fmtTime, useLoad } from '../../common';

export function OutboxPage() {
  const { t } = useI18n();
  const { data, loading, reload } = useLoad(() => get<{ items: OutboxMessage[] }>('/api/v1/outbox?limit=200'));
  const items = data?.items ?? [];
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('outboxTitle')}</Typography.Title>
        <Button onClick={reload}>{t('refresh')}</Button>
      </Space>
      {items.some((m) => !m.delivered) && <Alert type="warning" showIcon title={t('outboxDevNotice')} style={{ marginBottom: 16 }} data-testid="outbox-notice" />}
      <Table<OutboxMessage>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (m) => <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{m.body}</pre> }}
        columns={[
          { title: t('time'), dataIndex: 'createdAt', render: fmtTime, width: 180 },
          { title: t('channel'), dataIndex: 'channel', render: (c: string, m) => <Tag>{c} · {m.provider}</Tag> },
          { title: t('recipient'), dataIndex: 'recipient' },
          { title: t('subject'), dataIndex: 'subject', render: (s: string | null, m) => s ?? m.body.slice(0, 40) },
          { title: t('purpose'), dataIndex: 'purpose' },
          {
            title: t('status'),
            dataIndex: 'delivered',
            render: (d: boolean, m) => (d ? <Tag color="green">{t('delivered')} ({m.status})</Tag> : <Tag color="orange">{t('notDelivered')}</Tag>),
          },
        ]}
      />
    </div>
  );
}
