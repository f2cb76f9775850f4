// Display masking (PI-20 §7.2, PI-22) driven by the one policy table in policy.ts, plus the audited unmask path.
import { parseAddress } from './address.js';
import { detect, type DetectOptions } from './detect.js';
import type { DetectionUse } from './uses.js';
import { piiError } from './errors.js';
import { surnameLength } from './lexicon.js';
import { canonicalMobile, digitsOnly, toHalfWidth } from './normalise.js';
import { DEFAULT_POLICY, type PiiPolicy, type Role, type Visibility } from './policy.js';
import { PII_LABELS, type PiiType } from './types.js';
import type { AuditEntry } from '../audit.js';

const star = (n: number) => '*'.repeat(Math.max(0, n));

function keepEnds(s: string, head: number, tail: number): string {
  if (s.length <= head + tail) return star(s.length);
  return s.slice(0, head) + star(s.length - head - tail) + s.slice(s.length - tail);
}

/**
 * The PI-22 default mask of one value. Deterministic; every hidden position becomes `*`.
 * - id_card: first 3 + last 4 (`110***********1234`)  - mobile: `138****1234` (+86 dropped)
 * - bank_card: last 4                                  - name: surname + `*` per given char (`张*`, `欧阳**`)
 * - address: down to the district (`北京市朝阳区***`)    - email: `a***@domain`
 * - landline: area code + last 2; uscc: first 2 + last 4; plate: first 2 + last 1 (platform choices, not PI-22)
 */
export function maskValue(type: PiiType, value: string): string {
  const hw = toHalfWidth(value).trim();
  switch (type) {
    case 'id_card':
      return keepEnds(hw.replace(/[\s-]/g, '').toUpperCase(), 3, 4);
    case 'mobile': {
      const d = canonicalMobile(hw);
      return d.length === 11 ? `${d.slice(0, 3)}****${d.slice(7)}` : keepEnds(d, 3, 4);
    }
    case 'landline': {
      const d = digitsOnly(hw);
      const area = /^0(?:10|2\d)/.test(d) ? 3 : d.startsWith('0') ? 4 : 0;
      if (d.length <= area + 2) return star(d.length);
      return (area ? d.slice(0, area) + '-' : '') + star(d.length - area - 2) + d.slice(-2);
    }
    case 'bank_card': {
      const d = digitsOnly(hw);
      return keepEnds(d, 0, 4);
    }
    case 'uscc':
      return keepEnds(hw.replace(/\s/g, '').toUpperCase(), 2, 4);
    case 'email': {
      const at = hw.lastIndexOf('@');
      if (at <= 0) return star(hw.length);
      return `${hw[0]}***@${hw.slice(at + 1)}`;
    }
    case 'plate': {
      const p = hw.replace(/[\s·•・-]/g, '').toUpperCase();
      return keepEnds(p, 2, 1);
    }
    case 'name': {
      const n = hw.replace(/\s+/g, '');
      if (/^[\u4e00-\u9fff·]+$/.test(n)) {
        const sl = Math.max(1, surnameLength(n));
        return n.slice(0, sl) + star([...n.slice(sl)].length || 1);
      }
      return n ? `${n[0]}***` : '';
    }
    case 'address': {
      const a = parseAddress(hw, 0, hw.length);
      const keep = a.district ? a.adminEnd : a.cityEnd;
      return keep > 0 ? `${hw.slice(0, keep)}***` : '***';
    }
  }
}

/** Placeholder shown where a field is hidden for the role. */
export function hiddenPlaceholder(type: PiiType): string {
  return `[${PII_LABELS[type]}已隐藏]`;
}

export interface MaskTextOptions extends DetectOptions {
  /** Apply this role's policy (full → left as is, hidden → placeholder). Without a role every finding is masked. */
  role?: Role;
  policy?: PiiPolicy;
}

/** Masks every PII finding in free text (notes, call transcripts, OCR output, complaint bodies). */
export function maskText(text: string, opts: MaskTextOptions = {}): string {
  const findings = detect(text, { ...opts, use: opts.use ?? 'ui_mask' });
  if (findings.length === 0) return text;
  const policy = opts.policy ?? DEFAULT_POLICY;
  let out = '';
  let pos = 0;
  for (const f of findings) {
    const vis: Visibility = opts.role ? policy[opts.role][f.type] : 'masked';
    if (vis === 'full') continue;
    out += text.slice(pos, f.start) + (vis === 'hidden' ? hiddenPlaceholder(f.type) : maskValue(f.type, f.text));
    pos = f.end;
  }
  return out + text.slice(pos);
}

/** Field type map for maskRecord: a PII type, or 'text' for free text that is scanned with maskText. */
export type FieldTypes<T> = Partial<Record<keyof T & string, PiiType | 'text'>>;

/** A record after maskRecord: declared fields may have become mask strings or been removed (hidden). */
export type MaskedRecord<T> = { [K in keyof T]?: T[K] | string };

/**
 * Applies the role's policy to a record: `full` fields pass, `masked` fields are masked, `hidden` fields are
 * REMOVED from the result. Fields not named in `fieldTypes` pass unchanged (declare every PII field).
 */
export function maskRecord<T extends Record<string, unknown>>(
  record: T,
  fieldTypes: FieldTypes<T>,
  role: Role,
  policy: PiiPolicy = DEFAULT_POLICY,
): MaskedRecord<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const t = fieldTypes[k as keyof T & string] as PiiType | 'text' | undefined;
    if (!t || v === null || v === undefined) {
      out[k] = v;
      continue;
    }
    const s = typeof v === 'string' ? v : String(v);
    if (t === 'text') {
      out[k] = maskText(s, { role, policy });
      continue;
    }
    const vis = policy[role][t];
    if (vis === 'hidden') continue;
    out[k] = vis === 'full' ? v : maskValue(t, s);
  }
  return out as MaskedRecord<T>;
}

// ---- unmasking (audited) ----------------------------------------------------------------------------------------

export interface UnmaskRequest {
  role: Role;
  /** The caller's permissions; `pii:unmask` covers every type, `pii:unmask:<type>` one type. */
  permissions: readonly string[];
  type: PiiType;
  /** Why the person needs the full value (field visit, court filing, complaint review …). */
  reason: string;
  actorId?: string;
  /** What is being unmasked, e.g. `dbt_…#mobile` (never the value itself). */
  subjectRef?: string;
}

/** What the caller MUST write to the audit/evidence log before showing the value. Contains no PII. */
export interface UnmaskAuditEntry {
  action: 'pii.unmask';
  rule: 'PI-20';
  actorId?: string;
  role: Role;
  type: PiiType;
  subjectRef?: string;
  reason: string;
  permission: string;
  visibilityBefore: Visibility;
  at: string;
}

export const MIN_REASON_LENGTH = 4;

/**
 * Decides an unmask request. Throws PII_UNMASK_FORBIDDEN (no permission, or the type is hidden for the role: hidden
 * data has no business need for that role and cannot be unmasked), PII_UNMASK_REASON_REQUIRED (blank/short reason).
 */
export function authoriseUnmask(req: UnmaskRequest, policy: PiiPolicy = DEFAULT_POLICY, now = new Date()): UnmaskAuditEntry {
  const vis = policy[req.role][req.type];
  if (vis === 'hidden') {
    throw piiError('PII_UNMASK_FORBIDDEN', { rule: 'PI-20', detail: `${req.type} is hidden for role ${req.role}` });
  }
  const permission = req.permissions.includes(`pii:unmask:${req.type}`)
    ? `pii:unmask:${req.type}`
    : req.permissions.includes('pii:unmask')
      ? 'pii:unmask'
      : null;
  if (vis === 'masked' && !permission) {
    throw piiError('PII_UNMASK_FORBIDDEN', { rule: 'PI-20', detail: `missing permission pii:unmask:${req.type}` });
  }
  const reason = req.reason.trim();
  if ([...reason].length < MIN_REASON_LENGTH) {
    throw piiError('PII_UNMASK_REASON_REQUIRED', { rule: 'PI-20', field: 'reason' });
  }
  return {
    action: 'pii.unmask',
    rule: 'PI-20',
    actorId: req.actorId,
    role: req.role,
    type: req.type,
    subjectRef: req.subjectRef,
    reason,
    permission: permission ?? 'policy:full',
    visibilityBefore: vis,
    at: now.toISOString(),
  };
}

/** Unmasks one value: returns it with the audit entry the caller logs (see authoriseUnmask for errors). */
export function unmask(req: UnmaskRequest, value: string, policy: PiiPolicy = DEFAULT_POLICY, now = new Date()): { value: string; audit: UnmaskAuditEntry } {
  return { value, audit: authoriseUnmask(req, policy, now) };
}

/**
 * The unmask audit entry in the shape of the platform audit trail (`recordAudit(tx, …)` in src/platform/audit.ts):
 * `await recordAudit(tx, unmaskAuditRecord(audit, tenantId))` before returning the value.
 */
export function unmaskAuditRecord(e: UnmaskAuditEntry, tenantId: string): AuditEntry {
  return {
    tenantId,
    actorId: e.actorId ?? null,
    actorRole: e.role,
    action: e.action,
    targetType: e.type,
    targetId: e.subjectRef ?? null,
    reason: e.reason,
    detail: { rule: e.rule, permission: e.permission, visibilityBefore: e.visibilityBefore, at: e.at },
  };
}

/** Replaces every finding with a typed placeholder (【手机号】): for log lines and other text nobody needs to read back. */
export function scrubText(text: string, use: DetectionUse = 'log_scrub', opts: Omit<DetectOptions, 'use'> = {}): string {
  const found = detect(text, { ...opts, use });
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + `【${PII_LABELS[f.type]}】`;
    at = f.end;
  }
  return out + text.slice(at);
}
