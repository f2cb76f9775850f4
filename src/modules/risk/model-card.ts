// Markdown model card per model version: purpose, data provenance, metrics, features, exclusions, limits,
// and the COL-85 / PIPL art 24 governance statement (explanation, human review, right to refuse).
import type { ModelBundle } from './model.js';
import type { DriftReport } from './drift.js';

const f4 = (v: number) => v.toFixed(4);

/** Render a model card for a bundle (with optional importance list and drift report). */
export function renderModelCard(b: ModelBundle, extra: { importance?: { feature: string; importance: number }[]; drift?: DriftReport; intendedUse?: string } = {}): string {
  const m = b.model;
  const lines: string[] = [
    `# Model card — ${b.version}`,
    '',
    `- **Kind**: ${b.kind === 'gbdt' ? 'histogram gradient-boosted trees (binary log-loss), TreeSHAP explanations' : 'logistic-regression scorecard on WOE bins, points-lost reason codes'}`,
    `- **Target**: \`${b.target}\` (1 = default / non-repayment)`,
    `- **Trained**: ${b.trainedAt} by ${b.trainedBy} in ${(b.trainMs / 1000).toFixed(2)} s`,
    `- **Data**: ${b.trainingRows} rows, default rate ${(b.defaultRate * 100).toFixed(2)}%, SHA-256 \`${b.dataSha256}\``,
    `- **Features used** (${b.featureNames.length}): ${b.featureNames.map((n) => `\`${n}\``).join(', ')}`,
    `- **Protected attributes excluded** (COL-85): ${b.excludedProtected.length ? b.excludedProtected.map((n) => `\`${n}\``).join(', ') : 'none present in the data'}`,
    '',
    '## Intended use',
    '',
    extra.intendedUse ??
      'Rank collection cases by estimated probability of non-repayment to propose a contact plan and settlement range. ' +
        'Not for credit-granting decisions, pricing, or any decision about a person without human review.',
    '',
    '## Performance (stratified cross-validation, fitted inside each training fold)',
    '',
  ];
  if (b.cv) {
    lines.push(
      `| metric | mean | std | min | max |`,
      `|---|---|---|---|---|`,
      ...(['auc', 'ks', 'gini'] as const).map((k) => `| ${k.toUpperCase()} | ${f4(b.cv![k].mean)} | ${f4(b.cv![k].std)} | ${f4(b.cv![k].min)} | ${f4(b.cv![k].max)} |`),
      `| train time (s) | ${(b.cv.trainMs.mean / 1000).toFixed(2)} | ${(b.cv.trainMs.std / 1000).toFixed(2)} | ${(b.cv.trainMs.min / 1000).toFixed(2)} | ${(b.cv.trainMs.max / 1000).toFixed(2)} |`,
      '',
      `${b.cv.folds} folds, seed ${b.cv.seed}.`,
    );
  } else lines.push('No cross-validation recorded for this version.');
  lines.push('', '## Model details', '');
  if (m.kind === 'gbdt') {
    const p = m.params;
    lines.push(`${m.trees.length} trees (best iteration ${m.bestIteration}), ${p.growth}, max depth ${p.maxDepth}, max leaves ${p.maxLeaves}, learning rate ${p.learningRate}, λ ${p.lambda}, min child weight ${p.minChildWeight}, min samples/leaf ${p.minSamplesLeaf}, subsample ${p.subsample}, colsample ${p.colsampleByTree}, ≤${p.maxBins} bins, early stopping ${p.earlyStoppingRounds}.`);
  } else {
    lines.push(`Points: ${m.params.baseScore} at odds ${m.params.baseOdds}:1, ${m.params.pdo} points to double the odds. Characteristics dropped for IV < ${m.params.minIv}: ${m.dropped.map((d) => d.feature).join(', ') || 'none'}.`, '', '| characteristic | IV | bins | points range |', '|---|---|---|---|');
    for (const c of m.characteristics) lines.push(`| ${c.feature} | ${f4(c.iv)} | ${c.woe.length} | ${Math.min(...c.points)}…${Math.max(...c.points)} |`);
  }
  if (extra.importance?.length) {
    lines.push('', '## Most important features', '', ...extra.importance.slice(0, 15).map((i, k) => `${k + 1}. \`${i.feature}\` — ${i.importance.toPrecision(3)}`));
  }
  if (extra.drift) {
    lines.push('', `## Drift (PSI) — overall: ${extra.drift.worst}`, '');
    if (extra.drift.score) lines.push(`Score PSI ${f4(extra.drift.score.psi)} (${extra.drift.score.status}).`, '');
    lines.push(...extra.drift.features.slice(0, 10).map((d) => `- \`${d.feature}\`: ${f4(d.psi)} (${d.status})`));
  }
  lines.push(
    '',
    '## Governance (COL-85, PIPL art 24 and art 55)',
    '',
    '- Outputs are proposals. A person reviews every plan before it is used; no legal step is taken on the score alone.',
    '- Every score comes with reason codes (top factors). The debtor may ask for an explanation and for human review, and may refuse a decision made solely by automated means.',
    '- Protected attributes (sex, ethnicity, religion, marital status, health and similar) are excluded from training; a test asserts the feature catalogue contains none.',
    '- A personal-information impact assessment (PIPL art 55) must be on file before the model is used for automated decisions.',
    '- Monitor drift (PSI) at least monthly; a score PSI above 0.25 triggers re-validation.',
    '',
    '## Limitations',
    '',
    '- Trained on historical data that may encode past collection practice; validate on the tenant’s own portfolio before use.',
    '- Probabilities are calibrated to the training default rate; re-calibrate when the portfolio mix changes.',
    '',
  );
  return lines.join('\n');
}
