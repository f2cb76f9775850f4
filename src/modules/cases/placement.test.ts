import { describe, expect, it, beforeAll } from 'vitest';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, type Database } from '../../platform/db/index.js';
import { importCases, searchCases, suggestMapping, createCreditor } from './index.js';
import { createEntrustedCreditor, testDebtorKeys, syntheticResidentId } from './testing.js';

let db: Database;
const keys = testDebtorKeys();
beforeAll(async () => {
  db = await getTestDb();
});

const HEADERS = ['合同编号', '姓名', '身份证号', '手机号', '本金', '借款日期', '到期日'];
const mapping = suggestMapping(HEADERS);
const row = (i: number, o: Record<string, string> = {}) => ({
  合同编号: `IMP-${i}`, 姓名: `测试债务人${i}`, 身份证号: syntheticResidentId(100 + i), 手机号: '13800001111', 本金: '5000', 借款日期: '2024-05-01', 到期日: '2025-05-01', ...o,
});

describe('importCases on the database', () => {
  it('places valid rows, reports invalid ones, and a re-import of the same file creates nothing new', async () => {
    const t = await createTestTenant(db);
    const file = [row(1), row(2), row(3, { 身份证号: '110105194912310021' }), row(4, { 本金: '-1' }), row(5), row(2)];
    const progress: number[] = [];
    const r = await withTenant(db, t.id, async (tx) => {
      const { creditor } = await createEntrustedCreditor(tx);
      const first = await importCases(tx, keys, file, mapping, { creditorId: creditor.id, chunkSize: 2, onProgress: (p) => progress.push(p.rowsRead) });
      const second = await importCases(tx, keys, file, mapping, { creditorId: creditor.code });
      return { first, second, total: (await searchCases(tx, keys, {})).total };
    });
    expect(r.first).toMatchObject({ rowsRead: 6, placed: 3, skippedExisting: 0 });
    expect(r.first.errors.map((e) => [e.row, e.field, e.code])).toEqual([[4, 'idNumber', 'invalid_id_number'], [5, 'principal', 'negative_amount'], [7, 'contractNumber', 'duplicate_contract']]);
    expect(progress).toEqual([2, 4, 6]);
    expect(r.second).toMatchObject({ placed: 0, skippedExisting: 3 });
    expect(r.total).toBe(3);
  });

  it('refuses a creditor without an entrustment in force and an incomplete mapping', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, async (tx) => {
      const bare = await createCreditor(tx, { code: 'NOENT', name: '无委托' });
      await expect(importCases(tx, keys, [row(1)], mapping, { creditorId: bare.id })).rejects.toMatchObject({ code: 'CASES_ENTRUSTMENT_MISSING' });
      const { creditor } = await createEntrustedCreditor(tx);
      await expect(importCases(tx, keys, [row(1)], { ...mapping, principal: undefined }, { creditorId: creditor.id })).rejects.toMatchObject({ code: 'CASES_IMPORT_MAPPING_INVALID' });
      await expect(importCases(tx, keys, [row(1)], mapping, {})).rejects.toMatchObject({ code: 'CASES_IMPORT_MAPPING_INVALID' });
    });
  });
});
