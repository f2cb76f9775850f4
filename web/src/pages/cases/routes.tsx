// Back-office pages of the cases area (see ../area.ts). Pages load on demand (the SLA board carries ECharts).
import { lazy } from 'react';
import { ContainerOutlined, DashboardOutlined, ImportOutlined, SolutionOutlined, ShopOutlined, SwapOutlined } from '@ant-design/icons';
import type { AreaRoute } from '../area';
import { STAFF } from '../area';

const CaseListPage = lazy(() => import('./CaseList'));
const CasePage = lazy(() => import('./CasePage'));
const SlaPage = lazy(() => import('./Sla'));
const ImportsPage = lazy(() => import('./Imports'));
const CreditorsPage = lazy(() => import('./Creditors'));
const PlacementsPage = lazy(() => import('./Placements'));
const TransfersPage = lazy(() => import('./Transfers'));

export const routes: AreaRoute[] = [
  { path: 'cases', element: <CaseListPage />, roles: STAFF, nav: { zh: '案件', en: 'Cases', icon: <ContainerOutlined />, order: 10 } },
  { path: 'cases/:id', element: <CasePage />, roles: STAFF },
  { path: 'sla', element: <SlaPage />, roles: STAFF, nav: { zh: 'SLA 看板', en: 'SLA dashboard', icon: <DashboardOutlined />, order: 11 } },
  { path: 'imports', element: <ImportsPage />, roles: ['tenant_admin'], nav: { zh: '批量导入', en: 'Bulk import', icon: <ImportOutlined />, order: 12 } },
  { path: 'creditors', element: <CreditorsPage />, roles: STAFF, nav: { zh: '委托方', en: 'Creditors', icon: <SolutionOutlined />, order: 13 } },
  { path: 'placements', element: <PlacementsPage />, roles: ['creditor'], nav: { zh: '我的委托', en: 'My placements', icon: <ShopOutlined />, order: 14 } },
  { path: 'transfers', element: <TransfersPage />, roles: ['tenant_admin'], nav: { zh: '转入案件', en: 'Incoming transfers', icon: <SwapOutlined />, order: 15 } },
];
