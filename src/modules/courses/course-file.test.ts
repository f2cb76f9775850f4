// CRS-03: courses are content as data. Every built-in course file validates, names only library images, and a
// malformed course is refused with the field named.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CourseFile, courseMinutes, courseTexts, lessonIds } from './course-file.js';
import { builtInCourses, CONTENT_DIR } from './catalogue.js';
import { parseCourseFile } from './tenant-courses.js';
import { markQuiz } from './enrolments.js';

describe('course files (CRS-03)', () => {
  const courses = builtInCourses();

  it('ships at least three bilingual courses, one of them for business debtors', () => {
    expect(courses.length).toBeGreaterThanOrEqual(3);
    expect(courses.map((c) => c.code)).toEqual(expect.arrayContaining(['credit-report-basics', 'budget-and-plan', 'business-credit-restoration']));
    expect(courses.some((c) => c.audience === 'business')).toBe(true);
    for (const c of courses) {
      for (const t of courseTexts(c)) expect(t.text.trim().length, `${c.code} ${t.path} ${t.lang}`).toBeGreaterThan(0);
      expect(courseMinutes(c)).toBeGreaterThan(10);
    }
  });

  it('every course file on disk parses with the schema and its images exist', () => {
    for (const f of fs.readdirSync(CONTENT_DIR).filter((n) => n.endsWith('.json'))) {
      const parsed = CourseFile.safeParse(JSON.parse(fs.readFileSync(path.join(CONTENT_DIR, f), 'utf8')));
      expect(parsed.success, f).toBe(true);
      for (const m of parsed.data!.modules) for (const l of m.lessons) for (const b of l.body) if (b.type === 'img') expect(fs.existsSync(path.join(CONTENT_DIR, 'img', b.src))).toBe(true);
    }
  });

  it('the credit-report course covers the objection procedure and the 5-year rule (CRS-02)', () => {
    const text = courseTexts(courses.find((c) => c.code === 'credit-report-basics')!).map((t) => t.text).join('\n');
    expect(text).toContain('第二十五条');
    expect(text).toContain('20 日');
    expect(text).toContain('5 年');
  });

  it('the budgeting course has the lesson the payment plan page links to', () => {
    expect(lessonIds(courses.find((c) => c.code === 'budget-and-plan')!)).toContain('plan-and-record');
  });

  it('refuses a malformed course naming the field', () => {
    const c = structuredClone(courses[0]) as Record<string, unknown> & { modules: Array<{ quiz?: { questions: Array<{ answer: number }> } }> };
    c.modules[0].quiz!.questions[0].answer = 7;
    expect(() => parseCourseFile(c)).toThrow(expect.objectContaining({ code: 'COURSES_CONTENT_INVALID', field: expect.stringContaining('content.modules.0.quiz.questions.0.answer') }));
    expect(() => parseCourseFile({ ...courses[0], title: { zh: '只有中文' } })).toThrow(expect.objectContaining({ field: 'content.title.en' }));
    const dup = structuredClone(courses[0]);
    dup.modules[1].lessons[0].id = dup.modules[0].lessons[0].id;
    expect(() => parseCourseFile(dup)).toThrow(expect.objectContaining({ code: 'COURSES_CONTENT_INVALID' }));
  });

  it('marks a quiz by option index, with the pass mark compared exactly', () => {
    const quiz = courses.find((c) => c.code === 'credit-report-basics')!.modules[0].quiz!;
    expect(quiz.questions).toHaveLength(3);
    const right = quiz.questions.map((q) => q.answer);
    expect(markQuiz(quiz, right)).toMatchObject({ correct: quiz.questions.length, passed: true });
    const oneWrong = right.map((a, i) => (i === 0 ? (a + 1) % quiz.questions[0].options.length : a));
    // 2 of 3 against a pass mark of 0.66 passes; 1 of 3 does not.
    expect(markQuiz({ ...quiz, passMark: 0.66 }, oneWrong).passed).toBe(true);
    expect(markQuiz({ ...quiz, passMark: 0.67 }, oneWrong).passed).toBe(false);
    expect(() => markQuiz(quiz, right.slice(1))).toThrow(expect.objectContaining({ code: 'COURSES_ANSWERS_INVALID' }));
    expect(() => markQuiz(quiz, right.map(() => 9))).toThrow(expect.objectContaining({ code: 'COURSES_ANSWERS_INVALID' }));
  });
});

describe('small-cell suppression of course analytics (PI-10)', async () => {
  const { suppressCount, suppressPart, MIN_CELL } = await import('./analytics.js');
  it('hides groups and parts under the minimum, and parts whose complement is under it', () => {
    expect(suppressCount(MIN_CELL - 1)).toBeNull();
    expect(suppressCount(MIN_CELL)).toBe(MIN_CELL);
    expect(suppressPart(4, 20)).toEqual({ count: null, rate: null });
    expect(suppressPart(16, 20)).toEqual({ count: null, rate: null });
    expect(suppressPart(10, 20)).toEqual({ count: 10, rate: 0.5 });
    expect(suppressPart(3, 4)).toEqual({ count: null, rate: null });
  });
});
