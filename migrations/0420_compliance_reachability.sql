-- COL-31 reachability: staff marks that a debtor is out of contact (or lacks civil capacity), each with a reason and
-- who made it; clearing a mark keeps the row (the history is the audit). Numbers found invalid are kept as
-- compliance.suppressions rows with rule_id 'COL-31'.
CREATE TABLE compliance.reachability_marks (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  debtor_id     text        NOT NULL,
  case_id       text,
  kind          text        NOT NULL CHECK (kind IN ('out_of_contact', 'incapacitated')),
  reason        text        NOT NULL CHECK (length(reason) >= 5),
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  cleared_at    timestamptz,
  cleared_by    text,
  clear_reason  text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX reachability_marks_debtor ON compliance.reachability_marks (tenant_id, debtor_id);
ALTER TABLE compliance.reachability_marks ENABLE ROW LEVEL SECURITY;
ALTER TABLE compliance.reachability_marks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON compliance.reachability_marks
  USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY regulator_read ON compliance.reachability_marks FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT, INSERT ON compliance.reachability_marks TO recourse_app;
GRANT UPDATE (cleared_at, cleared_by, clear_reason) ON compliance.reachability_marks TO recourse_app;
GRANT SELECT ON compliance.reachability_marks TO recourse_regulator;
-- Reachability reads the newest attempts per debtor and contact point.
CREATE INDEX contact_attempts_debtor_cp ON compliance.contact_attempts (tenant_id, debtor_id, contact_point_id, attempted_at DESC);
