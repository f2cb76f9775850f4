-- Case list and search at 1,000,000 cases (issue 3). Each index serves one list shape of searchCases:
--  * default order (newest placement first, id as tie-break) walks cases_placed backwards and stops after a page;
--  * contract-number search without a creditor (the dedup index debts_contract leads with creditor_id);
--  * sort by principal and balance-band filters; days-past-due buckets and the due-date sort (range on due_date).
CREATE INDEX cases_placed ON cases.cases (tenant_id, placed_at, id);
CREATE INDEX debts_contract_key ON cases.debts (tenant_id, contract_key);
CREATE INDEX debts_principal ON cases.debts (tenant_id, principal_fen);
CREATE INDEX debts_due ON cases.debts (tenant_id, due_date);
