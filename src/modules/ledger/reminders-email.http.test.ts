// Plan reminders by e-mail really leave over SMTP: a loopback SMTP server (smtp-server) receives the reminder the
// plan job sends through the compliance gate when the tenant chose the e-mail channel.
import { describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { testApp, signIn } from '../../../test/support/app.js';
import { rows, sql, withTenant } from '../../platform/db/index.js';
import { getCase } from '../cases/index.js';
import { correctDebtorField } from '../debtors/index.js';
import { demoTenantId, keysOf, openDemoCases, signInDebtor } from './testing.js';
import { runPlanCheck } from './jobs.js';

const PW = 'Recourse-demo-2026';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('plan reminder by e-mail over SMTP', { timeout: 300_000 }, async () => {
  const received: { to: string; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => (received.push({ to: session.envelope.rcptTo.map((x) => x.address).join(','), raw }), cb()));
    },
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const r = await testApp({ smtpUrl: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}` });
  const tenantId = await demoTenantId(r);
  const keys = keysOf(r);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  // An open demo case; its debtor gets an e-mail address (a data-subject correction, as staff would record it).
  const [oc] = await openDemoCases(r, 1);
  const c = { ...oc!, email: 'lin.debtor@example.cn' };
  await withTenant(r.db, tenantId, async (tx) => correctDebtorField(tx, keys, (await getCase(tx, c.id)).debtor.id, { field: 'email', value: c.email }));

  it('the reminder goes out by e-mail once to the debtor e-mail address, and the outbox says sent over SMTP', async () => {
    expect((await r.app.inject({ method: 'PUT', url: '/api/v1/ledger/reminder-settings', headers: admin.headers, payload: { daysBefore: 2, channel: 'email' } })).statusCode).toBe(200);
    await r.app.inject({ method: 'PUT', url: `/api/v1/creditors/${c.creditorId}/fee-agreement`, headers: admin.headers, payload: { tiers: [{ bands: [{ bps: 1000 }] }], planBounds: { minInstalment: '1.00', maxTermMonths: 24, settlementFloorBps: 8000 }, approvalThreshold: '100.00' } });
    const d = await signInDebtor(r, c);
    const p = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/payment-plans`, headers: d.headers, payload: { instalments: 2, firstDueDate: day(8) } });
    expect(p.statusCode, p.body).toBe(201);
    expect((await r.app.inject({ method: 'POST', url: `/api/v1/payment-plans/${p.json().id}/accept`, headers: collector.headers, payload: {} })).statusCode).toBe(200);
    const before = received.length;
    const run = await runPlanCheck(r.db, { tenantId, asOf: day(6), at: `${day(6)}T02:30:00.000Z` }, { messenger: r.messenger, keys });
    expect(run.delivered.sent).toBe(1);
    expect(received.length).toBe(before + 1);
    expect(received[received.length - 1]!.to).toBe(c.email);
    const kept = await withTenant(r.db, tenantId, (tx) => rows<{ status: string; provider: string; channel: string }>(tx, sql`SELECT status, provider, channel FROM platform.messages WHERE purpose = 'plan_reminder'`));
    expect(kept).toEqual([{ status: 'sent', provider: 'smtp', channel: 'email' }]);
    await runPlanCheck(r.db, { tenantId, asOf: day(7), at: `${day(7)}T02:30:00.000Z` }, { messenger: r.messenger, keys });
    expect(received.length).toBe(before + 1);
    server.close();
  });
});
