// Back-office pages of the courses area (see ../area.ts): /admin/courses (ECharts: loaded on demand).
import { lazy } from 'react';
import { ReadOutlined } from '@ant-design/icons';
import type { AreaRoute } from '../area';

const CoursesPage = lazy(() => import('./CoursesPage'));

export const routes: AreaRoute[] = [
  { path: 'courses', element: <CoursesPage />, roles: ['tenant_admin', 'compliance_officer', 'legal_officer', 'collector'], nav: { zh: '信用知识课堂', en: 'Courses', icon: <ReadOutlined />, order: 65 } },
];
