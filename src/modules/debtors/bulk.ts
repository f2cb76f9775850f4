// Set-based debtor registration for bulk placement (issue 3, 1,000,000-row imports). Same outcome as registerDebtor
// per input — one debtor per identity per tenant (blind index, PI-08/PI-20 sealing), new contact points merged into
// known debtors — but each step is ONE statement over the whole batch: rows travel as a single JSON parameter and are
// expanded by json_to_recordset on the server, so neither the ORM nor the driver builds thousands of bind parameters.
// Randomness (data keys, IVs, ids) is drawn from one buffer filled once per batch instead of a syscall per value.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { RandomPool, pooledId } from '../../platform/ids.js';
import { blindIndex, encryptFields, maskValue, type KeyRing, type PiiType } from '../../platform/pii/index.js';
import { DebtorInput, identityKey, maskIdNumber, normaliseDebtor } from './debtor.js';
import { nameSearchKeys } from './search-keys.js';


interface BulkKeys {
  ring: KeyRing;
  indexKey: Buffer;
}

const phoneType = (p: string): PiiType => (/^1\d{10}$/.test(p) ? 'mobile' : 'landline');

interface PointValue { kind: 'phone' | 'email' | 'address'; value: string; label?: string; timeZone?: string }
const pointsOf = (d: DebtorInput): PointValue[] => [
  ...d.phones.map((value) => ({ kind: 'phone' as const, value })),
  ...d.emails.map((value) => ({ kind: 'email' as const, value })),
  ...d.addresses.map((a) => ({ kind: 'address' as const, value: a.text, label: a.label, timeZone: a.timeZone })),
];

const ROWS_PER_STATEMENT = 5000;
// Lookups probe the unique index once per key (a LATERAL subquery on (tenant_id, identity_bidx)). `IN (SELECT …)` let
// the planner hash-join against a scan of the whole tenant, and `= ANY (…)` became a filter over the tenant on
// PostgreSQL, when its statistics are stale (a table that grew by 100,000 rows in one import): each chunk then cost
// as much as the table.

/**
 * Set-based registerDebtors (see store.ts for the contract): validation first (throws the first DEBTORS_* error in
 * input order, writing nothing), then per batch of up to 5,000 distinct identities: one lookup of known identities,
 * one INSERT … SELECT FROM json_to_recordset … ON CONFLICT DO NOTHING for the new ones (sealed ID, blind index,
 * pinyin keys), one lookup for identities a concurrent transaction registered first, one INSERT of the new contact
 * points (ON CONFLICT DO NOTHING on (debtor, kind, blind index)).
 */
export async function registerDebtorsSetBased(tx: Tx, keys: BulkKeys, inputs: DebtorInput[], pool = new RandomPool()): Promise<Array<{ debtorId: string; created: boolean }>> {
  if (!inputs.length) return [];
  const ds = inputs.map((i) => normaliseDebtor(DebtorInput.parse(i)));
  const [{ t: tenantId }] = await rows<{ t: string | null }>(tx, sql`SELECT current_setting('app.tenant_id', true) AS t`);
  if (!tenantId) throw new Error('debtors: no tenant in this transaction (use withTenant)');
  const bidxs = ds.map((d) => blindIndex(keys.indexKey, d.kind === 'person' ? 'id_card' : 'uscc', identityKey(d), tenantId));
  const firstOf = new Map<string, number>();
  bidxs.forEach((b, i) => { if (!firstOf.has(b)) firstOf.set(b, i); });
  const unique = [...firstOf.keys()];
  const idOf = new Map<string, string>();
  const created = new Set<string>();
  const lookup = async (bs: string[]) => {
    for (let i = 0; i < bs.length; i += ROWS_PER_STATEMENT) {
      const got = await rows<{ id: string; b: string }>(tx, sql`SELECT d.id, d.identity_bidx AS b FROM json_array_elements_text(${JSON.stringify(bs.slice(i, i + ROWS_PER_STATEMENT))}::json) AS x(b)
        CROSS JOIN LATERAL (SELECT id, identity_bidx FROM debtors.debtors WHERE tenant_id = ${tenantId} AND identity_bidx = x.b LIMIT 1) d`);
      for (const r of got) idOf.set(r.b, r.id);
    }
  };
  await lookup(unique);
  const fresh = unique.filter((b) => !idOf.has(b));
  const now = Date.now();
  for (let i = 0; i < fresh.length; i += ROWS_PER_STATEMENT) {
    const part = fresh.slice(i, i + ROWS_PER_STATEMENT);
    const firsts = part.map((b) => ds[firstOf.get(b)!]);
    const numbers = firsts.map((d) => (d.kind === 'person' ? d.idNumber : d.uscc));
    const sealed = encryptFields(keys.ring, numbers, `${tenantId}:debtors.id_number`, pool);
    const recs = part.map((bidx, j) => {
      const d = firsts[j];
      const n = numbers[j];
      const k = nameSearchKeys(d.name);
      return {
        id: pooledId(pool, 'dbt', now), kind: d.kind, name: d.name, py: k.pinyin, ini: k.initials, it: d.kind === 'person' ? d.idType : 'uscc',
        enc: sealed[j], msk: maskIdNumber(n, d.kind), b: bidx,
        lr: d.kind === 'organisation' ? d.legalRepresentative : null, emp: d.kind === 'person' ? d.employer ?? null : null, tz: d.timeZone,
        reg: d.kind === 'person' ? (d.idType === 'resident_id' ? n.slice(0, 2) : null) : n.slice(2, 4),
      };
    });
    const ins = await rows<{ id: string; b: string }>(tx, sql`INSERT INTO debtors.debtors (tenant_id, id, kind, name, name_pinyin, name_initials, id_type,
        id_number_enc, id_number_masked, identity_bidx, legal_representative, employer, time_zone, region)
      SELECT ${tenantId}, r.id, r.kind, r.name, r.py, r.ini, r.it, r.enc, r.msk, r.b, r.lr, r.emp, r.tz, r.reg
      FROM json_to_recordset(${JSON.stringify(recs)}::json) AS r(id text, kind text, name text, py text, ini text, it text, enc text, msk text, b text, lr text, emp text, tz text, reg text)
      ON CONFLICT DO NOTHING RETURNING id, identity_bidx AS b`);
    for (const r of ins) { idOf.set(r.b, r.id); created.add(r.b); }
  }
  // Lost races with concurrent registrations of the same identity: use theirs.
  const lost = fresh.filter((b) => !idOf.has(b));
  if (lost.length) await lookup(lost);

  // Contact points: deduplicated by (debtor, kind, blind index) before sealing; the first occurrence wins.
  const seen = new Set<string>();
  const pts: Array<{ debtorId: string; p: PointValue; b: string }> = [];
  ds.forEach((d, i) => {
    const debtorId = idOf.get(bidxs[i])!;
    for (const p of pointsOf(d)) {
      const b = blindIndex(keys.indexKey, p.kind === 'phone' ? 'mobile' : p.kind, p.value, tenantId);
      const k = `${debtorId}|${p.kind}|${b}`;
      if (seen.has(k)) continue;
      seen.add(k);
      pts.push({ debtorId, p, b });
    }
  });
  for (let i = 0; i < pts.length; i += ROWS_PER_STATEMENT) {
    const part = pts.slice(i, i + ROWS_PER_STATEMENT);
    const sealed = encryptFields(keys.ring, part.map((x) => x.p.value), `${tenantId}:debtors.contact_points`, pool);
    const recs = part.map(({ debtorId, p, b }, j) => ({
      id: pooledId(pool, 'cpt', now), d: debtorId, k: p.kind, l: p.label ?? null, tz: p.timeZone ?? null, enc: sealed[j],
      msk: maskValue(p.kind === 'phone' ? phoneType(p.value) : p.kind, p.value), b,
    }));
    await tx.execute(sql`INSERT INTO debtors.contact_points (tenant_id, id, debtor_id, kind, label, time_zone, value_enc, value_masked, value_bidx)
      SELECT ${tenantId}, r.id, r.d, r.k, r.l, r.tz, r.enc, r.msk, r.b
      FROM json_to_recordset(${JSON.stringify(recs)}::json) AS r(id text, d text, k text, l text, tz text, enc text, msk text, b text)
      ON CONFLICT DO NOTHING`);
  }
  return bidxs.map((b, i) => ({ debtorId: idOf.get(b)!, created: created.has(b) && firstOf.get(b) === i }));
}
