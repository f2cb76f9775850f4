import { describe, expect, it, beforeAll } from 'vitest';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, rows, sql, type Database } from '../../platform/db/index.js';
import {
  placeCase, transitionCase, placeHold, releaseHold, recordPromise, recordPayment, lockCase, unlockCase, getCase, getCaseStateAt,
  listCaseTimeline, searchCases, markFirstAction, assignCases, revokeEntrustment, createCreditor, recordEntrustment, submitLead,
  casePortalDirectory, createTask, completeTask,
} from './index.js';
import { createEntrustedCreditor, debtTerms, testDebtorKeys, personInput } from './testing.js';
import { newId } from '../../platform/ids.js';
import { findLogHead } from '../evidence/index.js';

const U = { a: newId('usr'), b: newId('usr'), x: newId('usr'), y: newId('usr'), one: newId('usr') };
const [first, second] = [U.x, U.y].sort();

let db: Database;
const keys = testDebtorKeys();
beforeAll(async () => {
  db = await getTestDb();
});
const H = 3_600_000;
const t0 = new Date('2026-03-02T02:00:00Z');
const at = (h: number) => new Date(t0.getTime() + h * H);

async function tenantWithCase(i = 1) {
  const t = await createTestTenant(db);
  const r = await withTenant(db, t.id, async (tx) => {
    const { creditor, entrustment } = await createEntrustedCreditor(tx);
    const placed = await placeCase(tx, keys, { creditorId: creditor.id, debtor: personInput(i), debt: debtTerms(i), at: t0 });
    return { creditor, entrustment, placed };
  });
  return { t, ...r };
}

describe('cases on the database', () => {
  it('places a case in intake with an immutable first event; the same contract cannot be placed twice (COL-73)', async () => {
    const { t, creditor, placed } = await tenantWithCase();
    const r = await withTenant(db, t.id, async (tx) => ({
      file: await getCase(tx, placed.caseId, at(1)),
      dup: await placeCase(tx, keys, { creditorId: creditor.id, debtor: personInput(1), debt: debtTerms(1, { contractNumber: ' ht-1 ' }) }).catch((e) => e),
    }));
    expect(r.file).toMatchObject({ stage: 'intake', ref: placed.ref, collectible: false, allowedTransitions: ['verification', 'closed'] });
    expect(r.file.sla.status).toBe('on_track');
    expect(r.file.position.principalFen).toBe(1_000_100n);
    // COL-02 / CALC-01 via the law module: 15 % agreed, formed 2024-01-01 → cut to 4 × LPR 3.45 % = 13.80 %
    expect(r.file.rateCap).toEqual({ bps: 1380n, source: 'law-module' });
    expect(r.file.position.appliedRateBps).toBe(1380n);
    expect(r.file.position.daysPastDue).toBeGreaterThan(400);
    expect(r.dup.code).toBe('CASES_ALREADY_PLACED');
  });

  it('COL-01/02/03: no placement without an entrustment in force; a revoked entrustment stops work but allows closing', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, async (tx) => {
      const bare = await createCreditor(tx, { code: 'BARE', name: '无委托债权人' });
      await expect(placeCase(tx, keys, { creditorId: bare.id, debtor: personInput(5), debt: debtTerms(5) })).rejects.toMatchObject({ code: 'CASES_ENTRUSTMENT_MISSING' });
      await expect(recordEntrustment(tx, {
        creditorId: bare.id, scopes: ['collection_outsourcing'], startsOn: '2026-01-01', endsOn: '2026-12-31', feeTermsRef: 'f', contractRef: 'c',
        lawfulDebtAttestation: { attestedBy: 'x' }, dpa: { ref: 'd', signedOn: '2026-01-01', purpose: 'p', piCategories: [], protectiveMeasures: 'm', endOfTerm: 'delete' },
      })).rejects.toThrow();
      const { creditor, entrustment } = await createEntrustedCreditor(tx);
      const p = await placeCase(tx, keys, { creditorId: creditor.id, debtor: personInput(6), debt: debtTerms(6), at: t0 });
      await revokeEntrustment(tx, entrustment.id, 'creditor recalled the portfolio', at(1));
      await expect(transitionCase(tx, { caseId: p.caseId, to: 'verification', at: at(2) })).rejects.toMatchObject({ code: 'CASES_ENTRUSTMENT_MISSING' });
      await expect(lockCase(tx, { caseId: p.caseId, userId: U.a, at: at(2) })).rejects.toMatchObject({ code: 'CASES_ENTRUSTMENT_MISSING' });
      const s = await transitionCase(tx, { caseId: p.caseId, to: 'closed', reason: 'recall', closeReason: 'recalled', at: at(3) });
      expect(s.stage).toBe('closed');
    });
  });

  it('transitions, holds and replay through the real timeline; invalid moves list the allowed ones', async () => {
    const { t, placed } = await tenantWithCase(2);
    const r = await withTenant(db, t.id, async (tx) => {
      const id = placed.caseId;
      await transitionCase(tx, { caseId: id, to: 'verification', at: at(1), actorId: U.one });
      await transitionCase(tx, { caseId: id, to: 'active', at: at(2), actorId: U.one });
      const bad = await transitionCase(tx, { caseId: id, to: 'enforcement', reason: 'x', at: at(3) }).catch((e) => e);
      const { holdId } = await placeHold(tx, { caseId: id, kind: 'dispute', reason: 'debtor disputes the balance', at: at(4) });
      const onHold = await transitionCase(tx, { caseId: id, to: 'negotiation', at: at(5) }).catch((e) => e);
      const listOnHold = await searchCases(tx, keys, { onHold: true }, at(5));
      await releaseHold(tx, { caseId: id, holdId, reason: 'statement accepted', at: at(6) });
      await transitionCase(tx, { caseId: id, to: 'negotiation', at: at(7) });
      return {
        bad, onHold, listOnHold, file: await getCase(tx, id, at(8)), past: await getCaseStateAt(tx, id, at(4.5)),
        timeline: await listCaseTimeline(tx, id),
        logSize: (await findLogHead(tx))?.size,
      };
    });
    expect(r.bad.code).toBe('CASES_TRANSITION_INVALID');
    expect(r.bad.extra.allowed).toEqual(['negotiation', 'payment_plan', 'legal', 'closed']);
    expect(r.onHold.code).toBe('CASES_ON_HOLD');
    expect(r.listOnHold.items.map((i) => i.id)).toEqual([placed.caseId]);
    expect(r.file.stage).toBe('negotiation');
    expect(r.file.collectible).toBe(true);
    expect(r.past.stage).toBe('active');
    expect(r.past.holds.map((h) => h.kind)).toEqual(['dispute']);
    expect(r.timeline.map((e) => e.type)).toEqual(['placed', 'transitioned', 'transitioned', 'hold_placed', 'hold_released', 'transitioned']);
    // BC-10: every timeline event went into the tenant's evidence log in the same transaction
    expect(r.logSize).toBe(6);
    expect(r.file.evidenceWired).toBe(true);
    // the SLA clock paused for the 2 h on hold: placed t0, no action, read at +8 h → 6 h elapsed
    expect(r.file.sla.pausedMs).toBe(2 * H);
  });

  it('the timeline is append-only for the application role', async () => {
    const { t, placed } = await tenantWithCase(3);
    const n = await withTenant(db, t.id, (tx) => rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM cases.case_events WHERE case_id = ${placed.caseId}`));
    expect(n[0].n).toBe(1);
    const denied = (e: unknown) => String((e as { cause?: Error }).cause?.message ?? e);
    expect(denied(await withTenant(db, t.id, (tx) => tx.execute(sql`UPDATE cases.case_events SET type = 'x' WHERE case_id = ${placed.caseId}`)).catch((e) => e))).toMatch(/permission denied/);
    expect(denied(await withTenant(db, t.id, (tx) => tx.execute(sql`DELETE FROM cases.case_events WHERE case_id = ${placed.caseId}`)).catch((e) => e))).toMatch(/permission denied/);
  });

  it('a resume date lifts the hold by itself', async () => {
    const { t, placed } = await tenantWithCase(4);
    const r = await withTenant(db, t.id, async (tx) => {
      await transitionCase(tx, { caseId: placed.caseId, to: 'verification', at: at(1) });
      await transitionCase(tx, { caseId: placed.caseId, to: 'active', at: at(2) });
      await placeHold(tx, { caseId: placed.caseId, kind: 'cease_contact', reason: 'in hospital', resumeAt: at(10), at: at(3) });
      return { before: await getCase(tx, placed.caseId, at(9)), after: await getCase(tx, placed.caseId, at(11)), list: await searchCases(tx, keys, { onHold: true }, at(11)) };
    });
    expect(r.before.collectible).toBe(false);
    expect(r.after.collectible).toBe(true);
    expect(r.list.items).toEqual([]);
  });

  it('locks: one collector at a time; others cannot transition until it expires or is released', async () => {
    const { t, placed } = await tenantWithCase(7);
    await withTenant(db, t.id, async (tx) => {
      await lockCase(tx, { caseId: placed.caseId, userId: U.a, ttlMinutes: 30, at: at(0) });
      await expect(lockCase(tx, { caseId: placed.caseId, userId: U.b, at: at(0.1) })).rejects.toMatchObject({ code: 'CASES_LOCKED' });
      await expect(transitionCase(tx, { caseId: placed.caseId, to: 'verification', actorId: U.b, at: at(0.2) })).rejects.toMatchObject({ code: 'CASES_LOCKED' });
      await transitionCase(tx, { caseId: placed.caseId, to: 'verification', actorId: U.a, at: at(0.3) });
      await lockCase(tx, { caseId: placed.caseId, userId: U.b, at: at(1) }); // expired → taken over
      await unlockCase(tx, { caseId: placed.caseId, userId: U.b });
      await lockCase(tx, { caseId: placed.caseId, userId: U.a, at: at(1.1) });
    });
  });

  it('promises resolve against recorded payments; payments are idempotent by external reference', async () => {
    const { t, placed } = await tenantWithCase(8);
    const now = new Date('2026-03-02T02:00:00Z');
    const r = await withTenant(db, t.id, async (tx) => {
      await transitionCase(tx, { caseId: placed.caseId, to: 'verification', at: now });
      await transitionCase(tx, { caseId: placed.caseId, to: 'active', at: now });
      const p1 = await recordPromise(tx, { caseId: placed.caseId, dueDate: '2026-03-10', amountFen: 50_000n, at: now });
      const p2 = await recordPromise(tx, { caseId: placed.caseId, dueDate: '2026-03-20', amountFen: 50_000n, at: now });
      const pay = await recordPayment(tx, { caseId: placed.caseId, paidOn: '2026-03-08', amountFen: 50_000n, source: 'escrow', externalRef: 'esc_1', at: now });
      const again = await recordPayment(tx, { caseId: placed.caseId, paidOn: '2026-03-08', amountFen: 50_000n, source: 'escrow', externalRef: 'esc_1', at: now });
      const past = await recordPromise(tx, { caseId: placed.caseId, dueDate: '2026-03-01', amountFen: 1n, at: now }).catch((e) => e);
      return { p1, p2, pay, again, past, file: await getCase(tx, placed.caseId, new Date('2026-03-25T02:00:00Z')) };
    });
    expect(r.again.duplicate).toBe(true);
    expect(r.past.code).toBe('CASES_PROMISE_INVALID');
    expect(r.file.promises.map((p) => [p.id, p.status])).toEqual([[r.p1.promiseId, 'kept'], [r.p2.promiseId, 'broken']]);
    expect(r.file.position.paidFen).toBe(50_000n);
  });

  it('first action stops the SLA clock once; assignment by workload and round robin persists', async () => {
    const t = await createTestTenant(db);
    const r = await withTenant(db, t.id, async (tx) => {
      const { creditor } = await createEntrustedCreditor(tx, { firstActionHours: 24 });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await placeCase(tx, keys, { creditorId: creditor.id, debtor: personInput(30 + i), debt: debtTerms(30 + i), at: t0 })).caseId);
      await markFirstAction(tx, { caseId: ids[0], kind: 'sms', at: at(20) });
      await markFirstAction(tx, { caseId: ids[0], kind: 'call', at: at(30) });
      const collectors = [{ id: U.x, active: true }, { id: U.y, active: true }];
      const rr1 = await assignCases(tx, { caseIds: ids.slice(0, 3), policy: { strategy: 'round_robin' }, collectors });
      const rr2 = await assignCases(tx, { caseIds: [ids[3]], policy: { strategy: 'round_robin' }, collectors });
      return { met: await getCase(tx, ids[0], at(40)), late: await getCase(tx, ids[1], at(25)), rr1, rr2 };
    });
    expect(r.met.sla.status).toBe('met');
    expect(r.late.sla.status).toBe('breached');
    expect(r.rr1.assigned.map((a) => a.collectorId)).toEqual([first, second, first]);
    expect(r.rr2.assigned.map((a) => a.collectorId)).toEqual([second]);
  });

  it('search by ref, contract number, pinyin; RLS hides other tenants; portal directory; leads; tasks', async () => {
    const a = await tenantWithCase(40);
    const b = await tenantWithCase(41);
    const r = await withTenant(db, a.t.id, async (tx) => {
      const { taskId } = await createTask(tx, { caseId: a.placed.caseId, kind: 'call', title: '首次联系' });
      await completeTask(tx, taskId);
      return {
        byRef: await searchCases(tx, keys, { q: a.placed.ref.toLowerCase() }),
        byContract: await searchCases(tx, keys, { q: 'ht-40' }),
        byPinyin: await searchCases(tx, keys, { q: 'csz' }),
        other: await searchCases(tx, keys, { q: b.placed.ref }),
        otherGet: await getCase(tx, b.placed.caseId).catch((e) => e),
        portal: await casePortalDirectory(keys).findCase(tx, a.placed.ref),
        lead: await submitLead(tx, keys, { name: '求助人', role: 'debtor', contact: '13912345678', message: '想协商还款', consent: true }),
        badLead: await submitLead(tx, keys, { name: 'x', role: 'debtor', contact: 'nothing', message: 'm', consent: true }).catch((e) => e),
      };
    });
    expect(r.byRef.items.map((i) => i.id)).toEqual([a.placed.caseId]);
    expect(r.byContract.total).toBe(1);
    expect(r.byPinyin.items[0].debtorName).toBe('测试张三');
    expect(r.other.total).toBe(0);
    expect(r.otherGet.code).toBe('CASES_NOT_FOUND');
    expect(r.portal).toMatchObject({ caseRef: a.placed.ref, phone: '13800000040' });
    expect(r.portal!.idNumber).toMatch(/^330106/);
    expect(r.lead.leadId).toMatch(/^lead_/);
    expect(r.badLead.code).toBe('CASES_LEAD_INVALID');
  });
});
