-- Idempotency-Key on API v1 POSTs (issue 19; draft-ietf-httpapi-idempotency-key-header). The
-- first request with a key stores its answer in the same transaction as its write, so the
-- answer exists exactly when the write does; a repeat within 24 hours gets that answer again
-- and writes nothing. A concurrent repeat waits on the primary key until the first commits.
-- Holds response bodies (record values, personal data): privacy erasure must cover it, and
-- rows older than 24 hours are deleted by the scheduled purge (lib/api-v1/idempotency.ts).
CREATE TABLE api_idempotency (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  api_key_id uuid NOT NULL,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  -- sha256 of method, path and body: the same key with another request is refused (422).
  request_sha256 text NOT NULL,
  status integer NOT NULL,
  response jsonb NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, api_key_id, idempotency_key)
);
CREATE INDEX api_idempotency_created_idx ON api_idempotency (created_at);

ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_idempotency FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_idempotency
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON api_idempotency TO crm_app;
