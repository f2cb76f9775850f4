// CALC-02 over HTTP (whole app on PGlite, demo tenant): the case file carries the debt's limitation status; staff
// record limitation events (COL-91) and the status is recomputed from them; bad dates are 422 naming `on`.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';

const r = await testApp();
const PW = 'Recourse-demo-2026';
const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
const compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
const inject = (h: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  r.app.inject({ method, url, headers: h, ...(payload !== undefined ? { payload: payload as object } : {}) });
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('CALC-02 limitation status in the case file', () => {
  it('the case file carries state, expiry and the events it was computed from; a recorded demand restarts the clock', async () => {
    const items = (await inject(collector.headers, 'GET', '/api/v1/cases?pageSize=100')).json().items as Array<{ id: string; stage: string }>;
    const c = items.find((x) => x.stage !== 'closed')!;
    const before = (await inject(collector.headers, 'GET', `/api/v1/cases/${c.id}`)).json();
    expect(before.limitation.rule).toBe('CALC-02');
    expect(['running', 'interrupted', 'expired', 'waived_by_ack']).toContain(before.limitation.state);
    expect(before.limitation.knewOn > before.debt.dueDate).toBe(true);
    expect(before.limitation.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const ok = await inject(collector.headers, 'POST', `/api/v1/cases/${c.id}/limitation-events`, { type: 'demand_delivered', on: today, note: 'EMS EA123456789CN 已签收' });
    expect(ok.statusCode, ok.body).toBe(201);
    const lim = ok.json().limitation;
    // a demand delivered today, before expiry, restarts the 3 years from today; after expiry it would do nothing (COL-92)
    if (before.limitation.state === 'expired') {
      expect(lim.state).toBe('expired');
      expect(lim.events.at(-1)).toMatchObject({ effect: 'ignored_after_expiry' });
    } else {
      expect(lim.state).toBe('interrupted');
      expect(lim.runsFrom).toBe(today);
      expect(lim.expiresOn).toBe(`${Number(today.slice(0, 4)) + 3}${today.slice(4)}`);
      expect(lim.events).toContainEqual({ type: 'demand_delivered', on: today, source: 'recorded', note: 'EMS EA123456789CN 已签收', effect: 'restarted' });
    }
    const after = (await inject(collector.headers, 'GET', `/api/v1/cases/${c.id}`)).json();
    expect(after.limitation).toEqual(lim);
    const tl = (await inject(collector.headers, 'GET', `/api/v1/cases/${c.id}/timeline`)).json().items;
    expect(tl.at(-1).detail).toMatchObject({ what: 'limitation_event', data: { type: 'demand_delivered', on: today } });

    const future = await inject(collector.headers, 'POST', `/api/v1/cases/${c.id}/limitation-events`, { type: 'suit_filed', on: `${Number(today.slice(0, 4)) + 1}-01-01` });
    expect([future.statusCode, future.json().field]).toEqual([422, 'on']);
    const early = await inject(collector.headers, 'POST', `/api/v1/cases/${c.id}/limitation-events`, { type: 'debtor_agreed', on: before.debt.dueDate });
    expect([early.statusCode, early.json().field]).toEqual([422, 'on']);
    const bad = await inject(collector.headers, 'POST', `/api/v1/cases/${c.id}/limitation-events`, { type: 'phoned_mum', on: today });
    expect(bad.statusCode).toBe(400);
    expect((await inject(compliance.headers, 'POST', `/api/v1/cases/${c.id}/limitation-events`, { type: 'demand_delivered', on: today })).statusCode).toBe(403);
    const tl2 = (await inject(collector.headers, 'GET', `/api/v1/cases/${c.id}/timeline`)).json().items;
    expect(tl2.length).toBe(tl.length); // refused events left nothing behind
  });
});
