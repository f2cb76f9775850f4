// Key rotation without downtime (PI-08; issue 9): every sealed value is an envelope `pii1.<kekId>.<wrapped DEK>.<body>`
// (src/platform/pii/crypto.ts). After a new key-encryption key is prepended to the ring (RECOURSE_KEYS=k2:…,k1:…) and
// the servers restarted, new writes use k2 and reads accept both; this module finds every envelope column of every
// schema and re-seals the data keys under the current KEK in small batches, each its own short transaction, with a
// compare-and-set on the old value so a row the application rewrote meanwhile is left alone (and picked up by the
// next pass). The value ciphertext is unchanged. When `keyStatus` shows no envelope under k1, k1 can leave the ring.
//
// Maintenance code: it runs as the database owner (the root handle), across tenants, like migrations. Values are
// never decrypted (only the 32-byte data keys are opened and re-sealed) and never logged.
import type { Database } from '../../platform/db/index.js';
import { rewrapAll, type KeyRing } from '../../platform/pii/index.js';

export interface EnvelopeColumn {
  schema: string;
  table: string;
  column: string;
}

export interface KeyStatus {
  currentKeyId: string;
  /** Envelopes per column and KEK id. */
  columns: Array<EnvelopeColumn & { byKey: Record<string, number> }>;
  /** Envelopes per KEK id over all columns. */
  totals: Record<string, number>;
  /** Envelopes not under the current KEK (what rotateEnvelopes will re-seal). */
  pending: number;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const ref = (c: EnvelopeColumn) => `${ident(c.schema)}.${ident(c.table)}`;

/** Text columns named `*_enc` in every schema: where the modules keep envelopes. */
export async function envelopeColumns(db: Database): Promise<EnvelopeColumn[]> {
  return db.query<EnvelopeColumn>(`SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
    FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.column_name LIKE '%\\_enc' AND c.data_type = 'text' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1, 2, 3`);
}

/** Which KEK seals how many envelopes, per column. */
export async function keyStatus(db: Database, ring: KeyRing): Promise<KeyStatus> {
  const columns: KeyStatus['columns'] = [];
  const totals: Record<string, number> = {};
  for (const c of await envelopeColumns(db)) {
    const rs = await db.query<{ kid: string; n: number }>(`SELECT split_part(${ident(c.column)}, '.', 2) AS kid, count(*)::int AS n
      FROM ${ref(c)} WHERE ${ident(c.column)} LIKE 'pii1.%' GROUP BY 1 ORDER BY 1`);
    const byKey = Object.fromEntries(rs.map((r) => [r.kid, Number(r.n)]));
    for (const [k, n] of Object.entries(byKey)) totals[k] = (totals[k] ?? 0) + n;
    columns.push({ ...c, byKey });
  }
  const pending = Object.entries(totals).filter(([k]) => k !== ring.currentId).reduce((s, [, n]) => s + n, 0);
  return { currentKeyId: ring.currentId, columns, totals, pending };
}

export interface RotationResult {
  currentKeyId: string;
  rewrapped: number;
  /** Rows skipped because the application changed them between read and write (re-read on the next pass). */
  raced: number;
  batches: number;
  perColumn: Array<EnvelopeColumn & { rewrapped: number }>;
}

/**
 * Re-seals every envelope not under the current KEK, `batchSize` rows per transaction. Idempotent; safe while the
 * application runs. Throws PII_KEY_UNKNOWN when an envelope's KEK is no longer in the ring.
 */
export async function rotateEnvelopes(db: Database, ring: KeyRing, opts: { batchSize?: number; onProgress?: (done: number) => void } = {}): Promise<RotationResult> {
  const batchSize = Math.max(1, Math.min(10_000, opts.batchSize ?? 500));
  const out: RotationResult = { currentKeyId: ring.currentId, rewrapped: 0, raced: 0, batches: 0, perColumn: [] };
  const kidPrefix = `pii1.${ring.currentId}.`;
  for (const c of await envelopeColumns(db)) {
    let done = 0;
    // ctid walks the heap; a row rewritten by the application gets a new ctid and, if still old, is met again later.
    let after = '(0,0)';
    for (;;) {
      // (ORDER BY the tid itself: ordering by its text form would put (0,10) before (0,2) and skip rows.)
      const batch = await db.query<{ ctid: string; v: string }>(`SELECT t.ctid::text AS row_tid, t.${ident(c.column)} AS v FROM ${ref(c)} t
        WHERE t.ctid > $1::tid AND t.${ident(c.column)} LIKE 'pii1.%' AND t.${ident(c.column)} NOT LIKE $2 ORDER BY t.ctid LIMIT ${batchSize}`, [after, `${kidPrefix}%`])
        .then((rs) => rs.map((x) => ({ ctid: (x as unknown as { row_tid: string }).row_tid, v: x.v })));
      if (!batch.length) break;
      const { envelopes } = rewrapAll(ring, batch.map((b) => b.v));
      // One statement per batch (one transaction): compare-and-set on the old envelope.
      const params: string[] = [];
      const values = batch.map((b, i) => {
        params.push(b.ctid, b.v, envelopes[i]);
        return `($${3 * i + 1}::tid, $${3 * i + 2}::text, $${3 * i + 3}::text)`;
      });
      const updated = await db.query<{ n: number }>(`WITH v (ctid, old, new) AS (VALUES ${values.join(', ')}),
        u AS (UPDATE ${ref(c)} t SET ${ident(c.column)} = v.new FROM v WHERE t.ctid = v.ctid AND t.${ident(c.column)} = v.old RETURNING 1)
        SELECT count(*)::int AS n FROM u`, params);
      const n = Number(updated[0]?.n ?? 0);
      done += n;
      out.rewrapped += n;
      out.raced += batch.length - n;
      out.batches++;
      opts.onProgress?.(out.rewrapped);
      after = batch[batch.length - 1].ctid;
    }
    out.perColumn.push({ ...c, rewrapped: done });
  }
  return out;
}
