-- Privacy module (PI-01..PI-22): data-subject correction requests (PI-09), processing records and PIAs (PI-06),
-- retention settings, retention holds and the purge register (PI-07, COL-61).
CREATE SCHEMA privacy;
GRANT USAGE ON SCHEMA privacy TO recourse_app;
GRANT USAGE ON SCHEMA privacy TO recourse_regulator;

-- A debtor's request to correct a field (PIPL art 46). The proposed value is personal data: sealed (envelope
-- encryption) with a PI-22 masked copy for the review queue.
CREATE TABLE privacy.correction_requests (
  tenant_id            text        NOT NULL REFERENCES tenants.tenants (id),
  id                   text        NOT NULL,
  case_id              text        NOT NULL,
  debtor_id            text        NOT NULL,
  field                text        NOT NULL CHECK (field IN ('name', 'phone', 'email', 'address', 'employer')),
  proposed_value_enc   text        NOT NULL,
  proposed_value_masked text       NOT NULL,
  replaces_point_id    text,
  note                 text,
  requested_by         text        NOT NULL,
  status               text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected')),
  decided_by           text,
  decided_at           timestamptz,
  decision_note        text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE INDEX correction_requests_status ON privacy.correction_requests (tenant_id, status, created_at);
CREATE INDEX correction_requests_case ON privacy.correction_requests (tenant_id, case_id);

-- Records of processing activities (GB/T 35273 §11.3, PIPL art 56).
CREATE TABLE privacy.processing_activities (
  tenant_id          text        NOT NULL REFERENCES tenants.tenants (id),
  id                 text        NOT NULL,
  code               text        NOT NULL,
  name_zh            text        NOT NULL,
  name_en            text        NOT NULL,
  purpose            text        NOT NULL,
  legal_basis        text        NOT NULL,
  categories         jsonb       NOT NULL DEFAULT '[]',
  sensitive          boolean     NOT NULL DEFAULT false,
  recipients         text        NOT NULL,
  retention          text        NOT NULL,
  security_measures  text        NOT NULL,
  created_by         text        NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX processing_activities_code ON privacy.processing_activities (tenant_id, code);

-- Personal-information protection impact assessments (PI-06, PIPL art 55-56); kept >= 3 years, never deleted.
CREATE TABLE privacy.pias (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  activity_id   text        NOT NULL,
  assessed_on   date        NOT NULL,
  scope         text        NOT NULL,
  risks         text        NOT NULL,
  measures      text        NOT NULL,
  conclusion    text        NOT NULL CHECK (conclusion IN ('acceptable', 'acceptable_with_measures', 'not_acceptable')),
  approver      text        NOT NULL,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, activity_id) REFERENCES privacy.processing_activities (tenant_id, id)
);

-- Retention period per tenant (days after a case closes); absent = the COL-61 default of 5 years.
CREATE TABLE privacy.retention_settings (
  tenant_id       text        NOT NULL REFERENCES tenants.tenants (id),
  retention_days  integer     NOT NULL CHECK (retention_days BETWEEN 0 AND 36500),
  updated_by      text        NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- Holds that keep a closed case's personal data past its retention date (litigation, regulator request).
CREATE TABLE privacy.retention_holds (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  case_id       text        NOT NULL,
  reason        text        NOT NULL,
  placed_by     text        NOT NULL,
  placed_at     timestamptz NOT NULL DEFAULT now(),
  released_by   text,
  released_at   timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX retention_holds_case ON privacy.retention_holds (tenant_id, case_id);

-- The purge register: one row per purged debtor (ids and counts only). Append-only.
CREATE TABLE privacy.purges (
  tenant_id         text        NOT NULL REFERENCES tenants.tenants (id),
  id                text        NOT NULL,
  debtor_id         text        NOT NULL,
  case_ids          jsonb       NOT NULL,
  retention_days    integer     NOT NULL,
  contact_points    integer     NOT NULL,
  related_parties   integer     NOT NULL,
  evidence_seq      bigint,
  purged_by         text        NOT NULL,
  purged_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX purges_debtor ON privacy.purges (tenant_id, debtor_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['correction_requests', 'processing_activities', 'pias', 'retention_settings', 'retention_holds', 'purges'] LOOP
    EXECUTE format('ALTER TABLE privacy.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE privacy.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON privacy.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
  END LOOP;
END $$;
-- The regulator reads processing records and PIAs (PI-06) across tenants; nothing else.
CREATE POLICY regulator_read ON privacy.processing_activities FOR SELECT TO recourse_regulator USING (true);
CREATE POLICY regulator_read ON privacy.pias FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT ON privacy.processing_activities, privacy.pias TO recourse_regulator;

GRANT SELECT, INSERT ON privacy.correction_requests TO recourse_app;
GRANT UPDATE (status, decided_by, decided_at, decision_note) ON privacy.correction_requests TO recourse_app;
GRANT SELECT, INSERT, UPDATE ON privacy.processing_activities TO recourse_app;
GRANT SELECT, INSERT ON privacy.pias TO recourse_app;
GRANT SELECT, INSERT, UPDATE ON privacy.retention_settings TO recourse_app;
GRANT SELECT, INSERT ON privacy.retention_holds TO recourse_app;
GRANT UPDATE (released_by, released_at) ON privacy.retention_holds TO recourse_app;
GRANT SELECT, INSERT ON privacy.purges TO recourse_app;
