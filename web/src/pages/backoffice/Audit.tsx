// The audit trail of writes and unmasked reads, newest first.
import { useState } from 'react';
import { Input, Space, Table, Tag, Typography } from 'antd';
import { get, type AuditEvent } from '../../api/client';
import { useI18n } from '../../i18n';
import { fmtTime, useLoad } from '../../common';

export function AuditPage() {
  const { t } = useI18n();
  const [action, setAction] = useState('');
  const { data, loading } = useLoad(
    () => get<{ items: AuditEvent[] }>(`/api/v1/audit?limit=200${action ? `&action=${encodeURIComponent(action)}` : ''}`),
    [action],
  );
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('auditTitle')}</Typography.Title>
        <Input.Search allowClear placeholder={t('action')} onSearch={setAction} style={{ width: 260 }} />
      </Space>
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 25, hideOnSinglePage: true }}
        columns={[
          { title: t('time'), dataIndex: 'at', render: fmtTime, width: 180 },
          { title: t('actor'), dataIndex: 'actorId', render: (a: string | null, e) => <span>{a ?? '—'} {e.actorRole && <Tag>{e.actorRole}</Tag>}</span> },
          { title: t('action'), dataIndex: 'action', render: (a: string) => <code>{a}</code> },
          { title: t('target'), key: 'target', render: (_, e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—') },
          { title: t('status'), dataIndex: 'status', render: (s: number | null) => (s == null ? '—' : <Tag color={s < 400 ? 'green' : 'red'}>{s}</Tag>) },
          { title: 'IP', dataIndex: 'ip' },
          { title: t('reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        ]}
      />
    </div>
  );
}
