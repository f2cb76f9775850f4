// fillDocument: case data → the template's fields (figures AND capitals computed by the law calculators), plus the
// list of required fields that are missing. Pure.
import { formatYuan } from '../../platform/money.js';
import { isValidResidentId, isValidUscc, isValidCnMobile } from '../../platform/cn-ids.js';
import {
  acceptanceFee,
  cappedInterest,
  capDefaultCharges,
  daysBetween,
  enforcementFee,
  formatFigures,
  interestCap,
  lateDoubleInterest,
  paymentOrderFee,
  preservationFee,
  toCapitals,
  trackLimitation,
} from '../law/index.js';
import { CaseData, type CaseDataInput, type Party } from './case-data.js';
import { documentsError } from './errors.js';
import { getShippedTemplate } from './registry.js';
import type { DocumentKind, DocumentTemplate, FieldSpec } from './template-types.js';

export interface FilledField {
  name: string;
  label: string;
  type: FieldSpec['type'];
  /** The raw value (bigint fen for money, bps for rates, objects for parties, arrays for rows). */
  value: unknown;
  /** Display text (money: figures "¥1,234.50"; rate "13.4%"; date "2025年3月1日"). */
  text: string;
  /** Money only: 人民币…元整. */
  capitals?: string;
}

export interface FilledDocument {
  kind: DocumentKind;
  template: DocumentTemplate;
  fields: Record<string, FilledField>;
  missing: Array<{ field: string; label: string }>;
  /** D0 validation failures in the parties (18-digit ID check digit, USCC check character, mobile numbers). */
  invalid: Array<{ field: string; label: string; reason: string }>;
  /** The parsed case data and computed values (the data snapshot stored with the document, D0). */
  snapshot: { caseData: CaseData; calc: Record<string, unknown> };
}

const CLAIM_KIND_LABEL: Record<CaseData['claimKind'], string> = {
  financial_loan: '金融借款合同纠纷',
  private_lending: '民间借贷纠纷',
  credit_card: '银行信用卡纠纷',
  other: '合同纠纷',
};
const STAGE_LABEL = { pre_suit: '诉前财产保全', in_suit: '诉讼中财产保全', pre_enforcement: '执行前财产保全' } as const;

/** '2025-03-01' → '2025年3月1日' */
export function formatDateZh(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** 1340 → '13.4%' (exact, trailing zeros trimmed). */
export function formatRate(bps: number): string {
  const int = Math.trunc(bps / 100);
  const frac = String(bps % 100).padStart(2, '0').replace(/0+$/, '');
  return `${int}${frac ? '.' + frac : ''}%`;
}

/** D0 party block as one line. */
export function formatParty(p: Party): string {
  const parts: string[] = [p.name];
  if (p.kind === 'person') {
    if (p.gender) parts.push(p.gender);
    if (p.birthDate) parts.push(`${formatDateZh(p.birthDate)}出生`);
    if (p.ethnicity) parts.push(p.ethnicity);
    if (p.employer) parts.push(`工作单位：${p.employer}`);
    if (p.address) parts.push(`住${p.address}`);
    if (p.habitualResidence) parts.push(`经常居住地：${p.habitualResidence}`);
    if (p.idNumber) parts.push(`${p.idType ?? '公民身份号码'}：${p.idNumber}`);
  } else {
    if (p.address) parts.push(`住所地：${p.address}`);
    if (p.uscc) parts.push(`统一社会信用代码：${p.uscc}`);
    if (p.orgType) parts.push(`类型：${p.orgType}`);
    if (p.legalRepresentative) parts.push(`${p.legalRepresentativeTitle ?? '法定代表人'}：${p.legalRepresentative}`);
  }
  if (p.phone) parts.push(`联系电话：${p.phone}`);
  if (p.serviceAddress && p.serviceAddress !== p.address) parts.push(`送达地址：${p.serviceAddress}`);
  return parts.join('，') + '。';
}

/** Computed values (calc.*) from the law calculators (CALC-01, 03, 04, 05, 06, 07). */
export function computeCalc(cd: CaseData): Record<string, unknown> {
  const d = cd.debts[0];
  const asOf = cd.asOf;
  let principalOriginalFen = 0n;
  let principalFen = 0n;
  let interestFen = 0n;
  let defaultInterestFen = 0n;
  let feesFen = 0n;
  let paidFen = 0n;
  let claimedInterestFen = 0n;
  const items: Array<{ item: string; basis: string; amountFen: bigint }> = [];
  for (const debt of cd.debts) {
    const outstanding = debt.principalFen - debt.principalPaidFen;
    principalOriginalFen += debt.principalFen;
    principalFen += outstanding;
    const interestTo = debt.dueDate < asOf ? debt.dueDate : asOf;
    const base = {
      formationDate: debt.signedOn,
      lenderIsFinancialInstitution: debt.lenderIsFinancialInstitution,
      filingDate: asOf,
    };
    const contractual = debt.disbursedOn <= interestTo
      ? cappedInterest({ ...base, principalFen: debt.principalFen, agreedRateBps: debt.agreedRateBps, from: debt.disbursedOn, to: interestTo })
      : { totalFen: 0n, claimedFen: 0n };
    const contractualNet = contractual.totalFen - debt.interestPaidFen;
    interestFen += contractualNet < 0n ? 0n : contractualNet;
    claimedInterestFen += contractual.claimedFen;
    // Default interest after the due date: the agreed default rate, or the contract rate (art 28), capped together
    // with penalty and fees (art 29).
    let defaultPart = 0n;
    if (debt.dueDate < asOf) {
      const rate = debt.defaultRateBps ?? debt.agreedRateBps;
      const di = cappedInterest({ ...base, principalFen: outstanding, agreedRateBps: rate, from: debt.dueDate, to: asOf });
      const cap = interestCap({ ...base, accrualDate: debt.dueDate });
      const combined = capDefaultCharges({
        overduePrincipalFen: outstanding, from: debt.dueDate, to: asOf, defaultInterestFen: di.totalFen,
        penaltyFen: debt.penaltyFen, otherFeesFen: 0n, cap,
      });
      defaultPart = combined.allowedFen;
    }
    defaultInterestFen += defaultPart;
    feesFen += debt.feesFen;
    paidFen += debt.principalPaidFen + debt.interestPaidFen;
  }
  const cap = interestCap({ formationDate: d.signedOn, lenderIsFinancialInstitution: d.lenderIsFinancialInstitution, accrualDate: d.dueDate < asOf ? d.dueDate : asOf, filingDate: asOf });
  const appliedRateBps = Math.min(d.agreedRateBps, cap.capBps);
  const totalFen = principalFen + interestFen + defaultInterestFen + feesFen;
  items.push({ item: '尚欠本金', basis: `借款本金${formatYuan(principalOriginalFen)}元，已还本金${formatYuan(principalOriginalFen - principalFen)}元`, amountFen: principalFen });
  items.push({ item: '利息', basis: `${formatDateZh(d.disbursedOn)}至${formatDateZh(d.dueDate < asOf ? d.dueDate : asOf)}，年利率${formatRate(appliedRateBps)}，已扣除已付利息`, amountFen: interestFen });
  items.push({ item: '逾期利息/违约金', basis: d.dueDate < asOf ? `${formatDateZh(d.dueDate)}至${formatDateZh(asOf)}，与违约金合计不超过年利率${formatRate(cap.capBps)}` : '未逾期', amountFen: defaultInterestFen });
  items.push({ item: '其他费用', basis: d.feesDescription ?? '合同约定的实现债权费用', amountFen: feesFen });
  items.push({ item: '合计', basis: '本金＋利息＋逾期利息/违约金＋费用', amountFen: totalFen });

  const calc: Record<string, unknown> = {
    asOf,
    documentDate: cd.documentDate ?? asOf,
    principalOriginalFen,
    principalFen,
    interestFen,
    defaultInterestFen,
    feesFen,
    paidFen,
    totalFen,
    claimedInterestFen,
    agreedRateBps: d.agreedRateBps,
    appliedRateBps,
    capRateBps: cap.capBps,
    capRule: cap.rule === 'CALC-01 4xLPR'
      ? `民间借贷规定第二十五条（合同成立时一年期LPR ${formatRate(cap.lprBps!)}的四倍）`
      : cap.rule === 'CALC-01 FI 24% all-in' ? '金融借款综合年化成本24%（法发〔2017〕22号）' : '民间借贷规定（2015）第二十六条',
    interestMethod: `以借款本金为基数，自${formatDateZh(d.disbursedOn)}起按年利率${formatRate(appliedRateBps)}、按实际天数/365计算（算头不算尾）`,
    items,
    overdueDays: d.dueDate < asOf ? daysBetween(d.dueDate, asOf) : 0,
    claimKindLabel: cd.causeOfAction ?? CLAIM_KIND_LABEL[cd.claimKind],
    guarantorNames: cd.guarantors.length ? cd.guarantors.map((g) => g.name).join('、') : undefined,
    acceptanceFeeFen: acceptanceFee(totalFen).fullFen,
    paymentOrderFeeFen: paymentOrderFee(totalFen),
    debtorServiceAddress: cd.debtor.serviceAddress ?? cd.debtor.address,
    senderLine: cd.tenant.isAgency
      ? `${cd.tenant.name}受${cd.creditor.name}委托${cd.tenant.entrustmentRef ? `（委托编号：${cd.tenant.entrustmentRef}）` : ''}`
      : cd.creditor.name,
    agentLine: cd.agent ? `${cd.agent.name}，${cd.agent.employer ?? ''}${cd.agent.licenceNo ? `，执业证号${cd.agent.licenceNo}` : ''}，${cd.agent.authority === 'special' ? '特别授权' : '一般授权'}` : undefined,
    evidenceRows: cd.evidence.map((e, i) => ({
      no: String(i + 1),
      name: e.name,
      type: e.type,
      source: e.source,
      formPages: `${e.form}/${e.pages}页`,
      purpose: e.purpose,
      digest: e.sha256 || e.sm3
        ? [e.fileName, e.sha256 && `SHA-256:${e.sha256}`, e.sm3 && `SM3:${e.sm3}`, e.platform && `存证平台:${e.platform}`, e.depositNo && `存证编号:${e.depositNo}`, e.capturedAt && `存证时间:${e.capturedAt}`, e.logIndex !== undefined && `日志位置:${e.logIndex}`, e.verifyUrl && `核验:${e.verifyUrl}`].filter(Boolean).join('；')
        : '—',
    })),
    preSuitPreservationLine: cd.preservation?.stage === 'pre_suit' && cd.preservation.appliedOn
      ? `是（${cd.preservation.court ?? ''}，${formatDateZh(cd.preservation.appliedOn)}${cd.preservation.rulingNo ? `，${cd.preservation.rulingNo}` : ''}）`
      : '否',
    limitationNotice: (() => {
      if (!cd.limitation) return undefined;
      const st = trackLimitation({ ...cd.limitation, asOf });
      return st.state === 'expired'
        ? `根据我方记录，本债务的诉讼时效期间可能已于${formatDateZh(st.expiresOn)}届满，您有权依法提出诉讼时效抗辩。本函仅为还款提示。`
        : undefined;
    })(),
    mediationMode: cd.mediation ? (cd.mediation.online ? '在线视频调解' : '线下调解') : undefined,
  };
  if (cd.agent) {
    calc.agentLicenceOrRelation = cd.agent.licenceNo ? `律师执业证号：${cd.agent.licenceNo}` : `与委托人关系：${cd.agent.relationship ?? '（请填写）'}`;
    calc.authorityText = cd.agent.authority === 'special'
      ? '特别授权：代为起诉、应诉，代为承认、放弃、变更诉讼请求，进行和解，提起反诉或上诉，代为签收法律文书，代为申请执行，代为收取执行款。'
      : '一般授权：代为起诉、应诉，提交证据，参加庭审，代为签收法律文书。';
  }
  if (cd.agreement) {
    const agreedTotalFen = totalFen - cd.agreement.waiverFen;
    calc.waiverFen = cd.agreement.waiverFen;
    calc.agreedTotalFen = agreedTotalFen;
    calc.schedule = buildSchedule(agreedTotalFen, cd.agreement.instalments, cd.agreement.firstDueDate);
  }
  if (cd.preservation) {
    const amount = cd.preservation.amountFen ?? totalFen;
    calc.preservationStageLabel = STAGE_LABEL[cd.preservation.stage];
    calc.preservationAmountFen = amount;
    calc.preservationFeeFen = preservationFee(amount);
    const assets = cd.preservation.assets.length ? cd.preservation.assets : cd.assets;
    calc.preservationAssets = assets.length ? assets.map((a, i) => `${i + 1}．${a.type}：${a.description}`).join('；') : undefined;
  }
  if (cd.assets.length) calc.assetList = cd.assets.map((a, i) => `${i + 1}．${a.type}：${a.description}`).join('；');
  if (cd.enforcementOptions.length) calc.enforcementOptions = cd.enforcementOptions.join('、');
  if (cd.judgment) {
    const late = lateDoubleInterest({ unpaidFen: cd.judgment.adjudicatedFen, periodEnd: cd.judgment.periodEnd, paidOn: asOf });
    calc.lateFrom = late.startsOn;
    calc.lateDays = late.days;
    calc.lateDoubleInterestFen = late.interestFen;
    calc.enforcementFeeFen = enforcementFee(cd.judgment.adjudicatedFen);
    calc.judgmentLine = `${cd.judgment.issuer}${cd.judgment.caseNo}${cd.judgment.docType}（${formatDateZh(cd.judgment.effectiveOn)}生效）：${cd.judgment.content}`;
  }
  return calc;
}

/** Equal monthly instalments summing exactly to the total (remainder fen on the last one) — DOC-08 validation. */
export function buildSchedule(totalFen: bigint, n: number, firstDueDate: string): Array<{ no: string; dueDate: string; amountFen: bigint; balanceFen: bigint }> {
  const each = totalFen / BigInt(n);
  const rows = [];
  let balance = totalFen;
  const [y, m, dd] = firstDueDate.split('-').map(Number);
  for (let i = 0; i < n; i++) {
    const amount = i === n - 1 ? balance : each;
    balance -= amount;
    const t = new Date(Date.UTC(y, m - 1 + i, 1));
    const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
    const due = `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(dd, last)).padStart(2, '0')}`;
    rows.push({ no: String(i + 1), dueDate: due, amountFen: amount, balanceFen: balance });
  }
  return rows;
}

/** Read `a.b[0].c` from an object; undefined when any step is missing. */
export function readPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function toField(spec: FieldSpec, value: unknown): FilledField {
  const base = { name: spec.name, label: spec.label, type: spec.type, value };
  switch (spec.type) {
    case 'money': {
      const fen = typeof value === 'bigint' ? value : BigInt(value as string | number);
      return { ...base, value: fen, text: formatFigures(fen), capitals: toCapitals(fen < 0n ? 0n : fen) };
    }
    case 'rate':
      return { ...base, text: formatRate(Number(value)) };
    case 'date':
      return { ...base, text: formatDateZh(String(value)) };
    case 'party':
      return { ...base, text: formatParty(value as Party) };
    case 'parties':
      return { ...base, text: (value as Party[]).map(formatParty).join('\n') };
    case 'rows':
      return { ...base, text: `${(value as unknown[]).length}` };
    default:
      return { ...base, text: String(value) };
  }
}

/** Parse case data (zod), throwing DOCUMENTS_CASE_DATA_INVALID with the first issue. */
export function parseCaseData(input: unknown): CaseData {
  const r = CaseData.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw documentsError('DOCUMENTS_CASE_DATA_INVALID', { detail: `${i.path.join('.')}: ${i.message}`, field: i.path.join('.') });
  }
  return r.data;
}

/**
 * Fill a document kind from case data. `overrides` replace field values by field name (strings for text; bigint
 * fen or decimal strings for money). Throws DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED (DOC-05 gate),
 * DOCUMENTS_CASE_DATA_INVALID, DOCUMENTS_KIND_UNKNOWN. Missing required fields are returned, not thrown.
 */
export function fillDocument(
  kind: DocumentKind,
  caseData: CaseDataInput | CaseData,
  overrides: Record<string, unknown> = {},
  opts: { template?: DocumentTemplate } = {},
): FilledDocument {
  const template = opts.template ?? getShippedTemplate(kind);
  const cd = parseCaseData(caseData);
  // DOC-03 / 民诉法解释 art 427(7): no payment order once pre-suit preservation has been applied for.
  if (kind === 'payment_order_application' && cd.preservation?.stage === 'pre_suit' && cd.preservation.appliedOn) {
    throw documentsError('DOCUMENTS_PRECONDITION_FAILED', { rule: 'DOC-03', detail: '已申请诉前保全的，不能申请支付令（民诉法解释第427条第7项）' });
  }
  // COL-92: never state or imply that a time-barred debt can still be won in court — the lawyer's letter announces
  // suit, so it is refused once limitation has run (unless the debtor waived it by acknowledgment).
  if (kind === 'lawyer_letter' && cd.limitation && trackLimitation({ ...cd.limitation, asOf: cd.asOf }).state === 'expired') {
    throw documentsError('DOCUMENTS_PRECONDITION_FAILED', { rule: 'COL-92', detail: 'the limitation period has run; a letter announcing suit would mislead' });
  }
  if (kind === 'lawyer_letter' && !(cd.tenant.isLawFirm || cd.tenant.worksWithLawFirm)) {
    throw documentsError('DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED', { rule: 'DOC-05', detail: 'issue a demand letter (DOC-06) instead' });
  }
  const calc = computeCalc(cd);
  const root = { ...cd, calc };
  const fields: Record<string, FilledField> = {};
  const missing: Array<{ field: string; label: string }> = [];
  for (const spec of template.fields) {
    let value: unknown = spec.name in overrides ? overrides[spec.name] : spec.source ? readPath(root, spec.source) : undefined;
    if (spec.type === 'money' && typeof value === 'string') value = parseMoney(value);
    if (isEmpty(value) && spec.default !== undefined) value = spec.default;
    if (isEmpty(value)) {
      if (spec.required) missing.push({ field: spec.name, label: spec.label });
      continue;
    }
    fields[spec.name] = toField(spec, value);
  }
  return { kind, template, fields, missing, invalid: validateParties(cd), snapshot: { caseData: cd, calc } };
}

function parseMoney(s: string): bigint {
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(s.trim());
  if (!m) throw documentsError('DOCUMENTS_CASE_DATA_INVALID', { detail: `not a money amount: ${s}` });
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}


/**
 * D0 validation [K]: 公民身份号码 per GB 11643-1999 (MOD 11-2 check digit), USCC per GB 32100-2015 (mod 31), and
 * mainland mobile numbers (11 digits starting with 1) for every party in the case data.
 */
export function validateParties(cd: CaseData): Array<{ field: string; label: string; reason: string }> {
  const out: Array<{ field: string; label: string; reason: string }> = [];
  const parties: Array<[string, string, Party | undefined]> = [
    ['creditor', '债权人', cd.creditor],
    ['debtor', '债务人', cd.debtor],
    ['assignee', '受让人', cd.assignee],
    ...cd.guarantors.map((g, i): [string, string, Party] => [`guarantors[${i}]`, `担保人${i + 1}`, g]),
  ];
  for (const [path, label, p] of parties) {
    if (!p) continue;
    if (p.idNumber && (p.idType ?? '公民身份号码') === '公民身份号码' && !isValidResidentId(p.idNumber)) {
      out.push({ field: `${path}.idNumber`, label: `${label}公民身份号码`, reason: 'GB 11643-1999 check digit fails' });
    }
    if (p.uscc && !isValidUscc(p.uscc)) out.push({ field: `${path}.uscc`, label: `${label}统一社会信用代码`, reason: 'GB 32100-2015 check character fails' });
    if (p.phone && /^1\d/.test(p.phone) && !isValidCnMobile(p.phone)) out.push({ field: `${path}.phone`, label: `${label}联系电话`, reason: 'not an 11-digit mobile number' });
  }
  return out;
}
