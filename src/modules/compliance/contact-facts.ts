// The one fact loader of the contact gate. Every path (the integration check, the composer preview, the campaign
// planner, the dialer / record path, the case touch) gets its facts here, from the records, never from the caller:
//   holds        case holds (cases module) + compliance holds + an active lawyer representation (US-05)
//   third party  debt-related or not (COL-33) and suppressed (COL-32) from the related-party record (debtors module);
//                minor (COL-35) from a compliance hold on that party
//   numbers      suppressed / invalid contact points (debtor record, COL-31), number and channel opt-outs (COL-22)
//   time-barred  the case's own CALC-02 limitation status (COL-92)
//   identity     agency = the tenant with an approved filing, creditor = the creditor of an entrustment in force (COL-40, COL-01)
// A fact the records cannot give becomes an UnknownFact, which refuses the contact.
// assembleContactFacts is pure, so the campaign planner (set-based loading for a whole segment) and the single
// check build the gate's input with the same code.
import type { Tx } from '../../platform/db/index.js';
import { findValidEntrustment, getCase, type CaseFile } from '../cases/index.js';
import { listRelatedParties } from '../debtors/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { ContactAttempt, GateContext, Hold, ThirdPartyPurpose, UnknownFact } from './contact-gate.js';
import { gateReachability, loadReachability } from './reachability.js';
import type { Channel, HoldKind, RuleSet } from './rule-sets.js';
import { loadEffectiveRules, loadGateContexts, type DebtorGateFacts } from './store.js';

export type ContactTargetRequest =
  | { kind: 'debtor' }
  | { kind: 'third_party'; partyId: string; purpose: ThirdPartyPurpose }
  | { kind: 'representative' };

/** A proposed contact as every path states it: what, to whom, when. Everything else is a fact loaded from records. */
export interface ContactRequest {
  caseId: string;
  channel: Channel;
  /** UTC instant; default now. */
  at?: string;
  target: ContactTargetRequest;
  contactPointId?: string;
  templateId?: string;
  text?: string;
  staffCount?: number;
  recipientCount?: number;
  entersPremisesWithoutConsent?: boolean;
}

/** Case hold kinds (cases module) → the gate's hold kinds. */
export const CASE_HOLD_TO_GATE: Record<string, HoldKind> = {
  dispute: 'dispute', complaint: 'complaint', cease_contact: 'cease_contact', deceased: 'deceased',
  bankruptcy: 'cease_contact', legal_hold: 'legal_representation',
};

export interface CaseFacts {
  caseFile: CaseFile & { limitation?: { state: string } };
  caseId: string;
  debtorId: string;
  timeZone: string;
  holds: Hold[];
  /** CALC-02: expired and not waived by the debtor's own act. */
  timeBarred: boolean;
  /** COL-40: null when the tenant's filing is not approved or no entrustment of the creditor is in force. */
  names: { agencyName: string; creditorName: string } | null;
  unknown: UnknownFact[];
  contactPoints: Array<{ id: string; kind: string; suppressed: boolean }>;
  parties: Array<{ id: string; relationship: string; classification: string; suppressed: boolean }>;
}

/** The case's own facts at `at`. Throws CASES_NOT_FOUND (404) for an unknown or foreign case. */
export async function loadCaseFacts(tx: Tx, caseId: string, at = new Date()): Promise<CaseFacts> {
  const c = await getCase(tx, caseId, at);
  const tenant = await getCurrentTenant(tx);
  const unknown: UnknownFact[] = [];
  const entrustment = await findValidEntrustment(tx, c.creditor.id, c.asOf, at);
  if (!entrustment) {
    unknown.push({ fact: 'entrustment', ruleId: 'COL-01', reasonZh: '该债权人没有有效的委托，不能以其名义催收',
      reasonEn: 'No entrustment of this creditor is in force: the agency cannot say whom it acts for' });
  }
  const filed = tenant.status === 'active';
  if (!filed) {
    unknown.push({ fact: 'agency_identity', ruleId: 'COL-40', reasonZh: '机构备案未获批准，无法表明催收机构身份',
      reasonEn: 'The agency’s filing is not approved: its identity for COL-40 is not established' });
  }
  const parties = await listRelatedParties(tx, c.debtor.id);
  const lim = (c as { limitation?: { state: string } }).limitation;
  return {
    caseFile: c, caseId: c.id, debtorId: c.debtor.id, timeZone: c.debtor.timeZone,
    holds: c.holds.map((h) => ({ kind: CASE_HOLD_TO_GATE[h.kind] ?? 'cease_contact', since: h.placedAt.toISOString(), until: h.resumeAt?.toISOString() ?? null })),
    timeBarred: lim?.state === 'expired',
    names: entrustment && filed ? { agencyName: tenant.displayName, creditorName: c.creditor.name } : null,
    unknown,
    contactPoints: c.debtor.contactPoints.map((p) => ({ id: p.id, kind: p.kind, suppressed: p.suppressed })),
    parties: parties.map((p) => ({ id: p.id, relationship: p.relationship, classification: p.classification, suppressed: p.suppressed })),
  };
}

export interface AssembleInput {
  request: ContactRequest;
  at: string;
  rules: RuleSet;
  caseFacts: CaseFacts;
  debtor: DebtorGateFacts;
  holidays: string[];
  /** Rendered template text (or the free text). */
  text?: string;
  templateApproved: boolean;
  reachability?: GateContext['reachability'];
}

/** Pure: the gate's input from the loaded facts. Same facts in, same attempt and context out, on every path. */
export function assembleContactFacts(i: AssembleInput): { attempt: ContactAttempt; ctx: GateContext } {
  const { request: r, caseFacts: cf, debtor: d } = i;
  const unknown: UnknownFact[] = [...cf.unknown];
  const debtorHolds = d.holds.filter((h) => h.partyId === null && (h.caseId === null || h.caseId === cf.caseId));
  const representation = d.representations.find((x) => !x.endedAt && Date.parse(x.since) <= Date.parse(i.at) && (x.caseId === null || x.caseId === cf.caseId)) ?? null;
  const holds: Hold[] = [...debtorHolds.map(({ kind, since, until }) => ({ kind, since, until })), ...cf.holds];
  // US-05: a debtor with a lawyer is contacted through the lawyer.
  if (representation) holds.push({ kind: 'legal_representation', since: representation.since, until: null });
  const suppressions = [...d.suppressions];
  let target: ContactAttempt['target'];
  if (r.target.kind === 'third_party') {
    const partyId = r.target.partyId;
    const party = cf.parties.find((p) => p.id === partyId);
    if (!party) {
      unknown.push({ fact: 'related_party', ruleId: 'COL-33', reasonZh: '该第三方不在债务人的关联人记录中，无法确认其与债务的关系',
        reasonEn: 'This person is not a recorded related party of the debtor: whether they are debt-related is unknown' });
    }
    if (party?.suppressed) suppressions.push({ contactId: partyId, ruleId: 'COL-32', reason: 'party suppressed in the debtor record' });
    const minor = d.holds.some((h) => h.partyId === partyId && h.kind === 'minor');
    target = { kind: 'third_party', contactId: partyId, relation: party?.relationship ?? 'unknown',
      debtRelated: party?.classification === 'debt_related_third_party', purpose: r.target.purpose, isMinor: minor };
  } else if (r.target.kind === 'representative') {
    target = { kind: 'representative', representationId: representation?.id ?? '' };
  } else {
    target = { kind: 'debtor' };
  }
  if (r.contactPointId && target.kind === 'debtor') {
    const cp = cf.contactPoints.find((p) => p.id === r.contactPointId);
    if (!cp) {
      unknown.push({ fact: 'contact_point', ruleId: 'COL-21', reasonZh: '该号码或地址不在债务人记录中，无法按号码计数',
        reasonEn: 'This number or address is not on the debtor’s record: per-number limits cannot be counted' });
    } else if (cp.suppressed) {
      suppressions.push({ contactPointId: cp.id, ruleId: 'COL-31', reason: 'suppressed in the debtor record' });
    }
  }
  const attempt: ContactAttempt = {
    channel: r.channel, at: i.at, debtorTimeZone: cf.timeZone, target, caseId: cf.caseId,
    ...(r.contactPointId ? { contactPointId: r.contactPointId } : {}), ...(r.templateId ? { templateId: r.templateId } : {}),
    templateApproved: i.templateApproved, ...(i.text ? { text: i.text } : {}),
    ...(r.staffCount !== undefined ? { staffCount: r.staffCount } : {}), ...(r.recipientCount !== undefined ? { recipientCount: r.recipientCount } : {}),
    ...(r.entersPremisesWithoutConsent !== undefined ? { entersPremisesWithoutConsent: r.entersPremisesWithoutConsent } : {}),
  };
  const ctx: GateContext = {
    rules: i.rules, history: d.history, holds, suppressions, channelOptOuts: d.channelOptOuts, quietHoursConsents: d.quietHoursConsents,
    holidays: i.holidays, timeBarred: cf.timeBarred, representationId: representation?.id ?? null, unknown,
    ...(cf.names ? { names: cf.names } : {}), ...(i.reachability ? { reachability: i.reachability } : {}),
  };
  return { attempt, ctx };
}

export interface LoadedContactFacts {
  attempt: ContactAttempt;
  ctx: GateContext;
  caseFacts: CaseFacts;
  rules: RuleSet;
}

/**
 * Loads every fact for one proposed contact and assembles the gate's input. Reads only; writes nothing.
 * `text` is the already rendered template text (the caller resolves the template) or the free text.
 */
export async function loadContactFacts(tx: Tx, r: ContactRequest, o: { text?: string; templateApproved: boolean; rules?: RuleSet; caseFacts?: CaseFacts }): Promise<LoadedContactFacts> {
  const at = r.at ?? new Date().toISOString();
  const rules = o.rules ?? (await loadEffectiveRules(tx));
  const caseFacts = o.caseFacts ?? (await loadCaseFacts(tx, r.caseId, new Date(at)));
  const facts = await loadGateContexts(tx, { debtorIds: [caseFacts.debtorId], at, rules });
  const debtor = facts.byDebtor.get(caseFacts.debtorId)!;
  // COL-31: reachability is derived from the contact log and staff marks, never taken from the caller.
  const reachability = r.target.kind === 'third_party'
    ? gateReachability(await loadReachability(tx, { debtorId: caseFacts.debtorId, rules, at, deceased: caseFacts.holds.some((h) => h.kind === 'deceased') || debtor.holds.some((h) => h.kind === 'deceased' && h.partyId === null) }))
    : undefined;
  const { attempt, ctx } = assembleContactFacts({
    request: r, at, rules, caseFacts, debtor, holidays: facts.holidays, text: o.text, templateApproved: o.templateApproved, reachability,
  });
  return { attempt, ctx, caseFacts, rules };
}
