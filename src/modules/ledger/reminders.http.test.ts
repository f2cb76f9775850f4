// Payment-plan reminders end to end on the demo tenant: the reminder lead time is a tenant setting; the daily job
// (through the job queue, inline) sends a reminder `daysBefore` days ahead of each instalment through the compliance
// gate and the messenger (dev outbox), once; the contact log gets the allowed attempt with its outcome; a debtor whose
// case is on a dispute hold gets nothing and the refusal is recorded with the rule that fired (COL-80); missed
// instalments are still detected.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';
import { rows, sql, withTenant } from '../../platform/db/index.js';
import { demoTenantId, keysOf, openDemoCases, signInDebtor } from './testing.js';
import { ledgerJobs, PLAN_CHECK_JOB, runPlanCheck } from './jobs.js';

const PW = 'Recourse-demo-2026';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('plan reminders through the compliance gate', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const tenantId = await demoTenantId(r);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  const [cOk, cHold] = await openDemoCases(r, 2);
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) => r.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const messages = () => withTenant(r.db, tenantId, (tx) => rows<{ id: string; channel: string; recipient: string; body: string; status: string }>(tx,
    sql`SELECT id, channel, recipient, body, status FROM platform.messages WHERE purpose = 'plan_reminder' ORDER BY created_at, id`));
  const firstDue = day(10);
  // The job exactly as app.ts registers it (same deps object shape), run through the app's queue.
  const planJob = ledgerJobs({ db: r.db, messenger: r.messenger, keys: keysOf(r) }).find((j) => j.name === PLAN_CHECK_JOB)!;
  const plans: Record<string, string> = {};

  it('reminder settings: admin sets days-before and channel; others cannot; out of range is refused', async () => {
    expect((await inject('GET', '/api/v1/ledger/reminder-settings', admin.headers)).json()).toMatchObject({ daysBefore: 3, channel: 'sms', version: 0 });
    expect((await inject('PUT', '/api/v1/ledger/reminder-settings', collector.headers, { daysBefore: 5, channel: 'sms' })).statusCode).toBe(403);
    expect((await inject('PUT', '/api/v1/ledger/reminder-settings', admin.headers, { daysBefore: 31, channel: 'sms' })).statusCode).toBe(400);
    const ok = await inject('PUT', '/api/v1/ledger/reminder-settings', admin.headers, { daysBefore: 5, channel: 'sms' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ daysBefore: 5, channel: 'sms', version: 1 });
  });

  it('plans proposed by the debtors and accepted by the collector; one case then goes on a dispute hold', async () => {
    for (const c of [cOk!, cHold!]) {
      const agr = await inject('PUT', `/api/v1/creditors/${c.creditorId}/fee-agreement`, admin.headers, { tiers: [{ bands: [{ bps: 1000 }] }], planBounds: { minInstalment: '1.00', maxTermMonths: 24, settlementFloorBps: 8000 }, approvalThreshold: '100.00' });
      expect(agr.statusCode, agr.body).toBe(200);
      const d = await signInDebtor(r, c);
      const p = await inject('POST', `/api/v1/cases/${c.id}/payment-plans`, d.headers, { instalments: 3, firstDueDate: firstDue });
      expect(p.statusCode, p.body).toBe(201);
      plans[c.id] = p.json().id;
      expect((await inject('POST', `/api/v1/payment-plans/${p.json().id}/accept`, collector.headers, {})).statusCode).toBe(200);
    }
    const hold = await inject('POST', `/api/v1/cases/${cHold!.id}/holds`, collector.headers, { kind: 'dispute', reason: '债务人提出异议 disputes the amount' });
    expect(hold.statusCode, hold.body).toBe(201);
  });

  it('nothing is sent 6 days ahead (the setting is 5)', async () => {
    const before = (await messages()).length;
    const res = await runPlanCheck(r.db, { tenantId, asOf: day(4), at: `${day(4)}T02:00:00.000Z` }, { messenger: r.messenger, keys: keysOf(r) });
    expect(res.delivered).toEqual({ sent: 0, refused: 0, other: 0 });
    expect((await messages()).length).toBe(before);
  });

  it('5 days ahead the job sends the reminder once via the dev outbox; the hold case is refused with COL-80 and gets nothing', async () => {
    const before = await messages();
    await r.queue.send(planJob, { tenantId, asOf: day(5), at: `${day(5)}T02:00:00.000Z` });
    await r.queue.idle();
    const after = await messages();
    expect(after.length).toBe(before.length + 1);
    const m = after[after.length - 1]!;
    expect(m.channel).toBe('sms');
    expect(m.status).toBe('not_delivered'); // dev outbox: recorded, not really delivered
    expect(m.body).toContain(firstDue);
    expect(m.body).toContain('第1期');
    expect(m.body).toContain('回复TD退订');
    expect(m.recipient).toMatch(/^\+?\d{11,13}$/);

    const ok = (await inject('GET', `/api/v1/cases/${cOk!.id}/payment-plans`, collector.headers)).json().items[0];
    expect(ok.notices).toEqual([expect.objectContaining({ instalment: 1, kind: 'reminder', delivery: { channel: 'sms', outcome: 'sent', ruleIds: [] } })]);
    const held = (await inject('GET', `/api/v1/cases/${cHold!.id}/payment-plans`, collector.headers)).json().items[0];
    expect(held.notices).toHaveLength(1);
    expect(held.notices[0].delivery.outcome).toBe('refused');
    expect(held.notices[0].delivery.ruleIds).toContain('COL-80');

    // The contact log: an allowed SMS with outcome delivered for one case, a denial for the held one.
    const log = await withTenant(r.db, tenantId, (tx) => rows<{ case_id: string; decision: string; outcome: string | null }>(tx,
      sql`SELECT case_id, decision, outcome FROM compliance.contact_attempts WHERE case_id IN (${cOk!.id}, ${cHold!.id}) AND actor_id = 'system' AND channel = 'sms'`));
    expect(log.filter((x) => x.case_id === cOk!.id)).toEqual([{ case_id: cOk!.id, decision: 'allow', outcome: 'delivered' }]);
    expect(log.filter((x) => x.case_id === cHold!.id)).toEqual([{ case_id: cHold!.id, decision: 'deny', outcome: null }]);

    // Running again (another day inside the window) sends nothing more.
    await r.queue.send(planJob, { tenantId, asOf: day(7), at: `${day(7)}T02:00:00.000Z` });
    await r.queue.idle();
    expect((await messages()).length).toBe(after.length);
  });

  it('broken-instalment detection continues: a missed instalment after the grace days is recorded (not a reminder)', async () => {
    const res = await runPlanCheck(r.db, { tenantId, asOf: day(14), at: `${day(14)}T02:00:00.000Z` }, { messenger: r.messenger, keys: keysOf(r) });
    expect(res.notices).toBeGreaterThanOrEqual(2);
    const ok = (await inject('GET', `/api/v1/cases/${cOk!.id}/payment-plans`, collector.headers)).json().items[0];
    expect(ok.notices.map((n: { kind: string; instalment: number }) => `${n.kind}:${n.instalment}`)).toEqual(['reminder:1', 'missed:1']);
    // The missed notice is recorded, not sent as a reminder: still exactly one plan_reminder message for the case.
    expect(ok.notices.find((n: { kind: string }) => n.kind === 'missed').delivery).toBeNull();
  });
});
