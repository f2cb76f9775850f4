-- COL-73 registry: claim many debts in one call (bulk placement). Returns the 1-based positions of the keys another
-- agency holds; nothing is claimed for those. Same rules as cases.claim_placement (0310).
CREATE FUNCTION cases.claim_placements(p_keys text[], p_cases text[]) RETURNS SETOF integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cases AS $$
DECLARE
  me text := current_setting('app.tenant_id', true);
  i integer;
  holder text;
BEGIN
  IF me IS NULL OR me = '' THEN RAISE EXCEPTION 'no tenant' USING ERRCODE = '42501'; END IF;
  FOR i IN 1 .. coalesce(array_length(p_keys, 1), 0) LOOP
    SELECT tenant_id INTO holder FROM cases.placement_registry WHERE debt_key = p_keys[i] AND released_at IS NULL;
    IF holder IS NULL THEN
      INSERT INTO cases.placement_registry (debt_key, tenant_id, case_id) VALUES (p_keys[i], me, p_cases[i])
        ON CONFLICT (tenant_id, case_id) DO UPDATE SET debt_key = EXCLUDED.debt_key, released_at = NULL, claimed_at = now();
    ELSIF holder <> me THEN
      RETURN NEXT i;
    END IF;
  END LOOP;
END $$;
REVOKE ALL ON FUNCTION cases.claim_placements(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cases.claim_placements(text[], text[]) TO recourse_app;
