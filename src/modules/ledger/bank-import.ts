// Importing a bank statement of the escrow bank account (CSV or XLSX): lines are matched to expected payments (the
// references of our payment intents and the case references debtors write on transfers; then amount + payer), the
// matched ones are booked as case receipts (promises resolve, fees sync), everything else goes to the tenant's
// suspense account for a person to resolve. The same file again is the same reconciliation (nothing moves twice).
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { rows, one, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { formatYuan } from '../../platform/money.js';
import { readXlsxRows, searchCases } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { ledgerError } from './errors.js';
import { accounts } from './postings.js';
import { parseBankStatementCsv, reconcileStatement, type BankLine, type ExpectedPayment } from './reconciliation.js';
import { bookIncomingPayment, sha256Hex } from './case-ledger.js';
import { postTransfers, type TransferInput } from './store.js';
import { lockLedgerWrites } from './evidence-seam.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;

/** CSV text or XLSX bytes → bank lines. Throws LEDGER_RECONCILIATION_FORMAT. */
export async function readStatement(bytes: Buffer): Promise<BankLine[]> {
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') {
    const recs: Record<string, string>[] = [];
    try {
      for await (const r of readXlsxRows(Readable.from(bytes))) {
        recs.push(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '')])));
      }
    } catch (e) {
      throw ledgerError('LEDGER_RECONCILIATION_FORMAT', { detail: `not a readable XLSX file: ${(e as Error).message}` });
    }
    if (!recs.length) throw ledgerError('LEDGER_RECONCILIATION_FORMAT', { detail: 'the worksheet has no lines' });
    return parseBankStatementCsv(Papa.unparse(recs));
  }
  return parseBankStatementCsv(bytes.toString('utf8'));
}

/** What the tenant expects to receive: open payment intents (their reference) and every case (its reference). */
export async function expectedPayments(tx: Tx, keys: DebtorKeys): Promise<ExpectedPayment[]> {
  const out: ExpectedPayment[] = [];
  const intents = await rows<{ id: string; case_id: string; creditor_id: string; reference: string; amount_fen: string }>(tx,
    sql`SELECT id, case_id, creditor_id, reference, amount_fen::text AS amount_fen FROM ledger.payment_intents WHERE tenant_id = ${TENANT}`);
  for (const i of intents) out.push({ caseId: i.case_id, creditorId: i.creditor_id, reference: i.reference, feeKey: '', amountFen: BigInt(i.amount_fen) });
  for (let offset = 0; ; offset += 500) {
    const page = await searchCases(tx, keys, { limit: 500, offset });
    for (const c of page.items) {
      if (c.stage !== 'closed') out.push({ caseId: c.id, creditorId: c.creditorId, reference: c.ref, feeKey: '', payerName: c.debtorName });
    }
    if (page.items.length < 500) break;
  }
  // An intent reference contains its case reference: keep the longest (most specific) match per line by dropping
  // the case reference when the line names an intent of that case (handled by preferring intents below).
  return out;
}

export interface ReconciliationView {
  id: string;
  fileName: string;
  createdAt: string;
  lineCount: number;
  report: string;
  replayed: boolean;
  lines: { line: number; date: string; amountFen: bigint; payer: string; reference: string; outcome: 'matched' | 'suspense' | 'ignored'; rule: string | null; caseId: string | null; transferId: string | null; resolved: boolean }[];
}

const CHUNK = 500;

/**
 * Imports and books a statement. Throws LEDGER_RECONCILIATION_FORMAT. Matched lines book one receipt each (key
 * `bank:<file sha>:<line>`); unmatched credits go to suspense in chunks (one linked batch per 500 lines).
 */
export async function importStatement(tx: Tx, keys: DebtorKeys, input: { fileName: string; bytes: Buffer; actor: string }): Promise<ReconciliationView> {
  const fileSha = sha256Hex(input.bytes.toString('latin1'));
  await lockLedgerWrites(tx);
  const existing = await one<{ id: string }>(tx, sql`SELECT id FROM ledger.reconciliations WHERE tenant_id = ${TENANT} AND file_sha256 = ${fileSha}`);
  if (existing) return { ...(await getReconciliation(tx, existing.id)), replayed: true };
  const lines = await readStatement(input.bytes);
  const expected = await expectedPayments(tx, keys);
  // Intent references name the case reference too; a line carrying an intent reference is that intent, not ambiguous.
  const intentRefs = expected.filter((e) => e.amountFen !== undefined);
  const caseRefs = expected.filter((e) => e.amountFen === undefined);
  const first = reconcileStatement(lines, intentRefs);
  const rest = reconcileStatement(first.suspense.map((s) => s.line), caseRefs);
  const matched = [...first.matched, ...rest.matched].sort((a, b) => a.line.line - b.line.line);
  const suspense = rest.suspense;
  const tenant = (await one<{ t: string }>(tx, sql`SELECT ${TENANT} AS t`))!.t;
  const id = newId('rec');
  const outcome = new Map<number, { outcome: 'matched' | 'suspense' | 'ignored'; rule: string | null; caseId: string | null; transferId: string | null }>();
  for (const m of matched) {
    const b = await bookIncomingPayment(tx, {
      caseId: m.expected.caseId, amountFen: m.line.amountFen, currency: 'CNY', valueDate: m.line.date, key: `bank:${fileSha}:${m.line.line}`,
      digest: sha256Hex(`${fileSha}:${m.line.line}`), meta: { bankLine: String(m.line.line), reconciliationId: id, matchRule: m.rule, reference: m.line.reference.slice(0, 120) },
      externalRef: `bank:${fileSha.slice(0, 16)}:${m.line.line}`, actor: input.actor,
    });
    outcome.set(m.line.line, { outcome: 'matched', rule: m.rule, caseId: m.expected.caseId, transferId: b.paymentId });
  }
  for (let i = 0; i < suspense.length; i += CHUNK) {
    const chunk = suspense.slice(i, i + CHUNK);
    const inputs: TransferInput[] = chunk.map((s) => ({ debit: accounts.world, credit: accounts.suspense(tenant), amountFen: s.line.amountFen, currency: 'CNY', code: 'payment_received', valueDate: s.line.date,
      meta: { bankLine: String(s.line.line), reconciliationId: id, reason: s.reason } }));
    const r = await postTransfers(tx, inputs, { idempotencyKey: `bank:${fileSha}:suspense:${i / CHUNK}`, actor: input.actor });
    chunk.forEach((s, j) => outcome.set(s.line.line, { outcome: 'suspense', rule: s.reason, caseId: null, transferId: r.transfers[j]!.id }));
  }
  for (const g of first.ignored) outcome.set(g.line.line, { outcome: 'ignored', rule: g.reason, caseId: null, transferId: null });
  const sum = (xs: { line: BankLine }[]) => formatYuan(xs.reduce((s, x) => s + x.line.amountFen, 0n));
  const report = [
    `lines ${lines.length}; matched ${matched.length} (${sum(matched)}): by intent reference ${first.matched.length}, by case reference ${rest.matched.filter((m) => m.rule === 'reference').length}, by amount+payer ${rest.matched.filter((m) => m.rule === 'amount_payer').length}`,
    `to suspense ${suspense.length} (${sum(suspense)}): no match ${suspense.filter((s) => s.reason === 'no_match').length}, ambiguous ${suspense.filter((s) => s.reason === 'ambiguous').length}`,
    `ignored (not credits) ${first.ignored.length}`,
  ].join('\n');
  await tx.execute(sql`INSERT INTO ledger.reconciliations (tenant_id, id, file_sha256, file_name, line_count, report, created_by)
    VALUES (${TENANT}, ${id}, ${fileSha}, ${input.fileName.slice(0, 200)}, ${lines.length}, ${report}, ${input.actor})`);
  for (let i = 0; i < lines.length; i += CHUNK) {
    const vals = lines.slice(i, i + CHUNK).map((l) => {
      const o = outcome.get(l.line)!;
      return sql`(${TENANT}, ${id}, ${l.line}, ${l.date}::date, ${String(l.amountFen)}::bigint, ${l.payer.slice(0, 200)}, ${l.reference.slice(0, 300)}, ${o.outcome}, ${o.rule}, ${o.caseId}, ${o.transferId})`;
    });
    await tx.execute(sql`INSERT INTO ledger.reconciliation_lines (tenant_id, reconciliation_id, line, value_date, amount_fen, payer, reference, outcome, rule, case_id, transfer_id)
      VALUES ${sql.join(vals, sql`, `)}`);
  }
  return { ...(await getReconciliation(tx, id)), replayed: false };
}

/** Throws LEDGER_NOT_FOUND. */
export async function getReconciliation(tx: Tx, id: string, opts: { limit?: number } = {}): Promise<ReconciliationView> {
  const r = await one<{ id: string; file_name: string; created_at: Date | string; line_count: number; report: string }>(tx,
    sql`SELECT id, file_name, created_at, line_count, report FROM ledger.reconciliations WHERE tenant_id = ${TENANT} AND id = ${id}`);
  if (!r) throw ledgerError('LEDGER_NOT_FOUND', { detail: `no reconciliation ${id}` });
  const ls = await rows<Record<string, string | number | null>>(tx, sql`SELECT l.line, l.value_date::text AS value_date, l.amount_fen::text AS amount_fen, l.payer, l.reference, l.outcome, l.rule, l.case_id, l.transfer_id,
      EXISTS (SELECT 1 FROM ledger.requests q WHERE q.tenant_id = l.tenant_id AND q.idempotency_key = 'suspense:' || l.transfer_id) AS resolved
    FROM ledger.reconciliation_lines l WHERE l.tenant_id = ${TENANT} AND l.reconciliation_id = ${id}
    ORDER BY (l.outcome = 'suspense') DESC, l.line LIMIT ${opts.limit ?? 2000}`);
  return {
    id: r.id, fileName: r.file_name, createdAt: new Date(r.created_at).toISOString(), lineCount: Number(r.line_count), report: r.report, replayed: false,
    lines: ls.map((l) => ({
      line: Number(l.line), date: String(l.value_date).slice(0, 10), amountFen: BigInt(String(l.amount_fen)), payer: String(l.payer), reference: String(l.reference),
      outcome: l.outcome as 'matched', rule: (l.rule as string | null) ?? null, caseId: (l.case_id as string | null) ?? null, transferId: (l.transfer_id as string | null) ?? null, resolved: !!l.resolved,
    })),
  };
}

export async function listReconciliations(tx: Tx): Promise<{ id: string; fileName: string; createdAt: string; lineCount: number }[]> {
  const rs = await rows<{ id: string; file_name: string; created_at: Date | string; line_count: number }>(tx,
    sql`SELECT id, file_name, created_at, line_count FROM ledger.reconciliations WHERE tenant_id = ${TENANT} ORDER BY created_at DESC LIMIT 50`);
  return rs.map((r) => ({ id: r.id, fileName: r.file_name, createdAt: new Date(r.created_at).toISOString(), lineCount: Number(r.line_count) }));
}

/**
 * A person identifies money held in suspense as a case's payment: suspense → creditor escrow, off the receivable,
 * recorded on the case, fees synced. Once per suspense item (resolving it again to another case is refused).
 * Throws LEDGER_NOT_FOUND, LEDGER_IDEMPOTENCY_CONFLICT, LEDGER_TRANSFER_INVALID (more than the case owes).
 */
export async function resolveSuspense(tx: Tx, suspenseId: string, caseId: string, actor: string) {
  const s = await one<{ amount_fen: string; currency: string; value_date: string | null; credit_account: string }>(tx,
    sql`SELECT amount_fen::text AS amount_fen, currency, value_date::text AS value_date, credit_account FROM ledger.transfers
        WHERE tenant_id = ${TENANT} AND id = ${suspenseId} AND code = 'payment_received' AND credit_account LIKE 'suspense:%'`);
  if (!s) throw ledgerError('LEDGER_NOT_FOUND', { detail: `no suspense item ${suspenseId}` });
  const reversed = await one(tx, sql`SELECT 1 AS x FROM ledger.transfers WHERE tenant_id = ${TENANT} AND reverses_id = ${suspenseId}`);
  if (reversed) throw ledgerError('LEDGER_ALREADY_REVERSED', { detail: `${suspenseId} was reversed` });
  const amount = BigInt(s.amount_fen);
  const b = await bookIncomingPayment(tx, {
    caseId, amountFen: amount, currency: s.currency, valueDate: (s.value_date ?? new Date().toISOString()).slice(0, 10), key: `suspense:${suspenseId}`,
    digest: sha256Hex(`${suspenseId}:${caseId}`), meta: { suspenseId }, externalRef: `suspense:${suspenseId}`, actor, fromSuspense: true,
  });
  return b;
}
