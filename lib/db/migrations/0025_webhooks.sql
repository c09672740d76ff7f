-- Outgoing webhooks (issue 19, item 4): subscriptions per event type, signed per the Standard
-- Webhooks scheme (lib/webhooks), and the delivery log with every attempt.
--
-- Events are never sent from the writer's transaction. The writer's transaction only queues a
-- "webhook-fanout" job (a trigger on record_changes, and one on workflow_runs when a run ends),
-- and only when the tenant has an active subscription to that event, so a tenant without
-- webhooks pays one indexed EXISTS per statement. Workers turn the job into one delivery per
-- subscription and POST them, with retries as delayed jobs on the same queue (pg-boss).
--
-- Tenant tables follow 0001: tenant_id first in the primary key, FORCE ROW LEVEL SECURITY.

CREATE TABLE webhook_subscriptions (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
  description text CHECK (description IS NULL OR length(description) <= 200),
  -- e.g. {contacts.created, deals.updated, workflow_run.failed}; lib/webhooks/event-types.ts.
  event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
  -- The `whsec_…` signing secret, sealed with lib/crypto/secret-box (context
  -- `webhook-secret:<id>`); shown once, when made or rotated.
  secret_sealed text NOT NULL,
  -- After a rotation the old secret still signs (a second signature in the same header) until
  -- previous_secret_expires_at, so receivers can switch without dropping a delivery. Context
  -- `webhook-secret-previous:<id>`.
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- The writers' triggers ask "does any active subscription want this event?".
CREATE INDEX webhook_subscriptions_events_idx ON webhook_subscriptions USING gin (event_types) WHERE active;

-- One row per event per subscription. Holds record values (personal data) in `payload`.
CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL,
  -- UUIDv7: the log's page order and cursor.
  id uuid NOT NULL,
  subscription_id uuid NOT NULL,
  -- The event (the `webhook-id` header): the same for every attempt and every subscription, so
  -- receivers drop repeats by it. Derived from its cause, so a re-run fan-out makes no twin.
  event_id text NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- Attempts allowed before the delivery fails for good; a redelivery raises it.
  attempt_limit integer NOT NULL,
  last_status integer,
  last_error text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, subscription_id, event_id),
  FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (tenant_id, subscription_id, id DESC);

-- Every attempt of every delivery: when, the answer's status code or the error, how long.
CREATE TABLE webhook_delivery_attempts (
  tenant_id uuid NOT NULL,
  delivery_id uuid NOT NULL,
  attempt integer NOT NULL CHECK (attempt >= 1),
  -- 'redeliver' when a person asked for it; 'auto' for the first try and the retries.
  cause text NOT NULL CHECK (cause IN ('auto', 'redeliver')),
  response_status integer,
  error text,
  duration_ms integer NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, delivery_id, attempt),
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webhook_subscriptions', 'webhook_deliveries', 'webhook_delivery_attempts']
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

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_subscriptions TO crm_app;
-- The log is written by the workers (the owner role); the app reads it and deletes it with its
-- subscription (ON DELETE CASCADE runs as the app role too).
GRANT SELECT, DELETE ON webhook_deliveries, webhook_delivery_attempts TO crm_app;

-- The queues, made here (not in lib/db/job-queue.ts) because the triggers below need them to
-- exist before the first record is written after this migration. pg-boss's own create_queue
-- (idempotent: ON CONFLICT DO NOTHING) with the options job-queue.ts gives its queues:
-- infrastructure retries only; delivery retries are the workers' own delayed jobs.
SELECT pgboss.create_queue('webhook-fanout', '{"policy":"standard","retryLimit":20,"retryDelay":1,"retryBackoff":true,"expireInSeconds":300}'::json);
SELECT pgboss.create_queue('webhook-deliver', '{"policy":"standard","retryLimit":20,"retryDelay":1,"retryBackoff":true,"expireInSeconds":300}'::json);

-- Security: SECURITY DEFINER so the app role needs no grant on the queue. It queues only the
-- ids of the changes this statement inserted, under their own tenant, and only those some
-- active subscription of that tenant wants (RLS: the writer's tenant is the one set for the
-- transaction). The INSERT mirrors pg-boss 10's (see 0013).
CREATE FUNCTION webhook_queue_record_events() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  wanted integer;
  queued integer;
BEGIN
  WITH batches AS (
    SELECT c.tenant_id, jsonb_agg(c.id ORDER BY c.id) AS change_ids
    FROM new_changes c
    WHERE EXISTS (
      SELECT 1 FROM webhook_subscriptions s
      WHERE s.tenant_id = c.tenant_id AND s.active
        AND s.event_types @> ARRAY[c.collection || '.' || CASE c.op WHEN 'create' THEN 'created' WHEN 'update' THEN 'updated' ELSE 'deleted' END]
    )
    GROUP BY c.tenant_id
  ), jobs AS (
    INSERT INTO pgboss.job (name, data, start_after, retry_limit, retry_delay, retry_backoff, expire_in, policy)
    SELECT q.name, jsonb_build_object('tenantId', b.tenant_id, 'changeIds', b.change_ids),
           now() - interval '1 millisecond', q.retry_limit, q.retry_delay, q.retry_backoff, make_interval(secs => q.expire_seconds), q.policy
    FROM batches b CROSS JOIN pgboss.queue q
    WHERE q.name = 'webhook-fanout'
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM jobs) INTO wanted, queued;
  -- No queue means events would be lost: refuse the write instead.
  IF queued < wanted THEN
    RAISE EXCEPTION 'the webhook-fanout queue is missing; run the migrations';
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION webhook_queue_record_events() FROM PUBLIC;

CREATE TRIGGER record_changes_webhooks
  AFTER INSERT ON record_changes
  REFERENCING NEW TABLE AS new_changes
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_queue_record_events();

-- A workflow run that ends (succeeded → workflow_run.finished, failed → workflow_run.failed),
-- wherever that happens (the engine's last step, a run with no steps, a failure for good), in
-- the transaction that ends it. A retried run that fails again is a new event: finished_at is
-- part of its key. Security: as above; it copies only the run's own tenant and ids.
CREATE FUNCTION webhook_queue_run_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  event text := CASE NEW.status WHEN 'succeeded' THEN 'workflow_run.finished' ELSE 'workflow_run.failed' END;
  queued integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.tenant_id = NEW.tenant_id AND s.active AND s.event_types @> ARRAY[event]) THEN
    RETURN NULL;
  END IF;
  INSERT INTO pgboss.job (name, data, start_after, retry_limit, retry_delay, retry_backoff, expire_in, policy)
  SELECT q.name, jsonb_build_object('tenantId', NEW.tenant_id, 'runId', NEW.id, 'status', NEW.status, 'finishedAt', coalesce(NEW.finished_at, now())),
         now() - interval '1 millisecond', q.retry_limit, q.retry_delay, q.retry_backoff, make_interval(secs => q.expire_seconds), q.policy
  FROM pgboss.queue q WHERE q.name = 'webhook-fanout';
  GET DIAGNOSTICS queued = ROW_COUNT;
  IF queued = 0 THEN
    RAISE EXCEPTION 'the webhook-fanout queue is missing; run the migrations';
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION webhook_queue_run_event() FROM PUBLIC;

CREATE TRIGGER workflow_runs_webhooks_insert
  AFTER INSERT ON workflow_runs
  FOR EACH ROW WHEN (NEW.status IN ('succeeded', 'failed'))
  EXECUTE FUNCTION webhook_queue_run_event();
CREATE TRIGGER workflow_runs_webhooks_update
  AFTER UPDATE OF status ON workflow_runs
  FOR EACH ROW WHEN (NEW.status IN ('succeeded', 'failed') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION webhook_queue_run_event();
