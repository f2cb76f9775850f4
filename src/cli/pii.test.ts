import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { registerPiiCommands, scanFile } from './pii.js';

const FIX = path.resolve('test/fixtures/pii');
const tmp = mkdtempSync(path.join(tmpdir(), 'pii-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const p = new Command();
  p.exitOverride();
  registerPiiCommands(p);
  const chunks: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
  try {
    await p.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = orig;
  }
  return chunks.join('');
}

describe('pii scan', () => {
  it('scans text with line:col locations and never prints values in clear', async () => {
    const r = await scanFile(path.join(FIX, 'sample.txt'));
    expect(r.kind).toBe('text');
    expect(r.summary).toEqual({ name: 2, id_card: 1, mobile: 2, bank_card: 1, email: 1, address: 1, plate: 1 });
    expect(r.findings.find((f) => f.type === 'id_card')).toEqual({ type: 'id_card', location: '2:11', confidence: 0.995, masked: '110***********002X' });
    const out = await run(['pii', 'scan', path.join(FIX, 'sample.txt'), '--json']);
    expect(JSON.parse(out).findings.length).toBe(9);
    expect(out).not.toContain('11010519491231002X');
    expect(out).not.toContain('1234-5678');
    // decoys on the last line (order number, amount, case number) are not reported
    expect(r.findings.some((f) => f.location.startsWith('6:'))).toBe(false);
  });
  it('scans CSV using the header to classify whole cells', async () => {
    const r = await scanFile(path.join(FIX, 'sample.csv'));
    expect(r.kind).toBe('csv');
    const byLoc = Object.fromEntries(r.findings.map((f) => [f.location, f.type]));
    expect(byLoc['row 2, col 3 (手机号)']).toBe('mobile');
    expect(byLoc['row 3, col 2 (身份证号)']).toBe('id_card');
    expect(byLoc['row 3, col 6 (备注)']).toBe('email');
    // the decoy row's order number under 身份证号 and the service number under 手机号 are not personal data
    expect(byLoc['row 4, col 2 (身份证号)']).toBeUndefined();
    expect(byLoc['row 4, col 3 (手机号)']).toBeUndefined();
  });
  it('scans every sheet of an XLSX workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('债务人');
    ws.addRow(['姓名', '手机', '银行卡号', '说明']);
    ws.addRow(['欧阳娜娜', '13912345678', '6222021234567890128', '家住上海市浦东新区世纪大道100号']);
    ws.addRow(['李四', 13812345678, '无', '']);
    wb.addWorksheet('空表');
    const file = path.join(tmp, 'book.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await scanFile(file, { minConfidence: 0.5 });
    expect(r.kind).toBe('xlsx');
    expect(r.findings.map((f) => [f.location, f.type, f.masked])).toEqual([
      ['债务人!A2', 'name', '欧阳**'],
      ['债务人!B2', 'mobile', '139****5678'],
      ['债务人!C2', 'bank_card', '***************0128'],
      ['债务人!D2', 'address', '上海市浦东新区***'],
      ['债务人!A3', 'name', '李*'],
      ['债务人!B3', 'mobile', '138****5678'],
    ]);
  });
  it('reads GBK-encoded CSV (files saved by Chinese Excel)', async () => {
    const gbk = (hex: number[]) => Buffer.from(hex);
    // "姓名,手机\n张三,13812345678\n" with the Chinese in GBK
    const file = path.join(tmp, 'gbk.csv');
    writeFileSync(file, Buffer.concat([gbk([0xd0, 0xd5, 0xc3, 0xfb]), Buffer.from(','), gbk([0xca, 0xd6, 0xbb, 0xfa]), Buffer.from('\n'), gbk([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(',13812345678\n')]));
    const r = await scanFile(file);
    expect(r.findings.map((f) => [f.location, f.type, f.masked])).toEqual([
      ['row 2, col 1 (姓名)', 'name', '张*'],
      ['row 2, col 2 (手机)', 'mobile', '138****5678'],
    ]);
  });
  it('filters by type and masks text for a role', async () => {
    const r = await scanFile(path.join(FIX, 'sample.txt'), { types: ['mobile'] });
    expect(r.findings.every((f) => f.type === 'mobile')).toBe(true);
    const masked = await run(['pii', 'mask', path.join(FIX, 'sample.txt'), '--role', 'collector']);
    expect(masked).toContain('借款人张三'); // collector sees the case debtor's name (PI-22)
    expect(masked).toContain('138****5678');
    expect(masked).not.toContain('11010519491231002X');
  });
});
