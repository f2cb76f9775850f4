// Users and roles: list, create (with optional initial password and badge number), change role, disable/enable.
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { get, patch, post, ROLES, type Role, type User } from '../../api/client';
import { useI18n, type MsgKey } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';

export function UsersPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { data, loading, reload } = useLoad(() => get<{ items: User[] }>('/api/v1/users'));
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const canEdit = session?.user.role === 'tenant_admin' || session?.user.role === 'platform_operator';
  const roleOptions = (session?.tenant.kind === 'platform' ? (['platform_operator', 'regulator'] as Role[]) : ROLES).map((r) => ({ value: r, label: t(`role_${r}` as MsgKey) }));

  const change = async (u: User, body: { role?: Role; status?: 'active' | 'disabled' }) => {
    try {
      await patch(`/api/v1/users/${u.id}`, body);
      void message.success(body.role ? t('roleChanged') : t('saved'));
      reload();
    } catch (e) {
      showError(e);
    }
  };
  const create = async (v: { email: string; displayName: string; role: Role; password?: string; badgeNo?: string }) => {
    try {
      await post('/api/v1/users', { ...v, password: v.password || undefined, badgeNo: v.badgeNo || undefined });
      void message.success(t('userCreated'));
      setOpen(false);
      form.resetFields();
      reload();
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('usersTitle')}</Typography.Title>
        {canEdit && <Button type="primary" onClick={() => setOpen(true)} data-testid="new-user">{t('newUser')}</Button>}
      </Space>
      <Table<User>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('email'), dataIndex: 'email' },
          { title: t('badgeNo'), dataIndex: 'badgeNo', render: (v: string | null) => v ?? '—' },
          {
            title: t('role'),
            dataIndex: 'role',
            render: (r: Role, u) =>
              canEdit && u.id !== session?.user.id ? (
                <Select size="small" value={r} style={{ width: 170 }} options={roleOptions} onChange={(role) => void change(u, { role })} />
              ) : (
                t(`role_${r}` as MsgKey)
              ),
          },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{s === 'active' ? t('statusActive') : t('statusDisabled')}</Tag> },
          { title: t('lastLogin'), dataIndex: 'lastLoginAt', render: fmtTime },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, u) =>
              canEdit && u.id !== session?.user.id ? (
                <Button size="small" danger={u.status === 'active'} onClick={() => void change(u, { status: u.status === 'active' ? 'disabled' : 'active' })}>
                  {u.status === 'active' ? t('disable') : t('enable')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal title={t('newUser')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('create')} cancelText={t('cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create} requiredMark={false} initialValues={{ role: roleOptions[1]?.value ?? roleOptions[0]?.value }}>
          <Form.Item name="email" label={t('email')} rules={[{ required: true, type: 'email', message: t('invalidEmail') }]}><Input /></Form.Item>
          <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="role" label={t('role')} rules={[{ required: true }]}><Select options={roleOptions} /></Form.Item>
          <Form.Item name="badgeNo" label={t('badgeNo')}><Input placeholder="JH-0003" /></Form.Item>
          <Form.Item name="password" label={t('initialPassword')} rules={[{ min: 10, message: t('passwordMin') }]}><Input.Password autoComplete="new-password" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
