// Routes of the single-page app. All paths are relative to the router basename (`/t/<slug>` or '').
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { useI18n } from './i18n';
import { useSession } from './session';
import { SignInPage, ForgotPasswordPage, ResetPasswordPage } from './pages/auth/SignIn';
import { Shell } from './pages/backoffice/Shell';
import { SiteLanding } from './pages/site/Landing';
import { VerifyCollector } from './pages/site/Verify';
import { PortalPage } from './pages/portal/Portal';
import { UsersPage } from './pages/backoffice/Users';
import { SettingsPage } from './pages/backoffice/Settings';
import { ApiKeysPage } from './pages/backoffice/ApiKeys';
import { OutboxPage } from './pages/backoffice/Outbox';
import { AuditPage } from './pages/backoffice/Audit';
import { TenantsPage } from './pages/operator/Tenants';
import type { Role } from './api/client';
import { AREA_ROUTES } from './pages/areas';

// The dashboard carries ECharts: load it on demand.
const DashboardPage = lazy(() => import('./pages/backoffice/Dashboard'));

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('notFound')} />;
}

/** Back-office pages: signed-in staff only; `roles` limits the page further. */
function Guard({ roles, children }: { roles?: Role[]; children: React.ReactNode }) {
  const { session, loading } = useSession();
  const { t } = useI18n();
  if (loading) return <Spin style={{ margin: 48 }} />;
  if (!session) return <Navigate to="/sign-in" replace />;
  if (session.user.role === 'debtor') return <Navigate to="/portal" replace />;
  if (roles && !roles.includes(session.user.role)) return <Result status="403" title="403" subTitle={t('forbidden')} />;
  return <>{children}</>;
}

/** The regulator has no dashboard: its home is the tenant register. */
function AdminIndex() {
  const { session } = useSession();
  if (session?.user.role === 'regulator') return <Navigate to="/admin/tenants" replace />;
  return <DashboardPage />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Spin style={{ margin: 48 }} />}>
      <Routes>
        <Route path="/" element={<SiteLanding />} />
        <Route path="/verify" element={<VerifyCollector />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/portal" element={<PortalPage />} />
        <Route path="/admin" element={<Guard><Shell /></Guard>}>
          <Route index element={<AdminIndex />} />
          <Route path="users" element={<Guard roles={['tenant_admin', 'platform_operator', 'compliance_officer']}><UsersPage /></Guard>} />
          <Route path="settings" element={<Guard roles={['tenant_admin']}><SettingsPage /></Guard>} />
          <Route path="api-keys" element={<Guard roles={['tenant_admin', 'creditor']}><ApiKeysPage /></Guard>} />
          <Route path="outbox" element={<Guard roles={['tenant_admin', 'platform_operator', 'compliance_officer']}><OutboxPage /></Guard>} />
          <Route path="audit" element={<Guard roles={['tenant_admin', 'compliance_officer', 'platform_operator']}><AuditPage /></Guard>} />
          <Route path="tenants" element={<Guard roles={['platform_operator', 'regulator']}><TenantsPage /></Guard>} />
          {AREA_ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={<Guard roles={r.roles}>{r.element}</Guard>} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
