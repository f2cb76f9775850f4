// Database-backed gate: the same scenario table, with history, holds, suppressions, consents, holidays and
// templates loaded from PGlite/Postgres under RLS; plus rule-config versions, the decision log, complaints (COL-80).
import { beforeAll, describe, expect, it } from 'vitest';
import { sql, withTenant, type Database, type Tx } from '../../platform/db/index.js';
import { createTestTenant, getTestDb } from '../../platform/db/testing.js';
import { newId } from '../../platform/ids.js';
import type { ContactHistoryEntry } from './contact-gate.js';
import { CN_2026_1 } from './rule-sets.js';
import { approveTemplate, draftTemplate, getStarterTemplate, submitTemplate } from './scripts-library.js';
import {
  addSuppression, answerComplaint, logDecisionWithFacts, listContactLog, listOverdueComplaints, listRuleConfigHistory, loadEffectiveRules,
  openComplaint, extendComplaint, placeHold, recordContactOutcome, recordQuietHoursConsent, saveRuleConfig, saveTemplateRecord, setHoliday, templateUsage,
} from './store.js';
import { DAY, localIso, makeAttempt, SCENARIOS } from './testing.js';

let db: Database;
beforeAll(async () => {
  db = await getTestDb();
});

async function seedHistory(tx: Tx, debtorId: string, history: ContactHistoryEntry[]) {
  for (const h of history) {
    await tx.execute(sql`INSERT INTO compliance.contact_attempts (tenant_id, id, debtor_id, case_id, channel, target_kind, third_party_contact_id,
        contact_point_id, attempted_at, decision, rule_set_id, outcome, content_hash)
      VALUES (current_setting('app.tenant_id', true), ${newId('cat')}, ${debtorId}, ${h.caseId ?? null}, ${h.channel}, ${h.target},
        ${h.thirdPartyContactId ?? null}, ${h.contactPointId ?? null}, ${String(h.at)}::timestamptz, 'allow', 'seed', ${h.outcome}, ${h.contentHash ?? null})`);
  }
}

async function approvedTemplate(tx: Tx, id: string) {
  let r = draftTemplate({ ...getStarterTemplate('auto_voice_reminder'), id }, 'usr_author');
  r = approveTemplate(submitTemplate(r, 'usr_author', '2026-01-01T00:00:00Z'), { userId: 'usr_officer', roles: ['compliance_officer'] }, '2026-01-02T00:00:00Z');
  await saveTemplateRecord(tx, r);
}

describe('scenario table on the database', () => {
  it(`runs all ${SCENARIOS.length} scenarios through logDecisionWithFacts and records each decision`, async () => {
    const failures: string[] = [];
    for (const row of SCENARIOS) {
      const tenant = await createTestTenant(db);
      const debtorId = newId('dbt');
      const a = makeAttempt(row.a);
      const c = row.c ?? {};
      const d = await withTenant(db, tenant.id, async (tx) => {
        await seedHistory(tx, debtorId, c.history ?? []);
        for (const h of c.holds ?? []) await placeHold(tx, { debtorId, kind: h.kind, since: h.since ?? '2000-01-01T00:00:00Z', until: h.until ?? undefined, createdBy: 'usr_t' });
        for (const s of c.suppressions ?? []) await addSuppression(tx, { debtorId, contactId: s.contactId, contactPointId: s.contactPointId, ruleId: 'COL-32', createdBy: 'usr_t' });
        for (const ch of c.channelOptOuts ?? []) await addSuppression(tx, { debtorId, channel: ch, ruleId: 'COL-22', createdBy: 'usr_t' });
        for (const q of c.quietHoursConsents ?? []) await recordQuietHoursConsent(tx, { debtorId, grantedAt: q.grantedAt, revokedAt: q.revokedAt ?? undefined, expiresAt: q.expiresAt ?? undefined, channel: 'voice', recordingId: q.recordingId });
        for (const day of c.holidays ?? []) await setHoliday(tx, day, 'holiday');
        if (a.templateId && a.templateApproved) await approvedTemplate(tx, a.templateId);
        const { at, ...rest } = a;
        const decision = await logDecisionWithFacts(tx, {
          debtorId, caseId: a.caseId, attempt: { ...rest, at: String(at) }, rules: c.rules ?? CN_2026_1,
          reachability: c.reachability, names: c.names, timeBarred: c.timeBarred, actorId: 'usr_t',
        });
        const log = await listContactLog(tx, debtorId, 1);
        return { decision, log };
      });
      const ids = [...new Set(d.decision.fired.map((f) => f.ruleId))].sort();
      const want = [...(row.rules ?? [])].sort();
      const expected = row.allow ? 'allow' : 'deny';
      if (d.decision.decision !== expected || JSON.stringify(ids) !== JSON.stringify(want)) failures.push(`${row.name}: got ${d.decision.decision} ${ids.join(',')}`);
      if (d.log[0]?.id !== d.decision.attemptId || d.log[0].decision !== expected || JSON.stringify([...d.log[0].ruleIds].sort()) !== JSON.stringify(want)) failures.push(`${row.name}: log ${JSON.stringify(d.log[0])}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('compliance store', () => {
  it('rule configuration: versions kept, looser overrides rejected, latest applies (COL-20, COL-11)', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, async (tx) => {
      expect((await loadEffectiveRules(tx)).id).toBe('CN-2026.1');
      await saveRuleConfig(tx, { jurisdiction: 'CN', overrides: { caps: { voice_conversations_per_day: 2 } }, changedBy: 'usr_a', reason: 'stricter' });
      await expect(saveRuleConfig(tx, { jurisdiction: 'CN', overrides: { caps: { voice_conversations_per_day: 5 } }, changedBy: 'usr_a' }))
        .rejects.toMatchObject({ code: 'COMPLIANCE_OVERRIDE_LOOSER', field: 'caps.voice_conversations_per_day' });
      await saveRuleConfig(tx, { jurisdiction: 'CN', overrides: { caps: { voice_conversations_per_day: 1 } }, changedBy: 'usr_b' });
      const hist = await listRuleConfigHistory(tx);
      expect(hist.map((h) => [h.version, h.changedBy])).toEqual([[2, 'usr_b'], [1, 'usr_a']]);
      const rules = await loadEffectiveRules(tx);
      expect(rules.caps.find((c) => c.key === 'voice_conversations_per_day')!.max).toBe(1);
    });
  });

  it('COL-23 decisions recorded on one case count for the debtor on another; outcomes feed the caps (COL-20)', async () => {
    const t = await createTestTenant(db);
    const debtorId = newId('dbt');
    await withTenant(db, t.id, async (tx) => {
      for (const [i, time] of ['09:00', '10:00', '11:00'].entries()) {
        const d = await logDecisionWithFacts(tx, { debtorId, caseId: `case_${i}`, attempt: { ...makeAttempt(), at: localIso(time) } });
        expect(d.decision).toBe('allow');
        await recordContactOutcome(tx, d.attemptId, 'answered', localIso(time));
      }
      const fourth = await logDecisionWithFacts(tx, { debtorId, caseId: 'case_9', attempt: { ...makeAttempt(), at: localIso('12:00') } });
      expect(fourth.decision).toBe('deny');
      expect(fourth.fired.map((f) => f.ruleId)).toEqual(['COL-20']);
      await expect(recordContactOutcome(tx, fourth.attemptId, 'answered')).rejects.toMatchObject({ code: 'COMPLIANCE_CONTACT_DENIED' });
      expect((await listContactLog(tx, debtorId)).map((l) => l.decision)).toEqual(['deny', 'allow', 'allow', 'allow']);
    });
  });

  it('COL-85 only approved templates count as approved; allowed use increments the usage count', async () => {
    const t = await createTestTenant(db);
    const debtorId = newId('dbt');
    await withTenant(db, t.id, async (tx) => {
      const draft = draftTemplate(getStarterTemplate('auto_voice_plan'), 'usr_author');
      await saveTemplateRecord(tx, draft);
      const attempt = { ...makeAttempt({ channel: 'voice_automated', templateId: 'auto_voice_plan', templateApproved: true }), at: localIso('10:00') };
      const denied = await logDecisionWithFacts(tx, { debtorId, attempt });
      expect(denied.fired.map((f) => f.ruleId)).toEqual(['COL-85']);
      const approved = approveTemplate(submitTemplate(draft, 'usr_author', '2026-01-01T00:00:00Z'), { userId: 'usr_o', roles: ['compliance_officer'] }, '2026-01-02T00:00:00Z');
      await saveTemplateRecord(tx, approved);
      const ok = await logDecisionWithFacts(tx, { debtorId, attempt: { ...attempt, at: localIso('11:00') } });
      expect(ok.decision).toBe('allow');
      expect(await templateUsage(tx, 'auto_voice_plan')).toEqual([{ version: 1, state: 'approved', usageCount: 1 }]);
      const n = await tx.execute(sql`SELECT count(*)::int AS n FROM compliance.template_transitions WHERE template_id = 'auto_voice_plan'`);
      expect(Number((n as unknown as { rows: Array<{ n: number }> }).rows[0].n)).toBe(2);
    });
  });

  it('COL-80 complaint: 15-day deadline, contact hold while open, overdue listing, answering lifts the hold', async () => {
    const t = await createTestTenant(db);
    const debtorId = newId('dbt');
    await withTenant(db, t.id, async (tx) => {
      const c = await openComplaint(tx, { debtorId, caseId: 'case_1', channel: 'phone', summary: '催收电话过多', receivedAt: localIso('09:00'), createdBy: 'usr_a' });
      expect(c.dueAt).toBe(new Date(Date.parse(localIso('09:00')) + 15 * 86_400_000).toISOString());
      const blocked = await logDecisionWithFacts(tx, { debtorId, caseId: 'case_1', attempt: { ...makeAttempt(), at: localIso('10:00') } });
      expect(blocked.fired.map((f) => f.ruleId)).toEqual(['COL-80']);
      expect(await listOverdueComplaints(tx, localIso('10:00', '2026-03-24'))).toEqual([]);
      expect((await listOverdueComplaints(tx, localIso('10:00', '2026-03-26'))).map((x) => x.id)).toEqual([c.id]);
      await expect(extendComplaint(tx, c.id, localIso('10:00', '2026-03-20'))).rejects.toMatchObject({ code: 'COMPLIANCE_CONTACT_DENIED' });
      await extendComplaint(tx, c.id, localIso('10:00', '2026-04-09'));
      expect(await listOverdueComplaints(tx, localIso('10:00', '2026-03-26'))).toEqual([]);
      await answerComplaint(tx, c.id, '已核实并调整联系频率', 'usr_a', localIso('11:00'));
      const open = await logDecisionWithFacts(tx, { debtorId, caseId: 'case_1', attempt: { ...makeAttempt(), at: localIso('12:00') } });
      expect(open.decision).toBe('allow');
    });
  });

  it('RLS: another tenant sees none of the contact log', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    const debtorId = newId('dbt');
    await withTenant(db, a.id, (tx) => logDecisionWithFacts(tx, { debtorId, attempt: { ...makeAttempt(), at: localIso('10:00', DAY) } }));
    expect(await withTenant(db, b.id, (tx) => listContactLog(tx, debtorId))).toEqual([]);
    expect(await withTenant(db, a.id, (tx) => listContactLog(tx, debtorId))).toHaveLength(1);
  });
});
