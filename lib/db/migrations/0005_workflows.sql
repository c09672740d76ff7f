-- Workflows: definitions (mutable draft + immutable published versions), runs and their step
-- history, encrypted webhook secrets, round-robin state, in-app notifications, and two
-- internal queue tables (change inbox, timers) that only the engine (owner role) touches.
--
-- Tenant tables follow 0001: tenant_id first in the primary key, FORCE ROW LEVEL SECURITY.
-- The engine runs as the owner but always sets app.tenant_id for the run it works on, so the
-- policies hold for it too on a non-superuser owner.

CREATE TABLE workflows (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- Notified when a run fails for good.
  owner_id uuid NOT NULL,
  draft jsonb NOT NULL,
  draft_revision integer NOT NULL DEFAULT 0,
  published_version integer,
  enabled boolean NOT NULL DEFAULT true,
  -- sha256 of the incoming-webhook token (webhook triggers); the token is shown once.
  webhook_token_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Published versions are immutable: running instances finish on the version they started on.
CREATE TABLE workflow_versions (
  tenant_id uuid NOT NULL,
  workflow_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,
  trigger_type text NOT NULL,
  trigger_collection text,
  published_by uuid,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, workflow_id, version),
  FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE workflow_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  workflow_id uuid NOT NULL,
  version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  -- One run per workflow per cause: a change id, a client mutation id, a schedule slot...
  trigger_key text NOT NULL,
  trigger_type text NOT NULL,
  -- The trigger input: {record, before, changedFields, changeId, input}. Replayable.
  trigger jsonb NOT NULL,
  record_collection text,
  record_id uuid,
  current_step text,
  -- Steps completed so far (loop protection and the per-step idempotency key).
  step_count integer NOT NULL DEFAULT 0,
  -- Attempts of the current step that failed (retries with backoff).
  attempt integer NOT NULL DEFAULT 0,
  -- How many workflow-made changes led to this run (cross-workflow loop protection).
  chain_depth integer NOT NULL DEFAULT 0,
  wake_at timestamptz,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, workflow_id, trigger_key),
  FOREIGN KEY (tenant_id, workflow_id, version) REFERENCES workflow_versions (tenant_id, workflow_id, version) ON DELETE CASCADE
);
CREATE INDEX workflow_runs_history_idx ON workflow_runs (tenant_id, workflow_id, created_at DESC);
CREATE INDEX workflow_runs_status_idx ON workflow_runs (tenant_id, status);

CREATE TABLE workflow_run_steps (
  tenant_id uuid NOT NULL,
  run_id uuid NOT NULL,
  seq integer NOT NULL,
  step_id text NOT NULL,
  step_type text NOT NULL,
  attempt integer NOT NULL DEFAULT 1,
  status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'retrying', 'waiting')),
  input jsonb,
  output jsonb,
  decision text,
  error text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, run_id, seq),
  FOREIGN KEY (tenant_id, run_id) REFERENCES workflow_runs (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE workflow_round_robin (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  workflow_id uuid NOT NULL,
  step_id text NOT NULL,
  next_index integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, workflow_id, step_id)
);

-- Webhook signing secrets, sealed with lib/crypto/secret-box (context workflow-secret:<id>).
CREATE TABLE workflow_secrets (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  sealed text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- In-app notifications (workflow "notify" steps, failed-run alerts).
CREATE TABLE notifications (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text,
  link text,
  -- Idempotency: a retried step inserts the same key and is ignored.
  dedupe_key text,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX notifications_user_idx ON notifications (tenant_id, user_id, created_at DESC);
CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workflows', 'workflow_versions', 'workflow_runs', 'workflow_run_steps',
                           'workflow_round_robin', 'workflow_secrets', 'notifications']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
      t
    );
  END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON workflows TO crm_app;
-- Versions are immutable for the app: insert and read only.
GRANT SELECT, INSERT ON workflow_versions TO crm_app;
GRANT SELECT ON workflow_runs, workflow_run_steps TO crm_app;
GRANT SELECT, INSERT, DELETE ON workflow_secrets TO crm_app;
GRANT SELECT, UPDATE (read_at) ON notifications TO crm_app;
GRANT SELECT, INSERT ON notifications TO crm_app;

-- Internal queue tables: cross-tenant by nature, read by the engine (the owner role) only.
-- FORCE RLS like every tenant table, with a policy that shuts the app role out entirely (it
-- has no grants either) and lets the owner read all tenants.
CREATE TABLE workflow_change_inbox (
  tenant_id uuid NOT NULL,
  change_id bigint NOT NULL,
  PRIMARY KEY (tenant_id, change_id)
);

CREATE TABLE workflow_timers (
  tenant_id uuid NOT NULL,
  run_id uuid NOT NULL,
  wake_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, run_id)
);
CREATE INDEX workflow_timers_due_idx ON workflow_timers (wake_at);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workflow_change_inbox', 'workflow_timers']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY engine_only ON %I USING (current_user <> ''crm_app'') WITH CHECK (current_user <> ''crm_app'')', t);
  END LOOP;
END
$$;

-- Every change lands in the inbox in the SAME transaction as the change, so a trigger is
-- never missed. Consuming deletes the row, so rows that commit out of id order (concurrent
-- transactions) are still consumed, which a high-water-mark cursor would skip.
-- Security: SECURITY DEFINER so the app role can enqueue without any grant on the inbox;
-- the function only copies the new row's own tenant and id.
CREATE FUNCTION workflow_enqueue_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO workflow_change_inbox (tenant_id, change_id) VALUES (NEW.tenant_id, NEW.id);
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION workflow_enqueue_change() FROM PUBLIC;

CREATE TRIGGER record_changes_workflow_inbox
  AFTER INSERT ON record_changes
  FOR EACH ROW EXECUTE FUNCTION workflow_enqueue_change();
