-- The change outbox: every create/update/delete of a CRM record writes one row here in the
-- SAME transaction as the change itself (lib/records is the only writer). Workflows read
-- their triggers from it, the audit log its data diffs, the live stream its wake-ups; because
-- it commits atomically with the data, no change is ever missed or invented.
-- Append-only for the app role: it may insert and read, never update or delete.

CREATE TABLE record_changes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  collection text NOT NULL,
  record_id uuid NOT NULL,
  op text NOT NULL CHECK (op IN ('create', 'update', 'delete')),
  before jsonb,
  after jsonb,
  changed_fields text[] NOT NULL DEFAULT '{}',
  -- The user who made the change; NULL for system work.
  actor_id uuid,
  source text NOT NULL DEFAULT 'sync' CHECK (source IN ('sync', 'api', 'workflow', 'import', 'system')),
  -- Set when a workflow run made the change, so that workflow is not retriggered by it.
  workflow_id uuid,
  -- The client's id for this edit: replayed offline edits keep their order and apply once.
  client_mutation_id text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX record_changes_record_idx ON record_changes (tenant_id, collection, record_id);
CREATE UNIQUE INDEX record_changes_mutation_idx ON record_changes (tenant_id, client_mutation_id)
  WHERE client_mutation_id IS NOT NULL;

ALTER TABLE record_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_changes
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT ON record_changes TO crm_app;
