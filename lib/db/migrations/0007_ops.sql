-- Scheduled maintenance jobs (audit retention first): one row per run. The row is the claim
-- that lets several app instances share one schedule (lib/ops/maintenance-runs.ts) and the
-- record the health page shows. System table: no tenant_id, no grant to crm_app.

CREATE TABLE maintenance_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job text NOT NULL CHECK (job ~ '^[a-z_]+$'),
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  -- NULL while running; a run that never finishes (crash) is taken over after a lease.
  ok boolean,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX maintenance_runs_job_idx ON maintenance_runs (job, started_at DESC);
