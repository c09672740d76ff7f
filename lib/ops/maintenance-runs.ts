import 'server-only';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';

export interface MaintenanceRun {
  id: number;
  job: string;
  startedAt: string;
  finishedAt: string | null;
  ok: boolean | null;
  detail: Record<string, unknown>;
}

/** The sync tombstone purge's job name (the job is in sync/server, which lib may not import). */
export const TOMBSTONE_JOB = 'sync_tombstone_purge';

/** A run that has not finished after this long is presumed dead and may be taken over (ms). */
export const RUN_LEASE_MS = 60 * 60 * 1000;

/**
 * Claims a run of `job` unless one started less than `everyMs` ago (finished, or still within
 * its lease). System job: the transaction-scoped advisory lock serialises claims from every
 * instance, so exactly one of them runs each interval. Returns the run id, or null.
 */
export async function claimRun(job: string, everyMs: number, now: Date, db?: Database): Promise<number | null> {
  return withSystem(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('job:' || $1, 0))`, [job]);
    const recent = await tx.query<{ started_at: Date; ok: boolean | null }>(
      `SELECT started_at, ok FROM maintenance_runs WHERE job = $1 AND ok IS NOT FALSE ORDER BY started_at DESC LIMIT 1`,
      [job],
    );
    const last = recent.rows[0];
    if (last) {
      const age = now.getTime() - new Date(last.started_at).getTime();
      if (age < everyMs || (last.ok === null && age < RUN_LEASE_MS)) return null;
    }
    const r = await tx.query<{ id: number }>(`INSERT INTO maintenance_runs (job, started_at) VALUES ($1, $2) RETURNING id`, [job, now.toISOString()]);
    return Number(r.rows[0]!.id);
  }, db);
}

/** Records how a claimed run ended. */
export async function finishRun(id: number, ok: boolean, detail: Record<string, unknown>, db?: Database): Promise<void> {
  await withSystem((tx) => tx.query(`UPDATE maintenance_runs SET finished_at = now(), ok = $2, detail = $3::jsonb WHERE id = $1`, [id, ok, JSON.stringify(detail)]), db);
}

/** The newest run of `job`, or null (system read: the health page filters per tenant). */
export async function lastRun(job: string, db?: Database): Promise<MaintenanceRun | null> {
  return withSystem(async (tx) => {
    const r = await tx.query<{ id: number; job: string; started_at: Date; finished_at: Date | null; ok: boolean | null; detail: Record<string, unknown> }>(
      `SELECT id, job, started_at, finished_at, ok, detail FROM maintenance_runs WHERE job = $1 ORDER BY started_at DESC LIMIT 1`,
      [job],
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      id: Number(row.id),
      job: row.job,
      startedAt: new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
      ok: row.ok,
      detail: row.detail,
    };
  }, db);
}

export type JobOutcome<T> = { status: 'not_due' } | { status: 'done'; runId: number; detail: T } | { status: 'failed'; runId: number; error: string };

/**
 * Runs `work` as job `job` if this instance wins the claim for the current interval, and
 * records how it ended (the health page reads it). A failure is recorded and returned for
 * the caller to log, never thrown: one failing job must not stop the others of a tick.
 */
export async function runClaimedJob<T extends Record<string, unknown>>(job: string, everyMs: number, now: Date, work: () => Promise<T>, db?: Database): Promise<JobOutcome<T>> {
  const runId = await claimRun(job, everyMs, now, db);
  if (runId === null) return { status: 'not_due' };
  try {
    const detail = await work();
    await finishRun(runId, true, detail, db);
    return { status: 'done', runId, detail };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await finishRun(runId, false, { error }, db);
    return { status: 'failed', runId, error };
  }
}
