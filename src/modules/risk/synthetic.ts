// SYNTHETIC data generator — every record it makes is fabricated from a seeded PRNG and labelled synthetic.
// It exists for tests, demos and the benchmark (feature throughput for 100,000 debtors); it is not real data.
import { createRng, randNormal, type Rng } from './random.js';
import {
  DEBT_PRODUCTS,
  epochDay,
  isoDay,
  type BankTransaction,
  type ContactAttempt,
  type ContactChannel,
  type DebtInput,
  type DebtorFeatureInput,
  type MerchantCategory,
  type PromiseToPay,
  type RepaymentInstalment,
} from './feature-inputs.js';

export interface SyntheticDebtor {
  synthetic: true;
  id: string;
  input: DebtorFeatureInput;
  /** Latent risk used to generate the record (higher = riskier). */
  latentRisk: number;
  /** Synthetic outcome: 1 = did not repay in the following 90 days. */
  outcome: 0 | 1;
}

const fen = (yuan: number): bigint => BigInt(Math.round(yuan * 100));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** One synthetic debtor; deterministic for (seed, index). */
export function generateSyntheticDebtor(rng: Rng, index: number, asOf = '2026-06-30'): SyntheticDebtor {
  const z = randNormal(rng);
  const asOfDay = epochDay(asOf);
  const salary = Math.exp(8.6 + 0.5 * randNormal(rng) - 0.2 * z); // ≈ 5,400 yuan median
  const regular = rng() < sig(1.5 - 1.2 * z);
  const txs: BankTransaction[] = [];
  let balance = salary * (0.5 + rng()) * sig(-z);
  const push = (day: number, amt: number, category: MerchantCategory) => {
    balance += amt;
    txs.push({ date: isoDay(day), amountFen: fen(amt), balanceFen: fen(balance), category });
  };
  const loanAppRate = 0.02 * Math.exp(0.9 * z);
  const gamblingRate = 0.01 * Math.exp(0.8 * z);
  for (let d = asOfDay - 179; d <= asOfDay; d++) {
    const dom = new Date(d * 86_400_000).getUTCDate();
    if (dom === 10 && (regular || rng() < 0.4)) push(d, salary * (regular ? 1 : 0.4 + rng()), rng() < 0.1 ? 'government_benefit' : 'salary');
    if (dom === 1) push(d, -salary * 0.25, 'rent');
    if (dom === 15) push(d, -80 - 60 * rng(), 'utilities');
    if (rng() < 0.35) push(d, -(20 + 120 * rng()), 'groceries');
    if (rng() < 0.12) push(d, -(50 + 400 * rng()), 'ecommerce');
    if (rng() < 0.03) push(d, -(200 + 800 * rng()), 'cash_withdrawal');
    if (rng() < 0.04) push(d, (rng() < 0.5 ? 1 : -1) * (100 + 1000 * rng()), rng() < 0.5 ? 'transfer_in' : 'transfer_out');
    if (rng() < loanAppRate) push(d, 500 + 3000 * rng(), 'loan_app');
    if (rng() < loanAppRate * 0.8) push(d, -(300 + 1500 * rng()), 'loan_repayment');
    if (rng() < gamblingRate) push(d, -(100 + 2000 * rng()), 'gambling');
    if (balance < 0 && rng() < 0.2) push(d, -15, 'fees');
  }
  for (const t of txs) if (t.amountFen > 0n && t.category === 'transfer_out') t.category = 'transfer_in';
  for (const t of txs) if (t.amountFen < 0n && t.category === 'transfer_in') t.category = 'transfer_out';

  const instalments: RepaymentInstalment[] = [];
  const due = Math.round(salary * (0.2 + 0.3 * rng()));
  for (let m = 12; m >= 1; m--) {
    const dueDay = asOfDay - m * 30;
    const late = rng() < sig(-1.2 + 1.3 * z + 0.08 * (12 - m));
    const dpd = late ? Math.floor(rng() * 90) + 1 : 0;
    const paidDay = dueDay + dpd;
    const paid = paidDay > asOfDay || (late && rng() < sig(z)) ? (rng() < 0.3 ? due * rng() : 0) : due;
    instalments.push({ dueDate: isoDay(dueDay), dueFen: fen(due), paidFen: fen(paid), paidDate: paid > 0 ? isoDay(Math.min(paidDay, asOfDay)) : null });
  }
  const promises: PromiseToPay[] = [];
  const nProm = Math.floor(rng() * 4 * sig(z));
  for (let k = 0; k < nProm; k++) {
    const made = asOfDay - Math.floor(rng() * 150) - 10;
    promises.push({ madeDate: isoDay(made), dueDate: isoDay(made + 7), amountFen: fen(due * (0.5 + rng())), kept: rng() < sig(-0.3 - z) });
  }
  const contacts: ContactAttempt[] = [];
  const reach = sig(0.8 - 0.9 * z);
  const nContacts = 5 + Math.floor(rng() * 25);
  for (let k = 0; k < nContacts; k++) {
    const channel: ContactChannel = pick(rng, ['voice', 'voice', 'sms', 'im', 'email', 'letter'] as const);
    const r = rng();
    const outcome = rng() < 0.03 ? 'invalid_number' : r < reach * 0.5 ? 'responded' : r < reach ? 'answered' : r < reach + 0.05 ? 'refused' : 'no_answer';
    contacts.push({ date: isoDay(asOfDay - Math.floor(rng() * 90)), hour: 8 + Math.floor(rng() * 13), channel, outcome: outcome === 'responded' && rng() < 0.3 ? 'promise' : outcome });
  }
  const debts: DebtInput[] = [];
  const nDebts = 1 + Math.floor(rng() * 2.5);
  for (let k = 0; k < nDebts; k++) {
    const principal = Math.round(salary * (1 + 6 * rng()));
    const since = asOfDay - 30 - Math.floor(rng() * 400);
    debts.push({
      product: pick(rng, DEBT_PRODUCTS),
      principalFen: fen(principal),
      outstandingFen: fen(principal * (0.3 + 0.8 * rng())),
      interestFen: fen(principal * 0.1 * rng()),
      feesFen: fen(principal * 0.03 * rng()),
      originatedDate: isoDay(since - 200 - Math.floor(rng() * 700)),
      delinquentSince: isoDay(since),
      lastPaymentDate: rng() < sig(-z) ? isoDay(asOfDay - Math.floor(rng() * 120)) : null,
    });
  }
  const input: DebtorFeatureInput = {
    asOf,
    transactions: txs,
    instalments,
    promises,
    contacts,
    debts,
    demographics: {
      ageBand: pick(rng, ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const),
      incomeBand: salary < 3000 ? '<3k' : salary < 6000 ? '3k-6k' : salary < 10000 ? '6k-10k' : salary < 20000 ? '10k-20k' : '20k+',
      cityTier: pick(rng, ['tier1', 'tier2', 'tier3', 'tier4+', 'unknown'] as const),
      employment: regular ? 'employed' : pick(rng, ['self_employed', 'unemployed', 'student', 'unknown'] as const),
      residenceBand: Math.floor(rng() * 4) as 0 | 1 | 2 | 3,
    },
  };
  const outcome = rng() < sig(0.2 + 1.4 * z) ? 1 : 0;
  return { synthetic: true, id: `syn_${index.toString(36).padStart(6, '0')}`, input, latentRisk: z, outcome };
}

/** n synthetic debtors from one seed. */
export function generateSyntheticDebtors(n: number, seed: number, asOf = '2026-06-30'): SyntheticDebtor[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => generateSyntheticDebtor(rng, i, asOf));
}
