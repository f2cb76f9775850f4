-- Documents: batch generation (a job with progress) and electronic signing of agreements from the debtor portal.
-- Generated documents remember the batch that made them; signatures are append-only and bind the document digest.
ALTER TABLE documents.generated ADD COLUMN batch_id text;
CREATE INDEX generated_batch ON documents.generated (tenant_id, batch_id) WHERE batch_id IS NOT NULL;

CREATE TABLE documents.batches (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  id           text        NOT NULL,
  kind         text        NOT NULL CHECK (kind ~ '^[a-z_]{3,40}$'),
  format       text        NOT NULL CHECK (format IN ('docx', 'pdf')),
  case_ids     text[]      NOT NULL,
  overrides    jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status       text        NOT NULL CHECK (status IN ('queued', 'running', 'finished')),
  done         integer     NOT NULL DEFAULT 0,
  failed       jsonb       NOT NULL DEFAULT '[]'::jsonb,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE documents.batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.batches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents.batches
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE ON documents.batches TO recourse_app;

-- One-time signing codes (only the SHA-256 of document id + code is stored), bounded attempts.
CREATE TABLE documents.sign_challenges (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  id           text        NOT NULL,
  document_id  text        NOT NULL,
  code_hash    text        NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  expires_at   timestamptz NOT NULL,
  attempts     integer     NOT NULL DEFAULT 0,
  used_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sign_challenges_doc ON documents.sign_challenges (tenant_id, document_id, created_at);
ALTER TABLE documents.sign_challenges ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.sign_challenges FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents.sign_challenges
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE ON documents.sign_challenges TO recourse_app;

CREATE TABLE documents.signatures (
  tenant_id       text        NOT NULL REFERENCES tenants.tenants (id),
  id              text        NOT NULL,
  document_id     text        NOT NULL,
  document_sha256 text        NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  signer_role     text        NOT NULL CHECK (signer_role IN ('debtor')),
  signer_ref      text        NOT NULL,
  method          text        NOT NULL,
  ip              text        NOT NULL,
  signed_at       timestamptz NOT NULL DEFAULT now(),
  evidence_leaf   bigint      NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, document_id, signer_role)
);
ALTER TABLE documents.signatures ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.signatures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents.signatures
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON documents.signatures TO recourse_app;
