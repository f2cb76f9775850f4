// Anonymous, aggregate course analytics for the tenant (CRS-03, PI-10): enrolments, completion and quiz pass rates
// per course, and — only over debtors who consented — how plan adherence differs between those who completed a
// course and those who did not. Every cell counted from fewer than MIN_CELL people is suppressed (null), so no
// figure can be traced back to one debtor.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { listPlans } from '../ledger/index.js';
import { listCatalogue } from './catalogue.js';

export const MIN_CELL = 5;

/** A group size, or null when fewer than MIN_CELL people stand behind it. */
export const suppressCount = (n: number) => (n < MIN_CELL ? null : n);
/**
 * A part `k` of a group of `of` people, as a count and a rate; both null when the part, the rest of the group or the
 * group is under MIN_CELL, so neither the part nor its complement can be worked back from what is shown.
 */
export function suppressPart(k: number, of: number): { count: number | null; rate: number | null } {
  if (of < MIN_CELL || k < MIN_CELL || of - k < MIN_CELL) return { count: null, rate: null };
  return { count: k, rate: Math.round((k / of) * 1000) / 1000 };
}

export interface CourseStats {
  code: string;
  title: { zh: string; en: string };
  enrolments: number | null;
  completed: number | null;
  completionRate: number | null;
  quizAttempts: number | null;
  quizPassRate: number | null;
}

export interface AdherenceGroup {
  /** Consenting debtors in the group with an accepted plan. */
  people: number | null;
  /** Share whose plan is on track (not broken). */
  onTrackRate: number | null;
}

export interface CourseAnalytics {
  minCell: number;
  courses: CourseStats[];
  adherence: { consented: number | null; completedCourse: AdherenceGroup; notCompleted: AdherenceGroup; note: string };
}

export async function courseAnalytics(tx: Tx): Promise<CourseAnalytics> {
  const per = await rows<{ code: string; enrolments: number; completed: number; attempts: number; passes: number }>(tx, sql`
    SELECT e.course_code AS code, count(DISTINCT e.id)::int AS enrolments, count(DISTINCT e.id) FILTER (WHERE e.completed_at IS NOT NULL)::int AS completed,
           count(a.id)::int AS attempts, count(a.id) FILTER (WHERE a.passed)::int AS passes
    FROM courses.enrolments e LEFT JOIN courses.quiz_attempts a ON a.enrolment_id = e.id GROUP BY e.course_code`);
  const courses = (await listCatalogue(tx)).map(({ course }) => {
    const r = per.find((p) => p.code === course.code) ?? { enrolments: 0, completed: 0, attempts: 0, passes: 0 };
    const done = suppressPart(r.completed, r.enrolments);
    const passes = suppressPart(r.passes, r.attempts);
    return {
      code: course.code, title: course.title, enrolments: suppressCount(r.enrolments), completed: done.count, completionRate: done.rate,
      quizAttempts: suppressCount(r.attempts), quizPassRate: passes.rate,
    };
  });
  // Per case: consented to analytics in any course, and completed any course.
  const consenting = await rows<{ case_id: string; completed: boolean }>(tx, sql`
    SELECT case_id, bool_or(completed_at IS NOT NULL) AS completed FROM courses.enrolments GROUP BY case_id HAVING bool_or(analytics_consent)`);
  const groups = { yes: { n: 0, ok: 0 }, no: { n: 0, ok: 0 } };
  for (const c of consenting) {
    const accepted = (await listPlans(tx, c.case_id)).filter((p) => p.acceptedAt);
    if (!accepted.length) continue;
    const g = c.completed ? groups.yes : groups.no;
    g.n += 1;
    if (accepted.every((p) => !p.assessment?.broken)) g.ok += 1;
  }
  return {
    minCell: MIN_CELL,
    courses,
    adherence: {
      consented: suppressCount(consenting.length),
      completedCourse: { people: suppressCount(groups.yes.n), onTrackRate: suppressPart(groups.yes.ok, groups.yes.n).rate },
      notCompleted: { people: suppressCount(groups.no.n), onTrackRate: suppressPart(groups.no.ok, groups.no.n).rate },
      note: 'A correlation among consenting debtors, not a cause: people who choose to take a course may differ from those who do not.',
    },
  };
}
