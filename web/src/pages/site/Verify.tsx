// COL-71: anyone contacted by a collector can check the badge number belongs to active staff of this agency.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Result, Spin } from 'antd';
import { get, type CollectorCheck } from '../../api/client';
import { useI18n, type MsgKey } from '../../i18n';
import { useShowError } from '../../common';
import { useSession } from '../../session';
import { tenantQuery } from '../../tenant';
import { SiteFrame, useSite } from './Landing';

export function VerifyCollector() {
  const { t } = useI18n();
  const { site: loc } = useSession();
  const { data: site, loading } = useSite();
  const [form] = Form.useForm();
  const [result, setResult] = useState<CollectorCheck | null>(null);
  const showError = useShowError();
  if (loading && !site) return <Spin style={{ margin: 48 }} />;
  if (!site || site.kind === 'platform') return <Result status="404" title={t('siteNotFound')} />;
  const check = async (v: { badge: string }) => {
    try {
      const q = tenantQuery(loc);
      setResult(await get<CollectorCheck>(`/api/v1/public/verify-collector?badge=${encodeURIComponent(v.badge.trim())}${q ? `&${q}` : ''}`));
    } catch (e) {
      setResult(null);
      showError(e, form);
    }
  };
  return (
    <SiteFrame site={site}>
      <Card title={t('siteVerify')} style={{ marginTop: 24 }}>
        <p>{t('siteVerifyIntro')}</p>
        <Form form={form} layout="inline" onFinish={check}>
          <Form.Item name="badge" label={t('badgeNo')} rules={[{ required: true, pattern: /^\s*[A-Za-z0-9-]{3,20}\s*$/, message: t('required') }]}>
            <Input placeholder="JH-0001" data-testid="badge" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="verify">{t('siteVerifyButton')}</Button>
        </Form>
        {result && (
          <Alert
            style={{ marginTop: 16 }}
            data-testid="verify-result"
            type={result.valid ? 'success' : 'error'}
            showIcon
            title={result.valid ? t('siteVerifyValid') : t('siteVerifyInvalid')}
            description={
              result.valid ? `${result.badge} · ${result.displayName ?? ''} · ${result.role ? t(`role_${result.role}` as MsgKey) : ''} · ${result.tenantDisplayName}` : `${result.badge} · ${result.tenantDisplayName}`
            }
          />
        )}
      </Card>
    </SiteFrame>
  );
}
