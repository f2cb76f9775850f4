-- Registered witnesses of a tenant's evidence log (BC-11, BC-12): the tenant admin registers a witness's C2SP vkey
-- (cosignature/v1, key type 0x04, or Ed25519); a cosignature posted to the public route is accepted only when a line
-- verifies with one of these keys over the stored checkpoint. Append-only like the rest of the schema.
CREATE TABLE evidence.witnesses (
  tenant_id     text        NOT NULL,
  vkey          text        NOT NULL,
  name          text        NOT NULL,
  registered_by text        NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, vkey)
);
ALTER TABLE evidence.witnesses ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence.witnesses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON evidence.witnesses TO recourse_app
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY regulator_read ON evidence.witnesses FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT, INSERT ON evidence.witnesses TO recourse_app;
GRANT SELECT ON evidence.witnesses TO recourse_regulator;
