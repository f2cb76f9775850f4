// Tables of the tenants module (Postgres schema "tenants"). Private: other modules use index.ts.
// DDL, RLS policies and grants are in migrations/0002_tenants.sql; these Drizzle definitions type the queries.
import { pgSchema, text, timestamp, jsonb, integer, boolean, primaryKey } from 'drizzle-orm/pg-core';

export const tenantsSchema = pgSchema('tenants');

export const tenants = tenantsSchema.table('tenants', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  displayName: text('display_name').notNull(),
  status: text('status').$type<'pending' | 'active' | 'suspended'>().notNull(),
  kind: text('kind').$type<'agency' | 'platform'>().notNull(),
  hashAlgorithm: text('hash_algorithm').$type<'sha256' | 'sm3'>().notNull(),
  customDomain: text('custom_domain'),
  branding: jsonb('branding').$type<Branding>().notNull(),
  legalName: text('legal_name'),
  uscc: text('uscc'),
  legalRepresentative: text('legal_representative'),
  filingNumber: text('filing_number'),
  lawFirm: text('law_firm').$type<'is_law_firm' | 'works_with_law_firm' | 'none'>().notNull(),
  scopes: text('scopes').array().notNull(),
  filingSubmittedAt: timestamp('filing_submitted_at', { withTimezone: true }),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  approvedBy: text('approved_by'),
  statusReason: text('status_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface Branding {
  logoUrl?: string;
  colors?: { primary?: string; secondary?: string };
  complaintChannel?: { phone?: string; email?: string; url?: string };
  tagline?: string;
}

export const users = tenantsSchema.table(
  'users',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    status: text('status').$type<'active' | 'disabled'>().notNull(),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull(),
    badgeNo: text('badge_no'),
    failedLogins: integer('failed_logins').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
