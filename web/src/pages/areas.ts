// Collects every area's pages (see area.ts); App.tsx mounts them and the Shell lists their nav entries.
import type { AreaRoute } from './area';
import { routes as casesRoutes } from './cases/routes';
import { routes as complianceRoutes } from './compliance/routes';
import { routes as evidenceRoutes } from './evidence/routes';
import { routes as ledgerRoutes } from './ledger/routes';
import { routes as documentsRoutes } from './documents/routes';
import { routes as riskRoutes } from './risk/routes';
import { routes as coursesRoutes } from './courses/routes';
import { routes as privacyRoutes } from './privacy/routes';

/** Every area's back-office pages, in module order (see pages/area.ts). */
export const AREA_ROUTES: AreaRoute[] = [...casesRoutes, ...complianceRoutes, ...evidenceRoutes, ...ledgerRoutes, ...documentsRoutes, ...riskRoutes, ...coursesRoutes, ...privacyRoutes];
