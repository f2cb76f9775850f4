// Branding rules for a tenant's public name (COL-01, COL-42): an agency may not present itself as a
// "讨债/要债公司" (debt-collection companies are not a lawful business form in China) nor as a court, police,
// procuratorate, arbitration or other government body.
import * as OpenCC from 'opencc-js';

const toSimplified: (s: string) => string = OpenCC.Converter({ from: 'hk', to: 'cn' });

interface BannedTerm {
  term: string;
  rule: 'COL-01' | 'COL-42';
  why: string;
}

const BANNED: BannedTerm[] = [
  ...['讨债', '要债', '追债', '收债', '清债', '讨账', '要账', '追账', '债务催收公司', '催收公司'].map((term) => ({
    term, rule: 'COL-01' as const, why: 'presents the tenant as a debt-collection (讨债) company',
  })),
  ...['法院', '人民法院', '法庭', '执行局', '检察院', '检察', '公安', '警察', '派出所', '警务', '政府', '人民政府',
    '司法局', '仲裁委', '监管局', '银保监', '金融监管', '国家', '中华人民共和国', '官方'].map((term) => ({
    term, rule: 'COL-42' as const, why: 'presents the tenant as a court, police or government body',
  })),
  ...['court', 'police', 'government', 'procuratorate', 'bailiff', 'sheriff', 'debt collector', 'debt collection agency'].map((term) => ({
    term, rule: (/debt/.test(term) ? 'COL-01' : 'COL-42') as 'COL-01' | 'COL-42', why: 'presents the tenant as a court, police, government body or debt-collection company',
  })),
];

export interface NameViolation {
  term: string;
  rule: 'COL-01' | 'COL-42';
  why: string;
}

/** Normalise before matching so spacing, punctuation, full-width letters and traditional characters do not evade. */
export function normaliseName(name: string): string {
  const halfWidth = name.normalize('NFKC');
  return toSimplified(halfWidth).toLowerCase().replace(/[\s\p{P}\p{S}_]+/gu, '');
}

export function checkPublicName(name: string): NameViolation[] {
  const n = normaliseName(name);
  const found: NameViolation[] = [];
  for (const b of BANNED) {
    const t = normaliseName(b.term);
    if (n.includes(t) && !found.some((f) => f.term.includes(b.term) || b.term.includes(f.term))) found.push(b);
  }
  return found;
}
