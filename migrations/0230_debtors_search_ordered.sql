-- Debtor name search at 1,000,000 debtors (issue 3; searchDebtorIds in src/modules/debtors/store.ts): each kind of
-- name match (initials exact, pinyin prefix, name prefix, initials prefix) is one short range scan of an index that
-- is already in the order the search returns, byte order (`~<~`, text_pattern_ops, whatever the collation) with the
-- id last for a stable order, so a query matching tens of thousands of names reads at most `limit` rows per kind
-- instead of sorting every match. These replace the prefix-only indexes of 0200 and 0220 (same count of indexes).
CREATE INDEX debtors_search_initials ON debtors.debtors
  (tenant_id, name_initials text_pattern_ops, name_pinyin text_pattern_ops, id text_pattern_ops);
CREATE INDEX debtors_search_pinyin ON debtors.debtors (tenant_id, name_pinyin text_pattern_ops, id text_pattern_ops);
CREATE INDEX debtors_search_name ON debtors.debtors (tenant_id, name text_pattern_ops, id text_pattern_ops);
DROP INDEX debtors.debtors_pinyin;
DROP INDEX debtors.debtors_initials;
DROP INDEX debtors.debtors_name_prefix;
