-- Tenants (agencies renting a branded site), their filing record and business scope, users, sessions, API keys.
CREATE SCHEMA tenants;
GRANT USAGE ON SCHEMA tenants TO recourse_app, recourse_platform, recourse_regulator;

-- A tenant row is the tenant itself (a Citus reference table later); its own id plays the tenant_id role.
CREATE TABLE tenants.tenants (
  id                   text PRIMARY KEY,
  slug                 text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
  display_name         text NOT NULL,
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended')),
  kind                 text NOT NULL DEFAULT 'agency' CHECK (kind IN ('agency', 'platform')),
  hash_algorithm       text NOT NULL DEFAULT 'sha256' CHECK (hash_algorithm IN ('sha256', 'sm3')),
  custom_domain        text UNIQUE,
  branding             jsonb NOT NULL DEFAULT '{}'::jsonb,
  legal_name           text,
  uscc                 text,
  legal_representative text,
  filing_number        text,
  law_firm             text NOT NULL DEFAULT 'none' CHECK (law_firm IN ('is_law_firm', 'works_with_law_firm', 'none')),
  scopes               text[] NOT NULL DEFAULT '{}',
  filing_submitted_at  timestamptz,
  approved_at          timestamptz,
  approved_by          text,
  status_reason        text,
  created_at           timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants.tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY own_tenant ON tenants.tenants TO recourse_app
  USING (id = current_setting('app.tenant_id', true)) WITH CHECK (id = current_setting('app.tenant_id', true));
CREATE POLICY platform_all ON tenants.tenants TO recourse_platform USING (true) WITH CHECK (true);
CREATE POLICY regulator_read ON tenants.tenants FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT ON tenants.tenants TO recourse_app, recourse_regulator;
GRANT UPDATE (display_name, branding, custom_domain) ON tenants.tenants TO recourse_app;
GRANT SELECT, INSERT, UPDATE ON tenants.tenants TO recourse_platform;

CREATE TABLE tenants.users (
  tenant_id     text NOT NULL REFERENCES tenants.tenants (id),
  id            text NOT NULL,
  email         text NOT NULL,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('platform_operator', 'regulator', 'tenant_admin', 'collector',
                  'legal_officer', 'compliance_officer', 'mediator', 'creditor', 'debtor')),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  password_hash text,
  totp_secret   text,
  totp_enabled  boolean NOT NULL DEFAULT false,
  badge_no      text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  last_login_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_email ON tenants.users (tenant_id, lower(email));
CREATE UNIQUE INDEX users_badge ON tenants.users (tenant_id, badge_no) WHERE badge_no IS NOT NULL;

CREATE TABLE tenants.sessions (
  tenant_id   text NOT NULL,
  id          text NOT NULL,            -- SHA-256 of the cookie token; the token itself is never stored
  kind        text NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'debtor')),
  user_id     text,                     -- staff/creditor sessions
  subject     text,                     -- debtor sessions: the case reference signed in with
  display_name text,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  ip          text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES tenants.users (tenant_id, id),
  CHECK ((kind = 'user') = (user_id IS NOT NULL))
);

CREATE TABLE tenants.one_time_tokens (
  tenant_id   text NOT NULL,
  id          text NOT NULL,            -- SHA-256 of the token or code
  purpose     text NOT NULL CHECK (purpose IN ('password_reset', 'portal_otp')),
  user_id     text,
  subject     text,                     -- e.g. the case reference for a portal code
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  attempts    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE tenants.api_keys (
  tenant_id    text NOT NULL,
  id           text NOT NULL,
  name         text NOT NULL,
  secret_hash  text NOT NULL,
  scopes       text[] NOT NULL,
  user_id      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES tenants.users (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'sessions', 'one_time_tokens', 'api_keys'] LOOP
    EXECUTE format('ALTER TABLE tenants.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE tenants.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON tenants.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('CREATE POLICY platform_all ON tenants.%I TO recourse_platform USING (true) WITH CHECK (true)', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON tenants.%I TO recourse_app, recourse_platform', t);
  END LOOP;
END $$;
CREATE POLICY regulator_read ON tenants.users FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT (tenant_id, id, display_name, role, status, badge_no, created_at) ON tenants.users TO recourse_regulator;
