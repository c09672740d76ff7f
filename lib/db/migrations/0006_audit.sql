-- Tamper-evident audit log: per tenant, entry N stores the hash of entry N-1 and its own
-- hash over its content, so editing, deleting or inserting a row breaks the chain at that
-- point (lib/audit/verify-chain.ts finds it). The app role may only insert and read.
-- Retention removes old entries as the owner, first recording a checkpoint (the last removed
-- entry's seq and hash) so the remaining chain still verifies from a trusted start.

CREATE TABLE audit_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq > 0),
  occurred_at timestamptz NOT NULL,
  actor_id uuid,
  action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_.]+$'),
  target_type text,
  target_id text,
  -- Field-level before/after for data changes; details for other events.
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip text,
  user_agent text,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_log_time_idx ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_actor_idx ON audit_log (tenant_id, actor_id, occurred_at);
CREATE INDEX audit_log_target_idx ON audit_log (tenant_id, target_type, target_id);

CREATE TABLE audit_checkpoints (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Entries up to and including this seq were removed by retention.
  through_seq bigint NOT NULL,
  hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, through_seq)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_log', 'audit_checkpoints']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
      t
    );
    EXECUTE format('GRANT SELECT, INSERT ON %I TO crm_app', t);
  END LOOP;
END
$$;
REVOKE INSERT ON audit_checkpoints FROM crm_app;
