// Back-office pages of the privacy area (see ../area.ts): /admin/privacy (ECharts: loaded on demand).
import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { AreaRoute } from '../area';

const PrivacyPage = lazy(() => import('./PrivacyPage'));

export const routes: AreaRoute[] = [
  { path: 'privacy', element: <PrivacyPage />, roles: ['tenant_admin', 'compliance_officer'], nav: { zh: '个人信息保护', en: 'Personal data', icon: <SafetyCertificateOutlined />, order: 70 } },
];
