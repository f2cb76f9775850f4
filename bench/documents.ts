// Benchmark: time per document (DOCX and PDF) per kind for the sample case, and throughput for N demand letters
// (fill → layout → render). Run: npx tsx bench/documents.ts [N=50]
import { readFileSync } from 'node:fs';
import { DocumentKind, renderDocument, fillDocument, layoutDocument } from '../src/modules/documents/index.js';

const N = Number(process.argv[2] ?? 50);
const sample = JSON.parse(readFileSync(new URL('../test/fixtures/documents/sample-case.json', import.meta.url), 'utf8'));

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  // warm-up: loads the 10 MB CJK fonts once and JITs the code paths
  let t = process.hrtime.bigint();
  await renderDocument('demand_letter', sample, { format: 'pdf' });
  await renderDocument('demand_letter', sample, { format: 'docx' });
  console.log(`warm-up (font load + first render): ${ms(t).toFixed(0)} ms`);

  console.log('\nkind                              docx ms   pdf ms   docx KB   pdf KB');
  for (const kind of DocumentKind.options) {
    const reps = 3;
    let docxMs = 0;
    let pdfMs = 0;
    let docxKb = 0;
    let pdfKb = 0;
    for (let i = 0; i < reps; i++) {
      t = process.hrtime.bigint();
      const d = await renderDocument(kind, sample, { format: 'docx' });
      docxMs += ms(t);
      docxKb = d.bytes.length / 1024;
      t = process.hrtime.bigint();
      const p = await renderDocument(kind, sample, { format: 'pdf' });
      pdfMs += ms(t);
      pdfKb = p.bytes.length / 1024;
    }
    console.log(`${kind.padEnd(32)} ${(docxMs / reps).toFixed(1).padStart(8)} ${(pdfMs / reps).toFixed(1).padStart(8)} ${docxKb.toFixed(1).padStart(9)} ${pdfKb.toFixed(1).padStart(8)}`);
  }

  t = process.hrtime.bigint();
  for (let i = 0; i < N * 20; i++) layoutDocument(fillDocument('demand_letter', { ...sample, asOf: `2025-0${1 + (i % 9)}-15` }));
  const fillMs = ms(t);
  console.log(`\nfill+layout only: ${N * 20} demand letters in ${fillMs.toFixed(0)} ms → ${((N * 20) / (fillMs / 1000)).toFixed(0)}/s`);

  for (const format of ['docx', 'pdf'] as const) {
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await renderDocument('demand_letter', { ...sample, asOf: `2025-0${1 + (i % 9)}-15` }, { format });
    const total = ms(t);
    console.log(`${N} demand letters (${format}): ${total.toFixed(0)} ms → ${(N / (total / 1000)).toFixed(1)}/s, ${(total / N).toFixed(1)} ms each`);
  }
}

await main();
