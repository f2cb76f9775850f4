// Back-office pages of the documents area (see ../area.ts): templates (data, versioned) and batch generation.
import { lazy } from 'react';
import { EditOutlined, FileTextOutlined, FileZipOutlined } from '@ant-design/icons';
import type { AreaRoute } from '../area';

const Templates = lazy(() => import('./Templates'));
const Batches = lazy(() => import('./Batches'));
const Signing = lazy(() => import('./Signing'));

export const routes: AreaRoute[] = [
  { path: 'templates', element: <Templates />, roles: ['tenant_admin', 'legal_officer'], nav: { zh: '文书模板', en: 'Templates', icon: <FileTextOutlined />, order: 50 } },
  // Agreements waiting for my signature: creditor users (own creditors), legal officers (for the creditor), mediators.
  { path: 'signing', element: <Signing />, roles: ['creditor', 'legal_officer', 'mediator'], nav: { zh: '文书签署', en: 'Signing', icon: <EditOutlined />, order: 52 } },
  { path: 'document-batches', element: <Batches />, roles: ['tenant_admin', 'collector', 'legal_officer', 'mediator'], nav: { zh: '批量文书', en: 'Document batches', icon: <FileZipOutlined />, order: 51 } },
];
