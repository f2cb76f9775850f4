// The contract between the app frame and each page area (cases, compliance, evidence, ledger, documents, risk,
// privacy): an area lists its back-office pages in `<area>/routes.tsx`; App.tsx mounts them under /admin and the
// Shell shows those with a `nav` entry to the roles allowed. Areas also contribute a case-page panel
// (`<area>/CasePanel.tsx`, props {caseId}) and a debtor-portal panel (`<area>/PortalPanel.tsx`, props {caseRef}).
import type { ReactNode } from 'react';
import type { Role } from '../api/client';

export interface AreaRoute {
  /** Path under /admin, e.g. 'cases' or 'cases/:id'. */
  path: string;
  element: ReactNode;
  /** Roles that may open the page (mirror the server's access rules of the endpoints it calls). */
  roles: Role[];
  nav?: { zh: string; en: string; icon: ReactNode; order: number };
}

export const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
