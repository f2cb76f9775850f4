-- Evidence log (BC-10, BC-11): one RFC 9162 Merkle log per tenant, its stored complete-subtree nodes, signed
-- checkpoints (kept forever), witness cosignatures, external anchor receipts, and write-once evidence files.
-- Every table is append-only for the application role except the log head (size/root/frontier move forward).
-- Hashes are bytea (32 bytes); the application reads and writes them as hex through encode()/decode().
CREATE SCHEMA evidence;
GRANT USAGE ON SCHEMA evidence TO recourse_app, recourse_platform, recourse_regulator;

-- The log head: one row per tenant, locked FOR UPDATE by every append (serialises appends per tenant).
CREATE TABLE evidence.logs (
  tenant_id      text        NOT NULL REFERENCES tenants.tenants (id),
  hash_algorithm text        NOT NULL CHECK (hash_algorithm IN ('sha256', 'sm3')),
  origin         text        NOT NULL,
  size           bigint      NOT NULL DEFAULT 0 CHECK (size >= 0),
  root           bytea       NOT NULL CHECK (length(root) = 32),
  -- hashes of the complete subtrees making up `size`, largest first, concatenated (32 bytes each)
  frontier       bytea       NOT NULL DEFAULT '\x'::bytea CHECK (length(frontier) % 32 = 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- Leaves: the exact RFC 8785 bytes that were hashed. Identifiers and digests only, never personal data (BC-16).
CREATE TABLE evidence.leaves (
  tenant_id      text        NOT NULL,
  leaf_index     bigint      NOT NULL CHECK (leaf_index >= 0),
  leaf_hash      bytea       NOT NULL CHECK (length(leaf_hash) = 32),
  body           bytea       NOT NULL,
  type           text        NOT NULL,
  case_id        text,
  content_sha256 text,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, leaf_index)
);
CREATE INDEX leaves_case ON evidence.leaves (tenant_id, case_id, leaf_index) WHERE case_id IS NOT NULL;
CREATE INDEX leaves_content ON evidence.leaves (tenant_id, content_sha256) WHERE content_sha256 IS NOT NULL;

-- Hash of every complete subtree (level, node_index) covering leaves [node_index·2^level, (node_index+1)·2^level).
CREATE TABLE evidence.nodes (
  tenant_id  text     NOT NULL,
  level      smallint NOT NULL CHECK (level >= 0 AND level < 63),
  node_index bigint   NOT NULL CHECK (node_index >= 0),
  hash       bytea    NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (tenant_id, level, node_index)
);

-- Signed checkpoints (C2SP tlog-checkpoint notes), one per issued size, kept forever.
CREATE TABLE evidence.checkpoints (
  tenant_id text        NOT NULL,
  size      bigint      NOT NULL CHECK (size >= 0),
  root      bytea       NOT NULL CHECK (length(root) = 32),
  note      text        NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, size)
);

-- Witness cosignature lines (C2SP tlog-cosignature) over a stored checkpoint.
CREATE TABLE evidence.cosignatures (
  tenant_id    text        NOT NULL,
  size         bigint      NOT NULL,
  witness_name text        NOT NULL,
  witness_vkey text        NOT NULL,
  line         text        NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, size, witness_vkey),
  FOREIGN KEY (tenant_id, size) REFERENCES evidence.checkpoints (tenant_id, size)
);

-- Receipts from external anchors (court-chain access platform, RFC 3161 TSA): 存证编号 and the raw certificate.
CREATE TABLE evidence.anchor_receipts (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  size        bigint      NOT NULL,
  provider    text        NOT NULL,
  reference   text        NOT NULL,
  receipt     bytea       NOT NULL,
  anchored_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, size) REFERENCES evidence.checkpoints (tenant_id, size)
);

-- Write-once original files (WORM, 证据规定 art 15), addressed by SHA-256, with SM3 alongside (BC-10).
CREATE TABLE evidence.files (
  tenant_id  text        NOT NULL,
  sha256     text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  sm3        text        NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  size       bigint      NOT NULL CHECK (size >= 0),
  media_type text        NOT NULL,
  bytes      bytea       NOT NULL,
  stored_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sha256)
);

-- Public verifier keys (C2SP vkeys) the log has signed checkpoints with. Private keys are never stored here.
CREATE TABLE evidence.log_keys (
  tenant_id  text        NOT NULL,
  vkey       text        NOT NULL,
  algorithm  text        NOT NULL CHECK (algorithm IN ('ed25519', 'sm2')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, vkey)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['logs', 'leaves', 'nodes', 'checkpoints', 'cosignatures', 'anchor_receipts', 'files', 'log_keys'] LOOP
    EXECUTE format('ALTER TABLE evidence.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE evidence.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON evidence.%I TO recourse_app
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    EXECUTE format('CREATE POLICY regulator_read ON evidence.%I FOR SELECT TO recourse_regulator USING (true)', t);
    EXECUTE format('GRANT SELECT, INSERT ON evidence.%I TO recourse_app', t);
    EXECUTE format('GRANT SELECT ON evidence.%I TO recourse_regulator', t);
  END LOOP;
END $$;
-- The head is the one row that moves: only its size, root, frontier and updated_at (FOR UPDATE needs UPDATE).
GRANT UPDATE (size, root, frontier, updated_at) ON evidence.logs TO recourse_app;
