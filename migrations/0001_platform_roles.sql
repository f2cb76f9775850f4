-- Roles the application switches to with SET LOCAL ROLE (see src/platform/db/index.ts). NOLOGIN: only the owner
-- connection (DATABASE_URL's user or PGlite's postgres) assumes them. On a managed Postgres the owner needs
-- CREATEROLE once, or a DBA creates these three roles and grants them to the owner.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recourse_app') THEN CREATE ROLE recourse_app NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recourse_platform') THEN CREATE ROLE recourse_platform NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recourse_regulator') THEN CREATE ROLE recourse_regulator NOLOGIN; END IF;
END $$;
DO $$
BEGIN
  -- The connecting user must be a member to SET ROLE (a superuser already can).
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT recourse_app, recourse_platform, recourse_regulator TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA platform TO recourse_app, recourse_platform, recourse_regulator;

-- Audit trail: every write and every read of unmasked personal data (who, what, when, from where). Append-only.
CREATE TABLE platform.audit_log (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    text,
  actor_role  text,
  action      text        NOT NULL,
  target_type text,
  target_id   text,
  ip          text,
  user_agent  text,
  status      integer,
  reason      text,
  detail      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_at ON platform.audit_log (tenant_id, at DESC);
ALTER TABLE platform.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.audit_log TO recourse_app
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY platform_all ON platform.audit_log TO recourse_platform USING (true) WITH CHECK (true);
CREATE POLICY regulator_read ON platform.audit_log FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT, INSERT ON platform.audit_log TO recourse_app, recourse_platform;
GRANT SELECT ON platform.audit_log TO recourse_regulator;

-- Messages handed to a delivery provider (SMTP, SMS, voice). The development provider only writes here and marks
-- the row not delivered, so the operator sees exactly what would have gone out.
CREATE TABLE platform.messages (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  channel     text        NOT NULL CHECK (channel IN ('email', 'sms', 'voice')),
  provider    text        NOT NULL,
  recipient   text        NOT NULL,
  subject     text,
  body        text        NOT NULL,
  status      text        NOT NULL CHECK (status IN ('queued', 'sent', 'not_delivered', 'failed')),
  error       text,
  purpose     text        NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX messages_created ON platform.messages (tenant_id, created_at DESC);
ALTER TABLE platform.messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.messages TO recourse_app
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY platform_all ON platform.messages TO recourse_platform USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON platform.messages TO recourse_app, recourse_platform;
