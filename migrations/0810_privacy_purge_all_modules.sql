-- Retention purge across every module (PI-07, COL-61; issue 9). Each owning module's purge function
-- (src/modules/<m>/purge.ts) overwrites or deletes the personal data of a purged debtor's cases in its own tables; the
-- grants below are the narrowest that allow it (column-level where the row stays, so ids, amounts, digests and
-- timestamps remain append-only).

-- cases: sealed notes are deleted; attachment file names, task titles, promise notes, hold / handoff reasons and the
-- free text inside timeline events are overwritten.
GRANT DELETE ON cases.notes TO recourse_app;
GRANT UPDATE (file_name) ON cases.attachments TO recourse_app;
GRANT UPDATE (note) ON cases.promises TO recourse_app;
GRANT UPDATE (reason, target) ON cases.handoffs TO recourse_app;
GRANT UPDATE (data) ON cases.case_events TO recourse_app;

-- compliance: suppression reasons (recordings' transcripts, complaints and holds are already updatable).
GRANT UPDATE (reason) ON compliance.suppressions TO recourse_app;

-- documents: the data snapshot of a generated document (names, ID numbers, addresses) and the signer's IP address.
GRANT UPDATE (snapshot) ON documents.generated TO recourse_app;
GRANT UPDATE (ip) ON documents.signatures TO recourse_app;

-- ledger: payer names and free-text references of bank statement lines, and the free-text keys of a transfer's meta
-- (bank reference, refund reason). Amounts, accounts and ids stay; the evidence leaf keeps the batch digest.
GRANT UPDATE (payer, reference) ON ledger.reconciliation_lines TO recourse_app;
GRANT UPDATE (meta) ON ledger.transfers TO recourse_app;

-- privacy: a purged debtor's correction requests lose the sealed value and notes.
GRANT UPDATE (proposed_value_enc, proposed_value_masked, note) ON privacy.correction_requests TO recourse_app;
GRANT UPDATE (reason) ON privacy.retention_holds TO recourse_app;

-- Original files (recordings, rendered documents, attachments) live write-once in evidence.files. Erasing the bytes of
-- a purged debtor's files is the one exception to write-once: the leaves keep the SHA-256/SM3 digests, so the log,
-- its proofs and exported packages still verify (a package then carries the leaf without the file). The function
-- acts for the caller's tenant only and skips a file that any leaf of a case outside `p_cases` still references.
CREATE FUNCTION privacy.erase_evidence_files(p_sha256 text[], p_cases text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, evidence AS $$
DECLARE
  me text := current_setting('app.tenant_id', true);
  n integer;
BEGIN
  IF me IS NULL OR me = '' THEN RAISE EXCEPTION 'no tenant' USING ERRCODE = '42501'; END IF;
  DELETE FROM evidence.files f
   WHERE f.tenant_id = me AND f.sha256 = ANY (p_sha256)
     AND NOT EXISTS (SELECT 1 FROM evidence.leaves l
                      WHERE l.tenant_id = me AND l.content_sha256 = f.sha256
                        AND (l.case_id IS NULL OR NOT (l.case_id = ANY (p_cases))));
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION privacy.erase_evidence_files(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION privacy.erase_evidence_files(text[], text[]) TO recourse_app;
