// Courses over HTTP on the real app (demo tenant): a debtor takes a built-in course in the portal (CRS-03) and gets
// the certificate; quiz answers are never sent before an attempt; a tenant's own course goes through screening
// (CRS-01) and a compliance officer's approval before debtors see it; analytics suppress small cells; the
// retention purge removes a debtor's progress.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';
import { signInDebtorHttp } from '../../../test/support/portal.js';
import { builtInCourses } from './catalogue.js';
import { lessonIds, quizzesOf, type CourseFile } from './course-file.js';
import { MIN_CELL } from './analytics.js';

const PW = 'Recourse-demo-2026';

describe('courses HTTP', { timeout: 300_000 }, async () => {
  const r = await testApp();
  const debtor = await signInDebtorHttp(r);
  const admin = await signIn(r, 'demo', 'admin@demo.recourse.test', PW);
  const compliance = await signIn(r, 'demo', 'compliance@demo.recourse.test', PW);
  const collector = await signIn(r, 'demo', 'collector@demo.recourse.test', PW);
  const get = (url: string, headers: Record<string, string>) => r.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string>, payload: unknown = {}) => r.app.inject({ method: 'POST', url, headers, payload: payload as object });

  it('a debtor takes a course end to end and downloads the certificate', async () => {
    const list = await get('/api/v1/courses/portal', debtor.headers);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ course: { code: string }; progress: { status: string } }>;
    expect(items.length).toBeGreaterThanOrEqual(3);
    const fresh = items.find((i) => i.progress.status === 'not_started')!;
    const course = builtInCourses().find((c) => c.code === fresh.course.code)!;
    const base = `/api/v1/courses/portal/${course.code}`;

    // The course as the portal gets it carries no answers or explanations.
    const detail = await get(base, debtor.headers);
    expect(detail.statusCode).toBe(200);
    expect(JSON.stringify(detail.json())).not.toMatch(/"answer"|"explanation"/);

    expect((await post(`${base}/lessons/${lessonIds(course)[0]}/done`, debtor.headers)).json().code).toBe('COURSES_NOT_ENROLLED');
    const started = await post(`${base}/start`, debtor.headers, { analyticsConsent: true });
    expect(started.json().progress).toMatchObject({ enrolled: true, status: 'in_progress', analyticsConsent: true });
    expect((await get(`${base}/certificate`, debtor.headers)).json().code).toBe('COURSES_NOT_COMPLETED');

    for (const l of lessonIds(course)) expect((await post(`${base}/lessons/${l}/done`, debtor.headers)).statusCode).toBe(200);
    expect((await post(`${base}/lessons/no-such-lesson/done`, debtor.headers)).json().code).toBe('COURSES_LESSON_NOT_FOUND');
    const quizzes = quizzesOf(course);
    // A wrong set of answers fails and explains; the right one passes.
    const wrong = await post(`${base}/quizzes/${quizzes[0].id}/attempts`, debtor.headers, { answers: quizzes[0].questions.map((q) => (q.answer + 1) % q.options.length) });
    expect(wrong.json()).toMatchObject({ correct: 0, passed: false });
    expect(wrong.json().questions[0].explanation.zh.length).toBeGreaterThan(0);
    expect((await post(`${base}/quizzes/${quizzes[0].id}/attempts`, debtor.headers, { answers: [0] })).statusCode).toBe(400);
    let last: { course: { progress: { status: string; fraction: number } } } | undefined;
    for (const q of quizzes) last = (await post(`${base}/quizzes/${q.id}/attempts`, debtor.headers, { answers: q.questions.map((x) => x.answer) })).json();
    expect(last!.course.progress).toMatchObject({ status: 'completed', fraction: 1 });

    const cert = await get(`${base}/certificate`, debtor.headers);
    expect(cert.statusCode).toBe(200);
    expect(cert.headers['content-type']).toContain('application/pdf');
    expect(cert.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the portal routes are for debtors only, and course images are served as inert SVG', async () => {
    expect((await get('/api/v1/courses/portal', collector.headers)).statusCode).toBe(403);
    const img = await r.app.inject({ method: 'GET', url: '/api/v1/courses/images/credit-report.svg' });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toContain('image/svg+xml');
    expect(img.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await r.app.inject({ method: 'GET', url: '/api/v1/courses/images/..%2Fcatalogue.ts' })).statusCode).toBe(400);
  });

  const ownCourse = (code: string, extra = ''): CourseFile => {
    const c = structuredClone(builtInCourses().find((x) => x.code === 'budget-and-plan')!);
    c.code = code;
    c.title = { zh: '本机构的还款小课堂', en: 'Our repayment basics' };
    if (extra) {
      const b = c.modules[0].lessons[0].body.find((x) => x.type === 'p')!;
      if (b.type === 'p') b.text.zh += extra;
    }
    return c;
  };

  it('a tenant course with a credit-repair promise cannot be submitted (CRS-01), naming the field', async () => {
    const screen = await post('/api/v1/courses/screen', admin.headers, { content: ownCourse('agency-promise', '付费后为您删除逾期记录。') });
    expect(screen.json().findings[0]).toMatchObject({ ruleId: 'CRS-01', lang: 'zh', path: 'modules.0.lessons.0.body.0.text' });
    const draft = await post('/api/v1/courses', admin.headers, { content: ownCourse('agency-promise', '付费后为您删除逾期记录。') });
    expect(draft.statusCode).toBe(201);
    const submit = await post(`/api/v1/courses/${draft.json().id}/submit`, admin.headers);
    expect(submit.statusCode).toBe(422);
    expect(submit.json()).toMatchObject({ code: 'COURSES_CONTENT_REFUSED', rule: 'CRS-01', field: 'content.modules.0.lessons.0.body.0.text.zh' });
    expect((await post('/api/v1/courses', admin.headers, { content: { code: 'x' } })).json()).toMatchObject({ code: 'COURSES_CONTENT_INVALID', field: expect.stringMatching(/^content\./) });
    expect((await post('/api/v1/courses', admin.headers, { content: builtInCourses()[0] })).json().code).toBe('COURSES_CODE_RESERVED');
  });

  it('a clean tenant course is published only by a compliance officer other than its author, then debtors see it', async () => {
    const own = await post('/api/v1/courses', compliance.headers, { content: ownCourse('agency-basics') });
    const id = own.json().id;
    expect(own.json()).toMatchObject({ status: 'draft', version: 1, findings: [] });
    expect((await post(`/api/v1/courses/${id}/approve`, compliance.headers)).json().code).toBe('COURSES_TRANSITION');
    expect((await post(`/api/v1/courses/${id}/submit`, compliance.headers)).json().status).toBe('submitted');
    expect((await post(`/api/v1/courses/${id}/approve`, compliance.headers)).json().code).toBe('COURSES_SELF_APPROVAL');
    expect((await post(`/api/v1/courses/${id}/approve`, admin.headers)).statusCode).toBe(403);
    expect((await get('/api/v1/courses/portal', debtor.headers)).json().items.map((i: { course: { code: string } }) => i.course.code)).not.toContain('agency-basics');

    const mine = await post('/api/v1/courses', admin.headers, { content: ownCourse('agency-plan') });
    await post(`/api/v1/courses/${mine.json().id}/submit`, admin.headers);
    const approved = await post(`/api/v1/courses/${mine.json().id}/approve`, compliance.headers, { note: 'checked' });
    expect(approved.json()).toMatchObject({ status: 'published', decidedBy: compliance.body.user.id });
    expect((await get('/api/v1/courses/portal', debtor.headers)).json().items.map((i: { course: { code: string } }) => i.course.code)).toContain('agency-plan');
    // A second version replaces the first in the catalogue once published.
    const v2 = await post('/api/v1/courses', admin.headers, { content: ownCourse('agency-plan') });
    expect(v2.json().version).toBe(2);
    await post(`/api/v1/courses/${v2.json().id}/submit`, admin.headers);
    await post(`/api/v1/courses/${v2.json().id}/approve`, compliance.headers);
    const all = (await get('/api/v1/courses', collector.headers)).json().tenant as Array<{ code: string; version: number; status: string }>;
    expect(all.filter((c) => c.code === 'agency-plan').map((c) => [c.version, c.status])).toEqual([[2, 'published'], [1, 'retired']]);
  });

  it('analytics count real enrolments and suppress cells under the minimum', async () => {
    const a = (await get('/api/v1/courses/analytics', admin.headers)).json();
    expect(a.minCell).toBe(MIN_CELL);
    for (const c of a.courses) {
      if (c.enrolments !== null) expect(c.enrolments).toBeGreaterThanOrEqual(MIN_CELL);
      // A shown part leaves at least MIN_CELL people on each side.
      if (c.completed !== null) expect(Math.min(c.completed, c.enrolments - c.completed)).toBeGreaterThanOrEqual(MIN_CELL);
      if (c.completed === null) expect(c.completionRate).toBeNull();
    }
    // The demo seeds enrolments in every built-in course; tenant courses nobody took are suppressed.
    expect(a.courses.filter((c: { enrolments: number | null }) => c.enrolments !== null).length).toBeGreaterThanOrEqual(1);
    expect(a.courses.find((c: { code: string }) => c.code === 'agency-plan')?.enrolments ?? null).toBeNull();
    expect((await get('/api/v1/courses/analytics', debtor.headers)).statusCode).toBe(403);
  });
});
