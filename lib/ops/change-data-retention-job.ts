import 'server-only';
import { TRIGGER_QUEUE } from '../db/job-queue';
import { FANOUT_QUEUE } from '../webhooks/webhook-queue';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { env } from '../env';
import { CONFLICT_NOTICE_DAYS } from '@/sync/schema/conflict-notice';
import { logger } from '../observability/logger';
import { runClaimedJob, type JobOutcome } from './maintenance-runs';

export const CHANGE_DATA_RETENTION_JOB = 'change_data_retention';
/** How often the job runs across all instances (ms): daily. */
export const CHANGE_DATA_RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

export interface ChangeDataRetentionDetail extends Record<string, unknown> {
  /** record_changes rows deleted. */
  changes: number;
  /** Finished workflow runs whose trigger and step payloads were removed. */
  runs: number;
  /** record_conflicts rows deleted. */
  conflicts: number;
  /** Finished outgoing webhook deliveries (their payloads and attempt logs) deleted. */
  deliveries: number;
}

/**
 * Personal data the write path and the workflow engine hold for their own work is not kept
 * forever (the audit log has its own retention and erasure, lib/audit):
 *   * record_changes, the outbox workflows read, holds whole documents before and after each
 *     write: a row is deleted RECORD_CHANGES_RETENTION_DAYS after it was written, and never
 *     while a pending workflow-trigger job still names it (not yet evaluated).
 *   * a finished workflow run keeps its status, steps, decisions and errors, but the record,
 *     the previous values and any webhook or manual input its trigger carried, and each step's
 *     input and output, are removed WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS after it finished. The
 *     trigger keeps which fields changed and `expired: true`, so the run page can say why.
 *   * record_conflicts, the values set aside in sync conflicts: deleted once no phone is
 *     handed them any more (CONFLICT_NOTICE_DAYS after the conflict).
 *   * webhook_deliveries hold each event's payload (record values) for the delivery log and
 *     redelivery: a delivered or failed one is deleted with its attempts
 *     RECORD_CHANGES_RETENTION_DAYS after it was made; a pending one is kept until it ends.
 *     Changes a pending webhook fan-out job still names are kept, as for workflow triggers.
 * One transaction per tenant, as the owner with the tenant set (the tables force row-level
 * security, and the app role may not delete from them).
 */
export async function runChangeDataRetention(db?: Database, now = new Date(), everyMs = CHANGE_DATA_RETENTION_EVERY_MS): Promise<JobOutcome<ChangeDataRetentionDetail>> {
  const { RECORD_CHANGES_RETENTION_DAYS: changeDays, WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS: runDays } = env();
  const outcome = await runClaimedJob(
    CHANGE_DATA_RETENTION_JOB,
    everyMs,
    now,
    async (): Promise<ChangeDataRetentionDetail> => {
      const changesBefore = new Date(now.getTime() - changeDays * 86_400_000).toISOString();
      const runsBefore = new Date(now.getTime() - runDays * 86_400_000).toISOString();
      const conflictsBefore = new Date(now.getTime() - CONFLICT_NOTICE_DAYS * 86_400_000).toISOString();
      const tenants = await withSystem(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM tenants ORDER BY id')).rows, db);
      const detail: ChangeDataRetentionDetail = { changes: 0, runs: 0, conflicts: 0, deliveries: 0 };
      for (const { id } of tenants) {
        const done = await withSystem(async (tx) => {
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
          const changes = await tx.query(
            `DELETE FROM record_changes c WHERE c.tenant_id = $1 AND c.occurred_at < $2
               AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = ANY($3::text[]) AND j.state < 'completed'
                                 AND j.data->>'tenantId' = $1::text AND j.data->'changeIds' @> to_jsonb(c.id))`,
            [id, changesBefore, [TRIGGER_QUEUE, FANOUT_QUEUE]],
          );
          const runs = await tx.query<{ id: string }>(
            `UPDATE workflow_runs SET trigger = jsonb_build_object('expired', true, 'changedFields', coalesce(trigger->'changedFields', '[]'::jsonb))
             WHERE tenant_id = $1 AND status IN ('succeeded', 'failed', 'cancelled') AND finished_at < $2 AND NOT (trigger ? 'expired')
             RETURNING id`,
            [id, runsBefore],
          );
          if (runs.rows.length > 0) {
            await tx.query('UPDATE workflow_run_steps SET input = NULL, output = NULL WHERE tenant_id = $1 AND run_id = ANY($2::uuid[])', [id, runs.rows.map((r) => r.id)]);
          }
          const conflicts = await tx.query('DELETE FROM record_conflicts WHERE tenant_id = $1 AND noticed_at < $2', [id, conflictsBefore]);
          const deliveries = await tx.query("DELETE FROM webhook_deliveries WHERE tenant_id = $1 AND status <> 'pending' AND created_at < $2", [id, changesBefore]);
          return { changes: changes.rowCount, runs: runs.rows.length, conflicts: conflicts.rowCount, deliveries: deliveries.rowCount };
        }, db);
        detail.changes += done.changes;
        detail.runs += done.runs;
        detail.conflicts += done.conflicts;
        detail.deliveries += done.deliveries;
      }
      return detail;
    },
    db,
  );
  if (outcome.status === 'done') logger().info({ job: CHANGE_DATA_RETENTION_JOB, ...outcome.detail }, 'change data retention done');
  if (outcome.status === 'failed') logger().error({ job: CHANGE_DATA_RETENTION_JOB, error: outcome.error }, 'change data retention failed');
  return outcome;
}
