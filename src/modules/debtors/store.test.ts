import { describe, expect, it, beforeAll } from 'vitest';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, type Database } from '../../platform/db/index.js';
import {
  registerDebtor, getDebtor, findDebtorByIdentity, revealIdNumber, addRelatedParty, listRelatedParties, suppressRelatedParty,
  searchDebtorIds, revealContactPoints,
} from './index.js';
import { testDebtorKeys, personInput, syntheticResidentId } from './testing.js';

let db: Database;
const keys = testDebtorKeys();
beforeAll(async () => {
  db = await getTestDb();
});

describe('debtors on the database', () => {
  it('one debtor per identity per tenant; re-registering merges new contact points; values are stored encrypted', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, async (tx) => {
      const a = await registerDebtor(tx, keys, personInput(1));
      const b = await registerDebtor(tx, keys, personInput(1, { idNumber: syntheticResidentId(1).toLowerCase(), phones: ['13912345678'] }));
      return { a, b, view: await getDebtor(tx, a.debtorId), id: await revealIdNumber(tx, keys, a.debtorId), phones: await revealContactPoints(tx, keys, a.debtorId, 'phone') };
    });
    expect(r.a.created).toBe(true);
    expect(r.b).toEqual({ debtorId: r.a.debtorId, created: false });
    expect(r.view.contactPoints.map((p) => p.masked)).toEqual(['138****0001', '139****5678']);
    expect(r.view.idNumberMasked).not.toContain(syntheticResidentId(1).slice(6, 14));
    expect(r.view.region).toBe('33');
    expect(r.id).toBe(syntheticResidentId(1));
    expect(r.phones.map((p) => p.value)).toEqual(['13800000001', '13912345678']);
    const raw = await db.query<{ id_number_enc: string }>('SELECT id_number_enc FROM debtors.debtors WHERE id = $1', [r.a.debtorId]);
    expect(raw[0].id_number_enc).not.toContain(syntheticResidentId(1));
  });

  it('RLS: another tenant neither sees the debtor nor collides with its identity', async () => {
    const [t1, t2] = [await createTestTenant(db), await createTestTenant(db)];
    const a = await withTenant(db, t1.id, (tx) => registerDebtor(tx, keys, personInput(2)));
    const seen = await withTenant(db, t2.id, (tx) => findDebtorByIdentity(tx, keys, { kind: 'person', idType: 'resident_id', idNumber: syntheticResidentId(2) }));
    expect(seen).toBeNull();
    const b = await withTenant(db, t2.id, (tx) => registerDebtor(tx, keys, personInput(2)));
    expect(b.created).toBe(true);
    expect(b.debtorId).not.toBe(a.debtorId);
  });

  it('rejects an invalid ID number (GB 11643)', async () => {
    const t = await createTestTenant(db);
    await expect(withTenant(db, t.id, (tx) => registerDebtor(tx, keys, personInput(3, { idNumber: '110105194912310021' })))).rejects.toMatchObject({ code: 'DEBTORS_ID_INVALID' });
  });

  it('search by ID number, phone, name, pinyin and initials', async () => {
    const t = await createTestTenant(db);
    const found = await withTenant(db, t.id, async (tx) => {
      const a = await registerDebtor(tx, keys, personInput(10, { name: '欧阳娜娜' }));
      const b = await registerDebtor(tx, keys, personInput(11, { name: '张伟' }));
      const s = (q: string) => searchDebtorIds(tx, keys, q);
      return { a: a.debtorId, b: b.debtorId, byId: await s(syntheticResidentId(11)), byPhone: await s('+86 138 0000 0010'), byName: await s('娜娜'), byPinyin: await s('ouyang'), byInitials: await s('zw'), none: await s('qian') };
    });
    expect(found.byId).toEqual([found.b]);
    expect(found.byPhone).toEqual([found.a]);
    expect(found.byName).toEqual([found.a]);
    expect(found.byPinyin).toEqual([found.a]);
    expect(found.byInitials).toEqual([found.b]);
    expect(found.none).toEqual([]);
  });

  it('COL-33 related parties: classification stored, COL-32 suppression is permanent', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, async (tx) => {
      const d = await registerDebtor(tx, keys, personInput(20));
      const g = await addRelatedParty(tx, keys, d.debtorId, { name: '李担保', relationship: 'guarantor', phones: ['13700000000'] });
      const e = await addRelatedParty(tx, keys, d.debtorId, { name: '王紧急', relationship: 'emergency_contact', phones: [] });
      await suppressRelatedParty(tx, e.id);
      await suppressRelatedParty(tx, e.id);
      await expect(addRelatedParty(tx, keys, d.debtorId, { name: 'x', relationship: 'guarantor', jointHouseholdDebt: true, phones: [] })).rejects.toMatchObject({ code: 'DEBTORS_PARTY_INVALID' });
      return { g, list: await listRelatedParties(tx, d.debtorId) };
    });
    expect(r.g.classification).toBe('debt_related_third_party');
    expect(r.list.map((p) => [p.relationship, p.classification, p.mayAskToPay, p.suppressed, p.phoneMasked])).toEqual([
      ['guarantor', 'debt_related_third_party', true, false, '137****0000'],
      ['emergency_contact', 'unrelated_third_party', false, true, null],
    ]);
  });
});
