// A debtor taking courses in the portal (CRS-03): the catalogue with their progress, starting a course, reading a
// lesson, answering a quiz, and completion. Nothing here is a condition of anything else: no debtor is pressured
// or charged, and progress is never shown to collectors one by one (only in aggregate, see analytics.ts).
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { findCaseByRef } from '../cases/index.js';
import { getDebtor } from '../debtors/index.js';
import { appendEvidence } from '../evidence/index.js';
import { lessonIds, quizzesOf, type CourseFile } from './course-file.js';
import { getCatalogueCourse, listCatalogue } from './catalogue.js';
import { coursesError } from './errors.js';

export interface PortalCase {
  caseId: string;
  caseRef: string;
  debtorId: string;
  debtorKind: 'person' | 'organisation';
}

/** The case a debtor portal session is for. Throws COURSES_CASE_NOT_FOUND. */
export async function portalCase(tx: Tx, caseRef: string): Promise<PortalCase> {
  const c = await findCaseByRef(tx, caseRef);
  if (!c) throw coursesError('COURSES_CASE_NOT_FOUND', { detail: caseRef });
  const d = await getDebtor(tx, c.debtorId);
  return { caseId: c.id, caseRef: c.ref, debtorId: c.debtorId, debtorKind: d.kind };
}

interface EnrolmentRow {
  id: string;
  course_code: string;
  course_version: number;
  analytics_consent: boolean;
  started_at: string;
  completed_at: string | null;
}

export interface Progress {
  enrolled: boolean;
  analyticsConsent: boolean;
  startedAt: string | null;
  completedAt: string | null;
  lessonsDone: string[];
  /** Best result per quiz id. */
  quizzes: Record<string, { correct: number; total: number; passed: boolean; attempts: number }>;
  status: 'not_started' | 'in_progress' | 'completed';
  /** Share of lessons read and quizzes passed, 0..1. */
  fraction: number;
}

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

async function enrolmentsOf(tx: Tx, caseId: string): Promise<EnrolmentRow[]> {
  return rows<EnrolmentRow>(tx, sql`SELECT id, course_code, course_version, analytics_consent, started_at, completed_at FROM courses.enrolments WHERE case_id = ${caseId}`);
}

async function progressOf(tx: Tx, course: CourseFile, e: EnrolmentRow | undefined): Promise<Progress> {
  const lessons = lessonIds(course);
  const quizzes = quizzesOf(course);
  if (!e) return { enrolled: false, analyticsConsent: false, startedAt: null, completedAt: null, lessonsDone: [], quizzes: {}, status: 'not_started', fraction: 0 };
  const done = new Set((await rows<{ lesson_id: string }>(tx, sql`SELECT lesson_id FROM courses.lesson_progress WHERE enrolment_id = ${e.id}`)).map((r) => r.lesson_id));
  const attempts = await rows<{ quiz_id: string; correct: number; total: number; passed: boolean; n: number }>(tx, sql`
    SELECT DISTINCT ON (quiz_id) quiz_id, correct, total, passed, count(*) OVER (PARTITION BY quiz_id)::int AS n
    FROM courses.quiz_attempts WHERE enrolment_id = ${e.id} ORDER BY quiz_id, passed DESC, correct DESC, attempted_at`);
  const quizMap: Progress['quizzes'] = {};
  for (const a of attempts) quizMap[a.quiz_id] = { correct: a.correct, total: a.total, passed: a.passed, attempts: a.n };
  const lessonsDone = lessons.filter((l) => done.has(l));
  const passed = quizzes.filter((q) => quizMap[q.id]?.passed).length;
  const fraction = (lessonsDone.length + passed) / (lessons.length + quizzes.length);
  return {
    enrolled: true, analyticsConsent: e.analytics_consent, startedAt: iso(e.started_at), completedAt: iso(e.completed_at), lessonsDone, quizzes: quizMap,
    status: e.completed_at ? 'completed' : 'in_progress', fraction,
  };
}

export interface MyCourse {
  course: CourseFile;
  source: 'built_in' | 'tenant';
  minutes: number;
  /** The course is written for this debtor (business courses for organisations). */
  recommended: boolean;
  progress: Progress;
}

const fits = (c: CourseFile, kind: PortalCase['debtorKind']) => c.audience === 'everyone' || (c.audience === 'business') === (kind === 'organisation');

/** The catalogue for this debtor with their progress; courses written for them first. */
export async function listMyCourses(tx: Tx, caseRef: string): Promise<MyCourse[]> {
  const pc = await portalCase(tx, caseRef);
  const mine = await enrolmentsOf(tx, pc.caseId);
  const out: MyCourse[] = [];
  for (const e of await listCatalogue(tx)) {
    out.push({ ...e, recommended: fits(e.course, pc.debtorKind), progress: await progressOf(tx, e.course, mine.find((m) => m.course_code === e.course.code)) });
  }
  return out.sort((a, b) => Number(b.recommended) - Number(a.recommended));
}

/** One course with this debtor's progress. Throws COURSES_NOT_FOUND. */
export async function getMyCourse(tx: Tx, caseRef: string, code: string): Promise<MyCourse> {
  const pc = await portalCase(tx, caseRef);
  const e = await getCatalogueCourse(tx, code);
  const mine = (await enrolmentsOf(tx, pc.caseId)).find((m) => m.course_code === code);
  return { ...e, recommended: fits(e.course, pc.debtorKind), progress: await progressOf(tx, e.course, mine) };
}

/** Starts a course (idempotent); the debtor may change their analytics consent at any time. */
export async function startCourse(tx: Tx, caseRef: string, code: string, input: { analyticsConsent: boolean }): Promise<MyCourse> {
  const pc = await portalCase(tx, caseRef);
  const { course } = await getCatalogueCourse(tx, code);
  await rows(tx, sql`INSERT INTO courses.enrolments (tenant_id, id, case_id, course_code, course_version, analytics_consent)
    VALUES (current_setting('app.tenant_id', true), ${newId('enr')}, ${pc.caseId}, ${code}, ${course.version}, ${input.analyticsConsent})
    ON CONFLICT (tenant_id, case_id, course_code) DO UPDATE SET analytics_consent = EXCLUDED.analytics_consent RETURNING id`);
  return getMyCourse(tx, caseRef, code);
}

async function enrolmentFor(tx: Tx, caseRef: string, code: string): Promise<{ pc: PortalCase; course: CourseFile; e: EnrolmentRow }> {
  const pc = await portalCase(tx, caseRef);
  const { course } = await getCatalogueCourse(tx, code);
  const e = (await enrolmentsOf(tx, pc.caseId)).find((m) => m.course_code === code);
  if (!e) throw coursesError('COURSES_NOT_ENROLLED', { detail: code });
  return { pc, course, e };
}

/** Marks completion once every lesson is read and every quiz passed; records it in the evidence log. */
async function completeIfDone(tx: Tx, pc: PortalCase, course: CourseFile, e: EnrolmentRow): Promise<void> {
  if (e.completed_at) return;
  const p = await progressOf(tx, course, e);
  if (p.fraction < 1) return;
  const [row] = await rows<{ completed_at: string }>(tx, sql`UPDATE courses.enrolments SET completed_at = now() WHERE id = ${e.id} AND completed_at IS NULL RETURNING completed_at`);
  if (!row) return;
  await appendEvidence(tx, {
    type: 'course.completed', case: pc.caseId, actor: 'system', occurredAt: new Date(row.completed_at).toISOString(),
    refs: { enrolment: e.id }, meta: { course: course.code, version: course.version },
  });
}

/** The debtor has read a lesson. Throws COURSES_NOT_ENROLLED, COURSES_LESSON_NOT_FOUND. */
export async function completeLesson(tx: Tx, caseRef: string, code: string, lessonId: string): Promise<MyCourse> {
  const { pc, course, e } = await enrolmentFor(tx, caseRef, code);
  if (!lessonIds(course).includes(lessonId)) throw coursesError('COURSES_LESSON_NOT_FOUND', { detail: lessonId, field: 'lessonId' });
  await rows(tx, sql`INSERT INTO courses.lesson_progress (tenant_id, enrolment_id, lesson_id) VALUES (current_setting('app.tenant_id', true), ${e.id}, ${lessonId})
    ON CONFLICT DO NOTHING RETURNING lesson_id`);
  await completeIfDone(tx, pc, course, e);
  return getMyCourse(tx, caseRef, code);
}

export interface QuizResult {
  correct: number;
  total: number;
  passed: boolean;
  passMark: number;
  questions: Array<{ id: string; chosen: number; answer: number; right: boolean; explanation: { zh: string; en: string } }>;
  course: MyCourse;
}

/** Pure marking: one answer per question, each an option index. Throws COURSES_ANSWERS_INVALID. */
export function markQuiz(quiz: ReturnType<typeof quizzesOf>[number], answers: number[]): Omit<QuizResult, 'course'> {
  if (answers.length !== quiz.questions.length || answers.some((a, i) => !Number.isInteger(a) || a < 0 || a >= quiz.questions[i].options.length)) {
    throw coursesError('COURSES_ANSWERS_INVALID', { field: 'answers', detail: `${quiz.questions.length} answers expected, each an option index` });
  }
  const questions = quiz.questions.map((q, i) => ({ id: q.id, chosen: answers[i], answer: q.answer, right: answers[i] === q.answer, explanation: q.explanation }));
  const correct = questions.filter((q) => q.right).length;
  // passMark is a share; compare in integers so 2/3 against 0.66 is not at the mercy of rounding.
  const passed = correct * 1000 >= Math.round(quiz.passMark * 1000) * quiz.questions.length;
  return { correct, total: quiz.questions.length, passed, passMark: quiz.passMark, questions };
}

/** Answers a quiz (any number of attempts). Throws COURSES_NOT_ENROLLED, COURSES_QUIZ_NOT_FOUND, COURSES_ANSWERS_INVALID. */
export async function answerQuiz(tx: Tx, caseRef: string, code: string, quizId: string, answers: number[]): Promise<QuizResult> {
  const { pc, course, e } = await enrolmentFor(tx, caseRef, code);
  const quiz = quizzesOf(course).find((q) => q.id === quizId);
  if (!quiz) throw coursesError('COURSES_QUIZ_NOT_FOUND', { detail: quizId, field: 'quizId' });
  const r = markQuiz(quiz, answers);
  await rows(tx, sql`INSERT INTO courses.quiz_attempts (tenant_id, id, enrolment_id, quiz_id, answers, correct, total, passed)
    VALUES (current_setting('app.tenant_id', true), ${newId('qza')}, ${e.id}, ${quizId}, ${JSON.stringify(answers)}::jsonb, ${r.correct}, ${r.total}, ${r.passed}) RETURNING id`);
  await completeIfDone(tx, pc, course, e);
  return { ...r, course: await getMyCourse(tx, caseRef, code) };
}

/** What a certificate states. Throws COURSES_NOT_ENROLLED, COURSES_NOT_COMPLETED. */
export async function certificateFacts(tx: Tx, caseRef: string, code: string): Promise<{ number: string; name: string; caseRef: string; course: CourseFile; completedAt: string; minutes: number }> {
  const { pc, course, e } = await enrolmentFor(tx, caseRef, code);
  if (!e.completed_at) throw coursesError('COURSES_NOT_COMPLETED', { detail: code });
  const d = await getDebtor(tx, pc.debtorId);
  const minutes = (await getCatalogueCourse(tx, code)).minutes;
  return { number: e.id.toUpperCase(), name: d.name, caseRef: pc.caseRef, course, completedAt: iso(e.completed_at)!, minutes };
}
