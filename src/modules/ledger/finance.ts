// Finance views from the immutable transfers: escrow per creditor (receipts, fees, refunds, disbursements, balance),
// tenant fee income, recoveries over time, and disbursement listings. Nothing here is stored; all of it derives.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { listCreditors } from '../cases/index.js';
import { accounts } from './postings.js';
import { getCreditorAgreement } from './agreements.js';
import { getDisbursement, listPendingDisbursements, requestDisbursement, approveDisbursement, type Disbursement } from './disbursements.js';
import { lockLedgerWrites } from './evidence-seam.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;

export interface EscrowSummary {
  creditorId: string;
  creditorName: string;
  currency: string;
  balanceFen: bigint;
  receivedFen: bigint;
  feesFen: bigint;
  refundedFen: bigint;
  disbursedFen: bigint;
  pendingDisbursementFen: bigint;
}

/** Escrow of each creditor (or one), by kind of movement. Reversals count against what they reverse. */
export async function escrowSummaries(tx: Tx, creditorId?: string): Promise<EscrowSummary[]> {
  const creditors = (await listCreditors(tx)).filter((c) => !creditorId || c.id === creditorId);
  if (!creditors.length) return [];
  const addrs = creditors.map((c) => accounts.escrow(c.id));
  const rs = await rows<{ acct: string; kind: string; currency: string; amt: string }>(tx, sql`
    SELECT acct, kind, currency, sum(amt)::text AS amt FROM (
      SELECT t.credit_account AS acct, COALESCE(o.code, t.code) AS kind, t.currency, t.amount_fen AS amt
        FROM ledger.transfers t LEFT JOIN ledger.transfers o ON o.tenant_id = t.tenant_id AND o.id = t.reverses_id
        WHERE t.tenant_id = ${TENANT} AND t.credit_account = ANY(${sql.raw(arr(addrs))})
      UNION ALL
      SELECT t.debit_account, COALESCE(o.code, t.code), t.currency, -t.amount_fen
        FROM ledger.transfers t LEFT JOIN ledger.transfers o ON o.tenant_id = t.tenant_id AND o.id = t.reverses_id
        WHERE t.tenant_id = ${TENANT} AND t.debit_account = ANY(${sql.raw(arr(addrs))})
    ) x GROUP BY acct, kind, currency`);
  const pending = await rows<{ creditor_id: string; amt: string }>(tx, sql`SELECT d.creditor_id, sum(d.amount_fen)::text AS amt FROM ledger.disbursements d
    WHERE d.tenant_id = ${TENANT} AND NOT EXISTS (SELECT 1 FROM ledger.disbursement_approvals a WHERE a.tenant_id = d.tenant_id AND a.disbursement_id = d.id) GROUP BY d.creditor_id`);
  return creditors.map((c) => {
    const mine = rs.filter((r) => r.acct === accounts.escrow(c.id));
    const by = (...kinds: string[]) => mine.filter((r) => kinds.includes(r.kind)).reduce((s, r) => s + BigInt(r.amt), 0n);
    return {
      creditorId: c.id, creditorName: c.name, currency: mine[0]?.currency ?? 'CNY',
      balanceFen: mine.reduce((s, r) => s + BigInt(r.amt), 0n),
      receivedFen: by('payment_received', 'suspense_matched'), feesFen: -by('fee_charged', 'fee_refunded'), refundedFen: -by('refund'), disbursedFen: -by('disbursement'),
      pendingDisbursementFen: BigInt(pending.find((p) => p.creditor_id === c.id)?.amt ?? '0'),
    };
  });
}

function arr(xs: string[]): string {
  return `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

export interface FeeIncome {
  balanceFen: bigint;
  chargedFen: bigint;
  refundedFen: bigint;
  byCreditor: { creditorId: string; contingencyFen: bigint; fixedFen: bigint }[];
  byMonth: { month: string; netFen: bigint }[];
}

/** The tenant's fee income (fees account), per creditor and per month; reversals and fee refunds net off. */
export async function feeIncome(tx: Tx): Promise<FeeIncome> {
  const tenant = (await rows<{ t: string }>(tx, sql`SELECT ${TENANT} AS t`))[0]!.t;
  const fees = accounts.fees(tenant);
  const rs = await rows<{ code: string; kind: string; creditor: string; month: string; amt: string }>(tx, sql`
    SELECT t.code, COALESCE(t.meta ->> 'feeKind', 'contingency') AS kind, COALESCE(t.meta ->> 'creditorId', '') AS creditor,
      to_char(t.booked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
      sum(CASE WHEN t.credit_account = ${fees} THEN t.amount_fen ELSE -t.amount_fen END)::text AS amt
    FROM ledger.transfers t WHERE t.tenant_id = ${TENANT} AND (t.credit_account = ${fees} OR t.debit_account = ${fees})
    GROUP BY 1, 2, 3, 4`);
  const out: FeeIncome = { balanceFen: 0n, chargedFen: 0n, refundedFen: 0n, byCreditor: [], byMonth: [] };
  const cred = new Map<string, { creditorId: string; contingencyFen: bigint; fixedFen: bigint }>();
  const month = new Map<string, bigint>();
  for (const r of rs) {
    const a = BigInt(r.amt);
    out.balanceFen += a;
    if (r.code === 'fee_charged') out.chargedFen += a;
    else out.refundedFen += -a;
    const c = cred.get(r.creditor) ?? { creditorId: r.creditor, contingencyFen: 0n, fixedFen: 0n };
    if (r.kind === 'fixed') c.fixedFen += a;
    else c.contingencyFen += a;
    cred.set(r.creditor, c);
    month.set(r.month, (month.get(r.month) ?? 0n) + a);
  }
  out.byCreditor = [...cred.values()].filter((c) => c.creditorId);
  out.byMonth = [...month].sort(([a], [b]) => a.localeCompare(b)).map(([m, netFen]) => ({ month: m, netFen }));
  return out;
}

/** Net money recovered into escrow per day (receipts and suspense matches, less reversals and refunds), optionally for one creditor. */
export async function recoveriesOverTime(tx: Tx, opts: { creditorId?: string; days: number }): Promise<{ day: string; recoveredFen: bigint; payments: number }[]> {
  const rs = await rows<{ day: string; amt: string; n: number }>(tx, sql`
    SELECT to_char(t.booked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
      sum(CASE WHEN t.code IN ('payment_received', 'suspense_matched') THEN t.amount_fen
               WHEN t.code = 'refund' THEN -t.amount_fen
               WHEN t.code = 'reversal' THEN -t.amount_fen ELSE 0 END)::text AS amt,
      count(*) FILTER (WHERE t.code IN ('payment_received', 'suspense_matched'))::int AS n
    FROM ledger.transfers t
    LEFT JOIN ledger.transfers o ON o.tenant_id = t.tenant_id AND o.id = t.reverses_id
    WHERE t.tenant_id = ${TENANT} AND t.booked_at > now() - make_interval(days => ${opts.days})
      AND ((t.code IN ('payment_received', 'suspense_matched') AND t.credit_account LIKE 'escrow:%')
           OR (t.code = 'refund' AND t.debit_account LIKE 'escrow:%')
           OR (t.code = 'reversal' AND o.code IN ('payment_received', 'suspense_matched') AND o.credit_account LIKE 'escrow:%'))
      ${opts.creditorId ? sql`AND (t.credit_account = ${accounts.escrow(opts.creditorId)} OR t.debit_account = ${accounts.escrow(opts.creditorId)})` : sql``}
    GROUP BY 1 ORDER BY 1`);
  return rs.map((r) => ({ day: r.day, recoveredFen: BigInt(r.amt), payments: Number(r.n) }));
}

/** A disbursement: paid now up to the creditor's approval threshold, else waits for a second person. */
export async function createDisbursement(tx: Tx, input: { creditorId: string; amountFen: bigint; reference: string }, actorId: string): Promise<Disbursement> {
  await lockLedgerWrites(tx);
  const a = await getCreditorAgreement(tx, input.creditorId);
  return requestDisbursement(tx, { ...input, currency: 'CNY' }, actorId, { thresholdFen: a.approvalThresholdFen });
}

export async function approve(tx: Tx, id: string, actorId: string): Promise<Disbursement> {
  await lockLedgerWrites(tx);
  return approveDisbursement(tx, id, actorId);
}

export async function pendingDisbursements(tx: Tx): Promise<Disbursement[]> {
  const ids = await listPendingDisbursements(tx);
  return Promise.all(ids.map((id) => getDisbursement(tx, id)));
}
