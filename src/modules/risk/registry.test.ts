// Model registry on the real database (PGlite by default; PostgreSQL with RECOURSE_TEST_DB=postgres).
import { describe, expect, it } from 'vitest';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, withRegulator, rows, sql } from '../../platform/db/index.js';
import { assignArm, findDeployment, getModelBundle, getModelCard, listCaseScores, listModelVersions, listOpenReviews, registerModelVersion, requestHumanReview, resolveHumanReview, scoreCase, setDeployment } from './registry.js';
import { hashData, modelVersion, predictModel, trainModel, type ModelBundle, type ModelKind } from './model.js';
import { makeClassificationData } from './testing.js';

const data = makeClassificationData(600, 41, 4);
function bundleOf(kind: ModelKind, at: string): ModelBundle {
  const model = trainModel(kind, data.x, data.y, { nEstimators: 20 });
  const sha = hashData(`data-${kind}-${at}`);
  return {
    format: 'recourse-risk-model/1', version: modelVersion(kind, new Date(at), sha), kind, target: 'y', featureNames: model.featureNames, excludedProtected: ['SEX'],
    trainedAt: at, trainedBy: 'analyst', dataSha256: sha, trainingRows: data.x.nRows, defaultRate: 0.3, trainMs: 12, model,
  };
}
const features = (i: number) => Object.fromEntries(data.x.names.map((n, j) => [n, data.x.columns[j][i]]));

describe('risk model registry', async () => {
  const db = await getTestDb();

  it('registers immutable versions with metrics, data hash, who and when; rejects duplicates', async () => {
    const t = await createTestTenant(db);
    const g = bundleOf('gbdt', '2026-01-01T00:00:00Z');
    const s = await withTenant(db, t.id, (tx) => registerModelVersion(tx, g, 'usr_lead'));
    expect(s).toMatchObject({ version: g.version, kind: 'gbdt', dataSha256: g.dataSha256, trainedBy: 'analyst', registeredBy: 'usr_lead', excludedProtected: ['SEX'] });
    await expect(withTenant(db, t.id, (tx) => registerModelVersion(tx, g, 'usr_lead'))).rejects.toMatchObject({ code: 'RISK_MODEL_VERSION_EXISTS' });
    const back = await withTenant(db, t.id, (tx) => getModelBundle(tx, g.version));
    expect(Array.from(predictModel(back.model, data.x))).toEqual(Array.from(predictModel(g.model, data.x)));
    expect(await withTenant(db, t.id, (tx) => getModelCard(tx, g.version))).toContain(`# Model card — ${g.version}`);
    // the app role cannot rewrite history (append-only grants)
    await expect(withTenant(db, t.id, (tx) => tx.execute(sql`UPDATE risk.model_versions SET trained_by = 'x'`))).rejects.toBeTruthy();
  });

  it('tenant isolation: another tenant sees no versions and cannot deploy them', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    const g = bundleOf('gbdt', '2026-01-02T00:00:00Z');
    await withTenant(db, a.id, (tx) => registerModelVersion(tx, g, 'usr_a'));
    expect(await withTenant(db, b.id, (tx) => listModelVersions(tx))).toEqual([]);
    await expect(withTenant(db, b.id, (tx) => setDeployment(tx, { championVersion: g.version, reason: 'steal' }, 'usr_b'))).rejects.toMatchObject({ code: 'RISK_MODEL_NOT_FOUND' });
    const seen = await withRegulator(db, (tx) => rows<{ version: string }>(tx, sql`SELECT version FROM risk.model_versions WHERE tenant_id = ${a.id}`));
    expect(seen.map((r) => r.version)).toEqual([g.version]);
  });

  it('champion/challenger: stable hash assignment near the configured share; scores stored with reasons', async () => {
    const t = await createTestTenant(db);
    const champ = bundleOf('gbdt', '2026-02-01T00:00:00Z');
    const chall = bundleOf('scorecard', '2026-02-02T00:00:00Z');
    await withTenant(db, t.id, async (tx) => {
      await registerModelVersion(tx, champ, 'usr_lead');
      await registerModelVersion(tx, chall, 'usr_lead');
    });
    const dep = await withTenant(db, t.id, (tx) => setDeployment(tx, { championVersion: champ.version, challengerVersion: chall.version, challengerShareBps: 2000, reason: 'trial' }, 'usr_lead'));
    const arms = Array.from({ length: 4000 }, (_, i) => assignArm(`case_${i}`, dep).arm);
    const share = arms.filter((a) => a === 'challenger').length / arms.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    // changing the share keeps the salt, so a case stays in the same arm when its bucket is still covered
    const dep2 = await withTenant(db, t.id, (tx) => setDeployment(tx, { championVersion: champ.version, challengerVersion: chall.version, challengerShareBps: 3000, reason: 'widen' }, 'usr_lead'));
    expect(dep2.salt).toBe(dep.salt);
    for (let i = 0; i < 200; i++) if (assignArm(`case_${i}`, dep).arm === 'challenger') expect(assignArm(`case_${i}`, dep2).arm).toBe('challenger');
    const events = await withTenant(db, t.id, (tx) => rows(tx, sql`SELECT reason FROM risk.deployment_events ORDER BY changed_at, id`));
    expect(events.map((e) => e.reason)).toEqual(['trial', 'widen']);

    const caseId = Array.from({ length: 100 }, (_, i) => `case_${i}`).find((c) => assignArm(c, dep2).arm === 'challenger')!;
    const sc = await withTenant(db, t.id, (tx) => scoreCase(tx, caseId, features(0)));
    expect(sc).toMatchObject({ arm: 'challenger', modelVersion: chall.version });
    expect(sc.points).not.toBeNull();
    expect(sc.pd).toBeCloseTo(predictModel(chall.model, { ...data.x, columns: data.x.columns.map((c) => c.subarray(0, 1)), nRows: 1 })[0], 12);
    const trail = await withTenant(db, t.id, (tx) => listCaseScores(tx, caseId));
    expect(trail[0]).toMatchObject({ scoreId: sc.scoreId, modelVersion: chall.version, reasons: sc.reasons });
    expect((await withTenant(db, t.id, (tx) => findDeployment(tx)))!.challengerShareBps).toBe(3000);
  });

  it('PIPL art 24 / COL-85: review requests can be filed against a score and resolved once', async () => {
    const t = await createTestTenant(db);
    const g = bundleOf('gbdt', '2026-03-01T00:00:00Z');
    const sc = await withTenant(db, t.id, async (tx) => {
      await registerModelVersion(tx, g, 'usr_lead');
      await setDeployment(tx, { championVersion: g.version, reason: 'first' }, 'usr_lead');
      return scoreCase(tx, 'case_x', features(1));
    });
    expect(sc.arm).toBe('champion');
    const req = await withTenant(db, t.id, (tx) => requestHumanReview(tx, { caseId: 'case_x', scoreId: sc.scoreId, requesterKind: 'debtor', requestedBy: 'dbt_1', reason: '请解释评分并人工复核' }));
    expect((await withTenant(db, t.id, (tx) => listOpenReviews(tx))).map((r) => r.id)).toEqual([req.id]);
    await withTenant(db, t.id, (tx) => resolveHumanReview(tx, req.id, 'Reviewed; plan adjusted to instalments', 'usr_reviewer'));
    expect(await withTenant(db, t.id, (tx) => listOpenReviews(tx))).toEqual([]);
    await expect(withTenant(db, t.id, (tx) => resolveHumanReview(tx, req.id, 'again', 'usr_reviewer'))).rejects.toMatchObject({ code: 'RISK_REVIEW_NOT_FOUND' });
    await expect(withTenant(db, t.id, (tx) => requestHumanReview(tx, { caseId: 'c', requesterKind: 'staff', requestedBy: 'u', reason: ' ' }))).rejects.toMatchObject({ code: 'RISK_BAD_INPUT' });
    // a review needs an automated decision on record, and a given score must belong to the case
    await expect(withTenant(db, t.id, (tx) => requestHumanReview(tx, { caseId: 'case_never_scored', requesterKind: 'staff', requestedBy: 'u', reason: 'why' }))).rejects.toMatchObject({ code: 'RISK_CASE_NOT_SCORED' });
    await expect(withTenant(db, t.id, (tx) => requestHumanReview(tx, { caseId: 'case_other', scoreId: sc.scoreId, requesterKind: 'staff', requestedBy: 'u', reason: 'why' }))).rejects.toMatchObject({ code: 'RISK_CASE_NOT_SCORED' });
  });

  it('scoring without a deployment fails clearly', async () => {
    const t = await createTestTenant(db);
    await expect(withTenant(db, t.id, (tx) => scoreCase(tx, 'case_1', features(0)))).rejects.toMatchObject({ code: 'RISK_MODEL_NOT_FOUND' });
  });
});
