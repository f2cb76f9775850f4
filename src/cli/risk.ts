// `recourse risk …` commands: evaluate (stratified k-fold AUC/KS/Gini), train, score, report (offline HTML),
// drift (PSI) and model-card. Thin: parses options and calls the risk module.
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  crossValidate,
  driftReport,
  excludeProtected,
  explainRow,
  featureImportance,
  hashData,
  modelVersion,
  parseModelBundle,
  parseNumericCsv,
  predictModel,
  predictScorecardPoints,
  renderModelCard,
  renderReportHtml,
  splitTarget,
  trainModel,
  alignColumns,
  type Dataset,
  type EvalKind,
  type ModelBundle,
  type ModelKind,
  registerModelVersion,
  listModelVersions,
  setDeployment,
} from '../modules/risk/index.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../app.js';
import { withPlatform, withTenant, type Database, type Tx } from '../platform/db/index.js';
import { getTenant } from '../modules/tenants/index.js';

export interface RiskCliDeps {
  /** Opens the database for registry commands; default: the configured one (DATA_DIR / DATABASE_URL). */
  openDatabase?: () => Promise<Database>;
}

let openDb: () => Promise<Database> = () => openDatabase(loadConfig());

/** Open the database, run fn inside the tenant's RLS scope, close. */
async function inTenant<T>(slug: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db: Database = await openDb();
  try {
    const t = await withPlatform(db, (tx) => getTenant(tx, slug));
    return await withTenant(db, t.id, fn);
  } finally {
    await db.close();
  }
}

const out = (s: string) => process.stdout.write(s + '\n');

/** Run a command; a domain error is reported like the API would (code, message, field) with exit code 1. */
function act<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      const err = e as { code?: string; message?: string; field?: string };
      process.stderr.write(`error${err.code ? ` ${err.code}` : ''}: ${err.message ?? String(e)}${err.field ? ` (field ${err.field})` : ''}\n`);
      process.exitCode = 1;
    }
  };
}

function load(csv: string, target: string, drop: string, allowProtected: boolean) {
  const text = readFileSync(csv, 'utf8');
  const ds = parseNumericCsv(text);
  const dropCols = drop.split(',').map((s) => s.trim()).filter(Boolean);
  const { x: raw, y } = splitTarget(ds, target, dropCols);
  const { x, excluded } = excludeProtected(raw, allowProtected);
  return { text, x, y, excluded };
}

function parseParams(s: string | undefined): Record<string, unknown> {
  if (!s) return {};
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    throw new Error(`--params must be JSON, got ${s}`);
  }
}

const fmt = (m: { mean: number; std: number; min: number; max: number }, d = 4) => `${m.mean.toFixed(d)} ± ${m.std.toFixed(d)} [${m.min.toFixed(d)}, ${m.max.toFixed(d)}]`;

interface CommonOpts {
  target: string;
  model: string;
  folds: string;
  seed: string;
  drop: string;
  allowProtected?: boolean;
  params?: string;
  json?: boolean;
}

function checkKind(k: string, allowBaseline: boolean): EvalKind {
  if (k === 'gbdt' || k === 'scorecard' || (allowBaseline && k === 'logistic')) return k;
  throw new Error(`--model must be gbdt|scorecard${allowBaseline ? '|logistic' : ''}`);
}

/** Register the `risk` command group on a commander program. */
export function registerRiskCommands(program: Command, deps: RiskCliDeps = {}): void {
  if (deps.openDatabase) openDb = deps.openDatabase;
  const risk = program.command('risk').description('Risk models (GBDT, scorecard), evaluation, explanations and reports');
  const common = (c: Command) =>
    c
      .requiredOption('--target <col>', 'binary target column (1 = default)')
      .option('--model <kind>', 'gbdt | scorecard', 'gbdt')
      .option('--folds <k>', 'cross-validation folds', '5')
      .option('--seed <n>', 'random seed', '42')
      .option('--drop <cols>', 'comma-separated columns to ignore', 'ID,id')
      .option('--allow-protected', 'keep columns that look like protected attributes (COL-85: off by default)')
      .option('--params <json>', 'learner parameters as JSON, e.g. {"learningRate":0.1}');

  common(risk.command('evaluate <csv>').description('Stratified k-fold AUC, KS and Gini with spread and training time'))
    .option('--json', 'print JSON')
    .action(act((csv: string, o: CommonOpts) => {
      const kind = checkKind(o.model, true);
      const { x, y, excluded } = load(csv, o.target, o.drop, !!o.allowProtected);
      const cv = crossValidate(kind, x, y, { folds: Number(o.folds), seed: Number(o.seed), params: parseParams(o.params) });
      if (o.json) {
        out(JSON.stringify({ model: kind, rows: x.nRows, features: x.names.length, excludedProtected: excluded, folds: cv.folds, summary: cv.summary }, null, 2));
        return;
      }
      out(`model ${kind} · ${x.nRows} rows · ${x.names.length} features · ${cv.summary.folds}-fold stratified, seed ${cv.summary.seed}`);
      if (excluded.length) out(`excluded protected attributes (COL-85): ${excluded.join(', ')}`);
      for (const f of cv.folds) out(`  fold ${f.fold + 1}: AUC ${f.auc.toFixed(4)}  KS ${f.ks.toFixed(4)}  Gini ${f.gini.toFixed(4)}  train ${(f.trainMs / 1000).toFixed(2)} s`);
      out(`AUC  ${fmt(cv.summary.auc)}`);
      out(`KS   ${fmt(cv.summary.ks)}`);
      out(`Gini ${fmt(cv.summary.gini)}`);
      out(`train time ${fmt({ mean: cv.summary.trainMs.mean / 1000, std: cv.summary.trainMs.std / 1000, min: cv.summary.trainMs.min / 1000, max: cv.summary.trainMs.max / 1000 }, 2)} s`);
    }));

  common(risk.command('train <csv>').description('Train on all rows and write a versioned model bundle'))
    .requiredOption('--out <file>', 'model JSON to write')
    .option('--no-cv', 'skip recording cross-validated metrics in the bundle')
    .option('--card <file>', 'also write a markdown model card')
    .option('--by <name>', 'who trained it (for the registry)')
    .action(act((csv: string, o: CommonOpts & { out: string; cv: boolean; card?: string; by?: string }) => {
      const kind = checkKind(o.model, false) as ModelKind;
      const { text, x, y, excluded } = load(csv, o.target, o.drop, !!o.allowProtected);
      const params = parseParams(o.params);
      const cv = o.cv ? crossValidate(kind, x, y, { folds: Number(o.folds), seed: Number(o.seed), params }).summary : undefined;
      const t0 = performance.now();
      const model = trainModel(kind, x, y, { seed: Number(o.seed), ...params });
      const trainMs = performance.now() - t0;
      const at = new Date();
      const sha = hashData(text);
      const bundle: ModelBundle = {
        format: 'recourse-risk-model/1',
        version: modelVersion(kind, at, sha),
        kind,
        target: o.target,
        featureNames: model.featureNames,
        excludedProtected: excluded,
        trainedAt: at.toISOString(),
        trainedBy: o.by ?? userInfo().username,
        dataSha256: sha,
        trainingRows: x.nRows,
        defaultRate: y.reduce((a, b) => a + b, 0) / y.length,
        trainMs,
        cv,
        model,
      };
      writeFileSync(o.out, JSON.stringify(bundle));
      if (o.card) writeFileSync(o.card, renderModelCard(bundle, { importance: featureImportance(model, x) }));
      out(`wrote ${o.out} (${bundle.version}) trained in ${(trainMs / 1000).toFixed(2)} s${cv ? `; CV AUC ${fmt(cv.auc)}` : ''}`);
    }));

  risk
    .command('score <csv>')
    .description('Score rows with a model bundle; prints id, probability, points (scorecard) and reason codes')
    .requiredOption('--model <file>', 'model bundle JSON')
    .option('--id <col>', 'id column to echo', 'ID')
    .option('--reasons <n>', 'reason codes per row', '3')
    .option('--out <file>', 'write CSV instead of printing')
    .option('--json', 'print JSON lines')
    .action(act((csv: string, o: { model: string; id: string; reasons: string; out?: string; json?: boolean }) => {
      const bundle = parseModelBundle(readFileSync(o.model, 'utf8'));
      const ds = parseNumericCsv(readFileSync(csv, 'utf8'));
      const idCol = ds.names.indexOf(o.id);
      const pd = predictModel(bundle.model, ds);
      const points = bundle.model.kind === 'scorecard' ? predictScorecardPoints(bundle.model, alignColumns(ds, bundle.model.featureNames)) : null;
      const n = Number(o.reasons);
      const lines: string[] = o.json ? [] : [`id,pd${points ? ',points' : ''},reasons`];
      for (let i = 0; i < ds.nRows; i++) {
        const id = idCol >= 0 ? ds.columns[idCol][i] : i + 1;
        const reasons = n > 0 ? explainRow(bundle.model, ds, i, n) : [];
        if (o.json) lines.push(JSON.stringify({ id, pd: pd[i], points: points?.[i], reasons, modelVersion: bundle.version }));
        else lines.push(`${id},${pd[i].toFixed(6)}${points ? `,${points[i]}` : ''},"${reasons.map((r) => r.feature).join(';')}"`);
      }
      if (o.out) {
        writeFileSync(o.out, lines.join('\n') + '\n');
        out(`wrote ${ds.nRows} scores to ${o.out}`);
      } else out(lines.join('\n'));
    }));

  common(risk.command('report <csv>').description('Offline HTML report: ROC, KS, calibration, feature importance (inline SVG)'))
    .requiredOption('--out <file>', 'HTML file to write')
    .action(act((csv: string, o: CommonOpts & { out: string }) => {
      const kind = checkKind(o.model, false) as ModelKind;
      const { x, y, excluded } = load(csv, o.target, o.drop, !!o.allowProtected);
      const params = parseParams(o.params);
      const cv = crossValidate(kind, x, y, { folds: Number(o.folds), seed: Number(o.seed), params });
      const model = trainModel(kind, x, y, { seed: Number(o.seed), ...params });
      const html = renderReportHtml({
        title: `Risk model report — ${kind} on ${csv.split('/').pop()}`,
        subtitle: `${x.nRows} rows, ${x.names.length} features, ${cv.summary.folds}-fold stratified CV (seed ${cv.summary.seed}): AUC ${fmt(cv.summary.auc)}, KS ${fmt(cv.summary.ks)}, Gini ${fmt(cv.summary.gini)}`,
        labels: y,
        oof: cv.oof,
        folds: cv.folds,
        importance: featureImportance(model, x),
        importanceLabel: kind === 'gbdt' ? 'Mean |SHAP| (log-odds), model trained on all rows' : 'Points range per characteristic',
        notes: [
          ...(excluded.length ? [`Protected attributes excluded (COL-85): ${excluded.join(', ')}`] : []),
          'Scores are proposals for collection planning and need human review (COL-85, PIPL art 24).',
        ],
      });
      writeFileSync(o.out, html);
      out(`wrote ${o.out} (AUC ${cv.summary.auc.mean.toFixed(4)})`);
    }));

  risk
    .command('drift <reference> <current>')
    .description('Population stability index per column (and for scores with --model)')
    .option('--model <file>', 'model bundle: also compare score distributions')
    .option('--drop <cols>', 'comma-separated columns to ignore', 'ID,id')
    .option('--json', 'print JSON')
    .action(act((refPath: string, curPath: string, o: { model?: string; json?: boolean; drop: string }) => {
      const dropCols = o.drop.split(',').map((c) => c.trim());
      const keep = (d: Dataset): Dataset => ({ ...d, names: d.names.filter((n) => !dropCols.includes(n)), columns: d.columns.filter((_, j) => !dropCols.includes(d.names[j])) });
      const ref = keep(parseNumericCsv(readFileSync(refPath, 'utf8')));
      const cur = keep(parseNumericCsv(readFileSync(curPath, 'utf8')));
      const bundle = o.model ? parseModelBundle(readFileSync(o.model, 'utf8')) : null;
      const rep = driftReport(ref, cur, bundle ? { reference: predictModel(bundle.model, ref), current: predictModel(bundle.model, cur) } : undefined);
      if (o.json) {
        out(JSON.stringify(rep, null, 2));
        return;
      }
      out(`overall: ${rep.worst}`);
      if (rep.score) out(`score PSI ${rep.score.psi.toFixed(4)} (${rep.score.status})`);
      for (const f of rep.features) out(`  ${f.feature}: ${f.psi.toFixed(4)} (${f.status})`);
    }));

  risk
    .command('register <model>')
    .description('Register a trained model bundle as an immutable version in the tenant’s model registry')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--by <name>', 'who registers it', userInfo().username)
    .option('--json', 'print JSON')
    .action(act(async (modelPath: string, o: { tenant: string; by: string; json?: boolean }) => {
      const bundle = parseModelBundle(readFileSync(modelPath, 'utf8'));
      const s = await inTenant(o.tenant, (tx) => registerModelVersion(tx, bundle, o.by));
      out(o.json ? JSON.stringify(s, null, 2) : `registered ${s.version} (${s.kind}, ${s.trainingRows} rows, data ${s.dataSha256.slice(0, 12)}…)`);
    }));

  risk
    .command('models')
    .description('List the tenant’s registered model versions')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--json', 'print JSON')
    .action(act(async (o: { tenant: string; json?: boolean }) => {
      const list = await inTenant(o.tenant, (tx) => listModelVersions(tx));
      if (o.json) out(JSON.stringify(list, null, 2));
      else for (const m of list) out(`${m.version}  ${m.kind}  AUC ${m.metrics ? m.metrics.auc.mean.toFixed(4) : 'n/a'}  by ${m.trainedBy} at ${m.trainedAt}`);
    }));

  risk
    .command('deploy')
    .description('Set the champion (and optional challenger with its share of cases in basis points)')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .requiredOption('--champion <version>')
    .option('--challenger <version>')
    .option('--share <bps>', 'challenger share of cases, basis points', '1000')
    .requiredOption('--reason <text>')
    .option('--by <name>', 'who changes it', userInfo().username)
    .action(act(async (o: { tenant: string; champion: string; challenger?: string; share: string; reason: string; by: string }) => {
      const d = await inTenant(o.tenant, (tx) =>
        setDeployment(tx, { championVersion: o.champion, challengerVersion: o.challenger ?? null, challengerShareBps: o.challenger ? Number(o.share) : 0, reason: o.reason }, o.by),
      );
      out(`champion ${d.championVersion}${d.challengerVersion ? `, challenger ${d.challengerVersion} on ${d.challengerShareBps / 100}% of cases` : ''}`);
    }));

  risk
    .command('model-card')
    .description('Write the markdown model card of a model bundle')
    .requiredOption('--model <file>', 'model bundle JSON')
    .option('--out <file>', 'markdown file (default: stdout)')
    .action(act((o: { model: string; out?: string }) => {
      const bundle = parseModelBundle(readFileSync(o.model, 'utf8'));
      const md = renderModelCard(bundle, { importance: featureImportance(bundle.model) });
      if (o.out) writeFileSync(o.out, md);
      else out(md);
    }));
}
