// Tenant settings and branding: name, logo, colours, tagline, complaint channel, custom domain — with a live
// preview of the public site header; the filing record is shown read-only (the operator approves it).
import { useEffect } from 'react';
import { App as AntApp, Button, Card, Col, ColorPicker, Descriptions, Form, Input, Row, Space, Tag, Typography } from 'antd';
import { get, put, SCOPE_LABELS, type Scope, type Tenant } from '../../api/client';
import { useI18n, type MsgKey } from '../../i18n';
import { useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { SitePreview } from '../site/Landing';

interface BrandingForm {
  displayName: string;
  logoUrl?: string;
  tagline?: string;
  colors: { primary: string; secondary: string };
  complaintChannel: { phone?: string; email?: string; url?: string };
  customDomain?: string;
}

const clean = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;

export function SettingsPage() {
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { reload: reloadSession } = useSession();
  const { data: tenant, reload } = useLoad(() => get<Tenant>('/api/v1/tenant'));
  const [form] = Form.useForm<BrandingForm>();
  const live = Form.useWatch([], form);

  useEffect(() => {
    if (!tenant) return;
    form.setFieldsValue({
      displayName: tenant.displayName,
      logoUrl: tenant.branding.logoUrl,
      tagline: tenant.branding.tagline,
      colors: { primary: tenant.branding.colors?.primary ?? '#1f6feb', secondary: tenant.branding.colors?.secondary ?? '#0b3d91' },
      complaintChannel: tenant.branding.complaintChannel ?? {},
      customDomain: tenant.customDomain ?? undefined,
    });
  }, [tenant, form]);

  const save = async (v: BrandingForm) => {
    try {
      const body = clean({
        displayName: v.displayName,
        logoUrl: v.logoUrl,
        tagline: v.tagline,
        colors: v.colors,
        complaintChannel: clean(v.complaintChannel ?? {}),
        customDomain: v.customDomain,
      });
      await put<Tenant>('/api/v1/tenant/branding', body);
      void message.success(t('saved'));
      reload();
      void reloadSession();
    } catch (e) {
      showError(e, form);
    }
  };

  const hex = (c: unknown) => (typeof c === 'string' ? c : (c as { toHexString(): string }).toHexString());

  return (
    <div>
      <Typography.Title level={3}>{t('settingsTitle')}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} xl={12}>
          <Card>
            <Form form={form} layout="vertical" onFinish={save} requiredMark={false}>
              <Form.Item name="displayName" label={t('tenantName')} rules={[{ required: true, min: 2, message: t('required') }]}><Input data-testid="brand-name" /></Form.Item>
              <Form.Item name="logoUrl" label={t('logoUrl')}><Input placeholder="https://… / data:image/png;base64,…" /></Form.Item>
              <Form.Item name="tagline" label={t('tagline')}><Input maxLength={120} /></Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name={['colors', 'primary']} label={t('primaryColor')} getValueFromEvent={hex}>
                    <ColorPicker showText disabledAlpha data-testid="color-primary" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={['colors', 'secondary']} label={t('secondaryColor')} getValueFromEvent={hex}>
                    <ColorPicker showText disabledAlpha />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name={['complaintChannel', 'phone']} label={t('complaintPhone')}><Input /></Form.Item>
              <Form.Item name={['complaintChannel', 'email']} label={t('complaintEmail')} rules={[{ type: 'email', message: t('invalidEmail') }]}><Input /></Form.Item>
              <Form.Item name={['complaintChannel', 'url']} label={t('complaintUrl')} rules={[{ type: 'url' }]}><Input /></Form.Item>
              <Form.Item name="customDomain" label={t('customDomain')}><Input placeholder="collect.example.cn" /></Form.Item>
              <Button type="primary" htmlType="submit" data-testid="brand-save">{t('save')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('preview')} data-testid="brand-preview">
            {tenant && (
              <SitePreview
                displayName={live?.displayName || tenant.displayName}
                logoUrl={live?.logoUrl || null}
                tagline={live?.tagline || null}
                colors={{ primary: live?.colors?.primary ?? '#1f6feb', secondary: live?.colors?.secondary ?? '#0b3d91' }}
              />
            )}
          </Card>
          {tenant && (
            <Card title={t('filingInfo')} style={{ marginTop: 16 }}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('status')}><Tag>{t(`tenantStatus_${tenant.status}` as MsgKey)}</Tag></Descriptions.Item>
                <Descriptions.Item label={t('legalName')}>{tenant.legalName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('uscc')}>{tenant.uscc ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('filingNumber')}>{tenant.filingNumber ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('lawFirm')}>{t(`lawFirm_${tenant.lawFirm}` as MsgKey)}</Descriptions.Item>
                <Descriptions.Item label={t('scopes')}><Space size={[4, 4]} wrap>{tenant.scopes.map((s) => <Tag key={s}>{SCOPE_LABELS[s as Scope] ? pick(SCOPE_LABELS[s as Scope].zh, SCOPE_LABELS[s as Scope].en) : s}</Tag>)}</Space></Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
