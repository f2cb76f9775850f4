// PI-08 (issue 9): key rotation without downtime. On the demo database (real PGlite, every module's envelopes), a new
// KEK is prepended to the ring; `rotateEnvelopes` re-seals every data key in small batches; afterwards every
// envelope is under the new key, every value still opens to the same clear text with the new ring (and not with the
// old ring alone), blind-index search still finds the debtor, and a second run has nothing to do.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';
import { withTenant, rows, sql } from '../../platform/db/index.js';
import { generateKeyBase64, withNewCurrentKey } from '../../platform/pii/index.js';
import { findDebtorByIdentity, revealContactPoints, revealIdNumber } from '../debtors/index.js';
import { demoTenantId, keysOf } from './testing.js';
import { envelopeColumns, keyStatus, rotateEnvelopes } from './rotation.js';

describe('PI-08 key rotation (re-wrap in batches)', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const tenantId = await demoTenantId(r);
  const keys = keysOf(r);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', 'Recourse-demo-2026');
  const [c] = (await r.app.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: admin.headers })).json().items as Array<{ id: string }>;
  await r.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/notes`, headers: admin.headers, payload: { text: '轮换前的备注 13800138000' } });

  it('finds the envelope columns of every module', async () => {
    const cols = (await envelopeColumns(r.db)).map((x) => `${x.schema}.${x.table}.${x.column}`);
    expect(cols).toEqual(expect.arrayContaining(['debtors.debtors.id_number_enc', 'debtors.contact_points.value_enc', 'cases.notes.text_enc', 'privacy.correction_requests.proposed_value_enc']));
  });

  it('re-seals every envelope under the new key in batches; values unchanged; idempotent', async () => {
    const before = await withTenant(r.db, tenantId, async (tx) => {
      const ds = await rows<{ id: string; id_type: string }>(tx, sql`SELECT id, id_type FROM debtors.debtors WHERE purged_at IS NULL AND kind = 'person' ORDER BY id LIMIT 5`);
      return Promise.all(ds.map(async (d) => ({ id: d.id, idType: d.id_type, idNumber: await revealIdNumber(tx, keys, d.id), phones: (await revealContactPoints(tx, keys, d.id, 'phone')).map((p) => p.value) })));
    });
    const status0 = await keyStatus(r.db, keys.ring);
    expect(status0.pending).toBe(0);
    const total = Object.values(status0.totals).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20);

    const ring2 = withNewCurrentKey(keys.ring, 'k9', generateKeyBase64());
    const keys2 = { ...keys, ring: ring2 };
    expect((await keyStatus(r.db, ring2)).pending).toBe(total);
    const progress: number[] = [];
    const run = await rotateEnvelopes(r.db, ring2, { batchSize: 7, onProgress: (n) => progress.push(n) });
    expect(run.rewrapped).toBe(total);
    expect(run.raced).toBe(0);
    expect(run.batches).toBeGreaterThan(total / 7 - 1);
    expect(progress.at(-1)).toBe(total);
    const after = await keyStatus(r.db, ring2);
    expect(after.pending).toBe(0);
    expect(after.totals).toEqual({ k9: total });

    await withTenant(r.db, tenantId, async (tx) => {
      for (const b of before) {
        expect(await revealIdNumber(tx, keys2, b.id)).toBe(b.idNumber);
        expect((await revealContactPoints(tx, keys2, b.id, 'phone')).map((p) => p.value)).toEqual(b.phones);
        // blind indexes do not follow the KEK: exact search by ID number still works
        expect(await findDebtorByIdentity(tx, keys2, { kind: 'person', idType: b.idType as never, idNumber: b.idNumber })).toBe(b.id);
      }
      // the old ring alone no longer opens them (the data keys are sealed under k9 only)
      await expect(revealIdNumber(tx, keys, before[0].id)).rejects.toMatchObject({ code: 'PII_KEY_UNKNOWN' });
    });
    const again = await rotateEnvelopes(r.db, ring2, { batchSize: 7 });
    expect(again.rewrapped).toBe(0);
  });
});
