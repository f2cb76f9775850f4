// Creditor escrow statements as files: PDF (pdfkit with Noto Sans SC, embedded as a subset) and XLSX (exceljs). Both
// carry the opening and closing balances, every movement with its running balance and, for fee lines, the fee basis
// (agreement, tier, bands, cap/minimum, charged before) so the creditor can check every fen.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import ExcelJS from 'exceljs';
import { formatYuan } from '../../platform/money.js';
import type { CreditorStatement } from './statements.js';

const require = createRequire(import.meta.url);
let font: Buffer | null = null;
function cjkFont(): Buffer {
  if (!font) {
    const dir = require.resolve('@expo-google-fonts/noto-sans-sc/package.json').replace(/package\.json$/, '');
    font = readFileSync(`${dir}400Regular/NotoSansSC_400Regular.ttf`);
  }
  return font;
}

export const CODE_LABELS: Record<string, string> = {
  payment_received: '回款入托管 Receipt', suspense_matched: '挂账认领 Suspense matched', fee_charged: '服务费 Fee', fee_refunded: '服务费退回 Fee refunded',
  disbursement: '划付委托方 Disbursement', refund: '退款 Refund', reversal: '冲正 Reversal',
};

export async function statementPdf(s: CreditorStatement, creditorName: string): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `托管账户对账单 ${s.creditorId}`, Creator: 'Recourse', CreationDate: new Date(0) } });
  pdf.registerFont('cjk', cjkFont());
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  pdf.font('cjk').fontSize(16).text('托管账户对账单 Escrow statement', { align: 'center' }).moveDown(0.3);
  pdf.fontSize(10).text(`委托方 Creditor: ${creditorName} (${s.creditorId})`);
  pdf.text(`期间 Period: ${s.from} – ${s.to}`);
  pdf.text(`期初余额 Opening: ¥${formatYuan(s.openingFen)}    期末余额 Closing: ¥${formatYuan(s.closingFen)}`).moveDown(0.5);
  const cols = [40, 150, 290, 380, 470];
  const header = ['记账时间 Booked', '类型 Type', '金额 Amount', '余额 Balance', '案件 Case'];
  let y = pdf.y;
  pdf.fontSize(8);
  header.forEach((h, i) => pdf.text(h, cols[i]!, y, { width: (cols[i + 1] ?? 560) - cols[i]! - 4 }));
  y += 14;
  for (const l of s.lines) {
    if (y > 780) {
      pdf.addPage();
      y = 40;
    }
    const cells = [l.bookedAt.replace('T', ' ').slice(0, 19), CODE_LABELS[l.code] ?? l.code, formatYuan(l.amountFen), formatYuan(l.balanceAfterFen), l.caseId ?? ''];
    cells.forEach((c, i) => pdf.text(c, cols[i]!, y, { width: (cols[i + 1] ?? 560) - cols[i]! - 4, lineBreak: false }));
    y += 12;
    if (l.feeBasis) {
      pdf.fillColor('#555').text(`计费依据 Fee basis: ${l.feeBasis}`, 60, y, { width: 490 });
      pdf.fillColor('black');
      y = pdf.y + 4;
    }
  }
  pdf.moveDown(1).fontSize(9);
  pdf.text('合计 Totals: ' + Object.entries(s.totals).map(([k, v]) => `${CODE_LABELS[k] ?? k} ${formatYuan(v as bigint)}`).join('; '), 40, y + 8, { width: 515 });
  pdf.text('本对账单由托管账本的不可变记账生成；服务费向委托方收取，不向债务人收取（COL-44）。', { width: 515 });
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

export async function statementXlsx(s: CreditorStatement, creditorName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Recourse';
  wb.created = new Date(0);
  const ws = wb.addWorksheet('对账单 Statement');
  ws.addRow(['委托方 Creditor', creditorName, s.creditorId]);
  ws.addRow(['期间 Period', s.from, s.to]);
  ws.addRow(['期初余额 Opening', formatYuan(s.openingFen)]);
  ws.addRow([]);
  const head = ws.addRow(['记账时间 Booked', '类型 Type', '金额 Amount', '余额 Balance', '案件 Case', '参考 Reference', '计费依据 Fee basis', '转账 Transfer']);
  head.font = { bold: true };
  for (const l of s.lines) {
    ws.addRow([l.bookedAt, CODE_LABELS[l.code] ?? l.code, formatYuan(l.amountFen), formatYuan(l.balanceAfterFen), l.caseId ?? '', l.reference ?? '', l.feeBasis ?? '', l.transferId]);
  }
  ws.addRow([]);
  ws.addRow(['期末余额 Closing', formatYuan(s.closingFen)]);
  for (const [k, v] of Object.entries(s.totals)) ws.addRow([`合计 ${CODE_LABELS[k] ?? k}`, formatYuan(v as bigint)]);
  ws.columns.forEach((c, i) => (c.width = [24, 26, 14, 14, 32, 24, 80, 32][i] ?? 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
