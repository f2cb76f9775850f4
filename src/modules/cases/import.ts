// Bulk placement: rows from a creditor's spreadsheet are mapped to our fields, validated row by row into a report
// (row number, field, reason), and given a dedup key (creditor + contract number) so that importing the same file
// twice places nothing twice. Rows are processed in chunks so a large file never sits in memory whole; only the
// dedup keys seen so far are kept, to catch a contract number repeated within the file.
import { parseYuan } from '../../platform/money.js';
import { DebtorInput, debtorIssues, normaliseIdNumber, type IdType, ID_TYPES } from '../debtors/index.js';
import { parseLooseDate, daysBetween } from './dates.js';
import { CURRENCIES, type DebtTerms } from './debts.js';
import { caseError } from './errors.js';

/** Our field names a source column can be mapped to. */
export const IMPORT_FIELDS = [
  'creditor', 'contractNumber', 'debtorName', 'idType', 'idNumber', 'uscc', 'legalRepresentative', 'phone', 'email',
  'address', 'employer', 'product', 'principal', 'contractRate', 'penaltyRate', 'fees', 'currency', 'originationDate',
  'dueDate', 'lastPaymentDate', 'acknowledgedDate',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['contractNumber', 'debtorName', 'principal', 'originationDate', 'dueDate'];

/** Our field → the source column header. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export const IMPORT_ERROR_CODES = [
  'missing', 'invalid_id_number', 'invalid_value', 'impossible_date', 'negative_amount', 'invalid_amount',
  'unknown_currency', 'duplicate_contract', 'unknown_creditor',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export interface RowError {
  /** 1-based data row number as a spreadsheet user sees it (header is row 1, first data row is row 2). */
  row: number;
  field: ImportField | 'row';
  code: ImportErrorCode;
  reason: string;
}

export interface PlacementRow {
  row: number;
  dedupKey: string;
  creditorId: string;
  debtor: DebtorInput;
  debt: DebtTerms;
}

export interface ImportContext {
  /** Creditor references accepted in the `creditor` column (id or code) → creditor id. */
  creditors: ReadonlyMap<string, string>;
  /** Creditor for rows without a creditor column (the CLI's --creditor). */
  defaultCreditorId?: string;
  /** Calendar date of the import: origination or payment dates after it are impossible. */
  today: string;
}

/** Headers mentioned by Chinese creditor files, for a suggested mapping the user then confirms. */
const SYNONYMS: Record<ImportField, string[]> = {
  creditor: ['creditor', '委托方', '债权人', '原债权人'],
  contractNumber: ['contract_number', 'contract', 'contractno', '合同编号', '合同号', '借据号'],
  debtorName: ['debtor_name', 'name', '姓名', '债务人', '客户姓名', '名称'],
  idType: ['id_type', '证件类型'],
  idNumber: ['id_number', 'idno', '身份证号', '证件号码', '身份证号码'],
  uscc: ['uscc', '统一社会信用代码'],
  legalRepresentative: ['legal_representative', '法定代表人'],
  phone: ['phone', 'mobile', '手机号', '电话', '联系电话'],
  email: ['email', '邮箱', '电子邮箱'],
  address: ['address', '地址', '住址', '户籍地址'],
  employer: ['employer', '工作单位', '单位'],
  product: ['product', '产品', '产品名称'],
  principal: ['principal', '本金', '借款本金', '欠款本金'],
  contractRate: ['contract_rate', 'rate', '年利率', '利率'],
  penaltyRate: ['penalty_rate', '逾期利率', '罚息利率'],
  fees: ['fees', '费用'],
  currency: ['currency', '币种'],
  originationDate: ['origination_date', 'loan_date', '借款日期', '放款日期', '合同日期'],
  dueDate: ['due_date', '到期日', '还款日', '到期日期'],
  lastPaymentDate: ['last_payment_date', '最后还款日期', '最近还款日'],
  acknowledgedDate: ['acknowledged_date', '确认日期', '承认债务日期'],
};

const fold = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, '_');

/** A suggested mapping from the file's headers (exact synonym matches only; the user confirms or edits it). */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {};
  for (const f of IMPORT_FIELDS) {
    const syn = new Set(SYNONYMS[f].map(fold));
    const h = headers.find((x) => syn.has(fold(x)));
    if (h !== undefined) out[f] = h;
  }
  return out;
}

/** Throws CASES_IMPORT_MAPPING_INVALID if a required field is unmapped or a mapped column is not in the file. */
export function checkMapping(mapping: ColumnMapping, headers: readonly string[], ctx: Pick<ImportContext, 'defaultCreditorId'>): void {
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f]);
  if (!mapping.idNumber && !mapping.uscc) missing.push('idNumber');
  if (!mapping.creditor && !ctx.defaultCreditorId) missing.push('creditor');
  const absent = Object.entries(mapping).filter(([, col]) => col && !headers.includes(col)).map(([f, col]) => `${f} → "${col}"`);
  if (missing.length || absent.length) {
    throw caseError('CASES_IMPORT_MAPPING_INVALID', {
      detail: [missing.length ? `unmapped: ${missing.join(', ')}` : '', absent.length ? `columns not in file: ${absent.join(', ')}` : ''].filter(Boolean).join('; '),
      extra: { missing, absent },
    });
  }
}

/** Dedup key of a placement: the creditor plus its contract number, folded. */
export function placementKey(creditorId: string, contractNumber: string): string {
  return `${creditorId}|${contractKey(contractNumber)}`;
}

/** A contract number folded for comparison: half-width, no spaces, upper case. */
export function contractKey(contractNumber: string): string {
  return normaliseIdNumber(contractNumber);
}

function cell(raw: Record<string, unknown>, mapping: ColumnMapping, f: ImportField): string {
  const col = mapping[f];
  if (!col) return '';
  const v = raw[col];
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(Math.min(6, (String(v).split('.')[1] ?? '').length));
  if (typeof v === 'object' && v && 'text' in v) return String((v as { text: unknown }).text).trim(); // exceljs rich text
  return String(v).trim();
}

function parseAmount(s: string): bigint | 'invalid' | 'negative' {
  const t = s.replace(/[,，\s¥￥]/g, '').replace(/元$/, '');
  try {
    const v = parseYuan(t);
    return v < 0n ? 'negative' : v;
  } catch {
    return 'invalid';
  }
}

/** "24", "24%", "24.5" → basis points per year. */
function parseRateBps(s: string): bigint | 'invalid' | 'negative' {
  const m = /^(-?)(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(s.replace(/\s/g, ''));
  if (!m) return 'invalid';
  if (m[1]) return 'negative';
  return BigInt(m[2]) * 100n + BigInt(((m[3] ?? '') + '00').slice(0, 2));
}

const ID_TYPE_ALIASES: Record<string, IdType> = { 身份证: 'resident_id', 居民身份证: 'resident_id', 护照: 'passport', 港澳通行证: 'hk_macau_permit', 台胞证: 'taiwan_permit', 永居证: 'foreign_permanent_id' };

/**
 * Validates one raw row. Returns the placement or the row's errors (all of them, not just the first). `seen` holds
 * the dedup keys of earlier rows of the same file and is updated.
 */
export function validateRow(
  raw: Record<string, unknown>, rowNumber: number, mapping: ColumnMapping, ctx: ImportContext, seen: Set<string>,
): { ok: true; placement: PlacementRow } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (field: RowError['field'], code: ImportErrorCode, reason: string) => errors.push({ row: rowNumber, field, code, reason });
  const get = (f: ImportField) => cell(raw, mapping, f);

  for (const f of REQUIRED_FIELDS) if (!get(f)) err(f, 'missing', 'required value is empty');
  const credRef = get('creditor');
  const creditorId = credRef ? ctx.creditors.get(credRef) : ctx.defaultCreditorId;
  if (!creditorId) err('creditor', 'unknown_creditor', credRef ? `unknown creditor ${credRef}` : 'no creditor given');

  const amounts: Partial<Record<'principal' | 'fees', bigint>> = {};
  for (const f of ['principal', 'fees'] as const) {
    const s = get(f);
    if (!s) continue;
    const v = parseAmount(s);
    if (v === 'invalid') err(f, 'invalid_amount', `not an amount: ${s}`);
    else if (v === 'negative') err(f, 'negative_amount', `negative amount: ${s}`);
    else amounts[f] = v;
  }
  if (amounts.principal === 0n) err('principal', 'invalid_amount', 'principal must be positive');
  const rates: Partial<Record<'contractRate' | 'penaltyRate', bigint>> = {};
  for (const f of ['contractRate', 'penaltyRate'] as const) {
    const s = get(f);
    if (!s) continue;
    const v = parseRateBps(s);
    if (v === 'invalid') err(f, 'invalid_value', `not a percentage: ${s}`);
    else if (v === 'negative') err(f, 'negative_amount', `negative rate: ${s}`);
    else rates[f] = v;
  }
  const currency = (get('currency') || 'CNY').toUpperCase().replace(/^RMB$|^人民币$/, 'CNY');
  if (!CURRENCIES.has(currency)) err('currency', 'unknown_currency', `unknown currency ${get('currency')}`);

  const dates: Partial<Record<'originationDate' | 'dueDate' | 'lastPaymentDate' | 'acknowledgedDate', string>> = {};
  for (const f of ['originationDate', 'dueDate', 'lastPaymentDate', 'acknowledgedDate'] as const) {
    const s = get(f);
    if (!s) continue;
    const d = parseLooseDate(s);
    if (!d) err(f, 'impossible_date', `not a real date: ${s}`);
    else dates[f] = d;
  }
  const o = dates.originationDate;
  if (o && daysBetween(o, ctx.today) < 0) err('originationDate', 'impossible_date', 'origination is in the future');
  if (o && dates.dueDate && daysBetween(o, dates.dueDate) < 0) err('dueDate', 'impossible_date', 'due date is before origination');
  for (const f of ['lastPaymentDate', 'acknowledgedDate'] as const) {
    const d = dates[f];
    if (!d) continue;
    if (o && daysBetween(o, d) < 0) err(f, 'impossible_date', `${f} is before origination`);
    if (daysBetween(d, ctx.today) < 0) err(f, 'impossible_date', `${f} is in the future`);
  }

  const uscc = get('uscc');
  const idTypeRaw = get('idType');
  const idType: IdType | undefined = !idTypeRaw ? 'resident_id' : (ID_TYPES as readonly string[]).includes(idTypeRaw) ? (idTypeRaw as IdType) : ID_TYPE_ALIASES[idTypeRaw];
  if (!idType) err('idType', 'invalid_value', `unknown ID type ${idTypeRaw}`);
  const common = {
    name: get('debtorName'),
    phones: get('phone') ? get('phone').split(/[;；,，/]/).map((x) => x.trim()).filter(Boolean) : [],
    emails: get('email') ? [get('email')] : [],
    addresses: get('address') ? [{ text: get('address') }] : [],
    timeZone: 'Asia/Shanghai',
  };
  const debtorRaw = uscc
    ? { kind: 'organisation' as const, ...common, uscc, legalRepresentative: get('legalRepresentative') || '' }
    : { kind: 'person' as const, ...common, idType: idType ?? 'resident_id', idNumber: get('idNumber'), ...(get('employer') ? { employer: get('employer') } : {}) };
  const parsed = DebtorInput.safeParse(debtorRaw);
  let debtor: DebtorInput | undefined;
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const p = String(i.path[0] ?? 'row');
      const field: RowError['field'] = p === 'name' ? 'debtorName' : p === 'legalRepresentative' ? 'legalRepresentative' : p === 'uscc' ? 'uscc' : p === 'idNumber' ? 'idNumber' : 'row';
      if (!(field === 'debtorName' && !get('debtorName'))) err(field, field === 'idNumber' ? 'invalid_id_number' : 'missing', i.message);
    }
  } else {
    debtor = parsed.data;
    for (const i of debtorIssues(debtor)) {
      const field: RowError['field'] = i.field === 'idNumber' ? 'idNumber' : i.field === 'uscc' ? 'uscc' : i.field.startsWith('phones') ? 'phone' : i.field.startsWith('emails') ? 'email' : 'row';
      err(field, i.code === 'DEBTORS_ID_INVALID' || i.code === 'DEBTORS_USCC_INVALID' ? 'invalid_id_number' : 'invalid_value', i.reason);
    }
  }

  const contract = get('contractNumber');
  if (creditorId && contract) {
    const key = placementKey(creditorId, contract);
    if (seen.has(key)) err('contractNumber', 'duplicate_contract', `contract ${contract} appears earlier in the file`);
    seen.add(key);
  }
  if (errors.length || !debtor || !creditorId) return { ok: false, errors };
  const debt: DebtTerms = {
    originalCreditor: credRef || creditorId,
    contractNumber: contract,
    ...(get('product') ? { product: get('product') } : {}),
    currency,
    principalFen: amounts.principal!,
    contractRateBps: rates.contractRate ?? 0n,
    penaltyRateBps: rates.penaltyRate ?? 0n,
    feesFen: amounts.fees ?? 0n,
    originationDate: dates.originationDate!,
    dueDate: dates.dueDate!,
    ...(dates.lastPaymentDate ? { lastPaymentDate: dates.lastPaymentDate } : {}),
    ...(dates.acknowledgedDate ? { acknowledgedDate: dates.acknowledgedDate } : {}),
  };
  return { ok: true, placement: { row: rowNumber, dedupKey: placementKey(creditorId, contract), creditorId, debtor, debt } };
}

export interface ImportChunk {
  placements: PlacementRow[];
  errors: RowError[];
  /** Rows read so far (the progress bar's value). */
  rowsRead: number;
}

/**
 * Streams rows through validation in chunks of `chunkSize`; `onChunk` persists each chunk before the next chunk is
 * handed over. Chunks are pipelined: while chunk k is being written (its statements are in flight to the database),
 * chunk k+1 is read and validated, so parsing and validation overlap the database's work instead of waiting for it
 * (issue 3's 1,000,000-row import). Writes stay strictly in order, one at a time; a failed write stops the import and
 * its error is thrown. Returns the totals and the full error report.
 */
export async function processImport(
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  mapping: ColumnMapping,
  ctx: ImportContext,
  onChunk: (chunk: ImportChunk) => Promise<void> | void,
  chunkSize = 500,
): Promise<{ rowsRead: number; valid: number; errors: RowError[] }> {
  const seen = new Set<string>();
  const allErrors: RowError[] = [];
  let placements: PlacementRow[] = [];
  let errors: RowError[] = [];
  let rowsRead = 0;
  let valid = 0;
  let inflight: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const hand = async (chunk: ImportChunk) => {
    if (inflight) await inflight;
    if (failure) throw failure.error;
    // The rejection is captured at once (an unobserved rejected promise would end the process) and rethrown here.
    inflight = Promise.resolve()
      .then(() => onChunk(chunk))
      .then(() => undefined, (error: unknown) => { failure = { error }; });
  };
  for await (const raw of rows as AsyncIterable<Record<string, unknown>>) {
    rowsRead++;
    const r = validateRow(raw, rowsRead + 1, mapping, ctx, seen);
    if (r.ok) {
      placements.push(r.placement);
      valid++;
    } else errors.push(...r.errors);
    if (rowsRead % chunkSize === 0) {
      await hand({ placements, errors, rowsRead });
      allErrors.push(...errors);
      placements = [];
      errors = [];
    } else if (inflight && rowsRead % 64 === 0) {
      // Let the write in flight take its next step (database replies are I/O callbacks; a stream that has rows
      // buffered only ever yields to microtasks).
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (failure) break;
    }
  }
  if (!failure && (placements.length || errors.length || rowsRead % chunkSize !== 0 || rowsRead === 0)) await hand({ placements, errors, rowsRead });
  if (inflight) await inflight;
  if (failure) throw (failure as { error: unknown }).error;
  allErrors.push(...errors);
  return { rowsRead, valid, errors: allErrors };
}
