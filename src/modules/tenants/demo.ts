// The demo tenant: a clearly synthetic agency in Jinhua with one user per role, plus a pending applicant the
// operator can approve. Logins are printed at start; passwords are public by design (demo data only).
import { withPlatform, withTenant, type Database } from '../../platform/db/index.js';
import { createTenant, ensurePlatformTenant, findTenant, submitFiling, approveTenant, updateBranding } from './tenants.js';
import { createUser, findUserByEmail } from './users.js';
import type { Role } from '../../platform/tenancy.js';

export const DEMO_PASSWORD = 'Recourse-demo-2026';
export const DEMO_SLUG = 'demo';

export interface DemoLogin {
  site: string;
  email: string;
  password: string;
  role: Role;
}

const DEMO_USERS: { email: string; name: string; role: Role; badge?: string }[] = [
  { email: 'admin@demo.recourse.test', name: '王管理', role: 'tenant_admin' },
  { email: 'collector@demo.recourse.test', name: '李催收', role: 'collector', badge: 'JH-0001' },
  { email: 'collector2@demo.recourse.test', name: '赵调解员', role: 'collector', badge: 'JH-0002' },
  { email: 'legal@demo.recourse.test', name: '陈法务', role: 'legal_officer', badge: 'JH-0101' },
  { email: 'compliance@demo.recourse.test', name: '周合规', role: 'compliance_officer', badge: 'JH-0201' },
  { email: 'mediator@demo.recourse.test', name: '吴调解', role: 'mediator', badge: 'JH-0301' },
  { email: 'creditor@demo.recourse.test', name: '金华示例小额贷款（演示）', role: 'creditor' },
];

/** Idempotent: creates what is missing, leaves existing rows alone. */
export async function seedDemoTenants(db: Database): Promise<{ platformTenantId: string; demoTenantId: string; logins: DemoLogin[] }> {
  const platform = await withPlatform(db, ensurePlatformTenant);
  const logins: DemoLogin[] = [];
  await withTenant(db, platform.id, async (tx) => {
    for (const u of [
      { email: 'operator@recourse.test', name: '平台运营', role: 'platform_operator' as Role },
      { email: 'regulator@recourse.test', name: '金华市地方金融监管（演示）', role: 'regulator' as Role },
    ]) {
      if (!(await findUserByEmail(tx, platform.id, u.email))) {
        await createUser(tx, platform, { email: u.email, displayName: u.name, role: u.role, password: DEMO_PASSWORD });
      }
      logins.push({ site: 'platform', email: u.email, password: DEMO_PASSWORD, role: u.role });
    }
  });

  let demo = await withPlatform(db, (tx) => findTenant(tx, DEMO_SLUG));
  if (!demo) {
    demo = await withPlatform(db, async (tx) => {
      const t = await createTenant(tx, { slug: DEMO_SLUG, displayName: '金华示范调解服务中心（演示）', hashAlgorithm: 'sha256' });
      await submitFiling(tx, t.id, {
        legalName: '金华示范商务信息咨询有限公司（演示数据）',
        uscc: '91330701MA2D5XKD1C',
        legalRepresentative: '示例人',
        filingNumber: '浙金融备（演示）2026-0001',
        lawFirm: 'works_with_law_firm',
        scopes: ['debt_consulting', 'collection_outsourcing', 'mediation', 'legal_documents'],
      });
      return approveTenant(tx, t.id, 'system:demo');
    });
    await withTenant(db, demo.id, (tx) =>
      updateBranding(tx, demo!.id, {
        colors: { primary: '#b0272d', secondary: '#7a1a1f' },
        tagline: '依法合规 · 调解优先 · 全程留痕',
        complaintChannel: { phone: '0579-0000-0000', email: 'complaints@demo.recourse.test' },
      }),
    );
  }
  const demoTenant = demo;
  await withTenant(db, demoTenant.id, async (tx) => {
    for (const u of DEMO_USERS) {
      if (!(await findUserByEmail(tx, demoTenant.id, u.email))) {
        await createUser(tx, demoTenant, { email: u.email, displayName: u.name, role: u.role, password: DEMO_PASSWORD, badgeNo: u.badge });
      }
      logins.push({ site: DEMO_SLUG, email: u.email, password: DEMO_PASSWORD, role: u.role });
    }
  });

  // An applicant waiting for the operator's approval, to show the filing gate.
  if (!(await withPlatform(db, (tx) => findTenant(tx, 'yiwu-mediation')))) {
    await withPlatform(db, async (tx) => {
      const t = await createTenant(tx, { slug: 'yiwu-mediation', displayName: '义乌商事调解服务（演示待审）', hashAlgorithm: 'sm3' });
      await submitFiling(tx, t.id, {
        legalName: '义乌示例调解服务有限公司（演示数据）',
        uscc: '91330782MA2E8XP3Q4',
        legalRepresentative: '示例代表',
        filingNumber: '浙金融备（演示）2026-0002',
        lawFirm: 'none',
        scopes: ['mediation', 'debt_consulting'],
      });
    });
  }
  return { platformTenantId: platform.id, demoTenantId: demoTenant.id, logins };
}
