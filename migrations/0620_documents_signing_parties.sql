-- Documents: every party signs an agreement (DOC-08/09/10; 电子签名法 art 13-14). Besides the debtor (portal), the
-- creditor signs — a creditor user of the creditor, or the agency's legal officer on the creditor's behalf under an
-- entrustment in force that covers legal documents — and, for a mediation agreement, the mediator. Each signature
-- binds the same document digests (SHA-256 + SM3); signatures stay append-only, one per party per document.
ALTER TABLE documents.signatures DROP CONSTRAINT IF EXISTS signatures_signer_role_check;
ALTER TABLE documents.signatures ADD CONSTRAINT signatures_party_check CHECK (signer_role IN ('debtor', 'creditor', 'mediator'));
ALTER TABLE documents.signatures ADD COLUMN document_sm3 text;
-- The user who signed (creditor user or staff); null for the debtor (signer_ref is then the case reference).
ALTER TABLE documents.signatures ADD COLUMN signer_user text;
ALTER TABLE documents.signatures ADD COLUMN signer_name text;
-- 'self': the party signs for itself; 'on_behalf': the agency's legal officer signs for the creditor under entrustment_id.
ALTER TABLE documents.signatures ADD COLUMN capacity text NOT NULL DEFAULT 'self' CHECK (capacity IN ('self', 'on_behalf'));
ALTER TABLE documents.signatures ADD COLUMN entrustment_id text;

-- A signing code belongs to one party and (for staff and creditor users) one user.
ALTER TABLE documents.sign_challenges ADD COLUMN party text NOT NULL DEFAULT 'debtor' CHECK (party IN ('debtor', 'creditor', 'mediator'));
ALTER TABLE documents.sign_challenges ADD COLUMN user_id text;
