// DOCX rendering with the `docx` package: A4, conventional Chinese legal layout — title centred in 宋体 bold
// (二号 22 pt), body in 仿宋 (四号 14 pt) with a two-character first-line indent, tables with borders.
// Word has no per-run font fallback list; East Asian text names 仿宋/宋体/黑体 (present on Chinese Windows/WPS;
// Word substitutes SimSun/Noto when missing) and Latin text Times New Roman.
import { AlignmentType, BorderStyle, Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { LaidDocument } from './layout.js';

const BODY_PT = 14;
const FONTS = {
  body: { eastAsia: '仿宋', ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' },
  title: { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' },
  heading: { eastAsia: '黑体', ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' },
};
const CM = 567; // twips per cm

function run(text: string, font: keyof typeof FONTS, pt: number, bold = false): TextRun {
  return new TextRun({ text, font: FONTS[font], size: pt * 2, bold });
}

const line = { line: 360 }; // 1.5 lines

/** Render a laid-out document to a DOCX file (bytes). */
export async function renderDocx(doc: LaidDocument): Promise<Uint8Array> {
  const children: Array<Paragraph | Table> = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'title':
        children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [run(b.text, 'title', 22, true)] }));
        break;
      case 'subtitle':
        children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(b.text, 'title', 16)] }));
        break;
      case 'heading':
        children.push(new Paragraph({ spacing: { before: 120, ...line }, children: [run(b.text, 'heading', BODY_PT)] }));
        break;
      case 'para':
        children.push(new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: line,
          indent: b.indent ? { firstLine: 2 * BODY_PT * 20, firstLineChars: 200 } : undefined,
          children: [run(b.text, 'body', BODY_PT)],
        }));
        break;
      case 'left':
        children.push(new Paragraph({ spacing: line, children: [run(b.text, 'body', BODY_PT)] }));
        break;
      case 'right':
        children.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: line, children: [run(b.text, 'body', BODY_PT)] }));
        break;
      case 'pagebreak':
        children.push(new Paragraph({ children: [new PageBreak()] }));
        break;
      case 'table': {
        const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
        const borders = { top: border, bottom: border, left: border, right: border };
        const mk = (cells: string[], header: boolean) =>
          new TableRow({
            tableHeader: header,
            children: cells.map((c) => new TableCell({ borders, children: [new Paragraph({ children: [run(c, header ? 'heading' : 'body', 10.5)] })] })),
          });
        children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [mk(b.header, true), ...b.rows.map((r) => mk(r, false))] }));
        children.push(new Paragraph({ children: [] }));
        break;
      }
    }
  }
  const document = new Document({
    creator: 'Recourse',
    title: doc.title,
    description: `${doc.kind} v${doc.templateVersion}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twips
            margin: { top: Math.round(3.7 * CM), bottom: Math.round(3.5 * CM), left: Math.round(2.8 * CM), right: Math.round(2.6 * CM) },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
