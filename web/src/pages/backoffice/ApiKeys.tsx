// API keys: list, create (the secret is shown once, in a modal), revoke.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { API_KEY_SCOPES, del, get, post, type ApiKey } from '../../api/client';
import { useI18n } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';

export function ApiKeysPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { data, loading, reload } = useLoad(() => get<{ items: ApiKey[] }>('/api/v1/api-keys'));
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm();

  const create = async (v: { name: string; scopes: string[] }) => {
    try {
      const r = await post<{ key: ApiKey; secret: string }>('/api/v1/api-keys', v);
      setOpen(false);
      form.resetFields();
      setSecret(r.secret);
      reload();
    } catch (e) {
      showError(e, form);
    }
  };
  const revoke = async (k: ApiKey) => {
    try {
      await del(`/api/v1/api-keys/${k.id}`);
      void message.success(t('revoked'));
      reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('apiKeysTitle')}</Typography.Title>
        <Button type="primary" onClick={() => setOpen(true)} data-testid="new-key">{t('newKey')}</Button>
      </Space>
      <Table<ApiKey>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('keyName'), dataIndex: 'name' },
          { title: t('keyScopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('keyCreatedAt'), dataIndex: 'createdAt', render: fmtTime },
          { title: t('keyLastUsed'), dataIndex: 'lastUsedAt', render: fmtTime },
          {
            title: t('actions'),
            key: 'a',
            render: (_, k) =>
              k.revokedAt ? (
                <Tag>{t('revoked')}</Tag>
              ) : (
                <Popconfirm title={t('keyRevokeConfirm')} onConfirm={() => revoke(k)} okText={t('revoke')} cancelText={t('cancel')}>
                  <Button size="small" danger>{t('revoke')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title={t('newKey')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('create')} cancelText={t('cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create} requiredMark={false} initialValues={{ scopes: ['cases:read'] }}>
          <Form.Item name="name" label={t('keyName')} rules={[{ required: true, message: t('required') }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="scopes" label={t('keyScopes')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
            <Checkbox.Group options={API_KEY_SCOPES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!secret} title={t('newKey')} onCancel={() => setSecret(null)} onOk={() => setSecret(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon title={t('keySecretOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="key-secret">{secret}</Typography.Paragraph>
      </Modal>
    </div>
  );
}
