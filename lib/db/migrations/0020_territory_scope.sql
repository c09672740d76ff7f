-- Territories, and the sync scope 'territory' (sync/server/scoped-pull.ts): each phone holds
-- the companies whose country is one of its person's territories, with their contacts, deals
-- and activities, plus what scope 'own' holds (the person's records and what they link to).
-- A member's territories are a list of country names (compared without case); a change of
-- them changes the key in the person's checkpoint (`k`), so their phone pulls from the start.
ALTER TABLE memberships ADD COLUMN territories text[] NOT NULL DEFAULT '{}' CHECK (cardinality(territories) <= 50);

-- A record can enter or leave a territory without its own row changing: a company's new
-- country takes its contacts, deals and activities along. Such moves are keyed by the
-- territory (trimmed, lower case), not by a person: one move per record and value, read by
-- every phone holding that territory, however many people hold it.
ALTER TABLE sync_scope_moves ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE sync_scope_moves ADD COLUMN territory text;
ALTER TABLE sync_scope_moves ADD CONSTRAINT sync_scope_moves_one_key CHECK ((user_id IS NULL) <> (territory IS NULL));
CREATE INDEX sync_scope_moves_territory_idx ON sync_scope_moves (tenant_id, collection, territory, change_xid, change_seq) WHERE territory IS NOT NULL;

-- A territory pull finds a territory's companies, and their records, through these. A
-- company's territory is its country, trimmed and in lower case; a deleted company's records
-- are in no territory (so purging its tombstone later changes no phone's scope).
CREATE INDEX companies_territory_idx ON companies (tenant_id, lower(btrim(country)));
CREATE INDEX deals_company_idx ON deals (tenant_id, company_id);
CREATE INDEX activities_company_idx ON activities (tenant_id, company_id);

-- Moves of a company's live contacts, deals and activities (a phone holds no deleted record),
-- and of the company itself, keyed by one territory; a notification per collection moved.
CREATE FUNCTION sync_scope_move_territory(tenant uuid, company uuid, key text, with_company boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t text;
  n integer;
BEGIN
  IF key IS NULL THEN
    RETURN;
  END IF;
  IF with_company THEN
    INSERT INTO sync_scope_moves (tenant_id, collection, record_id, territory) VALUES (tenant, 'companies', company, key);
    PERFORM pg_notify('crm_record_changes', json_build_object('t', tenant, 'c', 'companies')::text);
  END IF;
  FOREACH t IN ARRAY ARRAY['contacts', 'deals', 'activities']
  LOOP
    EXECUTE format('INSERT INTO sync_scope_moves (tenant_id, collection, record_id, territory)
                    SELECT $1, %L, id, $3 FROM %I WHERE tenant_id = $1 AND company_id = $2 AND NOT deleted', t, t)
      USING tenant, company, key;
    GET DIAGNOSTICS n = ROW_COUNT;
    -- A new company usually has no records yet: other instances' caches stay as they are.
    IF n > 0 THEN
      PERFORM pg_notify('crm_record_changes', json_build_object('t', tenant, 'c', t)::text);
    END IF;
  END LOOP;
END
$$;

-- Territory moves, under scope 'territory' only (beside 0018's moves by person; a company's
-- territory: its trimmed, lower-case country while it is not deleted):
--   a company is created: records written before it enter its territory;
--   a company's territory changes (new country, deleted, restored): the company leaves its
--   old territory (the new one reads its row), and its records leave the old and enter the
--   new one;
--   a record changes company: it leaves the old company's territory (the new one reads its row).
-- These read other rows than the one written (a company's records, a record's old company),
-- so two concurrent writers could each miss the other's uncommitted change: a contact moved to
-- a company whose country changes at the same moment would get no move, and a phone could keep
-- it after it left the territory (the scope convergence test on Postgres found this). So such
-- writes of a tenant take one lock: shared for a record's change of company or its deletion or
-- restoration (they never wait for each other), exclusive for a company's new territory or a
-- new company. Each read follows the lock, and so sees what the other writer committed.
CREATE FUNCTION sync_scope_log_territory_moves() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_live boolean := TG_OP = 'UPDATE' AND NOT OLD.deleted;
  new_live boolean := NOT NEW.deleted;
  old_territory text;
  new_territory text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND settings->>'syncScope' = 'territory') THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'companies' THEN
    IF old_live THEN
      old_territory := nullif(lower(btrim(OLD.country)), '');
    END IF;
    IF new_live THEN
      new_territory := nullif(lower(btrim(NEW.country)), '');
    END IF;
    IF old_territory IS DISTINCT FROM new_territory THEN
      PERFORM pg_advisory_xact_lock(hashtextextended('territory:' || NEW.tenant_id, 0));
      PERFORM sync_scope_move_territory(NEW.tenant_id, NEW.id, old_territory, true);
      -- Also on INSERT: records written before their company (a phone pushes each collection on its own).
      PERFORM sync_scope_move_territory(NEW.tenant_id, NEW.id, new_territory, false);
    END IF;
  ELSIF (TG_OP = 'INSERT' AND NEW.company_id IS NOT NULL)
     OR (TG_OP = 'UPDATE' AND (OLD.company_id IS DISTINCT FROM NEW.company_id OR old_live <> new_live) AND coalesce(NEW.company_id, OLD.company_id) IS NOT NULL) THEN
    -- Taken by a new or restored record too: its company may be getting a new territory, or be new itself.
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('territory:' || NEW.tenant_id, 0));
    IF TG_OP = 'UPDATE' AND old_live AND OLD.company_id IS DISTINCT FROM NEW.company_id AND OLD.company_id IS NOT NULL THEN
      SELECT CASE WHEN deleted THEN NULL ELSE nullif(lower(btrim(country)), '') END INTO old_territory
        FROM companies WHERE tenant_id = NEW.tenant_id AND id = OLD.company_id;
      IF old_territory IS NOT NULL THEN
        INSERT INTO sync_scope_moves (tenant_id, collection, record_id, territory) VALUES (NEW.tenant_id, TG_TABLE_NAME, NEW.id, old_territory);
        PERFORM pg_notify('crm_record_changes', json_build_object('t', NEW.tenant_id, 'c', TG_TABLE_NAME)::text);
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
    EXECUTE format('CREATE TRIGGER sync_scope_log_territory_moves AFTER INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION sync_scope_log_territory_moves()', t);
  END LOOP;
END
$$;
