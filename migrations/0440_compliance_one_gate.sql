-- One contact gate (checks have no side effects; recording is separate):
--  * contact_attempts.check_id: the idempotency key a check hands out; recording the contact it authorised twice
--    returns the first record. source: which path recorded it. breach: a contact that happened although the gate
--    refuses it (a touch logged from outside the product) — it counts toward caps and is listed for the officer.
--  * target 'representative': a contact addressed to the debtor's lawyer (compliance.representations).
--  * quiet_hours_consents.expires_at: consent to contact in the product quiet window is time-limited (COL-11); it
--    never lifts COL-10.
--  * holds.party_id: a hold on one related party (minor, COL-35) rather than on the debtor.
--  * suppressions with both contact_point_id and channel: "do not text this number" (COL-22 family).
ALTER TABLE compliance.contact_attempts ADD COLUMN check_id text;
ALTER TABLE compliance.contact_attempts ADD COLUMN source text NOT NULL DEFAULT 'gate'
  CHECK (source IN ('gate', 'touch', 'campaign', 'reminder', 'dialer'));
ALTER TABLE compliance.contact_attempts ADD COLUMN breach boolean NOT NULL DEFAULT false;
ALTER TABLE compliance.contact_attempts ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE compliance.contact_attempts ADD COLUMN representation_id text;
ALTER TABLE compliance.contact_attempts DROP CONSTRAINT IF EXISTS contact_attempts_target_kind_check;
ALTER TABLE compliance.contact_attempts ADD CONSTRAINT contact_attempts_target_kind_check
  CHECK (target_kind IN ('debtor', 'third_party', 'representative'));
CREATE UNIQUE INDEX contact_attempts_check_id ON compliance.contact_attempts (tenant_id, check_id) WHERE check_id IS NOT NULL;
CREATE INDEX contact_attempts_breach ON compliance.contact_attempts (tenant_id, attempted_at) WHERE breach;

ALTER TABLE compliance.quiet_hours_consents ADD COLUMN expires_at timestamptz;
ALTER TABLE compliance.quiet_hours_consents ADD COLUMN case_id text;
ALTER TABLE compliance.quiet_hours_consents ADD COLUMN created_by text;
ALTER TABLE compliance.holds ADD COLUMN party_id text;

CREATE TABLE compliance.representations (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  id           text        NOT NULL,
  debtor_id    text        NOT NULL,
  case_id      text,
  lawyer_name  text        NOT NULL CHECK (length(lawyer_name) BETWEEN 1 AND 100),
  firm         text        NOT NULL CHECK (length(firm) BETWEEN 1 AND 200),
  contact      text        NOT NULL CHECK (length(contact) BETWEEN 3 AND 200),
  since        timestamptz NOT NULL,
  ended_at     timestamptz,
  ended_by     text,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX representations_debtor ON compliance.representations (tenant_id, debtor_id);
ALTER TABLE compliance.representations ENABLE ROW LEVEL SECURITY;
ALTER TABLE compliance.representations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON compliance.representations
  USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY regulator_read ON compliance.representations FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT, INSERT ON compliance.representations TO recourse_app;
-- Ending a representation, and the retention purge overwriting the lawyer's details.
GRANT UPDATE (ended_at, ended_by, lawyer_name, firm, contact) ON compliance.representations TO recourse_app;
GRANT SELECT ON compliance.representations TO recourse_regulator;
