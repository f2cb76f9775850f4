-- COL-73 registry, bulk claim made set-based (issue 3's 1,000,000-row import): 0311's loop ran a lookup and an
-- insert per key (a fifth of the database time of an import). Same contract: returns the 1-based positions of the keys
-- another agency holds, claims the rest for the caller's tenant, and a key repeated in the call is claimed once (its
-- first position). A concurrent claim of the same debt still fails on placement_registry_active, as before.
CREATE OR REPLACE FUNCTION cases.claim_placements(p_keys text[], p_cases text[]) RETURNS SETOF integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cases AS $$
DECLARE
  me text := current_setting('app.tenant_id', true);
BEGIN
  IF me IS NULL OR me = '' THEN RAISE EXCEPTION 'no tenant' USING ERRCODE = '42501'; END IF;
  RETURN QUERY
  WITH input AS (
    SELECT u.k, u.c, u.i::integer AS i FROM unnest(p_keys, p_cases) WITH ORDINALITY AS u(k, c, i)
  ),
  -- one probe of the active-key index per key (LATERAL … LIMIT 1), whatever the planner thinks of the table's size
  held AS (
    SELECT input.i, input.k, r.tenant_id FROM input
    CROSS JOIN LATERAL (SELECT tenant_id FROM cases.placement_registry WHERE debt_key = input.k AND released_at IS NULL LIMIT 1) r
  ),
  claimed AS (
    INSERT INTO cases.placement_registry (debt_key, tenant_id, case_id)
    SELECT DISTINCT ON (input.k) input.k, me, input.c FROM input
    WHERE NOT EXISTS (SELECT 1 FROM held WHERE held.k = input.k)
    ORDER BY input.k, input.i
    ON CONFLICT (tenant_id, case_id) DO UPDATE SET debt_key = EXCLUDED.debt_key, released_at = NULL, claimed_at = now()
  )
  SELECT held.i FROM held WHERE held.tenant_id <> me ORDER BY held.i;
END $$;
