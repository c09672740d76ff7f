import 'server-only';
import { RUN_QUEUE, TRIGGER_QUEUE } from '../db/job-queue';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';

// The workflow queue's depth minute by minute over the last hour, for one organization's
// health page. Nothing samples it: pg-boss keeps every job's creation, due, start and end
// times, and completed jobs stay in pgboss.job for 12 hours (its archive default, which
// lib/workflows/queue.ts keeps), so the depth at any past minute can be read back from the
// jobs themselves. That is exact across server instances and needs no timer. The one blur: a
// job retried after a crash keeps only its latest start time, so during its retry delay it is
// not counted, and before its latest start it counts as waiting the whole time.

/** Minutes in the series, the newest ending at the start of the current minute. */
const MINUTES = 60;

export interface QueueMinute {
  /** End of the minute (ISO): the depth is the count at that instant. */
  at: string;
  /** Workflow run jobs that were due and waiting for a worker (waits not yet due are not counted). */
  runJobs: number;
  /** Batches of record changes waiting to be checked against record-triggered workflows. */
  triggerJobs: number;
}

/** Jobs of `tenantId` due and not yet started, at each of the last hour's minute ends, oldest first. */
export async function queueDepthSeries(tenantId: string, db: Database, now = Date.now()): Promise<QueueMinute[]> {
  const last = Math.floor(now / 60_000) * 60_000;
  const first = last - (MINUTES - 1) * 60_000;
  // System read filtered to the caller's tenant: the queue belongs to the engine, not to RLS.
  const rows = await withSystem(
    async (tx) =>
      (
        await tx.query<{ at: Date; name: string; jobs: number }>(
          `SELECT m.at, j.name, count(*)::int AS jobs
             FROM generate_series($3::timestamptz, $4::timestamptz, interval '1 minute') AS m(at)
             JOIN pgboss.job j
               ON j.created_on <= m.at AND j.start_after <= m.at
              AND (j.started_on IS NULL OR j.started_on > m.at)
              AND (j.completed_on IS NULL OR j.completed_on > m.at)
            WHERE j.name = ANY(ARRAY[$1, $2]) AND j.data->>'tenantId' = $5
              AND (j.started_on IS NULL OR j.started_on > $3::timestamptz)
              AND (j.completed_on IS NULL OR j.completed_on > $3::timestamptz)
            GROUP BY m.at, j.name`,
          [RUN_QUEUE, TRIGGER_QUEUE, new Date(first).toISOString(), new Date(last).toISOString(), tenantId],
        )
      ).rows,
    db,
  );
  const series = Array.from({ length: MINUTES }, (_, i): QueueMinute => ({ at: new Date(first + i * 60_000).toISOString(), runJobs: 0, triggerJobs: 0 }));
  for (const r of rows) {
    const minute = series[Math.round((new Date(r.at).getTime() - first) / 60_000)];
    if (!minute) continue;
    if (r.name === RUN_QUEUE) minute.runJobs = r.jobs;
    else minute.triggerJobs = r.jobs;
  }
  return series;
}
