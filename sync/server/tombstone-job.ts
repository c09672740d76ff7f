import 'server-only';
import type { Database } from '@/lib/db/types';
import { withSystem } from '@/lib/db/with-tenant';
import { logger } from '@/lib/observability/logger';
import { runClaimedJob, TOMBSTONE_JOB, type JobOutcome } from '@/lib/ops/maintenance-runs';
import { purgeExpiredTombstones } from './purge-tombstones';

export { TOMBSTONE_JOB };
/** How often expired tombstones are purged across all instances (ms): daily. */
export const TOMBSTONE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * The scheduled tombstone purge: for every tenant, deletes tombstones older than
 * SYNC_TOMBSTONE_RETENTION_DAYS and raises its purge horizon (clients older than it get a
 * full resync). One transaction per tenant. Detail: rows purged per tenant that had any.
 */
export async function runTombstonePurge(db?: Database, now = new Date(), everyMs = TOMBSTONE_EVERY_MS): Promise<JobOutcome<{ purged: Record<string, number> }>> {
  const outcome = await runClaimedJob(
    TOMBSTONE_JOB,
    everyMs,
    now,
    async () => {
      const tenants = await withSystem(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM tenants ORDER BY id')).rows, db);
      const purged: Record<string, number> = {};
      for (const { id } of tenants) {
        const n = Object.values(await purgeExpiredTombstones(id, now, db)).reduce((a, b) => a + b, 0);
        if (n > 0) purged[id] = n;
      }
      return { purged };
    },
    db,
  );
  if (outcome.status === 'done') logger().info({ job: TOMBSTONE_JOB, purged: outcome.detail.purged }, 'tombstone purge done');
  if (outcome.status === 'failed') logger().error({ job: TOMBSTONE_JOB, error: outcome.error }, 'tombstone purge failed');
  return outcome;
}
