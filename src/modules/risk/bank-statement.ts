// Bank-statement CSV import: Chinese or English headers, signed or debit/credit columns, yuan amounts → fen,
// merchant category inferred from the description (loan apps, gambling, salary …) unless a category column exists.
import Papa from 'papaparse';
import { parseYuan } from '../../platform/money.js';
import { MERCHANT_CATEGORIES, type BankTransaction, type MerchantCategory } from './feature-inputs.js';
import { riskError } from './errors.js';

const HEADERS = {
  date: ['date', 'transaction date', 'posting date', '交易日期', '记账日期', '日期', '交易时间'],
  amount: ['amount', '交易金额', '金额', '发生额'],
  debit: ['debit', 'withdrawal', '支出', '借方金额', '支出金额'],
  credit: ['credit', 'deposit', '收入', '贷方金额', '存入金额', '收入金额'],
  balance: ['balance', '余额', '账户余额', '本次余额'],
  description: ['description', 'memo', 'narrative', 'merchant', '摘要', '交易摘要', '用途', '备注', '对方户名', '交易对方'],
  category: ['category', '类别', '分类'],
};

const RULES: [MerchantCategory, RegExp][] = [
  ['gambling', /彩票|博彩|赌|casino|lottery|betting|\bbet\b|poker|体彩|福彩/i],
  ['loan_app', /借呗|花呗|微粒贷|借款|放款|贷款发放|网贷|小贷|消费金融|loan disburse|payday|cash ?loan|京东金条|360借条|分期乐/i],
  ['loan_repayment', /还款|repayment|信用卡还款|loan payment/i],
  ['salary', /工资|薪|代发|salary|payroll|wage/i],
  ['government_benefit', /社保|低保|养老金|公积金|补贴|pension|benefit|allowance/i],
  ['rent', /房租|租金|rent/i],
  ['utilities', /水费|电费|燃气|话费|宽带|utility|electric|water bill|gas bill|mobile bill/i],
  ['groceries', /超市|菜|便利店|supermarket|grocery|market/i],
  ['ecommerce', /淘宝|天猫|京东|拼多多|美团|taobao|jd\.com|pinduoduo|amazon/i],
  ['cash_withdrawal', /取现|取款|ATM|cash withdrawal/i],
  ['fees', /手续费|年费|罚息|滞纳金|fee|charge|penalty/i],
  ['transfer_in', /转入|汇入|transfer in|incoming transfer/i],
  ['transfer_out', /转出|汇出|transfer out|outgoing transfer/i],
];

/** Infer a merchant category from a free-text description and the sign of the amount. */
export function categorizeTransaction(description: string, amountFen: bigint): MerchantCategory {
  for (const [cat, re] of RULES) if (re.test(description)) return cat;
  return amountFen >= 0n ? 'transfer_in' : 'other';
}

function findCol(header: string[], names: string[]): number {
  const h = header.map((x) => x.trim().toLowerCase());
  for (const n of names) {
    const i = h.indexOf(n.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

function normDate(s: string, row: number): string {
  const m = s.trim().match(/^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})/);
  if (!m) throw riskError('RISK_BANK_STATEMENT_INVALID', { detail: `row ${row}: bad date ${JSON.stringify(s)}` });
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

function money(s: string | undefined, row: number): bigint {
  if (s === undefined || s.trim() === '' || s.trim() === '-') return 0n;
  const t = s.replace(/[,，¥￥\s]|元|RMB|CNY/g, '');
  try {
    return parseYuan(t.startsWith('+') ? t.slice(1) : t);
  } catch {
    throw riskError('RISK_BANK_STATEMENT_INVALID', { detail: `row ${row}: bad amount ${JSON.stringify(s)}` });
  }
}

/** Parse a bank-statement CSV into transactions (amounts in fen; inflow positive). Throws RISK_BANK_STATEMENT_INVALID. */
export function parseBankStatementCsv(text: string): BankTransaction[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trim(), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (!header) throw riskError('RISK_BANK_STATEMENT_INVALID', { detail: 'empty file' });
  const ci = {
    date: findCol(header, HEADERS.date),
    amount: findCol(header, HEADERS.amount),
    debit: findCol(header, HEADERS.debit),
    credit: findCol(header, HEADERS.credit),
    balance: findCol(header, HEADERS.balance),
    description: findCol(header, HEADERS.description),
    category: findCol(header, HEADERS.category),
  };
  if (ci.date < 0) throw riskError('RISK_BANK_STATEMENT_INVALID', { detail: 'no date column' });
  if (ci.amount < 0 && ci.debit < 0 && ci.credit < 0) throw riskError('RISK_BANK_STATEMENT_INVALID', { detail: 'no amount, debit or credit column' });
  return rows.map((r, k) => {
    const row = k + 2;
    const debit = ci.debit >= 0 ? money(r[ci.debit], row) : 0n;
    const credit = ci.credit >= 0 ? money(r[ci.credit], row) : 0n;
    const amountFen = ci.amount >= 0 ? money(r[ci.amount], row) : credit - (debit < 0n ? -debit : debit);
    const desc = ci.description >= 0 ? (r[ci.description] ?? '') : '';
    const given = ci.category >= 0 ? (r[ci.category] ?? '').trim() : '';
    const category = (MERCHANT_CATEGORIES as readonly string[]).includes(given) ? (given as MerchantCategory) : categorizeTransaction(desc, amountFen);
    const tx: BankTransaction = { date: normDate(r[ci.date] ?? '', row), amountFen, category };
    if (ci.balance >= 0 && (r[ci.balance] ?? '').trim() !== '') tx.balanceFen = money(r[ci.balance], row);
    return tx;
  });
}
