// Declarative feature catalogue (≥200 features per debtor) and its pure computation over typed inputs.
// Sources: bank statements, repayment history, contact history, the debts, banded demographics. No protected
// attributes (sex, ethnicity, religion, marital status, health …) — COL-85 / PIPL art 24; a test enforces it.
import {
  AGE_BANDS,
  CITY_TIERS,
  CONTACT_CHANNELS,
  DEBT_PRODUCTS,
  EMPLOYMENT_BANDS,
  INCOME_BANDS,
  MERCHANT_CATEGORIES,
  epochDay,
  fenToYuan,
  type ContactChannel,
  type DebtorFeatureInput,
  type MerchantCategory,
} from './feature-inputs.js';

export type FeatureSource = 'bank_statement' | 'repayment' | 'contact' | 'debt' | 'demographic';
export type FeatureType = 'count' | 'amount' | 'ratio' | 'days' | 'flag' | 'ordinal' | 'dispersion';

export interface FeatureSpec {
  name: string;
  description: string;
  source: FeatureSource;
  /** Look-back window in days, or null when the feature is not windowed. */
  windowDays: number | null;
  type: FeatureType;
  compute: (c: FeatureContext) => number;
}

/** Names that must never appear as features (protected attributes). Matched against name and description. */
export const PROTECTED_ATTRIBUTE_PATTERN =
  /\b(sex|gender|ethnic\w*|race|racial|relig\w*|faith|nationality|minzu|marital|marriage|pregnan\w*|disabilit\w*|health|medical|politic\w*|trade_union|sexual_orientation|hukou)\b/i;

/** True when a column/feature name looks like a protected attribute. */
export function isProtectedAttributeName(name: string): boolean {
  return PROTECTED_ATTRIBUTE_PATTERN.test(name.replace(/[^A-Za-z]+/g, ' ')) || PROTECTED_ATTRIBUTE_PATTERN.test(name);
}

export const WINDOWS = [30, 90, 180] as const;
type Win = (typeof WINDOWS)[number];

interface WindowStats {
  inCount: number;
  inSum: number;
  inMax: number;
  inStd: number;
  outCount: number;
  outSum: number;
  outMax: number;
  outStd: number;
  activeDays: number;
  catCount: Record<MerchantCategory, number>;
  catSum: Record<MerchantCategory, number>;
  balMean: number;
  balStd: number;
  balMin: number;
  balMax: number;
  daysNegative: number;
  daysBelow100: number;
  balTrend: number; // end minus start balance
}

/** Everything the catalogue's compute functions read; built once per debtor. */
export interface FeatureContext {
  input: DebtorFeatureInput;
  asOf: number;
  win: Record<Win, WindowStats>;
  salaryDays: number[];
  salaryAmounts: number[];
  lastBalance: number;
  inst: InstalmentView[];
  contacts: { day: number; hour: number; channel: ContactChannel; ok: boolean; responded: boolean; outcome: string }[];
}

interface InstalmentView {
  due: number;
  dueAmt: number;
  paidAmt: number;
  paidDay: number | null;
  full: boolean;
  dpd: number;
}

function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}
const safeDiv = (a: number, b: number) => (b === 0 ? 0 : a / b);
const zeroCats = () => Object.fromEntries(MERCHANT_CATEGORIES.map((c) => [c, 0])) as Record<MerchantCategory, number>;

/** Build the per-debtor context (windowed aggregates) used by every feature. */
export function buildFeatureContext(input: DebtorFeatureInput): FeatureContext {
  const asOf = epochDay(input.asOf);
  const tx = input.transactions
    .map((t) => ({ day: epochDay(t.date), amt: fenToYuan(t.amountFen), bal: t.balanceFen === undefined ? NaN : fenToYuan(t.balanceFen), cat: t.category }))
    .filter((t) => t.day <= asOf)
    .sort((a, b) => a.day - b.day);
  // end-of-day balances, forward-filled
  const balByDay = new Map<number, number>();
  for (const t of tx) if (!Number.isNaN(t.bal)) balByDay.set(t.day, t.bal);
  const balDays = [...balByDay.keys()].sort((a, b) => a - b);
  const win = {} as Record<Win, WindowStats>;
  for (const w of WINDOWS) {
    const from = asOf - w + 1;
    const ins: number[] = [];
    const outs: number[] = [];
    const days = new Set<number>();
    const catCount = zeroCats();
    const catSum = zeroCats();
    for (const t of tx) {
      if (t.day < from) continue;
      days.add(t.day);
      if (t.amt >= 0) ins.push(t.amt);
      else outs.push(-t.amt);
      catCount[t.cat]++;
      catSum[t.cat] += Math.abs(t.amt);
    }
    // daily balance series over the window
    const series: number[] = [];
    let k = 0;
    let cur = NaN;
    while (k < balDays.length && balDays[k] < from) cur = balByDay.get(balDays[k++])!;
    for (let d = from; d <= asOf; d++) {
      if (k < balDays.length && balDays[k] === d) cur = balByDay.get(balDays[k++])!;
      if (!Number.isNaN(cur)) series.push(cur);
    }
    const balMean = series.length ? series.reduce((a, b) => a + b, 0) / series.length : 0;
    win[w] = {
      inCount: ins.length,
      inSum: ins.reduce((a, b) => a + b, 0),
      inMax: ins.length ? Math.max(...ins) : 0,
      inStd: std(ins),
      outCount: outs.length,
      outSum: outs.reduce((a, b) => a + b, 0),
      outMax: outs.length ? Math.max(...outs) : 0,
      outStd: std(outs),
      activeDays: days.size,
      catCount,
      catSum,
      balMean,
      balStd: std(series),
      balMin: series.length ? Math.min(...series) : 0,
      balMax: series.length ? Math.max(...series) : 0,
      daysNegative: series.filter((b) => b < 0).length,
      daysBelow100: series.filter((b) => b < 100).length,
      balTrend: series.length ? series[series.length - 1] - series[0] : 0,
    };
  }
  const salary = tx.filter((t) => (t.cat === 'salary' || t.cat === 'government_benefit') && t.amt > 0 && t.day > asOf - 180);
  return {
    input,
    asOf,
    win,
    salaryDays: salary.map((t) => t.day),
    salaryAmounts: salary.map((t) => t.amt),
    lastBalance: balDays.length ? balByDay.get(balDays[balDays.length - 1])! : 0,
    inst: input.instalments
      .map((i) => {
        const due = epochDay(i.dueDate);
        const paidDay = i.paidDate ? epochDay(i.paidDate) : null;
        const full = i.paidFen >= i.dueFen && paidDay !== null && paidDay <= asOf;
        return { due, dueAmt: fenToYuan(i.dueFen), paidAmt: fenToYuan(i.paidFen), paidDay, full, dpd: Math.max(0, (full ? paidDay! : asOf) - due) };
      })
      .filter((i) => i.due <= asOf)
      .sort((a, b) => a.due - b.due),
    contacts: input.contacts
      .map((k) => ({
        day: epochDay(k.date),
        hour: k.hour,
        channel: k.channel,
        ok: k.outcome === 'answered' || k.outcome === 'responded' || k.outcome === 'promise',
        responded: k.outcome === 'responded' || k.outcome === 'promise',
        outcome: k.outcome,
      }))
      .filter((k) => k.day <= asOf)
      .sort((a, b) => a.day - b.day),
  };
}

const specs: FeatureSpec[] = [];
const add = (s: FeatureSpec) => specs.push(s);

// (a) bank statements — per window
for (const w of WINDOWS) {
  const W = (c: FeatureContext) => c.win[w];
  const bank = (name: string, description: string, type: FeatureType, compute: (s: WindowStats, c: FeatureContext) => number) =>
    add({ name: `bank_${name}_${w}d`, description: `${description} over the last ${w} days`, source: 'bank_statement', windowDays: w, type, compute: (c) => compute(W(c), c) });
  bank('inflow_count', 'Number of inflow transactions', 'count', (s) => s.inCount);
  bank('inflow_sum', 'Total inflow (yuan)', 'amount', (s) => s.inSum);
  bank('inflow_mean', 'Mean inflow per transaction (yuan)', 'amount', (s) => safeDiv(s.inSum, s.inCount));
  bank('inflow_max', 'Largest single inflow (yuan)', 'amount', (s) => s.inMax);
  bank('inflow_std', 'Standard deviation of inflow amounts (yuan)', 'dispersion', (s) => s.inStd);
  bank('inflow_monthly', 'Inflow per 30 days (yuan)', 'amount', (s) => (s.inSum * 30) / w);
  bank('outflow_count', 'Number of outflow transactions', 'count', (s) => s.outCount);
  bank('outflow_sum', 'Total outflow (yuan)', 'amount', (s) => s.outSum);
  bank('outflow_mean', 'Mean outflow per transaction (yuan)', 'amount', (s) => safeDiv(s.outSum, s.outCount));
  bank('outflow_max', 'Largest single outflow (yuan)', 'amount', (s) => s.outMax);
  bank('outflow_std', 'Standard deviation of outflow amounts (yuan)', 'dispersion', (s) => s.outStd);
  bank('net_flow', 'Inflow minus outflow (yuan)', 'amount', (s) => s.inSum - s.outSum);
  bank('in_out_ratio', 'Inflow divided by outflow', 'ratio', (s) => safeDiv(s.inSum, s.outSum));
  bank('active_days', 'Days with at least one transaction', 'count', (s) => s.activeDays);
  bank('active_day_share', 'Share of days with a transaction', 'ratio', (s) => s.activeDays / w);
  bank('balance_mean', 'Mean end-of-day balance (yuan)', 'amount', (s) => s.balMean);
  bank('balance_std', 'Volatility (std) of end-of-day balance (yuan)', 'dispersion', (s) => s.balStd);
  bank('balance_cv', 'Balance coefficient of variation', 'ratio', (s) => safeDiv(s.balStd, Math.abs(s.balMean)));
  bank('balance_min', 'Minimum end-of-day balance (yuan)', 'amount', (s) => s.balMin);
  bank('balance_max', 'Maximum end-of-day balance (yuan)', 'amount', (s) => s.balMax);
  bank('balance_trend', 'Change of balance from window start to end (yuan)', 'amount', (s) => s.balTrend);
  bank('days_negative_balance', 'Days with a negative balance', 'count', (s) => s.daysNegative);
  bank('days_low_balance', 'Days with a balance below 100 yuan', 'count', (s) => s.daysBelow100);
  bank('largest_outflow_share', 'Largest outflow as share of all outflow', 'ratio', (s) => safeDiv(s.outMax, s.outSum));
  bank('loan_app_inflow_share', 'Loan-app amounts as share of inflow', 'ratio', (s) => safeDiv(s.catSum.loan_app, s.inSum));
  bank('gambling_outflow_share', 'Gambling amounts as share of outflow', 'ratio', (s) => safeDiv(s.catSum.gambling, s.outSum));
  bank('essential_spend_share', 'Rent, utilities and groceries as share of outflow', 'ratio', (s) => safeDiv(s.catSum.rent + s.catSum.utilities + s.catSum.groceries, s.outSum));
  bank('debt_service_share', 'Loan repayments as share of inflow', 'ratio', (s) => safeDiv(s.catSum.loan_repayment, s.inSum));
  bank('cash_withdrawal_share', 'Cash withdrawals as share of outflow', 'ratio', (s) => safeDiv(s.catSum.cash_withdrawal, s.outSum));
  bank('fee_count', 'Bank fees and penalty charges', 'count', (s) => s.catCount.fees);
  for (const cat of MERCHANT_CATEGORIES) {
    bank(`${cat}_count`, `Transactions in category ${cat}`, 'count', (s) => s.catCount[cat]);
    bank(`${cat}_amount`, `Absolute amount in category ${cat} (yuan)`, 'amount', (s) => s.catSum[cat]);
  }
}
// (a) income regularity (180 days)
const incomeSpec = (name: string, description: string, type: FeatureType, compute: (c: FeatureContext) => number) =>
  add({ name: `income_${name}`, description, source: 'bank_statement', windowDays: 180, type, compute });
incomeSpec('salary_count_180d', 'Salary or benefit credits in 180 days', 'count', (c) => c.salaryDays.length);
incomeSpec('salary_months_180d', 'Distinct 30-day periods with a salary or benefit credit (0–6)', 'count', (c) => new Set(c.salaryDays.map((d) => Math.floor((c.asOf - d) / 30))).size);
incomeSpec('salary_amount_cv_180d', 'Coefficient of variation of salary amounts', 'ratio', (c) => safeDiv(std(c.salaryAmounts), c.salaryAmounts.reduce((a, b) => a + b, 0) / Math.max(1, c.salaryAmounts.length)));
incomeSpec('salary_interval_std_180d', 'Std of days between salary credits (regularity)', 'dispersion', (c) => std(c.salaryDays.slice(1).map((d, i) => d - c.salaryDays[i])));
incomeSpec('days_since_salary', 'Days since the last salary or benefit credit (999 if none)', 'days', (c) => (c.salaryDays.length ? c.asOf - c.salaryDays[c.salaryDays.length - 1] : 999));
incomeSpec('salary_mean_180d', 'Mean salary credit (yuan)', 'amount', (c) => safeDiv(c.salaryAmounts.reduce((a, b) => a + b, 0), c.salaryAmounts.length));
incomeSpec('salary_trend_180d', 'Last salary minus first salary in the window (yuan)', 'amount', (c) => (c.salaryAmounts.length > 1 ? c.salaryAmounts[c.salaryAmounts.length - 1] - c.salaryAmounts[0] : 0));
incomeSpec('regular_income_flag', 'Salary or benefit credited in at least 5 of the last 6 months', 'flag', (c) => (new Set(c.salaryDays.map((d) => Math.floor((c.asOf - d) / 30))).size >= 5 ? 1 : 0));
incomeSpec('last_balance', 'Most recent statement balance (yuan)', 'amount', (c) => c.lastBalance);
incomeSpec('loan_app_trend_30_vs_180', 'Loan-app transactions in last 30 days vs monthly average over 180', 'ratio', (c) => safeDiv(c.win[30].catCount.loan_app, c.win[180].catCount.loan_app / 6));


// (b) repayment history
const repSpec = (name: string, description: string, windowDays: number | null, type: FeatureType, compute: (c: FeatureContext) => number) =>
  add({ name: `repay_${name}`, description, source: 'repayment', windowDays, type, compute });
const inWin = (c: FeatureContext, w: number | null) => (w === null ? c.inst : c.inst.filter((i) => i.due > c.asOf - w));
for (const w of [90, 180, 365, null] as const) {
  const sfx = w === null ? 'all' : `${w}d`;
  const lbl = w === null ? 'over the whole history' : `over the last ${w} days`;
  repSpec(`due_count_${sfx}`, `Instalments due ${lbl}`, w, 'count', (c) => inWin(c, w).length);
  repSpec(`paid_full_share_${sfx}`, `Share of instalments paid in full ${lbl}`, w, 'ratio', (c) => safeDiv(inWin(c, w).filter((i) => i.full).length, inWin(c, w).length));
  repSpec(`on_time_share_${sfx}`, `Share of instalments paid in full by the due date ${lbl}`, w, 'ratio', (c) => safeDiv(inWin(c, w).filter((i) => i.full && i.dpd === 0).length, inWin(c, w).length));
  repSpec(`paid_to_due_ratio_${sfx}`, `Amount paid divided by amount due ${lbl}`, w, 'ratio', (c) => safeDiv(inWin(c, w).reduce((a, i) => a + i.paidAmt, 0), inWin(c, w).reduce((a, i) => a + i.dueAmt, 0)));
  repSpec(`max_dpd_${sfx}`, `Worst days past due ${lbl}`, w, 'days', (c) => Math.max(0, ...inWin(c, w).map((i) => i.dpd)));
  repSpec(`mean_dpd_${sfx}`, `Mean days past due per instalment ${lbl}`, w, 'days', (c) => safeDiv(inWin(c, w).reduce((a, i) => a + i.dpd, 0), inWin(c, w).length));
  for (const t of [1, 30, 60, 90]) {
    repSpec(`dpd${t}_count_${sfx}`, `Instalments that reached ${t}+ days past due ${lbl}`, w, 'count', (c) => inWin(c, w).filter((i) => i.dpd >= t).length);
  }
  repSpec(`unpaid_count_${sfx}`, `Instalments with nothing paid ${lbl}`, w, 'count', (c) => inWin(c, w).filter((i) => i.paidAmt === 0).length);
  repSpec(`partial_count_${sfx}`, `Instalments paid only in part ${lbl}`, w, 'count', (c) => inWin(c, w).filter((i) => i.paidAmt > 0 && !i.full).length);
}
repSpec('current_dpd', 'Days past due of the oldest instalment still unpaid', null, 'days', (c) => {
  const open = c.inst.find((i) => !i.full);
  return open ? c.asOf - open.due : 0;
});
repSpec('cures_count', 'Times an instalment that went 30+ DPD was later paid in full (cures)', null, 'count', (c) => c.inst.filter((i) => i.full && i.dpd >= 30).length);
repSpec('days_since_last_payment', 'Days since any payment towards an instalment (999 if none)', null, 'days', (c) => {
  const days = c.inst.filter((i) => i.paidDay !== null && i.paidAmt > 0).map((i) => i.paidDay!);
  return days.length ? c.asOf - Math.max(...days) : 999;
});
repSpec('consecutive_missed', 'Consecutive most recent instalments not paid in full', null, 'count', (c) => {
  let n = 0;
  for (let k = c.inst.length - 1; k >= 0 && !c.inst[k].full; k--) n++;
  return n;
});
repSpec('dpd_worsening', 'DPD of the last instalment minus DPD of the one before', null, 'days', (c) => (c.inst.length > 1 ? c.inst[c.inst.length - 1].dpd - c.inst[c.inst.length - 2].dpd : 0));
const promises = (c: FeatureContext, w: number | null) => c.input.promises.filter((p) => epochDay(p.dueDate) <= c.asOf && (w === null || epochDay(p.dueDate) > c.asOf - w));
for (const w of [30, 90, 180, null] as const) {
  const sfx = w === null ? 'all' : `${w}d`;
  const lbl = w === null ? 'over the whole history' : `falling due in the last ${w} days`;
  repSpec(`promises_count_${sfx}`, `Promises to pay ${lbl}`, w, 'count', (c) => promises(c, w).length);
  repSpec(`promises_broken_${sfx}`, `Broken promises to pay ${lbl}`, w, 'count', (c) => promises(c, w).filter((p) => !p.kept).length);
  repSpec(`promises_kept_share_${sfx}`, `Share of promises kept ${lbl}`, w, 'ratio', (c) => safeDiv(promises(c, w).filter((p) => p.kept).length, promises(c, w).length));
}
repSpec('promises_broken_streak', 'Consecutive most recent broken promises', null, 'count', (c) => {
  const ps = promises(c, null).sort((a, b) => epochDay(a.dueDate) - epochDay(b.dueDate));
  let n = 0;
  for (let k = ps.length - 1; k >= 0 && !ps[k].kept; k--) n++;
  return n;
});
repSpec('promise_amount_to_balance', 'Last promised amount divided by total outstanding', null, 'ratio', (c) => {
  const ps = c.input.promises;
  const out = c.input.debts.reduce((a, d) => a + fenToYuan(d.outstandingFen), 0);
  return ps.length ? safeDiv(fenToYuan(ps[ps.length - 1].amountFen), out) : 0;
});

// (c) contact history: reachability and response by channel and by hour
const contactSpec = (name: string, description: string, windowDays: number | null, type: FeatureType, compute: (c: FeatureContext) => number) =>
  add({ name: `contact_${name}`, description, source: 'contact', windowDays, type, compute });
const cIn = (c: FeatureContext, w: number) => c.contacts.filter((k) => k.day > c.asOf - w);
for (const w of [30, 90] as const) {
  for (const ch of CONTACT_CHANNELS) {
    contactSpec(`${ch}_attempts_${w}d`, `${ch} attempts in the last ${w} days`, w, 'count', (c) => cIn(c, w).filter((k) => k.channel === ch).length);
    contactSpec(`${ch}_reach_rate_${w}d`, `Share of ${ch} attempts that reached the debtor (last ${w} days)`, w, 'ratio', (c) => {
      const a = cIn(c, w).filter((k) => k.channel === ch);
      return safeDiv(a.filter((k) => k.ok).length, a.length);
    });
    contactSpec(`${ch}_response_rate_${w}d`, `Share of ${ch} attempts the debtor responded to (last ${w} days)`, w, 'ratio', (c) => {
      const a = cIn(c, w).filter((k) => k.channel === ch);
      return safeDiv(a.filter((k) => k.responded).length, a.length);
    });
  }
  for (const [band, lo, hi] of [['morning', 8, 12], ['afternoon', 12, 18], ['evening', 18, 22]] as const) {
    contactSpec(`${band}_reach_rate_${w}d`, `Reach rate of attempts ${lo}:00–${hi}:00 debtor-local (last ${w} days)`, w, 'ratio', (c) => {
      const a = cIn(c, w).filter((k) => k.hour >= lo && k.hour < hi);
      return safeDiv(a.filter((k) => k.ok).length, a.length);
    });
  }
  contactSpec(`total_attempts_${w}d`, `All contact attempts in the last ${w} days`, w, 'count', (c) => cIn(c, w).length);
  contactSpec(`reach_rate_${w}d`, `Share of attempts that reached the debtor (last ${w} days)`, w, 'ratio', (c) => safeDiv(cIn(c, w).filter((k) => k.ok).length, cIn(c, w).length));
  contactSpec(`promises_via_contact_${w}d`, `Attempts ending in a promise to pay (last ${w} days)`, w, 'count', (c) => cIn(c, w).filter((k) => k.outcome === 'promise').length);
  contactSpec(`refusals_${w}d`, `Attempts where the debtor refused (last ${w} days)`, w, 'count', (c) => cIn(c, w).filter((k) => k.outcome === 'refused').length);
}
contactSpec('invalid_number_count', 'Attempts that hit an invalid number', null, 'count', (c) => c.contacts.filter((k) => k.outcome === 'invalid_number').length);
contactSpec('consecutive_failed', 'Consecutive most recent attempts that did not reach the debtor (COL-31 uses 3)', null, 'count', (c) => {
  let n = 0;
  for (let k = c.contacts.length - 1; k >= 0 && !c.contacts[k].ok; k--) n++;
  return n;
});
contactSpec('days_since_reached', 'Days since the debtor was last reached (999 if never)', null, 'days', (c) => {
  const r = c.contacts.filter((k) => k.ok);
  return r.length ? c.asOf - r[r.length - 1].day : 999;
});
contactSpec('channels_reached', 'Distinct channels on which the debtor was ever reached', null, 'count', (c) => new Set(c.contacts.filter((k) => k.ok).map((k) => k.channel)).size);
contactSpec('best_hour', 'Debtor-local hour with the most successful contacts (−1 if none)', null, 'ordinal', (c) => {
  const h = new Array<number>(24).fill(0);
  for (const k of c.contacts) if (k.ok) h[k.hour]++;
  const m = Math.max(...h);
  return m === 0 ? -1 : h.indexOf(m);
});

// (d) the debts
const debtSpec = (name: string, description: string, type: FeatureType, compute: (c: FeatureContext) => number) =>
  add({ name: `debt_${name}`, description, source: 'debt', windowDays: null, type, compute });
const sumDebt = (c: FeatureContext, f: (d: DebtorFeatureInput['debts'][number]) => bigint) => c.input.debts.reduce((a, d) => a + fenToYuan(f(d)), 0);
debtSpec('count', 'Number of debts in collection', 'count', (c) => c.input.debts.length);
debtSpec('outstanding_total', 'Total outstanding balance (yuan)', 'amount', (c) => sumDebt(c, (d) => d.outstandingFen));
debtSpec('principal_total', 'Total original principal (yuan)', 'amount', (c) => sumDebt(c, (d) => d.principalFen));
debtSpec('interest_total', 'Accrued interest (yuan)', 'amount', (c) => sumDebt(c, (d) => d.interestFen));
debtSpec('fees_total', 'Fees and penalties (yuan)', 'amount', (c) => sumDebt(c, (d) => d.feesFen));
debtSpec('outstanding_max', 'Largest single outstanding balance (yuan)', 'amount', (c) => Math.max(0, ...c.input.debts.map((d) => fenToYuan(d.outstandingFen))));
debtSpec('outstanding_to_principal', 'Outstanding divided by principal', 'ratio', (c) => safeDiv(sumDebt(c, (d) => d.outstandingFen), sumDebt(c, (d) => d.principalFen)));
debtSpec('charges_share', 'Interest and fees as share of outstanding', 'ratio', (c) => safeDiv(sumDebt(c, (d) => d.interestFen + d.feesFen), sumDebt(c, (d) => d.outstandingFen)));
debtSpec('oldest_age_days', 'Days since the oldest debt was originated', 'days', (c) => Math.max(0, ...c.input.debts.map((d) => c.asOf - epochDay(d.originatedDate))));
debtSpec('newest_age_days', 'Days since the newest debt was originated', 'days', (c) => (c.input.debts.length ? Math.min(...c.input.debts.map((d) => c.asOf - epochDay(d.originatedDate))) : 0));
debtSpec('max_days_delinquent', 'Longest current delinquency across debts (days)', 'days', (c) => Math.max(0, ...c.input.debts.map((d) => (d.delinquentSince ? c.asOf - epochDay(d.delinquentSince) : 0))));
debtSpec('mean_days_delinquent', 'Mean current delinquency across debts (days)', 'days', (c) => safeDiv(c.input.debts.reduce((a, d) => a + (d.delinquentSince ? c.asOf - epochDay(d.delinquentSince) : 0), 0), c.input.debts.length));
debtSpec('days_since_any_payment', 'Days since the last payment on any debt (999 if none)', 'days', (c) => {
  const p = c.input.debts.filter((d) => d.lastPaymentDate).map((d) => epochDay(d.lastPaymentDate!));
  return p.length ? c.asOf - Math.max(...p) : 999;
});
debtSpec('outstanding_to_monthly_inflow', 'Outstanding divided by average monthly inflow over 90 days', 'ratio', (c) => safeDiv(sumDebt(c, (d) => d.outstandingFen), c.win[90].inSum / 3));
debtSpec('outstanding_to_salary', 'Outstanding divided by mean salary credit', 'ratio', (c) => safeDiv(sumDebt(c, (d) => d.outstandingFen), safeDiv(c.salaryAmounts.reduce((a, b) => a + b, 0), c.salaryAmounts.length)));
debtSpec('near_limitation_flag', 'Some debt delinquent for over 2.5 years (limitation COL-90 approaching)', 'flag', (c) => (c.input.debts.some((d) => d.delinquentSince && c.asOf - epochDay(d.delinquentSince) > 912) ? 1 : 0));
for (const prod of DEBT_PRODUCTS) {
  debtSpec(`${prod}_count`, `Debts of product ${prod}`, 'count', (c) => c.input.debts.filter((d) => d.product === prod).length);
  debtSpec(`${prod}_outstanding`, `Outstanding on ${prod} debts (yuan)`, 'amount', (c) => c.input.debts.filter((d) => d.product === prod).reduce((a, d) => a + fenToYuan(d.outstandingFen), 0));
}

// (e) demographics, reduced to bands (ordinal codes)
const demoSpec = (name: string, description: string, compute: (c: FeatureContext) => number) =>
  add({ name: `demo_${name}`, description, source: 'demographic', windowDays: null, type: 'ordinal', compute });
demoSpec('age_band', `Age band index (${AGE_BANDS.join(', ')})`, (c) => AGE_BANDS.indexOf(c.input.demographics.ageBand));
demoSpec('income_band', `Declared income band index (${INCOME_BANDS.join(', ')})`, (c) => INCOME_BANDS.indexOf(c.input.demographics.incomeBand));
demoSpec('city_tier', `City tier index (${CITY_TIERS.join(', ')})`, (c) => CITY_TIERS.indexOf(c.input.demographics.cityTier));
demoSpec('residence_band', 'Years at current address band (0: <1, 1: 1–3, 2: 3–5, 3: 5+)', (c) => c.input.demographics.residenceBand);
for (const e of EMPLOYMENT_BANDS) demoSpec(`employment_${e}`, `Employment status is ${e}`, (c) => (c.input.demographics.employment === e ? 1 : 0));

/** The full catalogue, in the fixed order used by `computeFeatures`. */
export const FEATURE_CATALOGUE: readonly FeatureSpec[] = Object.freeze(specs.slice());

/** Feature names in catalogue order. */
export const FEATURE_NAMES: readonly string[] = FEATURE_CATALOGUE.map((s) => s.name);

/** Compute every catalogue feature for one debtor (pure; same input → same output). */
export function computeFeatures(input: DebtorFeatureInput): Float64Array {
  const c = buildFeatureContext(input);
  const out = new Float64Array(FEATURE_CATALOGUE.length);
  for (let j = 0; j < FEATURE_CATALOGUE.length; j++) out[j] = FEATURE_CATALOGUE[j].compute(c);
  return out;
}

/** Catalogue metadata without the compute functions (for docs, model cards and the API). */
export function describeFeatureCatalogue(): Omit<FeatureSpec, 'compute'>[] {
  return FEATURE_CATALOGUE.map(({ compute: _c, ...rest }) => rest);
}

/** Features of one debtor keyed by name (the shape `scoreCase` takes). */
export function computeFeatureRecord(input: DebtorFeatureInput): Record<string, number> {
  const v = computeFeatures(input);
  const out: Record<string, number> = {};
  for (let j = 0; j < FEATURE_NAMES.length; j++) out[FEATURE_NAMES[j]] = v[j];
  return out;
}
