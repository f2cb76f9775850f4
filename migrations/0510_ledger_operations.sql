-- Ledger operations around the escrow ledger: creditor agreements (fee terms, payment-plan bounds, disbursement
-- approval threshold; versioned, never edited), payment intents created for the debtor portal, bank statement
-- reconciliations with their lines, and payment plans. Money stays in ledger.transfers; these tables hold terms and
-- workflow only. Append-only where money depends on it (agreements are new versions, intents and lines are kept).
CREATE TABLE ledger.creditor_agreements (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  creditor_id  text        NOT NULL,
  version      integer     NOT NULL CHECK (version >= 1),
  id           text        NOT NULL,
  body         jsonb       NOT NULL,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, creditor_id, version)
);

CREATE TABLE ledger.payment_intents (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  id           text        NOT NULL,
  case_id      text        NOT NULL,
  creditor_id  text        NOT NULL,
  amount_fen   bigint      NOT NULL CHECK (amount_fen > 0),
  currency     text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  method       text        NOT NULL CHECK (method IN ('alipay', 'wechat', 'unionpay', 'bank_transfer')),
  provider     text        NOT NULL,
  reference    text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE ledger.reconciliations (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  id           text        NOT NULL,
  file_sha256  text        NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_name    text        NOT NULL,
  line_count   integer     NOT NULL,
  report       text        NOT NULL,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- Re-importing the same file is the same reconciliation (nothing is booked twice).
CREATE UNIQUE INDEX reconciliations_file ON ledger.reconciliations (tenant_id, file_sha256);

CREATE TABLE ledger.reconciliation_lines (
  tenant_id          text    NOT NULL,
  reconciliation_id  text    NOT NULL,
  line               integer NOT NULL,
  value_date         date    NOT NULL,
  amount_fen         bigint  NOT NULL,
  payer              text    NOT NULL,
  reference          text    NOT NULL,
  outcome            text    NOT NULL CHECK (outcome IN ('matched', 'suspense', 'ignored')),
  rule               text,
  case_id            text,
  transfer_id        text,
  PRIMARY KEY (tenant_id, reconciliation_id, line),
  FOREIGN KEY (tenant_id, reconciliation_id) REFERENCES ledger.reconciliations (tenant_id, id)
);

CREATE TABLE ledger.payment_plans (
  tenant_id    text        NOT NULL REFERENCES tenants.tenants (id),
  id           text        NOT NULL,
  case_id      text        NOT NULL,
  proposed_by  text        NOT NULL,
  proposer_kind text       NOT NULL CHECK (proposer_kind IN ('debtor', 'staff')),
  plan         jsonb       NOT NULL,
  agreement_version integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- Acceptance is a separate append-only row (who, when); one per plan.
CREATE TABLE ledger.payment_plan_acceptances (
  tenant_id    text        NOT NULL,
  plan_id      text        NOT NULL,
  accepted_by  text        NOT NULL,
  accepted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plan_id),
  FOREIGN KEY (tenant_id, plan_id) REFERENCES ledger.payment_plans (tenant_id, id)
);
-- Reminders and broken-promise notices sent by the plan job, at most once per plan, instalment and kind.
CREATE TABLE ledger.payment_plan_notices (
  tenant_id    text        NOT NULL,
  plan_id      text        NOT NULL,
  instalment   integer     NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('reminder', 'missed', 'broken')),
  sent_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plan_id, instalment, kind),
  FOREIGN KEY (tenant_id, plan_id) REFERENCES ledger.payment_plans (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['creditor_agreements', 'payment_intents', 'reconciliations', 'reconciliation_lines', 'payment_plans',
                           'payment_plan_acceptances', 'payment_plan_notices'] LOOP
    EXECUTE format('ALTER TABLE ledger.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE ledger.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON ledger.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('CREATE POLICY regulator_read ON ledger.%I FOR SELECT TO recourse_regulator USING (true)', t);
    EXECUTE format('GRANT SELECT, INSERT ON ledger.%I TO recourse_app', t);
    EXECUTE format('GRANT SELECT ON ledger.%I TO recourse_regulator', t);
  END LOOP;
END $$;
