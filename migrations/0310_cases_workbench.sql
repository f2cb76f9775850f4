-- The collector's workbench around a case: saved list views, notes (sealed), attachments (bytes in the evidence
-- store), touches with outcome codes (on the timeline), SLA alerts (idempotent), HTTP imports with progress,
-- creditor-user links for the creditor portal, hand-offs, inter-agency transfers and the platform placement
-- registry that refuses the same debt active in two agencies (COL-73).

CREATE TABLE cases.case_views (
  tenant_id  text        NOT NULL,
  id         text        NOT NULL,
  owner_id   text        NOT NULL,
  name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  filters    jsonb       NOT NULL DEFAULT '{}'::jsonb,
  shared     boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX case_views_owner ON cases.case_views (tenant_id, owner_id);

-- Free-text notes may contain personal data: the text is sealed (field encryption), never stored in clear.
CREATE TABLE cases.notes (
  tenant_id  text        NOT NULL,
  id         text        NOT NULL,
  case_id    text        NOT NULL,
  author_id  text,
  text_enc   text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);
CREATE INDEX notes_case ON cases.notes (tenant_id, case_id, created_at);

-- Attachments: bytes are stored write-once in evidence.files (by SHA-256) with a leaf in the evidence log.
CREATE TABLE cases.attachments (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  case_id     text        NOT NULL,
  file_name   text        NOT NULL,
  media_type  text        NOT NULL,
  size        bigint      NOT NULL CHECK (size >= 0),
  sha256      text        NOT NULL,
  evidence_seq bigint,
  uploaded_by text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);
CREATE INDEX attachments_case ON cases.attachments (tenant_id, case_id, created_at);

-- One alert per case and SLA status: the breach job may run any number of times.
CREATE TABLE cases.sla_alerts (
  tenant_id  text        NOT NULL,
  case_id    text        NOT NULL,
  status     text        NOT NULL CHECK (status IN ('at_risk', 'breached')),
  task_id    text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, case_id, status),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);

-- Imports started over HTTP, run as a job; the uploaded file and the rejected rows are sealed.
CREATE TABLE cases.imports (
  tenant_id     text        NOT NULL,
  id            text        NOT NULL,
  creditor_id   text        NOT NULL,
  mode          text        NOT NULL CHECK (mode IN ('dry_run', 'all_or_nothing', 'valid_only')),
  status        text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'rejected')),
  file_name     text        NOT NULL,
  file_kind     text        NOT NULL CHECK (file_kind IN ('csv', 'xlsx')),
  file_enc      text,
  mapping       jsonb       NOT NULL,
  total         integer,
  processed     integer     NOT NULL DEFAULT 0,
  inserted      integer     NOT NULL DEFAULT 0,
  duplicates    integer     NOT NULL DEFAULT 0,
  error_count   integer     NOT NULL DEFAULT 0,
  errors        jsonb       NOT NULL DEFAULT '[]'::jsonb,
  rejected_enc  text,
  failure       text,
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, creditor_id) REFERENCES cases.creditors (tenant_id, id)
);

-- Which creditor(s) a creditor-role user represents (the creditor portal shows only these).
CREATE TABLE cases.creditor_users (
  tenant_id   text NOT NULL,
  user_id     text NOT NULL,
  creditor_id text NOT NULL,
  PRIMARY KEY (tenant_id, user_id, creditor_id),
  FOREIGN KEY (tenant_id, creditor_id) REFERENCES cases.creditors (tenant_id, id)
);

-- Hand-offs of a case: to the legal track, to a lawyer, or to another agency (with a transfer).
CREATE TABLE cases.handoffs (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  case_id     text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('legal_track', 'lawyer', 'agency')),
  target      text,
  reason      text        NOT NULL,
  actor_id    text,
  at          timestamptz NOT NULL,
  transfer_id text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);
CREATE INDEX handoffs_case ON cases.handoffs (tenant_id, case_id, at);

-- Inter-agency transfers: visible to the sending and the receiving tenant only. The package (case, debt, debtor,
-- timeline, evidence digest) is sealed; its SHA-256 digest is kept in clear for both sides to compare.
CREATE TABLE cases.transfers (
  id               text        PRIMARY KEY,
  from_tenant_id   text        NOT NULL REFERENCES tenants.tenants (id),
  from_case_id     text        NOT NULL,
  to_tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  debt_key         text,
  package_enc      text        NOT NULL,
  package_digest   text        NOT NULL,
  summary          jsonb       NOT NULL,
  status           text        NOT NULL CHECK (status IN ('pending', 'accepted')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  accepted_at      timestamptz,
  accepted_case_id text,
  CHECK (from_tenant_id <> to_tenant_id)
);
CREATE INDEX transfers_to ON cases.transfers (to_tenant_id, status);
ALTER TABLE cases.transfers ENABLE ROW LEVEL SECURITY;
ALTER TABLE cases.transfers FORCE ROW LEVEL SECURITY;
CREATE POLICY transfer_parties ON cases.transfers TO recourse_app
  USING (from_tenant_id = current_setting('app.tenant_id', true) OR to_tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (from_tenant_id = current_setting('app.tenant_id', true) OR to_tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE ON cases.transfers TO recourse_app;

-- COL-73 platform registry: one active placement per debt across all agencies. The key is a blind index of the
-- creditor's unified social credit code and the folded contract number (no personal data). Tenants never read it;
-- they claim and release through the two SECURITY DEFINER functions below, which act for the caller's tenant only.
CREATE TABLE cases.placement_registry (
  debt_key    text        NOT NULL,
  tenant_id   text        NOT NULL,
  case_id     text        NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  PRIMARY KEY (tenant_id, case_id)
);
CREATE UNIQUE INDEX placement_registry_active ON cases.placement_registry (debt_key) WHERE released_at IS NULL;
REVOKE ALL ON cases.placement_registry FROM PUBLIC;
GRANT SELECT ON cases.placement_registry TO recourse_platform;

-- Returns NULL when the claim succeeded (or the caller already holds it), else the tenant id holding the debt.
CREATE FUNCTION cases.claim_placement(p_key text, p_case text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cases AS $$
DECLARE
  me text := current_setting('app.tenant_id', true);
  holder text;
BEGIN
  IF me IS NULL OR me = '' THEN RAISE EXCEPTION 'no tenant' USING ERRCODE = '42501'; END IF;
  SELECT tenant_id INTO holder FROM cases.placement_registry WHERE debt_key = p_key AND released_at IS NULL FOR UPDATE;
  IF holder IS NOT NULL THEN
    IF holder = me THEN RETURN NULL; END IF;
    RETURN holder;
  END IF;
  INSERT INTO cases.placement_registry (debt_key, tenant_id, case_id) VALUES (p_key, me, p_case)
    ON CONFLICT (tenant_id, case_id) DO UPDATE SET debt_key = EXCLUDED.debt_key, released_at = NULL, claimed_at = now();
  RETURN NULL;
END $$;

CREATE FUNCTION cases.release_placement(p_case text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cases AS $$
BEGIN
  UPDATE cases.placement_registry SET released_at = now()
    WHERE tenant_id = current_setting('app.tenant_id', true) AND case_id = p_case AND released_at IS NULL;
END $$;

REVOKE ALL ON FUNCTION cases.claim_placement(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION cases.release_placement(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cases.claim_placement(text, text) TO recourse_app;
GRANT EXECUTE ON FUNCTION cases.release_placement(text) TO recourse_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['case_views', 'notes', 'attachments', 'sla_alerts', 'imports', 'creditor_users', 'handoffs'] LOOP
    EXECUTE format('ALTER TABLE cases.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE cases.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON cases.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON cases.case_views, cases.creditor_users TO recourse_app;
GRANT SELECT, INSERT ON cases.notes, cases.attachments, cases.sla_alerts, cases.handoffs TO recourse_app;
GRANT SELECT, INSERT, UPDATE ON cases.imports TO recourse_app;
