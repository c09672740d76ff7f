import 'server-only';
import { appendAudit } from '../audit/append-audit';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { CONFLICT_NOTICE_DAYS } from '@/sync/schema/conflict-notice';
import { logger } from '../observability/logger';
import { effectiveRetention, retentionDefaults } from '../retention/retention-defaults';
import { daysBefore, expiredDeliveries, retentionSelections } from '../retention/retention-candidates';
import { retentionPolicyFromSettings } from '../retention/retention-policy';
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
 * forever (the audit log has its own retention and erasure, lib/audit). The days are the
 * tenant's retention policy (lib/retention), RECORD_CHANGES_RETENTION_DAYS and
 * WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS where it has none; what each removes is the selection
 * the policy's dry run counts (lib/retention/retention-candidates.ts):
 *   * record_changes, the outbox workflows read, holds whole documents before and after each
 *     write: a row is deleted the change log's days after it was written, and never while a
 *     pending workflow-trigger or webhook fan-out job still names it (not yet read).
 *   * a finished workflow run keeps its status, steps, decisions and errors, but the record,
 *     the previous values and any webhook or manual input its trigger carried, and each step's
 *     input and output, are removed the run data's days after it finished. The trigger keeps
 *     which fields changed and `expired: true`, so the run page can say why.
 *   * record_conflicts, the values set aside in sync conflicts: deleted once no phone is
 *     handed them any more (CONFLICT_NOTICE_DAYS after the conflict).
 *   * webhook_deliveries hold each event's payload (record values) for the delivery log and
 *     redelivery: a delivered or failed one is deleted with its attempts the change log's days
 *     after it was made; a pending one is kept until it ends.
 * One transaction per tenant, as the owner with the tenant set (the tables force row-level
 * security, and the app role may not delete from them). A tenant's removals are recorded in
 * its audit log (`retention.enforce`, counts only).
 */
export async function runChangeDataRetention(db?: Database, now = new Date(), everyMs = CHANGE_DATA_RETENTION_EVERY_MS): Promise<JobOutcome<ChangeDataRetentionDetail>> {
  const defaults = retentionDefaults();
  const outcome = await runClaimedJob(
    CHANGE_DATA_RETENTION_JOB,
    everyMs,
    now,
    async (): Promise<ChangeDataRetentionDetail> => {
      const conflictsBefore = daysBefore(now, CONFLICT_NOTICE_DAYS).toISOString();
      const tenants = await withSystem(async (tx) => (await tx.query<{ id: string; settings: unknown }>('SELECT id, settings FROM tenants ORDER BY id')).rows, db);
      const detail: ChangeDataRetentionDetail = { changes: 0, runs: 0, conflicts: 0, deliveries: 0 };
      for (const { id, settings } of tenants) {
        const policy = effectiveRetention(retentionPolicyFromSettings(settings), defaults);
        const { changes: expiredChanges, runPayloads: expiredRuns } = retentionSelections(id, policy, now);
        const sent = expiredDeliveries(id, daysBefore(now, policy.changeLogDays));
        const done = await withSystem(async (tx) => {
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
          const changes = await tx.query(`DELETE FROM ${expiredChanges.table} ${expiredChanges.alias} WHERE ${expiredChanges.where}`, expiredChanges.params);
          const runs = await tx.query<{ id: string }>(
            `UPDATE ${expiredRuns.table} ${expiredRuns.alias}
             SET trigger = jsonb_build_object('expired', true, 'changedFields', coalesce(${expiredRuns.alias}.trigger->'changedFields', '[]'::jsonb))
             WHERE ${expiredRuns.where} RETURNING ${expiredRuns.alias}.id`,
            expiredRuns.params,
          );
          if (runs.rows.length > 0) {
            await tx.query('UPDATE workflow_run_steps SET input = NULL, output = NULL WHERE tenant_id = $1 AND run_id = ANY($2::uuid[])', [id, runs.rows.map((r) => r.id)]);
          }
          const conflicts = await tx.query('DELETE FROM record_conflicts WHERE tenant_id = $1 AND noticed_at < $2', [id, conflictsBefore]);
          const deliveries = await tx.query(`DELETE FROM ${sent.table} ${sent.alias} WHERE ${sent.where}`, sent.params);
          const counts = { changes: changes.rowCount, runs: runs.rows.length, conflicts: conflicts.rowCount, deliveries: deliveries.rowCount };
          if (counts.changes + counts.runs + counts.deliveries > 0) {
            await appendAudit(tx, {
              tenantId: id,
              action: 'retention.enforce',
              targetType: 'tenant',
              targetId: id,
              data: { changes: counts.changes, runPayloads: counts.runs, deliveries: counts.deliveries, changeLogDays: policy.changeLogDays, runPayloadDays: policy.runPayloadDays },
              occurredAt: now,
            });
          }
          return counts;
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
