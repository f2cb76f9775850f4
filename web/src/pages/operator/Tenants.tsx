// Operator: the tenant list with status tags, onboarding a tenant, recording its filing (备案: USCC, scopes),
// approving, suspending and reinstating. A regulator sees the same list read-only.
import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { get, post, put, SCOPE_LABELS, SCOPES, type Tenant } from '../../api/client';
import { useI18n, type MsgKey } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { isValidUscc } from '../../uscc';

const STATUS_COLOR: Record<Tenant['status'], string> = { pending: 'gold', active: 'green', suspended: 'red' };

export function TenantsPage() {
  const { t, pick } = useI18n();
  const { session } = useSession();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { data, loading, reload } = useLoad(() => get<{ items: Tenant[] }>('/api/v1/platform/tenants'));
  const operator = session?.user.role === 'platform_operator';
  const [creating, setCreating] = useState(false);
  const [filing, setFiling] = useState<Tenant | null>(null);
  const [suspending, setSuspending] = useState<Tenant | null>(null);
  const [createForm] = Form.useForm();
  const [filingForm] = Form.useForm();
  const [suspendForm] = Form.useForm();

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
      reload();
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  };

  const create = async (v: Record<string, string>) => {
    try {
      await post('/api/v1/platform/tenants', v);
      void message.success(t('tenantCreated'));
      setCreating(false);
      createForm.resetFields();
      reload();
    } catch (e) {
      showError(e, createForm);
    }
  };
  const saveFiling = async (v: Record<string, unknown>) => {
    if (!filing) return;
    try {
      await put(`/api/v1/platform/tenants/${filing.id}/filing`, v);
      void message.success(t('saved'));
      setFiling(null);
      reload();
    } catch (e) {
      showError(e, filingForm);
    }
  };
  const openFiling = (tn: Tenant) => {
    setFiling(tn);
    filingForm.setFieldsValue({
      legalName: tn.legalName ?? '', uscc: tn.uscc ?? '', legalRepresentative: tn.legalRepresentative ?? '', filingNumber: tn.filingNumber ?? '',
      lawFirm: tn.lawFirm, scopes: tn.scopes,
    });
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('tenantsTitle')}</Typography.Title>
        {operator && <Button type="primary" onClick={() => setCreating(true)} data-testid="new-tenant">{t('newTenant')}</Button>}
      </Space>
      <Table<Tenant>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="tenant-table"
        columns={[
          { title: t('tenantName'), dataIndex: 'displayName', render: (n: string, tn) => <span data-testid={`tenant-${tn.slug}`}>{n}<br /><Typography.Text type="secondary">{tn.slug}</Typography.Text></span> },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: Tenant['status'], tn) => <Tag color={STATUS_COLOR[s]} data-testid={`status-${tn.slug}`}>{t(`tenantStatus_${s}` as MsgKey)}</Tag>,
          },
          { title: t('legalName'), dataIndex: 'legalName', render: (v: string | null) => v ?? '—' },
          { title: t('filingNumber'), dataIndex: 'filingNumber', render: (v: string | null) => v ?? '—' },
          { title: t('scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{pick(SCOPE_LABELS[x as keyof typeof SCOPE_LABELS]?.zh ?? x, SCOPE_LABELS[x as keyof typeof SCOPE_LABELS]?.en ?? x)}</Tag>) },
          { title: t('createdAt'), dataIndex: 'createdAt', render: fmtTime },
          {
            title: t('actions'),
            key: 'a',
            render: (_, tn) =>
              operator && (
                <Space wrap>
                  <Button size="small" onClick={() => openFiling(tn)}>{t('editFiling')}</Button>
                  {tn.status === 'pending' && (
                    <Popconfirm title={`${t('approve')} ${tn.displayName}?`} okText={t('approve')} cancelText={t('cancel')} onConfirm={() => act(() => post(`/api/v1/platform/tenants/${tn.id}/approve`), t('approved'))}>
                      <Button size="small" type="primary" data-testid={`approve-${tn.slug}`}>{t('approve')}</Button>
                    </Popconfirm>
                  )}
                  {tn.status === 'active' && <Button size="small" danger onClick={() => setSuspending(tn)}>{t('suspend')}</Button>}
                  {tn.status === 'suspended' && <Button size="small" onClick={() => act(() => post(`/api/v1/platform/tenants/${tn.id}/reinstate`), t('saved'))}>{t('reinstate')}</Button>}
                </Space>
              ),
          },
        ]}
      />

      <Modal title={t('newTenant')} open={creating} onCancel={() => setCreating(false)} onOk={() => createForm.submit()} okText={t('create')} cancelText={t('cancel')} destroyOnHidden>
        <Form form={createForm} layout="vertical" onFinish={create} requiredMark={false} initialValues={{ hashAlgorithm: 'sha256' }}>
          <Form.Item name="slug" label={t('slug')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, message: 'a-z 0-9 -' }]}><Input placeholder="jinhua-mediation" /></Form.Item>
          <Form.Item name="displayName" label={t('tenantName')} rules={[{ required: true, min: 2, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="hashAlgorithm" label={t('hashAlgorithm')}>
            <Radio.Group options={[{ value: 'sha256', label: 'SHA-256' }, { value: 'sm3', label: 'SM3（国密）' }]} />
          </Form.Item>
          <Form.Item name="adminEmail" label={t('adminEmail')} rules={[{ required: true, type: 'email', message: t('invalidEmail') }]}><Input /></Form.Item>
          <Form.Item name="adminName" label={t('adminName')} rules={[{ required: true, message: t('required') }]}><Input /></Form.Item>
        </Form>
      </Modal>

      <Modal title={`${t('filing')} · ${filing?.displayName ?? ''}`} open={!!filing} onCancel={() => setFiling(null)} onOk={() => filingForm.submit()} okText={t('save')} cancelText={t('cancel')} width={640} forceRender>
        <Form form={filingForm} layout="vertical" onFinish={saveFiling} requiredMark={false}>
          <Form.Item name="legalName" label={t('legalName')} rules={[{ required: true, min: 2, message: t('required') }]}><Input /></Form.Item>
          <Form.Item
            name="uscc"
            label={t('uscc')}
            normalize={(v: string) => v.toUpperCase()}
            rules={[{ required: true, message: t('required') }, { validator: (_, v: string) => (!v || isValidUscc(v) ? Promise.resolve() : Promise.reject(new Error(t('usccInvalid')))) }]}
          >
            <Input maxLength={18} placeholder="91330701MA2D5XKD1C" data-testid="uscc" />
          </Form.Item>
          <Form.Item name="legalRepresentative" label={t('legalRepresentative')} rules={[{ required: true, min: 2, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="filingNumber" label={t('filingNumber')} rules={[{ required: true, min: 3, message: t('required') }]}><Input /></Form.Item>
          <Form.Item name="lawFirm" label={t('lawFirm')} rules={[{ required: true }]}>
            <Select options={(['is_law_firm', 'works_with_law_firm', 'none'] as const).map((v) => ({ value: v, label: t(`lawFirm_${v}`) }))} />
          </Form.Item>
          <Form.Item name="scopes" label={t('scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
            <Checkbox.Group options={SCOPES.map((s) => ({ value: s, label: pick(SCOPE_LABELS[s].zh, SCOPE_LABELS[s].en) }))} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        title={`${t('suspend')} · ${suspending?.displayName ?? ''}`}
        open={!!suspending}
        onCancel={() => setSuspending(null)}
        onOk={() => suspendForm.submit()}
        okText={t('suspend')}
        okButtonProps={{ danger: true }}
        cancelText={t('cancel')}
        destroyOnHidden
      >
        <Form
          form={suspendForm}
          layout="vertical"
          onFinish={async (v: { reason: string }) => {
            if (suspending && (await act(() => post(`/api/v1/platform/tenants/${suspending.id}/suspend`, v), t('saved')))) setSuspending(null);
          }}
        >
          <Form.Item name="reason" label={t('suspendReason')} rules={[{ required: true, min: 3, message: t('required') }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
