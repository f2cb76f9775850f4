-- Compliance: tenant rule configuration (versioned, every change kept), the contact-attempt decision log, holds,
-- suppressions, quiet-hours consents, holidays, script templates with versions/approvals/usage, complaints with the
-- COL-80 15-day SLA, and recording metadata (COL-60..62). debtor_id / case_id are not foreign keys yet (the gate
-- must also log refusals for debtors being imported); they carry the debtors/cases module ids.
CREATE SCHEMA compliance;
GRANT USAGE ON SCHEMA compliance TO recourse_app, recourse_regulator;

-- One row per change of a tenant's rule configuration; the highest version is current (append-only = audit trail).
CREATE TABLE compliance.rule_configs (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  version       integer     NOT NULL CHECK (version > 0),
  jurisdiction  text        NOT NULL CHECK (jurisdiction IN ('CN', 'US')),
  rule_set_id   text        NOT NULL,
  overrides     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  changed_by    text        NOT NULL,
  reason        text,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

-- Every gate decision, allowed or denied (COL-60 traceability). Outcome is filled in after the contact happens.
CREATE TABLE compliance.contact_attempts (
  tenant_id               text        NOT NULL REFERENCES tenants.tenants (id),
  id                      text        NOT NULL,
  debtor_id               text        NOT NULL,
  case_id                 text,
  channel                 text        NOT NULL CHECK (channel IN ('voice_agent', 'voice_automated', 'sms', 'im', 'email', 'letter', 'portal', 'field_visit')),
  target_kind             text        NOT NULL CHECK (target_kind IN ('debtor', 'third_party')),
  third_party_contact_id  text,
  contact_point_id        text,
  attempted_at            timestamptz NOT NULL,
  decision                text        NOT NULL CHECK (decision IN ('allow', 'deny')),
  fired                   jsonb       NOT NULL DEFAULT '[]'::jsonb,
  rule_ids                text[]      NOT NULL DEFAULT '{}',
  rule_set_id             text        NOT NULL,
  next_allowed_at         timestamptz,
  template_id             text,
  template_version        integer,
  content_hash            text,
  actor_id                text,
  outcome                 text        CHECK (outcome IN ('answered', 'unanswered', 'delivered', 'failed', 'visited', 'refused')),
  outcome_at              timestamptz,
  created_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX contact_attempts_debtor ON compliance.contact_attempts (tenant_id, debtor_id, attempted_at);

CREATE TABLE compliance.holds (
  tenant_id   text        NOT NULL REFERENCES tenants.tenants (id),
  id          text        NOT NULL,
  debtor_id   text        NOT NULL,
  case_id     text,
  kind        text        NOT NULL CHECK (kind IN ('dispute', 'complaint', 'cease_contact', 'legal_representation', 'deceased', 'minor')),
  since       timestamptz NOT NULL DEFAULT now(),
  until       timestamptz,
  lifted_at   timestamptz,
  lifted_by   text,
  reason      text,
  created_by  text        NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX holds_debtor ON compliance.holds (tenant_id, debtor_id);

-- Permanent (COL-32) third-party refusals, unusable contact points, and debtor channel opt-outs.
CREATE TABLE compliance.suppressions (
  tenant_id         text        NOT NULL REFERENCES tenants.tenants (id),
  id                text        NOT NULL,
  debtor_id         text        NOT NULL,
  contact_id        text,
  contact_point_id  text,
  channel           text,
  rule_id           text        NOT NULL,
  reason            text,
  created_by        text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (contact_id IS NOT NULL OR contact_point_id IS NOT NULL OR channel IS NOT NULL)
);
CREATE INDEX suppressions_debtor ON compliance.suppressions (tenant_id, debtor_id);

CREATE TABLE compliance.quiet_hours_consents (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  debtor_id     text        NOT NULL,
  granted_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  recording_id  text,
  channel       text        NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE compliance.holidays (
  tenant_id  text NOT NULL REFERENCES tenants.tenants (id),
  day        date NOT NULL,
  name       text NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

CREATE TABLE compliance.templates (
  tenant_id      text        NOT NULL REFERENCES tenants.tenants (id),
  id             text        NOT NULL,
  version        integer     NOT NULL CHECK (version > 0),
  state          text        NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'filed', 'retired')),
  content        jsonb       NOT NULL,
  author_id      text        NOT NULL,
  approved_by    text,
  approved_at    timestamptz,
  filing_number  text,
  usage_count    bigint      NOT NULL DEFAULT 0,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id, version),
  CHECK (state NOT IN ('approved', 'filed') OR approved_by IS NOT NULL),
  CHECK (state <> 'filed' OR filing_number IS NOT NULL)
);

CREATE TABLE compliance.template_transitions (
  tenant_id    text        NOT NULL,
  template_id  text        NOT NULL,
  version      integer     NOT NULL,
  seq          integer     NOT NULL,
  from_state   text        NOT NULL,
  to_state     text        NOT NULL,
  by_user      text        NOT NULL,
  at           timestamptz NOT NULL,
  note         text,
  PRIMARY KEY (tenant_id, template_id, version, seq),
  FOREIGN KEY (tenant_id, template_id, version) REFERENCES compliance.templates (tenant_id, id, version)
);

-- COL-80: a decision within 15 days (extendable); due_at is set at intake.
CREATE TABLE compliance.complaints (
  tenant_id       text        NOT NULL REFERENCES tenants.tenants (id),
  id              text        NOT NULL,
  debtor_id       text        NOT NULL,
  case_id         text,
  channel         text        NOT NULL,
  summary         text        NOT NULL,
  received_at     timestamptz NOT NULL,
  due_at          timestamptz NOT NULL,
  extended_until  timestamptz,
  status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'escalated', 'closed')),
  answered_at     timestamptz,
  answer          text,
  PRIMARY KEY (tenant_id, id),
  CHECK (due_at > received_at)
);
CREATE INDEX complaints_due ON compliance.complaints (tenant_id, status, due_at);

-- COL-60..62: recording metadata (the audio lives in object storage, addressed by storage_key + sha256).
CREATE TABLE compliance.recordings (
  tenant_id             text        NOT NULL REFERENCES tenants.tenants (id),
  id                    text        NOT NULL,
  attempt_id            text        NOT NULL,
  storage_key           text        NOT NULL,
  sha256                text        NOT NULL,
  duration_seconds      integer     NOT NULL CHECK (duration_seconds >= 0),
  started_at            timestamptz NOT NULL,
  announced_recording   boolean     NOT NULL,
  retain_until          timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, attempt_id) REFERENCES compliance.contact_attempts (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['rule_configs', 'contact_attempts', 'holds', 'suppressions', 'quiet_hours_consents', 'holidays',
                           'templates', 'template_transitions', 'complaints', 'recordings'] LOOP
    EXECUTE format('ALTER TABLE compliance.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE compliance.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON compliance.%I
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    -- COL-80: the regulator role reads every contact log read-only.
    EXECUTE format('CREATE POLICY regulator_read ON compliance.%I FOR SELECT TO recourse_regulator USING (true)', t);
  END LOOP;
END $$;

-- Append-only: config history, suppressions (permanent), transitions.
GRANT SELECT, INSERT ON compliance.rule_configs, compliance.suppressions, compliance.template_transitions TO recourse_app;
-- The decision log: only the outcome may be filled in later.
GRANT SELECT, INSERT ON compliance.contact_attempts TO recourse_app;
GRANT UPDATE (outcome, outcome_at) ON compliance.contact_attempts TO recourse_app;
GRANT SELECT, INSERT, UPDATE ON compliance.holds, compliance.quiet_hours_consents, compliance.templates, compliance.complaints TO recourse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON compliance.holidays TO recourse_app;
GRANT SELECT, INSERT ON compliance.recordings TO recourse_app;
GRANT SELECT ON ALL TABLES IN SCHEMA compliance TO recourse_regulator;
