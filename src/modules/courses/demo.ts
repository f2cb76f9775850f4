// Demo data: a few dozen debtors of the demo portfolio taking the built-in courses (some finished, some part-way,
// most consenting to analytics), so the portal, the analytics page and the suppression of small cells all show
// something real. Runs through the same use cases as the portal; idempotent.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { builtInCourses } from './catalogue.js';
import { answerQuiz, completeLesson, startCourse } from './enrolments.js';
import { lessonIds, quizzesOf } from './course-file.js';

export async function seedDemoCourses(tx: Tx, caseRefs: string[]): Promise<{ enrolments: number }> {
  const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM courses.enrolments`);
  if (n > 0) return { enrolments: 0 };
  const courses = builtInCourses();
  let made = 0;
  for (const [i, ref] of caseRefs.entries()) {
    const course = courses[i % courses.length];
    await startCourse(tx, ref, course.code, { analyticsConsent: i % 4 !== 3 });
    made += 1;
    const lessons = lessonIds(course);
    // About half finish; the others stop part-way, some after a failed first quiz attempt.
    const finish = Math.floor(i / 3) % 2 === 0;
    for (const l of finish ? lessons : lessons.slice(0, 1 + (i % lessons.length))) await completeLesson(tx, ref, course.code, l);
    for (const q of quizzesOf(course)) {
      if (!finish && i % 2 === 0) break;
      if (i % 5 === 1) await answerQuiz(tx, ref, course.code, q.id, q.questions.map((x) => (x.answer + 1) % x.options.length));
      await answerQuiz(tx, ref, course.code, q.id, q.questions.map((x) => x.answer));
    }
  }
  return { enrolments: made };
}
