-- Erasing the bytes of original files (recordings, rendered documents, attachments) of a purged debtor (PI retention,
-- issue 9) is the one exception to evidence.files being write-once. The evidence module owns it: the leaves keep the
-- SHA-256/SM3 digests, so the log, its proofs and exported packages still verify (a package then carries the leaf
-- without the file). Acts for the caller's tenant only and keeps a file that a leaf of a case outside `p_cases` (or
-- of no case) still references.
CREATE FUNCTION evidence.erase_files(p_sha256 text[], p_cases text[]) RETURNS integer
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
REVOKE ALL ON FUNCTION evidence.erase_files(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION evidence.erase_files(text[], text[]) TO recourse_app;
