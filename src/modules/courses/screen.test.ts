// CRS-01: no promise to delete or "repair" lawful negative records, no promised score increase, no fee for 征信修复.
// Every built-in course passes the CRS-01 check and the product's own content screening; promises are caught in
// either language wherever they are put, and statements that something cannot be done are not promises.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtInCourses } from './catalogue.js';
import { findCreditRepairPromises, screenCourse } from './screen.js';

const PROMISES_ZH = [
  '我们可以帮您删除逾期记录，三天见效。',
  '专业征信修复服务，包过，不成功不收费。',
  '保证30天内信用分提高50分！',
  '交费即可洗白征信。',
  '付费后为您消除不良信息。',
  '快速修复信用记录。',
];
const PROMISES_EN = [
  'We can remove the late payment records from your report.',
  'Our credit repair service fixes everything.',
  'We guarantee a higher credit score within a month.',
  'This course will boost your credit score by 100 points.',
  'Pay a small fee and we will clean your credit history.',
];
const LAWFUL = [
  ['zh', '任何公司都无权删除真实的不良记录。'],
  ['zh', '发现错误信息，可以提出异议，经核查确有错误的予以更正。'],
  ['zh', '没有任何人可以承诺您的信用评分会提高多少分。'],
  ['zh', '不良信息自不良行为或事件终止之日起保存 5 年。'],
  ['en', 'No company has the power to remove a true negative record.'],
  ['en', 'Nobody can promise how many points your credit score will change.'],
  ['en', 'Object to a wrong entry and it is corrected; wrong records can be deleted through the objection procedure.'],
] as const;

describe('CRS-01 credit-repair promise screening', () => {
  it.each(PROMISES_ZH)('flags the Chinese promise %s', (t) => expect(findCreditRepairPromises(t, 'zh')).not.toEqual([]));
  it.each(PROMISES_EN)('flags the English promise %s', (t) => expect(findCreditRepairPromises(t, 'en')).not.toEqual([]));
  it.each(LAWFUL)('does not flag the lawful statement (%s) %s', (lang, t) => expect(findCreditRepairPromises(t, lang)).toEqual([]));

  it('every built-in course passes CRS-01 and the content screening (COL-42..44 and the rest)', () => {
    for (const c of builtInCourses()) expect(screenCourse(c), c.code).toEqual([]);
  });

  it('a promise put into any text of any course is found, in its place', () => {
    const courses = builtInCourses();
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.boolean(), (ci, pi, si, zh) => {
        const course = structuredClone(courses[ci % courses.length]);
        const lesson = course.modules[si % course.modules.length].lessons[0];
        const promise = zh ? PROMISES_ZH[pi % PROMISES_ZH.length] : PROMISES_EN[pi % PROMISES_EN.length];
        const block = lesson.body.find((b) => b.type === 'p')!;
        if (block.type !== 'p') return;
        block.text[zh ? 'zh' : 'en'] = `${block.text[zh ? 'zh' : 'en']} ${promise}`;
        const findings = screenCourse(course);
        expect(findings.some((f) => f.ruleId === 'CRS-01' && f.lang === (zh ? 'zh' : 'en') && f.path.startsWith(`modules.${si % course.modules.length}.lessons.0.body`))).toBe(true);
      }),
      { numRuns: 60, seed: 20261205 },
    );
  });
});
