// Courses module: credit-literacy and lawful credit-repair courses in the debtor portal (CRS-01..03). Built-in
// courses are files in content/courses; a tenant's own pass screening and a compliance officer's approval.
/** Fastify plugin: /api/v1/courses/* (portal catalogue, lessons, quizzes, certificate; tenant courses; analytics). */
export { coursesRoutes } from './routes.js';
/** The course file schema (content as data). */
export { CourseFile, courseTexts, courseMinutes, lessonIds, quizzesOf } from './course-file.js';
/** Built-in catalogue. builtInCourses throws on a malformed course file (start-up). */
export { builtInCourses, listCatalogue, CONTENT_DIR } from './catalogue.js';
/** CRS-01 promise screening plus the collection-content screening, over a whole course. */
export { screenCourse, findCreditRepairPromises, type CourseFinding } from './screen.js';
/** Portal use cases. Throw COURSES_CASE_NOT_FOUND, COURSES_NOT_FOUND, COURSES_NOT_ENROLLED, COURSES_LESSON_NOT_FOUND, COURSES_QUIZ_NOT_FOUND, COURSES_ANSWERS_INVALID, COURSES_NOT_COMPLETED. */
export { listMyCourses, getMyCourse, startCourse, completeLesson, answerQuiz, markQuiz, certificateFacts, type MyCourse, type Progress, type QuizResult } from './enrolments.js';
export { certificatePdf, certificateLayout } from './certificate.js';
/** Tenant courses: draft → submitted → published (compliance officer, not the author) → retired. Throw COURSES_CONTENT_*, COURSES_TRANSITION, COURSES_SELF_APPROVAL, COURSES_CODE_RESERVED. */
export { draftCourse, submitCourse, approveCourse, rejectCourse, retireCourse, listTenantCourses, parseCourseFile, type TenantCourse } from './tenant-courses.js';
/** Aggregate analytics with small cells suppressed (MIN_CELL). */
export { courseAnalytics, suppressCount, suppressPart, MIN_CELL, type CourseAnalytics } from './analytics.js';
/** Retention purge (PI-07): called by the privacy module. */
export { purgeCoursePersonalData } from './purge.js';
export { seedDemoCourses } from './demo.js';
export { CoursesErrors, type CoursesErrorCode } from './errors.js';
