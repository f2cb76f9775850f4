// Benchmark: time per document (DOCX and PDF) per kind for the sample case, throughput for N demand letters
// (fill → layout → render, the baseline), and the stored batch (documents.batch job body: case data read from the
// database, render, write-once store with SHA-256/SM3, evidence leaf, one transaction per case) over BENCH_DOCS
// demo cases (default 100; the 10,000 is BENCH_DOCS=10000). Run: npx tsx bench/documents.ts [N=50]
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DocumentKind, renderDocument, fillDocument, layoutDocument } from '../src/modules/documents/index.js';
import { createBatch, runBatch } from '../src/modules/documents/batches.js';
import { caseDataFor } from '../src/modules/documents/case-source.js';
import { loadConfig } from '../src/platform/config.js';
import { loadSecrets } from '../src/platform/secrets.js';
import { withPlatform, withTenant } from '../src/platform/db/index.js';
import { createRecourse } from '../src/app.js';
import { debtorKeysFromSecrets } from '../src/modules/debtors/index.js';
import { searchCases } from '../src/modules/cases/index.js';
import { findTenant } from '../src/modules/tenants/index.js';

const N = Number(process.argv[2] ?? process.env.BENCH_LETTERS ?? 50);
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
  await batchBench();
}

async function batchBench(): Promise<void> {
  const M = Number(process.env.BENCH_DOCS ?? 100);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recourse-bench-docs-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', WORKERS: 'false', PORT: '0', DATABASE_URL: '', DATA_DIR: dataDir, DEMO_CASES: String(M) });
  let t = process.hrtime.bigint();
  const r = await createRecourse(config, pino({ level: 'silent' }));
  console.log(`\nstored batch: embedded PGlite, demo tenant seeded with ${M} cases in ${ms(t).toFixed(0)} ms`);
  try {
    const keys = debtorKeysFromSecrets(loadSecrets(config));
    const tenant = (await withPlatform(r.db, (tx) => findTenant(tx, 'demo')))!;
    const PAY = { payAccountName: '示例债权人托管账户', payBank: '中国工商银行金华分行', payAccountNo: '1208000000000000001', debtorAddress: '浙江省金华市婺城区示例路1号' };
    // Baseline in the same run: the same cases' data read and rendered, nothing stored.
    const ids = await withTenant(r.db, tenant.id, async (tx) => (await searchCases(tx, keys, { sort: 'ref', order: 'asc', limit: M })).items.map((i) => i.id));
    for (const format of ['pdf', 'docx'] as const) {
      t = process.hrtime.bigint();
      for (const id of ids) {
        const cd = await withTenant(r.db, tenant.id, (tx) => caseDataFor(tx, keys, id, { publicUrl: config.publicUrl }));
        await renderDocument('demand_letter', cd, { format, overrides: PAY });
      }
      const bare = ms(t);
      t = process.hrtime.bigint();
      const b = await withTenant(r.db, tenant.id, (tx) => createBatch(tx, keys, { kind: 'demand_letter', format, caseIds: ids, overrides: PAY, actor: 'system' }));
      const s = await runBatch(r.db, keys, tenant.id, b.id, { every: 25, publicUrl: config.publicUrl });
      const stored = ms(t);
      console.log(`${format.toUpperCase()}: ${s.done}/${s.total} demand letters stored (failed ${s.failed.length}) in ${stored.toFixed(0)} ms → ${(s.done / (stored / 1000)).toFixed(2)}/s, ${(stored / Math.max(1, s.done)).toFixed(0)} ms each; `
        + `baseline read+render without storage ${(bare / ids.length).toFixed(0)} ms each → storage/evidence overhead ×${(stored / Math.max(1, s.done) / (bare / ids.length)).toFixed(2)}; `
        + `10,000 at this rate ≈ ${((10_000 * stored) / Math.max(1, s.done) / 60_000).toFixed(0)} min on one worker`);
    }
  } finally {
    await r.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
