// Cases benchmark: bulk import throughput (validation alone, and the full placement path: debtor with encrypted
// identity + blind index, debt, case, timeline event, evidence leaf) against plain INSERTs of the same debt/case/event
// rows in the same run on the same embedded database; re-import of the same rows (dedup path); timeline replay; search.
// Run: `npx tsx bench/cases.ts [n]` (default 300). Prints a markdown section.
import { openFreshTestDb, createTestTenant } from '../src/platform/db/testing.js';
import { withTenant, sql } from '../src/platform/db/index.js';
import { newId } from '../src/platform/ids.js';
import { residentIdCheckChar } from '../src/platform/cn-ids.js';
import { createKeyRing, generateKeyBase64 } from '../src/platform/pii/index.js';
import { debtorKeys } from '../src/modules/debtors/index.js';
import {
  importCases, suggestMapping, validateRow, searchCases, createCreditor, recordEntrustment, foldCaseEvents, type CaseEvent,
} from '../src/modules/cases/index.js';

const N = Number(process.argv[2] ?? 300);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const out: string[] = [];
const row = (what: string, v: string, note = '') => out.push(`| ${what} | ${v} | ${note} |`);
async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

const HEADERS = ['合同编号', '姓名', '身份证号', '手机号', '本金', '年利率', '借款日期', '到期日'];
const mapping = suggestMapping(HEADERS);
const SURN = ['张', '王', '李', '赵', '刘', '陈'];
function rows(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const body = `330106${1960 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
    return { 合同编号: `${prefix}-${i}`, 姓名: `${SURN[i % 6]}测${i}`, 身份证号: body + residentIdCheckChar(body), 手机号: `1700000${String(i % 10000).padStart(4, '0')}`,
      本金: `${1000 + i}.50`, 年利率: '15.4%', 借款日期: '2024-01-05', 到期日: '2025-01-05' };
  });
}

// 1. validation only (pure)
const V = Math.max(N * 10, 2000);
const vrows = rows('V', V);
const seen = new Set<string>();
const ctx = { creditors: new Map<string, string>(), defaultCreditorId: 'cred_x', today: '2026-11-29' };
vrows.forEach((r, i) => validateRow(r, i + 2, mapping, { ...ctx, defaultCreditorId: 'cred_warm' }, seen)); // JIT warm-up
const vt = await time(() => vrows.forEach((r, i) => validateRow(r, i + 2, mapping, ctx, seen)));
row('row validation + mapping (pure, warm)', `${fmt(V / vt)} rows/s`, `${V} rows`);

// 2. full import vs plain inserts
const db = await openFreshTestDb();
const t = await createTestTenant(db);
const keys = debtorKeys(createKeyRing([{ id: 'b1', key: generateKeyBase64() }]));
const creditorId = await withTenant(db, t.id, async (tx) => {
  const c = await createCreditor(tx, { code: 'BENCH', name: 'bench' });
  await recordEntrustment(tx, { creditorId: c.id, scopes: ['collection_outsourcing'], startsOn: '2020-01-01', endsOn: '2099-01-01', feeTermsRef: 'f', contractRef: 'c',
    lawfulDebtAttestation: { attestedBy: 'x' }, dpa: { ref: 'd', signedOn: '2020-01-01', purpose: 'p', piCategories: ['姓名'], protectiveMeasures: 'm', endOfTerm: 'delete' } });
  return c.id;
});
const irows = rows('I', N);
const it = await time(() => withTenant(db, t.id, (tx) => importCases(tx, keys, irows, mapping, { creditorId })));
row('import, full placement path (one transaction)', `${fmt(N / it)} cases/s`, `${N} rows: debtor (encrypted ID, blind index, contact point), debt, case, event, evidence leaf`);
const rt = await time(() => withTenant(db, t.id, (tx) => importCases(tx, keys, irows, mapping, { creditorId })));
row('re-import of the same rows (dedup, nothing placed)', `${fmt(N / rt)} rows/s`, `${N} rows`);

const pt = await time(() => withTenant(db, t.id, async (tx) => {
  for (let i = 0; i < N; i++) {
    const debtor = newId('dbt');
    const debt = newId('debt');
    const cs = newId('case');
    await tx.execute(sql`INSERT INTO debtors.debtors (tenant_id, id, kind, name, name_pinyin, name_initials, id_type, id_number_enc, id_number_masked, identity_bidx)
      VALUES (${t.id}, ${debtor}, 'person', 'x', 'x', 'x', 'resident_id', 'x', 'x', ${'plain' + i})`);
    await tx.execute(sql`INSERT INTO cases.debts (tenant_id, id, creditor_id, debtor_id, original_creditor, contract_number, contract_key, principal_fen, origination_date, due_date)
      VALUES (${t.id}, ${debt}, ${creditorId}, ${debtor}, 'x', ${'P' + i}, ${'P' + i}, 100, '2024-01-01', '2025-01-01')`);
    await tx.execute(sql`INSERT INTO cases.cases (tenant_id, id, ref, debt_id, debtor_id, creditor_id, entrustment_id, stage, stage_since, last_seq, placed_at)
      SELECT ${t.id}, ${cs}, ${'P' + i}, ${debt}, ${debtor}, ${creditorId}, id, 'intake', now(), 1, now() FROM cases.entrustments LIMIT 1`);
    await tx.execute(sql`INSERT INTO cases.case_events (tenant_id, case_id, seq, at, type) VALUES (${t.id}, ${cs}, 1, now(), 'placed')`);
  }
}));
row('baseline: plain INSERT of debtor + debt + case + event rows', `${fmt(N / pt)} cases/s`, `${N} rows, no validation, no crypto, no evidence`);

// 3. search
const lat: number[] = [];
for (const q of ['zhang', 'wc', '李测', 'I-17', '13', 'zz']) {
  const s = await time(() => withTenant(db, t.id, (tx) => searchCases(tx, keys, { q, limit: 50 })));
  lat.push(s * 1000);
}
lat.sort((a, b) => a - b);
row('searchCases (pinyin, initials, name, contract, …)', `median ${lat[Math.floor(lat.length / 2)].toFixed(1)} ms`, `${lat.length} queries over ${2 * N} cases`);

// 4. replay
const evs: CaseEvent[] = [{ seq: 1, type: 'placed', at: new Date(0) }];
for (let i = 2; i <= 5000; i++) {
  evs.push(i % 2 === 0
    ? { seq: i, type: 'hold_placed', at: new Date(i * 1000), holdId: `h${i}`, kind: 'dispute', reason: 'r' }
    : { seq: i, type: 'hold_released', at: new Date(i * 1000), holdId: `h${i - 1}`, reason: 'r' });
}
const ft = await time(() => foldCaseEvents(evs));
row('timeline replay (pure fold)', `${fmt(evs.length / ft)} events/s`, `${evs.length} events`);

await db.close();
process.stdout.write(`### Cases (bench/cases.ts)

Embedded PGlite in memory; import runs in one tenant-scoped transaction under RLS. Every placed case also appends a
leaf to the tenant's evidence log (Merkle nodes), which the baseline does not.

| what | throughput | notes |
|---|---|---|
${out.join('\n')}
`);
