-- Audit entries written unchained, chained in commit order by a sequencer (issue 15, item 4).
-- Until now every audited write took its tenant's audit lock and held it to commit, to read
-- the chain head and link to it: 50 writers of one tenant ran one at a time. Now a writer only
-- inserts into audit_pending (no lock, no read of the head); the sequencer
-- (lib/audit/sequence-audit.ts) takes the lock for one short transaction, reads the committed
-- pending entries in id order, links them into audit_log (and their before/after values into
-- audit_values) and deletes them here. It runs right after each writing transaction commits,
-- before every read of the log, and on a timer for anything left over.
-- Each pending entry carries a sha256 over its canonical content (lib/audit/hash-entry.ts
-- hashPending): verification rehashes it, the sequencer refuses to chain an entry that no
-- longer matches, and an entry older than PENDING_OVERDUE_MS is reported, since the sequencer
-- must have chained it by then (lib/audit/verify-pending.ts).

CREATE TABLE audit_pending (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- The order entries are chained in, among those committed when the sequencer runs.
  id bigint GENERATED ALWAYS AS IDENTITY,
  -- When the row was written (not the transaction's start): how long it has waited.
  appended_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  occurred_at timestamptz NOT NULL,
  actor_id uuid,
  action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_.]+$'),
  target_type text,
  target_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip text,
  user_agent text,
  request_id text,
  -- Before/after values, moved to audit_values when chained (data.valuesSha256 commits to them).
  changes jsonb,
  content_hash text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_pending_age_idx ON audit_pending (tenant_id, appended_at);

ALTER TABLE audit_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_pending FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_pending
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Security: the app role writes and reads pending entries, never changes or removes them; only
-- the sequencer, as the owner, moves them into the chain.
GRANT SELECT, INSERT ON audit_pending TO crm_app;

-- The tenants with pending entries appended before `older_than` ago, for the sequencer's timer:
-- one round trip however many tenants there are (row-level security needs each tenant set in
-- turn, even for the owner). Run as the owner; the app role may not call it.
CREATE FUNCTION audit_pending_tenants(older_than interval) RETURNS SETOF uuid
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  t uuid;
  previous text := current_setting('app.tenant_id', true);
BEGIN
  FOR t IN SELECT id FROM tenants ORDER BY id LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    IF EXISTS (SELECT 1 FROM audit_pending p WHERE p.tenant_id = t AND p.appended_at < clock_timestamp() - older_than) THEN
      RETURN NEXT t;
    END IF;
  END LOOP;
  PERFORM set_config('app.tenant_id', coalesce(previous, ''), true);
END
$$;
REVOKE ALL ON FUNCTION audit_pending_tenants(interval) FROM PUBLIC;
