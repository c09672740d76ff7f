-- Trigger jobs start 1 ms in the past (lib/db/job-queue.ts, DUE_NOW). pg-boss fetches only
-- jobs with start_after < now(), and PGlite's clock has millisecond resolution: a trigger job
-- queued by a quick write and fetched within the same millisecond (by the worker its NOTIFY
-- woke) stayed invisible until the next poll. Same function as 0013 otherwise.

CREATE OR REPLACE FUNCTION workflow_queue_triggers() RETURNS trigger
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
    INSERT INTO pgboss.job (name, data, start_after, retry_limit, retry_delay, retry_backoff, expire_in, policy)
    SELECT q.name, jsonb_build_object('tenantId', b.tenant_id, 'collection', b.collection, 'changeIds', b.change_ids),
           now() - interval '1 millisecond', q.retry_limit, q.retry_delay, q.retry_backoff, make_interval(secs => q.expire_seconds), q.policy
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
