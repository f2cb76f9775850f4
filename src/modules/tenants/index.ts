// Public surface of the tenants module: tenants renting branded sites, their filing and business scope,
// users and roles, sign-in. Other modules import only from here.
export { tenantRoutes, type TenantRoutesDeps } from './routes.js';
export { createAuthenticator } from './authenticate.js';
export { seedDemoTenants, DEMO_PASSWORD, DEMO_SLUG, type DemoLogin } from './demo.js';
/** Tenant lookups and lifecycle. Throw TENANTS_NOT_FOUND, TENANTS_SLUG_TAKEN, TENANTS_NAME_NOT_ALLOWED, TENANTS_USCC_INVALID, TENANTS_FILING_INCOMPLETE, TENANTS_STATUS_CONFLICT. */
export {
  createTenant, submitFiling, approveTenant, suspendTenant, reinstateTenant, listTenants, findTenant, getTenant, getCurrentTenant,
  ensurePlatformTenant, toTenantContext, PLATFORM_SLUG, CreateTenantInput, FilingInput, type TenantRow,
} from './tenants.js';
/** Users. Throw TENANTS_EMAIL_TAKEN, TENANTS_ROLE_NOT_ALLOWED, TENANTS_LAST_ADMIN, AUTH_PASSWORD_WEAK. */
export { createUser, listUsers, findUserByEmail, countUsers, type UserRow } from './users.js';
/** The debtor portal's case directory is supplied by the cases module at composition time. */
export { setPortalDirectory, type PortalDirectory } from './auth.js';
export { checkPublicName } from './branding.js';
export { TenantErrors, type TenantErrorCode } from './errors.js';
