// Risk benchmark: Taiwan credit-default data (5-fold stratified CV) for GBDT and the WOE scorecard against a plain
// logistic regression baseline in the same run; scoring and TreeSHAP throughput; feature computation for
// 100,000 SYNTHETIC debtors (338 features each); GBDT on the synthetic feature matrix. Prints a markdown section.
import fs from 'node:fs';
import os from 'node:os';
import {
  FEATURE_NAMES,
  computeFeatures,
  createRng,
  crossValidate,
  excludeProtected,
  gbdtShapRow,
  generateSyntheticDebtor,
  parseNumericCsv,
  predictModel,
  rowOf,
  splitTarget,
  trainModel,
  trainBaseline,
  type Dataset,
  type GbdtModel,
} from '../src/modules/risk/index.js';

const TAIWAN = process.env.RISK_BENCH_CSV ?? '/work/shared/datasets/taiwan_default_credit_card_clients/taiwan_dev.csv';
const N_DEBTORS = Number(process.env.RISK_BENCH_DEBTORS ?? 100_000);
const lines: string[] = ['### Risk models and features (bench/risk.ts)', ''];
const say = (s = '') => lines.push(s);
const f4 = (v: number) => v.toFixed(4);
const log = (s: string) => process.stderr.write(s + '\n');

if (fs.existsSync(TAIWAN)) {
  const ds = parseNumericCsv(fs.readFileSync(TAIWAN, 'utf8'));
  const { x: raw, y } = splitTarget(ds, 'default.payment.next.month', ['ID']);
  const { x, excluded } = excludeProtected(raw);
  say(`Taiwan default-of-credit-card-clients development set: ${x.nRows} rows, ${x.names.length} features (excluded as protected, COL-85: ${excluded.join(', ')}), 5-fold stratified CV, seed 42; all fitting inside training folds.`);
  say('');
  say('| model | AUC mean ± std | KS mean | Gini mean | train time per fold (s) |');
  say('|---|---|---|---|---|');
  for (const kind of ['logistic', 'scorecard', 'gbdt'] as const) {
    log(`taiwan cv ${kind}…`);
    const cv = crossValidate(kind, x, y, { folds: 5, seed: 42 });
    const s = cv.summary;
    const label = kind === 'logistic' ? 'plain logistic regression (baseline, standardised raw features)' : kind === 'scorecard' ? 'WOE scorecard (monotone bins, IV ≥ 0.02)' : 'histogram GBDT (depth 4, early stopping)';
    say(`| ${label} | ${f4(s.auc.mean)} ± ${f4(s.auc.std)} | ${f4(s.ks.mean)} | ${f4(s.gini.mean)} | ${(s.trainMs.mean / 1000).toFixed(2)} (min ${(s.trainMs.min / 1000).toFixed(2)}, max ${(s.trainMs.max / 1000).toFixed(2)}) |`);
  }
  // scoring throughput on the full set
  const gbdt = trainModel('gbdt', x, y) as GbdtModel;
  const card = trainModel('scorecard', x, y);
  const reps = 5;
  let t0 = performance.now();
  for (let r = 0; r < reps; r++) predictModel(gbdt, x);
  const gbdtRps = (reps * x.nRows) / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (let r = 0; r < reps; r++) predictModel(card, x);
  const cardRps = (reps * x.nRows) / ((performance.now() - t0) / 1000);
  const lr = trainBaseline(x, y);
  t0 = performance.now();
  for (let r = 0; r < reps; r++) lr.predict(x);
  const lrRps = (reps * x.nRows) / ((performance.now() - t0) / 1000);
  const shapRows = 2000;
  t0 = performance.now();
  for (let i = 0; i < shapRows; i++) gbdtShapRow(gbdt, rowOf(x, i));
  const shapRps = shapRows / ((performance.now() - t0) / 1000);
  say('');
  const rps = (v: number) => Math.round(v).toLocaleString('en');
  say(`Scoring (single thread, ${x.nRows.toLocaleString('en')} rows × ${reps}): baseline plain logistic regression ${rps(lrRps)} rows/s; GBDT ${rps(gbdtRps)} rows/s (${gbdt.trees.length} trees, ${(gbdtRps / lrRps).toFixed(2)}× the baseline), scorecard ${rps(cardRps)} rows/s (${(cardRps / lrRps).toFixed(2)}×), exact TreeSHAP explanations ${rps(shapRps)} rows/s (${(shapRps / lrRps).toFixed(4)}×).`);
} else {
  say(`Taiwan data not found at ${TAIWAN}; set RISK_BENCH_CSV.`);
}

// feature computation throughput on synthetic debtors (generated one at a time; generation not timed)
log(`features for ${N_DEBTORS} synthetic debtors…`);
const rng = createRng(2026);
let featMs = 0;
let genMs = 0;
let baseMs = 0;
let sink = 0;
let txCount = 0;
const keep = 10_000;
const F = FEATURE_NAMES.length;
const cols = Array.from({ length: F }, () => new Float64Array(keep));
const outcome = new Uint8Array(keep);
for (let i = 0; i < N_DEBTORS; i++) {
  const g0 = performance.now();
  const d = generateSyntheticDebtor(rng, i);
  const g1 = performance.now();
  const v = computeFeatures(d.input);
  const g2 = performance.now();
  featMs += g2 - g1;
  // baseline: one plain pass over the same records (inflow/outflow sums and counts), the floor of reading the data
  let inSum = 0;
  let outSum = 0;
  for (const t of d.input.transactions) {
    const a = Number(t.amountFen);
    if (a > 0) inSum += a;
    else outSum -= a;
  }
  for (const m of d.input.instalments) inSum += Number(m.paidFen);
  for (const c of d.input.contacts) if (c.outcome === 'answered') outSum += c.hour;
  sink += inSum - outSum;
  baseMs += performance.now() - g2;
  genMs += g1 - g0;
  txCount += d.input.transactions.length;
  if (i < keep) {
    for (let j = 0; j < F; j++) cols[j][i] = v[j];
    outcome[i] = d.outcome;
  }
}
say('');
say(`Feature computation: ${N_DEBTORS.toLocaleString('en')} SYNTHETIC debtors × ${F} features (mean ${(txCount / N_DEBTORS).toFixed(0)} bank transactions, 12 instalments, ~17 contact attempts each) in ${(featMs / 1000).toFixed(1)} s = ${Math.round(N_DEBTORS / (featMs / 1000)).toLocaleString('en')} debtors/s on one core (generating them took another ${(genMs / 1000).toFixed(1)} s). Baseline in the same run: one plain pass over the same records (inflow/outflow sums, instalment payments, answered contacts) took ${(baseMs / 1000).toFixed(2)} s = ${Math.round(N_DEBTORS / (baseMs / 1000)).toLocaleString('en')} debtors/s, so the full catalogue costs ${(featMs / baseMs).toFixed(1)}× a single read of the data${sink === 0.5 ? '' : ''}.`);

const syn: Dataset = { names: FEATURE_NAMES.slice(), columns: cols, nRows: keep };
log('gbdt on synthetic features…');
const cvSyn = crossValidate('gbdt', syn, outcome, { folds: 3, seed: 1 });
const cvSynLr = crossValidate('logistic', syn, outcome, { folds: 3, seed: 1 });
say(`GBDT on the synthetic feature matrix (${keep.toLocaleString('en')} debtors × ${F} features, 3-fold): AUC ${f4(cvSyn.summary.auc.mean)} (logistic baseline ${f4(cvSynLr.summary.auc.mean)}), ${(cvSyn.summary.trainMs.mean / 1000).toFixed(1)} s per fold. Synthetic outcomes depend on a latent risk the generator also uses for the behaviour, so this figure shows speed on wide data, not real-world accuracy.`);
say('');
say(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node.js ${process.version}; load average at the end ${os.loadavg()[0].toFixed(1)} (the machine is shared, so absolute times vary between runs; ratios compare like with like within one run).`);
process.stdout.write(lines.join('\n') + '\n');
