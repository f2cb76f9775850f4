-- Risk workflow (issue 8): bank statements imported per debtor, feature snapshots per case (batch and on demand),
-- background runs (model training on the demo data, batch feature computation) with progress, evaluation charts
-- and the training reference sample of each model version (for PSI drift), creditor settlement policies (the
-- discount floor a plan must stay within) and collection-plan proposals with the person's decision (COL-85).
CREATE TABLE risk.bank_statements (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  id           text        NOT NULL,
  debtor_id    text        NOT NULL,
  case_id      text        NOT NULL,
  file_sha256  text        NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  -- parsed transactions only: date, amount (fen, as text), balance, category; no free-text descriptions are kept
  transactions jsonb       NOT NULL,
  tx_count     integer     NOT NULL CHECK (tx_count >= 0),
  imported_by  text        NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX bank_statements_debtor ON risk.bank_statements (tenant_id, debtor_id, imported_at);

CREATE TABLE risk.case_features (
  tenant_id   text        NOT NULL REFERENCES tenants.tenants (id),
  case_id     text        NOT NULL,
  as_of       date        NOT NULL,
  features    jsonb       NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, case_id)
);

CREATE TABLE risk.runs (
  tenant_id   text        NOT NULL REFERENCES tenants.tenants (id),
  id          text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('train', 'features')),
  status      text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  params      jsonb       NOT NULL DEFAULT '{}',
  total       integer     NOT NULL DEFAULT 0,
  processed   integer     NOT NULL DEFAULT 0,
  stage       text        NOT NULL DEFAULT 'queued',
  result      jsonb,
  error       text,
  created_by  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE risk.model_charts (
  tenant_id text  NOT NULL,
  version   text  NOT NULL,
  charts    jsonb NOT NULL,
  reference jsonb NOT NULL,
  PRIMARY KEY (tenant_id, version),
  FOREIGN KEY (tenant_id, version) REFERENCES risk.model_versions (tenant_id, version)
);

CREATE TABLE risk.creditor_policies (
  tenant_id             text        NOT NULL REFERENCES tenants.tenants (id),
  creditor_id           text        NOT NULL,
  max_discount_bps      integer     NOT NULL CHECK (max_discount_bps BETWEEN 0 AND 10000),
  allow_legal_action    boolean     NOT NULL,
  min_legal_balance_fen bigint      NOT NULL CHECK (min_legal_balance_fen >= 0),
  updated_by            text        NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, creditor_id)
);

CREATE TABLE risk.plans (
  tenant_id     text        NOT NULL,
  id            text        NOT NULL,
  case_id       text        NOT NULL,
  score_id      text        NOT NULL,
  plan          jsonb       NOT NULL,
  status        text        NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
  decision_note text,
  decided_by    text,
  decided_at    timestamptz,
  proposed_by   text        NOT NULL,
  proposed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, score_id) REFERENCES risk.case_scores (tenant_id, id),
  CHECK ((status = 'proposed') = (decided_at IS NULL))
);
CREATE INDEX plans_case ON risk.plans (tenant_id, case_id, proposed_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['bank_statements', 'case_features', 'runs', 'model_charts', 'creditor_policies', 'plans'] LOOP
    EXECUTE format('ALTER TABLE risk.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE risk.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON risk.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('CREATE POLICY regulator_read ON risk.%I FOR SELECT TO recourse_regulator USING (true)', t);
    EXECUTE format('GRANT SELECT ON risk.%I TO recourse_regulator', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT ON risk.bank_statements, risk.model_charts TO recourse_app;
GRANT SELECT, INSERT, UPDATE ON risk.case_features, risk.runs, risk.creditor_policies TO recourse_app;
GRANT SELECT, INSERT ON risk.plans TO recourse_app;
GRANT UPDATE (status, decision_note, decided_by, decided_at) ON risk.plans TO recourse_app;
