// A course as data (CRS-03): the shape of a course file in content/courses/*.json and of a tenant's own course.
// Lessons are rich text as typed blocks (no HTML), so the portal renders them without injecting markup and the
// screening reads every word.
import { z } from 'zod';

/** Text in both languages; zh-CN first. */
export const Bilingual = z.strictObject({ zh: z.string().trim().min(1).max(4000), en: z.string().trim().min(1).max(4000) });
export type Bilingual = z.infer<typeof Bilingual>;

const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and hyphens').max(60);
/** Images come from the shared library in content/courses/img (tenants reference them by name). */
export const ImageName = z.string().regex(/^[a-z0-9-]+\.svg$/, 'an image of the course library, e.g. credit-report.svg');

export const Block = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('h'), text: Bilingual }),
  z.strictObject({ type: z.literal('p'), text: Bilingual }),
  z.strictObject({ type: z.literal('list'), ordered: z.boolean().default(false), items: z.array(Bilingual).min(1).max(20) }),
  z.strictObject({ type: z.literal('note'), tone: z.enum(['info', 'warning']), text: Bilingual }),
  z.strictObject({ type: z.literal('img'), src: ImageName, alt: Bilingual }),
]);
export type Block = z.infer<typeof Block>;

export const Question = z
  .strictObject({
    id: Slug,
    prompt: Bilingual,
    options: z.array(Bilingual).min(2).max(6),
    /** Index of the correct option. */
    answer: z.number().int().min(0),
    explanation: Bilingual,
  })
  .refine((q) => q.answer < q.options.length, { message: 'answer must index one of the options', path: ['answer'] });
export type Question = z.infer<typeof Question>;

export const Quiz = z.strictObject({
  id: Slug,
  /** Share of questions to answer correctly, e.g. 0.8. */
  passMark: z.number().gt(0).max(1),
  questions: z.array(Question).min(1).max(20),
});
export type Quiz = z.infer<typeof Quiz>;

export const Lesson = z.strictObject({ id: Slug, title: Bilingual, minutes: z.number().int().min(1).max(120), body: z.array(Block).min(1).max(60) });
export type Lesson = z.infer<typeof Lesson>;

export const CourseModule = z.strictObject({ id: Slug, title: Bilingual, lessons: z.array(Lesson).min(1).max(20), quiz: Quiz.optional() });
export type CourseModule = z.infer<typeof CourseModule>;

export const AUDIENCES = ['everyone', 'individual', 'business'] as const;

export const CourseFile = z
  .strictObject({
    code: Slug,
    version: z.number().int().min(1),
    audience: z.enum(AUDIENCES),
    title: Bilingual,
    summary: Bilingual,
    /** Rule IDs the course is written against (shown to compliance reviewers). */
    rules: z.array(z.string().regex(/^[A-Z]{2,4}-\d{2}$/)).default([]),
    modules: z.array(CourseModule).min(1).max(12),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.modules.forEach((m, mi) => {
      for (const [kind, id, path] of [
        ['module', m.id, ['modules', mi, 'id']],
        ...m.lessons.map((l, li) => ['lesson', l.id, ['modules', mi, 'lessons', li, 'id']] as const),
        ...(m.quiz ? [['quiz', m.quiz.id, ['modules', mi, 'quiz', 'id']] as const] : []),
      ] as const) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `${kind} id "${id}" is used twice in the course`, path: [...path] });
        seen.add(id);
      }
    });
  });
export type CourseFile = z.infer<typeof CourseFile>;

/** Estimated time: the lessons' minutes plus one minute per quiz question. */
export function courseMinutes(c: CourseFile): number {
  return c.modules.reduce((s, m) => s + m.lessons.reduce((a, l) => a + l.minutes, 0) + (m.quiz?.questions.length ?? 0), 0);
}

/** Every lesson id in course order. */
export const lessonIds = (c: CourseFile): string[] => c.modules.flatMap((m) => m.lessons.map((l) => l.id));
/** Every quiz in course order. */
export const quizzesOf = (c: CourseFile): Quiz[] => c.modules.flatMap((m) => (m.quiz ? [m.quiz] : []));

/** Every piece of learner-facing text with where it stands, for screening. */
export function courseTexts(c: CourseFile): Array<{ path: string; lang: 'zh' | 'en'; text: string }> {
  const out: Array<{ path: string; lang: 'zh' | 'en'; text: string }> = [];
  const add = (path: string, b: Bilingual) => {
    out.push({ path, lang: 'zh', text: b.zh }, { path, lang: 'en', text: b.en });
  };
  add('title', c.title);
  add('summary', c.summary);
  c.modules.forEach((m, mi) => {
    add(`modules.${mi}.title`, m.title);
    m.lessons.forEach((l, li) => {
      const lp = `modules.${mi}.lessons.${li}`;
      add(`${lp}.title`, l.title);
      l.body.forEach((b, bi) => {
        const bp = `${lp}.body.${bi}`;
        if (b.type === 'list') b.items.forEach((it, ii) => add(`${bp}.items.${ii}`, it));
        else if (b.type === 'img') add(`${bp}.alt`, b.alt);
        else add(`${bp}.text`, b.text);
      });
    });
    m.quiz?.questions.forEach((q, qi) => {
      const qp = `modules.${mi}.quiz.questions.${qi}`;
      add(`${qp}.prompt`, q.prompt);
      q.options.forEach((o, oi) => add(`${qp}.options.${oi}`, o));
      add(`${qp}.explanation`, q.explanation);
    });
  });
  return out;
}
