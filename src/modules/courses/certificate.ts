// The completion certificate as a Chinese/English PDF, rendered by the documents module's pdfkit renderer with its
// embedded CJK font. It states what was learned; it is not a credit document and says so (CRS-01).
import { renderPdf, type LaidBlock, type LaidDocument } from '../documents/index.js';
import type { certificateFacts } from './enrolments.js';

type Facts = Awaited<ReturnType<typeof certificateFacts>>;

/** The certificate's blocks (exported for tests: what the PDF says, in order). */
export function certificateLayout(f: Facts): LaidDocument {
  const day = f.completedAt.slice(0, 10);
  const b: LaidBlock[] = [
    { kind: 'title', text: '结业证书' },
    { kind: 'subtitle', text: 'Certificate of completion' },
    { kind: 'para', indent: true, text: `${f.name}（案件编号 ${f.caseRef}）于 ${day} 完成课程《${f.course.title.zh}》（第 ${f.course.version} 版，约 ${f.minutes} 分钟）的全部课时与测验。` },
    { kind: 'para', indent: true, text: `${f.name} (case ${f.caseRef}) completed every lesson and quiz of the course “${f.course.title.en}” (version ${f.course.version}, about ${f.minutes} minutes) on ${day}.` },
    { kind: 'table', header: ['单元 Module', '课时 Lessons'], rows: f.course.modules.map((m) => [`${m.title.zh} ${m.title.en}`, String(m.lessons.length)]) },
    { kind: 'para', indent: false, text: '本证书仅证明学习经历，不是信用证明，不影响任何信用记录或评分。' },
    { kind: 'para', indent: false, text: 'This certificate records learning only. It is not a credit document and changes no credit record or score.' },
    { kind: 'right', text: `证书编号 Certificate no. ${f.number}` },
  ];
  return { kind: 'demand_letter' as LaidDocument['kind'], title: `结业证书 ${f.course.title.zh}`, templateVersion: 0, blocks: b };
}

export async function certificatePdf(f: Facts): Promise<Uint8Array> {
  return renderPdf(certificateLayout(f));
}
