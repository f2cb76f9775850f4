// registerDebtors (bulk placement) must give exactly what registerDebtor one by one gives: same identity→debtor
// mapping, same created flags, same stored debtors and contact points (masked, decrypted), in input order.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, type Database, type Tx } from '../../platform/db/index.js';
import { registerDebtor, registerDebtors, getDebtor, revealIdNumber, revealContactPoints, findDebtorByIdentity, type DebtorInput } from './index.js';
import { testDebtorKeys, personInput, syntheticResidentId } from './testing.js';

let db: Database;
const keys = testDebtorKeys();
beforeAll(async () => {
  db = await getTestDb();
});

const USCC = '91350100M000100Y43';
const org = (o: Partial<DebtorInput> = {}): DebtorInput =>
  ({ kind: 'organisation', name: '测试贸易有限公司', uscc: USCC, legalRepresentative: '测试法人', phones: ['0571-88880000'], emails: ['ap@example.test'], addresses: [], ...o }) as DebtorInput;

/** A tenant-independent picture of the debtors: ids replaced by first-appearance ordinals. */
async function picture(tx: Tx, results: Array<{ debtorId: string; created: boolean }>) {
  const ord = new Map<string, number>();
  for (const r of results) if (!ord.has(r.debtorId)) ord.set(r.debtorId, ord.size);
  const debtorsSeen = [];
  for (const id of ord.keys()) {
    const v = await getDebtor(tx, id);
    debtorsSeen.push({
      kind: v.kind, name: v.name, idType: v.idType, idNumberMasked: v.idNumberMasked, legalRepresentative: v.legalRepresentative, employer: v.employer,
      timeZone: v.timeZone, region: v.region, id: await revealIdNumber(tx, keys, id),
      points: v.contactPoints.map((p) => `${p.kind}:${p.masked}:${p.label}`).sort(),
      phones: (await revealContactPoints(tx, keys, id, 'phone')).map((p) => p.value).sort(),
      emails: (await revealContactPoints(tx, keys, id, 'email')).map((p) => p.value).sort(),
      addresses: (await revealContactPoints(tx, keys, id, 'address')).map((p) => p.value).sort(),
    });
  }
  return { results: results.map((r) => [ord.get(r.debtorId), r.created]), debtors: debtorsSeen };
}

async function oneByOne(inputs: DebtorInput[]) {
  const t = await createTestTenant(db);
  return withTenant(db, t.id, async (tx) => {
    const rs = [];
    for (const i of inputs) rs.push(await registerDebtor(tx, keys, i));
    return picture(tx, rs);
  });
}

async function batch(inputs: DebtorInput[]) {
  const t = await createTestTenant(db);
  return withTenant(db, t.id, async (tx) => picture(tx, await registerDebtors(tx, keys, inputs)));
}

describe('registerDebtors (batch) = registerDebtor one by one', () => {
  it('table: repeats within the batch, lower-case ID, new contact points merged, organisations, empty batch', async () => {
    const inputs: DebtorInput[] = [
      personInput(1),
      personInput(2, { name: '李四', emails: ['li@example.test'], addresses: [{ text: '浙江省杭州市西湖区测试路1号', label: 'home' }] }),
      personInput(1, { idNumber: syntheticResidentId(1).toLowerCase(), phones: ['13912345678'] }),
      org(),
      personInput(1),
      org({ phones: ['0571-88880000', '13700000000'] } as Partial<DebtorInput>),
    ];
    const b = await batch(inputs);
    expect(b.results).toEqual([[0, true], [1, true], [0, false], [2, true], [0, false], [2, false]]);
    expect(b.debtors[0].phones).toEqual(['13800000001', '13912345678']);
    expect(b.debtors[2].region).toBe('35');
    expect(b).toEqual(await oneByOne(inputs));
    const t = await createTestTenant(db);
    expect(await withTenant(db, t.id, (tx) => registerDebtors(tx, keys, []))).toEqual([]);
  });

  it('known debtors (registered before the batch) are found through the blind index and get the new contact points', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, async (tx) => {
      const a = await registerDebtor(tx, keys, personInput(5));
      const rs = await registerDebtors(tx, keys, [personInput(6), personInput(5, { phones: ['13600000000'] })]);
      return { a, rs, phones: (await revealContactPoints(tx, keys, a.debtorId, 'phone')).map((p) => p.value).sort() };
    });
    expect(r.rs[1]).toEqual({ debtorId: r.a.debtorId, created: false });
    expect(r.rs[0].created).toBe(true);
    expect(r.phones).toEqual(['13600000000', '13800000005']);
  });

  it('an invalid row refuses the whole batch with its code and writes nothing', async () => {
    const t = await createTestTenant(db);
    await expect(withTenant(db, t.id, (tx) => registerDebtors(tx, keys, [personInput(7), personInput(8, { idNumber: '110105194912310021' })])))
      .rejects.toMatchObject({ code: 'DEBTORS_ID_INVALID' });
    expect(await withTenant(db, t.id, (tx) => findDebtorByIdentity(tx, keys, { kind: 'person', idType: 'resident_id', idNumber: syntheticResidentId(7) }))).toBeNull();
  });

  it('property: for any sequence of (possibly repeated) identities and phones, batch == one by one', async () => {
    const row = fc.record({ n: fc.integer({ min: 0, max: 4 }), phone: fc.integer({ min: 0, max: 3 }), email: fc.boolean(), name: fc.constantFrom('张三', '欧阳娜娜', '王五') });
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), async (rs) => {
      const inputs = rs.map((x) => personInput(100 + x.n, { name: x.name, phones: [`1390000000${x.phone}`], emails: x.email ? [`d${x.n}@example.test`] : [] }));
      expect(await batch(inputs)).toEqual(await oneByOne(inputs));
    }), { numRuns: 15 });
  });
});
