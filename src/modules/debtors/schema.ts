// Tables of the debtors module (Postgres schema "debtors"). Private: other modules use index.ts.
// DDL, RLS policies and grants are in migrations/0200_debtors_core.sql; these definitions type the queries.
import { pgSchema, text, timestamp, boolean } from 'drizzle-orm/pg-core';

export const debtorsSchema = pgSchema('debtors');

export const debtors = debtorsSchema.table('debtors', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  kind: text('kind').$type<'person' | 'organisation'>().notNull(),
  name: text('name').notNull(),
  namePinyin: text('name_pinyin').notNull(),
  nameInitials: text('name_initials').notNull(),
  idType: text('id_type').notNull(),
  idNumberEnc: text('id_number_enc').notNull(),
  idNumberMasked: text('id_number_masked').notNull(),
  identityBidx: text('identity_bidx').notNull(),
  legalRepresentative: text('legal_representative'),
  employer: text('employer'),
  timeZone: text('time_zone').notNull(),
  region: text('region'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Retention purge (migrations/0210): personal values overwritten at this instant. */
  purgedAt: timestamp('purged_at', { withTimezone: true }),
});

export const contactPoints = debtorsSchema.table('contact_points', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  debtorId: text('debtor_id').notNull(),
  kind: text('kind').$type<'phone' | 'email' | 'address'>().notNull(),
  valueEnc: text('value_enc').notNull(),
  valueMasked: text('value_masked').notNull(),
  valueBidx: text('value_bidx').notNull(),
  label: text('label'),
  timeZone: text('time_zone'),
  suppressedAt: timestamp('suppressed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const relatedParties = debtorsSchema.table('related_parties', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  debtorId: text('debtor_id').notNull(),
  name: text('name').notNull(),
  relationship: text('relationship').notNull(),
  classification: text('classification').notNull(),
  jointHouseholdDebt: boolean('joint_household_debt').notNull(),
  phoneEnc: text('phone_enc'),
  phoneMasked: text('phone_masked'),
  partyDebtorId: text('party_debtor_id'),
  suppressedAt: timestamp('suppressed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
