import 'server-only';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { logger } from '../observability/logger';
import { runClaimedJob, type JobOutcome } from '../ops/maintenance-runs';
import { deleteExpiredRecords, RETENTION_BATCH, type RecordRetentionCounts } from './delete-expired-records';
import { retentionPolicyFromSettings } from './retention-policy';

export const RECORD_RETENTION_JOB = 'record_retention';
/** How often the job runs across all instances (ms): daily. */
export const RECORD_RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

export interface RecordRetentionDetail extends Record<string, unknown> {
  /** Records deleted per tenant that had any. */
  removed: Record<string, RecordRetentionCounts>;
}

/**
 * The scheduled retention of records: for every tenant whose policy limits how long activities
 * or closed deals are kept, deletes those past it (deleteExpiredRecords: scrubbed tombstones
 * through the record pipeline, in batches, their history scrubbed of the values). Each batch
 * records its counts in the tenant's audit log (`retention.enforce`) in its own transaction, so
 * a tenant that fails midway has its committed batches audited. A tenant that fails is logged
 * and the others still run; the run is then recorded as failed, so the next tick tries again.
 */
export async function runRecordRetention(db?: Database, now = new Date(), everyMs = RECORD_RETENTION_EVERY_MS, batchSize = RETENTION_BATCH): Promise<JobOutcome<RecordRetentionDetail>> {
  const outcome = await runClaimedJob(
    RECORD_RETENTION_JOB,
    everyMs,
    now,
    async (): Promise<RecordRetentionDetail> => {
      const tenants = await withSystem(async (tx) => (await tx.query<{ id: string; settings: unknown }>('SELECT id, settings FROM tenants ORDER BY id')).rows, db);
      const removed: Record<string, RecordRetentionCounts> = {};
      const failed: string[] = [];
      for (const tenant of tenants) {
        const policy = retentionPolicyFromSettings(tenant.settings);
        if (policy.activitiesDays === null && policy.closedDealsMonths === null) continue;
        try {
          const counts = await deleteExpiredRecords(tenant.id, policy, now, db, batchSize);
          if (counts.activities + counts.closedDeals === 0) continue;
          removed[tenant.id] = counts;
        } catch (err) {
          failed.push(tenant.id);
          logger().error({ job: RECORD_RETENTION_JOB, tenantId: tenant.id, err }, 'record retention failed for a tenant');
        }
      }
      if (failed.length > 0) throw new Error(`record retention failed for ${failed.length} tenant(s): ${failed.join(', ')}`);
      return { removed };
    },
    db,
  );
  if (outcome.status === 'done') logger().info({ job: RECORD_RETENTION_JOB, removed: outcome.detail.removed }, 'record retention done');
  if (outcome.status === 'failed') logger().error({ job: RECORD_RETENTION_JOB, error: outcome.error }, 'record retention failed');
  return outcome;
}
