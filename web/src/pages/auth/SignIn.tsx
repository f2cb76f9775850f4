// Sign-in (email + password, then the TOTP step when the server asks for it), forgot-password and reset-password.
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { ApiError, post, type Session } from '../../api/client';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { tenantBody } from '../../tenant';
import { LangSwitch, useShowError } from '../../common';

export function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 400 }} title={<span data-testid="auth-title">{title}</span>} extra={<LangSwitch />}>
        {children}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('appName')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

export function SignInPage() {
  const { t } = useI18n();
  const { site, session, setSession } = useSession();
  const [form] = Form.useForm();
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const showError = useShowError();
  const navigate = useNavigate();
  if (session) return <Navigate to={session.user.role === 'debtor' ? '/portal' : '/admin'} replace />;

  const submit = async (v: { email: string; password: string; totp?: string }) => {
    setBusy(true);
    try {
      const s = await post<Session>('/api/v1/auth/login', { ...tenantBody(site), email: v.email, password: v.password, ...(needTotp && v.totp ? { totp: v.totp } : {}) });
      setSession(s);
      navigate('/admin', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'AUTH_TOTP_REQUIRED') {
        setNeedTotp(true);
      } else {
        showError(e, form);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={site.slug ? t('signInTitleTenant') : t('signInTitlePlatform')}>
      {site.slug && <Typography.Paragraph type="secondary">{site.slug}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="email" label={t('email')} rules={[{ required: true, message: t('required') }, { type: 'email', message: t('invalidEmail') }]}>
          <Input autoComplete="username" data-testid="email" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="current-password" data-testid="password" />
        </Form.Item>
        {needTotp && (
          <Form.Item name="totp" label={t('totp')} extra={t('totpHint')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('sixDigits') }]}>
            <Input inputMode="numeric" maxLength={6} autoFocus data-testid="totp" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
          {t('signIn')}
        </Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <Link to="/forgot-password">{t('forgotPassword')}</Link>
      </div>
    </AuthFrame>
  );
}

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const { site } = useSession();
  const [form] = Form.useForm();
  const [done, setDone] = useState(false);
  const showError = useShowError();
  const submit = async (v: { email: string }) => {
    try {
      await post('/api/v1/auth/password-reset/request', { ...tenantBody(site), email: v.email });
      setDone(true);
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <AuthFrame title={t('forgotPassword')}>
      {done ? (
        <Alert type="success" showIcon title={t('resetRequested')} />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="email" label={t('email')} rules={[{ required: true, message: t('required') }, { type: 'email', message: t('invalidEmail') }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('resetRequest')}
          </Button>
        </Form>
      )}
      <div style={{ marginTop: 12 }}>
        <Link to="/sign-in">{t('backToSignIn')}</Link>
      </div>
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const { t } = useI18n();
  const { site } = useSession();
  const [params] = useSearchParams();
  // The link carries the token in the fragment (#token=…), which browsers never send to a server, so it reaches
  // neither access logs nor Referer headers. It is read once and wiped from the address bar and history.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? params.get('token') ?? '');
  useEffect(() => {
    if (window.location.hash || params.get('token')) window.history.replaceState(null, '', window.location.pathname);
  }, [params]);
  const [form] = Form.useForm();
  const [done, setDone] = useState(false);
  const showError = useShowError();
  const submit = async (v: { password: string }) => {
    try {
      await post('/api/v1/auth/password-reset/confirm', { ...tenantBody(site), token, password: v.password });
      setDone(true);
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <AuthFrame title={t('resetTitle')}>
      {!token ? (
        <Alert type="error" showIcon title={t('resetNoToken')} />
      ) : done ? (
        <Result status="success" title={t('resetDone')} extra={<Link to="/sign-in">{t('signIn')}</Link>} />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="password" label={t('newPassword')} rules={[{ required: true, min: 10, message: t('passwordMin') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('confirmPassword')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('required') },
              ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('passwordsDiffer')))) }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('save')}
          </Button>
        </Form>
      )}
      {!done && (
        <div style={{ marginTop: 12 }}>
          <Link to="/sign-in">{t('backToSignIn')}</Link>
        </div>
      )}
    </AuthFrame>
  );
}
