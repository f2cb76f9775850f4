// HTTP adapter of the contact gate. Every route reaches the same two use cases with the same facts:
//   POST /api/v1/contacts/check            integrations and dialers ask (checkContact: no side effects, a checkId back)
//   POST /api/v1/cases/:id/contacts/check  the composer's live preview (checkContact)
//   POST /api/v1/contacts                  the dialer / integration records the contact (recordCaseContact, checkId)
// plus the case's contact log, the officer's breach list and the debtor's contact preferences (opt-outs,
// representation, consent outside the default window, minors).
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { commonError } from '../../platform/errors.js';
import { OUTCOME_CODE_LIST } from '../cases/index.js';
import { listBreaches, listCaseContacts, recordCaseContact } from './case-contacts.js';
import { checkContact, type ContactCheck } from './check-contact.js';
import type { ContactTargetRequest } from './contact-facts.js';
import { addOptOut, addRepresentation, endRepresentation, listContactPreferences, markPartyMinor, recordWindowConsent } from './contact-preferences.js';
import { loadReachability } from './reachability.js';
import { CHANNELS } from './rule-sets.js';
import { loadEffectiveRules } from './store.js';
import { actorOf, CaseParams, Fired, firedOut, Id, OFFICERS, READERS, STAFF } from './routes-shared.js';

/** Who the contact is for. Whether a third party is debt-related, a minor or suppressed comes from the records, never from here. */
const Target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('debtor') }),
  z.strictObject({
    kind: z.literal('third_party'), contactId: Id.describe('the related party id (debtor record)'), purpose: z.enum(['locate', 'relay_message', 'collect']),
    relation: z.string().max(40).optional().describe('ignored: read from the related-party record'),
    debtRelated: z.boolean().optional().describe('ignored: COL-33 class read from the related-party record'),
    isMinor: z.boolean().optional().describe('ignored: COL-35 read from the records'),
  }),
  z.strictObject({ kind: z.literal('representative') }),
]);
type TargetIn = z.infer<typeof Target>;
const targetOf = (t: TargetIn): ContactTargetRequest => (t.kind === 'third_party' ? { kind: 'third_party', partyId: t.contactId, purpose: t.purpose } : { kind: t.kind });

const ContactFields = {
  channel: z.enum(CHANNELS),
  target: Target.default({ kind: 'debtor' }),
  contactPointId: z.string().max(64).optional(),
  templateId: z.string().max(64).optional(),
  variables: z.record(z.string().max(40), z.string().max(200)).optional(),
  text: z.string().max(5000).optional(),
  staffCount: z.number().int().min(0).max(20).optional(),
  recipientCount: z.number().int().min(1).max(100000).optional(),
  entersPremisesWithoutConsent: z.boolean().optional(),
  /** When the contact happens/happened (default now). */
  at: z.iso.datetime({ offset: true }).optional(),
};

const Decision = z.object({
  checkId: z.string(), decision: z.enum(['allow', 'deny']), fired: z.array(Fired), warnings: z.array(Fired), nextAllowedAt: z.string().nullable(), ruleSetId: z.string(),
  renderedText: z.string().nullable(),
});
const decisionOut = (d: ContactCheck) => ({
  checkId: d.checkId, decision: d.decision, fired: firedOut(d.fired), warnings: firedOut(d.warnings), nextAllowedAt: d.nextAllowedAt, ruleSetId: d.ruleSetId, renderedText: d.renderedText,
});

export const CheckContactBody = z.strictObject({
  caseId: Id.describe('the case the contact is about: its holds, limitation status, creditor and debtor are the facts'),
  debtorId: Id.optional().describe('optional cross-check: must be the case’s debtor'),
  debtorTimeZone: z.string().max(64).optional().describe('ignored: the debtor record’s zone is used'),
  reachability: z.strictObject({ numberInvalid: z.boolean().optional(), outOfContact: z.boolean().optional(), incapacitated: z.boolean().optional() }).optional()
    .describe('ignored: the server derives COL-31 reachability from the contact history'),
  names: z.strictObject({ agencyName: z.string().max(100).optional(), creditorName: z.string().max(100).optional() }).optional()
    .describe('ignored: COL-40 identity comes from the tenant filing and the entrustment'),
  timeBarred: z.boolean().optional().describe('ignored: COL-92 comes from the case’s CALC-02 limitation status'),
  ...ContactFields,
});
export const CheckContactResponse = Decision.extend({
  reachability: z.object({ unreachable: z.boolean(), reasonZh: z.string(), reasonEn: z.string() }).optional(),
});
const RecordBody = z.strictObject({ caseId: Id, ...ContactFields, outcomeCode: z.enum(OUTCOME_CODE_LIST), note: z.string().max(2000).optional(),
  checkId: z.string().regex(/^chk_[0-9a-f]{32}$/).optional().describe('the key from a check: recording it twice returns the first record') });

const Entry = z.object({ id: z.string(), channel: z.string(), targetKind: z.string(), attemptedAt: z.string(), decision: z.enum(['allow', 'deny']), breach: z.boolean(),
  source: z.string(), fired: z.array(Fired), warnings: z.array(Fired), outcome: z.string().nullable(), templateId: z.string().nullable(), actorId: z.string().nullable() });

export async function complianceContactRoutes(app: App) {
  app.post('/api/v1/contacts/check', {
    config: { access: { roles: STAFF, apiKeyScope: 'contacts:check' } },
    schema: { tags: ['compliance'], summary: 'Ask the contact gate whether a contact may happen (facts from the records; nothing logged or counted; a checkId for the record)',
      body: CheckContactBody, response: { 200: CheckContactResponse } },
  }, async (req) => {
    const { caseId, debtorId, debtorTimeZone: _tz, reachability: _r, names: _n, timeBarred: _t, target, ...rest } = req.body;
    return req.inTenant(async (tx) => {
      const d = await checkContact(tx, { caseId, ...rest, target: targetOf(target) });
      if (debtorId && debtorId !== d.debtorId) throw commonError('VALIDATION_FAILED', { field: 'debtorId', detail: 'debtorId: not the debtor of this case' });
      // COL-31 as derived by the server, shown with the decision for a third-party contact.
      const reach = target.kind === 'third_party' ? await loadReachability(tx, { debtorId: d.debtorId, at: rest.at, rules: await loadEffectiveRules(tx) }) : null;
      return { ...decisionOut(d), ...(reach ? { reachability: { unreachable: reach.unreachable, reasonZh: reach.reasonZh, reasonEn: reach.reasonEn } } : {}) };
    });
  });

  app.post('/api/v1/cases/:id/contacts/check', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Live composer preview: what the gate decides for this contact (the same check as /contacts/check; not logged)',
      params: CaseParams, body: z.strictObject(ContactFields), response: { 200: Decision } },
  }, async (req) => {
    const { target, ...rest } = req.body;
    return decisionOut(await req.inTenant((tx) => checkContact(tx, { caseId: req.params.id, ...rest, target: targetOf(target) })));
  });

  app.post('/api/v1/contacts', {
    config: { access: { roles: STAFF, apiKeyScope: 'contacts:write' } },
    schema: { tags: ['compliance'], summary: 'Record a contact through the gate (dialers, integrations, the composer): refused (409, every fired rule, logged) or recorded with its outcome',
      body: RecordBody,
      response: { 201: z.object({ attemptId: z.string(), decision: Decision, outcome: z.string(), evidenceLeaf: z.number(), holdId: z.string().nullable() }),
        409: z.object({ status: z.number(), code: z.string(), rules: z.array(z.string()).optional(), attemptId: z.string().optional(), decision: Decision.optional(), evidenceLeaf: z.number().optional() }).loose() } },
  }, async (req, reply) => {
    const { userId } = actorOf(req);
    if (req.body.at && Date.parse(req.body.at) > Date.now() + 5 * 60_000) throw commonError('VALIDATION_FAILED', { detail: 'at: a contact cannot be recorded in the future', field: 'at' });
    if (req.body.at && Date.parse(req.body.at) < Date.now() - 30 * 86_400_000) throw commonError('VALIDATION_FAILED', { detail: 'at: older than 30 days', field: 'at' });
    const { target, ...rest } = req.body;
    const r = await req.inTenant((tx) => recordCaseContact(tx, { ...rest, target: targetOf(target), actorId: userId, source: req.principal?.kind === 'api_key' ? 'dialer' : 'gate' }));
    const decision = decisionOut(r.decision);
    if (!r.recorded) {
      const rules = [...new Set(r.decision.fired.map((f) => f.ruleId))];
      return reply.code(409).type('application/problem+json').send({
        type: 'https://recourse.dev/problems/compliance_contact_refused', title: 'The contact gate refused this contact', status: 409, code: 'COMPLIANCE_CONTACT_REFUSED',
        detail: r.decision.duplicate ? 'this checkId was already recorded' : `refused by ${rules.join(', ')}; the refusal is logged`, rules, attemptId: r.attemptId, decision, evidenceLeaf: r.evidenceLeaf,
      });
    }
    return reply.code(201).send({ attemptId: r.attemptId, decision, outcome: r.outcome, evidenceLeaf: r.evidenceLeaf, holdId: r.holdId });
  });

  app.get('/api/v1/cases/:id/contacts', {
    config: { access: { roles: READERS } },
    schema: { tags: ['compliance'], summary: 'The case’s contact log: allowed, refused and breaches, with every fired rule', params: CaseParams,
      response: { 200: z.object({ items: z.array(Entry) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listCaseContacts(tx, req.params.id))).map((x) => ({ ...x, fired: firedOut(x.fired), warnings: firedOut(x.warnings) })) }));

  app.get('/api/v1/compliance/breaches', {
    config: { access: { roles: ['tenant_admin', 'compliance_officer', 'legal_officer'] } },
    schema: { tags: ['compliance'], summary: 'Contacts recorded although the gate refuses them (touches logged after the fact), with the rules they break',
      querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(366).default(90) }),
      response: { 200: z.object({ items: z.array(Entry.extend({ caseId: z.string().nullable() })) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => listBreaches(tx, { days: req.query.days }))).map((x) => ({ ...x, fired: firedOut(x.fired), warnings: firedOut(x.warnings) })) }));

  // ---- contact preferences of the case's debtor
  const Prefs = z.object({
    optOuts: z.array(z.object({ id: z.string(), channel: z.string().nullable(), contactPointId: z.string().nullable(), partyId: z.string().nullable(), ruleId: z.string(), reason: z.string().nullable(), createdAt: z.string() })),
    representations: z.array(z.object({ id: z.string(), lawyerName: z.string(), firm: z.string(), contact: z.string(), since: z.string(), endedAt: z.string().nullable() })),
    consents: z.array(z.object({ id: z.string(), grantedAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable(), recordingId: z.string().nullable() })),
  });
  app.get('/api/v1/cases/:id/contact-preferences', {
    config: { access: { roles: READERS } },
    schema: { tags: ['compliance'], summary: 'Opt-outs (COL-22), lawyer representation (US-05) and consents to contact in the product window (COL-11) of the case’s debtor',
      params: CaseParams, response: { 200: Prefs } },
  }, async (req) => req.inTenant((tx) => listContactPreferences(tx, req.params.id)));

  app.post('/api/v1/cases/:id/opt-outs', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Record an opt-out: a channel, a number, or a channel on a number ("do not text this number"); permanent (COL-22)',
      params: CaseParams, body: z.strictObject({ channel: z.enum(CHANNELS).optional(), contactPointId: Id.optional(), reason: z.string().trim().max(500).optional() }),
      response: { 201: z.object({ id: z.string() }) } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => addOptOut(tx, { caseId: req.params.id, ...req.body, by: actorOf(req).userId }))));

  app.post('/api/v1/cases/:id/representations', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'The debtor is represented by a lawyer: contact goes to the representative (US-05)',
      params: CaseParams, body: z.strictObject({ lawyerName: z.string().trim().min(1).max(100), firm: z.string().trim().min(1).max(200), contact: z.string().trim().min(3).max(200),
        since: z.iso.datetime({ offset: true }).optional(), allCases: z.boolean().optional() }),
      response: { 201: z.object({ id: z.string() }) } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => addRepresentation(tx, { caseId: req.params.id, ...req.body, by: actorOf(req).userId }))));

  app.post('/api/v1/cases/:id/representations/:repId/end', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'End a representation: the debtor may be contacted directly again', params: z.strictObject({ id: Id, repId: Id }),
      response: { 204: z.null() } },
  }, async (req, reply) => {
    await req.inTenant((tx) => endRepresentation(tx, req.params.id, req.params.repId, actorOf(req).userId));
    return reply.code(204).send(null);
  });

  app.post('/api/v1/cases/:id/window-consents', {
    config: { access: { roles: STAFF } },
    schema: { tags: ['compliance'], summary: 'Record the debtor’s time-limited consent to contact in the product quiet window (COL-11); never lifts COL-10 (22:00–08:00)',
      params: CaseParams, body: z.strictObject({ expiresAt: z.iso.datetime({ offset: true }), channel: z.enum(['phone', 'letter', 'email', 'portal', 'visit', 'recording']),
        recordingId: Id.optional(), grantedAt: z.iso.datetime({ offset: true }).optional() }),
      response: { 201: z.object({ id: z.string() }) } },
  }, async (req, reply) => {
    const b = req.body;
    const granted = b.grantedAt ?? new Date().toISOString();
    if (Date.parse(b.expiresAt) <= Date.parse(granted)) throw commonError('VALIDATION_FAILED', { field: 'expiresAt', detail: 'expiresAt: must be after the consent was given' });
    if (Date.parse(b.expiresAt) - Date.parse(granted) > 90 * 86_400_000) throw commonError('VALIDATION_FAILED', { field: 'expiresAt', detail: 'expiresAt: a consent lasts at most 90 days' });
    return reply.code(201).send(await req.inTenant((tx) => recordWindowConsent(tx, { caseId: req.params.id, ...b, grantedAt: granted, by: actorOf(req).userId })));
  });

  app.post('/api/v1/cases/:id/parties/:partyId/minor', {
    config: { access: { roles: OFFICERS.concat(['collector', 'legal_officer']) } },
    schema: { tags: ['compliance'], summary: 'Record that a related party is a minor: no contact with them (COL-35)', params: z.strictObject({ id: Id, partyId: Id }),
      body: z.strictObject({ reason: z.string().trim().max(500).optional() }), response: { 201: z.object({ holdId: z.string() }) } },
  }, async (req, reply) => reply.code(201).send(await req.inTenant((tx) => markPartyMinor(tx, { caseId: req.params.id, partyId: req.params.partyId, ...req.body, by: actorOf(req).userId }))));

}
