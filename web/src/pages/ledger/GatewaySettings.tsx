// The finance page's settings section: the tenant's payment gateways (Alipay, WeChat Pay, UnionPay, bank transfer)
// and the payment-plan reminder settings. Keys are write-only: the API only says which are set; an empty key field
// keeps the stored key. Only the tenant admin may change them (the server refuses anyone else anyway).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { get, put } from '../../api/client';
import type { GatewayConfig, GatewayName, ReminderSettings } from '../../api/ledger';
import { useLoad, useShowError } from '../../common';
import { useI18n, useLocalT } from '../../i18n';
import { useSession } from '../../session';
import { MSG } from './dict';

const SETTINGS: Record<GatewayName, string[]> = {
  alipay: ['appId', 'sellerId', 'gatewayUrl'],
  wechat: ['appId', 'mchId', 'merchantSerialNo', 'platformSerial', 'apiBase'],
  unionpay: ['merId', 'certId', 'gatewayUrl'],
  bank_transfer: ['accountName', 'bankName', 'accountNo'],
};
const OPTIONAL = new Set(['sellerId', 'gatewayUrl', 'apiBase']);
/** Field labels (zh, en); the protocol's own field name stays visible in brackets for whoever reads the gateway console. */
const LABELS: Record<string, [string, string]> = {
  appId: ['应用 ID', 'App ID'], sellerId: ['卖家支付宝账号 ID（可选）', 'Seller id (optional)'], gatewayUrl: ['网关地址（可选，默认正式环境）', 'Gateway URL (optional, production by default)'],
  mchId: ['商户号', 'Merchant id'], merchantSerialNo: ['商户 API 证书序列号', 'Merchant API certificate serial'], platformSerial: ['平台证书序列号 / 公钥 ID', 'Platform certificate serial / public key id'],
  apiBase: ['API 地址（可选）', 'API base (optional)'], merId: ['商户代码', 'Merchant code'], certId: ['签名证书序列号', 'Signing certificate serial'],
  accountName: ['托管账户户名', 'Escrow account name'], bankName: ['开户行', 'Bank'], accountNo: ['托管账户账号', 'Escrow account number'],
  privateKeyPem: ['商户私钥（PEM）', 'Merchant private key (PEM)'], alipayPublicKeyPem: ['支付宝公钥（PEM）', 'Alipay public key (PEM)'], apiV3Key: ['APIv3 密钥（32 位）', 'APIv3 key (32 characters)'],
  platformPublicKeyPem: ['微信支付平台证书 / 公钥（PEM）', 'WeChat Pay platform certificate / public key (PEM)'], unionpayPublicKeyPem: ['银联签名公钥 / 证书（PEM）', 'UnionPay signing key / certificate (PEM)'],
};

export function GatewaySettings() {
  const t = useLocalT(MSG);
  const { session } = useSession();
  const admin = session?.user.role === 'tenant_admin';
  const list = useLoad(() => get<{ items: GatewayConfig[]; live: boolean }>('/api/v1/ledger/gateways'), []);
  const [editing, setEditing] = useState<GatewayConfig | null>(null);
  return (
    <Card title={t('gateways')} data-testid="gateway-settings">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type={list.data?.live ? 'warning' : 'info'} showIcon message={list.data?.live ? t('liveOn') : t('liveOff')} />
        <Table<GatewayConfig> size="small" rowKey="gateway" loading={list.loading} dataSource={list.data?.items ?? []} pagination={false}
          columns={[
            { title: t('gateway'), dataIndex: 'gateway', render: (g: GatewayName) => t(g) },
            { title: t('status'), dataIndex: 'enabled', render: (v: boolean, g) => <Tag color={v ? 'green' : undefined} data-testid={`gateway-status-${g.gateway}`}>{v ? t('enabled') : t('disabled')}</Tag> },
            { title: t('settings'), key: 's', render: (_: unknown, g) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{Object.entries(g.settings).filter(([k]) => !OPTIONAL.has(k)).map(([k, v]) => `${k}=${v}`).join(' · ') || '—'}</Typography.Text> },
            { title: t('keys'), key: 'k', render: (_: unknown, g) => <Space size={4} wrap>{g.secretsRequired.map((k) => <Tag key={k} color={g.secretsSet.includes(k) ? 'blue' : 'default'}>{k} {g.secretsSet.includes(k) ? t('keysSet') : t('keysMissing')}</Tag>)}</Space> },
            { title: t('webhookUrl'), dataIndex: 'webhookUrl', render: (v: string | null) => v ? <Typography.Text copyable style={{ fontSize: 12 }}>{v}</Typography.Text> : '—' },
            ...(admin ? [{ title: t('actions'), key: 'a', render: (_: unknown, g: GatewayConfig) => <Button size="small" onClick={() => setEditing(g)} data-testid={`gateway-configure-${g.gateway}`}>{t('configure')}</Button> }] : []),
          ]} />
        <Typography.Text type="secondary">{t('keysNote')}</Typography.Text>
      </Space>
      {editing && <GatewayForm g={editing} onClose={(changed) => { setEditing(null); if (changed) list.reload(); }} />}
    </Card>
  );
}

function GatewayForm({ g, onClose }: { g: GatewayConfig; onClose(changed: boolean): void }) {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const label = (k: string) => `${LABELS[k] ? pick(...LABELS[k]) : k} · ${k}`;
  const showError = useShowError();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = () => form.validateFields().then((v: { enabled: boolean; settings: Record<string, string | undefined>; secrets?: Record<string, string | undefined> }) => {
    const settings = Object.fromEntries(Object.entries(v.settings ?? {}).filter(([, x]) => x !== undefined && x !== '')) as Record<string, string>;
    const secrets = Object.fromEntries(Object.entries(v.secrets ?? {}).filter(([, x]) => x !== undefined && x !== '')) as Record<string, string>;
    setBusy(true);
    put(`/api/v1/ledger/gateways/${g.gateway}`, { enabled: v.enabled, settings, ...(Object.keys(secrets).length ? { secrets } : {}) })
      .then(() => onClose(true), (e: unknown) => showError(e, form)).finally(() => setBusy(false));
  });
  return (
    <Modal open title={`${t('configure')} · ${t(g.gateway)}`} onOk={submit} okText={t('save')} confirmLoading={busy} onCancel={() => onClose(false)} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ enabled: g.enabled, settings: g.settings }} data-testid="gateway-form">
        <Form.Item name="enabled" label={t('enabled')} valuePropName="checked"><Switch data-testid="gateway-enabled" /></Form.Item>
        {SETTINGS[g.gateway].map((k) => (
          <Form.Item key={k} name={['settings', k]} label={label(k)} rules={OPTIONAL.has(k) ? [] : [{ required: true }]}><Input data-testid={`gateway-setting-${k}`} /></Form.Item>
        ))}
        {g.secretsRequired.map((k) => (
          <Form.Item key={k} name={['secrets', k]} label={label(k)}>
            <Input.TextArea rows={k === 'apiV3Key' ? 1 : 3} autoComplete="off" spellCheck={false} placeholder={g.secretsSet.includes(k) ? t('keyKeep') : t('keyNew')} data-testid={`gateway-secret-${k}`} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

export function ReminderSettingsCard() {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const { session } = useSession();
  const admin = session?.user.role === 'tenant_admin';
  const s = useLoad(() => get<ReminderSettings>('/api/v1/ledger/reminder-settings'), []);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  if (!s.data) return <Card loading title={t('reminders')} />;
  const save = (v: { daysBefore: number; channel: 'sms' | 'email' }) => {
    setBusy(true);
    put<ReminderSettings>('/api/v1/ledger/reminder-settings', v).then(() => s.reload(), (e: unknown) => showError(e, form)).finally(() => setBusy(false));
  };
  return (
    <Card title={t('reminders')} data-testid="reminder-settings">
      <Form form={form} layout="inline" initialValues={{ daysBefore: s.data.daysBefore, channel: s.data.channel }} onFinish={save} disabled={!admin}>
        <Form.Item name="daysBefore" label={t('daysBefore')} rules={[{ required: true }]}><InputNumber min={0} max={30} data-testid="reminder-days" /></Form.Item>
        <Form.Item name="channel" label={t('channel')}><Select style={{ width: 120 }} options={[{ value: 'sms', label: t('sms') }, { value: 'email', label: t('email') }]} /></Form.Item>
        {admin && <Form.Item><Button type="primary" htmlType="submit" loading={busy} data-testid="reminder-save">{t('save')}</Button></Form.Item>}
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('remindersNote')}</Typography.Paragraph>
    </Card>
  );
}
