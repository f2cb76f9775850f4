-- Creditors and their entrustments (COL-01 written entrustment, COL-02 lawful-debt attestation, COL-03 data
-- processing agreement), debts, cases with their append-only timeline, holds, tasks, promises to pay, payments
-- reported against debts, case locks and leads from the public consultation form. A debt is placed once per tenant
-- (COL-73: one agency per debt at a time). Balances are never stored: they derive from debts + payments.
CREATE SCHEMA cases;
GRANT USAGE ON SCHEMA cases TO recourse_app;

CREATE TABLE cases.creditors (
  tenant_id          text        NOT NULL REFERENCES tenants.tenants (id),
  id                 text        NOT NULL,
  code               text        NOT NULL,
  name               text        NOT NULL,
  uscc               text,
  -- CALC-01 scope: licensed FIs and local financial organisations are outside the private-lending caps
  lender_kind        text        NOT NULL DEFAULT 'private' CHECK (lender_kind IN ('private', 'licensed_fi', 'local_financial_org')),
  first_action_hours integer     CHECK (first_action_hours > 0),
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX creditors_code ON cases.creditors (tenant_id, code);

CREATE TABLE cases.entrustments (
  tenant_id               text        NOT NULL,
  id                      text        NOT NULL,
  creditor_id             text        NOT NULL,
  scopes                  text[]      NOT NULL,
  starts_on               date        NOT NULL,
  ends_on                 date        NOT NULL,
  fee_terms_ref           text        NOT NULL,
  contract_ref            text        NOT NULL,
  -- COL-02: the creditor attests the debts are lawful (no gambling, drugs or other illegal source)
  lawful_debt_attested_at timestamptz NOT NULL,
  lawful_debt_attested_by text        NOT NULL,
  -- COL-03 / PIPL art 21: the data-processing agreement
  dpa_ref                 text        NOT NULL,
  dpa_signed_on           date        NOT NULL,
  dpa_purpose             text        NOT NULL,
  dpa_pi_categories       text[]      NOT NULL,
  dpa_protective_measures text        NOT NULL,
  dpa_end_of_term         text        NOT NULL CHECK (dpa_end_of_term IN ('return', 'delete')),
  -- COL-73: no sub-delegation (转包) unless the creditor consented in writing
  subdelegation_consent   boolean     NOT NULL DEFAULT false,
  revoked_at              timestamptz,
  revoke_reason           text,
  created_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, creditor_id) REFERENCES cases.creditors (tenant_id, id),
  CHECK (ends_on >= starts_on),
  CHECK (cardinality(scopes) > 0 AND cardinality(dpa_pi_categories) > 0)
);
CREATE INDEX entrustments_creditor ON cases.entrustments (tenant_id, creditor_id, ends_on);

CREATE TABLE cases.debts (
  tenant_id          text        NOT NULL,
  id                 text        NOT NULL,
  creditor_id        text        NOT NULL,
  debtor_id          text        NOT NULL,
  original_creditor  text        NOT NULL,
  contract_number    text        NOT NULL,
  contract_key       text        NOT NULL,
  product            text,
  currency           text        NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  principal_fen      bigint      NOT NULL CHECK (principal_fen > 0),
  contract_rate_bps  integer     NOT NULL DEFAULT 0 CHECK (contract_rate_bps >= 0),
  penalty_rate_bps   integer     NOT NULL DEFAULT 0 CHECK (penalty_rate_bps >= 0),
  fees_fen           bigint      NOT NULL DEFAULT 0 CHECK (fees_fen >= 0),
  origination_date   date        NOT NULL,
  due_date           date        NOT NULL,
  last_payment_date  date,
  acknowledged_date  date,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, creditor_id) REFERENCES cases.creditors (tenant_id, id),
  FOREIGN KEY (tenant_id, debtor_id) REFERENCES debtors.debtors (tenant_id, id),
  CHECK (due_date >= origination_date)
);
-- The import dedup key: the same contract of the same creditor is placed once.
CREATE UNIQUE INDEX debts_contract ON cases.debts (tenant_id, creditor_id, contract_key);
CREATE INDEX debts_debtor ON cases.debts (tenant_id, debtor_id);

-- Payments reported against a debt (by the creditor, the escrow ledger or an import). Append-only.
CREATE TABLE cases.payments (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  debt_id     text        NOT NULL,
  paid_on     date        NOT NULL,
  amount_fen  bigint      NOT NULL CHECK (amount_fen > 0),
  source      text        NOT NULL CHECK (source IN ('creditor_report', 'escrow', 'import')),
  external_ref text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, debt_id) REFERENCES cases.debts (tenant_id, id)
);
CREATE INDEX payments_debt ON cases.payments (tenant_id, debt_id, paid_on);
CREATE UNIQUE INDEX payments_external ON cases.payments (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL;

CREATE TABLE cases.cases (
  tenant_id       text        NOT NULL,
  id              text        NOT NULL,
  ref             text        NOT NULL,
  debt_id         text        NOT NULL,
  debtor_id       text        NOT NULL,
  creditor_id     text        NOT NULL,
  entrustment_id  text        NOT NULL,
  -- projection of the timeline (cases.case_events is the source); updated in the same transaction
  stage           text        NOT NULL CHECK (stage IN ('intake', 'verification', 'active', 'negotiation', 'payment_plan',
                                'legal', 'enforcement', 'closed')),
  close_reason    text        CHECK (close_reason IN ('paid', 'settled', 'uncollectible', 'recalled', 'transferred')),
  stage_since     timestamptz NOT NULL,
  last_seq        integer     NOT NULL,
  placed_at       timestamptz NOT NULL,
  first_action_at timestamptz,
  assigned_to     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, debt_id) REFERENCES cases.debts (tenant_id, id),
  FOREIGN KEY (tenant_id, debtor_id) REFERENCES debtors.debtors (tenant_id, id),
  FOREIGN KEY (tenant_id, entrustment_id) REFERENCES cases.entrustments (tenant_id, id),
  CHECK ((stage = 'closed') = (close_reason IS NOT NULL))
);
-- COL-73: one case per debt.
CREATE UNIQUE INDEX cases_debt ON cases.cases (tenant_id, debt_id);
CREATE UNIQUE INDEX cases_ref ON cases.cases (tenant_id, ref);
CREATE INDEX cases_stage ON cases.cases (tenant_id, stage);
CREATE INDEX cases_assigned ON cases.cases (tenant_id, assigned_to) WHERE stage <> 'closed';
CREATE INDEX cases_debtor ON cases.cases (tenant_id, debtor_id);

-- The timeline. Append-only: the application role may only SELECT and INSERT.
CREATE TABLE cases.case_events (
  tenant_id  text        NOT NULL,
  case_id    text        NOT NULL,
  seq        integer     NOT NULL CHECK (seq > 0),
  at         timestamptz NOT NULL,
  type       text        NOT NULL,
  actor_id   text,
  data       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, case_id, seq),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);

CREATE TABLE cases.holds (
  tenant_id      text        NOT NULL,
  id             text        NOT NULL,
  case_id        text        NOT NULL,
  kind           text        NOT NULL CHECK (kind IN ('dispute', 'complaint', 'cease_contact', 'bankruptcy', 'deceased', 'legal_hold')),
  reason         text        NOT NULL,
  placed_at      timestamptz NOT NULL,
  placed_by      text,
  resume_at      timestamptz,
  released_at    timestamptz,
  released_by    text,
  release_reason text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);
CREATE INDEX holds_open ON cases.holds (tenant_id, case_id) WHERE released_at IS NULL;

CREATE TABLE cases.tasks (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  case_id     text        NOT NULL,
  kind        text        NOT NULL,
  title       text        NOT NULL,
  due_at      timestamptz,
  assigned_to text,
  status      text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  done_at     timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);
CREATE INDEX tasks_open ON cases.tasks (tenant_id, assigned_to, due_at) WHERE status = 'open';

-- Promises to pay. Their status (pending/kept/broken) derives from payments and is never stored.
CREATE TABLE cases.promises (
  tenant_id  text        NOT NULL,
  id         text        NOT NULL,
  case_id    text        NOT NULL,
  made_on    date        NOT NULL,
  due_date   date        NOT NULL,
  amount_fen bigint      NOT NULL CHECK (amount_fen > 0),
  grace_days integer     NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 30),
  made_by    text,
  channel    text,
  note       text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id),
  CHECK (due_date >= made_on)
);
CREATE INDEX promises_case ON cases.promises (tenant_id, case_id, due_date);

-- The collector working a case holds its lock until it expires or is released.
CREATE TABLE cases.locks (
  tenant_id   text        NOT NULL,
  case_id     text        NOT NULL,
  holder_id   text        NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases.cases (tenant_id, id)
);

-- Round-robin position per tenant.
CREATE TABLE cases.assignment_state (
  tenant_id text PRIMARY KEY,
  rr_cursor text
);

-- Requests from the public consultation form (a debtor or creditor asking for help). Contact value encrypted.
CREATE TABLE cases.leads (
  tenant_id     text        NOT NULL,
  id            text        NOT NULL,
  name          text        NOT NULL,
  role          text        NOT NULL CHECK (role IN ('debtor', 'creditor', 'other')),
  contact_enc   text        NOT NULL,
  contact_masked text       NOT NULL,
  message       text        NOT NULL,
  consent_at    timestamptz NOT NULL,
  status        text        NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'converted', 'closed')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['creditors', 'entrustments', 'debts', 'payments', 'cases', 'case_events', 'holds', 'tasks',
                           'promises', 'locks', 'assignment_state', 'leads'] LOOP
    EXECUTE format('ALTER TABLE cases.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE cases.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON cases.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON cases.creditors, cases.entrustments, cases.debts, cases.cases, cases.holds, cases.tasks,
  cases.assignment_state, cases.leads TO recourse_app;
GRANT SELECT, INSERT ON cases.case_events, cases.payments, cases.promises TO recourse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON cases.locks TO recourse_app;
