// Corrections (PI-09, PIPL art 46) and retention purge (PI-07, COL-61) of debtor records on the real database.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, type Database } from '../../platform/db/index.js';
import {
  registerDebtor, getDebtor, revealIdNumber, revealContactPoints, addRelatedParty, listRelatedParties, searchDebtorIds, findDebtorByIdentity,
  correctDebtorField, purgeDebtor, debtorPurgeStatus, maskCorrection, normaliseCorrection, CORRECTABLE_FIELDS, PURGED,
} from './index.js';
import { testDebtorKeys, personInput, syntheticResidentId } from './testing.js';

let db: Database;
const keys = testDebtorKeys();
beforeAll(async () => {
  db = await getTestDb();
});

describe('debtor corrections and purge', () => {
  it('PI-09: a corrected phone is added (sealed, searchable) and the replaced one suppressed; name corrections update search keys', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, async (tx) => {
      const { debtorId } = await registerDebtor(tx, keys, personInput(11));
      const old = (await getDebtor(tx, debtorId)).contactPoints[0];
      const c = await correctDebtorField(tx, keys, debtorId, { field: 'phone', value: '139 1234 5678', replacesPointId: old.id });
      await correctDebtorField(tx, keys, debtorId, { field: 'name', value: '李四' });
      return { debtorId, old, c, view: await getDebtor(tx, debtorId), phones: await revealContactPoints(tx, keys, debtorId, 'phone'),
        byPhone: await searchDebtorIds(tx, keys, '13912345678'), byPinyin: await searchDebtorIds(tx, keys, 'lisi') };
    });
    expect(r.c.suppressedPointId).toBe(r.old.id);
    expect(r.phones.map((p) => p.value)).toEqual(['13912345678']);
    expect(r.view.contactPoints.find((p) => p.id === r.old.id)!.suppressed).toBe(true);
    expect(r.view.name).toBe('李四');
    expect(r.byPhone).toEqual([r.debtorId]);
    expect(r.byPinyin).toContain(r.debtorId);
  });

  it('refuses invalid values and a contact point of another kind, naming the field', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, async (tx) => {
      const { debtorId } = await registerDebtor(tx, keys, personInput(12));
      const phone = (await getDebtor(tx, debtorId)).contactPoints[0];
      await expect(correctDebtorField(tx, keys, debtorId, { field: 'phone', value: '12345' })).rejects.toMatchObject({ code: 'DEBTORS_PHONE_INVALID', field: 'value' });
      await expect(correctDebtorField(tx, keys, debtorId, { field: 'email', value: 'not-mail' })).rejects.toMatchObject({ code: 'DEBTORS_EMAIL_INVALID' });
      await expect(correctDebtorField(tx, keys, debtorId, { field: 'email', value: 'a@b.cn', replacesPointId: phone.id })).rejects.toMatchObject({ code: 'DEBTORS_CORRECTION_INVALID', field: 'replacesPointId' });
      await expect(correctDebtorField(tx, keys, 'dbt_00000000000000000000000000', { field: 'name', value: '王五' })).rejects.toMatchObject({ code: 'DEBTORS_NOT_FOUND' });
    });
  });

  it('PI-07: purge overwrites every personal value, keeps ids, frees the identity and is idempotent', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, async (tx) => {
      const { debtorId } = await registerDebtor(tx, keys, personInput(13, { emails: ['zhang@example.cn'], addresses: [{ text: '浙江省金华市婺城区八一南街 100 号' }], employer: '某公司' }));
      await addRelatedParty(tx, keys, debtorId, { name: '王芳', relationship: 'spouse', phones: ['13700001111'] });
      const first = await purgeDebtor(tx, debtorId);
      const second = await purgeDebtor(tx, debtorId);
      return {
        debtorId, first, second, view: await getDebtor(tx, debtorId), id: await revealIdNumber(tx, keys, debtorId), parties: await listRelatedParties(tx, debtorId),
        phones: await revealContactPoints(tx, keys, debtorId, 'phone'), status: await debtorPurgeStatus(tx, [debtorId]),
        byId: await findDebtorByIdentity(tx, keys, { kind: 'person', idType: 'resident_id', idNumber: syntheticResidentId(13) }),
        again: await registerDebtor(tx, keys, personInput(13)),
        correction: await correctDebtorField(tx, keys, debtorId, { field: 'name', value: '赵六' }).catch((e: { code: string }) => e.code),
      };
    });
    expect(r.first).toMatchObject({ alreadyPurged: false, contactPoints: 3, relatedParties: 1 });
    expect(r.second.alreadyPurged).toBe(true);
    expect(r.view).toMatchObject({ id: r.debtorId, name: PURGED, idNumberMasked: PURGED, employer: null, region: null });
    expect(r.view.contactPoints.every((p) => p.masked === PURGED && p.suppressed)).toBe(true);
    expect(r.parties[0]).toMatchObject({ name: PURGED, phoneMasked: null, suppressed: true });
    expect(r.id).toBe('');
    expect(r.phones).toEqual([]);
    expect(r.status.get(r.debtorId)).toBeInstanceOf(Date);
    expect(r.byId).toBeNull();
    expect(r.again.created).toBe(true); // the same person placed again later is a new record
    expect(r.correction).toBe('DEBTORS_PURGED');
  });

  it('property: a correction mask never shows the whole value and is deterministic', () => {
    fc.assert(fc.property(fc.constantFrom(...CORRECTABLE_FIELDS), fc.stringMatching(/^1[3-9]\d{9}$/), (field, v) => {
      const value = field === 'phone' ? v : field === 'email' ? `u${v}@example.cn` : field === 'address' ? `浙江省金华市婺城区${v}号` : `张${v.slice(0, 3)}`;
      const n = normaliseCorrection(field, value);
      const m = maskCorrection(field, n);
      expect(m).toBe(maskCorrection(field, n));
      expect(m).not.toBe(n);
      if (field !== 'name' && field !== 'employer') expect(m).not.toContain(v);
    }), { numRuns: 200 });
  });
});
