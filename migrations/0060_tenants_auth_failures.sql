-- Failed sign-in attempts counted per key (account + address, address, portal case), so that throttling holds across
-- app servers and restarts. Keys are digests (no e-mail or case reference in clear). A row is the current streak:
-- it is reset by a success and forgotten after an hour without failures.
CREATE TABLE tenants.auth_failures (
  tenant_id     text NOT NULL,
  key           text NOT NULL,
  failures      integer NOT NULL DEFAULT 0,
  last_at       timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz,
  PRIMARY KEY (tenant_id, key)
);
ALTER TABLE tenants.auth_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants.auth_failures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants.auth_failures TO recourse_app
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY platform_all ON tenants.auth_failures TO recourse_platform USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants.auth_failures TO recourse_app, recourse_platform;
