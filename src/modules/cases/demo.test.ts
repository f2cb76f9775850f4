import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/index.js';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant } from '../../platform/db/index.js';
import { testDebtorKeys } from './testing.js';
import { newId } from '../../platform/ids.js';
import { seedDemoPortfolio, searchCases, getCase, CASE_STAGES } from './index.js';

const U1 = newId('usr');
const U2 = newId('usr');

let db: Database;
beforeAll(async () => {
  db = await getTestDb();
});

describe('demo portfolio', () => {
  it('seeds cases in every status through the real use cases, once per tenant', async () => {
    const t = await createTestTenant(db);
    const keys = testDebtorKeys();
    const now = new Date('2026-06-01T04:00:00Z');
    const r = await withTenant(db, t.id, async (tx) => {
      const first = await seedDemoPortfolio(tx, t.id, keys, { count: 20, now, collectorIds: [U1, U2] });
      const again = await seedDemoPortfolio(tx, t.id, keys, { count: 20, now });
      const counts: Record<string, number> = {};
      for (const s of CASE_STAGES) counts[s] = (await searchCases(tx, keys, { stage: s }, now)).total;
      const onHold = (await searchCases(tx, keys, { onHold: true }, now)).items;
      const sample = await getCase(tx, onHold[0].id, now);
      const mine = (await searchCases(tx, keys, { assignedTo: U1 }, now)).total;
      return { first, again, counts, onHold: onHold.length, sample, mine };
    });
    expect(r.first.cases).toBe(20);
    expect(r.again.cases).toBe(0);
    for (const s of CASE_STAGES) expect(r.counts[s]).toBeGreaterThan(0);
    expect(r.onHold).toBeGreaterThan(0);
    expect(r.sample.collectible).toBe(false);
    expect(r.mine).toBeGreaterThan(0);
  });
});
