-- Compliance operations (issue 5): complaints tied to case holds (COL-80, COL-35), call-recording transcripts with
-- screening hits and retention status (COL-60..62), and campaign plans (planned day, skipped cases with reasons).

ALTER TABLE compliance.complaints
  ADD COLUMN kind         text NOT NULL DEFAULT 'complaint' CHECK (kind IN ('complaint', 'dispute')),
  ADD COLUMN case_hold_id text,
  ADD COLUMN created_by   text,
  ADD COLUMN answered_by  text;

ALTER TABLE compliance.recordings
  ADD COLUMN case_id           text,
  ADD COLUMN media_type        text,
  ADD COLUMN size_bytes        bigint,
  ADD COLUMN transcript        text,
  ADD COLUMN transcript_hits   jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN legal_hold        boolean NOT NULL DEFAULT false,
  ADD COLUMN retention_status  text NOT NULL DEFAULT 'retained' CHECK (retention_status IN ('retained', 'expired_on_hold', 'expired')),
  ADD COLUMN uploaded_by       text;
-- Bytes stay write-once in evidence.files; only these columns change after upload.
GRANT UPDATE (transcript, transcript_hits, legal_hold, retention_status) ON compliance.recordings TO recourse_app;

CREATE TABLE compliance.campaigns (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  name          text        NOT NULL,
  channel       text        NOT NULL,
  template_id   text        NOT NULL,
  day           date        NOT NULL,
  time_zone     text        NOT NULL,
  filters       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  planned       jsonb       NOT NULL DEFAULT '[]'::jsonb,
  skipped       jsonb       NOT NULL DEFAULT '[]'::jsonb,
  status        text        NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'done')),
  sent          integer     NOT NULL DEFAULT 0,
  refused       integer     NOT NULL DEFAULT 0,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE compliance.campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE compliance.campaigns FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON compliance.campaigns
  USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY regulator_read ON compliance.campaigns FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT, INSERT, UPDATE ON compliance.campaigns TO recourse_app;
GRANT SELECT ON compliance.campaigns TO recourse_regulator;
CREATE INDEX contact_attempts_case ON compliance.contact_attempts (tenant_id, case_id, attempted_at);
CREATE INDEX recordings_case ON compliance.recordings (tenant_id, case_id);
