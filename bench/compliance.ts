// Compliance benchmark: pure gate decisions/s by history size, content-screen throughput against a plain keyword
// regex baseline, corpus precision/recall, and recorded gate decisions/s on the embedded database.
// Run: `npx tsx bench/compliance.ts`. Prints a markdown section.
import { openFreshTestDb, createTestTenant } from '../src/platform/db/testing.js';
import { withTenant } from '../src/platform/db/index.js';
import { newId } from '../src/platform/ids.js';
import { checkContact, checkContactForCase, CN_2026_1, screenContent, type ContactHistoryEntry } from '../src/modules/compliance/index.js';
import { CLEAN_CORPUS, VIOLATING_CORPUS } from '../src/modules/compliance/content-corpus.js';
import { localIso, makeAttempt } from '../src/modules/compliance/testing.js';

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const out: string[] = ['### Compliance (bench/compliance.ts)', '', '| what | figure | note |', '|---|---|---|'];
const row = (what: string, fig: string, note = '') => out.push(`| ${what} | ${fig} | ${note} |`);

function rate(fn: () => void, minMs = 700): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

// Pure gate by history size (history spread over the previous 8 days, all channels).
for (const size of [0, 50, 200]) {
  const chans = ['voice_agent', 'sms', 'voice_automated', 'email'] as const;
  const history: ContactHistoryEntry[] = Array.from({ length: size }, (_, i) => ({
    at: new Date(Date.parse(localIso('09:00')) - (i + 1) * (8 * 86_400_000) / (size + 1)).toISOString(),
    channel: chans[i % 4], outcome: i % 3 ? 'unanswered' : 'answered', target: 'debtor', contactPointId: 'cp_1',
  }));
  const attempt = makeAttempt({ at: localIso('15:00') });
  row(`checkContact, ${size} history entries`, `${fmt(rate(() => checkContact(attempt, { rules: CN_2026_1, history })))} /s`, 'pure, one core; same instant repeated, so the Intl memo caches are warm');
}
const textAttempt = makeAttempt({ channel: 'sms', at: localIso('15:00'), text: CLEAN_CORPUS[0] });
row('checkContact with a 40-char SMS text', `${fmt(rate(() => checkContact(textAttempt, { rules: CN_2026_1, history: [] })))} /s`, 'includes content screen + dedupe hash');

// Screen throughput vs a naive keyword regex (no normalisation, no evasion handling).
const all = [...CLEAN_CORPUS, ...VIOLATING_CORPUS.map((v) => v.text)];
const chars = all.reduce((s, t) => s + t.length, 0);
const naive = /法院|公安|警察|黑名单|坐牢|老赖|骗子|个人账户|张贴|时效/;
const screenRate = rate(() => { for (const t of all) screenContent(t); });
const naiveRate = rate(() => { for (const t of all) naive.test(t); });
row('screenContent', `${fmt(screenRate * all.length)} msgs/s (${fmt((screenRate * chars) / 1000)} k chars/s)`, `corpus of ${all.length} msgs, ${chars} chars`);
row('baseline: one keyword regex', `${fmt(naiveRate * all.length)} msgs/s`, 'no normalisation');

// Quality on the labelled corpus, with the naive regex for comparison.
let tp = 0, fp = 0, fn = 0, ntp = 0, nfp = 0, nfn = 0;
for (const t of CLEAN_CORPUS) { if (!screenContent(t).clean) fp++; if (naive.test(t)) nfp++; }
for (const v of VIOLATING_CORPUS) {
  if (screenContent(v.text).hits.some((h) => h.ruleId === v.rule)) tp++; else fn++;
  if (naive.test(v.text)) ntp++; else nfn++;
}
row('screen precision / recall', `${(tp / (tp + fp)).toFixed(3)} / ${(tp / (tp + fn)).toFixed(3)}`, `${CLEAN_CORPUS.length} clean, ${VIOLATING_CORPUS.length} violating (own corpus; recall counts the expected rule)`);
row('baseline precision / recall', `${(ntp / (ntp + nfp)).toFixed(3)} / ${(ntp / (ntp + nfn)).toFixed(3)}`, 'keyword regex on the same corpus');

// Recorded decisions on PGlite: load history + holds + suppressions + consents + holidays, decide, insert.
const db = await openFreshTestDb();
const t = await createTestTenant(db);
const N = 300;
const debtors = Array.from({ length: 30 }, () => newId('dbt'));
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  await withTenant(db, t.id, (tx) => checkContactForCase(tx, { debtorId: debtors[i % 30], caseId: `case_${i % 7}`, attempt: { ...makeAttempt(), at: new Date(Date.parse(localIso('09:00')) + i * 60_000).toISOString() } }));
}
const secs = (performance.now() - t0) / 1000;
row('checkContactForCase (PGlite, one tx each)', `${fmt(N / secs)} /s`, `${N} decisions over 30 debtors, each logged`);
await db.close();
console.log(out.join('\n'));
