// Back-office pages of the compliance area (see ../area.ts). Pages load on demand (the dashboard carries ECharts).
import { lazy } from 'react';
import { AlertOutlined, FileProtectOutlined, NotificationOutlined, SafetyCertificateOutlined, SettingOutlined } from '@ant-design/icons';
import type { AreaRoute } from '../area';
import { STAFF } from '../area';

const Dashboard = lazy(() => import('./Dashboard'));
const Scripts = lazy(() => import('./Scripts'));
const Complaints = lazy(() => import('./Complaints'));
const Campaigns = lazy(() => import('./Campaigns'));
const RuleSettings = lazy(() => import('./RuleSettings'));

export const routes: AreaRoute[] = [
  { path: 'compliance', element: <Dashboard />, roles: ['tenant_admin', 'compliance_officer', 'legal_officer'], nav: { zh: '合规看板', en: 'Compliance', icon: <SafetyCertificateOutlined />, order: 20 } },
  { path: 'scripts', element: <Scripts />, roles: STAFF, nav: { zh: '话术库', en: 'Script library', icon: <FileProtectOutlined />, order: 21 } },
  { path: 'complaints', element: <Complaints />, roles: STAFF, nav: { zh: '投诉处理', en: 'Complaints', icon: <AlertOutlined />, order: 22 } },
  { path: 'compliance/rules', element: <RuleSettings />, roles: ['tenant_admin', 'compliance_officer', 'legal_officer'], nav: { zh: '合规规则', en: 'Contact rules', icon: <SettingOutlined />, order: 24 } },
  { path: 'campaigns', element: <Campaigns />, roles: ['tenant_admin', 'compliance_officer'], nav: { zh: '批量触达', en: 'Campaigns', icon: <NotificationOutlined />, order: 23 } },
];
