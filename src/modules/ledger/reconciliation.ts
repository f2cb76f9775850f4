// Bank statement reconciliation: credits on the escrow bank account are matched to expected payments first by
// reference, then by amount + payer name (only when exactly one candidate fits); everything else goes to the
// tenant's suspense account for a person to resolve. Re-importing the same statement books nothing twice (one
// idempotency key per statement line).
import Papa from 'papaparse';
import { formatYuan, parseYuan } from '../../platform/money.js';
import type { Tx } from '../../platform/db/index.js';
import { ledgerError } from './errors.js';
import { accounts } from './postings.js';
import { receiptTransfers } from './escrow.js';
import { postTransfers, type TransferInput } from './store.js';

export interface BankLine {
  line: number;
  date: string;
  amountFen: bigint;
  payer: string;
  reference: string;
}

export interface ExpectedPayment {
  caseId: string;
  creditorId: string;
  reference: string;
  feeKey: string;
  amountFen?: bigint;
  payerName?: string;
}

export type MatchRule = 'reference' | 'amount_payer';
export interface ReconciliationResult {
  matched: { line: BankLine; expected: ExpectedPayment; rule: MatchRule }[];
  suspense: { line: BankLine; reason: 'no_match' | 'ambiguous' }[];
  ignored: { line: BankLine; reason: 'not_a_credit' }[];
  report: string;
}

const HEADERS: Record<keyof Omit<BankLine, 'line'>, string[]> = {
  date: ['date', '交易日期', '记账日期', '日期'],
  amountFen: ['amount', '金额', '贷方金额', '收入金额', '交易金额'],
  payer: ['payer', '对方户名', '付款人', '对方名称'],
  reference: ['reference', '摘要', '附言', '用途', '备注'],
};

/** Parses a bank CSV (English or common Chinese headers; amounts in yuan, "1,234.50" allowed). Throws LEDGER_RECONCILIATION_FORMAT. */
export function parseBankStatementCsv(text: string): BankLine[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  const fields = parsed.meta.fields ?? [];
  const col = (k: keyof typeof HEADERS) => {
    const f = fields.find((x) => HEADERS[k].includes(x.toLowerCase()) || HEADERS[k].includes(x));
    if (!f) throw ledgerError('LEDGER_RECONCILIATION_FORMAT', { detail: `no column for ${k} (one of ${HEADERS[k].join(', ')})` });
    return f;
  };
  const [cd, ca, cp, cr] = [col('date'), col('amountFen'), col('payer'), col('reference')];
  return parsed.data.map((r, i) => {
    const date = (r[cd] ?? '').trim().replace(/\//g, '-');
    if (!/^\d{4}-\d{2}-\d{2}/.test(date)) throw ledgerError('LEDGER_RECONCILIATION_FORMAT', { detail: `line ${i + 2}: bad date ${date}` });
    let amountFen: bigint;
    try {
      amountFen = parseYuan((r[ca] ?? '').replace(/[,\s¥￥]/g, ''));
    } catch {
      throw ledgerError('LEDGER_RECONCILIATION_FORMAT', { detail: `line ${i + 2}: bad amount ${r[ca]}` });
    }
    return { line: i + 2, date: date.slice(0, 10), amountFen, payer: (r[cp] ?? '').trim(), reference: (r[cr] ?? '').trim() };
  });
}

const norm = (s: string) => s.replace(/\s+/g, '').toUpperCase();

export function reconcileStatement(lines: readonly BankLine[], expected: readonly ExpectedPayment[]): ReconciliationResult {
  const res: ReconciliationResult = { matched: [], suspense: [], ignored: [], report: '' };
  // Index the expected references by their normalised text and group the lengths, so finding every expected
  // reference contained in a line's reference costs O(|reference| × distinct lengths) instead of O(expected).
  const byRefText = new Map<string, ExpectedPayment[]>();
  for (const e of expected) {
    if (!e.reference) continue;
    const k = norm(e.reference);
    if (!k) continue;
    const list = byRefText.get(k);
    if (list) list.push(e);
    else byRefText.set(k, [e]);
  }
  const lengths = [...new Set([...byRefText.keys()].map((k) => k.length))];
  const byAmountPayer = new Map<string, ExpectedPayment[]>();
  for (const e of expected) {
    if (e.amountFen === undefined || !e.payerName) continue;
    const k = `${e.amountFen}|${norm(e.payerName)}`;
    const list = byAmountPayer.get(k);
    if (list) list.push(e);
    else byAmountPayer.set(k, [e]);
  }
  for (const line of lines) {
    if (line.amountFen <= 0n) {
      res.ignored.push({ line, reason: 'not_a_credit' });
      continue;
    }
    const ref = norm(line.reference);
    const found = new Set<ExpectedPayment>();
    for (const L of lengths) {
      for (let i = 0; i + L <= ref.length; i++) {
        const hit = byRefText.get(ref.slice(i, i + L));
        if (hit) for (const e of hit) found.add(e);
      }
    }
    if (found.size === 1) {
      res.matched.push({ line, expected: [...found][0]!, rule: 'reference' });
      continue;
    }
    if (found.size > 1) {
      res.suspense.push({ line, reason: 'ambiguous' });
      continue;
    }
    const cands = byAmountPayer.get(`${line.amountFen}|${norm(line.payer)}`) ?? [];
    if (cands.length === 1) res.matched.push({ line, expected: cands[0]!, rule: 'amount_payer' });
    else res.suspense.push({ line, reason: cands.length > 1 ? 'ambiguous' : 'no_match' });
  }
  const sum = (xs: { line: BankLine }[]) => formatYuan(xs.reduce((s, x) => s + x.line.amountFen, 0n));
  res.report = [
    `matched ${res.matched.length} (${sum(res.matched)}): by reference ${res.matched.filter((m) => m.rule === 'reference').length}, by amount+payer ${res.matched.filter((m) => m.rule === 'amount_payer').length}`,
    `to suspense ${res.suspense.length} (${sum(res.suspense)})`,
    ...res.suspense.map((s) => `  line ${s.line.line} ${s.line.date} ${formatYuan(s.line.amountFen)} ${s.line.payer} "${s.line.reference}": ${s.reason}`),
    `ignored (not credits) ${res.ignored.length}`,
  ].join('\n');
  return res;
}

/** Books a reconciliation: matched lines as receipts, the rest into suspense; one idempotency key per statement line. */
export async function postReconciliation(tx: Tx, r: ReconciliationResult, opts: { statementId: string; tenantId: string; currency: string }): Promise<{ posted: number; replayed: number }> {
  let posted = 0;
  let replayed = 0;
  let n = 0;
  const id = () => `b${n++}`;
  const book = async (line: BankLine, inputs: TransferInput[]) => {
    const res = await postTransfers(tx, inputs, { idempotencyKey: `bank:${opts.statementId}:${line.line}` });
    if (res.replayed) replayed++;
    else posted++;
  };
  const toSuspense = (s: { line: BankLine; reason: string }) =>
    book(s.line, [{ debit: accounts.world, credit: accounts.suspense(opts.tenantId), amountFen: s.line.amountFen, currency: opts.currency, code: 'payment_received', valueDate: s.line.date, meta: { bankLine: String(s.line.line), payer: s.line.payer, reference: s.line.reference, reason: s.reason } }]);
  for (const m of r.matched) {
    const ts = receiptTransfers({ caseId: m.expected.caseId, creditorId: m.expected.creditorId, amountFen: m.line.amountFen, currency: opts.currency, feeKey: m.expected.feeKey, reference: m.line.reference, valueDate: m.line.date }, id);
    try {
      await book(m.line, ts.map(({ id: _i, ...rest }) => ({ ...rest, meta: { ...rest.meta, bankLine: String(m.line.line), matchRule: m.rule } })));
    } catch (e) {
      // More than the case still owes (or no claim placed): the money waits in suspense, never booked as extra debt.
      // The check is in memory before any write, so the transaction is still usable. On a re-import the line was
      // already booked to suspense, so the receipt body conflicts with the stored one: the suspense booking replays
      // (and a genuinely different statement under the same id still conflicts there and throws).
      const code = (e as { code?: string }).code;
      if (code !== 'LEDGER_INSUFFICIENT_FUNDS' && code !== 'LEDGER_IDEMPOTENCY_CONFLICT') throw e;
      await toSuspense({ line: m.line, reason: 'overpayment' });
    }
  }
  for (const s of r.suspense) await toSuspense(s);
  return { posted, replayed };
}
