// A creditor user reads money only of the creditors it is linked to (cases.creditor_users); staff read all.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';

const PW = 'Recourse-demo-2026';

describe('ledger reads for the creditor role are limited to its linked creditors', { timeout: 300_000 }, () => {
  it('escrow list, one escrow, statements, fee agreement, recoveries and case ledgers', async () => {
    const r = await testApp();
    const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
    const cred = await signIn(r, 'demo', 'creditor@demo.recourse.test', PW);
    const get = (s: { headers: Record<string, string> }, url: string) => r.app.inject({ method: 'GET', url, headers: s.headers });

    const mine = new Set(((await get(cred, '/api/v1/creditor/overview')).json() as { creditors: { id: string }[] }).creditors.map((c) => c.id));
    const all = ((await get(admin, '/api/v1/ledger/escrow')).json() as { items: { creditorId: string }[] }).items.map((e) => e.creditorId);
    const others = all.filter((id) => !mine.has(id));
    expect(mine.size).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0); // the demo has creditors this user is not linked to

    const seen = ((await get(cred, '/api/v1/ledger/escrow')).json() as { items: { creditorId: string }[] }).items.map((e) => e.creditorId);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((id) => mine.has(id))).toBe(true);

    const own = [...mine][0];
    expect((await get(cred, `/api/v1/creditors/${own}/escrow`)).statusCode).toBe(200);
    for (const url of [`/api/v1/creditors/${others[0]}/escrow`, `/api/v1/creditors/${others[0]}/statements`, `/api/v1/creditors/${others[0]}/fee-agreement`, `/api/v1/ledger/recoveries?creditorId=${others[0]}`]) {
      expect((await get(cred, url)).statusCode, url).toBe(404);
      expect((await get(admin, url)).statusCode, url).not.toBe(404);
    }
    expect((await get(cred, '/api/v1/ledger/recoveries')).statusCode).toBe(200);

    // A case of a creditor the user is not linked to: 404 for the creditor user, 200 for staff.
    const cases = ((await get(admin, `/api/v1/cases?creditorId=${others[0]}&pageSize=1`)).json() as { items: { id: string }[] }).items;
    expect(cases.length).toBe(1);
    expect((await get(cred, `/api/v1/cases/${cases[0].id}/ledger`)).statusCode).toBe(404);
    expect((await get(admin, `/api/v1/cases/${cases[0].id}/ledger`)).statusCode).toBe(200);
  });
});
