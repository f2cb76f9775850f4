// HTTP adapter of the cases module: case list/search, the case file, placement, status changes, holds, promises,
// locks, creditors with entrustments, and the public consultation form. Zod in and out; no rules here.
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { withPlatform, withTenant, type Database } from '../../platform/db/index.js';
import { findTenant } from '../tenants/index.js';
import { commonError } from '../../platform/errors.js';
import { formatYuan, parseYuan } from '../../platform/money.js';
import type { Role } from '../../platform/tenancy.js';
import { DebtorInput, RelatedPartyInput, addRelatedParty, listRelatedParties, suppressRelatedParty, type DebtorKeys } from '../debtors/index.js';
import { CASE_STAGES, CLOSE_REASONS, HOLD_KINDS } from './state-machine.js';
import { getCase, getCaseStateAt, listCaseTimeline, searchCases } from './queries.js';
import { getCaseFile, type CaseFileView } from './case-file.js';
import { LIMITATION_EVENT_TYPES, recordLimitationEvent } from './limitation.js';
import { placeCase } from './placement.js';
import { transitionCase, placeHold, releaseHold, recordPromise, lockCase, unlockCase, assignCases } from './workflow.js';
import { CreateCreditorInput, EntrustmentInput, createCreditor, listCreditors, recordEntrustment } from './creditors.js';
import { submitLead, SubmitLeadInput } from './leads.js';
import { isCalendarDate } from './dates.js';
import { workbenchRoutes } from './routes-workbench.js';
import type { JobQueue } from '../../platform/jobs/index.js';

export interface CaseRoutesDeps {
  db: Database;
  keys: DebtorKeys;
  /** Runs imports as jobs (inline without workers). Without it an import stays queued. */
  queue?: JobQueue;
}

const READERS: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const WORKERS: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'mediator'];
const HOLDERS: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer'];
const ADMINS: Role[] = ['tenant_admin'];

const Id = z.string().regex(/^[a-z]{2,6}_[0-9a-z]{26}$/, 'an id like case_…');
const CaseParams = z.strictObject({ id: Id });
const Money = z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, 'a decimal amount like "1234.50"');
const CalendarDate = z.string().refine(isCalendarDate, 'YYYY-MM-DD');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const CaseFileOut = z.object({
  id: z.string(), ref: z.string(), stage: z.enum(CASE_STAGES), closeReason: z.string().nullable(), stageSince: z.string(), placedAt: z.string(),
  assignedTo: z.string().nullable(), creditor: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  debtor: z.object({ id: z.string(), kind: z.string(), name: z.string(), idNumberMasked: z.string(), timeZone: z.string(),
    contactPoints: z.array(z.object({ id: z.string(), kind: z.string(), masked: z.string(), suppressed: z.boolean() })) }),
  debt: z.object({ id: z.string(), contractNumber: z.string(), originalCreditor: z.string(), product: z.string().nullable(), currency: z.string(),
    principal: z.string(), contractRateBps: z.number(), originationDate: z.string(), dueDate: z.string() }),
  position: z.object({ asOf: z.string(), outstanding: z.string(), principal: z.string(), interest: z.string(), penalty: z.string(), fees: z.string(),
    paid: z.string(), daysPastDue: z.number(), appliedRateBps: z.number(), rateCapBps: z.number() }),
  sla: z.object({ status: z.enum(['on_track', 'at_risk', 'breached', 'met']), dueAt: z.string().nullable(), remainingMs: z.number() }),
  holds: z.array(z.object({ holdId: z.string(), kind: z.enum(HOLD_KINDS), reason: z.string(), placedAt: z.string(), resumeAt: z.string().nullable() })),
  collectible: z.boolean(), allowedTransitions: z.array(z.enum(CASE_STAGES)),
  promises: z.array(z.object({ id: z.string(), dueDate: z.string(), amount: z.string(), status: z.enum(['pending', 'kept', 'broken']), paidTowards: z.string() })),
  lock: z.object({ holderId: z.string(), expiresAt: z.string(), since: z.string(), holderName: z.string().nullable() }).nullable(),
  /** CALC-02, recomputed from the limitation events on every read. */
  limitation: z.object({
    rule: z.literal('CALC-02'), state: z.enum(['running', 'interrupted', 'expired', 'waived_by_ack']), asOf: z.string(), knewOn: z.string(), runsFrom: z.string(),
    expiresOn: z.string(), longStopOn: z.string(), daysLeft: z.number(), waivedOn: z.string().nullable(),
    events: z.array(z.object({ type: z.enum(LIMITATION_EVENT_TYPES), on: z.string(), source: z.enum(['recorded', 'payment', 'debt_record']), note: z.string().nullable(),
      effect: z.enum(['restarted', 'waived', 'ignored_after_expiry', 'before_start', 'after_as_of']) })),
  }),
  /** Payments recorded on the debt; `amount` is what still counts after the ledger's reversals and refunds. */
  payments: z.array(z.object({ id: z.string(), paidOn: z.string(), amount: z.string(), recorded: z.string(), removed: z.string(), source: z.string() })),
});

function caseFileOut(f: CaseFileView): z.infer<typeof CaseFileOut> {
  return {
    id: f.id, ref: f.ref, stage: f.stage, closeReason: f.closeReason, stageSince: f.stageSince.toISOString(), placedAt: f.placedAt.toISOString(),
    assignedTo: f.assignedTo, creditor: f.creditor,
    debtor: { id: f.debtor.id, kind: f.debtor.kind, name: f.debtor.name, idNumberMasked: f.debtor.idNumberMasked, timeZone: f.debtor.timeZone,
      contactPoints: f.debtor.contactPoints.map((p) => ({ id: p.id, kind: p.kind, masked: p.masked, suppressed: p.suppressed })) },
    debt: { id: f.debt.id, contractNumber: f.debt.contractNumber, originalCreditor: f.debt.originalCreditor, product: f.debt.product ?? null, currency: f.debt.currency,
      principal: formatYuan(f.debt.principalFen), contractRateBps: Number(f.debt.contractRateBps), originationDate: f.debt.originationDate, dueDate: f.debt.dueDate },
    position: { asOf: f.asOf, outstanding: formatYuan(f.position.outstandingFen), principal: formatYuan(f.position.principalFen), interest: formatYuan(f.position.interestFen),
      penalty: formatYuan(f.position.penaltyFen), fees: formatYuan(f.position.feesFen), paid: formatYuan(f.position.paidFen), daysPastDue: f.position.daysPastDue,
      appliedRateBps: Number(f.position.appliedRateBps), rateCapBps: Number(f.rateCap.bps) },
    sla: { status: f.sla.status, dueAt: iso(f.sla.dueAt), remainingMs: f.sla.remainingMs },
    holds: f.holds.map((h) => ({ holdId: h.holdId, kind: h.kind, reason: h.reason, placedAt: h.placedAt.toISOString(), resumeAt: iso(h.resumeAt) })),
    collectible: f.collectible, allowedTransitions: f.allowedTransitions,
    promises: f.promises.map((p) => ({ id: p.id, dueDate: p.dueDate, amount: formatYuan(p.amountFen), status: p.status, paidTowards: formatYuan(p.paidTowardsFen) })),
    lock: f.lock ? { holderId: f.lock.holderId, expiresAt: f.lock.expiresAt.toISOString(), since: f.lock.since.toISOString(), holderName: f.lock.holderName } : null,
    limitation: f.limitation,
    payments: f.payments.map((p) => ({ id: p.id, paidOn: p.date, amount: formatYuan(p.amountFen), recorded: formatYuan(p.recordedFen), removed: formatYuan(p.removedFen), source: p.source })),
  };
}

const PlaceCaseBody = z.strictObject({
  creditorId: Id,
  debtor: DebtorInput,
  debt: z.strictObject({
    originalCreditor: z.string().trim().min(1).max(200), contractNumber: z.string().trim().min(1).max(100), product: z.string().max(100).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'), principal: Money, contractRateBps: z.number().int().min(0).max(100_000).default(0),
    penaltyRateBps: z.number().int().min(0).max(100_000).default(0), fees: Money.default('0'), originationDate: CalendarDate, dueDate: CalendarDate,
    lastPaymentDate: CalendarDate.optional(), acknowledgedDate: CalendarDate.optional(),
  }),
});

export async function caseRoutes(app: App, deps: CaseRoutesDeps) {
  const { db, keys } = deps;

  await workbenchRoutes(app, deps);

  app.post('/api/v1/cases', {
    config: { access: { roles: ADMINS, scope: 'collection_outsourcing', apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Place one debt as a case (needs an entrustment in force, COL-01/02/03)', body: PlaceCaseBody,
      response: { 201: z.object({ caseId: z.string(), ref: z.string(), debtorId: z.string(), debtId: z.string() }) } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const { debt, ...rest } = req.body;
    const placed = await req.inTenant((tx) => placeCase(tx, keys, {
      ...rest, actorId: p.userId,
      debt: { ...debt, principalFen: parseYuan(debt.principal), feesFen: parseYuan(debt.fees), contractRateBps: BigInt(debt.contractRateBps), penaltyRateBps: BigInt(debt.penaltyRateBps) },
    }));
    return reply.code(201).send(placed);
  });

  app.get('/api/v1/cases/:id', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'The case file with derived balance, days past due, SLA, holds, promises and limitation status (CALC-02)', params: CaseParams, response: { 200: CaseFileOut } },
  }, async (req) => caseFileOut(await req.inTenant((tx) => getCaseFile(tx, req.params.id))));

  app.post('/api/v1/cases/:id/limitation-events', {
    config: { access: { roles: ['tenant_admin', 'collector', 'legal_officer'], apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Record a limitation event (COL-91: demand delivered, acknowledgment, part payment, suit filed, …); the CALC-02 status is recomputed', params: CaseParams,
      body: z.strictObject({ type: z.enum(LIMITATION_EVENT_TYPES), on: CalendarDate, note: z.string().trim().max(500).optional() }),
      response: { 201: z.object({ seq: z.number(), limitation: CaseFileOut.shape.limitation }) } },
  }, async (req, reply) => {
    const r = await req.inTenant(async (tx) => {
      const { seq } = await recordLimitationEvent(tx, { caseId: req.params.id, ...req.body, actorId: requirePrincipal(req).userId });
      return { seq, limitation: (await getCaseFile(tx, req.params.id)).limitation };
    });
    return reply.code(201).send(r);
  });

  app.get('/api/v1/cases/:id/timeline', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'The append-only case timeline', params: CaseParams,
      response: { 200: z.object({ items: z.array(z.object({ seq: z.number(), at: z.string(), type: z.string(), actorId: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })) }) } },
  }, async (req) => {
    const evs = await req.inTenant((tx) => listCaseTimeline(tx, req.params.id));
    return { items: evs.map(({ seq, at, type, actorId, ...detail }) => ({ seq, at: at.toISOString(), type, actorId: actorId ?? null, detail: JSON.parse(JSON.stringify(detail)) as Record<string, unknown> })) };
  });

  app.get('/api/v1/cases/:id/state', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'The case state replayed as it was at a past instant (replayable history)', params: CaseParams,
      querystring: z.object({ at: z.iso.datetime({ offset: true }) }),
      response: { 200: z.object({ at: z.string(), state: z.record(z.string(), z.unknown()) }) } },
  }, async (req) => {
    const at = new Date(req.query.at);
    const st = await req.inTenant((tx) => getCaseStateAt(tx, req.params.id, at));
    return { at: at.toISOString(), state: JSON.parse(JSON.stringify(st)) as Record<string, unknown> };
  });

  app.post('/api/v1/cases/:id/transitions', {
    config: { access: { roles: WORKERS, scope: 'collection_outsourcing', apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Change the case status (guarded; invalid moves list the allowed ones)', params: CaseParams,
      body: z.strictObject({ to: z.enum(CASE_STAGES), reason: z.string().trim().max(1000).optional(), closeReason: z.enum(CLOSE_REASONS).optional() }),
      response: { 200: z.object({ stage: z.enum(CASE_STAGES), closeReason: z.string().nullable() }) } },
  }, async (req) => {
    const s = await req.inTenant((tx) => transitionCase(tx, { caseId: req.params.id, ...req.body, actorId: requirePrincipal(req).userId }));
    return { stage: s.stage!, closeReason: s.closeReason };
  });

  app.post('/api/v1/cases/:id/holds', {
    config: { access: { roles: HOLDERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Stop collection (dispute, complaint, cease contact, bankruptcy, deceased, legal hold)', params: CaseParams,
      body: z.strictObject({ kind: z.enum(HOLD_KINDS), reason: z.string().trim().min(1).max(1000), resumeAt: z.iso.datetime().optional() }),
      response: { 201: z.object({ holdId: z.string() }) } },
  }, async (req, reply) => {
    const r = await req.inTenant((tx) => placeHold(tx, { caseId: req.params.id, ...req.body, actorId: requirePrincipal(req).userId }));
    return reply.code(201).send({ holdId: r.holdId });
  });

  app.post('/api/v1/cases/:id/holds/:holdId/release', {
    config: { access: { roles: HOLDERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Release a hold', params: z.strictObject({ id: Id, holdId: Id }), body: z.strictObject({ reason: z.string().trim().min(1).max(1000) }),
      response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => releaseHold(tx, { caseId: req.params.id, holdId: req.params.holdId, reason: req.body.reason, actorId: requirePrincipal(req).userId }));
    return reply.code(204).send(null);
  });

  app.post('/api/v1/cases/:id/promises', {
    config: { access: { roles: WORKERS, scope: 'collection_outsourcing', apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Record a promise to pay', params: CaseParams,
      body: z.strictObject({ dueDate: CalendarDate, amount: Money, graceDays: z.number().int().min(0).max(30).optional(), channel: z.string().max(40).optional(), note: z.string().max(1000).optional() }),
      response: { 201: z.object({ promiseId: z.string() }) } },
  }, async (req, reply) => {
    const { amount, ...rest } = req.body;
    const r = await req.inTenant((tx) => recordPromise(tx, { caseId: req.params.id, ...rest, amountFen: parseYuan(amount), actorId: requirePrincipal(req).userId }));
    return reply.code(201).send(r);
  });

  app.post('/api/v1/cases/:id/lock', {
    config: { access: { roles: WORKERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Lock the case to me while I work it', params: CaseParams, response: { 200: z.object({ expiresAt: z.string() }) } },
  }, async (req) => {
    const r = await req.inTenant((tx) => lockCase(tx, { caseId: req.params.id, userId: requirePrincipal(req).userId }));
    return { expiresAt: r.expiresAt.toISOString() };
  });

  app.delete('/api/v1/cases/:id/lock', {
    config: { access: { roles: WORKERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Release my lock', params: CaseParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => unlockCase(tx, { caseId: req.params.id, userId: requirePrincipal(req).userId }));
    return reply.code(204).send(null);
  });

  const PartyOut = z.object({ id: z.string(), name: z.string(), relationship: z.string(), classification: z.enum(['debt_related_third_party', 'unrelated_third_party']),
    phoneMasked: z.string().nullable(), suppressed: z.boolean(), mayAskToPay: z.boolean(), mayDiscloseDebt: z.boolean() });
  app.get('/api/v1/cases/:id/parties', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Related parties of the case debtor with their COL-33 class and what may be said to them', params: CaseParams,
      response: { 200: z.object({ items: z.array(PartyOut) }) } },
  }, async (req) => req.inTenant(async (tx) => ({ items: await listRelatedParties(tx, (await getCase(tx, req.params.id)).debtor.id) })));

  app.post('/api/v1/cases/:id/parties', {
    config: { access: { roles: WORKERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Add a guarantor, joint obligor, spouse or contact of the case debtor (COL-33)', params: CaseParams,
      body: RelatedPartyInput.omit({ debtorId: true }), response: { 201: z.object({ id: z.string(), classification: z.string() }) } },
  }, async (req, reply) => {
    const r = await req.inTenant(async (tx) => addRelatedParty(tx, keys, (await getCase(tx, req.params.id)).debtor.id, req.body));
    return reply.code(201).send(r);
  });

  app.post('/api/v1/parties/:id/suppress', {
    config: { access: { roles: WORKERS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'COL-32: the person refused or asked not to be contacted again (permanent)', params: CaseParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => suppressRelatedParty(tx, req.params.id));
    return reply.code(204).send(null);
  });

  app.post('/api/v1/cases/assign', {
    config: { access: { roles: ADMINS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Assign cases to collectors by round robin, workload, region or by hand',
      body: z.strictObject({ caseIds: z.array(Id).min(1).max(1000), strategy: z.enum(['round_robin', 'workload', 'region', 'manual']),
        collectorIds: z.array(Id).min(1).max(500), collectorId: Id.optional() }),
      response: { 200: z.object({ assigned: z.array(z.object({ caseId: z.string(), collectorId: z.string(), why: z.string() })), unassigned: z.array(z.string()) }) } },
  }, async (req) => {
    const b = req.body;
    const policy = b.strategy === 'manual'
      ? { strategy: 'manual' as const, collectorId: b.collectorId ?? b.collectorIds[0] }
      : b.strategy === 'round_robin' ? { strategy: 'round_robin' as const } : b.strategy === 'region' ? { strategy: 'region' as const } : { strategy: 'workload' as const };
    return req.inTenant((tx) => assignCases(tx, { caseIds: b.caseIds, policy, collectors: b.collectorIds.map((id) => ({ id, active: true })), actorId: requirePrincipal(req).userId }));
  });

  const CreditorOut = z.object({ id: z.string(), code: z.string(), name: z.string(), lenderKind: z.string(), firstActionHours: z.number().nullable() });
  app.get('/api/v1/creditors', {
    config: { access: { roles: READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['cases'], summary: 'Creditors of this agency', response: { 200: z.object({ items: z.array(CreditorOut) }) } },
  }, async (req) => ({ items: (await req.inTenant(listCreditors)).map((c) => ({ id: c.id, code: c.code, name: c.name, lenderKind: c.lenderKind, firstActionHours: c.firstActionHours })) }));

  app.post('/api/v1/creditors', {
    config: { access: { roles: ADMINS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Register a creditor', body: CreateCreditorInput, response: { 201: CreditorOut } },
  }, async (req, reply) => {
    const c = await req.inTenant((tx) => createCreditor(tx, req.body));
    return reply.code(201).send({ id: c.id, code: c.code, name: c.name, lenderKind: c.lenderKind, firstActionHours: c.firstActionHours });
  });

  app.post('/api/v1/creditors/:id/entrustments', {
    config: { access: { roles: ADMINS, apiKeyScope: 'cases:write' } },
    schema: { tags: ['cases'], summary: 'Record an entrustment with the COL-02 attestation and the COL-03 data-processing agreement', params: CaseParams,
      body: EntrustmentInput.omit({ creditorId: true }), response: { 201: z.object({ id: z.string(), startsOn: z.string(), endsOn: z.string() }) } },
  }, async (req, reply) => {
    const e = await req.inTenant((tx) => recordEntrustment(tx, { ...req.body, creditorId: req.params.id }));
    return reply.code(201).send({ id: e.id, startsOn: e.startsOn, endsOn: e.endsOn });
  });

  app.post('/api/v1/public/leads', {
    config: { access: { public: true }, rateLimit: { max: 5, windowMs: 60_000 } },
    schema: { tags: ['public'], summary: 'Public consultation form: ask the agency to get in touch', body: SubmitLeadInput.extend({ tenant: z.string().max(60) }),
      response: { 202: z.object({ ok: z.literal(true) }) } },
  }, async (req, reply) => {
    const { tenant, ...lead } = req.body;
    const t = await withPlatform(db, (tx) => findTenant(tx, tenant));
    if (!t || t.status !== 'active') throw commonError('TENANT_NOT_FOUND', { field: 'tenant' });
    await withTenant(db, t.id, (tx) => submitLead(tx, keys, lead));
    return reply.code(202).send({ ok: true as const });
  });
}
