// The one write path into the ledger tables (migrations/0500_ledger_core.sql): postTransfers. It serializes per
// idempotency key and per flagged account with transaction-scoped advisory locks, derives balances from the
// immutable transfers, runs the same pure checks as postings.ts, and records the key with a SHA-256 of the
// canonical request so a retry replays the first result and a reused key with another body is refused (409).
import { createHash } from 'node:crypto';
import { rows, sql, type SQL, type Tx } from '../../platform/db/index.js';
import { canonicalize } from '../../platform/crypto/index.js';
import { newId } from '../../platform/ids.js';
import { ledgerError } from './errors.js';
import { lockLedgerWrites, recordTransferEvidence } from './evidence-seam.js';
import { applyTransfers, balanceOf, flagsFor, previewTransfers, validateReversals, validateTransfer, type AccountState, type Preview, type Transfer } from './postings.js';

/** A transfer as a caller submits it: the id is assigned on posting unless given (ids given are part of the hash). */
export type TransferInput = Omit<Transfer, 'id'> & { id?: string };

export interface PostResult {
  transfers: Transfer[];
  /** true when this call replayed an earlier request with the same key and body: nothing new moved. */
  replayed: boolean;
  /** Balances (credits − debits) after the request, of the accounts it touched. */
  balances: Record<string, bigint>;
}

const TENANT = sql`current_setting('app.tenant_id', true)`;

/** SHA-256 over the RFC 8785 canonical JSON of the request (bigints as decimal strings). */
export function requestHash(inputs: readonly TransferInput[]): string {
  const body = inputs.map((t) => ({ ...t, amountFen: String(t.amountFen) }));
  return createHash('sha256').update(canonicalize(body)).digest('hex');
}

function toTransfer(r: Record<string, unknown>): Transfer {
  const t: Transfer = {
    id: String(r.id),
    debit: String(r.debit_account),
    credit: String(r.credit_account),
    amountFen: BigInt(r.amount_fen as string),
    currency: String(r.currency),
    code: r.code as Transfer['code'],
  };
  if (r.linked_group) t.linkedGroup = String(r.linked_group);
  if (r.reverses_id) t.reversesId = String(r.reverses_id);
  if (r.value_date) t.valueDate = r.value_date instanceof Date ? r.value_date.toISOString().slice(0, 10) : String(r.value_date).slice(0, 10);
  const meta = typeof r.meta === 'string' ? JSON.parse(r.meta) : r.meta;
  if (meta && Object.keys(meta as object).length) t.meta = meta as Record<string, string>;
  return t;
}

const TRANSFER_COLUMNS = sql`id, debit_account, credit_account, amount_fen::text AS amount_fen, currency, code, linked_group, reverses_id, value_date::text AS value_date, meta`;

async function lockKeys(tx: Tx, keys: string[]): Promise<void> {
  if (!keys.length) return;
  const sorted = [...new Set(keys)].sort();
  // One round trip; the sub-select fixes the lock order (sorted), so two requests never deadlock on each other.
  await tx.execute(sql`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT k FROM unnest(${sql.raw(textArray(sorted))}) AS k ORDER BY k) s`);
}

function textArray(xs: string[]): string {
  return `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

/** Balances of the given accounts derived from all their transfers (accounts not yet created are absent). */
export async function loadBalances(tx: Tx, addresses: string[]): Promise<Map<string, AccountState>> {
  const m = new Map<string, AccountState>();
  if (!addresses.length) return m;
  const rs = await rows<{ address: string; currency: string; debits: string; credits: string }>(
    tx,
    sql`SELECT a.address, a.currency,
          (SELECT COALESCE(sum(t.amount_fen), 0)::text FROM ledger.transfers t WHERE t.tenant_id = a.tenant_id AND t.debit_account = a.address) AS debits,
          (SELECT COALESCE(sum(t.amount_fen), 0)::text FROM ledger.transfers t WHERE t.tenant_id = a.tenant_id AND t.credit_account = a.address) AS credits
        FROM ledger.accounts a WHERE a.tenant_id = ${TENANT} AND a.address = ANY(${sql.raw(textArray(addresses))})`,
  );
  for (const r of rs) m.set(r.address, { currency: r.currency, balance: { debitsFen: BigInt(r.debits), creditsFen: BigInt(r.credits) } });
  return m;
}

/** Balance (credits − debits) of one account; 0 for an account that has never moved. */
export async function getAccountBalance(tx: Tx, address: string): Promise<bigint> {
  const s = (await loadBalances(tx, [address])).get(address);
  return s ? balanceOf(s.balance) : 0n;
}

async function loadTransfersById(tx: Tx, ids: string[]): Promise<Transfer[]> {
  if (!ids.length) return [];
  const rs = await rows<Record<string, unknown>>(tx, sql`SELECT ${TRANSFER_COLUMNS} FROM ledger.transfers WHERE tenant_id = ${TENANT} AND (id = ANY(${sql.raw(textArray(ids))}) OR reverses_id = ANY(${sql.raw(textArray(ids))}))`);
  return rs.map(toTransfer);
}

function prepare(inputs: readonly TransferInput[], requestGroup: string): Transfer[] {
  return inputs.map((i) => ({ ...i, id: i.id ?? newId('trf'), linkedGroup: i.linkedGroup ? `${requestGroup}/${i.linkedGroup}` : requestGroup }));
}

/**
 * The ledger's single write path. All transfers of a call commit together or not at all (linked). With
 * `dryRun` nothing is written and the preview says what would happen. Throws LEDGER_IDEMPOTENCY_CONFLICT (409),
 * LEDGER_TRANSFER_INVALID, LEDGER_ACCOUNT_INVALID, LEDGER_CURRENCY_MISMATCH, LEDGER_INSUFFICIENT_FUNDS,
 * LEDGER_FORBIDDEN_DESTINATION / LEDGER_FEE_ON_DEBTOR (COL-44), LEDGER_ALREADY_REVERSED, LEDGER_TRANSFER_NOT_FOUND.
 */
export async function postTransfers(tx: Tx, inputs: readonly TransferInput[], opts: { idempotencyKey: string; actor?: string }): Promise<PostResult>;
export async function postTransfers(tx: Tx, inputs: readonly TransferInput[], opts: { idempotencyKey: string; dryRun: true }): Promise<Preview>;
export async function postTransfers(tx: Tx, inputs: readonly TransferInput[], opts: { idempotencyKey: string; dryRun?: boolean; actor?: string }): Promise<PostResult | Preview> {
  const key = opts.idempotencyKey;
  if (!key || key.length > 200) throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: 'idempotency key of 1–200 characters required' });
  if (!inputs.length) throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: 'at least one transfer' });
  const hash = requestHash(inputs);
  const batch = prepare(inputs, `req:${key}`);
  for (const t of batch) validateTransfer(t);

  const tenant = (await rows<{ t: string }>(tx, sql`SELECT ${TENANT} AS t`))[0]!.t;
  const flagged = [...new Set(batch.flatMap((t) => [t.debit, t.credit]))].filter((a) => {
    const f = flagsFor(a);
    return f.debitsMustNotExceedCredits || f.creditsMustNotExceedDebits;
  });
  // Writes take the tenant's evidence-log head first (one lock order for every ledger write: log head, then keys).
  if (!opts.dryRun) await lockLedgerWrites(tx);
  if (!opts.dryRun) await lockKeys(tx, [`ledger-req|${tenant}|${key}`, ...flagged.map((a) => `ledger-acct|${tenant}|${a}`)]);

  const prior = await rows<{ request_sha256: string; transfer_ids: string[] }>(
    tx,
    sql`SELECT request_sha256, transfer_ids FROM ledger.requests WHERE tenant_id = ${TENANT} AND idempotency_key = ${key}`,
  );
  if (prior[0]) {
    if (prior[0].request_sha256 !== hash) {
      throw ledgerError('LEDGER_IDEMPOTENCY_CONFLICT', { detail: `idempotency key ${key} was used for a different request` });
    }
    const ids = prior[0].transfer_ids;
    const stored = (await loadTransfersById(tx, ids)).filter((t) => ids.includes(t.id));
    stored.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    const addrs = [...new Set(stored.flatMap((t) => [t.debit, t.credit]))];
    const bal = await loadBalances(tx, addrs);
    return opts.dryRun
      ? { ok: true, outcomes: [], balances: bal }
      : { transfers: stored, replayed: true, balances: Object.fromEntries([...bal].map(([a, s]) => [a, balanceOf(s.balance)])) };
  }

  const reversed = batch.filter((t) => t.reversesId).map((t) => t.reversesId!);
  const inBatch = new Set(batch.map((t) => t.id));
  const history = await loadTransfersById(tx, reversed.filter((id) => !inBatch.has(id)));
  const addresses = [...new Set(batch.flatMap((t) => [t.debit, t.credit]))];
  const balances = await loadBalances(tx, addresses);
  if (opts.dryRun) {
    const preview = previewTransfers(balances, batch);
    try {
      validateReversals(history, batch);
    } catch (e) {
      return { ...preview, ok: false, outcomes: preview.outcomes.map((o) => (o.transfer.reversesId ? { ...o, ok: false, error: { code: (e as { code: string }).code, detail: (e as Error).message } } : o)) };
    }
    return preview;
  }
  validateReversals(history, batch);
  const after = applyTransfers(balances, batch);

  const newAccounts = addresses.filter((a) => !balances.has(a));
  if (newAccounts.length) {
    const values = newAccounts.map((a) => {
      const f = flagsFor(a);
      const cur = batch.find((t) => t.debit === a || t.credit === a)!.currency;
      return sql`(${TENANT}, ${a}, ${cur}, ${f.debitsMustNotExceedCredits}, ${f.creditsMustNotExceedDebits})`;
    });
    await tx.execute(sql`INSERT INTO ledger.accounts (tenant_id, address, currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
      VALUES ${sql.join(values, sql`, `)} ON CONFLICT DO NOTHING`);
    // Another request may have created the account first, in another currency: re-check after the insert.
    const cur = await loadBalances(tx, newAccounts);
    for (const t of batch) for (const a of [t.debit, t.credit]) {
      const s = cur.get(a);
      if (s && s.currency !== t.currency) throw ledgerError('LEDGER_CURRENCY_MISMATCH', { detail: `${a} is ${s.currency}` });
    }
  }
  await tx.execute(sql`INSERT INTO ledger.requests (tenant_id, idempotency_key, request_sha256, transfer_ids)
    VALUES (${TENANT}, ${key}, ${hash}, ${sql.raw(textArray(batch.map((t) => t.id)))})`);
  await insertTransferRows(tx, batch, key);
  // Every accepted batch leaves one evidence leaf (ids and digests only) in the same transaction.
  await recordTransferEvidence(tx, batch, key, opts.actor);
  const touched: Record<string, bigint> = {};
  for (const a of addresses) touched[a] = balanceOf(after.get(a)!.balance);
  return { transfers: batch, replayed: false, balances: touched };
}

/** Multi-row INSERT of transfers (also used by the benchmark as the "plain INSERT" baseline). */
export async function insertTransferRows(tx: Tx, batch: readonly Transfer[], idempotencyKey: string): Promise<void> {
  const values: SQL[] = batch.map(
    (t) => sql`(${TENANT}, ${t.id}, ${t.debit}, ${t.credit}, ${String(t.amountFen)}::bigint, ${t.currency}, ${t.code}, ${t.linkedGroup ?? null},
      ${t.reversesId ?? null}, ${t.valueDate ?? null}::date, ${idempotencyKey}, ${JSON.stringify(t.meta ?? {})}::jsonb)`,
  );
  await tx.execute(sql`INSERT INTO ledger.transfers (tenant_id, id, debit_account, credit_account, amount_fen, currency, code, linked_group,
      reverses_id, value_date, idempotency_key, meta) VALUES ${sql.join(values, sql`, `)}`);
}

/** Transfers touching an account, oldest first, optionally within [from, to) booking time. */
export async function listAccountTransfers(tx: Tx, address: string, range: { from?: string; to?: string } = {}): Promise<(Transfer & { bookedAt: string })[]> {
  const rs = await rows<Record<string, unknown>>(
    tx,
    sql`SELECT ${TRANSFER_COLUMNS}, booked_at FROM ledger.transfers
        WHERE tenant_id = ${TENANT} AND (debit_account = ${address} OR credit_account = ${address})
          ${range.from ? sql`AND booked_at >= ${range.from}::timestamptz` : sql``}
          ${range.to ? sql`AND booked_at < ${range.to}::timestamptz` : sql``}
        ORDER BY booked_at, id`,
  );
  return rs.map((r) => ({ ...toTransfer(r), bookedAt: r.booked_at instanceof Date ? r.booked_at.toISOString() : new Date(String(r.booked_at)).toISOString() }));
}

/** Every transfer recovered or charged under one fee key, plus reversals of those (input to feeFactsFrom). */
export async function listFeeKeyTransfers(tx: Tx, feeKey: string): Promise<Transfer[]> {
  const rs = await rows<Record<string, unknown>>(
    tx,
    sql`SELECT ${TRANSFER_COLUMNS} FROM ledger.transfers t WHERE tenant_id = ${TENANT} AND (meta ->> 'feeKey' = ${feeKey}
        OR reverses_id IN (SELECT id FROM ledger.transfers o WHERE o.tenant_id = ${TENANT} AND o.meta ->> 'feeKey' = ${feeKey}))
        ORDER BY booked_at, id`,
  );
  return rs.map(toTransfer);
}
