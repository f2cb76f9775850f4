// PDF rendering with pdfkit, embedding Noto Sans SC from @expo-google-fonts/noto-sans-sc (offline; pdfkit/fontkit
// embeds only the glyphs used — a subset). A4; title centred bold; two-character first-line indent; left-aligned body (pdfkit justifies only at spaces,
// which would stretch account numbers in CJK text).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { LaidDocument } from './layout.js';

const require = createRequire(import.meta.url);
// pdfkit's own fontkit (the one it would call): a parsed font object is accepted by registerFont (pdfkit ≥ 0.15).
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buf: Uint8Array): unknown };
let fonts: { regular: unknown; bold: unknown } | null = null;

/**
 * The CJK fonts, read (~10 MB each) AND parsed once per process. Passing the TTF bytes to registerFont made pdfkit
 * re-parse both fonts (cmap, glyph tables) for every document; each document still embeds its own glyph subset.
 */
function loadFonts(): { regular: unknown; bold: unknown } {
  if (!fonts) {
    const dir = require.resolve('@expo-google-fonts/noto-sans-sc/package.json').replace(/package\.json$/, '');
    fonts = {
      regular: fontkit.create(readFileSync(`${dir}400Regular/NotoSansSC_400Regular.ttf`)),
      bold: fontkit.create(readFileSync(`${dir}700Bold/NotoSansSC_700Bold.ttf`)),
    };
  }
  return fonts;
}

const CM = 28.3465;
const BODY = 13;

/**
 * Render a laid-out document to PDF bytes. `compress: false` leaves content streams uncompressed (tests).
 * `creationDate` fixes the metadata date (reproducible bytes).
 */
export async function renderPdf(doc: LaidDocument, opts: { compress?: boolean; creationDate?: Date } = {}): Promise<Uint8Array> {
  const f = loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 3.0 * CM, bottom: 2.8 * CM, left: 2.8 * CM, right: 2.6 * CM },
    compress: opts.compress ?? true,
    info: { Title: doc.title, Creator: 'Recourse', Producer: 'Recourse', CreationDate: opts.creationDate ?? new Date(0) },
    autoFirstPage: true,
  });
  pdf.registerFont('body', f.regular as Buffer);
  pdf.registerFont('bold', f.bold as Buffer);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
  const left = pdf.page.margins.left;
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'title':
        pdf.moveDown(0.5).font('bold').fontSize(20).text(b.text, left, undefined, { width, align: 'center', characterSpacing: 4 }).moveDown(0.6);
        break;
      case 'subtitle':
        pdf.font('body').fontSize(14).text(b.text, left, undefined, { width, align: 'center' }).moveDown(0.4);
        break;
      case 'heading':
        pdf.moveDown(0.3).font('bold').fontSize(BODY).text(b.text, left, undefined, { width, lineGap: 4 });
        break;
      case 'para':
        pdf.font('body').fontSize(BODY).text(b.text, left, undefined, { width, align: 'left', indent: b.indent ? 2 * BODY : 0, lineGap: 5 });
        break;
      case 'left':
        pdf.font('body').fontSize(BODY).text(b.text, left, undefined, { width, lineGap: 5 });
        break;
      case 'right':
        pdf.font('body').fontSize(BODY).text(b.text, left, undefined, { width, align: 'right', lineGap: 5 });
        break;
      case 'pagebreak':
        pdf.addPage();
        break;
      case 'table':
        drawTable(pdf, b.header, b.rows, left, width);
        break;
    }
  }
  pdf.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

function drawTable(pdf: PDFKit.PDFDocument, header: string[], rows: string[][], left: number, width: number): void {
  const size = 9.5;
  const pad = 3;
  // Column widths proportional to the longest cell (bounded), so digests and purposes get room.
  const weights = header.map((h, i) => Math.min(40, Math.max(5, h.length + 1, ...rows.map((r) => (r[i] ?? '').length * 0.6))));
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width);
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;
  let y = pdf.y + 4;
  for (const [ri, row] of [header, ...rows].entries()) {
    pdf.font(ri === 0 ? 'bold' : 'body').fontSize(size);
    const heights = row.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i] - 2 * pad }));
    const h = Math.max(...heights) + 2 * pad;
    if (y + h > bottom()) {
      pdf.addPage();
      y = pdf.page.margins.top;
    }
    let x = left;
    for (const [i, c] of row.entries()) {
      pdf.rect(x, y, widths[i], h).lineWidth(0.5).stroke();
      pdf.text(c, x + pad, y + pad, { width: widths[i] - 2 * pad, lineBreak: true });
      x += widths[i];
    }
    y += h;
  }
  pdf.x = left;
  pdf.y = y + 6;
}
