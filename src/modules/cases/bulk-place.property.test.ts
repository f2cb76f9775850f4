// Issue 3: the set-based bulk placement (importCases → bulk-place.ts, registerDebtors set-based) must write the same
// records as placing the file's rows one by one with placeCase: same cases, debts, debtors (one per identity per
// tenant, also against debtors known before the import), sealed identifiers and contact points, first timeline event
// and evidence leaf per case (BC-10), COL-73 duplicate handling — for random files with repeated contracts and identities.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, rows, sql, type Database, type Tx } from '../../platform/db/index.js';
import { registerDebtor, revealIdNumber, revealContactPoints } from '../debtors/index.js';
import { caseLeafIndices } from '../evidence/index.js';
import { importCases, placeCase, searchCases, getCase, listCaseTimeline, suggestMapping, validateRow } from './index.js';
import { COUNT_AHEAD } from './queries.js';
import { createEntrustedCreditor, testDebtorKeys, syntheticResidentId, personInput } from './testing.js';
import { dateInZone } from './dates.js';

let db: Database;
const keys = testDebtorKeys();
beforeAll(async () => {
  db = await getTestDb();
});

const HEADERS = ['合同编号', '姓名', '身份证号', '手机号', '本金', '借款日期', '到期日'];
const mapping = suggestMapping(HEADERS);
const NAMES = ['张三', '李四', '王芳', '欧阳娜娜'];

interface Spec { contract: number; person: number; phone: number; principal: number; due: number }
const rowOf = (s: Spec) => ({
  合同编号: `P-${s.contract}`, 姓名: NAMES[s.person % NAMES.length], 身份证号: syntheticResidentId(7000 + s.person), 手机号: `1390000${String(s.phone).padStart(4, '0')}`,
  本金: `${s.principal}.25`, 借款日期: '2024-03-01', 到期日: `2025-0${1 + s.due}-15`,
});

/** Everything a user can see of the placed cases, with ids replaced by first-appearance ordinals. */
async function picture(tx: Tx) {
  const list = await searchCases(tx, keys, { limit: 1000, sort: 'ref' });
  const files = await Promise.all(list.items.map(async (i) => ({ i, f: await getCase(tx, i.id) })));
  files.sort((a, b) => a.f.debt.contractNumber.localeCompare(b.f.debt.contractNumber));
  const ord = new Map<string, number>();
  const out = [];
  for (const { i, f } of files) {
    if (!ord.has(f.debtor.id)) ord.set(f.debtor.id, ord.size);
    const { id: _debtId, ...debt } = f.debt;
    out.push({
      debt: { ...debt, originalCreditor: debt.originalCreditor === f.creditor.id ? '(creditor id)' : debt.originalCreditor }, stage: f.stage, debtor: ord.get(f.debtor.id), debtorName: f.debtor.name, idMasked: f.debtor.idNumberMasked, region: f.debtor.region,
      id: await revealIdNumber(tx, keys, f.debtor.id), phones: (await revealContactPoints(tx, keys, f.debtor.id, 'phone')).map((p) => p.value).sort(),
      points: f.debtor.contactPoints.map((p) => `${p.kind}:${p.masked}`).sort(),
      events: (await listCaseTimeline(tx, i.id)).map((e) => [e.seq, e.type]), leaves: (await caseLeafIndices(tx, i.id)).length,
      refShape: /^C\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/.test(f.ref), listName: i.debtorName,
    });
  }
  return { total: list.total, cases: out };
}

async function setup(tx: Tx, known: number[]) {
  const { creditor } = await createEntrustedCreditor(tx);
  for (const k of known) await registerDebtor(tx, keys, personInput(7000 + k, { name: NAMES[k % NAMES.length], phones: ['13700000000'] }));
  return creditor.id;
}

describe('set-based bulk placement = placeCase row by row (issue 3)', () => {
  it('property: same records for random files (repeated contracts and identities, debtors known before)', async () => {
    const spec = fc.record({ contract: fc.integer({ min: 0, max: 6 }), person: fc.integer({ min: 0, max: 4 }), phone: fc.integer({ min: 0, max: 3 }), principal: fc.integer({ min: 1, max: 99999 }), due: fc.integer({ min: 0, max: 8 }) });
    await fc.assert(fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 9 }), fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }), fc.integer({ min: 1, max: 4 }), async (specs, known, chunk) => {
      const file = specs.map(rowOf);
      const at = new Date();
      const a = await createTestTenant(db);
      const oneByOne = await withTenant(db, a.id, async (tx) => {
        const creditorId = await setup(tx, known);
        const seen = new Set<string>();
        for (let i = 0; i < file.length; i++) {
          const v = validateRow(file[i], i + 2, mapping, { creditors: new Map(), defaultCreditorId: creditorId, today: dateInZone(at) }, seen);
          if (v.ok) await placeCase(tx, keys, { creditorId, debtor: v.placement.debtor, debt: v.placement.debt, at });
        }
        return picture(tx);
      });
      const b = await createTestTenant(db);
      const bulk = await withTenant(db, b.id, async (tx) => {
        const creditorId = await setup(tx, known);
        const r = await importCases(tx, keys, file, mapping, { creditorId, chunkSize: chunk, at });
        const again = await importCases(tx, keys, file, mapping, { creditorId, chunkSize: chunk, at });
        return { r, again, pic: await picture(tx) };
      });
      expect(bulk.pic).toEqual(oneByOne);
      expect(bulk.r.placed).toBe(new Set(specs.map((s) => s.contract)).size);
      expect(bulk.r.errors.every((e) => e.code === 'duplicate_contract')).toBe(true);
      expect(bulk.again).toMatchObject({ placed: 0, skippedExisting: bulk.r.placed });
    }), { numRuns: 6 });
  });

  it('bounded count: exact below the cap, and totalExact reports it; the import restores the planner setting', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, async (tx) => {
      const creditorId = await setup(tx, []);
      await importCases(tx, keys, [0, 1, 2].map((c) => rowOf({ contract: c, person: c, phone: c, principal: 100, due: 1 })), mapping, { creditorId });
      // the import forces index paths for its own statements only: the caller's planner setting is back afterwards
      const [{ s }] = await rows<{ s: string }>(tx, sql`SELECT current_setting('enable_seqscan') AS s`);
      expect(s).toBe('on');
      return searchCases(tx, keys, { limit: 1 });
    });
    expect(COUNT_AHEAD).toBe(10_000);
    expect(r).toMatchObject({ total: 3, totalExact: true });
    expect(r.items).toHaveLength(1);
  });
});
