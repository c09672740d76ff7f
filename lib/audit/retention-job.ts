import 'server-only';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { logger } from '../observability/logger';
import { runClaimedJob } from '../ops/maintenance-runs';
import { retentionPolicyFromSettings } from '../retention/retention-policy';
import { appendAudit } from './append-audit';
import { enforceRetention } from './enforce-retention';
import { chainPending } from './sequence-audit';
import { signHead } from './sign-head';

export const RETENTION_JOB = 'audit_retention';
/** How often retention runs across all instances (ms): daily. */
export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

export type RetentionOutcome =
  | { status: 'not_due' }
  | { status: 'done'; runId: number; removed: Record<string, number> }
  | { status: 'failed'; runId: number; error: string };

/**
 * The scheduled audit retention: for every tenant whose retention policy limits the audit log
 * (its `auditDays`, also set by the audit-retention route), removes entries older than that
 * many days (enforceRetention leaves a checkpoint so the chain still verifies)
 * and records the removal as an audit entry of its own. One transaction per tenant, so a
 * long run never holds one tenant's audit lock while it works on the others.
 */
export async function runAuditRetention(db?: Database, now = new Date(), everyMs = RETENTION_EVERY_MS): Promise<RetentionOutcome> {
  const outcome = await runClaimedJob(
    RETENTION_JOB,
    everyMs,
    now,
    async () => {
      const removed: Record<string, number> = {};
      const tenants = await withSystem(async (tx) => (await tx.query<{ id: string; settings: unknown }>('SELECT id, settings FROM tenants ORDER BY id')).rows, db);
      for (const tenant of tenants) {
        const days = retentionPolicyFromSettings(tenant.settings).auditDays;
        if (days === null) continue;
        removed[tenant.id] = await withSystem(async (tx) => {
          // The tenant setting also lets a non-superuser owner see the rows under FORCE RLS.
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.id]);
          const n = await enforceRetention(tx, tenant.id, days, now);
          if (n > 0) {
            await appendAudit(tx, { tenantId: tenant.id, action: 'audit.retention', data: { removed: n, days }, occurredAt: now });
            // Chained in this transaction (it holds the lock already), so the head signed below covers it.
            await chainPending(tx, tenant.id);
            // Security: the new checkpoint is signed in the same transaction, so verification can
            // tell it from a checkpoint forged to hide edited or deleted entries.
            await signHead(tx, tenant.id, { now });
          }
          return n;
        }, db);
      }
      return { removed };
    },
    db,
  );
  if (outcome.status === 'not_due') return outcome;
  if (outcome.status === 'failed') {
    logger().error({ job: RETENTION_JOB, error: outcome.error }, 'audit retention failed');
    return outcome;
  }
  logger().info({ job: RETENTION_JOB, removed: outcome.detail.removed }, 'audit retention done');
  return { status: 'done', runId: outcome.runId, removed: outcome.detail.removed };
}
