import 'server-only';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { logger } from '../observability/logger';
import { runClaimedJob, type JobOutcome } from '../ops/maintenance-runs';
import { chainPending } from './sequence-audit';
import { signHead } from './sign-head';

export const HEAD_SIGNING_JOB = 'audit_head_signing';
/** How often every tenant's chain head is signed (ms): hourly, so at most an hour of entries is unsigned. */
export const HEAD_SIGNING_EVERY_MS = 60 * 60 * 1000;

/**
 * The scheduled signature of every tenant's audit chain head (a tenant whose head has not
 * moved since its last signed head is skipped, until that head is a heartbeat old: see
 * HEAD_HEARTBEAT_MS, so the newest head is never older than a day and an hour). One transaction per tenant, each under that
 * tenant's audit lock, like retention.
 */
export async function runHeadSigning(db?: Database, now = new Date(), everyMs = HEAD_SIGNING_EVERY_MS): Promise<JobOutcome<{ signed: number; tenants: number }>> {
  const outcome = await runClaimedJob(
    HEAD_SIGNING_JOB,
    everyMs,
    now,
    async () => {
      const tenants = await withSystem(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM tenants ORDER BY id')).rows, db);
      let signed = 0;
      for (const tenant of tenants) {
        const head = await withSystem(async (tx) => {
          // The tenant setting also lets a non-superuser owner see the rows under FORCE RLS.
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.id]);
          // Sequence before read: the signed head covers every entry committed so far.
          await chainPending(tx, tenant.id);
          return signHead(tx, tenant.id, { now, onlyIfChanged: true });
        }, db);
        if (head) signed += 1;
      }
      return { signed, tenants: tenants.length };
    },
    db,
  );
  if (outcome.status === 'failed') logger().error({ job: HEAD_SIGNING_JOB, error: outcome.error }, 'audit head signing failed');
  else if (outcome.status === 'done') logger().info({ job: HEAD_SIGNING_JOB, ...outcome.detail }, 'audit heads signed');
  return outcome;
}
