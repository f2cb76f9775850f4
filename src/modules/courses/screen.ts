// Screening of course content before anyone sees it: CRS-01 (no promise to delete or "repair" lawful negative
// records, no promise of a score increase, no fee for 征信修复) and the collection-content screening every message
// passes (COL-42..44 and the rest, from the compliance module). Built-in courses pass it in the tests; a tenant's own
// course cannot be submitted or published while it has a finding.
import { screenContent } from '../compliance/index.js';
import { courseTexts, type CourseFile } from './course-file.js';

export interface CourseFinding {
  /** Where in the course, e.g. modules.0.lessons.1.body.2.text. */
  path: string;
  lang: 'zh' | 'en';
  ruleId: string;
  matched: string;
  reason: string;
}

interface PromisePattern {
  id: string;
  re: RegExp;
  reason: string;
}

// Chinese text is matched with white space removed (the screen's own evasion handling does more for COL-*).
const ZH: PromisePattern[] = [
  { id: 'delete-record', re: /(删除|删掉|消除|抹去|抹掉|洗白|清除|铲除|撤掉)[^。！？；]{0,6}(不良|逾期|负面|失信|黑名单|污点)?(记录|信息|征信|污点)/g, reason: 'promises to remove a credit record' },
  { id: 'clean-report', re: /(洗白|修复|优化|清洗)(征信|信用报告|信用记录)/g, reason: 'offers to clean a credit report' },
  { id: 'repair-service', re: /(征信|信用)(修复|洗白|优化)[^。！？；]{0,8}(服务|套餐|收费|费用|代办|包过|办理|业务)/g, reason: 'sells credit repair' },
  { id: 'fee-for-repair', re: /(收费|付费|交钱|缴费|费用|价格)[^。！？；]{0,10}(修复|删除|洗白|消除)/g, reason: 'asks a fee for credit repair' },
  { id: 'score-points', re: /(提高|提升|提|涨|增加|拉升|上涨)[^。！？；]{0,6}\d+\s*分/g, reason: 'promises a score increase' },
  { id: 'score-guarantee', re: /(保证|承诺|确保|包|一定|必定|快速)[^。！？；]{0,12}(提高|提升|涨|增加|拉升)[^。！？；]{0,6}(分|评分|额度)/g, reason: 'promises a score increase' },
];
const EN: PromisePattern[] = [
  { id: 'delete-record', re: /\b(remove|delete|erase|wipe|clean|scrub)\w*\b[^.!?]{0,30}\b(negative|late|default|bad|overdue)\b[^.!?]{0,20}\b(records?|entries|marks?|information|history)\b/gi, reason: 'promises to remove a credit record' },
  { id: 'clean-report', re: /\b(clean|fix|repair|scrub)\w*\b[^.!?]{0,10}\b(your|the)\s+(credit\s+)?(report|record|history)\b/gi, reason: 'offers to clean a credit report' },
  { id: 'repair-service', re: /\bcredit[- ]repair\s+(service|package|fee|plan)s?\b/gi, reason: 'sells credit repair' },
  { id: 'score-points', re: /\b(raise|boost|increase|improve|lift)\w*\b[^.!?]{0,25}\bscore\b[^.!?]{0,12}\bby\s+\d+/gi, reason: 'promises a score increase' },
  { id: 'score-guarantee', re: /\b(guarantee[sd]?|promise[sd]?)\b[^.!?]{0,40}\b(higher|better|raise|boost|increase|improve)\w*\b[^.!?]{0,20}\b(score|rating|credit)\b/gi, reason: 'promises a score increase' },
];

// A statement that something cannot be done is the opposite of a promise ("no company can remove a true record").
const ZH_NEGATION = /(不|无法|无权|没有|不能|不会|不可能|不得|谁也|任何[^。！？；]{0,10}都)[^。！？；]{0,8}$/;
const EN_NEGATION = /\b(no|not|never|cannot|can't|can ?not|won't|nobody|no one|none)\b[^.!?]{0,40}$/i;
// Correcting a wrong entry through the objection procedure is lawful (CRS-02).
const ZH_WRONG = /(错误|不实|有误|不准确|遗漏)/;
const EN_WRONG = /\b(wrong|incorrect|inaccurate|mistaken|error)\b/i;

/** CRS-01 promise findings in one piece of text. */
export function findCreditRepairPromises(text: string, lang: 'zh' | 'en'): Array<{ matched: string; reason: string; pattern: string }> {
  const src = lang === 'zh' ? text.replace(/\s+/g, '') : text;
  const out: Array<{ matched: string; reason: string; pattern: string }> = [];
  for (const p of lang === 'zh' ? ZH : EN) {
    for (const m of src.matchAll(p.re)) {
      const before = src.slice(Math.max(0, m.index! - (lang === 'zh' ? 24 : 48)), m.index);
      const around = src.slice(Math.max(0, m.index! - 12), m.index! + m[0].length + 12);
      if ((lang === 'zh' ? ZH_NEGATION : EN_NEGATION).test(before)) continue;
      if (p.id === 'delete-record' && (lang === 'zh' ? ZH_WRONG : EN_WRONG).test(around)) continue;
      out.push({ matched: m[0], reason: p.reason, pattern: p.id });
    }
  }
  return out;
}

/** Every finding in a course: CRS-01 promises and the collection-content screening. Empty means publishable. */
export function screenCourse(course: CourseFile): CourseFinding[] {
  const findings: CourseFinding[] = [];
  for (const t of courseTexts(course)) {
    for (const f of findCreditRepairPromises(t.text, t.lang)) findings.push({ path: t.path, lang: t.lang, ruleId: 'CRS-01', matched: f.matched, reason: f.reason });
    for (const h of screenContent(t.text).hits) findings.push({ path: t.path, lang: t.lang, ruleId: h.ruleId, matched: h.matched, reason: h.category });
  }
  return findings;
}
