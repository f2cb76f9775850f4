// A tenant's own courses (CRS-03): drafted in the admin UI as a course file, screened (CRS-01 and the content
// rules), submitted, and published only when a compliance officer other than the author approves — the same
// four-eyes flow as the script library. Each published version is an evidence entry with the content's digest.
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import type { Role } from '../../platform/tenancy.js';
import { appendEvidence, storeEvidenceFile } from '../evidence/index.js';
import { CourseFile } from './course-file.js';
import { isBuiltInCode } from './catalogue.js';
import { screenCourse, type CourseFinding } from './screen.js';
import { coursesError } from './errors.js';

export const TENANT_COURSE_STATES = ['draft', 'submitted', 'published', 'rejected', 'retired'] as const;
export type TenantCourseState = (typeof TENANT_COURSE_STATES)[number];

export interface TenantCourse {
  id: string;
  code: string;
  version: number;
  status: TenantCourseState;
  content: CourseFile;
  findings: CourseFinding[];
  createdBy: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

interface Row {
  id: string; code: string; version: number; status: TenantCourseState; content: CourseFile; screening: CourseFinding[]; created_by: string;
  submitted_at: string | null; decided_by: string | null; decided_at: string | null; decision_note: string | null; created_at: string;
}

const iso = (v: string | null) => (v == null ? null : new Date(v).toISOString());
const view = (r: Row): TenantCourse => ({
  id: r.id, code: r.code, version: r.version, status: r.status, content: r.content, findings: r.screening, createdBy: r.created_by,
  submittedAt: iso(r.submitted_at), decidedBy: r.decided_by, decidedAt: iso(r.decided_at), decisionNote: r.decision_note, createdAt: iso(r.created_at)!,
});

export interface CourseActor {
  id: string;
  role: Role;
}

/** Parses a course file, naming the first wrong field. Throws COURSES_CONTENT_INVALID. */
export function parseCourseFile(input: unknown): CourseFile {
  const p = CourseFile.safeParse(input);
  if (!p.success) {
    const i = p.error.issues[0];
    throw coursesError('COURSES_CONTENT_INVALID', { field: ['content', ...i.path].join('.'), detail: `${i.path.join('.')}: ${i.message}` });
  }
  return p.data;
}

/** Saves a new draft version of a course. Throws COURSES_CONTENT_INVALID, COURSES_CODE_RESERVED. */
export async function draftCourse(tx: Tx, actor: CourseActor, input: unknown): Promise<TenantCourse> {
  const content = parseCourseFile(input);
  if (isBuiltInCode(content.code)) throw coursesError('COURSES_CODE_RESERVED', { field: 'content.code', detail: content.code });
  const [{ v }] = await rows<{ v: number }>(tx, sql`SELECT coalesce(max(version), 0)::int + 1 AS v FROM courses.tenant_courses WHERE code = ${content.code}`);
  const stored = { ...content, version: v };
  const [r] = await rows<Row>(tx, sql`INSERT INTO courses.tenant_courses (tenant_id, id, code, version, content, screening, created_by)
    VALUES (current_setting('app.tenant_id', true), ${newId('crs')}, ${content.code}, ${v}, ${JSON.stringify(stored)}::jsonb, ${JSON.stringify(screenCourse(stored))}::jsonb, ${actor.id})
    RETURNING *`);
  return view(r);
}

export async function listTenantCourses(tx: Tx): Promise<TenantCourse[]> {
  return (await rows<Row>(tx, sql`SELECT * FROM courses.tenant_courses ORDER BY code, version DESC`)).map(view);
}

async function getRow(tx: Tx, id: string): Promise<Row> {
  const [r] = await rows<Row>(tx, sql`SELECT * FROM courses.tenant_courses WHERE id = ${id} FOR UPDATE`);
  if (!r) throw coursesError('COURSES_NOT_FOUND', { detail: id, field: 'id' });
  return r;
}

function refuseFindings(findings: CourseFinding[]) {
  if (findings.length) {
    throw coursesError('COURSES_CONTENT_REFUSED', {
      rule: findings[0].ruleId, field: `content.${findings[0].path}.${findings[0].lang}`,
      detail: findings.slice(0, 5).map((f) => `${f.ruleId} ${f.path} (${f.lang}): “${f.matched}” ${f.reason}`).join('; '),
    });
  }
}

const transition = (r: Row, from: TenantCourseState[], to: TenantCourseState) => {
  if (!from.includes(r.status)) throw coursesError('COURSES_TRANSITION', { detail: `${r.status} → ${to}` });
};

/** Sends a draft (or a rejected version) for approval. Throws COURSES_TRANSITION, COURSES_CONTENT_REFUSED. */
export async function submitCourse(tx: Tx, actor: CourseActor, id: string): Promise<TenantCourse> {
  const r = await getRow(tx, id);
  transition(r, ['draft', 'rejected'], 'submitted');
  refuseFindings(screenCourse(r.content));
  const [u] = await rows<Row>(tx, sql`UPDATE courses.tenant_courses SET status = 'submitted', submitted_at = now(), decided_by = NULL, decided_at = NULL, decision_note = NULL
    WHERE id = ${id} RETURNING *`);
  void actor;
  return view(u);
}

/**
 * A compliance officer (not the author) publishes a submitted version; the previous published version of the code
 * retires. Throws COURSES_TRANSITION, COURSES_SELF_APPROVAL, COURSES_CONTENT_REFUSED.
 */
export async function approveCourse(tx: Tx, actor: CourseActor, id: string, note?: string): Promise<TenantCourse> {
  const r = await getRow(tx, id);
  transition(r, ['submitted'], 'published');
  if (actor.role !== 'compliance_officer' || actor.id === r.created_by) throw coursesError('COURSES_SELF_APPROVAL', { rule: 'CRS-01' });
  // Screened again: the rules may have grown stricter since submission.
  refuseFindings(screenCourse(r.content));
  await rows(tx, sql`UPDATE courses.tenant_courses SET status = 'retired' WHERE code = ${r.code} AND status = 'published' RETURNING id`);
  const [u] = await rows<Row>(tx, sql`UPDATE courses.tenant_courses SET status = 'published', decided_by = ${actor.id}, decided_at = now(), decision_note = ${note ?? null}
    WHERE id = ${id} RETURNING *`);
  // The published text itself goes to the evidence store, so what debtors were shown can be proven later.
  const content = await storeEvidenceFile(tx, new TextEncoder().encode(JSON.stringify(r.content)), 'application/json');
  await appendEvidence(tx, { type: 'course.published', actor: actor.id, occurredAt: new Date().toISOString(), content, refs: { course: id }, meta: { code: r.code, version: r.version } });
  return view(u);
}

/** Sends a submitted version back with reasons. Throws COURSES_TRANSITION, COURSES_SELF_APPROVAL. */
export async function rejectCourse(tx: Tx, actor: CourseActor, id: string, note: string): Promise<TenantCourse> {
  const r = await getRow(tx, id);
  transition(r, ['submitted'], 'rejected');
  if (actor.role !== 'compliance_officer') throw coursesError('COURSES_SELF_APPROVAL');
  const [u] = await rows<Row>(tx, sql`UPDATE courses.tenant_courses SET status = 'rejected', decided_by = ${actor.id}, decided_at = now(), decision_note = ${note}
    WHERE id = ${id} RETURNING *`);
  return view(u);
}

/** Takes a published version out of the catalogue. Throws COURSES_TRANSITION. */
export async function retireCourse(tx: Tx, actor: CourseActor, id: string): Promise<TenantCourse> {
  const r = await getRow(tx, id);
  transition(r, ['published', 'draft'], 'retired');
  const [u] = await rows<Row>(tx, sql`UPDATE courses.tenant_courses SET status = 'retired', decided_by = ${actor.id}, decided_at = now() WHERE id = ${id} RETURNING *`);
  return view(u);
}
