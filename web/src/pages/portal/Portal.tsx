// Debtor portal sign-in: case reference + last 6 of the ID number → one-time code by SMS or email → session.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Result, Spin } from 'antd';
import { post, type Session } from '../../api/client';
import { useI18n } from '../../i18n';
import { useShowError } from '../../common';
import { useSession } from '../../session';
import { tenantBody } from '../../tenant';
import { SiteFrame, useSite } from '../site/Landing';
import { PortalHome } from './PortalHome';

export function PortalPage() {
  const { t } = useI18n();
  const { site: loc, session, setSession, signOut } = useSession();
  const { data: site, loading } = useSite();
  const [caseRef, setCaseRef] = useState<string | null>(null);
  const [startForm] = Form.useForm();
  const [codeForm] = Form.useForm();
  const showError = useShowError();
  if (loading && !site) return <Spin style={{ margin: 48 }} />;
  if (!site || site.kind === 'platform') return <Result status="404" title={t('siteNotFound')} />;

  const start = async (v: { caseRef: string; idLast6: string; channel: 'sms' | 'email' }) => {
    try {
      await post('/api/v1/portal/login/start', { ...tenantBody(loc), ...v, idLast6: v.idLast6.toUpperCase() });
      setCaseRef(v.caseRef);
    } catch (e) {
      showError(e, startForm);
    }
  };
  const verify = async (v: { code: string }) => {
    try {
      setSession(await post<Session>('/api/v1/portal/login/verify', { ...tenantBody(loc), caseRef, code: v.code }));
    } catch (e) {
      showError(e, codeForm);
    }
  };

  if (session?.user.role === 'debtor') {
    return (
      <SiteFrame site={site}>
        <PortalHome caseRef={session.user.id.replace(/^debtor:/, '')} name={session.user.displayName} onSignOut={() => { setCaseRef(null); void signOut(); }} />
      </SiteFrame>
    );
  }

  return (
    <SiteFrame site={site}>
      <Card title={t('portalTitle')} style={{ marginTop: 24, maxWidth: 520 }}>
        {caseRef === null ? (
          <>
            <p>{t('portalIntro')}</p>
            <Form form={startForm} layout="vertical" onFinish={start} requiredMark={false} initialValues={{ channel: 'sms' }}>
              <Form.Item name="caseRef" label={t('caseRef')} rules={[{ required: true, min: 3, message: t('required') }]}><Input data-testid="case-ref" /></Form.Item>
              <Form.Item name="idLast6" label={t('idLast6')} rules={[{ required: true, pattern: /^\d{5}[\dXx]$/, message: t('idLast6Invalid') }]}><Input maxLength={6} data-testid="id-last6" /></Form.Item>
              <Form.Item name="channel"><Radio.Group options={[{ value: 'sms', label: t('viaSms') }, { value: 'email', label: t('viaEmail') }]} /></Form.Item>
              <Button type="primary" htmlType="submit" data-testid="send-code">{t('sendCode')}</Button>
            </Form>
          </>
        ) : (
          <>
            <Alert type="info" showIcon title={t('codeSent')} style={{ marginBottom: 16 }} />
            <Form form={codeForm} layout="vertical" onFinish={verify} requiredMark={false}>
              <Form.Item name="code" label={t('oneTimeCode')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('sixDigits') }]}><Input inputMode="numeric" maxLength={6} data-testid="otp" /></Form.Item>
              <Button type="primary" htmlType="submit" data-testid="verify-code">{t('signIn')}</Button>
              <Button type="link" onClick={() => setCaseRef(null)}>{t('cancel')}</Button>
            </Form>
          </>
        )}
      </Card>
    </SiteFrame>
  );
}
