// COL-31 reachability derived on the server (whole app via inject, demo tenant): a caller's claim of "out of contact"
// never lets a third-party contact through; N consecutive failures on every line, an invalid number, or a staff mark
// (with a reason, evidence leaf) make the debtor unreachable. Plus the rule-settings routes: stricter accepted,
// looser refused naming the field, the history with who/why/diff, and the COL-12 holiday calendar.
import { describe, expect, it } from 'vitest';
import { signIn, testApp } from '../../../test/support/app.js';
import { addDays, atLocal, localDate } from './time.js';

const r = await testApp();
const PW = 'Recourse-demo-2026';
const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
const officer = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
const json = (s: { headers: Record<string, string> }) => ({ ...s.headers, 'content-type': 'application/json' });
const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, s = collector, payload?: object) =>
  r.app.inject({ method, url, headers: payload ? json(s) : s.headers, ...(payload ? { payload } : {}) });

interface Line { id: string; kind: string; suppressed: boolean }
const list = (await inject('GET', '/api/v1/cases?pageSize=24')).json().items as Array<{ id: string }>;
const free: Array<{ id: string; tz: string; debtorId: string; lines: Line[] }> = [];
for (const c of list) {
  const f = (await inject('GET', `/api/v1/cases/${c.id}`)).json();
  if (f.stage !== 'closed' && f.holds.length === 0 && !free.some((x) => x.debtorId === f.debtor.id)) {
    free.push({ id: c.id, tz: f.debtor.timeZone, debtorId: f.debtor.id, lines: f.debtor.contactPoints });
  }
}
const take = (pred: (c: (typeof free)[number]) => boolean = () => true) => {
  const i = free.findIndex(pred);
  expect(i, 'a demo case fitting the test').toBeGreaterThanOrEqual(0);
  return free.splice(i, 1)[0];
};
const dayAt = (tz: string, daysAgo: number, hh: number) => atLocal(addDays(localDate(new Date(), tz), -daysAgo), hh * 60, tz).toISOString();
const thirdParty = { kind: 'third_party', contactId: 'rp_mother_1', relation: 'parent', debtRelated: false, purpose: 'locate' } as const;
const record = (body: object) => inject('POST', '/api/v1/contacts', collector, body);

describe('COL-31 reachability is derived by the server', () => {
  it('a collector cannot bypass COL-31 by claiming outOfContact:true — the server derivation wins', async () => {
    const c = take();
    const at = dayAt(c.tz, 1, 10);
    const claim = await inject('POST', '/api/v1/contacts/check', collector, {
      debtorId: c.debtorId, caseId: c.id, channel: 'voice_agent', debtorTimeZone: c.tz, at, target: thirdParty,
      reachability: { outOfContact: true, numberInvalid: true },
    });
    expect(claim.statusCode, claim.body).toBe(200);
    expect(claim.json().decision).toBe('deny');
    expect(claim.json().fired.map((f: { ruleId: string }) => f.ruleId)).toContain('COL-31');
    expect(claim.json().reachability).toMatchObject({ unreachable: false });
    expect(claim.json().reachability.reasonEn).toContain('reachable');
    // The recorded path and the composer preview refuse the same contact, and say why.
    const rec = await record({ caseId: c.id, channel: 'voice_agent', target: thirdParty, outcomeCode: 'third_party_message', at });
    expect(rec.statusCode, rec.body).toBe(409);
    expect(rec.json().rules).toContain('COL-31');
    const reason = (rec.json().decision.fired as Array<{ ruleId: string; reasonEn: string }>).find((f) => f.ruleId === 'COL-31')!.reasonEn;
    expect(reason).toMatch(/reachable/);
  });

  it('N consecutive failed attempts on every phone and e-mail line make the debtor unreachable; fewer do not', async () => {
    const c = take((x) => x.lines.some((l) => l.kind === 'phone' && !l.suppressed));
    const lines = c.lines.filter((l) => (l.kind === 'phone' || l.kind === 'email') && !l.suppressed);
    const before = (await inject('GET', `/api/v1/cases/${c.id}/reachability`)).json();
    expect(before).toMatchObject({ unreachable: false, threshold: 3 });
    // Three failed attempts per line, an hour apart (COL-47 gap), at most two e-mails per local day (COL-22).
    const plan: Array<{ line: Line; at: string }> = [];
    let day = 6;
    let hour = 9;
    let emailsToday = 0;
    for (const line of lines) {
      for (let k = 0; k < 3; k++) {
        if (hour > 20 || (line.kind === 'email' && emailsToday >= 2)) { day--; hour = 9; emailsToday = 0; }
        plan.push({ line, at: dayAt(c.tz, day, hour) });
        hour++;
        if (line.kind === 'email') emailsToday++;
      }
    }
    for (const [i, p] of plan.entries()) {
      const res = await record({ caseId: c.id, channel: p.line.kind === 'email' ? 'email' : 'voice_agent', contactPointId: p.line.id,
        outcomeCode: p.line.kind === 'email' ? 'wrong_number' : 'no_answer', at: p.at });
      expect(res.statusCode, res.body).toBe(201);
      if (i === plan.length - 2) {
        // One attempt short on the last line: still reachable, and the gate says which line.
        const mid = (await inject('GET', `/api/v1/cases/${c.id}/reachability`)).json();
        expect(mid.unreachable).toBe(false);
        expect(mid.lines.some((l: { state: string; failures: number }) => l.state === 'ok' && l.failures === 2)).toBe(true);
      }
    }
    const after = (await inject('GET', `/api/v1/cases/${c.id}/reachability`)).json();
    expect(after).toMatchObject({ unreachable: true, failedOnAllChannels: true });
    expect(after.reasonEn).toContain('3 consecutive failed attempts on every channel');
    const tp = await inject('POST', `/api/v1/cases/${c.id}/contacts/check`, collector, { channel: 'voice_agent', target: thirdParty, at: dayAt(c.tz, 1, 15) });
    expect(tp.statusCode, tp.body).toBe(200);
    expect(tp.json().fired.map((f: { ruleId: string }) => f.ruleId)).not.toContain('COL-31');
  });

  it('"wrong number" marks that number invalid: the debtor with no other phone is unreachable and the number is not dialled again', async () => {
    const c = take((x) => x.lines.filter((l) => l.kind === 'phone' && !l.suppressed).length === 1);
    const phone = c.lines.find((l) => l.kind === 'phone' && !l.suppressed)!;
    const res = await record({ caseId: c.id, channel: 'voice_agent', contactPointId: phone.id, outcomeCode: 'wrong_number', at: dayAt(c.tz, 2, 10) });
    expect(res.statusCode, res.body).toBe(201);
    const reach = (await inject('GET', `/api/v1/cases/${c.id}/reachability`)).json();
    expect(reach).toMatchObject({ unreachable: true, numberInvalid: true });
    expect(reach.lines.find((l: { contactPointId: string }) => l.contactPointId === phone.id).state).toBe('invalid');
    const again = await inject('POST', `/api/v1/cases/${c.id}/contacts/check`, collector, { channel: 'voice_agent', contactPointId: phone.id, at: dayAt(c.tz, 1, 10) });
    expect(again.json().decision).toBe('deny');
    const tp = await inject('POST', `/api/v1/cases/${c.id}/contacts/check`, collector, { channel: 'voice_agent', target: thirdParty, at: dayAt(c.tz, 1, 10) });
    expect(tp.json().fired.map((f: { ruleId: string }) => f.ruleId)).not.toContain('COL-31');
  });

  it('staff mark out of contact with a reason (evidence leaf); clearing it makes the debtor reachable again; bad input 400, foreign case 404', async () => {
    const c = take();
    const short = await inject('POST', `/api/v1/cases/${c.id}/reachability/marks`, collector, { kind: 'out_of_contact', reason: 'x' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('reason');
    const mark = await inject('POST', `/api/v1/cases/${c.id}/reachability/marks`, collector, { kind: 'out_of_contact', reason: '户籍地走访确认已搬离，电话停机' });
    expect(mark.statusCode, mark.body).toBe(201);
    const reach = (await inject('GET', `/api/v1/cases/${c.id}/reachability`)).json();
    expect(reach).toMatchObject({ unreachable: true, outOfContact: true });
    expect(reach.marks[0]).toMatchObject({ kind: 'out_of_contact', reason: '户籍地走访确认已搬离，电话停机' });
    const tp = await inject('POST', `/api/v1/cases/${c.id}/contacts/check`, collector, { channel: 'voice_agent', target: thirdParty, at: dayAt(c.tz, 1, 11) });
    expect(tp.json().fired.map((f: { ruleId: string }) => f.ruleId)).not.toContain('COL-31');
    const ev = await inject('GET', `/api/v1/evidence/items?caseId=${c.id}`, officer);
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.body).toContain('reachability.marked');
    const cleared = await inject('POST', `/api/v1/cases/${c.id}/reachability/marks/${mark.json().id}/clear`, collector, { reason: '债务人回电，已恢复联系' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect((await inject('GET', `/api/v1/cases/${c.id}/reachability`)).json()).toMatchObject({ unreachable: false, marks: [] });
    const twice = await inject('POST', `/api/v1/cases/${c.id}/reachability/marks/${mark.json().id}/clear`, collector, { reason: 'again, again' });
    expect(twice.statusCode).toBe(404);
    expect((await inject('GET', '/api/v1/cases/case_zzzzzzzzzzzzzzzzzzzzzzzzzz/reachability')).statusCode).toBe(404);
  });
});

describe('rule settings over HTTP', () => {
  it('the table lists each rule with ID, reasons, value and source; stricter saved, looser refused naming the field; history shows who, why and the diff', async () => {
    const t0 = (await inject('GET', '/api/v1/compliance/rules', officer)).json().table;
    const row = (t: { rows: Array<{ field: string | null; value: unknown; source: string; ruleId: string; reasonZh: string }> }, f: string) => t.rows.find((x) => x.field === f)!;
    expect(row(t0, 'caps.voice_conversations_per_day')).toMatchObject({ ruleId: 'COL-20', value: 3, source: 'rule_set' });
    expect(t0.rows.find((x: { ruleId: string }) => x.ruleId === 'COL-10')).toMatchObject({ field: null, value: '22:00-08:00' });
    const looser = await inject('PUT', '/api/v1/compliance/rules', officer, { jurisdiction: 'CN', overrides: { caps: { voice_conversations_per_day: 5 } }, reason: 'try' });
    expect(looser.statusCode).toBe(422);
    expect(looser.json()).toMatchObject({ code: 'COMPLIANCE_OVERRIDE_LOOSER', field: 'caps.voice_conversations_per_day' });
    const byCollector = await inject('PUT', '/api/v1/compliance/rules', collector, { jurisdiction: 'CN', overrides: { minGapMinutes: 60 } });
    expect(byCollector.statusCode).toBe(403);
    const ok = await inject('PUT', '/api/v1/compliance/rules', officer, { jurisdiction: 'CN', overrides: { caps: { voice_conversations_per_day: 2 }, minGapMinutes: 60 }, reason: '投诉率上升，收紧频次' });
    expect(ok.statusCode, ok.body).toBe(200);
    const t1 = (await inject('GET', '/api/v1/compliance/rules', officer)).json().table;
    expect(row(t1, 'caps.voice_conversations_per_day')).toMatchObject({ value: 2, baseValue: 3, source: 'tenant' });
    expect(row(t1, 'minGapMinutes')).toMatchObject({ value: 60, source: 'tenant' });
    const hist = await inject('GET', '/api/v1/compliance/rules/history', officer);
    expect(hist.statusCode, hist.body).toBe(200);
    const [latest] = hist.json().items;
    expect(latest).toMatchObject({ reason: '投诉率上升，收紧频次', changedBy: officer.body.user.id });
    expect(latest.changedByName).toBeTruthy();
    expect(latest.diff).toEqual([{ field: 'caps.voice_conversations_per_day', from: null, to: '2' }, { field: 'minGapMinutes', from: null, to: '60' }]);
    // Back to the rule set's values (never looser than it), so the demo tenant is as before.
    expect((await inject('PUT', '/api/v1/compliance/rules', officer, { jurisdiction: 'CN', overrides: {}, reason: 'reset' })).statusCode).toBe(200);
  });

  it('COL-12 holidays: officers add, list and remove; collectors may not; the gate refuses calls on a holiday', async () => {
    const c = take();
    const day = localDate(new Date(dayAt(c.tz, 1, 12)), c.tz);
    expect((await inject('PUT', `/api/v1/compliance/holidays/${day}`, collector, { name: '测试假日' })).statusCode).toBe(403);
    const put = await inject('PUT', `/api/v1/compliance/holidays/${day}`, officer, { name: '测试假日' });
    expect(put.statusCode, put.body).toBe(200);
    const items = (await inject('GET', `/api/v1/compliance/holidays?year=${day.slice(0, 4)}`, officer)).json().items;
    expect(items).toContainEqual({ day, name: '测试假日' });
    const call = await inject('POST', `/api/v1/cases/${c.id}/contacts/check`, collector, { channel: 'voice_agent', at: dayAt(c.tz, 1, 12) });
    expect(call.json().fired.map((f: { ruleId: string }) => f.ruleId)).toContain('COL-12');
    expect((await inject('DELETE', `/api/v1/compliance/holidays/${day}`, officer)).statusCode).toBe(204);
    const missing = await inject('DELETE', `/api/v1/compliance/holidays/${day}`, officer);
    expect(missing.statusCode).toBe(404);
    expect((await inject('PUT', '/api/v1/compliance/holidays/2026-13-01', officer, { name: 'x' })).statusCode).toBe(400);
  });
});
