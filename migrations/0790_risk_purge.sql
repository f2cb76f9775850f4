-- Retention purge (PI-07, COL-61; issue 9): the privacy module's nightly purge asks risk to drop a purged debtor's
-- bank statements (counterparty names, account numbers, free-text memos) and the features computed from them, and to
-- blank the free-text reason of the debtor's review requests. Column-level where a row stays.
GRANT DELETE ON risk.bank_statements, risk.case_features TO recourse_app;
GRANT UPDATE (reason) ON risk.review_requests TO recourse_app;
