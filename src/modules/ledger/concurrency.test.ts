// Money moves once under concurrency and nothing is half-written after a crash (runs on PGlite by default and on
// PostgreSQL with RECOURSE_TEST_DB=postgres): 100 parallel deliveries of the same webhook event and 100 parallel
// refunds with the same idempotency key each move money once; a process SIGKILLed inside an open ledger
// transaction leaves no partial transfer and the ledger still balances.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp, signIn } from '../../../test/support/app.js';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrate } from '../../platform/db/migrate.js';
import { createTestTenant, testDbKind } from '../../platform/db/testing.js';
import { rows, sql, withTenant } from '../../platform/db/index.js';
import { demoTenantId, openDemoCases, signInDebtor, webhookSecretOf } from './testing.js';

const PW = 'Recourse-demo-2026';

describe(`ledger concurrency and crash safety (${testDbKind()})`, { timeout: 300_000 }, async () => {
  const r = await testApp();
  const tenantId = await demoTenantId(r);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  const [c] = await openDemoCases(r, 1);
  const debtor = await signInDebtor(r, c!);
  const secret = webhookSecretOf(r);

  it('100 parallel deliveries of one webhook event book one payment', async () => {
    const start = await r.app.inject({ method: 'POST', url: '/api/v1/portal/payments', headers: debtor.headers, payload: { amount: '123.45', method: 'unionpay' } });
    expect(start.statusCode, start.body).toBe(201);
    const body = JSON.stringify({ id: 'evt_parallel_1', type: 'payment.succeeded', intentId: start.json().intentId, caseId: c!.id, creditorId: c!.creditorId, amountFen: '12345', currency: 'CNY', reference: start.json().reference, occurredAt: new Date().toISOString(), tenantId });
    const t = Math.floor(Date.now() / 1000);
    const sig = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const res = await Promise.all(Array.from({ length: 100 }, () => r.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sig }, payload: body })));
    expect(res.map((x) => x.statusCode).filter((s) => s !== 200)).toEqual([]);
    expect(res.filter((x) => x.json().replayed === false)).toHaveLength(1);
    const l = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c!.id}/ledger`, headers: collector.headers })).json();
    expect(l.payments.filter((p: { amount: string }) => p.amount === '123.45')).toHaveLength(1);
  });

  it('100 parallel refunds with the same idempotency key refund once', async () => {
    const l = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c!.id}/ledger`, headers: collector.headers })).json();
    const pid = l.payments.find((p: { amount: string }) => p.amount === '123.45').paymentId;
    const res = await Promise.all(Array.from({ length: 100 }, () => r.app.inject({ method: 'POST', url: `/api/v1/payments/${pid}/refund`, headers: collector.headers, payload: { amount: '20.00', reason: 'parallel retry', idempotencyKey: 'same-key' } })));
    expect(res.map((x) => x.statusCode).filter((s) => s !== 200)).toEqual([]);
    expect(res.filter((x) => x.json().replayed === false)).toHaveLength(1);
    const after = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c!.id}/ledger`, headers: collector.headers })).json();
    expect(after.payments.find((p: { paymentId: string }) => p.paymentId === pid).refunded).toBe('20.00');
    const trial = await withTenant(r.db, tenantId, (tx) => rows<{ s: string }>(tx, sql`SELECT (SELECT COALESCE(sum(amount_fen), 0) FROM ledger.transfers) - (SELECT COALESCE(sum(amount_fen), 0) FROM ledger.transfers) AS s`));
    expect(trial[0]!.s).toBe('0');
  });

  it('a process SIGKILLed inside an open ledger transaction leaves no partial transfer', async () => {
    let target: string;
    let dir: string | null = null;
    if (testDbKind() === 'postgres') {
      const base = process.env.RECOURSE_TEST_PG_URL!;
      const admin = await connectDatabase({ databaseUrl: base, poolSize: 1 });
      const name = `crash_${process.pid}`;
      await admin.exec(`CREATE DATABASE ${name} TEMPLATE recourse_template`);
      await admin.close();
      const u = new URL(base);
      u.pathname = `/${name}`;
      target = u.toString();
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-crash-'));
      target = dir;
    }
    let db = await connectDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 2 } : { dataDir: target });
    await migrate(db);
    const t = await createTestTenant(db);
    await db.close();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'crash-child.ts'), target, t.id], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('mid')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${out}`)));
    });
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));
    db = await connectDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 2 } : { dataDir: target });
    const check = await withTenant(db, t.id, async (tx) => ({
      keys: (await rows<{ k: string; n: number; m: number }>(tx, sql`SELECT r.idempotency_key AS k, cardinality(r.transfer_ids) AS n,
        (SELECT count(*)::int FROM ledger.transfers x WHERE x.tenant_id = r.tenant_id AND x.idempotency_key = r.idempotency_key) AS m
        FROM ledger.requests r ORDER BY 1`)),
      orphans: (await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ledger.transfers x WHERE NOT EXISTS (SELECT 1 FROM ledger.requests r WHERE r.tenant_id = x.tenant_id AND r.idempotency_key = x.idempotency_key)`))[0]!.n,
      balance: (await rows<{ b: string }>(tx, sql`SELECT (SELECT COALESCE(sum(amount_fen), 0) FROM ledger.transfers WHERE debit_account = 'world') - (SELECT COALESCE(sum(amount_fen), 0) FROM ledger.transfers WHERE credit_account LIKE 'escrow:%') AS b`))[0]!.b,
      leaves: (await rows<{ n: number }>(tx, sql`SELECT size::int AS n FROM evidence.logs`))[0]?.n ?? 0,
    }));
    await db.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    expect(check.keys.map((k) => k.k)).toEqual(['crash-committed-0', 'crash-committed-1', 'crash-committed-2']);
    expect(check.keys.every((k) => k.n === 200 && k.m === 200)).toBe(true);
    expect(check.orphans).toBe(0);
    expect(check.balance).toBe('0');
    expect(check.leaves).toBe(3); // one evidence leaf per committed batch, none for the killed transaction
  });
});
