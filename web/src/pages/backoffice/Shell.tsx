// The back-office frame: antd Layout with the Sider navigation (only pages that exist and the role may open).
import { Alert, Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { AuditOutlined, BankOutlined, DashboardOutlined, GlobalOutlined, KeyOutlined, LogoutOutlined, MailOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '../../api/client';
import { useI18n, type MsgKey } from '../../i18n';
import { useSession } from '../../session';
import { LangSwitch } from '../../common';
import { AREA_ROUTES } from '../areas';

interface NavItem {
  path: string;
  label: MsgKey;
  icon: React.ReactNode;
  roles: Role[];
}

const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];

// Roles mirror the server's access rules for each endpoint (src/modules/tenants/routes.ts).
export const NAV: NavItem[] = [
  { path: '/admin', label: 'navDashboard', icon: <DashboardOutlined />, roles: [...STAFF, 'platform_operator', 'creditor'] },
  { path: '/admin/tenants', label: 'navTenants', icon: <BankOutlined />, roles: ['platform_operator', 'regulator'] },
  { path: '/admin/users', label: 'navUsers', icon: <TeamOutlined />, roles: ['tenant_admin', 'platform_operator', 'compliance_officer'] },
  { path: '/admin/settings', label: 'navSettings', icon: <SettingOutlined />, roles: ['tenant_admin'] },
  { path: '/admin/api-keys', label: 'navApiKeys', icon: <KeyOutlined />, roles: ['tenant_admin', 'creditor'] },
  { path: '/admin/outbox', label: 'navOutbox', icon: <MailOutlined />, roles: ['tenant_admin', 'platform_operator', 'compliance_officer'] },
  { path: '/admin/audit', label: 'navAudit', icon: <AuditOutlined />, roles: ['tenant_admin', 'compliance_officer', 'platform_operator'] },
];

export function Shell() {
  const { t, lang } = useI18n();
  const { session, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  if (!session) return null;
  const { user, tenant } = session;
  // Foundation pages first, then each area's pages in their declared order.
  const areaItems = AREA_ROUTES.filter((r) => r.nav && r.roles.includes(user.role))
    .sort((a, b) => a.nav!.order - b.nav!.order)
    .map((r) => ({ path: `/admin/${r.path}`, text: lang === 'zh' ? r.nav!.zh : r.nav!.en, icon: r.nav!.icon }));
  const own = NAV.filter((n) => n.roles.includes(user.role)).map((n) => ({ path: n.path, text: t(n.label), icon: n.icon }));
  const items = [...own.filter((n) => n.path === '/admin'), ...areaItems, ...own.filter((n) => n.path !== '/admin')];
  const selected = [...items].sort((a, b) => b.path.length - a.path.length).find((n) => location.pathname === n.path || location.pathname.startsWith(n.path + '/'))?.path ?? '/admin';
  const primary = tenant.branding.colors?.primary ?? '#1f6feb';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" breakpoint="lg" collapsedWidth={0}>
        <div style={{ padding: '16px 16px 12px', color: '#fff', borderBottom: `3px solid ${primary}` }}>
          <Space align="center">
            {tenant.branding.logoUrl && <img src={tenant.branding.logoUrl} alt="" style={{ height: 28, maxWidth: 48, objectFit: 'contain' }} />}
            <Typography.Text strong style={{ color: '#fff' }} data-testid="shell-tenant">
              {tenant.displayName}
            </Typography.Text>
          </Space>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          data-testid="nav"
          items={[
            ...items.map((n) => ({ key: n.path, icon: n.icon, label: <Link to={n.path}>{n.text}</Link> })),
            ...(tenant.kind === 'agency' ? [{ key: 'site', icon: <GlobalOutlined />, label: <Link to="/">{t('navPublicSite')}</Link> }] : []),
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 12 }}>
          <Typography.Text data-testid="shell-user">{user.displayName}</Typography.Text>
          <Tag color="blue">{t(`role_${user.role}` as MsgKey)}</Tag>
          <LangSwitch />
          <Button
            size="small"
            icon={<LogoutOutlined />}
            onClick={async () => {
              await signOut();
              navigate('/sign-in', { replace: true });
            }}
          >
            {t('signOut')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          {tenant.kind === 'agency' && tenant.status !== 'active' && <Alert type="warning" showIcon title={t('tenantInactiveBanner')} style={{ marginBottom: 16 }} />}
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
