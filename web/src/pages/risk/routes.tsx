// Back-office pages of the risk area (see ../area.ts). Pages load on demand (the models page carries ECharts).
import { lazy } from 'react';
import { AuditOutlined, FundOutlined } from '@ant-design/icons';
import type { AreaRoute } from '../area';
import { STAFF } from '../area';

const ModelsPage = lazy(() => import('./Models'));
const ReviewsPage = lazy(() => import('./Reviews'));

export const routes: AreaRoute[] = [
  { path: 'risk', element: <ModelsPage />, roles: STAFF, nav: { zh: '风险模型', en: 'Risk models', icon: <FundOutlined />, order: 60 } },
  { path: 'risk/reviews', element: <ReviewsPage />, roles: ['tenant_admin', 'compliance_officer'], nav: { zh: '人工复核', en: 'Human review', icon: <AuditOutlined />, order: 61 } },
];
