// HTTP routes of the courses module: thin handlers over the use cases.
//   debtor portal (role debtor, principal.subject = case ref): catalogue with progress, lessons, quizzes, certificate
//   back office: the tenant's own courses (draft → submitted → published by a compliance officer), screening
//   preview, aggregate analytics; course images are public (teaching material, no personal data).
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal, type Principal } from '../../platform/http/access.js';
import { commonError } from '../../platform/errors.js';
import type { Role } from '../../platform/tenancy.js';
import { Bilingual, Block, CourseFile, AUDIENCES } from './course-file.js';
import { builtInCourses, readCourseImage } from './catalogue.js';
import { answerQuiz, certificateFacts, completeLesson, getMyCourse, listMyCourses, startCourse, type MyCourse } from './enrolments.js';
import { certificatePdf } from './certificate.js';
import { approveCourse, draftCourse, listTenantCourses, rejectCourse, retireCourse, submitCourse, parseCourseFile, TENANT_COURSE_STATES } from './tenant-courses.js';
import { screenCourse } from './screen.js';
import { courseAnalytics } from './analytics.js';

const DEBTOR: Role[] = ['debtor'];
const AUTHORS: Role[] = ['tenant_admin', 'compliance_officer'];
const READERS: Role[] = ['tenant_admin', 'compliance_officer', 'legal_officer', 'collector'];

const subjectOf = (p: Principal) => {
  if (!p.subject) throw commonError('FORBIDDEN', { detail: 'a debtor portal session is needed' });
  return p.subject;
};
const actorOf = (p: Principal) => ({ id: p.userId, role: p.role });

const Code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a course code like credit-report-basics').max(60);
const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an id like report-sections').max(60);
const Id = z.string().regex(/^crs_[0-9a-z]{26}$/, 'a course id like crs_…');

// What the portal shows of a quiz before it is answered: no answers, no explanations.
const PortalQuestion = z.object({ id: z.string(), prompt: Bilingual, options: z.array(Bilingual) });
const PortalCourse = z.object({
  code: z.string(), version: z.number(), audience: z.enum(AUDIENCES), title: Bilingual, summary: Bilingual, rules: z.array(z.string()),
  modules: z.array(z.object({
    id: z.string(), title: Bilingual,
    lessons: z.array(z.object({ id: z.string(), title: Bilingual, minutes: z.number(), body: z.array(Block) })),
    quiz: z.object({ id: z.string(), passMark: z.number(), questions: z.array(PortalQuestion) }).optional(),
  })),
});
const Progress = z.object({
  enrolled: z.boolean(), analyticsConsent: z.boolean(), startedAt: z.string().nullable(), completedAt: z.string().nullable(), lessonsDone: z.array(z.string()),
  quizzes: z.record(z.string(), z.object({ correct: z.number(), total: z.number(), passed: z.boolean(), attempts: z.number() })),
  status: z.enum(['not_started', 'in_progress', 'completed']), fraction: z.number(),
});
const MyCourseOut = z.object({ course: PortalCourse, source: z.enum(['built_in', 'tenant']), minutes: z.number(), recommended: z.boolean(), progress: Progress });

const toPortal = (m: MyCourse) => ({
  ...m,
  course: { ...m.course, modules: m.course.modules.map((mod) => ({ ...mod, quiz: mod.quiz && { ...mod.quiz, questions: mod.quiz.questions.map(({ id, prompt, options }) => ({ id, prompt, options })) } })) },
});

const Finding = z.object({ path: z.string(), lang: z.enum(['zh', 'en']), ruleId: z.string(), matched: z.string(), reason: z.string() });
const TenantCourseOut = z.object({
  id: z.string(), code: z.string(), version: z.number(), status: z.enum(TENANT_COURSE_STATES), content: CourseFile, findings: z.array(Finding), createdBy: z.string(),
  submittedAt: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(), createdAt: z.string(),
});
const Nullable = z.number().nullable();
const AnalyticsOut = z.object({
  minCell: z.number(),
  courses: z.array(z.object({ code: z.string(), title: Bilingual, enrolments: Nullable, completed: Nullable, completionRate: Nullable, quizAttempts: Nullable, quizPassRate: Nullable })),
  adherence: z.object({
    consented: Nullable, note: z.string(),
    completedCourse: z.object({ people: Nullable, onTrackRate: Nullable }), notCompleted: z.object({ people: Nullable, onTrackRate: Nullable }),
  }),
});

export async function coursesRoutes(app: App): Promise<void> {
  const CodeParams = z.strictObject({ code: Code });

  // ---- debtor portal (CRS-03) ----
  app.get('/api/v1/courses/portal', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['courses'], summary: 'Debtor portal: the course catalogue with my progress (courses written for me first)', response: { 200: z.object({ items: z.array(MyCourseOut) }) } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return { items: (await req.inTenant((tx) => listMyCourses(tx, subjectOf(p)))).map(toPortal) };
  });

  app.get('/api/v1/courses/portal/:code', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['courses'], summary: 'Debtor portal: one course, its lessons and my progress (quiz answers are not sent)', params: CodeParams, response: { 200: MyCourseOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return toPortal(await req.inTenant((tx) => getMyCourse(tx, subjectOf(p), req.params.code)));
  });

  app.post('/api/v1/courses/portal/:code/start', {
    config: { access: { roles: DEBTOR } },
    schema: {
      tags: ['courses'], summary: 'Debtor portal: start a course (free, optional); consent to anonymous analytics is a separate choice',
      params: CodeParams, body: z.strictObject({ analyticsConsent: z.boolean() }), response: { 200: MyCourseOut },
    },
  }, async (req) => {
    const p = requirePrincipal(req);
    return toPortal(await req.inTenant((tx) => startCourse(tx, subjectOf(p), req.params.code, req.body)));
  });

  app.post('/api/v1/courses/portal/:code/lessons/:lessonId/done', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['courses'], summary: 'Debtor portal: mark a lesson as read', params: z.strictObject({ code: Code, lessonId: Slug }), response: { 200: MyCourseOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return toPortal(await req.inTenant((tx) => completeLesson(tx, subjectOf(p), req.params.code, req.params.lessonId)));
  });

  app.post('/api/v1/courses/portal/:code/quizzes/:quizId/attempts', {
    config: { access: { roles: DEBTOR }, rateLimit: { max: 60, windowMs: 3_600_000 } },
    schema: {
      tags: ['courses'], summary: 'Debtor portal: answer a quiz; the answers and explanations come back',
      params: z.strictObject({ code: Code, quizId: Slug }), body: z.strictObject({ answers: z.array(z.number().int().min(0).max(9)).min(1).max(20) }),
      response: {
        200: z.object({
          correct: z.number(), total: z.number(), passed: z.boolean(), passMark: z.number(),
          questions: z.array(z.object({ id: z.string(), chosen: z.number(), answer: z.number(), right: z.boolean(), explanation: Bilingual })), course: MyCourseOut,
        }),
      },
    },
  }, async (req) => {
    const p = requirePrincipal(req);
    const r = await req.inTenant((tx) => answerQuiz(tx, subjectOf(p), req.params.code, req.params.quizId, req.body.answers));
    return { ...r, course: toPortal(r.course) };
  });

  app.get('/api/v1/courses/portal/:code/certificate', {
    config: { access: { roles: DEBTOR } },
    schema: { tags: ['courses'], summary: 'Debtor portal: the completion certificate (PDF) of a completed course', params: CodeParams },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const f = await req.inTenant((tx) => certificateFacts(tx, subjectOf(p), req.params.code));
    reply.header('content-disposition', `attachment; filename="certificate-${req.params.code}.pdf"`).header('cache-control', 'no-store');
    return reply.type('application/pdf').send(Buffer.from(await certificatePdf(f)));
  });

  app.get('/api/v1/courses/images/:name', {
    config: { access: { public: true } },
    schema: { tags: ['courses'], summary: 'An illustration of the course library (SVG)', params: z.strictObject({ name: z.string().regex(/^[a-z0-9-]+\.svg$/).max(80) }) },
  }, async (req, reply) => {
    const svg = readCourseImage(req.params.name);
    // An SVG served on its own must not run anything, whatever it contains.
    return reply.type('image/svg+xml').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").header('cache-control', 'public, max-age=3600').send(svg);
  });

  // ---- back office ----
  app.get('/api/v1/courses', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['courses'], summary: 'The built-in courses and this agency\'s own courses in every state',
      response: { 200: z.object({ builtIn: z.array(CourseFile), tenant: z.array(TenantCourseOut) }) },
    },
  }, async (req) => ({ builtIn: builtInCourses(), tenant: await req.inTenant(listTenantCourses) }));

  app.post('/api/v1/courses/screen', {
    config: { access: { roles: AUTHORS } },
    schema: {
      tags: ['courses'], summary: 'Check a course file against the schema and the content screening (CRS-01, COL-42..44) without saving it',
      body: z.strictObject({ content: z.unknown() }), response: { 200: z.object({ findings: z.array(Finding) }) },
    },
  }, async (req) => ({ findings: screenCourse(parseCourseFile(req.body.content)) }));

  app.post('/api/v1/courses', {
    config: { access: { roles: AUTHORS } },
    schema: { tags: ['courses'], summary: 'Save a new draft version of one of this agency\'s courses', body: z.strictObject({ content: z.unknown() }), response: { 201: TenantCourseOut } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    return reply.code(201).send(await req.inTenant((tx) => draftCourse(tx, actorOf(p), req.body.content)));
  });

  const IdParams = z.strictObject({ id: Id });
  app.post('/api/v1/courses/:id/submit', {
    config: { access: { roles: AUTHORS } },
    schema: { tags: ['courses'], summary: 'Submit a draft for a compliance officer\'s approval (refused while screening finds anything)', params: IdParams, response: { 200: TenantCourseOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => submitCourse(tx, actorOf(p), req.params.id));
  });

  app.post('/api/v1/courses/:id/approve', {
    config: { access: { roles: ['compliance_officer'] } },
    schema: {
      tags: ['courses'], summary: 'Publish a submitted course (a compliance officer other than the author; screened again)',
      params: IdParams, body: z.strictObject({ note: z.string().trim().max(500).optional() }), response: { 200: TenantCourseOut },
    },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => approveCourse(tx, actorOf(p), req.params.id, req.body.note));
  });

  app.post('/api/v1/courses/:id/reject', {
    config: { access: { roles: ['compliance_officer'] } },
    schema: { tags: ['courses'], summary: 'Send a submitted course back with reasons', params: IdParams, body: z.strictObject({ note: z.string().trim().min(1).max(500) }), response: { 200: TenantCourseOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => rejectCourse(tx, actorOf(p), req.params.id, req.body.note));
  });

  app.post('/api/v1/courses/:id/retire', {
    config: { access: { roles: AUTHORS } },
    schema: { tags: ['courses'], summary: 'Take a course out of the catalogue', params: IdParams, response: { 200: TenantCourseOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return req.inTenant((tx) => retireCourse(tx, actorOf(p), req.params.id));
  });

  app.get('/api/v1/courses/analytics', {
    config: { access: { roles: READERS } },
    schema: { tags: ['courses'], summary: 'Anonymous course analytics (cells under 5 people suppressed) and plan adherence among consenting debtors', response: { 200: AnalyticsOut } },
  }, async (req) => req.inTenant(courseAnalytics));
}
