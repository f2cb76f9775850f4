-- Risk model registry (COL-85 / PIPL art 24): immutable model versions with metrics, data hash, who and when;
-- per-tenant champion/challenger deployment with its change log; every case score with its model version and
-- reason codes (append-only, so an explanation can always be reproduced); human-review requests.
CREATE SCHEMA risk;
GRANT USAGE ON SCHEMA risk TO recourse_app, recourse_platform, recourse_regulator;

CREATE TABLE risk.model_versions (
  tenant_id          text        NOT NULL REFERENCES tenants.tenants (id),
  version            text        NOT NULL CHECK (version ~ '^[a-z]+-[0-9]{14}-[0-9a-f]{8}$'),
  kind               text        NOT NULL CHECK (kind IN ('gbdt', 'scorecard')),
  target             text        NOT NULL,
  data_sha256        text        NOT NULL CHECK (data_sha256 ~ '^[0-9a-f]{64}$'),
  training_rows      integer     NOT NULL CHECK (training_rows > 0),
  feature_names      text[]      NOT NULL,
  excluded_protected text[]      NOT NULL DEFAULT '{}',
  metrics            jsonb,
  bundle             jsonb       NOT NULL,
  model_card         text        NOT NULL,
  trained_by         text        NOT NULL,
  trained_at         timestamptz NOT NULL,
  registered_by      text        NOT NULL,
  registered_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

-- Current champion/challenger per tenant. Cases are split by a salted hash of the case id (stable per case).
CREATE TABLE risk.deployments (
  tenant_id            text        NOT NULL REFERENCES tenants.tenants (id),
  champion_version     text        NOT NULL,
  challenger_version   text,
  challenger_share_bps integer     NOT NULL DEFAULT 0 CHECK (challenger_share_bps BETWEEN 0 AND 10000),
  salt                 text        NOT NULL,
  updated_by           text        NOT NULL,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id),
  FOREIGN KEY (tenant_id, champion_version) REFERENCES risk.model_versions (tenant_id, version),
  FOREIGN KEY (tenant_id, challenger_version) REFERENCES risk.model_versions (tenant_id, version),
  CHECK (challenger_version IS NULL OR challenger_version <> champion_version),
  CHECK (challenger_version IS NOT NULL OR challenger_share_bps = 0)
);

-- Append-only history of deployment changes.
CREATE TABLE risk.deployment_events (
  tenant_id            text        NOT NULL,
  id                   text        NOT NULL,
  champion_version     text        NOT NULL,
  challenger_version   text,
  challenger_share_bps integer     NOT NULL,
  reason               text        NOT NULL,
  changed_by           text        NOT NULL,
  changed_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Append-only: every score given to a case, with the model version, arm and reason codes.
CREATE TABLE risk.case_scores (
  tenant_id     text             NOT NULL,
  id            text             NOT NULL,
  case_id       text             NOT NULL,
  model_version text             NOT NULL,
  arm           text             NOT NULL CHECK (arm IN ('champion', 'challenger')),
  pd            double precision NOT NULL CHECK (pd >= 0 AND pd <= 1),
  points        integer,
  reasons       jsonb            NOT NULL,
  scored_at     timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, model_version) REFERENCES risk.model_versions (tenant_id, version)
);
CREATE INDEX case_scores_case ON risk.case_scores (tenant_id, case_id, scored_at);

-- Requests for explanation / human review of an automated proposal (PIPL art 24).
CREATE TABLE risk.review_requests (
  tenant_id      text        NOT NULL,
  id             text        NOT NULL,
  case_id        text        NOT NULL,
  score_id       text,
  requester_kind text        NOT NULL CHECK (requester_kind IN ('debtor', 'staff')),
  requested_by   text        NOT NULL,
  reason         text        NOT NULL,
  status         text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution     text,
  resolved_by    text,
  resolved_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, score_id) REFERENCES risk.case_scores (tenant_id, id),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolution IS NOT NULL AND resolved_by IS NOT NULL))
);
CREATE INDEX review_requests_open ON risk.review_requests (tenant_id, status, created_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['model_versions', 'deployments', 'deployment_events', 'case_scores', 'review_requests'] LOOP
    EXECUTE format('ALTER TABLE risk.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE risk.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON risk.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('CREATE POLICY regulator_read ON risk.%I FOR SELECT TO recourse_regulator USING (true)', t);
    EXECUTE format('GRANT SELECT ON risk.%I TO recourse_regulator', t);
  END LOOP;
END $$;
-- append-only tables: SELECT, INSERT only
GRANT SELECT, INSERT ON risk.model_versions, risk.deployment_events, risk.case_scores TO recourse_app;
GRANT SELECT, INSERT, UPDATE ON risk.deployments TO recourse_app;
GRANT SELECT, INSERT ON risk.review_requests TO recourse_app;
GRANT UPDATE (status, resolution, resolved_by, resolved_at) ON risk.review_requests TO recourse_app;
