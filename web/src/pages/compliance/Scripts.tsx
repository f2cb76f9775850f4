// Script library (/admin/scripts): every template's latest version with state, filing number and usage; the approval
// workflow (submit → approve by a compliance officer → file with a number; reject; retire), new scripts and
// new versions, export and import as JSON. Review problems (COL-40, COL-42..46) are shown per template.
import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { get, post } from '../../api/client';
import { CHANNELS, type ScriptContent, type TemplateView } from '../../api/compliance';
import { useLocalT } from '../../i18n';
import { useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { MSG } from './dict';

const stateColor: Record<string, string> = { draft: 'default', submitted: 'gold', approved: 'green', filed: 'blue', rejected: 'red', retired: 'default' };
const CATEGORIES = ['first_notice', 'reminder', 'payment_plan', 'broken_promise', 'third_party_locate', 'settlement', 'automated_voice', 'payment_received', 'dispute', 'complaint', 'hardship', 'closure', 'call_opening'];

export default function Scripts() {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const role = useSession().session?.user.role ?? '';
  const officer = role === 'compliance_officer' || role === 'tenant_admin';
  const [state, setState] = useState<string | undefined>();
  const list = useLoad(() => get<{ items: TemplateView[] }>(`/api/v1/scripts${state ? `?state=${state}` : ''}`), [state]);
  const [editing, setEditing] = useState<boolean>(false);
  const [form] = Form.useForm<ScriptContent & { variablesJson: string }>();

  const act = async (id: string, body: Record<string, string>) => {
    try {
      await post(`/api/v1/scripts/${id}/actions`, body);
      void message.success(t('saved'));
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  const ask = (id: string, action: 'reject' | 'file') => {
    let v = '';
    Modal.confirm({
      title: action === 'file' ? t('filing') : t('reason'),
      content: <Input data-testid="action-input" onChange={(e) => (v = e.target.value)} />,
      okButtonProps: { 'data-testid': 'action-ok' } as React.ComponentProps<typeof Button>,
      onOk: () => act(id, action === 'file' ? { action, filingNumber: v } : { action, reason: v }),
    });
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      const { variablesJson, ...content } = v;
      let variables: Record<string, string>;
      try {
        variables = JSON.parse(variablesJson || '{}');
      } catch {
        form.setFields([{ name: 'variablesJson', errors: ['JSON'] }]);
        return;
      }
      await post('/api/v1/scripts', { ...content, variables });
      setEditing(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      showError(e, form);
    }
  };
  const importFile = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text());
      const r = await post<{ imported: unknown[]; problems: unknown[] }>('/api/v1/scripts/import', { templates: parsed.templates ?? parsed });
      void message.success(`${t('importJson')}: ${r.imported.length}`);
      list.reload();
    } catch (e) {
      showError(e);
    }
    return false;
  };
  const edit = (v?: TemplateView) => {
    form.setFieldsValue(v ? { ...v.content, variablesJson: JSON.stringify(v.content.variables) } : { audience: 'debtor', automated: false, channels: ['sms'], category: 'reminder', variablesJson: '{"agencyName":"text","creditorName":"text"}' });
    setEditing(true);
  };

  return (
    <div data-testid="scripts-page" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('scriptsTitle')}</Typography.Title>
      <Space wrap>
        <Select allowClear placeholder={t('state')} style={{ width: 160 }} value={state} onChange={setState} data-testid="scripts-state"
          options={['draft', 'submitted', 'approved', 'filed', 'rejected', 'retired'].map((s) => ({ value: s, label: s }))} />
        <Button onClick={() => edit()} data-testid="new-script">{t('newScript')}</Button>
        <Button href="/api/v1/scripts/export" target="_blank">{t('exportJson')}</Button>
        {officer && <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => void importFile(f) as unknown as boolean}><Button>{t('importJson')}</Button></Upload>}
      </Space>
      <Table<TemplateView> size="small" rowKey="templateId" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} data-testid="scripts-table"
        expandable={{ expandedRowRender: (v) => (
          <div>
            <p>{v.content.zh}</p><p style={{ color: '#888' }}>{v.content.en}</p>
            {v.problems.map((p, i) => <Tag key={i} color="red">{p.ruleId} {p.code}: {p.detail}</Tag>)}
          </div>
        ) }}
        columns={[
          { title: t('id'), dataIndex: 'templateId', render: (id: string) => <span data-testid={`script-${id}`}>{id}</span> },
          { title: t('category'), render: (_, v) => v.content.category },
          { title: t('channel'), render: (_, v) => v.content.channels.join(', ') },
          { title: t('version'), dataIndex: 'version' },
          { title: t('state'), dataIndex: 'state', render: (s: string, v) => <Tag color={stateColor[s]} data-testid={`state-${v.templateId}`}>{s}</Tag> },
          { title: t('filing'), dataIndex: 'filingNumber', render: (f: string | null) => f ?? '—' },
          { title: t('usage'), dataIndex: 'usageCount' },
          { title: t('problems'), render: (_, v) => (v.problems.length ? <Tag color="red">{v.problems.length}</Tag> : '—') },
          { title: t('actions'), render: (_, v) => (
            <Space size={4} wrap>
              {(v.state === 'draft' || v.state === 'rejected') && <Button size="small" onClick={() => void act(v.templateId, { action: 'submit' })} data-testid={`submit-${v.templateId}`}>{t('submitAct')}</Button>}
              {v.state === 'submitted' && officer && <Button size="small" type="primary" onClick={() => void act(v.templateId, { action: 'approve' })} data-testid={`approve-${v.templateId}`}>{t('approve')}</Button>}
              {v.state === 'submitted' && officer && <Button size="small" danger onClick={() => ask(v.templateId, 'reject')}>{t('reject')}</Button>}
              {v.state === 'approved' && officer && <Button size="small" onClick={() => ask(v.templateId, 'file')} data-testid={`file-${v.templateId}`}>{t('file')}</Button>}
              {['approved', 'filed', 'rejected'].includes(v.state) && <Button size="small" onClick={() => edit(v)}>{t('version')} +1</Button>}
              {v.state !== 'retired' && officer && <Button size="small" type="link" onClick={() => void act(v.templateId, { action: 'retire' })}>{t('retire')}</Button>}
            </Space>
          ) },
        ]} />
      <Modal open={editing} title={t('newScript')} onOk={() => void save()} onCancel={() => setEditing(false)} width={720} destroyOnHidden okButtonProps={{ 'data-testid': 'script-save' } as React.ComponentProps<typeof Button>}>
        <Form form={form} layout="vertical" preserve={false}>
          <Space wrap>
            <Form.Item name="id" label={t('id')} rules={[{ required: true }]}><Input style={{ width: 220 }} data-testid="script-id" /></Form.Item>
            <Form.Item name="category" label={t('category')}><Select style={{ width: 200 }} options={CATEGORIES.map((c) => ({ value: c, label: c }))} /></Form.Item>
            <Form.Item name="audience" label={t('audience')}><Select style={{ width: 140 }} options={[{ value: 'debtor', label: 'debtor' }, { value: 'third_party', label: 'third_party' }]} /></Form.Item>
            <Form.Item name="automated" label={t('automated')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Form.Item name="channels" label={t('channel')}><Select mode="multiple" options={CHANNELS.map((c) => ({ value: c, label: c }))} /></Form.Item>
          <Form.Item name="zh" label="中文" rules={[{ required: true }]}><Input.TextArea rows={3} data-testid="script-zh" /></Form.Item>
          <Form.Item name="en" label="English" rules={[{ required: true }]}><Input.TextArea rows={3} data-testid="script-en" /></Form.Item>
          <Form.Item name="variablesJson" label={t('variables')}><Input data-testid="script-vars" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
