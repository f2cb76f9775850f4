-- Escrow ledger (double entry, integer fen). Accounts are readable addresses (escrow:creditor:<id>,
-- receivable:case:<id>, fees:tenant:<id>, suspense:tenant:<id>, world). Transfers are immutable: the app role may
-- only SELECT and INSERT; a correction is a new transfer (a reversal references the one it undoes, at most once).
-- Balances are never stored: they derive from SUM over transfers. Every write goes through one choke point
-- (postTransfers) that records the idempotency key with a hash of the request body.
CREATE SCHEMA ledger;
GRANT USAGE ON SCHEMA ledger TO recourse_app, recourse_regulator;

CREATE TABLE ledger.accounts (
  tenant_id                      text        NOT NULL REFERENCES tenants.tenants (id),
  address                        text        NOT NULL CHECK (address ~ '^(world|(escrow:creditor|receivable:case|fees:tenant|suspense:tenant):[A-Za-z0-9_-]{1,64})$'),
  currency                       text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  debits_must_not_exceed_credits boolean     NOT NULL,
  credits_must_not_exceed_debits boolean     NOT NULL,
  created_at                     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, address),
  CHECK (NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits))
);

-- One row per accepted request: the idempotency key, the SHA-256 of the canonical request body and the result.
CREATE TABLE ledger.requests (
  tenant_id       text        NOT NULL REFERENCES tenants.tenants (id),
  idempotency_key text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  request_sha256  text        NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
  transfer_ids    text[]      NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, idempotency_key)
);

CREATE TABLE ledger.transfers (
  tenant_id       text        NOT NULL,
  id              text        NOT NULL,
  debit_account   text        NOT NULL,
  credit_account  text        NOT NULL,
  amount_fen      bigint      NOT NULL CHECK (amount_fen > 0),
  currency        text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  code            text        NOT NULL CHECK (code IN ('claim_placed', 'claim_adjusted', 'payment_received', 'payment_applied',
                    'payment_unapplied', 'suspense_matched', 'fee_charged', 'fee_refunded', 'disbursement', 'refund', 'reversal')),
  linked_group    text,
  reverses_id     text,
  value_date      date,
  idempotency_key text        NOT NULL,
  meta            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  booked_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, debit_account) REFERENCES ledger.accounts (tenant_id, address),
  FOREIGN KEY (tenant_id, credit_account) REFERENCES ledger.accounts (tenant_id, address),
  FOREIGN KEY (tenant_id, idempotency_key) REFERENCES ledger.requests (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, reverses_id) REFERENCES ledger.transfers (tenant_id, id),
  CHECK (debit_account <> credit_account),
  CHECK ((code = 'reversal') = (reverses_id IS NOT NULL))
);
-- A transfer is reversed at most once, whatever races happen above.
CREATE UNIQUE INDEX transfers_reversed_once ON ledger.transfers (tenant_id, reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX transfers_debit ON ledger.transfers (tenant_id, debit_account, booked_at);
CREATE INDEX transfers_credit ON ledger.transfers (tenant_id, credit_account, booked_at);
CREATE INDEX transfers_fee_key ON ledger.transfers (tenant_id, (meta ->> 'feeKey')) WHERE meta ? 'feeKey';

-- Disbursements to the creditor's official account (COL-44); above the tenant's threshold a second person approves.
CREATE TABLE ledger.disbursements (
  tenant_id     text        NOT NULL REFERENCES tenants.tenants (id),
  id            text        NOT NULL,
  creditor_id   text        NOT NULL,
  amount_fen    bigint      NOT NULL CHECK (amount_fen > 0),
  currency      text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  reference     text        NOT NULL,
  threshold_fen bigint      NOT NULL CHECK (threshold_fen >= 0),
  requested_by  text        NOT NULL,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- Append-only: at most one approval per disbursement, by someone other than the requester.
CREATE TABLE ledger.disbursement_approvals (
  tenant_id       text        NOT NULL,
  disbursement_id text        NOT NULL,
  approved_by     text        NOT NULL,
  transfer_id     text        NOT NULL,
  approved_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, disbursement_id),
  FOREIGN KEY (tenant_id, disbursement_id) REFERENCES ledger.disbursements (tenant_id, id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES ledger.transfers (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['accounts', 'requests', 'transfers', 'disbursements', 'disbursement_approvals'] LOOP
    EXECUTE format('ALTER TABLE ledger.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE ledger.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON ledger.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('CREATE POLICY regulator_read ON ledger.%I FOR SELECT TO recourse_regulator USING (true)', t);
    -- Immutable money: no UPDATE, no DELETE for anyone but the owner.
    EXECUTE format('GRANT SELECT, INSERT ON ledger.%I TO recourse_app', t);
    EXECUTE format('GRANT SELECT ON ledger.%I TO recourse_regulator', t);
  END LOOP;
END $$;
