-- Per-tenant payment gateway configuration (Alipay, WeChat Pay, UnionPay, bank transfer) and the delivery record of
-- payment-plan reminders. Gateway configurations are versions, never edited: the newest version per gateway is in
-- force. Merchant keys (private keys, APIv3 key, gateway public keys) are kept only envelope-encrypted under the
-- installation's key-encryption keys (secrets_enc, bound to tenant and gateway); no API returns them.
CREATE TABLE ledger.gateway_configs (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  gateway      text        NOT NULL CHECK (gateway IN ('alipay', 'wechat', 'unionpay', 'bank_transfer')),
  version      integer     NOT NULL CHECK (version >= 1),
  enabled      boolean     NOT NULL,
  settings     jsonb       NOT NULL,
  secret_names text[]      NOT NULL DEFAULT '{}',
  secrets_enc  text,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, gateway, version)
);

-- How plan reminders go out (days before the due date, channel); versions, newest in force.
CREATE TABLE ledger.reminder_settings (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  version      integer     NOT NULL CHECK (version >= 1),
  days_before  integer     NOT NULL CHECK (days_before BETWEEN 0 AND 30),
  channel      text        NOT NULL CHECK (channel IN ('sms', 'email')),
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

-- What happened to each plan notice sent to the debtor: sent through the messenger, refused by the compliance gate
-- (with the rules that fired; never sent), or not deliverable. One row per notice.
CREATE TABLE ledger.payment_plan_deliveries (
  tenant_id    text        NOT NULL,
  plan_id      text        NOT NULL,
  instalment   integer     NOT NULL,
  kind         text        NOT NULL,
  channel      text        NOT NULL,
  outcome      text        NOT NULL CHECK (outcome IN ('sent', 'refused', 'no_contact_point', 'failed')),
  rule_ids     text[]      NOT NULL DEFAULT '{}',
  attempt_id   text,
  message_id   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plan_id, instalment, kind),
  FOREIGN KEY (tenant_id, plan_id, instalment, kind) REFERENCES ledger.payment_plan_notices (tenant_id, plan_id, instalment, kind)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['gateway_configs', 'reminder_settings', 'payment_plan_deliveries'] LOOP
    EXECUTE format('ALTER TABLE ledger.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE ledger.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON ledger.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('GRANT SELECT, INSERT ON ledger.%I TO recourse_app', t);
  END LOOP;
END $$;
-- The regulator reads the reminder deliveries (what was sent to whom, what was refused); not the gateway keys.
CREATE POLICY regulator_read ON ledger.payment_plan_deliveries FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT ON ledger.payment_plan_deliveries TO recourse_regulator;
CREATE POLICY regulator_read ON ledger.reminder_settings FOR SELECT TO recourse_regulator USING (true);
GRANT SELECT ON ledger.reminder_settings TO recourse_regulator;
