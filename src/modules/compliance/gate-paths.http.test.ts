// One gate, four paths: every scenario of gate-scenarios.ts (≥150, each citing its rule) is put to the HTTP check
// (POST /api/v1/contacts/check), the composer preview (POST /api/v1/cases/:id/contacts/check), the campaign planner
// (the same fact loader, planCampaign at that instant) and the dialer record path (recordContact, rolled back), and
// all four must give the decision the spec requires. Then the facts the caller used to assert: holds on the HTTP
// route, a recorded touch on a held case (breach), party suppression, a check that has no side effects.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../platform/db/index.js';
import { signIn, testApp } from '../../../test/support/app.js';
import { planCampaign } from './campaign-planner.js';
import { recordContact } from './check-contact.js';
import { assembleContactFacts, loadCaseFacts } from './contact-facts.js';
import { MESSAGES, PATH_SCENARIOS, type PathScenario } from './gate-scenarios.js';
import { loadEffectiveRules, loadGateContexts } from './store.js';
import { addDays, atLocal, localDate } from './time.js';

const r = await testApp();
const PW = 'Recourse-demo-2026';
const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
const officer = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
const tenantId = collector.body.tenant.id;
const json = (s: { headers: Record<string, string> }) => ({ ...s.headers, 'content-type': 'application/json' });
const list = (await r.app.inject({ method: 'GET', url: '/api/v1/cases?pageSize=24', headers: collector.headers })).json().items as Array<{ id: string }>;
const files: Array<{ id: string; stage: string; holds: unknown[]; debtor: { id: string; timeZone: string }; creditor: { name: string }; limitation: { state: string } }> = [];
for (const c of list) files.push((await r.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: collector.headers })).json());
const free = files.filter((f, i) => f.stage !== 'closed' && f.holds.length === 0 && f.limitation.state !== 'expired' && files.findIndex((g) => g.debtor.id === f.debtor.id) === i);
const agency = (await withTenant(r.db, tenantId, (tx) => loadCaseFacts(tx, free[0].id))).names!.agencyName;

/** Two days ago in the debtor's zone (no contact in the log for these debtors, so only the scenario's own rules fire). */
const at = (tz: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return atLocal(addDays(localDate(new Date(), tz), -2), h * 60 + m, tz).toISOString();
};
const ids = (fired: Array<{ ruleId: string }>) => [...new Set(fired.map((f) => f.ruleId))].sort();

async function fourPaths(caseId: string, s: PathScenario, tz: string, creditor: string) {
  const text = MESSAGES[s.message].build(agency, creditor);
  const when = at(tz, s.time);
  const body = { channel: s.channel, at: when, ...(text ? { text } : {}), ...(s.channel === 'field_visit' ? { staffCount: 2 } : {}) };
  const http = await r.app.inject({ method: 'POST', url: '/api/v1/contacts/check', headers: json(collector), payload: { caseId, ...body, target: { kind: 'debtor' } } });
  expect(http.statusCode, http.body).toBe(200);
  const composer = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/contacts/check`, headers: json(collector), payload: body });
  expect(composer.statusCode, composer.body).toBe(200);
  const planner = await withTenant(r.db, tenantId, async (tx) => {
    const rules = await loadEffectiveRules(tx);
    const cf = await loadCaseFacts(tx, caseId, new Date(when));
    const g = await loadGateContexts(tx, { debtorIds: [cf.debtorId], at: when, rules });
    const { attempt, ctx } = assembleContactFacts({ request: { caseId, channel: s.channel, target: { kind: 'debtor' }, text }, at: when, rules, caseFacts: cf,
      debtor: g.byDebtor.get(cf.debtorId)!, holidays: g.holidays, text, templateApproved: false });
    const { rules: _r, history, ...facts } = ctx;
    const { at: _a, channel: _c, ...att } = attempt;
    const plan = planCampaign({ rules, channel: s.channel, templateId: 'free_text', templateApproved: false, from: when, to: new Date(Date.parse(when) + 1).toISOString(),
      cases: [{ caseId, debtorId: cf.debtorId, debtorTimeZone: cf.timeZone, history, facts, attempt: att }] });
    return plan.planned.length ? { decision: 'allow', ids: [] as string[] } : { decision: 'deny', ids: ids(plan.skipped[0].fired) };
  });
  // The dialer's record path, in a transaction that is rolled back so the scenarios do not feed each other's caps.
  let dialer: { decision: string; ids: string[] } | null = null;
  await withTenant(r.db, tenantId, async (tx) => {
    const d = await recordContact(tx, { caseId, channel: s.channel, at: when, target: { kind: 'debtor' }, ...(text ? { text } : {}), source: 'dialer' });
    dialer = { decision: d.decision, ids: ids(d.fired) };
    throw new Error('rollback');
  }).catch((e: Error) => { if (e.message !== 'rollback') throw e; });
  return {
    http: { decision: http.json().decision, ids: ids(http.json().fired) },
    composer: { decision: composer.json().decision, ids: ids(composer.json().fired) },
    planner, dialer: dialer!,
  };
}

describe('one gate: the HTTP check, the composer preview, the campaign planner and the dialer decide alike', () => {
  it(`has at least 150 scenarios, each citing the rules it expects (${PATH_SCENARIOS.length})`, () => {
    expect(PATH_SCENARIOS.length).toBeGreaterThanOrEqual(150);
    expect(free.length).toBeGreaterThanOrEqual(3);
  });
  // One case per channel: checks have no side effects and the dialer's records are rolled back.
  for (const s of PATH_SCENARIOS) {
    it(s.name, async () => {
      const f = free[['sms', 'email', 'im', 'letter', 'voice_agent'].indexOf(s.channel) % free.length];
      const want = { decision: s.allow ? 'allow' : 'deny', ids: s.rules };
      const got = await fourPaths(f.id, s, f.debtor.timeZone, f.creditor.name);
      expect(got).toEqual({ http: want, composer: want, planner: want, dialer: want });
    });
  }
});

describe('facts come from the records, on every path', () => {
  it('a check has no side effects: asking twice leaves the contact log empty and returns the same checkId', async () => {
    const f = free[free.length - 1];
    const body = { caseId: f.id, channel: 'voice_agent', at: at(f.debtor.timeZone, '10:00'), target: { kind: 'debtor' } };
    const a = (await r.app.inject({ method: 'POST', url: '/api/v1/contacts/check', headers: json(collector), payload: body })).json();
    const b = (await r.app.inject({ method: 'POST', url: '/api/v1/contacts/check', headers: json(collector), payload: body })).json();
    expect(a.checkId).toMatch(/^chk_[0-9a-f]{32}$/);
    expect(b.checkId).toBe(a.checkId);
    const log = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${f.id}/contacts`, headers: collector.headers })).json().items;
    expect(log).toHaveLength(0);
  });

  it('caller-asserted facts are ignored: timeBarred:false, names and debtRelated cannot open a contact; an unknown party is refused (COL-33)', async () => {
    const f = free[free.length - 1];
    const r1 = await r.app.inject({ method: 'POST', url: '/api/v1/contacts/check', headers: json(collector), payload: {
      caseId: f.id, channel: 'voice_agent', at: at(f.debtor.timeZone, '10:00'), timeBarred: false, names: { agencyName: 'x' },
      target: { kind: 'third_party', contactId: 'rp_not_on_record', purpose: 'collect', debtRelated: true, relation: 'guarantor' } } });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().decision).toBe('deny');
    expect(ids(r1.json().fired)).toContain('COL-33');
  });

  it('a deceased hold refuses the HTTP check (not only the composer); a touch recorded anyway is stored as a breach with the rule (COL-31)', async () => {
    const f = free[free.length - 2];
    const hold = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${f.id}/holds`, headers: json(officer), payload: { kind: 'deceased', reason: 'death certificate received' } });
    expect(hold.statusCode, hold.body).toBeLessThan(300);
    const chk = (await r.app.inject({ method: 'POST', url: '/api/v1/contacts/check', headers: json(collector), payload: { caseId: f.id, channel: 'voice_agent', target: { kind: 'debtor' } } })).json();
    expect(chk.decision).toBe('deny');
    expect(ids(chk.fired)).toContain('COL-31');
    const touch = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${f.id}/touches`, headers: json(collector), payload: { outcomeCode: 'contacted_promise', channel: 'phone' } });
    expect(touch.statusCode, touch.body).toBe(201);
    expect(touch.json().compliance).toMatchObject({ decision: 'deny', breach: true });
    expect(touch.json().compliance.ruleIds).toContain('COL-31');
    const breaches = (await r.app.inject({ method: 'GET', url: '/api/v1/compliance/breaches', headers: officer.headers })).json().items as Array<{ caseId: string; fired: Array<{ ruleId: string }> }>;
    expect(breaches.some((b) => b.caseId === f.id && b.fired.some((x) => x.ruleId === 'COL-31'))).toBe(true);
  });

  it('a number-and-channel opt-out refuses SMS to that number only (COL-22)', async () => {
    const f = free[free.length - 3];
    const file = (await r.app.inject({ method: 'GET', url: `/api/v1/cases/${f.id}`, headers: collector.headers })).json();
    const phone = (file.debtor.contactPoints as Array<{ id: string; kind: string; suppressed: boolean }>).find((p) => p.kind === 'phone' && !p.suppressed);
    expect(phone).toBeTruthy();
    const o = await r.app.inject({ method: 'POST', url: `/api/v1/cases/${f.id}/opt-outs`, headers: json(collector), payload: { channel: 'sms', contactPointId: phone!.id, reason: '请勿再发短信' } });
    expect(o.statusCode, o.body).toBe(201);
    const when = at(f.debtor.timeZone, '10:00');
    const text = MESSAGES.polite.build(agency, f.creditor.name);
    const sms = (await r.app.inject({ method: 'POST', url: `/api/v1/cases/${f.id}/contacts/check`, headers: json(collector), payload: { channel: 'sms', contactPointId: phone!.id, at: when, text } })).json();
    expect(sms.decision).toBe('deny');
    expect(ids(sms.fired)).toEqual(['COL-22']);
    const call = (await r.app.inject({ method: 'POST', url: `/api/v1/cases/${f.id}/contacts/check`, headers: json(collector), payload: { channel: 'voice_agent', contactPointId: phone!.id, at: when } })).json();
    expect(call.decision).toBe('allow');
  });
});
