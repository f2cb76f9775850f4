// Error codes of the courses module.
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const CoursesErrors = {
  COURSES_NOT_FOUND: { status: 404, title: 'No such course' },
  COURSES_CASE_NOT_FOUND: { status: 404, title: 'No such case for this debtor session' },
  COURSES_LESSON_NOT_FOUND: { status: 404, title: 'No such lesson in this course' },
  COURSES_QUIZ_NOT_FOUND: { status: 404, title: 'No such quiz in this course' },
  COURSES_NOT_ENROLLED: { status: 409, title: 'Start the course first' },
  COURSES_ANSWERS_INVALID: { status: 400, title: 'One answer is needed for every question, each the index of an option' },
  COURSES_NOT_COMPLETED: { status: 409, title: 'The course is not completed yet: every lesson read and every quiz passed' },
  COURSES_CONTENT_INVALID: { status: 400, title: 'The course file does not match the course schema' },
  COURSES_CONTENT_REFUSED: { status: 422, title: 'The course content failed screening (CRS-01 and the content rules)' },
  COURSES_CODE_RESERVED: { status: 409, title: 'This course code belongs to a built-in course' },
  COURSES_TRANSITION: { status: 409, title: 'The course cannot move to that state from its current one' },
  COURSES_SELF_APPROVAL: { status: 403, title: 'A course must be approved by a compliance officer other than its author' },
  COURSES_IMAGE_NOT_FOUND: { status: 404, title: 'No such image in the course library' },
} satisfies Record<string, ErrorSpec>;

export type CoursesErrorCode = keyof typeof CoursesErrors;
export const coursesError = errorFactory(CoursesErrors);
