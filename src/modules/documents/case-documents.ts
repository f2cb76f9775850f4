// Case-level document use cases (tenant-scoped tx): the kinds a tenant may generate (DOC-05 law-firm gate, COL-42),
// fields filled from the case with the missing required list, one-click generation, the case's documents with their
// signature status, and the stored bytes. Batches and signing are in batches.ts and signing.ts.
import { canActAsLawFirm } from '../../platform/tenancy.js';
import { sql, rows, one, type Tx } from '../../platform/db/index.js';
import { getCase } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { findEvidenceFile } from '../evidence/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import { caseDataFor, type CaseSourceOptions } from './case-source.js';
import { documentsError } from './errors.js';
import { fillDocument } from './fill.js';
import { listShippedTemplates } from './registry.js';
import { getActiveTemplate, prepareDocument, renderPrepared, storeRenderedDocument, type GeneratedDocument, type PreparedDocument } from './store.js';
import type { DocumentKind, FieldSpec } from './template-types.js';
import { CaseData, type CaseDataInput } from './case-data.js';

/** Agreements the debtor signs from the portal. */
export const SIGNABLE_KINDS: readonly DocumentKind[] = ['repayment_agreement', 'mediation_agreement', 'debt_acknowledgment'];

export interface KindInfo {
  kind: DocumentKind;
  rule: string;
  title: string;
  audience: 'court' | 'party';
  legalBasis: string[];
  signable: boolean;
  allowed: boolean;
  /** Why not allowed (names the rule). */
  reason: string | null;
}

/** The document kinds with the tenant's permission for each (DOC-05: lawyer's letter only for or with a law firm). */
export async function documentKinds(tx: Tx): Promise<KindInfo[]> {
  const t = await getCurrentTenant(tx);
  const firm = canActAsLawFirm({ lawFirm: t.lawFirm });
  return listShippedTemplates().map((tpl) => {
    const blocked = tpl.kind === 'lawyer_letter' && !firm;
    return {
      kind: tpl.kind, rule: tpl.rule, title: tpl.title, audience: tpl.audience, legalBasis: tpl.legalBasis, signable: SIGNABLE_KINDS.includes(tpl.kind),
      allowed: !blocked, reason: blocked ? 'DOC-05: 律师函仅限律师事务所或与律师事务所合作的机构出具；请改用催款函 (DOC-06)' : null,
    };
  });
}

/** Case-data inputs behind computed fields: what to type in (as `path` overrides) when such a field is missing. */
const CALC_NEEDS: Record<string, string[]> = {
  'calc.waiverFen': ['agreement.instalments', 'agreement.firstDueDate', 'agreement.waiverFen'],
  'calc.agreedTotalFen': ['agreement.instalments', 'agreement.firstDueDate', 'agreement.waiverFen'],
  'calc.schedule': ['agreement.instalments', 'agreement.firstDueDate', 'agreement.waiverFen'],
  'calc.preservationStageLabel': ['preservation.stage'],
  'calc.preservationAmountFen': ['preservation.stage', 'preservation.amountFen'],
  'calc.preservationFeeFen': ['preservation.stage', 'preservation.amountFen'],
  'calc.preservationAssets': ['preservation.assets'],
  'calc.assetList': ['assets'],
  'calc.lateFrom': ['judgment.adjudicatedFen', 'judgment.periodEnd'],
  'calc.lateDays': ['judgment.adjudicatedFen', 'judgment.periodEnd'],
  'calc.lateDoubleInterestFen': ['judgment.adjudicatedFen', 'judgment.periodEnd'],
  'calc.enforcementFeeFen': ['judgment.adjudicatedFen'],
  'calc.agentLicenceOrRelation': ['agent.name', 'agent.licenceNo'],
  'calc.authorityText': ['agent.name'],
  'calc.mediationMode': ['mediation.body'],
  'calc.debtorServiceAddress': ['debtor.serviceAddress'],
};
const NUMERIC = new Set(['instalments', 'accelerationAfterMissed', 'pages', 'logIndex']);
const BOOLEAN = new Set(['online']);

function setPath(root: Record<string, unknown>, path: string, raw: string): void {
  const keys = path.split('.');
  let o = root;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    o[k] = next && typeof next === 'object' && !Array.isArray(next) ? { ...(next as object) } : {};
    o = o[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  const t = raw.trim();
  let v: unknown = raw;
  if (/^[[{]/.test(t)) {
    try {
      v = JSON.parse(t);
    } catch {
      throw documentsError('DOCUMENTS_CASE_DATA_INVALID', { detail: `${path}: not valid JSON`, field: `body.overrides.${path}` });
    }
  } else if (NUMERIC.has(last)) v = Number(t);
  else if (BOOLEAN.has(last)) v = t === 'true' || t === '是';
  o[last] = v;
}

/**
 * Apply typed-in overrides: a key with a dot is a case-data path (e.g. `agreement.firstDueDate`, `court.name`);
 * a field name whose source is a case-data path also sets that path, so computed values (schedule, fees) follow.
 * Throws DOCUMENTS_CASE_DATA_INVALID naming the path.
 */
export function applyOverrides(cd: CaseDataInput, fieldSpecs: FieldSpec[], overrides: Record<string, string>): { caseData: CaseDataInput; fieldOverrides: Record<string, string> } {
  const root = { ...(cd as unknown as Record<string, unknown>) };
  const fieldOverrides: Record<string, string> = {};
  const byName = new Map(fieldSpecs.map((f) => [f.name, f]));
  for (const [k, v] of Object.entries(overrides)) {
    if (k.includes('.') || (!byName.has(k) && k in CaseData.shape)) {
      if (k.startsWith('calc.') || k.startsWith('tenant.')) throw documentsError('DOCUMENTS_CASE_DATA_INVALID', { detail: `${k} is computed or fixed, not typed in`, field: `body.overrides.${k}` });
      setPath(root, k, v);
      continue;
    }
    const spec = byName.get(k);
    const src = spec?.source;
    const settable = !!src && /^[a-z]\w*(\.[a-zA-Z]\w*)*$/.test(src) && !src.startsWith('calc.') && !src.startsWith('tenant.');
    // A party is typed in as JSON ({"kind":"organisation","name":…}) into the case data only.
    if (spec?.type === 'party' || spec?.type === 'parties') {
      if (settable) setPath(root, src!, v);
      continue;
    }
    fieldOverrides[k] = v;
    if (settable && src!.includes('.')) setPath(root, src!, v);
  }
  // A party started from one typed-in attribute (e.g. assignee.name) is an organisation unless said otherwise.
  for (const p of ['assignee', 'creditor', 'debtor'] as const) {
    const o = root[p] as Record<string, unknown> | undefined;
    if (o && typeof o === 'object' && !o.kind) o.kind = 'organisation';
  }
  const parsed = CaseData.safeParse(root);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw documentsError('DOCUMENTS_CASE_DATA_INVALID', { detail: parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '), field: `body.overrides.${i.path.join('.')}` });
  }
  return { caseData: root as unknown as CaseDataInput, fieldOverrides };
}

export interface CaseField {
  name: string;
  label: string;
  type: FieldSpec['type'];
  required: boolean;
  source: string | null;
  /** Display text, null when empty. */
  text: string | null;
  capitals: string | null;
  overridden: boolean;
}

function withNeeds(missing: Array<{ field: string; label: string }>, specs: FieldSpec[]) {
  return missing.map((m) => {
    const src = specs.find((s) => s.name === m.field)?.source ?? '';
    return { ...m, needs: CALC_NEEDS[src] ?? (src.startsWith('calc.') ? [] : [m.field]) };
  });
}

/** The tenant's active template filled from the case: every field with its text, and the required ones missing. */
export async function caseFields(tx: Tx, keys: DebtorKeys, caseId: string, kind: DocumentKind, overrides: Record<string, string>, opts: CaseSourceOptions = {}) {
  const raw = await caseDataFor(tx, keys, caseId, opts);
  const t = await getCurrentTenant(tx);
  const active = await getActiveTemplate(tx, kind);
  const { caseData: cd, fieldOverrides } = applyOverrides(raw, active.template.fields, overrides);
  const trusted = { ...cd, tenant: { ...cd.tenant, isLawFirm: t.lawFirm === 'is_law_firm', worksWithLawFirm: t.lawFirm === 'works_with_law_firm' } };
  const f = fillDocument(kind, trusted, fieldOverrides, { template: active.template });
  const fields: CaseField[] = active.template.fields.map((s) => {
    const x = f.fields[s.name];
    return {
      name: s.name, label: s.label, type: s.type, required: s.required, source: s.source ?? null,
      text: x ? x.text : null, capitals: x?.capitals ?? null, overridden: s.name in overrides,
    };
  });
  return { kind, templateVersion: active.version, fields, missing: withNeeds(f.missing, active.template.fields), invalid: f.invalid };
}

/**
 * One click: fill from the case (+ typed-in overrides), refuse when required fields are missing (422 listing them,
 * naming the first as body.overrides.<field>), render, store write-once with SHA-256/SM3, append the evidence leaf.
 */
export async function generateForCase(
  tx: Tx, keys: DebtorKeys,
  input: { caseId: string; kind: DocumentKind; format: 'docx' | 'pdf'; overrides: Record<string, string>; actor: string; batchId?: string },
  opts: CaseSourceOptions = {},
): Promise<GeneratedDocument> {
  const p = await prepareForCase(tx, keys, input, opts);
  return storeRenderedDocument(tx, p, await renderPrepared(p));
}

/**
 * The read half of one click: case data, DOC-05 gate, missing fields (DOCUMENTS_FIELDS_MISSING), fill and layout with
 * the active template. The batch renders it elsewhere (render pool) and stores it in a second transaction.
 */
export async function prepareForCase(
  tx: Tx, keys: DebtorKeys,
  input: { caseId: string; kind: DocumentKind; format: 'docx' | 'pdf'; overrides: Record<string, string>; actor: string; batchId?: string },
  opts: CaseSourceOptions = {},
): Promise<PreparedDocument> {
  const raw = await caseDataFor(tx, keys, input.caseId, opts);
  const t = await getCurrentTenant(tx);
  if (input.kind === 'lawyer_letter' && !canActAsLawFirm({ lawFirm: t.lawFirm })) {
    throw documentsError('DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED', { rule: 'DOC-05', detail: 'issue a demand letter (DOC-06) instead' });
  }
  const active = await getActiveTemplate(tx, input.kind);
  const { caseData: cd, fieldOverrides } = applyOverrides(raw, active.template.fields, input.overrides);
  const trusted = { ...cd, tenant: { ...cd.tenant, isLawFirm: t.lawFirm === 'is_law_firm', worksWithLawFirm: t.lawFirm === 'works_with_law_firm' } };
  const f = fillDocument(input.kind, trusted, fieldOverrides, { template: active.template });
  if (f.missing.length) {
    throw documentsError('DOCUMENTS_FIELDS_MISSING', { detail: f.missing.map((m) => `${m.label} (${m.field})`).join('、'), field: `body.overrides.${f.missing[0].field}`, extra: { missing: withNeeds(f.missing, active.template.fields) } });
  }
  return prepareDocument(tx, { kind: input.kind, caseData: cd, format: input.format, actor: input.actor, caseId: input.caseId, overrides: fieldOverrides, batchId: input.batchId, prefetched: { tenant: t, active } });
}

export interface DocumentRow {
  id: string;
  kind: string;
  caseId: string | null;
  format: 'docx' | 'pdf';
  sha256: string;
  sm3: string;
  size: number;
  templateVersion: number;
  templateSource: string;
  evidenceLeaf: number;
  total: bigint | null;
  createdBy: string;
  createdAt: string;
  batchId: string | null;
  /** The debtor's signature (portal), if any; all parties' signatures: parties.ts. */
  signature: { signedAt: string; method: string; signerRef: string; evidenceLeaf: number; documentSha256: string } | null;
}

type Raw = Record<string, unknown>;
function rowOut(r: Raw): DocumentRow {
  return {
    id: String(r.id), kind: String(r.kind), caseId: (r.case_id as string | null) ?? null, format: r.format as 'docx' | 'pdf', sha256: String(r.sha256), sm3: String(r.sm3),
    size: Number(r.size_bytes), templateVersion: Number(r.template_version), templateSource: String(r.template_source), evidenceLeaf: Number(r.evidence_leaf),
    total: r.total_fen === null || r.total_fen === undefined ? null : BigInt(r.total_fen as string), createdBy: String(r.created_by),
    createdAt: new Date(r.created_at as string).toISOString(), batchId: (r.batch_id as string | null) ?? null,
    signature: r.signed_at ? { signedAt: new Date(r.signed_at as string).toISOString(), method: String(r.sig_method), signerRef: String(r.signer_ref), evidenceLeaf: Number(r.sig_leaf), documentSha256: String(r.document_sha256) } : null,
  };
}

const SELECT_DOCS = sql`SELECT g.*, s.signed_at, s.method AS sig_method, s.signer_ref, s.evidence_leaf AS sig_leaf, s.document_sha256
  FROM documents.generated g LEFT JOIN documents.signatures s ON s.tenant_id = g.tenant_id AND s.document_id = g.id AND s.signer_role = 'debtor'`;

/** The case's generated documents, newest first, with their signature (if any). Throws CASES_NOT_FOUND. */
export async function listCaseDocuments(tx: Tx, caseId: string): Promise<DocumentRow[]> {
  await getCase(tx, caseId);
  const r = await rows<Raw>(tx, sql`${SELECT_DOCS} WHERE g.case_id = ${caseId} ORDER BY g.created_at DESC, g.id DESC`);
  return r.map(rowOut);
}

/** One generated document with its signature. Throws DOCUMENTS_DOCUMENT_NOT_FOUND. */
export async function getDocumentRow(tx: Tx, id: string): Promise<DocumentRow> {
  const r = await one<Raw>(tx, sql`${SELECT_DOCS} WHERE g.id = ${id}`);
  if (!r) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: id });
  return rowOut(r);
}

export const MEDIA_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

/** The stored bytes of a generated document (from the write-once evidence store, checked against its digest). */
export async function documentFile(tx: Tx, id: string): Promise<{ row: DocumentRow; bytes: Uint8Array; mediaType: string; fileName: string }> {
  const row = await getDocumentRow(tx, id);
  const f = await findEvidenceFile(tx, row.sha256);
  if (!f) throw documentsError('DOCUMENTS_DOCUMENT_NOT_FOUND', { detail: `bytes of ${id} are missing` });
  return { row, bytes: f.bytes, mediaType: MEDIA_TYPES[row.format], fileName: `${row.kind}-${row.id}.${row.format}` };
}
