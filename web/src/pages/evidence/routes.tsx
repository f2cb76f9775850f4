// Back-office pages of the evidence area (see ../area.ts).
import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { STAFF, type AreaRoute } from '../area';

const EvidencePage = lazy(() => import('./EvidencePage'));

export const routes: AreaRoute[] = [
  { path: 'evidence', element: <EvidencePage />, roles: STAFF, nav: { zh: '存证', en: 'Evidence', icon: <SafetyCertificateOutlined />, order: 40 } },
];
