-- Workflow triggers that no data change causes: schedules (cron) and incoming webhooks.
--
-- workflow_schedules: one row per enabled, published workflow whose published version has a
-- schedule trigger. Kept in step with `workflows` by a trigger, so publishing a new version,
-- unpublishing or turning a workflow off replaces or removes the schedule in the same
-- transaction. next_at is the next due instant; NULL means "not computed yet" (the engine's
-- ticker computes it from its clock, in the definition's timezone).
--
-- workflow_hook_routes: which tenant an incoming-webhook workflow id belongs to. The public
-- hook endpoint has no session, so it cannot know the tenant; it must never take one from the
-- request either. Both tables are engine-only, like the change inbox and timers in 0005.

CREATE TABLE workflow_schedules (
  tenant_id uuid NOT NULL,
  workflow_id uuid NOT NULL,
  version integer NOT NULL,
  cron text NOT NULL,
  timezone text NOT NULL DEFAULT 'UTC',
  next_at timestamptz,
  PRIMARY KEY (tenant_id, workflow_id),
  FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX workflow_schedules_due_idx ON workflow_schedules (next_at);

CREATE TABLE workflow_hook_routes (
  workflow_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workflow_schedules', 'workflow_hook_routes']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY engine_only ON %I USING (current_user <> ''crm_app'') WITH CHECK (current_user <> ''crm_app'')', t);
  END LOOP;
END
$$;

-- The incoming-webhook signing secret, sealed with lib/crypto/secret-box (context
-- workflow-hook:<tenant>:<id>). HMAC verification needs the secret itself, so the unused
-- hash column from 0005 cannot serve.
ALTER TABLE workflows ADD COLUMN webhook_secret_sealed text;

-- Security: SECURITY DEFINER so the app role can keep the engine-only tables in step without
-- any grant on them; the functions only copy the changed workflow's own tenant and id, and
-- read its published version under the caller's app.tenant_id (RLS still applies).
CREATE FUNCTION workflow_sync_schedule() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM workflow_schedules WHERE tenant_id = NEW.tenant_id AND workflow_id = NEW.id;
  IF NEW.enabled AND NEW.published_version IS NOT NULL THEN
    INSERT INTO workflow_schedules (tenant_id, workflow_id, version, cron, timezone)
    SELECT v.tenant_id, v.workflow_id, v.version, v.definition -> 'trigger' ->> 'cron',
           coalesce(v.definition -> 'trigger' ->> 'timezone', 'UTC')
    FROM workflow_versions v
    WHERE v.tenant_id = NEW.tenant_id AND v.workflow_id = NEW.id AND v.version = NEW.published_version
      AND v.trigger_type = 'schedule';
  END IF;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION workflow_sync_schedule() FROM PUBLIC;

CREATE TRIGGER workflows_sync_schedule
  AFTER UPDATE OF published_version, enabled ON workflows
  FOR EACH ROW
  WHEN (OLD.published_version IS DISTINCT FROM NEW.published_version OR OLD.enabled IS DISTINCT FROM NEW.enabled)
  EXECUTE FUNCTION workflow_sync_schedule();

CREATE FUNCTION workflow_add_hook_route() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO workflow_hook_routes (workflow_id, tenant_id) VALUES (NEW.id, NEW.tenant_id);
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION workflow_add_hook_route() FROM PUBLIC;

CREATE TRIGGER workflows_hook_route
  AFTER INSERT ON workflows
  FOR EACH ROW EXECUTE FUNCTION workflow_add_hook_route();

-- Workflows made before this migration (run as the owner, across tenants).
INSERT INTO workflow_hook_routes (workflow_id, tenant_id) SELECT id, tenant_id FROM workflows ON CONFLICT DO NOTHING;
