import 'server-only';
import { getDb } from '../db/open-database';
import type { Database } from '../db/types';
import { logger } from '../observability/logger';
import { runClaimedJob, type JobOutcome } from './maintenance-runs';

export const ANALYZE_JOB = 'pglite_analyze';
/** How often the embedded database refreshes its planner statistics (ms): hourly. */
export const ANALYZE_EVERY_MS = 60 * 60 * 1000;

/**
 * Embedded PGlite has no autovacuum, so its planner statistics are never gathered unless we
 * do it: with none, a sync pull of 1,000 rows out of 50,000 took 350 ms (bitmap scan and a
 * sort of every row) instead of 25 ms (index scan). Postgres's autovacuum does this itself,
 * so there the job does nothing. ANALYZE samples at most 30,000 rows per table, so it stays
 * around a second even for large databases; it blocks the single PGlite connection for that
 * long, hence hourly rather than every tick.
 */
export async function runPgliteAnalyze(db?: Database, now = new Date(), everyMs = ANALYZE_EVERY_MS): Promise<JobOutcome<{ ms: number }> | { status: 'not_applicable' }> {
  const database = db ?? (await getDb());
  if (database.kind !== 'pglite') return { status: 'not_applicable' };
  const outcome = await runClaimedJob(
    ANALYZE_JOB,
    everyMs,
    now,
    async () => {
      const started = performance.now();
      await database.exec('ANALYZE');
      return { ms: Math.round(performance.now() - started) };
    },
    database,
  );
  if (outcome.status === 'failed') logger().error({ job: ANALYZE_JOB, error: outcome.error }, 'statistics refresh failed');
  return outcome;
}
