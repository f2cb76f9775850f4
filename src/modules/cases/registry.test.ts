// COL-73 registry, bulk claim (migration 0340, set-based): positions another agency holds are refused and not claimed,
// keys the caller already holds are neither refused nor claimed twice, a key repeated in one call is claimed once.
import { beforeAll, describe, expect, it } from 'vitest';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, type Database } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { claimPlacements, releasePlacement } from './registry.js';

let db: Database;
beforeAll(async () => {
  db = await getTestDb();
});

const k = (s: string) => `test-key-${s}-${newId('k')}`;

describe('claimPlacements (COL-73)', () => {
  it('refuses what another agency holds, claims the rest once, and is idempotent for the holder', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    const [k1, k2, k3] = [k('1'), k('2'), k('3')];
    const aCase = newId('case');
    expect(await withTenant(db, a.id, (tx) => claimPlacements(tx, [{ key: k1, caseId: aCase }]))).toEqual(new Set());

    // B: k1 is A's (refused), k2 new, k3 repeated (claimed once), a null key (creditor without USCC) is skipped.
    const bCases = [newId('case'), newId('case'), newId('case'), newId('case'), newId('case')];
    const refused = await withTenant(db, b.id, (tx) => claimPlacements(tx, [
      { key: k2, caseId: bCases[0] }, { key: k1, caseId: bCases[1] }, { key: null, caseId: bCases[2] }, { key: k3, caseId: bCases[3] }, { key: k3, caseId: bCases[4] },
    ]));
    expect(refused).toEqual(new Set([1]));
    // A now cannot take k2 or k3; B claiming them again refuses nothing (it holds them).
    expect(await withTenant(db, a.id, (tx) => claimPlacements(tx, [{ key: k3, caseId: newId('case') }, { key: k2, caseId: newId('case') }]))).toEqual(new Set([0, 1]));
    expect(await withTenant(db, b.id, (tx) => claimPlacements(tx, [{ key: k2, caseId: newId('case') }, { key: k3, caseId: newId('case') }]))).toEqual(new Set());

    // Released by A, k1 can be claimed by B.
    await withTenant(db, a.id, (tx) => releasePlacement(tx, aCase));
    expect(await withTenant(db, b.id, (tx) => claimPlacements(tx, [{ key: k1, caseId: bCases[1] }]))).toEqual(new Set());
    expect(await withTenant(db, a.id, (tx) => claimPlacements(tx, [{ key: k1, caseId: newId('case') }]))).toEqual(new Set([0]));
  });
});
