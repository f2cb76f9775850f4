// Hand-off of a case (COL-73: a case is never worked by two agencies at once). To the legal track or to a lawyer:
// a guarded transition to `legal` and assignment to a legal officer, the history staying where it is. To another
// agency on this platform: the case closes here as `transferred`, a sealed transfer package (case, debt, debtor,
// timeline, evidence-log head and the package digest) is offered to the receiving agency, which accepts it into a
// new case of its own with the sending history attached. The platform registry (registry.ts) refuses the same
// debt active in two agencies.
import { createHash } from 'node:crypto';
import { and, asc, eq, ne, sql as dsql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { encryptField, decryptField } from '../../platform/pii/index.js';
import { canonicalBytes } from '../../platform/crypto/index.js';
import { revealIdNumber, revealContactPoints, type DebtorKeys, type DebtorInput } from '../debtors/index.js';
import { findLogHead } from '../evidence/index.js';
import { listUsers } from '../tenants/index.js';
import { getCaseFile } from './case-file.js';
import { appendCaseEvent, loadCaseEvents, lockCaseRow } from './timeline.js';
import { transitionCase } from './workflow.js';
import { placeCase } from './placement.js';
import { placementRegistryKey } from './registry.js';
import { cases, creditors, handoffs, transfers } from './schema.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';
import type { DebtTerms } from './debts.js';

export const HANDOFF_KINDS = ['legal_track', 'lawyer', 'agency'] as const;
export type HandoffKind = (typeof HANDOFF_KINDS)[number];

export interface HandoffInput {
  caseId: string;
  to: HandoffKind;
  reason: string;
  lawyerName?: string;
  /** Legal officer to assign (default: the active legal officer with the fewest open cases). */
  assigneeId?: string;
  /** For `agency`: the receiving tenant, resolved by the caller (platform lookup by slug). */
  target?: { id: string; slug: string; displayName: string };
  actorId: string | null;
  at?: Date;
}

async function pickLegalOfficer(tx: Tx, wanted?: string): Promise<string | null> {
  const officers = (await listUsers(tx)).filter((u) => u.role === 'legal_officer' && u.status === 'active');
  if (wanted) {
    if (!officers.some((o) => o.id === wanted)) throw caseError('CASES_HANDOFF_INVALID', { detail: 'assigneeId is not an active legal officer of this agency', field: 'assigneeId' });
    return wanted;
  }
  if (!officers.length) return null;
  const load = await tx.select({ who: cases.assignedTo, n: dsql<number>`count(*)::int` }).from(cases).where(ne(cases.stage, 'closed')).groupBy(cases.assignedTo);
  const n = new Map(load.map((l) => [l.who, Number(l.n)]));
  return [...officers].sort((a, b) => (n.get(a.id) ?? 0) - (n.get(b.id) ?? 0) || a.id.localeCompare(b.id))[0].id;
}

export interface TransferPackage {
  v: 1;
  transferId: string;
  from: { tenantId: string; caseId: string; ref: string };
  creditor: { code: string; name: string; uscc: string | null };
  debt: Omit<DebtTerms, 'principalFen' | 'contractRateBps' | 'penaltyRateBps' | 'feesFen'> & { principalFen: string; contractRateBps: string; penaltyRateBps: string; feesFen: string };
  debtor: DebtorInput;
  timeline: Array<{ seq: number; at: string; type: string; actorId: string | null; detail: Record<string, unknown> }>;
  evidence: { origin: string; size: number; root: string } | null;
}

/**
 * Hands the case off. Throws CASES_NOT_FOUND, CASES_HANDOFF_INVALID (missing lawyer name / target, same agency),
 * CASES_TRANSITION_INVALID (with the allowed moves), CASES_REASON_REQUIRED, CASES_ON_HOLD, CASES_CLOSED.
 */
export async function handoffCase(tx: Tx, keys: DebtorKeys, input: HandoffInput): Promise<{ handoffId: string; stage: string; assignedTo: string | null; transferId: string | null }> {
  const at = input.at ?? new Date();
  const reason = input.reason.trim();
  if (reason.length < 2) throw caseError('CASES_HANDOFF_INVALID', { detail: 'a hand-off needs a reason', field: 'reason' });
  const c = await lockCaseRow(tx, input.caseId);
  const tenantId = await tenantOf(tx);
  const handoffId = newId('hoff');
  if (input.to === 'legal_track' || input.to === 'lawyer') {
    if (input.to === 'lawyer' && !input.lawyerName?.trim()) throw caseError('CASES_HANDOFF_INVALID', { detail: 'name the lawyer or law firm', field: 'lawyerName' });
    let stage = c.stage;
    if (c.stage !== 'legal' && c.stage !== 'enforcement') {
      stage = (await transitionCase(tx, { caseId: c.id, to: 'legal', reason, actorId: input.actorId, at })).stage!;
    }
    const assignee = await pickLegalOfficer(tx, input.assigneeId);
    if (assignee) await tx.update(cases).set({ assignedTo: assignee }).where(eq(cases.id, c.id));
    const target = input.to === 'lawyer' ? input.lawyerName!.trim().slice(0, 200) : null;
    await tx.insert(handoffs).values({ tenantId, id: handoffId, caseId: c.id, kind: input.to, target, reason, actorId: input.actorId, at });
    const fresh = await lockCaseRow(tx, c.id);
    await appendCaseEvent(tx, fresh, { type: 'recorded', what: 'handed_off', at, actorId: input.actorId, data: { handoffId, to: input.to, assignedTo: assignee } });
    return { handoffId, stage, assignedTo: assignee ?? c.assignedTo, transferId: null };
  }
  // to another agency
  if (!input.target) throw caseError('CASES_HANDOFF_INVALID', { detail: 'name the receiving agency (targetTenantSlug)', field: 'targetTenantSlug' });
  if (input.target.id === tenantId) throw caseError('CASES_HANDOFF_INVALID', { detail: 'the case is already with this agency', field: 'targetTenantSlug' });
  if (c.stage === 'closed') throw caseError('CASES_CLOSED');
  const file = await getCaseFile(tx, c.id, at); // the full file: payments the ledger took back do not travel as paid
  const [cr] = await tx.select().from(creditors).where(eq(creditors.id, c.creditorId));
  const d = file.debtor;
  const phones = (await revealContactPoints(tx, keys, d.id, 'phone')).map((p) => p.value);
  const emails = (await revealContactPoints(tx, keys, d.id, 'email')).map((p) => p.value);
  const addresses = (await revealContactPoints(tx, keys, d.id, 'address')).map((p) => ({ text: p.value }));
  const idNumber = await revealIdNumber(tx, keys, d.id);
  const debtor = (d.kind === 'organisation'
    ? { kind: 'organisation', name: d.name, uscc: idNumber, legalRepresentative: d.legalRepresentative ?? '', phones, emails, addresses, timeZone: d.timeZone }
    : { kind: 'person', name: d.name, idType: d.idType, idNumber, phones, emails, addresses, timeZone: d.timeZone, ...(d.employer ? { employer: d.employer } : {}) }) as DebtorInput;
  const { principalFen, contractRateBps, penaltyRateBps, feesFen, id: _debtId, ...terms } = file.debt;
  const transferId = newId('xfer');
  // Close here first (guarded; releases the registry claim) so the history in the package includes the closing.
  await transitionCase(tx, { caseId: c.id, to: 'closed', closeReason: 'transferred', reason: `transferred to ${input.target.slug}: ${reason}`, actorId: input.actorId, at });
  const events = await loadCaseEvents(tx, c.id);
  const head = await findLogHead(tx);
  const pkg: TransferPackage = {
    v: 1, transferId, from: { tenantId, caseId: c.id, ref: c.ref }, creditor: { code: cr.code, name: cr.name, uscc: cr.uscc },
    debt: { ...terms, principalFen: principalFen.toString(), contractRateBps: contractRateBps.toString(), penaltyRateBps: penaltyRateBps.toString(), feesFen: feesFen.toString() },
    debtor,
    timeline: events.map(({ seq, at: eat, type, actorId, ...detail }) => ({ seq, at: eat.toISOString(), type, actorId: actorId ?? null, detail: JSON.parse(JSON.stringify(detail)) as Record<string, unknown> })),
    evidence: head ? { origin: head.origin, size: head.size, root: Buffer.from(head.root as unknown as Uint8Array).toString('hex') } : null,
  };
  const json = JSON.stringify(pkg);
  const digest = createHash('sha256').update(canonicalBytes(pkg as unknown as Record<string, unknown>)).digest('hex');
  await tx.insert(transfers).values({
    id: transferId, fromTenantId: tenantId, fromCaseId: c.id, toTenantId: input.target.id, debtKey: placementRegistryKey(keys, cr.uscc, terms.contractNumber),
    packageEnc: encryptField(keys.ring, json, `cases.transfers:${transferId}`), packageDigest: digest,
    summary: { fromRef: c.ref, creditorName: cr.name, contractNumber: terms.contractNumber, principal: principalFen.toString(), currency: terms.currency, events: events.length },
    status: 'pending', createdAt: at,
  });
  await tx.insert(handoffs).values({ tenantId, id: handoffId, caseId: c.id, kind: 'agency', target: input.target.slug, reason, actorId: input.actorId, at, transferId });
  const closed = await lockCaseRow(tx, c.id);
  await appendCaseEvent(tx, closed, { type: 'recorded', what: 'handed_off', at, actorId: input.actorId, data: { handoffId, to: 'agency', transferId, packageDigest: digest } });
  return { handoffId, stage: 'closed', assignedTo: c.assignedTo, transferId };
}

export async function listHandoffs(tx: Tx, caseId: string) {
  const [c] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw caseError('CASES_NOT_FOUND', { detail: caseId });
  const rs = await tx.select().from(handoffs).where(eq(handoffs.caseId, caseId)).orderBy(asc(handoffs.at), asc(handoffs.id));
  const tenantId = await tenantOf(tx);
  const received = await tx.select({ id: transfers.id, digest: transfers.packageDigest, fromRef: dsql<string>`${transfers.summary}->>'fromRef'`, at: transfers.acceptedAt })
    .from(transfers).where(and(eq(transfers.toTenantId, tenantId), eq(transfers.acceptedCaseId, caseId)));
  return [
    ...received.map((r) => ({ id: r.id, kind: 'received' as const, target: r.fromRef, reason: 'received from another agency', actorId: null, at: r.at!, transferId: r.id, packageDigest: r.digest })),
    ...rs.map((h) => ({ id: h.id, kind: h.kind, target: h.target, reason: h.reason, actorId: h.actorId, at: h.at, transferId: h.transferId, packageDigest: null as string | null })),
  ];
}

/** Transfers offered to this agency and not yet accepted. */
export async function listIncomingTransfers(tx: Tx) {
  const tenantId = await tenantOf(tx);
  const rs = await tx.select().from(transfers).where(and(eq(transfers.toTenantId, tenantId), eq(transfers.status, 'pending'))).orderBy(asc(transfers.createdAt));
  return rs.map((t) => ({ id: t.id, fromTenantId: t.fromTenantId, createdAt: t.createdAt, packageDigest: t.packageDigest, summary: t.summary }));
}

/**
 * Accepts a transfer: places the debt here under one of this agency's creditors with an entrustment in force (the
 * given one, else the one with the same USCC or code) and attaches the sending history. Throws
 * CASES_TRANSFER_NOT_FOUND, CASES_HANDOFF_INVALID (no matching creditor), CASES_ENTRUSTMENT_MISSING,
 * CASES_ALREADY_PLACED, CASES_ACTIVE_ELSEWHERE (COL-73).
 */
export async function acceptTransfer(tx: Tx, keys: DebtorKeys, input: { transferId: string; creditorId?: string; actorId: string | null; at?: Date }): Promise<{ caseId: string; ref: string }> {
  const at = input.at ?? new Date();
  const tenantId = await tenantOf(tx);
  const [t] = await tx.select().from(transfers).where(and(eq(transfers.id, input.transferId), eq(transfers.toTenantId, tenantId), eq(transfers.status, 'pending'))).for('update');
  if (!t) throw caseError('CASES_TRANSFER_NOT_FOUND', { detail: input.transferId });
  const pkg = JSON.parse(decryptField(keys.ring, t.packageEnc, `cases.transfers:${t.id}`)) as TransferPackage;
  let creditorId = input.creditorId;
  if (creditorId) {
    const [cr] = await tx.select({ id: creditors.id }).from(creditors).where(eq(creditors.id, creditorId));
    if (!cr) throw caseError('CASES_HANDOFF_INVALID', { detail: 'no such creditor in this agency', field: 'creditorId' });
  } else {
    const all = await tx.select().from(creditors);
    creditorId = (all.find((c) => pkg.creditor.uscc && c.uscc === pkg.creditor.uscc) ?? all.find((c) => c.code === pkg.creditor.code))?.id;
    if (!creditorId) throw caseError('CASES_HANDOFF_INVALID', { detail: `no creditor matching ${pkg.creditor.code}; register it with its entrustment first or name creditorId`, field: 'creditorId' });
  }
  const { principalFen, contractRateBps, penaltyRateBps, feesFen, ...terms } = pkg.debt;
  const placed = await placeCase(tx, keys, {
    creditorId, debtor: pkg.debtor, actorId: input.actorId, at,
    debt: { ...terms, principalFen: BigInt(principalFen), contractRateBps: BigInt(contractRateBps), penaltyRateBps: BigInt(penaltyRateBps), feesFen: BigInt(feesFen) },
  });
  const c = await lockCaseRow(tx, placed.caseId);
  await appendCaseEvent(tx, c, {
    type: 'recorded', what: 'transfer_received', at, actorId: input.actorId,
    data: { transferId: t.id, fromRef: pkg.from.ref, packageDigest: t.packageDigest, evidence: pkg.evidence, history: pkg.timeline },
  });
  await tx.update(transfers).set({ status: 'accepted', acceptedAt: at, acceptedCaseId: placed.caseId }).where(eq(transfers.id, t.id));
  return { caseId: placed.caseId, ref: placed.ref };
}
