-- Documents (DOC-01..13): tenant template versions and generated documents. Both append-only: a tenant edit or a
-- restore of the shipped template is a new version row; a generated document is never changed (its bytes live in
-- evidence.files, addressed by digest, and its generation is an evidence-log leaf).
CREATE SCHEMA documents;
GRANT USAGE ON SCHEMA documents TO recourse_app;

CREATE TABLE documents.templates (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  kind         text        NOT NULL CHECK (kind ~ '^[a-z_]{3,40}$'),
  version      integer     NOT NULL CHECK (version >= 1),
  source       text        NOT NULL CHECK (source IN ('tenant', 'shipped')),
  body         jsonb       NOT NULL,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, kind, version)
);
ALTER TABLE documents.templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents.templates
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON documents.templates TO recourse_app;

CREATE TABLE documents.generated (
  tenant_id         text        NOT NULL REFERENCES tenants.tenants (id),
  id                text        NOT NULL,
  kind              text        NOT NULL CHECK (kind ~ '^[a-z_]{3,40}$'),
  case_id           text,
  template_version  integer     NOT NULL,
  template_source   text        NOT NULL CHECK (template_source IN ('tenant', 'shipped')),
  format            text        NOT NULL CHECK (format IN ('docx', 'pdf')),
  sha256            text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  sm3               text        NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  size_bytes        integer     NOT NULL CHECK (size_bytes > 0),
  snapshot          jsonb       NOT NULL,
  total_fen         bigint,
  evidence_leaf     bigint,
  created_by        text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX generated_case ON documents.generated (tenant_id, case_id, created_at);
ALTER TABLE documents.generated ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.generated FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents.generated
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON documents.generated TO recourse_app;
