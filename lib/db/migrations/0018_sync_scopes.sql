-- Sync scopes (sync/server/sync-scope.ts): a tenant may sync each person's own records to
-- their phone, plus the contacts and companies their deals and activities touch, instead of
-- the whole tenant (tenants.settings->>'syncScope': 'all', the default, or 'own').
--
-- A record can enter or leave a person's scope without its own row changing: a deal handed
-- to someone else takes its contact and company out of the old owner's scope and into the new
-- one's. The change feed (0004_sync.sql) is ordered by the rows' own positions, so those
-- moves are logged here, at feed positions of the same sequence, keyed by the person whose
-- scope they may change. A pull for that person reads the moves after its checkpoint beside
-- the rows, and answers each with the record as it is now: the document when it is in scope,
-- a removal when it is not. Written only for tenants whose scope is not 'all' (switching
-- scope makes every phone pull from scratch, so no older moves are needed).

CREATE TABLE sync_scope_moves (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  collection text NOT NULL,
  record_id uuid NOT NULL,
  -- The person whose scope the record may have entered or left.
  user_id uuid NOT NULL,
  change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_seq bigint NOT NULL DEFAULT nextval('sync_change_seq'),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, change_seq)
);
CREATE INDEX sync_scope_moves_feed_idx ON sync_scope_moves (tenant_id, collection, user_id, change_xid, change_seq);
CREATE INDEX sync_scope_moves_age_idx ON sync_scope_moves (tenant_id, created_at);
ALTER TABLE sync_scope_moves ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_scope_moves FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_scope_moves
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, DELETE ON sync_scope_moves TO crm_app;

-- A scoped pull walks one person's rows in feed order, and finds what links to a contact or
-- company from their deals and activities.
CREATE INDEX companies_owner_feed_idx ON companies (tenant_id, owner_id, change_xid, change_seq);
CREATE INDEX contacts_owner_feed_idx ON contacts (tenant_id, owner_id, change_xid, change_seq);
CREATE INDEX deals_owner_feed_idx ON deals (tenant_id, owner_id, change_xid, change_seq);
CREATE INDEX activities_owner_feed_idx ON activities (tenant_id, owner_id, change_xid, change_seq);
CREATE INDEX deals_contact_owner_idx ON deals (tenant_id, contact_id, owner_id) WHERE NOT deleted;
CREATE INDEX deals_company_owner_idx ON deals (tenant_id, company_id, owner_id) WHERE NOT deleted;
CREATE INDEX activities_contact_owner_idx ON activities (tenant_id, contact_id, owner_id) WHERE NOT deleted;
CREATE INDEX activities_company_owner_idx ON activities (tenant_id, company_id, owner_id) WHERE NOT deleted;
CREATE INDEX contacts_company_owner_idx ON contacts (tenant_id, company_id, owner_id) WHERE NOT deleted;

-- One move, and a change notification for its collection (delivered at commit, so the
-- person's live stream pulls it; Postgres folds identical notifications of a transaction).
CREATE FUNCTION sync_scope_move(tenant uuid, coll text, record uuid, person uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF record IS NULL OR person IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO sync_scope_moves (tenant_id, collection, record_id, user_id) VALUES (tenant, coll, record, person);
  PERFORM pg_notify('crm_record_changes', json_build_object('t', tenant, 'c', coll)::text);
END
$$;

-- After a write of a company, contact, deal or activity in a scoped tenant: the old owner may
-- have lost the record, and (for what links to contacts and companies) the old link's owner
-- may have lost, and the new link's owner gained, the linked contact or company.
CREATE FUNCTION sync_scope_log_moves() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  scoped boolean;
  old_live boolean := TG_OP = 'UPDATE' AND NOT OLD.deleted;
  new_live boolean := NOT NEW.deleted;
  old_contact uuid;
  new_contact uuid;
BEGIN
  SELECT coalesce(settings->>'syncScope', 'all') <> 'all' INTO scoped FROM tenants WHERE id = NEW.tenant_id;
  IF NOT coalesce(scoped, false) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN
    PERFORM sync_scope_move(NEW.tenant_id, TG_TABLE_NAME, NEW.id, OLD.owner_id);
  END IF;
  IF TG_TABLE_NAME IN ('deals', 'activities') THEN
    IF TG_OP = 'UPDATE' THEN
      old_contact := OLD.contact_id;
    END IF;
    new_contact := NEW.contact_id;
    IF TG_OP = 'INSERT' OR old_live <> new_live OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR old_contact IS DISTINCT FROM new_contact THEN
      IF old_live THEN
        PERFORM sync_scope_move(NEW.tenant_id, 'contacts', old_contact, OLD.owner_id);
      END IF;
      IF new_live THEN
        PERFORM sync_scope_move(NEW.tenant_id, 'contacts', new_contact, NEW.owner_id);
      END IF;
    END IF;
  END IF;
  IF TG_TABLE_NAME IN ('deals', 'activities', 'contacts') THEN
    IF TG_OP = 'INSERT' OR old_live <> new_live OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.company_id IS DISTINCT FROM NEW.company_id THEN
      IF old_live THEN
        PERFORM sync_scope_move(NEW.tenant_id, 'companies', OLD.company_id, OLD.owner_id);
      END IF;
      IF new_live THEN
        PERFORM sync_scope_move(NEW.tenant_id, 'companies', NEW.company_id, NEW.owner_id);
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['companies', 'contacts', 'deals', 'activities']
  LOOP
    EXECUTE format('CREATE TRIGGER sync_scope_log_moves AFTER INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION sync_scope_log_moves()', t);
  END LOOP;
END
$$;
