// Compliance benchmark: pure gate decisions/s by history size, content-screen throughput against a plain keyword
// regex baseline, corpus precision/recall, recorded gate decisions/s on the embedded database, a single check over
// HTTP against a trivial authenticated GET, and a day's campaign over BENCH_CASES (1,000,000) cases against the bare
// history query.
// Run: `npx tsx bench/compliance.ts`. Prints a markdown section.
import { openFreshTestDb, createTestTenant } from '../src/platform/db/testing.js';
import { withTenant } from '../src/platform/db/index.js';
import { newId } from '../src/platform/ids.js';
import { sql } from '../src/platform/db/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { decideContact, CN_2026_1, loadGateContexts, planCampaign, screenContent, type ContactHistoryEntry, type PlanCase } from '../src/modules/compliance/index.js';
import { logDecisionWithFacts } from '../src/modules/compliance/store.js';
import { newPlanState } from '../src/modules/compliance/campaign-planner.js';
import { createRecourse } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { rows } from '../src/platform/db/index.js';
import { connectDatabase } from '../src/platform/db/connect.js';
import { migrate } from '../src/platform/db/migrate.js';
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
  row(`decideContact, ${size} history entries`, `${fmt(rate(() => decideContact(attempt, { rules: CN_2026_1, history })))} /s`, 'pure, one core; same instant repeated, so the Intl memo caches are warm');
}
const textAttempt = makeAttempt({ channel: 'sms', at: localIso('15:00'), text: CLEAN_CORPUS[0] });
row('decideContact with a 40-char SMS text', `${fmt(rate(() => decideContact(textAttempt, { rules: CN_2026_1, history: [] })))} /s`, 'includes content screen + dedupe hash');

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
  await withTenant(db, t.id, (tx) => logDecisionWithFacts(tx, { debtorId: debtors[i % 30], caseId: `case_${i % 7}`, attempt: { ...makeAttempt(), at: new Date(Date.parse(localIso('09:00')) + i * 60_000).toISOString() } }));
}
const secs = (performance.now() - t0) / 1000;
row('logDecisionWithFacts (PGlite, one tx each)', `${fmt(N / secs)} /s`, `${N} decisions over 30 debtors, each logged`);

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
    decideContact(a, { rules: CN_2026_1, history: hist });
    lat.push(performance.now() - s0);
  }
  row('single check p50 / p99, in-process pure gate', `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))}`, '5,000 calls, 20 history entries');
  const dl: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s0 = performance.now();
    await withTenant(db, t.id, (tx) => logDecisionWithFacts(tx, { debtorId: debtors[i % 30], attempt: { ...makeAttempt(), at: new Date(Date.parse(localIso('20:00')) + i * 1000).toISOString() } }));
    dl.push(performance.now() - s0);
  }
  row('single check p50 / p99, in-process with the database (PGlite)', `${ms(pct(dl, 50))} / ${ms(pct(dl, 99))}`, '200 logged decisions: context load + gate + insert, one tx each');
}


// Single check over HTTP: a real listening server (whole app, PGlite, demo tenant) on loopback, one request at a time
// with fetch (undici) and a signed-in collector; baseline: the trivial authenticated GET /api/v1/auth/me in the same run.
{
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-bench-compliance-'));
  const hdb = await openFreshTestDb();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', WORKERS: 'false', PORT: '0', DATABASE_URL: '', DATA_DIR: dataDir, DEMO_CASES: '60' });
  const app = await createRecourse(config, pino({ level: 'silent' }), { db: hdb });
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'demo', email: 'collector@demo.recourse.test', password: 'Recourse-demo-2026' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const headers = { cookie, 'x-csrf-token': (await login.json()).csrfToken as string, 'content-type': 'application/json' };
  const caseList = (await (await fetch(`${base}/api/v1/cases?pageSize=50`, { headers })).json()).items as Array<{ id: string }>;
  const files = await Promise.all(caseList.slice(0, 40).map(async (c) => (await (await fetch(`${base}/api/v1/cases/${c.id}`, { headers })).json()) as { id: string; debtor: { id: string; timeZone: string } }));
  const timed = async (n: number, fn: (i: number) => Promise<Response>) => {
    const lat: number[] = [];
    for (let i = 0; i < n; i++) {
      const s0 = performance.now();
      const res = await fn(i);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      lat.push(performance.now() - s0);
    }
    return lat;
  };
  const N = Number(process.env.BENCH_HTTP ?? 400);
  const me = () => fetch(`${base}/api/v1/auth/me`, { headers });
  const check = (i: number) => {
    const f = files[i % files.length];
    return fetch(`${base}/api/v1/contacts/check`, { method: 'POST', headers, body: JSON.stringify({
      debtorId: f.debtor.id, caseId: f.id, channel: 'voice_agent', debtorTimeZone: f.debtor.timeZone, target: { kind: 'debtor' },
      at: new Date(Date.parse(localIso('10:00')) + i * 61_000).toISOString() }) });
  };
  const preview = (i: number) => fetch(`${base}/api/v1/cases/${files[i % files.length].id}/contacts/check`, { method: 'POST', headers, body: JSON.stringify({ channel: 'sms', text: '您好，您的账单已逾期，请登录门户查看还款方式。' }) });
  await timed(40, () => me());
  await timed(40, check);
  await timed(20, preview);
  const base0 = await timed(N, () => me());
  const chk = await timed(N, (i) => check(i + 40));
  const pre = await timed(Math.ceil(N / 2), preview);
  const line = (what: string, lat: number[], note: string) => row(what, `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))}`, note);
  line('baseline: GET /api/v1/auth/me p50 / p99 over HTTP', base0, `${N} sequential requests, loopback, session lookup + tenant`);
  line('POST /api/v1/contacts/check p50 / p99 over HTTP', chk, `${N} logged decisions over 40 demo debtors (context load + gate + insert); ${(pct(chk, 50) / pct(base0, 50)).toFixed(1)}× the baseline p50`);
  line('POST /api/v1/cases/:id/contacts/check (composer preview) p50 / p99', pre, `${Math.ceil(N / 2)} requests: case file + rules + screen, not logged; ${(pct(pre, 50) / pct(base0, 50)).toFixed(1)}× the baseline p50`);
  await app.app.close();
  await hdb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// A day's SMS campaign over BENCH_CASES cases (default 1,000,000) with a realistic history: 0–6 prior contacts per
// debtor over the previous 8 days on every channel, 20 % of debtors with two cases, 2 % with a hold, 1 % opted out of
// SMS. Everything is seeded with set-based SQL. Planning reads the segment page by page (10,000 cases), loads each
// page's gate facts in five set-based queries (loadGateContexts, no per-case query) and runs the planner with shared
// slot capacity. Baseline in the same run: the bare history query (one SELECT of the same window, rows to JS).
{
  const cases = Number(process.env.BENCH_CASES ?? 1_000_000);
  const PAGE = 10_000;
  // File-backed PGlite (the history of a million cases is ~1 GB with indexes; memory:// would hold it all in the heap).
  const pdir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-bench-plan-'));
  const pdb = await connectDatabase({ dataDir: pdir });
  await migrate(pdb);
  const pt = await createTestTenant(pdb);
  const debtorsN = Math.ceil(cases / 1.2);
  const day = '2026-03-10';
  const from = localIso('00:00', day);
  const to = localIso('23:59', day);
  const s0 = performance.now();
  // The segment (what the cases module's search would return: case, debtor, zone) as a plain bench table.
  await pdb.exec(`CREATE TABLE public.bench_segment (n int PRIMARY KEY, case_id text NOT NULL, debtor_id text NOT NULL, tz text NOT NULL);
    INSERT INTO public.bench_segment SELECT i, 'case_b' || i, 'dbt_b' || (1 + (i - 1) % ${debtorsN}), 'Asia/Shanghai' FROM generate_series(1, ${cases}) AS i;
    GRANT SELECT ON public.bench_segment TO recourse_app;`);
  // Bulk load without the secondary indexes, then build the one the reads use (faster than maintaining four).
  await pdb.exec('DROP INDEX compliance.contact_attempts_case; DROP INDEX compliance.contact_attempts_debtor_cp; DROP INDEX compliance.contact_attempts_debtor;');
  // Set-based, in chunks of 100,000 debtors per statement.
  for (let lo = 1; lo <= debtorsN; lo += 100_000) {
    const hi = Math.min(debtorsN, lo + 99_999);
    await withTenant(pdb, pt.id, (tx) => tx.execute(sql`INSERT INTO compliance.contact_attempts (tenant_id, id, debtor_id, case_id, channel, target_kind, contact_point_id, attempted_at, decision, rule_set_id, outcome)
      SELECT current_setting('app.tenant_id', true), 'cat_b' || d || '_' || k, 'dbt_b' || d, 'case_b' || d, (ARRAY['voice_agent','sms','voice_automated','email'])[1 + (d + k) % 4], 'debtor', 'cp_' || d,
             ${from}::timestamptz - ((1 + (d * 7 + k * 13) % 190) || ' hours')::interval, 'allow', 'CN-2026.1', (ARRAY['answered','unanswered','delivered'])[1 + (d + k) % 3]
        FROM generate_series(${lo}::int, ${hi}::int) AS d, generate_series(1, 6) AS k WHERE k <= (d % 7)`));
  }
  await withTenant(pdb, pt.id, async (tx) => {
    await tx.execute(sql`INSERT INTO compliance.holds (tenant_id, id, debtor_id, kind, since, created_by)
      SELECT current_setting('app.tenant_id', true), 'hold_b' || d, 'dbt_b' || d, (ARRAY['dispute','complaint','cease_contact'])[1 + d % 3], ${from}::timestamptz - interval '3 days', 'bench'
        FROM generate_series(1, ${debtorsN}) AS d WHERE d % 50 = 7`);
    await tx.execute(sql`INSERT INTO compliance.suppressions (tenant_id, id, debtor_id, channel, rule_id, created_by)
      SELECT current_setting('app.tenant_id', true), 'sup_b' || d, 'dbt_b' || d, 'sms', 'COL-22', 'bench' FROM generate_series(1, ${debtorsN}) AS d WHERE d % 100 = 3`);
  });
  await pdb.exec('CREATE INDEX contact_attempts_debtor ON compliance.contact_attempts (tenant_id, debtor_id, attempted_at); ANALYZE');
  const loadSecs = (performance.now() - s0) / 1000;
  const histRows = Number((await withTenant(pdb, pt.id, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM compliance.contact_attempts`)))[0].n);
  // Baseline: the bare history query of each page's debtors (same pages, same window, rows to JS), nothing else.
  const since = new Date(Date.parse(from) - 9 * 86_400_000).toISOString();
  const q0 = performance.now();
  let bareRows = 0;
  for (let lo = 0; lo < cases; lo += PAGE) {
    bareRows += await withTenant(pdb, pt.id, async (tx) => {
      const ids = (await rows<{ debtor_id: string }>(tx, sql`SELECT debtor_id FROM public.bench_segment WHERE n > ${lo} AND n <= ${lo + PAGE} ORDER BY n`)).map((x) => x.debtor_id);
      return (await rows(tx, sql`SELECT debtor_id, attempted_at, channel, outcome, contact_point_id FROM compliance.contact_attempts
        WHERE debtor_id = ANY(${`{${[...new Set(ids)].join(',')}}`}::text[]) AND decision = 'allow' AND attempted_at > ${since}::timestamptz AND attempted_at <= ${to}::timestamptz
        ORDER BY debtor_id, attempted_at`)).length;
    });
  }
  const querySecs = (performance.now() - q0) / 1000;
  // Rendered per case (amount and reference differ), so no screening result is shared between cases.
  const textOf = (caseId: string) => `【测试调解服务】受某银行委托提醒：您的账户尚有待处理款项${caseId.length * 37 + Number(caseId.slice(6)) % 9973}.00元（编号${caseId.slice(6)}），详情请登录 https://pay.example.cn 查看。回复TD退订`;
  const state = newPlanState();
  let planned = 0;
  let skipped = 0;
  let loadMs = 0;
  let planMs = 0;
  const skipRules = new Map<string, number>();
  const p0 = performance.now();
  for (let lo = 0; lo < cases; lo += PAGE) {
    const l0 = performance.now();
    const page = await withTenant(pdb, pt.id, async (tx) => {
      const seg = await rows<{ case_id: string; debtor_id: string; tz: string }>(tx, sql`SELECT case_id, debtor_id, tz FROM public.bench_segment WHERE n > ${lo} AND n <= ${lo + PAGE} ORDER BY n`);
      const facts = await loadGateContexts(tx, { debtorIds: seg.map((x) => x.debtor_id), at: from, until: to, rules: CN_2026_1 });
      return { seg, facts };
    });
    const l1 = performance.now();
    const planCases: PlanCase[] = page.seg.map((x) => {
      const f = page.facts.byDebtor.get(x.debtor_id)!;
      return { caseId: x.case_id, debtorId: x.debtor_id, debtorTimeZone: x.tz, contactPointId: `cp_${x.debtor_id.slice(6)}`, history: f.history,
        holds: f.holds.filter((h) => h.caseId === null || h.caseId === x.case_id), suppressions: f.suppressions, channelOptOuts: f.channelOptOuts,
        quietHoursConsents: f.quietHoursConsents, holidays: page.facts.holidays, text: textOf(x.case_id) };
    });
    const plan = planCampaign({ rules: CN_2026_1, channel: 'sms', templateId: 'first_notice_sms', templateApproved: true, from, to, capacityPerSlot: Math.ceil(cases / 40), cases: planCases, state });
    planned += plan.planned.length;
    skipped += plan.skipped.length;
    for (const sk of plan.skipped) for (const id of new Set(sk.fired.map((f) => f.ruleId))) skipRules.set(id, (skipRules.get(id) ?? 0) + 1);
    loadMs += l1 - l0;
    planMs += performance.now() - l1;
    if (process.env.BENCH_PROGRESS) process.stderr.write(`\r${lo + PAGE} / ${cases}`);
  }
  const totalSecs = (performance.now() - p0) / 1000;
  const top = [...skipRules].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
  row(`campaign plan, ${fmt(cases)} cases, ${fmt(histRows)} history rows`, `${fmt(cases / totalSecs)} decisions/s end to end (${totalSecs.toFixed(1)} s)`,
    `paged reads (segment + loadGateContexts) ${(loadMs / 1000).toFixed(1)} s, planner ${(planMs / 1000).toFixed(1)} s; ${fmt(planned)} planned, ${fmt(skipped)} skipped (${top}); PGlite; seeding ${loadSecs.toFixed(0)} s not counted`);
  row('baseline: bare history query per page, same pages and window', `${querySecs.toFixed(1)} s (${fmt(bareRows)} rows)`, `end-to-end planning takes ${(totalSecs / querySecs).toFixed(1)}× the bare query`);
  await pdb.close();
  fs.rmSync(pdir, { recursive: true, force: true });
}
await db.close();
console.log(out.join('\n'));
process.exit(0);
