import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { checkMapping, placementKey, processImport, suggestMapping, validateRow, type ColumnMapping, type ImportContext } from './import.js';
import { readRowsFromFile, readHeaders } from './import-files.js';

const HEADERS = ['合同编号', '姓名', '身份证号', '手机号', '本金', '年利率', '币种', '借款日期', '到期日', '委托方'];
const ctx: ImportContext = { creditors: new Map([['ACME', 'cred_1']]), today: '2026-11-29' };
const good = (n: number): Record<string, string> => ({
  合同编号: `HT-${n}`, 姓名: '张三', 身份证号: '11010519491231002X', 手机号: '13812345678', 本金: '12,000.50', 年利率: '15.4%',
  币种: 'CNY', 借款日期: '2024/1/5', 到期日: '2025-01-05', 委托方: 'ACME',
});
const mapping = suggestMapping(HEADERS);

describe('bulk placement import', () => {
  it('suggests a mapping from Chinese headers and checks it', () => {
    expect(mapping).toMatchObject({ contractNumber: '合同编号', debtorName: '姓名', idNumber: '身份证号', principal: '本金', creditor: '委托方' });
    expect(() => checkMapping(mapping, HEADERS, {})).not.toThrow();
    expect(() => checkMapping({ ...mapping, principal: undefined }, HEADERS, {})).toThrow(/unmapped: principal/);
    expect(() => checkMapping({ ...mapping, fees: '费用' }, HEADERS, {})).toThrow(/columns not in file: fees/);
    const noCred: ColumnMapping = { ...mapping, creditor: undefined };
    expect(() => checkMapping(noCred, HEADERS, {})).toThrow(/creditor/);
    expect(() => checkMapping(noCred, HEADERS, { defaultCreditorId: 'cred_1' })).not.toThrow();
  });

  it('a good row becomes a placement with exact fen and basis points', () => {
    const r = validateRow(good(1), 2, mapping, ctx, new Set());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.placement.debt).toMatchObject({ principalFen: 1_200_050n, contractRateBps: 1540n, originationDate: '2024-01-05', dueDate: '2025-01-05', currency: 'CNY' });
    expect(r.placement.dedupKey).toBe(placementKey('cred_1', 'ht-1'));
  });

  it('reports every problem of a row with row number, field and reason', () => {
    const bad = { ...good(1), 身份证号: '110105194912310021', 借款日期: '2024-02-30', 本金: '-5', 币种: 'XXX', 委托方: 'NOBODY', 到期日: '2023-01-01' };
    const r = validateRow(bad, 7, mapping, ctx, new Set());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const got = r.errors.map((e) => `${e.row}:${e.field}:${e.code}`).sort();
    expect(got).toEqual(['7:creditor:unknown_creditor', '7:currency:unknown_currency', '7:idNumber:invalid_id_number', '7:originationDate:impossible_date', '7:principal:negative_amount'].sort());
  });

  it('due before origination and future dates are impossible dates', () => {
    const r = validateRow({ ...good(1), 到期日: '2023-12-31' }, 2, mapping, ctx, new Set());
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(['dueDate']);
    const f = validateRow({ ...good(1), 借款日期: '2027-01-01', 到期日: '2027-06-01' }, 2, mapping, ctx, new Set());
    expect(!f.ok && f.errors[0]).toMatchObject({ field: 'originationDate', code: 'impossible_date' });
  });

  it('a contract repeated within the file is reported on its second occurrence, across chunks', async () => {
    const rows = [good(1), good(2), good(3), { ...good(1), 姓名: '李四' }];
    const chunks: number[] = [];
    const res = await processImport(rows, mapping, ctx, (c) => void chunks.push(c.placements.length), 2);
    expect(res.valid).toBe(3);
    expect(res.errors).toEqual([{ row: 5, field: 'contractNumber', code: 'duplicate_contract', reason: 'contract HT-1 appears earlier in the file' }]);
    expect(chunks).toEqual([2, 1]);
  });

  it('organisations are recognised by a USCC column', () => {
    const m = { ...mapping, uscc: 'USCC', legalRepresentative: '法人' };
    const r = validateRow({ ...good(1), 身份证号: '', USCC: '91110000802100433B', 法人: '王五' }, 2, m, ctx, new Set());
    expect(r.ok && r.placement.debtor.kind).toBe('organisation');
  });

  it('reads the same rows from CSV (with BOM) and XLSX files, streaming', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cases-import-'));
    const rows = [good(1), good(2), { ...good(3), 本金: 'abc' }];
    const csv = '\uFEFF' + [HEADERS.join(','), ...rows.map((r) => HEADERS.map((h) => `"${r[h]}"`).join(','))].join('\n') + '\n\n';
    writeFileSync(join(dir, 'a.csv'), csv);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(HEADERS);
    for (const r of rows) ws.addRow(HEADERS.map((h) => (h === '借款日期' ? new Date(Date.UTC(2024, 0, 5)) : r[h])));
    await wb.xlsx.writeFile(join(dir, 'a.xlsx'));
    for (const f of ['a.csv', 'a.xlsx']) {
      expect(await readHeaders(join(dir, f))).toEqual(HEADERS);
      const res = await processImport(readRowsFromFile(join(dir, f)), mapping, ctx, () => {}, 100);
      expect(res).toMatchObject({ rowsRead: 3, valid: 2 });
      expect(res.errors).toEqual([{ row: 4, field: 'principal', code: 'invalid_amount', reason: 'not an amount: abc' }]);
    }
    expect(() => readRowsFromFile(join(dir, 'a.txt'))).toThrow(/csv or \.xlsx/);
  });
  it('pipelines chunks: the next chunk is validated while one is written, writes never overlap and keep file order', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => good(i));
    let active = 0;
    let maxActive = 0;
    let readAhead = 0;
    const seenRows: number[] = [];
    let rowsAtLastWriteStart = 0;
    const counted = (function* () {
      for (const r of rows) {
        readAhead++;
        yield r;
      }
    })();
    const res = await processImport(counted, mapping, ctx, async (chunk) => {
      active++;
      maxActive = Math.max(maxActive, active);
      rowsAtLastWriteStart = readAhead;
      await new Promise((r) => setTimeout(r, 5));
      // while this write waited, the reader went on into the next chunk
      if (chunk.rowsRead < 1000) expect(readAhead).toBeGreaterThan(rowsAtLastWriteStart);
      seenRows.push(...chunk.placements.map((p) => p.row));
      active--;
    }, 100);
    expect(maxActive).toBe(1);
    expect(res.valid).toBe(1000);
    expect(seenRows).toEqual(rows.map((_, i) => i + 2));
  });

  it('a failed write stops the import with its error and reads little further', async () => {
    let read = 0;
    const many = (function* () {
      for (let i = 0; i < 100_000; i++) {
        read++;
        yield good(i);
      }
    })();
    let calls = 0;
    await expect(processImport(many, mapping, ctx, async () => {
      calls++;
      if (calls === 3) {
        await new Promise((r) => setTimeout(r, 1));
        throw new Error('write failed');
      }
    }, 100)).rejects.toThrow('write failed');
    expect(calls).toBe(3);
    expect(read).toBeLessThan(600);
  });
});
