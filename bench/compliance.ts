// Compliance benchmark: pure gate decisions/s by history size, content-screen throughput against a plain keyword
// regex baseline, corpus precision/recall, and recorded gate decisions/s on the embedded database.
// Run: `npx tsx bench/compliance.ts`. Prints a markdown section.
import { openFreshTestDb, createTestTenant } from '../src/platform/db/testing.js';
import { withTenant } from '../src/platform/db/index.js';
import { newId } from '../src/platform/ids.js';
import { sql } from '../src/platform/db/index.js';
import { checkContact, checkContactForCase, CN_2026_1, planCampaign, screenContent, type ContactHistoryEntry } from '../src/modules/compliance/index.js';
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

// Single-check latency p50/p99: the pure gate (20 history entries) and a logged decision on PGlite (load context,
// decide, insert), each call timed on its own.
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => `${x.toFixed(3)} ms`;
{
  const hist: ContactHistoryEntry[] = Array.from({ length: 20 }, (_, i) => ({ at: new Date(Date.parse(localIso('09:00')) - (i + 1) * 7 * 3_600_000).toISOString(), channel: 'voice_agent', outcome: 'unanswered', target: 'debtor', contactPointId: 'cp_1' }));
  const a = makeAttempt({ at: localIso('15:00') });
  const lat: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const s0 = performance.now();
    checkContact(a, { rules: CN_2026_1, history: hist });
    lat.push(performance.now() - s0);
  }
  row('single check p50 / p99, in-process pure gate', `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))}`, '5,000 calls, 20 history entries');
  const dl: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s0 = performance.now();
    await withTenant(db, t.id, (tx) => checkContactForCase(tx, { debtorId: debtors[i % 30], attempt: { ...makeAttempt(), at: new Date(Date.parse(localIso('20:00')) + i * 1000).toISOString() } }));
    dl.push(performance.now() - s0);
  }
  row('single check p50 / p99, in-process with the database (PGlite)', `${ms(pct(dl, 50))} / ${ms(pct(dl, 99))}`, '200 logged decisions: context load + gate + insert, one tx each');
}

// Campaign planning over BENCH_CASES cases with a realistic history (0-6 prior contacts per debtor over 8 days, 20 % of
// debtors with two cases), against the bare history query of the same debtors in the same run.
{
  const cases = Number(process.env.BENCH_CASES ?? 1_000_000);
  const pdb = await openFreshTestDb();
  const pt = await createTestTenant(pdb);
  const debtorsN = Math.ceil(cases / 1.2);
  const day = '2026-03-10';
  const from = localIso('00:00', day);
  const s0 = performance.now();
  await withTenant(pdb, pt.id, (tx) => tx.execute(sql`INSERT INTO compliance.contact_attempts (tenant_id, id, debtor_id, case_id, channel, target_kind, contact_point_id, attempted_at, decision, rule_set_id, outcome)
    SELECT current_setting('app.tenant_id', true), 'cat_b' || d || '_' || k, 'dbt_b' || d, 'case_b' || d, (ARRAY['voice_agent','sms','voice_automated','email'])[1 + (d + k) % 4], 'debtor', 'cp_' || d,
           ${from}::timestamptz - ((1 + (d * 7 + k * 13) % 190) || ' hours')::interval, 'allow', 'CN-2026.1', (ARRAY['answered','unanswered','delivered'])[1 + (d + k) % 3]
      FROM generate_series(1, ${debtorsN}) AS d, generate_series(1, 6) AS k WHERE k <= (d % 7)`));
  const loadSecs = (performance.now() - s0) / 1000;
  const since = new Date(Date.parse(from) - 9 * 86_400_000).toISOString();
  const q0 = performance.now();
  const hist = await withTenant(pdb, pt.id, (tx) => tx.execute(sql`SELECT debtor_id, attempted_at, channel, outcome, contact_point_id FROM compliance.contact_attempts
    WHERE decision = 'allow' AND attempted_at > ${since}::timestamptz AND attempted_at <= ${from}::timestamptz ORDER BY debtor_id, attempted_at`));
  const querySecs = (performance.now() - q0) / 1000;
  const rowsH = (hist as unknown as { rows: Array<Record<string, unknown>> }).rows;
  const p0 = performance.now();
  const byDebtor = new Map<string, ContactHistoryEntry[]>();
  for (const h of rowsH) {
    const k = String(h.debtor_id);
    const e = byDebtor.get(k) ?? [];
    e.push({ at: new Date(h.attempted_at as string).toISOString(), channel: h.channel as ContactHistoryEntry['channel'], outcome: h.outcome as ContactHistoryEntry['outcome'], target: 'debtor', contactPointId: String(h.contact_point_id) });
    byDebtor.set(k, e);
  }
  const planCases = Array.from({ length: cases }, (_, i) => {
    const d = (i % debtorsN) + 1;
    return { caseId: `case_b${i}`, debtorId: `dbt_b${d}`, debtorTimeZone: 'Asia/Shanghai', contactPointId: `cp_${d}`, history: byDebtor.get(`dbt_b${d}`) ?? [] };
  });
  const plan = planCampaign({ rules: CN_2026_1, channel: 'sms', templateId: 'first_notice_sms', templateApproved: true, from, to: localIso('23:59', day), capacityPerSlot: Math.ceil(cases / 40), cases: planCases });
  const planSecs = (performance.now() - p0) / 1000;
  row(`campaign plan, ${fmt(cases)} cases (${fmt(rowsH.length)} history rows)`, `${fmt(cases / (querySecs + planSecs))} decisions/s end to end`,
    `bare history query ${querySecs.toFixed(2)} s, planner ${planSecs.toFixed(2)} s → plan/query ${(planSecs / querySecs).toFixed(1)}×; ${fmt(plan.planned.length)} planned, ${fmt(plan.skipped.length)} skipped; PGlite; history load ${loadSecs.toFixed(1)} s (not counted)`);
  await pdb.close();
}
await db.close();
console.log(out.join('\n'));
