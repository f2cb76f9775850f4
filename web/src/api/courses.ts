// Response types of the courses API (/api/v1/courses/*; server: src/modules/courses/routes.ts).

export interface Bilingual {
  zh: string;
  en: string;
}

export type Block =
  | { type: 'h' | 'p'; text: Bilingual }
  | { type: 'list'; ordered: boolean; items: Bilingual[] }
  | { type: 'note'; tone: 'info' | 'warning'; text: Bilingual }
  | { type: 'img'; src: string; alt: Bilingual };

export interface PortalCourse {
  code: string;
  version: number;
  audience: 'everyone' | 'individual' | 'business';
  title: Bilingual;
  summary: Bilingual;
  rules: string[];
  modules: Array<{
    id: string;
    title: Bilingual;
    lessons: Array<{ id: string; title: Bilingual; minutes: number; body: Block[] }>;
    quiz?: { id: string; passMark: number; questions: Array<{ id: string; prompt: Bilingual; options: Bilingual[] }> };
  }>;
}

export interface CourseProgress {
  enrolled: boolean;
  analyticsConsent: boolean;
  startedAt: string | null;
  completedAt: string | null;
  lessonsDone: string[];
  quizzes: Record<string, { correct: number; total: number; passed: boolean; attempts: number }>;
  status: 'not_started' | 'in_progress' | 'completed';
  fraction: number;
}

export interface MyCourse {
  course: PortalCourse;
  source: 'built_in' | 'tenant';
  minutes: number;
  recommended: boolean;
  progress: CourseProgress;
}

export interface QuizResult {
  correct: number;
  total: number;
  passed: boolean;
  passMark: number;
  questions: Array<{ id: string; chosen: number; answer: number; right: boolean; explanation: Bilingual }>;
  course: MyCourse;
}

export interface CourseFinding {
  path: string;
  lang: 'zh' | 'en';
  ruleId: string;
  matched: string;
  reason: string;
}

export interface TenantCourse {
  id: string;
  code: string;
  version: number;
  status: 'draft' | 'submitted' | 'published' | 'rejected' | 'retired';
  content: PortalCourse & { modules: Array<PortalCourse['modules'][number] & { quiz?: { questions: Array<{ answer: number; explanation: Bilingual }> } }> };
  findings: CourseFinding[];
  createdBy: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

export interface CourseAnalytics {
  minCell: number;
  courses: Array<{ code: string; title: Bilingual; enrolments: number | null; completed: number | null; completionRate: number | null; quizAttempts: number | null; quizPassRate: number | null }>;
  adherence: { consented: number | null; note: string; completedCourse: { people: number | null; onTrackRate: number | null }; notCompleted: { people: number | null; onTrackRate: number | null } };
}
