// PII detector benchmark: scan throughput (MB/s of UTF-8) on generated mixed Chinese text, and precision/recall
// per type on the labelled corpus. Run: `npx tsx bench/pii.ts [sizeMB] [seed]`. Prints markdown tables.
import { generateCorpus, scoreFindings, type Corpus } from '../src/platform/pii/corpus.js';
import { generateFreeform } from '../src/platform/pii/corpus-freeform.js';
import { handCorpus } from '../src/platform/pii/corpus-hand.js';
import { blindIndex, deriveSubkey, encryptField, decryptField, parseKeyRing, generateKeyBase64 } from '../src/platform/pii/crypto.js';
import { detect } from '../src/platform/pii/detect.js';
import { maskText } from '../src/platform/pii/mask.js';
import { PII_TYPES } from '../src/platform/pii/types.js';
import { loadavg } from 'node:os';

const sizeMb = Number(process.argv[2] ?? 2);
const seed = Number(process.argv[3] ?? 2026);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ~2 bytes per char in this corpus (CJK is 3 bytes in UTF-8, digits/ASCII 1)
const corpus = generateCorpus(seed, Math.round((sizeMb * 1e6) / 2));
const bytes = Buffer.byteLength(corpus.text, 'utf8');

/** Median wall time and median CPU time (user+system, less sensitive to other load on a shared machine), ms. */
function measure(fn: () => unknown, runs = 5): { wall: number; cpu: number } {
  fn();
  fn(); // warm-up (regex tier-up, JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const time = (fn: () => unknown, runs = 5) => measure(fn, runs).wall;

// sparse text: ordinary collection notes with few identifiers (one PII-dense sentence in ~20)
const sparseSrc = generateCorpus(seed + 1, 100_000).text.split(/(?<=[。.])/);
const sparseParts: string[] = [];
for (let i = 0, n = 0; n < corpus.text.length; i++) {
  const s = i % 20 === 0 ? sparseSrc[i % sparseSrc.length] : '经多次电话沟通，债务人表示近期资金紧张，承诺下月还款。本次通话已全程录音。';
  sparseParts.push(s);
  n += s.length;
}
const sparse = sparseParts.join('');
const sparseBytes = Buffer.byteLength(sparse, 'utf8');
const sparseM = measure(() => detect(sparse));
const sparseMs = sparseM.wall;

// Same-run baseline: a plain regex pass over the same text (shapes only: 18-digit IDs, 11-digit mobiles, 16-19 digit
// cards, e-mails; no check digits, no context, no names or addresses): the floor any detector pays to read the text.
const PLAIN = /\d{17}[\dXx]|1[3-9]\d{9}|\d{16,19}|[\w.+-]+@[\w-]+\.[\w.]+/g;
let plainHits = 0;
const plainM = measure(() => {
  plainHits = 0;
  for (const _ of corpus.text.matchAll(PLAIN)) plainHits++;
});
const plainSparseM = measure(() => {
  for (const _ of sparse.matchAll(PLAIN)) plainHits++;
});
let findings = detect(corpus.text);
const detectM = measure(() => (findings = detect(corpus.text)));
const detectMs = detectM.wall;
const maskMs = time(() => maskText(corpus.text), 3);

const ring = parseKeyRing(`k1:${generateKeyBase64()}`);
const bik = deriveSubkey(ring, 'k1', 'blind-index:v1');
const N = 20_000;
const encMs = time(() => {
  for (let i = 0; i < N; i++) encryptField(ring, '11010519491231002X', 'ctx');
}, 3);
const env = encryptField(ring, '11010519491231002X', 'ctx');
const decMs = time(() => {
  for (let i = 0; i < N; i++) decryptField(ring, env, 'ctx');
}, 3);
const biMs = time(() => {
  for (let i = 0; i < N; i++) blindIndex(bik, 'mobile', '+86 138 1234 5678', 'ten_x');
}, 3);

const out: string[] = [];
out.push(`## PII detector benchmark (seed ${seed}, ${(bytes / 1e6).toFixed(2)} MB UTF-8, ${corpus.text.length} chars, ${corpus.labels.length} labels; Node ${process.version}; load avg ${loadavg()[0].toFixed(1)})`);
out.push('');
out.push('| operation | median time | throughput |');
out.push('|---|---:|---:|');
out.push(`| baseline: plain regex pass (4 shapes, no validation), dense corpus | ${plainM.wall.toFixed(1)} ms | ${(bytes / 1e6 / (plainM.wall / 1000)).toFixed(1)} MB/s (CPU time: ${(bytes / 1e6 / (plainM.cpu / 1000)).toFixed(1)} MB/s) |`);
out.push(`| detect (all types, one pass), dense corpus | ${detectMs.toFixed(1)} ms | ${(bytes / 1e6 / (detectMs / 1000)).toFixed(1)} MB/s (CPU time: ${(bytes / 1e6 / (detectM.cpu / 1000)).toFixed(1)} MB/s) |`);
out.push(`| baseline: plain regex pass, sparse text | ${plainSparseM.wall.toFixed(1)} ms | ${(sparseBytes / 1e6 / (plainSparseM.wall / 1000)).toFixed(1)} MB/s (CPU time: ${(sparseBytes / 1e6 / (plainSparseM.cpu / 1000)).toFixed(1)} MB/s) |`);
out.push(`| detect, sparse text (${(sparseBytes / 1e6).toFixed(2)} MB) | ${sparseMs.toFixed(1)} ms | ${(sparseBytes / 1e6 / (sparseMs / 1000)).toFixed(1)} MB/s (CPU time: ${(sparseBytes / 1e6 / (sparseM.cpu / 1000)).toFixed(1)} MB/s) |`);
out.push(`| maskText (detect + mask) | ${maskMs.toFixed(1)} ms | ${(bytes / 1e6 / (maskMs / 1000)).toFixed(1)} MB/s |`);
out.push(`| encryptField (envelope, 18-char value) | ${(encMs / N * 1000).toFixed(1)} µs/op | ${Math.round(N / (encMs / 1000)).toLocaleString('en')} ops/s |`);
out.push(`| decryptField | ${(decMs / N * 1000).toFixed(1)} µs/op | ${Math.round(N / (decMs / 1000)).toLocaleString('en')} ops/s |`);
out.push(`| blindIndex (normalise + HMAC-SHA-256) | ${(biMs / N * 1000).toFixed(1)} µs/op | ${Math.round(N / (biMs / 1000)).toLocaleString('en')} ops/s |`);
out.push('');
out.push(`Ratio: full detection (9 types, check digits, context, names, addresses) takes ${(detectM.wall / plainM.wall).toFixed(1)}× the time of the plain regex pass over the same ${(bytes / 1e6).toFixed(2)} MB (CPU time ratio ${(detectM.cpu / plainM.cpu).toFixed(1)}×).`);
out.push('');
out.push('| type | labels | found | TP | FP | FN | precision | recall |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const s of scoreFindings(findings, corpus.labels, PII_TYPES)) {
  out.push(`| ${s.type} | ${s.labels} | ${s.found} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.precision.toFixed(4)} | ${s.recall.toFixed(4)} |`);
}
out.push('');
out.push('Match rule: same type and span IoU ≥ 0.5. Corpus: src/platform/pii/corpus.ts (synthetic; decoys not re-rolled).');
for (const [label, c] of [
  ['free-form, tune split (seen while tuning)', generateFreeform('tune', seed, 200_000)],
  ['free-form, HELD-OUT split (names, surnames, cities, streets unseen while tuning)', generateFreeform('heldout', seed, 200_000)],
  ['hand-written lines (src/platform/pii/corpus-hand.ts)', handCorpus()],
] as Array<[string, Corpus]>) {
  const sc = scoreFindings(detect(c.text), c.labels, PII_TYPES).filter((x) => x.labels > 0 || x.found > 0);
  const tp = sc.reduce((a, x) => a + x.tp, 0);
  const fp = sc.reduce((a, x) => a + x.fp, 0);
  const fn = sc.reduce((a, x) => a + x.fn, 0);
  const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  out.push('');
  out.push(`### ${label}: ${c.labels.length} labels, overall P ${(tp / (tp + fp)).toFixed(4)} R ${(tp / (tp + fn)).toFixed(4)} F1 ${f1(tp / (tp + fp), tp / (tp + fn)).toFixed(4)}`);
  out.push('');
  out.push('| type | labels | found | FP | FN | precision | recall | F1 |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of sc) out.push(`| ${x.type} | ${x.labels} | ${x.found} | ${x.fp} | ${x.fn} | ${x.precision.toFixed(4)} | ${x.recall.toFixed(4)} | ${f1(x.precision, x.recall).toFixed(4)} |`);
}
process.stdout.write(out.join('\n') + '\n');
