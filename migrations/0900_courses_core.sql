-- Courses module (CRS-01..03): credit-literacy courses in the debtor portal. Built-in courses are files in the
-- repository (content/courses); a tenant's own courses live here and go through screening and a compliance
-- officer's approval before they are published. Enrolments, lesson progress and quiz attempts belong to a case
-- (the debtor portal signs in per case reference).
CREATE SCHEMA courses;
GRANT USAGE ON SCHEMA courses TO recourse_app;

-- A tenant's own course, one row per version. `content` is a course file (the same zod schema as the built-in ones).
CREATE TABLE courses.tenant_courses (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  code          text        NOT NULL,
  version       integer     NOT NULL CHECK (version > 0),
  content       jsonb       NOT NULL,
  status        text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'published', 'rejected', 'retired')),
  screening     jsonb       NOT NULL DEFAULT '[]',
  created_by    text        NOT NULL,
  submitted_at  timestamptz,
  decided_by    text,
  decided_at    timestamptz,
  decision_note text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code, version)
);
-- At most one published version of a code at a time.
CREATE UNIQUE INDEX tenant_courses_published ON courses.tenant_courses (tenant_id, code) WHERE status = 'published';

-- A debtor taking a course for one case. `course_version` pins what they took (a later version is a new course run).
CREATE TABLE courses.enrolments (
  tenant_id          text        NOT NULL REFERENCES tenants.tenants (id),
  id                 text        NOT NULL,
  case_id            text        NOT NULL,
  course_code        text        NOT NULL,
  course_version     integer     NOT NULL,
  analytics_consent  boolean     NOT NULL DEFAULT false,
  started_at         timestamptz NOT NULL DEFAULT now(),
  completed_at       timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, case_id, course_code),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);

CREATE TABLE courses.lesson_progress (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  enrolment_id  text        NOT NULL,
  lesson_id     text        NOT NULL,
  completed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, enrolment_id, lesson_id),
  FOREIGN KEY (tenant_id, enrolment_id) REFERENCES courses.enrolments (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE courses.quiz_attempts (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  enrolment_id  text        NOT NULL,
  quiz_id       text        NOT NULL,
  answers       jsonb       NOT NULL,
  correct       integer     NOT NULL CHECK (correct >= 0),
  total         integer     NOT NULL CHECK (total > 0 AND correct <= total),
  passed        boolean     NOT NULL,
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, enrolment_id) REFERENCES courses.enrolments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX quiz_attempts_enrolment ON courses.quiz_attempts (tenant_id, enrolment_id, quiz_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenant_courses', 'enrolments', 'lesson_progress', 'quiz_attempts'] LOOP
    EXECUTE format('ALTER TABLE courses.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE courses.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON courses.%I
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON courses.tenant_courses TO recourse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON courses.enrolments TO recourse_app;
GRANT SELECT, INSERT, DELETE ON courses.lesson_progress TO recourse_app;
GRANT SELECT, INSERT, DELETE ON courses.quiz_attempts TO recourse_app;
