// End to end on SYNTHETIC debtors: features → GBDT → registry → deployed scoring with reasons → plan proposal
// from the score and the contact history → human-review request (COL-85 / PIPL art 24).
import { describe, expect, it } from 'vitest';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant } from '../../platform/db/index.js';
import { FEATURE_NAMES, computeFeatureRecord, computeFeatures } from './features.js';
import { generateSyntheticDebtors } from './synthetic.js';
import { trainGbdt } from './gbdt.js';
import { hashData, modelVersion, type ModelBundle } from './model.js';
import { registerModelVersion, requestHumanReview, scoreCase, setDeployment, listCaseScores } from './registry.js';
import { contactabilityFromHistory, proposeCollectionPlan } from './plan.js';
import { fenToYuan } from './feature-inputs.js';

describe('risk flow on synthetic debtors', async () => {
  const db = await getTestDb();

  it('scores a debtor from its raw history and proposes a reviewable plan', async () => {
    const debtors = generateSyntheticDebtors(500, 77);
    const F = FEATURE_NAMES.length;
    const columns = Array.from({ length: F }, () => new Float64Array(debtors.length));
    debtors.forEach((d, i) => computeFeatures(d.input).forEach((v, j) => (columns[j][i] = v)));
    const y = Uint8Array.from(debtors.map((d) => d.outcome));
    const model = trainGbdt({ names: [...FEATURE_NAMES], columns, nRows: debtors.length }, y, { nEstimators: 25, earlyStoppingRounds: 0 });
    const sha = hashData('synthetic-77');
    const bundle: ModelBundle = {
      format: 'recourse-risk-model/1', version: modelVersion('gbdt', new Date('2026-06-30T00:00:00Z'), sha), kind: 'gbdt', target: 'outcome',
      featureNames: model.featureNames, excludedProtected: [], trainedAt: '2026-06-30T00:00:00Z', trainedBy: 'flow-test', dataSha256: sha,
      trainingRows: debtors.length, defaultRate: y.reduce((a, b) => a + b, 0) / y.length, trainMs: 1, model,
    };
    const t = await createTestTenant(db);
    const target = generateSyntheticDebtors(1, 78)[0];
    const result = await withTenant(db, t.id, async (tx) => {
      await registerModelVersion(tx, bundle, 'usr_lead');
      await setDeployment(tx, { championVersion: bundle.version, reason: 'flow' }, 'usr_lead');
      return scoreCase(tx, 'case_flow', computeFeatureRecord(target.input), 3);
    });
    expect(result.pd).toBeGreaterThan(0);
    expect(result.pd).toBeLessThan(1);
    expect(result.reasons.length).toBeGreaterThan(0);
    for (const r of result.reasons) expect(FEATURE_NAMES).toContain(r.feature);

    const balanceFen = target.input.debts.reduce((a, d) => a + d.outstandingFen, 0n);
    const plan = proposeCollectionPlan({
      caseId: 'case_flow',
      pd: result.pd,
      modelReasons: result.reasons.map((r) => r.feature),
      balanceFen,
      dpd: 120,
      contactability: contactabilityFromHistory(target.input.contacts, target.input.asOf, ['voice', 'sms', 'email']),
      creditor: { maxDiscountBps: 2500, allowLegalAction: true, minLegalBalanceFen: 100_000n },
      limitationDaysLeft: 700,
      vulnerable: false,
    });
    expect(plan.explanation.join(' ')).toContain(result.reasons[0].feature);
    expect(fenToYuan(plan.settlement.minFen)).toBeGreaterThanOrEqual(fenToYuan(balanceFen) * 0.75 - 0.01);
    const review = await withTenant(db, t.id, (tx) =>
      requestHumanReview(tx, { caseId: 'case_flow', scoreId: result.scoreId, requesterKind: 'debtor', requestedBy: 'dbt_flow', reason: 'explain my score' }),
    );
    expect(review.status).toBe('open');
    expect((await withTenant(db, t.id, (tx) => listCaseScores(tx, 'case_flow')))[0].reasons).toEqual(result.reasons);
  });
});
