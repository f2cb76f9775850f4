-- Retention purge of debtors (PI-07, COL-61): a purged debtor keeps its row (ids stay valid for cases, ledger and the
-- evidence log, which never held personal data) but every personal value is overwritten; `purged_at` says when.
ALTER TABLE debtors.debtors ADD COLUMN purged_at timestamptz;
