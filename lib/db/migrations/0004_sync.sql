-- Sync: change-feed positions, tombstones and the tombstone purge horizon for the five
-- replicated tables (companies, contacts, pipelines, deals, activities).
--
-- Why (change_xid, change_seq) and not a plain sequence: a sequence value is taken when a
-- row is written, but becomes visible only when its transaction commits. If T1 takes seq 10,
-- T2 takes seq 11 and commits first, a pull at that moment sees 11, moves its checkpoint to
-- 11, and never sees 10 when T1 commits. So each row also records the id of the transaction
-- that wrote it (xid8, never wraps), the feed is ordered by (change_xid, change_seq), and a
-- pull returns only rows whose writer is older than pg_snapshot_xmin(pg_current_snapshot()):
-- every transaction below that horizon has finished, and every transaction still running or
-- not yet started has an id at or above it, so a row appearing later always sorts after any
-- checkpoint handed out earlier. Proven in sync/server/pull-order.pg.test.ts with two real
-- connections committing in the opposite order of their ids.
-- Cost: a long-running transaction holds the horizon back, delaying (never losing) changes.

CREATE SEQUENCE sync_change_seq;
GRANT USAGE ON SEQUENCE sync_change_seq TO crm_app;

-- Server-assigned on every insert and update, whatever the writer sends.
CREATE FUNCTION sync_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  NEW.change_seq := nextval('sync_change_seq');
  IF NEW.deleted THEN
    NEW.deleted_at := coalesce(NEW.deleted_at, now());
  ELSE
    NEW.deleted_at := NULL;
  END IF;
  RETURN NEW;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['companies', 'contacts', 'pipelines', 'deals', 'activities']
  LOOP
    -- Tombstone: RxDB's _deleted. Kept until the retention window passes (see sync_horizons).
    EXECUTE format('ALTER TABLE %I ADD COLUMN deleted boolean NOT NULL DEFAULT false', t);
    EXECUTE format('ALTER TABLE %I ADD COLUMN deleted_at timestamptz', t);
    EXECUTE format('ALTER TABLE %I ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id()', t);
    EXECUTE format('ALTER TABLE %I ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval(''sync_change_seq'')', t);
    EXECUTE format('CREATE INDEX %I ON %I (tenant_id, change_xid, change_seq)', t || '_change_idx', t);
    EXECUTE format('CREATE INDEX %I ON %I (tenant_id, deleted_at) WHERE deleted', t || '_tombstone_idx', t);
    EXECUTE format(
      'CREATE TRIGGER sync_stamp_change BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION sync_stamp_change()',
      t
    );
  END LOOP;
END
$$;

-- The newest feed position whose tombstones were purged, per tenant and collection. A pull
-- from a checkpoint below it would miss deletions, so it is answered with "resync required".
CREATE TABLE sync_horizons (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  collection text NOT NULL,
  purged_xid xid8 NOT NULL,
  purged_seq bigint NOT NULL,
  purged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, collection)
);
ALTER TABLE sync_horizons ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_horizons FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_horizons
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON sync_horizons TO crm_app;
