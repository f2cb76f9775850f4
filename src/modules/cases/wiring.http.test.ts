// HTTP tests of small case-file additions: GET /api/v1/cases/:id/state?at= (replayable state history).
import { describe, it, expect, beforeAll } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';

describe('GET /api/v1/cases/:id/state', () => {
  let r: Awaited<ReturnType<typeof testApp>>;
  let s: Awaited<ReturnType<typeof signIn>>;
  let caseId: string;
  beforeAll(async () => {
    r = await testApp();
    s = await signIn(r, 'demo', 'collector@demo.recourse.test', 'Recourse-demo-2026');
    const list = await r.app.inject({ method: 'GET', url: '/api/v1/cases', headers: s.headers });
    caseId = (list.json() as { items: { id: string }[] }).items[0]!.id;
  }, 120_000);

  it('returns the state now and refuses a bad date naming at', async () => {
    const now = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/state?at=${encodeURIComponent(new Date().toISOString())}`, headers: s.headers });
    expect(now.statusCode).toBe(200);
    expect(now.json().state.stage).toBeTypeOf('string');
    const bad = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/state?at=yesterday`, headers: s.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('at');
    const foreign = await r.app.inject({ method: 'GET', url: `/api/v1/cases/case_00000000000000000000000000/state?at=2026-01-01T00:00:00Z`, headers: s.headers });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('GET /api/v1/cases/:id lock holder (who and since when)', () => {
  it('shows the holder name and acquired time of the lock', async () => {
    const r = await testApp();
    const s = await signIn(r, 'demo', 'collector@demo.recourse.test', 'Recourse-demo-2026');
    const list = await r.app.inject({ method: 'GET', url: '/api/v1/cases', headers: s.headers });
    const id = (list.json() as { items: { id: string }[] }).items[0]!.id;
    const before = Date.now();
    const lk = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/lock`, headers: s.headers });
    expect(lk.statusCode).toBeLessThan(300);
    const f = await r.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: s.headers });
    const lock = f.json().lock as { holderName: string | null; since: string };
    expect(lock.holderName).toBeTypeOf('string');
    expect(lock.holderName!.length).toBeGreaterThan(0);
    expect(Date.parse(lock.since)).toBeGreaterThanOrEqual(before - 5000);
  }, 120_000);
});
