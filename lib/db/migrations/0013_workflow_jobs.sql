-- Workflow triggers and timers move onto the job queue (pg-boss, created with the migrations
-- by lib/db/job-queue.ts before this file runs).
--
-- Before: a row trigger copied every change into workflow_change_inbox, a 500 ms ticker
-- turned the inbox into runs under one cluster-wide lock, and waits and retries sat in
-- workflow_timers until the ticker woke them. Now the statement that writes the changes
-- queues one "workflow-trigger" job per tenant and collection, in its own transaction (so a
-- trigger is never lost and never fires for a rolled-back write); waits and retries are run
-- jobs with a delayed start. Workers take jobs as they come, for every tenant at once.
--
-- The INSERTs into pgboss.job mirror pg-boss 10's own insert (lib/db/job-queue.ts pins the
-- queues' options; the job table's other columns keep their defaults). pg-boss upgrades that
-- change its job table must revisit workflow_queue_triggers() below.

DROP TRIGGER record_changes_workflow_inbox ON record_changes;
DROP FUNCTION workflow_enqueue_change();

-- Security: SECURITY DEFINER so the app role needs no grant on the queue. It queues only the
-- ids of the changes this statement inserted, under their own tenant, and only when that
-- tenant has a published, enabled record-triggered workflow on the collection (RLS: the
-- writer's tenant is the one set for the transaction).
CREATE FUNCTION workflow_queue_triggers() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  wanted integer;
  queued integer;
BEGIN
  WITH batches AS (
    SELECT c.tenant_id, c.collection, jsonb_agg(c.id ORDER BY c.id) AS change_ids
    FROM new_changes c
    WHERE EXISTS (
      SELECT 1 FROM workflows w
      JOIN workflow_versions v ON v.tenant_id = w.tenant_id AND v.workflow_id = w.id AND v.version = w.published_version
      WHERE w.tenant_id = c.tenant_id AND w.enabled AND v.trigger_type = 'record' AND v.trigger_collection = c.collection
    )
    GROUP BY c.tenant_id, c.collection
  ), jobs AS (
    INSERT INTO pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, policy)
    SELECT q.name, jsonb_build_object('tenantId', b.tenant_id, 'collection', b.collection, 'changeIds', b.change_ids),
           q.retry_limit, q.retry_delay, q.retry_backoff, make_interval(secs => q.expire_seconds), q.policy
    FROM batches b CROSS JOIN pgboss.queue q
    WHERE q.name = 'workflow-trigger'
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM jobs) INTO wanted, queued;
  -- No queue means triggers would be lost: refuse the write instead.
  IF queued < wanted THEN
    RAISE EXCEPTION 'the workflow-trigger queue is missing; run the migrations';
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION workflow_queue_triggers() FROM PUBLIC;

CREATE TRIGGER record_changes_workflow_triggers
  AFTER INSERT ON record_changes
  REFERENCING NEW TABLE AS new_changes
  FOR EACH STATEMENT EXECUTE FUNCTION workflow_queue_triggers();

-- Changes still waiting in the inbox become trigger jobs (in change order, one per change).
INSERT INTO pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, policy)
SELECT q.name, jsonb_build_object('tenantId', i.tenant_id, 'collection', c.collection, 'changeIds', jsonb_build_array(i.change_id)),
       q.retry_limit, q.retry_delay, q.retry_backoff, make_interval(secs => q.expire_seconds), q.policy
FROM workflow_change_inbox i
JOIN record_changes c ON c.tenant_id = i.tenant_id AND c.id = i.change_id
CROSS JOIN pgboss.queue q
WHERE q.name = 'workflow-trigger'
ORDER BY i.tenant_id, i.change_id;

-- Waits and retries still pending become run jobs that start when they are due.
INSERT INTO pgboss.job (name, data, start_after, retry_limit, retry_delay, retry_backoff, expire_in, policy)
SELECT q.name, jsonb_build_object('tenantId', t.tenant_id, 'runId', t.run_id), t.wake_at,
       q.retry_limit, q.retry_delay, q.retry_backoff, make_interval(secs => q.expire_seconds), q.policy
FROM workflow_timers t CROSS JOIN pgboss.queue q
WHERE q.name = 'workflow-run';

DROP TABLE workflow_change_inbox;
DROP TABLE workflow_timers;
