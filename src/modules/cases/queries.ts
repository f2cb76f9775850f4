// Reading cases: the case file with everything derived on the fly (balance, days past due, SLA, promise status,
// holds in force), the state at a past instant by replay, search, and the debtor-portal directory.
import { and, asc, desc, eq, inArray, or, sql as dsql, type SQL } from 'drizzle-orm';
import { rows, type Tx } from '../../platform/db/index.js';
import { tenantOf } from './tenant.js';
import { getDebtor, debtorSummaries, revealIdNumber, revealContactPoints, searchDebtorIds, type DebtorKeys, type DebtorView } from '../debtors/index.js';
import { allowedTransitions, isCollectible, replayCaseAt, type ActiveHold, type CaseEvent, type CaseStage, type CaseState, type HoldKind } from './state-machine.js';
import { firstActionSla, holdPauses, slaPolicyFor, type SlaReading } from './sla.js';
import { debtPosition, type DebtPosition, type DebtTerms } from './debts.js';
import { resolvePromises, type PromiseStatus } from './promises.js';
import { addDays, dateInZone, daysBetween } from './dates.js';
import { rateCapBpsFor, rateCapSource } from './law-seam.js';
import { evidenceWired } from './evidence-seam.js';
import { loadCaseEvents } from './timeline.js';
import { contractKey } from './import.js';
import { cases, creditors, debts, locks, payments, promises } from './schema.js';
import { listUsers } from '../tenants/index.js';
import { caseError } from './errors.js';

export interface CaseFile {
  id: string;
  ref: string;
  stage: CaseStage;
  closeReason: string | null;
  stageSince: Date;
  placedAt: Date;
  assignedTo: string | null;
  creditor: { id: string; code: string; name: string };
  entrustmentId: string;
  debtor: DebtorView;
  debt: DebtTerms & { id: string };
  /** Derived on `asOf` (the debtor's local date); never stored. */
  position: DebtPosition;
  asOf: string;
  rateCap: { bps: bigint; source: typeof rateCapSource };
  sla: SlaReading;
  holds: ActiveHold[];
  collectible: boolean;
  allowedTransitions: CaseStage[];
  promises: Array<{ id: string; madeOn: string; dueDate: string; amountFen: bigint; status: PromiseStatus; paidTowardsFen: bigint }>;
  lock: { holderId: string; expiresAt: Date; since: Date; holderName: string | null } | null;
  evidenceWired: boolean;
}

/** Everything about one case as of instant `at` (default now). Throws CASES_NOT_FOUND. */
export async function getCase(tx: Tx, caseId: string, at = new Date()): Promise<CaseFile> {
  const [row] = await tx.select({ c: cases, d: debts, cr: creditors }).from(cases)
    .innerJoin(debts, and(eq(debts.tenantId, cases.tenantId), eq(debts.id, cases.debtId)))
    .innerJoin(creditors, and(eq(creditors.tenantId, cases.tenantId), eq(creditors.id, cases.creditorId)))
    .where(eq(cases.id, caseId));
  if (!row) throw caseError('CASES_NOT_FOUND', { detail: caseId });
  const { c, d, cr } = row;
  const [events, debtor, pays, proms, lockRows] = [
    await loadCaseEvents(tx, caseId), await getDebtor(tx, c.debtorId),
    await tx.select().from(payments).where(eq(payments.debtId, d.id)),
    await tx.select().from(promises).where(eq(promises.caseId, caseId)).orderBy(asc(promises.dueDate)),
    await tx.select().from(locks).where(eq(locks.caseId, caseId)),
  ];
  const state = replayCaseAt(events, at);
  const asOf = dateInZone(at, debtor.timeZone);
  const terms: DebtTerms = {
    originalCreditor: d.originalCreditor, contractNumber: d.contractNumber, ...(d.product ? { product: d.product } : {}), currency: d.currency,
    principalFen: d.principalFen, contractRateBps: BigInt(d.contractRateBps), penaltyRateBps: BigInt(d.penaltyRateBps), feesFen: d.feesFen,
    originationDate: d.originationDate, dueDate: d.dueDate,
    ...(d.lastPaymentDate ? { lastPaymentDate: d.lastPaymentDate } : {}), ...(d.acknowledgedDate ? { acknowledgedDate: d.acknowledgedDate } : {}),
  };
  const payList = pays.map((p) => ({ date: p.paidOn, amountFen: p.amountFen }));
  const cap = rateCapBpsFor(cr.lenderKind, d.originationDate, asOf);
  const resolved = resolvePromises(proms.map((p) => ({ id: p.id, madeOn: p.madeOn, dueDate: p.dueDate, amountFen: p.amountFen, graceDays: p.graceDays })), payList, asOf);
  const l0 = lockRows[0] && lockRows[0].expiresAt.getTime() > at.getTime() ? lockRows[0] : null;
  const holderName = l0 ? ((await listUsers(tx)).find((u) => u.id === l0.holderId)?.displayName ?? null) : null;
  const lock = l0 ? { holderId: l0.holderId, expiresAt: l0.expiresAt, since: l0.acquiredAt, holderName } : null;
  return {
    id: c.id, ref: c.ref, stage: state.stage!, closeReason: state.closeReason, stageSince: state.stageSince!, placedAt: c.placedAt, assignedTo: c.assignedTo,
    creditor: { id: cr.id, code: cr.code, name: cr.name }, entrustmentId: c.entrustmentId, debtor,
    debt: { id: d.id, ...terms }, position: debtPosition(terms, payList, asOf, cap), asOf, rateCap: { bps: cap, source: rateCapSource },
    sla: firstActionSla({ placedAt: c.placedAt, firstActionAt: c.firstActionAt, pauses: holdPauses(events) }, at, slaPolicyFor(cr)),
    holds: state.holds, collectible: isCollectible(state, at), allowedTransitions: allowedTransitions(state, at),
    promises: proms.map((p, i) => ({ id: p.id, madeOn: p.madeOn, dueDate: p.dueDate, amountFen: p.amountFen, status: resolved[i].status, paidTowardsFen: resolved[i].paidTowardsFen })),
    lock, evidenceWired,
  };
}

/** The case's status at a past instant, replayed from its timeline. Throws CASES_NOT_FOUND. */
export async function getCaseStateAt(tx: Tx, caseId: string, at: Date): Promise<CaseState> {
  const events = await loadCaseEvents(tx, caseId);
  if (!events.length) throw caseError('CASES_NOT_FOUND', { detail: caseId });
  return replayCaseAt(events, at);
}

/** The timeline, oldest first. Throws CASES_NOT_FOUND. */
export async function listCaseTimeline(tx: Tx, caseId: string): Promise<CaseEvent[]> {
  const events = await loadCaseEvents(tx, caseId);
  if (!events.length) throw caseError('CASES_NOT_FOUND', { detail: caseId });
  return events;
}

export const DPD_BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd181_360', 'd361_plus'] as const;
export type DpdBucket = (typeof DPD_BUCKETS)[number];
const DPD_EDGES: Record<DpdBucket, [number, number | null]> = {
  current: [-1_000_000, 0], d1_30: [1, 30], d31_60: [31, 60], d61_90: [61, 90], d91_180: [91, 180], d181_360: [181, 360], d361_plus: [361, null],
};
/** Balance bands on the principal placed, in yuan: [min, max). */
export const BALANCE_BANDS = ['lt5k', '5k_20k', '20k_50k', '50k_200k', 'gte200k'] as const;
export type BalanceBandName = (typeof BALANCE_BANDS)[number];
const BAND_EDGES: Record<BalanceBandName, [bigint, bigint | null]> = {
  lt5k: [0n, 500_000n], '5k_20k': [500_000n, 2_000_000n], '20k_50k': [2_000_000n, 5_000_000n], '50k_200k': [5_000_000n, 20_000_000n], gte200k: [20_000_000n, null],
};
export const CASE_SORTS = ['placedAt', 'dueDate', 'dpd', 'principal', 'ref', 'stage'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export function dpdBucketOf(dpd: number): DpdBucket {
  return DPD_BUCKETS.find((b) => dpd >= DPD_EDGES[b][0] && (DPD_EDGES[b][1] === null || dpd <= DPD_EDGES[b][1]!)) ?? 'current';
}
export function balanceBandOf(fen: bigint): BalanceBandName {
  return BALANCE_BANDS.find((b) => fen >= BAND_EDGES[b][0] && (BAND_EDGES[b][1] === null || fen < BAND_EDGES[b][1]!)) ?? 'gte200k';
}

export interface SearchCasesInput {
  /** Case ref, contract number, debtor name / pinyin / initials, ID number or phone. */
  q?: string;
  stage?: CaseStage;
  assignedTo?: string;
  creditorId?: string;
  onHold?: boolean;
  /** 'any' (some hold in force), 'none', or one hold kind. */
  hold?: 'any' | 'none' | HoldKind;
  /** Days past the due date (debt due date to today in Asia/Shanghai). */
  dpdBucket?: DpdBucket;
  balanceBand?: BalanceBandName;
  /** Only cases of these creditors (creditor portal). */
  creditorIds?: string[];
  sort?: CaseSort;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface CaseListItem {
  id: string;
  ref: string;
  stage: CaseStage;
  closeReason: string | null;
  debtorId: string;
  debtorName: string;
  debtorIdMasked: string;
  creditorId: string;
  contractNumber: string;
  principalFen: bigint;
  currency: string;
  dueDate: string;
  daysPastDue: number;
  dpdBucket: DpdBucket;
  balanceBand: BalanceBandName;
  placedAt: Date;
  assignedTo: string | null;
  /** Display name of the assigned collector (tenants module), null when unassigned or unknown. */
  assignedToName: string | null;
  onHold: boolean;
}

/** searchCases counts exactly up to this many rows past the requested offset, then reports a lower bound. */
export const COUNT_AHEAD = 10_000;
/** At most this many cases match a free-text query (ref, contract, up to 500 debtors' cases). */
const SEARCH_HITS_MAX = 5000;

/** Pages through cases matching the filters (default: newest placement first). */
export async function searchCases(tx: Tx, keys: DebtorKeys, input: SearchCasesInput = {}, now = new Date()): Promise<{ items: CaseListItem[]; total: number; totalExact: boolean }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 1000);
  const today = dateInZone(now);
  const conds: SQL[] = [];
  if (input.stage) conds.push(eq(cases.stage, input.stage));
  if (input.assignedTo) conds.push(eq(cases.assignedTo, input.assignedTo));
  if (input.creditorId) conds.push(eq(cases.creditorId, input.creditorId));
  if (input.creditorIds) conds.push(input.creditorIds.length ? inArray(cases.creditorId, input.creditorIds) : dsql`false`);
  const holdSql = (kind?: HoldKind) => dsql<boolean>`EXISTS (SELECT 1 FROM cases.holds h WHERE h.tenant_id = ${cases.tenantId} AND h.case_id = ${cases.id}
    AND h.released_at IS NULL AND (h.resume_at IS NULL OR h.resume_at > ${now})${kind ? dsql` AND h.kind = ${kind}` : dsql``})`;
  const onHoldSql = holdSql();
  if (input.onHold !== undefined) conds.push(input.onHold ? onHoldSql : dsql`NOT ${onHoldSql}`);
  if (input.hold === 'any') conds.push(onHoldSql);
  else if (input.hold === 'none') conds.push(dsql`NOT ${onHoldSql}`);
  else if (input.hold) conds.push(holdSql(input.hold));
  if (input.dpdBucket) {
    // days past due in [lo, hi] ⟺ due date in [today − hi, today − lo]: a range on debts_due (0330), not a computed column.
    const [lo, hi] = DPD_EDGES[input.dpdBucket];
    conds.push(dsql`${debts.dueDate} <= ${addDays(today, -lo)}::date`);
    if (hi !== null) conds.push(dsql`${debts.dueDate} >= ${addDays(today, -hi)}::date`);
  }
  if (input.balanceBand) {
    const [lo, hi] = BAND_EDGES[input.balanceBand];
    conds.push(hi === null ? dsql`${debts.principalFen} >= ${lo}` : dsql`${debts.principalFen} >= ${lo} AND ${debts.principalFen} < ${hi}`);
  }
  const q = input.q?.trim();
  if (q) {
    // The matching cases are found first through indexes (ref, contract key, debtor), then filtered and sorted: an OR
    // across the joined tables would make the planner scan every case.
    const debtorIds = await searchDebtorIds(tx, keys, q, 500);
    const tenantId = await tenantOf(tx);
    const hits = await rows<{ id: string }>(tx, dsql`SELECT id FROM cases.cases WHERE tenant_id = ${tenantId} AND ref = ${q.toUpperCase()}
      UNION SELECT c.id FROM cases.debts d JOIN cases.cases c ON c.tenant_id = d.tenant_id AND c.debt_id = d.id WHERE d.tenant_id = ${tenantId} AND d.contract_key = ${contractKey(q)}
      ${debtorIds.length ? dsql`UNION SELECT id FROM cases.cases WHERE tenant_id = ${tenantId} AND debtor_id = ANY (ARRAY(SELECT json_array_elements_text(${JSON.stringify(debtorIds)}::json)))` : dsql``}
      LIMIT ${SEARCH_HITS_MAX}`);
    conds.push(hits.length ? inArray(cases.id, hits.map((h) => h.id)) : dsql`false`);
  }
  const where = conds.length ? and(...conds) : undefined;
  const dir = input.order === 'asc' ? asc : desc;
  // With a free-text query the candidates are a known set (at most SEARCH_HITS_MAX ids): they are fetched by primary key
  // and sorted. Left to itself the planner walks a sort index of every case (cases_placed, debts_principal, …) and
  // filters each row against the id list, reading more rows the larger the table (seen with EXPLAIN ANALYZE). A no-op
  // expression on the sort key (+ 0, || '') hides those indexes from it for these queries only.
  const sortCol = q
    ? { placedAt: dsql`${cases.placedAt} + interval '0 s'`, dueDate: dsql`${debts.dueDate} + 0`, dpd: dsql`${debts.dueDate} + 0`, principal: dsql`${debts.principalFen} + 0`, ref: dsql`${cases.ref} || ''`, stage: dsql`${cases.stage} || ''` }[input.sort ?? 'placedAt']
    : { placedAt: cases.placedAt, dueDate: debts.dueDate, dpd: debts.dueDate, principal: debts.principalFen, ref: cases.ref, stage: cases.stage }[input.sort ?? 'placedAt'];
  // More days past due = earlier due date: flip the direction for 'dpd'.
  const primary = input.sort === 'dpd' ? (input.order === 'asc' ? desc(sortCol) : asc(sortCol)) : dir(sortCol);
  const base = tx.select({ c: cases, d: debts, onHold: onHoldSql }).from(cases).innerJoin(debts, and(eq(debts.tenantId, cases.tenantId), eq(debts.id, cases.debtId)));
  const offset = input.offset ?? 0;
  const found = await base.where(where).orderBy(primary, dir(cases.id)).limit(limit).offset(offset);
  // Bounded count: exact up to COUNT_AHEAD rows past this page's offset, then a lower bound (totalExact false), so a
  // list over a million cases never counts them all to show page 1.
  const cap = offset + COUNT_AHEAD;
  const counted = tx.select({ one: dsql`1` }).from(cases).innerJoin(debts, and(eq(debts.tenantId, cases.tenantId), eq(debts.id, cases.debtId))).where(where).limit(cap + 1).as('counted');
  const [{ n }] = await tx.select({ n: dsql<number>`count(*)::int` }).from(counted);
  const total = Math.min(Number(n), cap);
  const names = await debtorSummaries(tx, [...new Set(found.map((f) => f.c.debtorId))]);
  const assignees = found.some((f) => f.c.assignedTo) ? new Map((await listUsers(tx)).map((u) => [u.id, u.displayName])) : new Map<string, string>();
  return {
    total,
    totalExact: Number(n) <= cap,
    items: found.map(({ c, d, onHold }) => {
      const dpd = daysBetween(d.dueDate, today);
      return {
        id: c.id, ref: c.ref, stage: c.stage as CaseStage, closeReason: c.closeReason, debtorId: c.debtorId, debtorName: names.get(c.debtorId)?.name ?? '',
        debtorIdMasked: names.get(c.debtorId)?.idNumberMasked ?? '', creditorId: c.creditorId, contractNumber: d.contractNumber, principalFen: d.principalFen,
        currency: d.currency, dueDate: d.dueDate, daysPastDue: Math.max(0, dpd), dpdBucket: dpdBucketOf(dpd), balanceBand: balanceBandOf(d.principalFen),
        placedAt: c.placedAt, assignedTo: c.assignedTo, assignedToName: c.assignedTo ? assignees.get(c.assignedTo) ?? null : null, onHold: Boolean(onHold),
      };
    }),
  };
}

/**
 * Portal directory for the tenants module (`setPortalDirectory`): finds a case by its reference and gives the debtor's
 * name, ID number (for the last-6 check) and first phone/e-mail for the one-time code.
 */
export function casePortalDirectory(keys: DebtorKeys) {
  return {
    async findCase(tx: Tx, caseRef: string) {
      const [c] = await tx.select({ id: cases.id, ref: cases.ref, debtorId: cases.debtorId }).from(cases).where(eq(cases.ref, caseRef.trim().toUpperCase()));
      if (!c) return null;
      const d = await getDebtor(tx, c.debtorId);
      const [phone] = await revealContactPoints(tx, keys, c.debtorId, 'phone');
      const [email] = await revealContactPoints(tx, keys, c.debtorId, 'email');
      return {
        caseRef: c.ref, debtorName: d.name, idNumber: await revealIdNumber(tx, keys, c.debtorId),
        ...(phone ? { phone: phone.value } : {}), ...(email ? { email: email.value } : {}),
      };
    },
  };
}

/** Counts for dashboard cards: open cases, and cases placed but with no first action after 72 h (SLA breach). */
export async function countCases(tx: Tx): Promise<{ open: number; closed: number; awaitingFirstActionOver72h: number }> {
  const [r] = await tx
    .select({
      open: dsql<number>`count(*) FILTER (WHERE ${cases.stage} <> 'closed')::int`,
      closed: dsql<number>`count(*) FILTER (WHERE ${cases.stage} = 'closed')::int`,
      late: dsql<number>`count(*) FILTER (WHERE ${cases.stage} <> 'closed' AND ${cases.firstActionAt} IS NULL AND ${cases.placedAt} < now() - interval '72 hours')::int`,
    })
    .from(cases);
  return { open: Number(r.open), closed: Number(r.closed), awaitingFirstActionOver72h: Number(r.late) };
}
