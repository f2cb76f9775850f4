-- The file erasure moved to the evidence module (0120, evidence.erase_files): privacy calls it through the evidence
-- module's index instead of owning SQL over evidence tables.
DROP FUNCTION privacy.erase_evidence_files(text[], text[]);
