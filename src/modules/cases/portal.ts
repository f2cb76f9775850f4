// The creditor portal (a creditor-role user sees only the creditors it is linked to), lead conversion (a
// consultation request becomes a creditor with its entrustment and a placed case), and list export masked per the
// caller's role (PI-22).
import { and, eq, inArray, sql as dsql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Tx } from '../../platform/db/index.js';
import { formatYuan } from '../../platform/money.js';
import { maskRecord, type Role } from '../../platform/pii/index.js';
import { listUsers } from '../tenants/index.js';
import type { DebtorKeys, DebtorInput } from '../debtors/index.js';
import { searchCases, type SearchCasesInput, type CaseListItem } from './queries.js';
import { slaSummary } from './sla-report.js';
import { createCreditor, getCreditor, recordEntrustment, type CreateCreditorInput, type EntrustmentInput } from './creditors.js';
import { placeCase } from './placement.js';
import type { DebtTerms } from './debts.js';
import { cases, creditorUsers, creditors, leads } from './schema.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';
import { CASE_STAGES } from './state-machine.js';

/** Links a creditor-role user to a creditor. Throws CASES_CREDITOR_NOT_FOUND, CASES_HANDOFF_INVALID (not a creditor user). */
export async function linkCreditorUser(tx: Tx, creditorId: string, userId: string): Promise<void> {
  await getCreditor(tx, creditorId);
  const u = (await listUsers(tx)).find((x) => x.id === userId);
  if (!u || u.role !== 'creditor') throw caseError('CASES_CREDITOR_NOT_FOUND', { detail: 'userId is not a creditor user of this agency', field: 'userId' });
  await tx.insert(creditorUsers).values({ tenantId: await tenantOf(tx), userId, creditorId }).onConflictDoNothing();
}

export async function creditorsOfUser(tx: Tx, userId: string): Promise<Array<{ id: string; code: string; name: string }>> {
  return tx.select({ id: creditors.id, code: creditors.code, name: creditors.name }).from(creditorUsers)
    .innerJoin(creditors, and(eq(creditors.tenantId, creditorUsers.tenantId), eq(creditors.id, creditorUsers.creditorId)))
    .where(eq(creditorUsers.userId, userId)).orderBy(creditors.code);
}

/** What a creditor user sees: its placements by stage, first-action SLA, and its cases (masked for the creditor role). */
export async function creditorOverview(tx: Tx, keys: DebtorKeys, userId: string, page: { limit: number; offset: number }, now = new Date()) {
  const mine = await creditorsOfUser(tx, userId);
  const ids = mine.map((c) => c.id);
  // A creditor user not yet linked to any creditor sees an empty portal, not everything and not an error.
  if (!ids.length) {
    return {
      creditors: [], byStage: CASE_STAGES.map((s) => ({ stage: s, count: 0 })),
      sla: { windowDays: 30, met: 0, onTrack: 0, atRisk: 0, breached: 0, complianceRate: null },
      cases: { total: 0, items: [] },
    };
  }
  const stages = ids.length
    ? await tx.select({ stage: cases.stage, n: dsql<number>`count(*)::int` }).from(cases).where(inArray(cases.creditorId, ids)).groupBy(cases.stage)
    : [];
  const counts = new Map(stages.map((s) => [s.stage, Number(s.n)]));
  const sla = await slaSummary(tx, { days: 30, creditorIds: ids }, now);
  const list = await searchCases(tx, keys, { creditorIds: ids, limit: page.limit, offset: page.offset }, now);
  return {
    creditors: mine,
    byStage: CASE_STAGES.map((s) => ({ stage: s, count: counts.get(s) ?? 0 })),
    sla: { windowDays: sla.windowDays, met: sla.met, onTrack: sla.onTrack, atRisk: sla.atRisk, breached: sla.breached,
      complianceRate: sla.met + sla.breached ? sla.met / (sla.met + sla.breached) : null },
    cases: { total: list.total, items: list.items.map((i) => maskListItem(i, 'creditor')) },
  };
}

/** A list row with the debtor's name and ID masked as the role requires (PI-22). */
export function maskListItem(i: CaseListItem, role: Role) {
  const m = maskRecord({ debtorName: i.debtorName }, { debtorName: 'name' }, role);
  return { ...i, debtorName: (m.debtorName as string | undefined) ?? '' };
}

// ---- export ----

export const EXPORT_MAX_ROWS = 100_000;
const EXPORT_COLUMNS = ['ref', 'stage', 'closeReason', 'debtorName', 'debtorIdMasked', 'contractNumber', 'principal', 'currency', 'dueDate', 'daysPastDue', 'dpdBucket', 'balanceBand', 'placedAt', 'assignedTo', 'onHold'] as const;

/** Every row matching the filters (up to EXPORT_MAX_ROWS), masked for `role`. */
export async function exportCaseRows(tx: Tx, keys: DebtorKeys, filters: SearchCasesInput, role: Role): Promise<Array<Record<(typeof EXPORT_COLUMNS)[number], string>>> {
  const out: Array<Record<(typeof EXPORT_COLUMNS)[number], string>> = [];
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += 1000) {
    const r = await searchCases(tx, keys, { ...filters, limit: 1000, offset });
    for (const i of r.items.map((x) => maskListItem(x, role))) {
      out.push({
        ref: i.ref, stage: i.stage, closeReason: i.closeReason ?? '', debtorName: i.debtorName, debtorIdMasked: i.debtorIdMasked, contractNumber: i.contractNumber,
        principal: formatYuan(i.principalFen), currency: i.currency, dueDate: i.dueDate, daysPastDue: String(i.daysPastDue), dpdBucket: i.dpdBucket, balanceBand: i.balanceBand,
        placedAt: i.placedAt.toISOString(), assignedTo: i.assignedTo ?? '', onHold: i.onHold ? 'yes' : 'no',
      });
    }
    if (r.items.length < 1000) break;
  }
  return out;
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? "'" : '') + s.replace(/"/g, '""')}"` : s);

export function toCsv(rows: Array<Record<string, string>>): string {
  return '\uFEFF' + [EXPORT_COLUMNS.join(','), ...rows.map((r) => EXPORT_COLUMNS.map((c) => csvCell(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}

export async function toXlsx(rows: Array<Record<string, string>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('cases');
  ws.addRow([...EXPORT_COLUMNS]);
  for (const r of rows) ws.addRow(EXPORT_COLUMNS.map((c) => r[c] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- leads ----

export interface ConvertLeadInput {
  leadId: string;
  creditorId?: string;
  creditor?: CreateCreditorInput;
  entrustment?: Omit<EntrustmentInput, 'creditorId'>;
  debtor: DebtorInput;
  debt: DebtTerms;
  actorId: string | null;
}

/**
 * Converts a consultation lead into a creditor (new, with its entrustment, or an existing one) and a placed case.
 * All in the caller's transaction: nothing is half-written. Throws CASES_LEAD_NOT_FOUND, CASES_LEAD_INVALID (already
 * converted, or neither creditorId nor creditor given), and the placement errors.
 */
export async function convertLead(tx: Tx, keys: DebtorKeys, input: ConvertLeadInput): Promise<{ creditorId: string; caseId: string; ref: string }> {
  const [l] = await tx.select().from(leads).where(eq(leads.id, input.leadId)).for('update');
  if (!l) throw caseError('CASES_LEAD_NOT_FOUND', { detail: input.leadId });
  if (l.status === 'converted') throw caseError('CASES_LEAD_INVALID', { detail: 'the lead is already converted', field: 'leadId' });
  let creditorId = input.creditorId;
  if (!creditorId) {
    if (!input.creditor) throw caseError('CASES_LEAD_INVALID', { detail: 'give creditorId or the new creditor', field: 'creditor' });
    const c = await createCreditor(tx, input.creditor);
    creditorId = c.id;
    if (input.entrustment) await recordEntrustment(tx, { ...input.entrustment, creditorId });
  } else await getCreditor(tx, creditorId).catch(() => { throw caseError('CASES_CREDITOR_NOT_FOUND', { detail: creditorId, field: 'creditorId' }); });
  const placed = await placeCase(tx, keys, { creditorId, debtor: input.debtor, debt: input.debt, actorId: input.actorId });
  await tx.update(leads).set({ status: 'converted' }).where(eq(leads.id, l.id));
  return { creditorId, caseId: placed.caseId, ref: placed.ref };
}
