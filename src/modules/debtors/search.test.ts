// Debtor name search (issue 3, "search and lists at 1,000,000 cases"): searchDebtorIds against a model of its
// documented order (exact identifiers; initials = query; pinyin prefix; name prefix; longer initials; substring only
// when nothing starts with the query), PI-08 identifiers through blind indexes, tenant isolation by RLS, and the
// plans: every kind of match is an index range scan already in order (no sort of the matches, no scan of the table).
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import type { SQL } from 'drizzle-orm';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, rows, sql, type Database, type Tx } from '../../platform/db/index.js';
import { registerDebtors, searchDebtorIds } from './index.js';
import { normaliseQuery } from './search-keys.js';
import { testDebtorKeys, personInput, syntheticResidentId } from './testing.js';

let db: Database;
const keys = testDebtorKeys();

interface Row { id: string; name: string; name_pinyin: string; name_initials: string }
/** Byte (= code point) order, the order of the `~<~` indexes. */
const cmp = (...pairs: Array<[string, string]>) => {
  for (const [a, b] of pairs) {
    const c = Buffer.compare(Buffer.from(a), Buffer.from(b));
    if (c) return c;
  }
  return 0;
};

/** The documented order of searchDebtorIds for name queries (no identifier matches), in plain JS. */
function model(all: Row[], query: string, limit: number): string[] {
  const q = query.trim();
  const nq = normaliseQuery(q);
  if (!q || !nq || /\d{4}/.test(nq) || q.includes('@')) return [];
  const latin = /^[a-z0-9]+$/.test(nq);
  const byPinyin = (a: Row, b: Row) => cmp([a.name_pinyin, b.name_pinyin], [a.id, b.id]);
  const kinds = [
    latin ? all.filter((r) => r.name_initials === nq).sort(byPinyin) : [],
    latin ? all.filter((r) => r.name_pinyin.startsWith(nq)).sort(byPinyin) : [],
    all.filter((r) => r.name.startsWith(q)).sort((a, b) => cmp([a.name, b.name], [a.id, b.id])),
    latin ? all.filter((r) => r.name_initials.startsWith(nq) && r.name_initials !== nq)
      .sort((a, b) => cmp([a.name_initials, b.name_initials], [a.name_pinyin, b.name_pinyin], [a.id, b.id])) : [],
  ];
  const ids = [...new Set(kinds.flat().map((r) => r.id))].slice(0, limit);
  if (ids.length || /\d/.test(nq)) return ids;
  return all.filter((r) => r.name.toLowerCase().replace(/ /g, '').includes(nq) || (latin && r.name_pinyin.includes(nq)))
    .sort(byPinyin).slice(0, limit).map((r) => r.id);
}

async function tenantWith(names: string[], from: number, extra: (n: number) => object = () => ({})): Promise<{ tenantId: string; all: Row[] }> {
  const t = await createTestTenant(db);
  await withTenant(db, t.id, (tx) => registerDebtors(tx, keys, names.map((name, i) => personInput(from + i, { name, ...extra(from + i) }))));
  const all = await db.query<Row>('SELECT id, name, name_pinyin, name_initials FROM debtors.debtors WHERE tenant_id = $1', [t.id]);
  return { tenantId: t.id, all };
}

const search = (tenantId: string, q: string, limit = 50) => withTenant(db, tenantId, (tx) => searchDebtorIds(tx, keys, q, limit));

// A small, clash-rich pool: same initials from different surnames (张/周/赵 → z), same pinyin from different
// characters (张/章, 王/汪), surname readings (单 → shan, 曾 → zeng), compound surnames, Latin names, duplicates.
const SURNAMES = ['张', '章', '周', '赵', '王', '汪', '李', '黎', '单', '曾', '欧阳', '司马'];
const GIVEN = ['伟', '文', '娜', '敏', '杰', '明', '一', '薇'];
function pool(n: number): string[] {
  let s = 20260;
  const next = (k: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), (s >>> 16) % k);
  const names = ['Li Lei', 'Anna Smith', 'Zhang Wei'];
  while (names.length < n) names.push(SURNAMES[next(SURNAMES.length)] + GIVEN[next(GIVEN.length)] + (next(3) ? GIVEN[next(GIVEN.length)] : ''));
  return names;
}

beforeAll(async () => {
  db = await getTestDb();
});

/** The transaction, with every statement it executes appended to `statements` (to EXPLAIN them afterwards). */
function recording(tx: Tx, statements: SQL[]): Tx {
  return new Proxy(tx, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (prop === 'execute') return (s: SQL) => (statements.push(s), (target.execute as (s: SQL) => unknown)(s));
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as Tx;
}

describe('searchDebtorIds (issue 3: name, pinyin and initials search at 1,000,000 debtors)', () => {
  it('kinds in order: initials exactly, then pinyin prefix, then longer initials; each by pinyin then id', async () => {
    const { tenantId, all } = await tenantWith(['张文杰', '周文', '张伟明', '张伟', '赵雯雯', '王伟'], 6000);
    const id = (name: string) => all.find((r) => r.name === name)!.id;
    // zw: 张伟 zhangwei and 周文 zhouwen have the initials; then 张文杰 (zwj) and 张伟明 (zwm); 赵雯雯 is zww.
    expect(await search(tenantId, 'zw')).toEqual([id('张伟'), id('周文'), id('张文杰'), id('张伟明'), id('赵雯雯')]);
    // zhangw: pinyin prefix only, in pinyin order (zhangwei < zhangweiming < zhangwenjie).
    expect(await search(tenantId, 'Zhang W')).toEqual([id('张伟'), id('张伟明'), id('张文杰')]);
    // wangwei: the pinyin of 王伟 (initials ww, not the query).
    expect(await search(tenantId, 'wangwei')).toEqual([id('王伟')]);
    expect(await search(tenantId, '张伟')).toEqual([id('张伟'), id('张伟明')]);
  });

  it('limit: at most `limit` ids, the first ones of the full order (ties by id)', async () => {
    const { tenantId, all } = await tenantWith(Array.from({ length: 30 }, (_, i) => (i % 2 ? '王伟' : '王薇') + (i % 3 ? '' : '一')), 6100);
    const full = await search(tenantId, 'ww', 500);
    expect(full).toEqual(model(all, 'ww', 500));
    expect(full).toHaveLength(30);
    for (const limit of [1, 7, 20]) expect(await search(tenantId, 'ww', limit)).toEqual(full.slice(0, limit));
    // Names with the same pinyin keep a stable order: by id.
    const wangwei = all.filter((r) => r.name === '王伟').map((r) => r.id).sort((a, b) => cmp([a, b]));
    expect(full.filter((x) => wangwei.includes(x))).toEqual(wangwei);
  });

  it('prefix before substring: 娜娜 finds 欧阳娜娜 only while no name starts with 娜娜', async () => {
    const { tenantId, all } = await tenantWith(['欧阳娜娜', '李娜', '张伟'], 6200);
    const id = (name: string) => all.find((r) => r.name === name)!.id;
    expect(await search(tenantId, '娜娜')).toEqual([id('欧阳娜娜')]);
    expect(await search(tenantId, 'nana')).toEqual([id('欧阳娜娜')]);
    expect(await search(tenantId, 'yangn')).toEqual([id('欧阳娜娜')]);
    await withTenant(db, tenantId, (tx) => registerDebtors(tx, keys, [personInput(6210, { name: '娜娜' })]));
    const nana = (await db.query<{ id: string }>(`SELECT id FROM debtors.debtors WHERE tenant_id = $1 AND name = '娜娜'`, [tenantId]))[0].id;
    expect(await search(tenantId, '娜娜')).toEqual([nana]);
    expect(await search(tenantId, 'qqq')).toEqual([]);
  });

  it('PI-08: exact identifiers (ID number, phone, e-mail through blind indexes) come first and skip the name scans', async () => {
    const { tenantId, all } = await tenantWith(['王一', '汪一'], 6300, (n) => ({ emails: [`wy${n}@example.com`] }));
    const first = all.find((r) => r.name === '王一')!.id;
    expect(await search(tenantId, syntheticResidentId(6300).toLowerCase())).toEqual([first]);
    expect(await search(tenantId, '13800006300')).toEqual([first]);
    expect(await search(tenantId, 'wy6300@example.com')).toEqual([first]);
    expect(await search(tenantId, '１３８ ０００ ０６３００')).toEqual([first]); // full-width digits fold like the stored phone
    expect(await search(tenantId, 'ＷＹ6300＠example.com')).toEqual([first]);
    expect(await search(tenantId, 'wy')).toEqual(model(all, 'wy', 50));
    expect(await search(tenantId, 'wy')).toHaveLength(2);
    // A passport number may be all letters: such a query is still tried as an identifier, and wins over names.
    const { tenantId: t2, all: all2 } = await tenantWith(['Wang Yi', '王一'], 6310, (n) => (n === 6310 ? { idType: 'passport', idNumber: 'wangyiab' } : {}));
    const passport = all2.find((r) => r.name === 'Wang Yi')!.id;
    expect(await search(t2, 'WANGYIAB')).toEqual([passport]);
    expect(await search(t2, 'wangyi')).toEqual(model(all2, 'wangyi', 50));
    expect(await search(t2, 'wangyi')).toHaveLength(2);
  });

  it('tenant isolation by RLS: the same names in another tenant are never returned', async () => {
    const names = ['张伟', '周文', '张文杰'];
    const a = await tenantWith(names, 6400);
    const b = await tenantWith(names, 6400);
    for (const q of ['zw', 'zhang', '张', '文杰', syntheticResidentId(6400)]) {
      const [fa, fb] = [await search(a.tenantId, q), await search(b.tenantId, q)];
      expect(fa.length).toBeGreaterThan(0);
      expect(fa.every((x) => a.all.some((r) => r.id === x))).toBe(true);
      expect(fb.every((x) => b.all.some((r) => r.id === x))).toBe(true);
    }
  });

  it('property: any query and limit give exactly the model order (prefixes of names, pinyin, initials, substrings, noise)', async () => {
    const { tenantId, all } = await tenantWith(pool(90), 6500);
    const keysOf = all.flatMap((r) => [r.name, r.name_pinyin, r.name_initials]);
    const query = fc.oneof(
      fc.tuple(fc.constantFrom(...keysOf), fc.nat(), fc.nat()).map(([k, i, j]) => {
        const cs = [...k];
        const a = i % cs.length;
        return cs.slice(j % 2 ? 0 : a, a + 1 + (j % 4)).join('');
      }),
      fc.tuple(fc.constantFrom(...keysOf), fc.boolean()).map(([k, up]) => (up ? ` ${k.toUpperCase()} ` : k.split('').join(' '))),
      fc.string({ unit: fc.constantFrom('z', 'h', 'a', 'n', 'g', 'w', 'i', 'y', '张', '伟', '%', '_', '\\', ' '), minLength: 1, maxLength: 5 }),
    );
    await fc.assert(fc.asyncProperty(query, fc.integer({ min: 1, max: 12 }), async (q, limit) => {
      expect(await search(tenantId, q, limit)).toEqual(model(all, q, limit));
    }), { numRuns: 150 });
  });

  it('plans: each kind of match is an ordered index range scan under RLS (no sort of the matches, no table scan)', async () => {
    const t = await createTestTenant(db);
    // 20,000 synthetic debtors written directly (as the owner) so the planner has a table worth an index.
    await db.exec(`INSERT INTO debtors.debtors (tenant_id, id, kind, name, name_pinyin, name_initials, id_type, id_number_enc, id_number_masked, identity_bidx)
      SELECT '${t.id}', 'dbt_plan' || lpad(g::text, 8, '0'), 'person', s.c || g, s.p || 'wei' || g, s.i || 'w', 'resident_id', 'x', 'x', 'plan' || g
      FROM generate_series(1, 20000) g, LATERAL (SELECT (ARRAY['张','周','赵','王'])[1 + g % 4] c, (ARRAY['zhang','zhou','zhao','wang'])[1 + g % 4] p,
        (ARRAY['z','z','z','w'])[1 + g % 4] i) s`);
    await db.exec('ANALYZE debtors.debtors');
    // [query, name statements, index range scans]: zw fills 500 from its exact initials alone; zhang and w need
    // the other kinds too (one more statement); 张 is a name-prefix query.
    for (const [q, statementCount, scans] of [['zw', 1, 1], ['zhang', 2, 4], ['张', 1, 1], ['w', 2, 4]] as const) {
      const statements: SQL[] = [];
      const plans = await withTenant(db, t.id, async (tx) => {
        const spy = recording(tx, statements);
        const ids = await searchDebtorIds(spy, keys, q, 500);
        expect(ids.length).toBe(500);
        const named = statements.filter((s) => JSON.stringify(s).includes('debtors.debtors'));
        expect(named).toHaveLength(statementCount);
        expect(named.some((s) => JSON.stringify(s).includes('LIKE'))).toBe(false); // the substring scan did not run
        return Promise.all(named.map((s) => rows<Record<string, unknown>>(tx, sql`EXPLAIN (FORMAT JSON) ${s}`)));
      });
      const nodes = plans.flatMap((plan) => {
        const raw = Object.values(plan[0])[0];
        return walk((typeof raw === 'string' ? JSON.parse(raw) : raw)[0].Plan as PlanNode);
      });
      expect(nodes.map((n) => n['Node Type'])).not.toContain('Seq Scan');
      expect(nodes.map((n) => n['Node Type'])).not.toContain('Bitmap Heap Scan');
      const limits = nodes.filter((n) => n['Node Type'] === 'Limit');
      expect(limits.length).toBe(scans);
      for (const l of limits) {
        const below = walk(l).map((n) => n['Node Type']);
        expect(below).not.toContain('Sort');
        expect(below.some((x) => x === 'Index Scan' || x === 'Index Only Scan')).toBe(true);
      }
    }
    const all = await db.query<Row>('SELECT id, name, name_pinyin, name_initials FROM debtors.debtors WHERE tenant_id = $1', [t.id]);
    // The substring fallback (nothing starts with "angwei") reads the table once and keeps the top row; it must not
    // walk the pinyin index in order hoping for early matches (seconds at a million debtors with few matches).
    const statements: SQL[] = [];
    const fallback = await withTenant(db, t.id, async (tx) => {
      const spy = recording(tx, statements);
      expect(await searchDebtorIds(spy, keys, 'angwei', 1)).toEqual(model(all, 'angwei', 1));
      const scan = statements.filter((s) => JSON.stringify(s).includes('LIKE'));
      expect(scan).toHaveLength(1);
      return rows<Record<string, unknown>>(tx, sql`EXPLAIN (FORMAT JSON) ${scan[0]}`);
    });
    const raw = Object.values(fallback[0])[0];
    const types = walk((typeof raw === 'string' ? JSON.parse(raw) : raw)[0].Plan as PlanNode).map((n) => n['Node Type']);
    expect(types.filter((x) => x.includes('Index'))).toEqual([]);
  });
});

interface PlanNode { 'Node Type': string; Plans?: PlanNode[] }
const walk = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(walk)];
