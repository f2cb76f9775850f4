// Evidence records and their leaf bytes. A leaf is the RFC 8785 canonical JSON of the record (shared spec "Leaf").
// BC-16: no personal data in a leaf. The schema admits only identifiers, digests, timestamps and short code-like
// metadata: strings must start with a letter and use [A-Za-z0-9_.:-] (no names, phone or ID numbers, addresses,
// e-mail), integers stay below 10^9 (no phone or ID numbers as numbers).
import { z } from 'zod';
import { canonicalBytes } from '../../platform/crypto/index.js';

const Id = z.string().regex(/^[a-z][a-z0-9]{1,11}_[0-9a-z]{6,48}$/, 'an entity id like case_01jd…');
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
const Code = z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, 'a short code (letters first; no free text)');
const Iso = z.string().datetime({ offset: false }).or(z.date().transform((d) => d.toISOString()));

export const EvidenceContent = z.object({
  sha256: Hex64,
  sm3: Hex64,
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'a media type'),
}).strict();
export type EvidenceContent = z.infer<typeof EvidenceContent>;

export const EvidenceRecordInput = z.object({
  /** Event type, dotted: `contact.attempted`, `document.signed`, `payment.received`, … */
  type: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/),
  case: Id.nullish(),
  /** User id, or `system` for jobs. */
  actor: Id.or(z.literal('system')),
  occurredAt: Iso,
  content: EvidenceContent.nullish(),
  /** Other entities the event concerns, by role: `{ debtor: 'dbt_…', document: 'doc_…' }`. */
  refs: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/), Id).optional(),
  /** Non-identifying metadata: codes, small integers, booleans. */
  meta: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/), z.union([Code, z.number().int().min(-999_999_999).max(999_999_999), z.boolean(), z.null()])).optional(),
}).strict();
export type EvidenceRecordInput = z.input<typeof EvidenceRecordInput>;
export type EvidenceRecord = z.output<typeof EvidenceRecordInput>;

export interface EvidenceLeaf {
  v: 1;
  type: string;
  tenant: string;
  case: string | null;
  actor: string;
  occurredAt: string;
  recordedAt: string;
  content?: EvidenceContent;
  refs?: Record<string, string>;
  meta?: Record<string, string | number | boolean | null>;
}

/** Builds the leaf object and its exact bytes. */
export function buildLeaf(tenant: string, r: EvidenceRecord, recordedAt: Date): { leaf: EvidenceLeaf; bytes: Uint8Array } {
  const leaf: EvidenceLeaf = {
    v: 1,
    type: r.type,
    tenant,
    case: r.case ?? null,
    actor: r.actor,
    occurredAt: r.occurredAt,
    recordedAt: recordedAt.toISOString(),
    ...(r.content ? { content: r.content } : {}),
    ...(r.refs && Object.keys(r.refs).length ? { refs: r.refs } : {}),
    ...(r.meta && Object.keys(r.meta).length ? { meta: r.meta } : {}),
  };
  return { leaf, bytes: canonicalBytes(leaf) };
}
