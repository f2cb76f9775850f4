-- Debtor search at 1,000,000 debtors (issue 3): names are matched by prefix through an index first (characters,
-- pinyin and initials; the pinyin and initials indexes are in 0200); the substring scan is only a fallback when no
-- name starts with the query. text_pattern_ops makes LIKE 'prefix%' index-backed whatever the database collation.
CREATE INDEX debtors_name_prefix ON debtors.debtors (tenant_id, name text_pattern_ops);
