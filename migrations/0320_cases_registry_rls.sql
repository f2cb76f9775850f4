-- COL-73 placement registry: row-level security like every other table with a tenant_id (defence in depth; the app
-- role has no grant on it at all). The claim/release functions run as the table owner (SECURITY DEFINER) and must
-- see every tenant's claims to refuse a second agency; the platform role reads it for oversight.
ALTER TABLE cases.placement_registry ENABLE ROW LEVEL SECURITY;
ALTER TABLE cases.placement_registry FORCE ROW LEVEL SECURITY;
CREATE POLICY registry_definer ON cases.placement_registry TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY registry_platform ON cases.placement_registry FOR SELECT TO recourse_platform USING (true);
