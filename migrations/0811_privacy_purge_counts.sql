-- The purge register records what each module erased (row counts per module and table) and how many original files
-- left the evidence store (issue 9). Counts only, no personal data.
ALTER TABLE privacy.purges ADD COLUMN module_counts jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE privacy.purges ADD COLUMN files_erased integer NOT NULL DEFAULT 0;
