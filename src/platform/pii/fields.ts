// Structured data (form fields, CSV/XLSX cells): the column header steers whole-value classification, then free-text
// detection runs inside the value.
import { parseAddress } from './address.js';
import { classifyCompact, detect, isPlausibleLandline, type DetectOptions } from './detect.js';
import { surnameLength } from './lexicon.js';
import { toHalfWidth } from './normalise.js';
import { PII_TYPES, type Finding, type PiiType } from './types.js';


const HEADER_HINTS: Array<[RegExp, PiiType]> = [
  [/身份证|证件号|身份号码|id[_ ]?(card|no|number)/i, 'id_card'],
  [/信用代码|uscc|credit[_ ]?code/i, 'uscc'],
  [/卡号|银行卡|账号|帐号|card/i, 'bank_card'],
  [/手机|mobile|cell/i, 'mobile'],
  [/电话|phone|tel/i, 'mobile'],
  [/邮箱|e-?mail/i, 'email'],
  [/车牌|plate/i, 'plate'],
  [/地址|住址|住所|address|addr/i, 'address'],
  [/姓名|名字|^name$|full[_ ]?name|借款人|联系人|债务人|户名/i, 'name'],
];

/** The PII type a column header suggests (姓名 → name, 手机号 → mobile), or null. */
export function typeFromHeader(header: string): PiiType | null {
  for (const [re, t] of HEADER_HINTS) if (re.test(header)) return t;
  return null;
}

/**
 * Classifies a whole structured value (a form field or table cell). `hint` is the expected type or a column header.
 * Returns findings with offsets into `value`: the whole value when it validates as the hinted type, otherwise
 * whatever free-text detection finds inside it.
 */
export function detectInField(value: string, hint?: PiiType | string | null, opts: DetectOptions = {}): Finding[] {
  const v = value.trim();
  if (!v) return [];
  const off = value.indexOf(v);
  const type = hint ? ((PII_TYPE_SET.has(hint) ? hint : typeFromHeader(hint)) as PiiType | null) : null;
  const whole = (t: PiiType, confidence: number): Finding[] => [{ type: t, start: off, end: off + v.length, text: v, confidence }];
  if (type) {
    const hw = toHalfWidth(v);
    const compact = hw.replace(/[\s\-]/g, '');
    switch (type) {
      case 'id_card':
      case 'uscc':
      case 'mobile':
      case 'landline':
      case 'bank_card': {
        const t = classifyCompact(compact) ?? (type === 'mobile' && isPlausibleLandline(compact.replace(/[()]/g, '')) ? 'landline' : null);
        if (t) return whole(t, 0.99);
        break;
      }
      case 'email':
        if (/^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(hw)) return whole('email', 0.99);
        break;
      case 'name':
        if (/^[\u4e00-\u9fff·]{2,6}$/.test(hw)) return whole('name', surnameLength(hw) > 0 ? 0.95 : 0.7);
        if (/^[A-Za-z][A-Za-z .'-]{1,60}$/.test(hw)) return whole('name', 0.8);
        break;
      case 'address': {
        const a = parseAddress(hw, 0, 200);
        if (a.streetParts > 0 || a.district || a.city) return whole('address', 0.95);
        if (/[\u4e00-\u9fff]{4,}/.test(hw)) return whole('address', 0.7);
        break;
      }
      case 'plate': {
        const f = detect(hw, { ...opts, types: ['plate'] });
        if (f.length === 1 && f[0].end - f[0].start >= hw.replace(/\s+$/, '').length - 1) return whole('plate', 0.95);
        break;
      }
    }
  }
  return detect(value, opts);
}

const PII_TYPE_SET = new Set<string>(PII_TYPES);
