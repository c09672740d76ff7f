-- Conflicts told to both sides (issue 18, item 5). When a push started from an older copy of a
-- record and both sides changed the same field, the server's value stays and the pusher's is
-- set aside on their phone (sync/schema/three-way-merge.ts). The server runs the same merge and
-- keeps one row per value set aside here, with who made the change that stayed and when (from
-- record_changes), so the pusher is told who and when, and the person whose value stayed is
-- told whose value theirs replaced and can use it instead (GET /api/sync/conflicts), while the
-- record is in their sync scope.
-- Holds record values (personal data): privacy erasure and retention must cover it.
CREATE TABLE record_conflicts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  collection text NOT NULL,
  record_id uuid NOT NULL,
  -- The field, or '*' for the whole record (a deletion against an edit).
  field text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('field', 'deleted-on-server', 'delete-overridden')),
  -- The pusher's value, set aside (the whole record for 'deleted-on-server', null for a deletion).
  lost_value jsonb,
  -- The value that stayed (the whole record for 'delete-overridden').
  kept_value jsonb,
  lost_by uuid NOT NULL,
  -- When the pusher made their change (their document's updatedAt, the phone's clock).
  lost_at timestamptz,
  -- The change that stayed; NULL when it is no longer in record_changes.
  kept_change_id bigint,
  kept_by uuid,
  kept_source text,
  kept_workflow_id uuid,
  kept_at timestamptz,
  -- One row per value set aside, however often the same push is replayed.
  fingerprint text NOT NULL,
  -- The writing transaction: notices are read in (change_xid, id) order, and only from
  -- transactions older than every one still running, so a phone's cursor never passes a notice
  -- that commits later (ids are taken at insert, not at commit; see 0004_sync.sql).
  change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  noticed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, fingerprint)
);
CREATE INDEX record_conflicts_kept_by_idx ON record_conflicts (tenant_id, kept_by, change_xid, id);

ALTER TABLE record_conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_conflicts
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT ON record_conflicts TO crm_app;
