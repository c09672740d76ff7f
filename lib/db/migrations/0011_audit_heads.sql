-- Signed heads of each tenant's audit chain. The hash chain alone has no key: anyone with
-- write access to the database can append an entry with a recomputed hash, delete the newest
-- entries, or rewrite the chain behind a made-up retention checkpoint, and it still verifies.
-- A signed head is an Ed25519 signature, under a key derived from ENCRYPTION_KEYS (which the
-- database never holds), over the chain's last seq and hash, the number of entries kept and
-- the retention checkpoint at that moment (lib/audit/sign-head.ts). Verification checks the
-- chain against every signed head (lib/audit/verify-heads.ts); auditors export them
-- (GET /api/audit/heads) and can verify them offline with the exported public keys.

CREATE TABLE audit_heads (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  signed_at timestamptz NOT NULL,
  head_seq bigint NOT NULL CHECK (head_seq >= 0),
  -- The signed statement exactly as signed: canonical JSON of this object is the message.
  payload jsonb NOT NULL,
  key_id text NOT NULL,
  -- Ed25519 signature, base64.
  signature text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_heads_seq_idx ON audit_heads (tenant_id, head_seq);

ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_heads
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Insert: an auditor may ask for a signature on demand (the key lives in the app, not here).
GRANT SELECT, INSERT ON audit_heads TO crm_app;
