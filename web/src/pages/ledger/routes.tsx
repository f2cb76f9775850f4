// Back-office pages of the ledger area (see ../area.ts). Pages load on demand (finance carries ECharts).
import { lazy } from 'react';
import { AccountBookOutlined, ReconciliationOutlined } from '@ant-design/icons';
import type { AreaRoute } from '../area';

const FinancePage = lazy(() => import('./Finance'));
const ReconciliationPage = lazy(() => import('./Reconciliation'));

export const routes: AreaRoute[] = [
  { path: 'finance', element: <FinancePage />, roles: ['tenant_admin', 'compliance_officer', 'creditor'], nav: { zh: '资金与结算', en: 'Funds & settlement', icon: <AccountBookOutlined />, order: 30 } },
  { path: 'reconciliation', element: <ReconciliationPage />, roles: ['tenant_admin', 'compliance_officer'], nav: { zh: '银行对账', en: 'Bank reconciliation', icon: <ReconciliationOutlined />, order: 31 } },
];
