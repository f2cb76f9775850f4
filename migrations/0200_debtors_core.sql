-- Debtors (people and organisations), their contact points and related parties (COL-33). Identity numbers and
-- contact values are stored encrypted (envelope, src/platform/pii/crypto.ts) with a keyed blind index for exact
-- search; one debtor per identity per tenant is enforced on the identity blind index.
CREATE SCHEMA debtors;
GRANT USAGE ON SCHEMA debtors TO recourse_app;

CREATE TABLE debtors.debtors (
  tenant_id            text        NOT NULL REFERENCES tenants.tenants (id),
  id                   text        NOT NULL,
  kind                 text        NOT NULL CHECK (kind IN ('person', 'organisation')),
  name                 text        NOT NULL,
  name_pinyin          text        NOT NULL,
  name_initials        text        NOT NULL,
  id_type              text        NOT NULL CHECK (id_type IN ('resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit',
                                     'foreign_permanent_id', 'uscc')),
  id_number_enc        text        NOT NULL,
  id_number_masked     text        NOT NULL,
  identity_bidx        text        NOT NULL,
  legal_representative text,
  employer             text,
  time_zone            text        NOT NULL DEFAULT 'Asia/Shanghai',
  region               text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((kind = 'organisation') = (id_type = 'uscc')),
  CHECK (kind = 'person' OR legal_representative IS NOT NULL)
);
CREATE UNIQUE INDEX debtors_identity ON debtors.debtors (tenant_id, identity_bidx);
CREATE INDEX debtors_pinyin ON debtors.debtors (tenant_id, name_pinyin text_pattern_ops);
CREATE INDEX debtors_initials ON debtors.debtors (tenant_id, name_initials text_pattern_ops);
CREATE INDEX debtors_name ON debtors.debtors (tenant_id, name);

-- Phones, e-mails and addresses. `suppressed_at` stops all use of the point (invalid number, opt-out).
CREATE TABLE debtors.contact_points (
  tenant_id     text        NOT NULL,
  id            text        NOT NULL,
  debtor_id     text        NOT NULL,
  kind          text        NOT NULL CHECK (kind IN ('phone', 'email', 'address')),
  value_enc     text        NOT NULL,
  value_masked  text        NOT NULL,
  value_bidx    text        NOT NULL,
  label         text,
  time_zone     text,
  suppressed_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, debtor_id) REFERENCES debtors.debtors (tenant_id, id)
);
CREATE UNIQUE INDEX contact_points_unique ON debtors.contact_points (tenant_id, debtor_id, kind, value_bidx);
CREATE INDEX contact_points_bidx ON debtors.contact_points (tenant_id, value_bidx);

-- Guarantors, joint obligors, spouses, emergency contacts. COL-33 class; COL-32 permanent suppression on refusal.
CREATE TABLE debtors.related_parties (
  tenant_id            text        NOT NULL,
  id                   text        NOT NULL,
  debtor_id            text        NOT NULL,
  name                 text        NOT NULL,
  relationship         text        NOT NULL CHECK (relationship IN ('guarantor', 'joint_obligor', 'spouse', 'emergency_contact', 'family', 'other')),
  classification       text        NOT NULL CHECK (classification IN ('debt_related_third_party', 'unrelated_third_party')),
  joint_household_debt boolean     NOT NULL DEFAULT false,
  phone_enc            text,
  phone_masked         text,
  party_debtor_id      text,
  suppressed_at        timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, debtor_id) REFERENCES debtors.debtors (tenant_id, id),
  FOREIGN KEY (tenant_id, party_debtor_id) REFERENCES debtors.debtors (tenant_id, id)
);
CREATE INDEX related_parties_debtor ON debtors.related_parties (tenant_id, debtor_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['debtors', 'contact_points', 'related_parties'] LOOP
    EXECUTE format('ALTER TABLE debtors.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE debtors.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON debtors.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON debtors.%I TO recourse_app', t);
  END LOOP;
END $$;
