// Case data for a document, read from the case in the database (DOC-01..13 "one click"): the case, its creditor and
// debt (cases), the debtor with revealed ID and address (debtors, for the document only — never logged), the
// payments and their Civil Code art 561 allocation (ledger), the tenant (law-firm status, complaint channel) and the
// evidence rows (attachments with digests and evidence-log positions, plus the generation leaves). Read only
// through the owning modules' index.ts.
import { getCase, getCreditor, listAttachments } from '../cases/index.js';
import { revealContactPoints, revealIdNumber, type DebtorKeys } from '../debtors/index.js';
import { accounts, getCaseLedger, listAccountTransfers, listPlans } from '../ledger/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { Tx } from '../../platform/db/index.js';
import type { CaseDataInput, EvidenceItem } from './case-data.js';

export interface CaseSourceOptions {
  /** Base URL of the installation (portal link printed in letters). */
  publicUrl?: string;
  /** The day amounts are computed to (default: the case's as-of day in the debtor's time zone). */
  asOf?: string;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Gender and birth date from an 18-character resident ID (GB 11643-1999): digits 7-14 date, 17th odd = male. */
export function personFromResidentId(id: string): { gender?: string; birthDate?: string } {
  if (!/^\d{17}[\dX]$/i.test(id)) return {};
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { gender: Number(id[16]) % 2 === 1 ? '男' : '女', birthDate: birth };
}

/** Everything documents need about one case (CaseDataInput). Throws CASES_NOT_FOUND for a case the tenant lacks. */
export async function caseDataFor(tx: Tx, keys: DebtorKeys, caseId: string, opts: CaseSourceOptions = {}): Promise<CaseDataInput> {
  const c = await getCase(tx, caseId);
  const tenant = await getCurrentTenant(tx);
  const creditor = await getCreditor(tx, c.creditor.id);
  const asOf = opts.asOf ?? c.asOf;
  const idNumber = await revealIdNumber(tx, keys, c.debtor.id).catch(() => '');
  const [address] = await revealContactPoints(tx, keys, c.debtor.id, 'address');
  const [phone] = await revealContactPoints(tx, keys, c.debtor.id, 'phone');
  // Ledger: payments allocated costs → interest → principal (art 561). A case without a ledger claim yet falls back to
  // the case's own payment position (all towards principal).
  let principalPaidFen = 0n;
  let interestPaidFen = 0n;
  let payments: Array<{ valueDate: string; amountFen: bigint }> = [];
  // Every ledger payment has a receivable leg; a case with none and no reported payment has nothing to allocate, so
  // the full case ledger (a second case read plus fee computations, ~40 % of the read) is skipped for it.
  const nothingPaid = c.position.paidFen === 0n && (await listAccountTransfers(tx, accounts.receivable(caseId))).length === 0;
  if (!nothingPaid) try {
    const l = await getCaseLedger(tx, caseId);
    principalPaidFen = l.allocation.totals.principalFen;
    interestPaidFen = l.allocation.totals.interestFen;
    payments = l.payments.filter((p) => !p.reversed).map((p) => ({ valueDate: p.valueDate, amountFen: p.amountFen - p.refundedFen }));
  } catch {
    principalPaidFen = c.position.paidFen > c.debt.principalFen ? c.debt.principalFen : c.position.paidFen;
  }
  // DOC-08: the repayment schedule comes from the plan accepted in the ledger (else it is typed in as agreement.*).
  let agreement: CaseDataInput['agreement'];
  try {
    const accepted = (await listPlans(tx, caseId)).filter((p) => p.acceptedAt).at(-1);
    if (accepted && accepted.plan.instalments.length) {
      agreement = { instalments: accepted.plan.instalments.length, firstDueDate: accepted.plan.instalments[0].dueDate, waiverFen: accepted.plan.discountFen };
    }
  } catch {
    agreement = undefined;
  }
  const d = c.debt;
  const product = d.product ?? '';
  const claimKind = /信用卡|credit.?card/i.test(product) ? 'credit_card' : creditor.lenderKind === 'private' ? 'private_lending' : 'financial_loan';
  const isPerson = c.debtor.kind === 'person';
  const debtor = isPerson
    ? {
        kind: 'person' as const, name: c.debtor.name, ...(c.debtor.idType === 'resident_id' ? personFromResidentId(idNumber) : {}),
        ...(c.debtor.employer ? { employer: c.debtor.employer } : {}),
        ...(idNumber ? { idNumber, idType: c.debtor.idType === 'resident_id' ? '公民身份号码' : '证件号码' } : {}),
        ...(address ? { address: address.value, serviceAddress: address.value } : {}),
        ...(phone ? { phone: phone.value } : {}),
      }
    : {
        kind: 'organisation' as const, name: c.debtor.name, ...(idNumber ? { uscc: idNumber } : {}),
        ...(c.debtor.legalRepresentative ? { legalRepresentative: c.debtor.legalRepresentative } : {}),
        ...(address ? { address: address.value, serviceAddress: address.value } : {}),
        ...(phone ? { phone: phone.value } : {}),
      };
  const evidence: EvidenceItem[] = [
    { name: `${d.contractNumber ? `《${product || '借款'}合同》（编号${d.contractNumber}）` : `《${product || '借款'}合同》`}`, type: '书证', source: creditor.name, form: '复印件', pages: 1, purpose: '证明双方之间的债权债务关系及约定的利率、期限' },
  ];
  for (const a of await listAttachments(tx, caseId)) {
    evidence.push({
      name: a.fileName, type: '电子数据', source: creditor.name, form: '电子', pages: 1, purpose: '证明案件事实（附件）', fileName: a.fileName,
      sha256: a.sha256, ...(a.evidenceSeq !== null && a.evidenceSeq !== undefined ? { logIndex: Number(a.evidenceSeq) } : {}), capturedAt: new Date(a.createdAt).toISOString(),
    });
  }
  if (payments.length) {
    evidence.push({ name: `还款记录（${payments.length}笔）`, type: '书证', source: creditor.name, form: '复印件', pages: 1, purpose: '证明债务人已还款金额，主张金额已扣除' });
  }
  const complaint = tenant.branding?.complaintChannel;
  const base = (opts.publicUrl ?? '').replace(/\/$/, '');
  return {
    asOf,
    documentDate: asOf,
    claimKind,
    tenant: {
      name: tenant.legalName ?? tenant.displayName,
      isLawFirm: tenant.lawFirm === 'is_law_firm',
      worksWithLawFirm: tenant.lawFirm === 'works_with_law_firm',
      isAgency: tenant.kind === 'agency',
      ...(complaint?.phone ? { contactPhone: complaint.phone } : {}),
      ...(base ? { verificationUrl: `${base}/t/${tenant.slug}/portal` } : {}),
    },
    creditor: { kind: 'organisation', name: creditor.name, ...(creditor.uscc ? { uscc: creditor.uscc } : {}) },
    debtor,
    debts: [{
      contractName: `${product || '借款'}合同`,
      ...(d.contractNumber ? { contractNo: d.contractNumber } : {}),
      signedOn: d.originationDate,
      principalFen: d.principalFen,
      principalPaidFen,
      interestPaidFen,
      agreedRateBps: Number(d.contractRateBps),
      ...(d.penaltyRateBps > 0n ? { defaultRateBps: Number(d.penaltyRateBps) } : {}),
      feesFen: d.feesFen,
      disbursedOn: d.originationDate,
      dueDate: d.dueDate,
      lenderIsFinancialInstitution: creditor.lenderKind !== 'private',
    }],
    // The payee account is the creditor escrow's, which only the tenant knows: listed as missing to be typed in.
    payment: {
      accountName: '', bank: '', accountNo: '', deadline: addDays(asOf, 15),
      ...(base ? { portalUrl: `${base}/t/${tenant.slug}/portal` } : {}),
      ...(complaint?.phone || complaint?.email ? { complaintChannel: [complaint.phone, complaint.email].filter(Boolean).join(' / ') } : {}),
    },
    evidence,
    ...(agreement ? { agreement } : {}),
  };
}
