// Drizzle view of the evidence tables (migrations/0100_evidence_log.sql). Private to the module; the code uses raw
// SQL with encode()/decode() for hashes so that both drivers (PGlite, node-postgres) see the same hex strings.
import { pgSchema, text, bigint, smallint, timestamp, customType, primaryKey } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });
export const evidence = pgSchema('evidence');

export const logs = evidence.table('logs', {
  tenantId: text('tenant_id').primaryKey(),
  hashAlgorithm: text('hash_algorithm').notNull(),
  origin: text('origin').notNull(),
  size: bigint('size', { mode: 'bigint' }).notNull(),
  root: bytea('root').notNull(),
  frontier: bytea('frontier').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const leaves = evidence.table('leaves', {
  tenantId: text('tenant_id').notNull(),
  leafIndex: bigint('leaf_index', { mode: 'bigint' }).notNull(),
  leafHash: bytea('leaf_hash').notNull(),
  body: bytea('body').notNull(),
  type: text('type').notNull(),
  caseId: text('case_id'),
  contentSha256: text('content_sha256'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.leafIndex] })]);

export const nodes = evidence.table('nodes', {
  tenantId: text('tenant_id').notNull(),
  level: smallint('level').notNull(),
  nodeIndex: bigint('node_index', { mode: 'bigint' }).notNull(),
  hash: bytea('hash').notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.level, t.nodeIndex] })]);

export const checkpoints = evidence.table('checkpoints', {
  tenantId: text('tenant_id').notNull(),
  size: bigint('size', { mode: 'bigint' }).notNull(),
  root: bytea('root').notNull(),
  note: text('note').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.size] })]);

export const cosignatures = evidence.table('cosignatures', {
  tenantId: text('tenant_id').notNull(),
  size: bigint('size', { mode: 'bigint' }).notNull(),
  witnessName: text('witness_name').notNull(),
  witnessVkey: text('witness_vkey').notNull(),
  line: text('line').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.size, t.witnessVkey] })]);

export const anchorReceipts = evidence.table('anchor_receipts', {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
  size: bigint('size', { mode: 'bigint' }).notNull(),
  provider: text('provider').notNull(),
  reference: text('reference').notNull(),
  receipt: bytea('receipt').notNull(),
  anchoredAt: timestamp('anchored_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.id] })]);

export const files = evidence.table('files', {
  tenantId: text('tenant_id').notNull(),
  sha256: text('sha256').notNull(),
  sm3: text('sm3').notNull(),
  size: bigint('size', { mode: 'bigint' }).notNull(),
  mediaType: text('media_type').notNull(),
  bytes: bytea('bytes').notNull(),
  storedAt: timestamp('stored_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.sha256] })]);

export const logKeys = evidence.table('log_keys', {
  tenantId: text('tenant_id').notNull(),
  vkey: text('vkey').notNull(),
  algorithm: text('algorithm').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.vkey] })]);
