import 'server-only';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { logger } from '../observability/logger';
import { runClaimedJob, type JobOutcome } from './maintenance-runs';

export const LINK_PURGE_JOB = 'link_purge';
/** How often the purge runs across all instances (ms): daily. */
export const LINK_PURGE_EVERY_MS = 24 * 60 * 60 * 1000;
/** How long a used or expired sign-up request or password reset is kept, for support questions (ms): 7 days. */
export const SIGNUP_REQUEST_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** How long the development outboxes keep mail (ms): 7 days. */
export const OUTBOX_KEEP_MS = 7 * 24 * 60 * 60 * 1000;

export interface LinkPurgeDetail extends Record<string, unknown> {
  signupRequests: number;
  passwordResets: number;
  devMail: number;
  outboxMail: number;
}

/**
 * The scheduled purge of mailed-link leftovers: sign-up requests and password resets used or
 * expired more than SIGNUP_REQUEST_KEEP_MS ago, and development outbox mail (sign-up mail, and each
 * organization's mail_outbox) older than OUTBOX_KEEP_MS. Security: the outboxes hold link
 * tokens in clear text and sign-up requests hold addresses; neither should live forever.
 * Pending, unexpired requests are never touched.
 */
export async function runLinkPurge(db?: Database, now = new Date(), everyMs = LINK_PURGE_EVERY_MS): Promise<JobOutcome<LinkPurgeDetail>> {
  const outcome = await runClaimedJob(
    LINK_PURGE_JOB,
    everyMs,
    now,
    async (): Promise<LinkPurgeDetail> => {
      const signupBefore = new Date(now.getTime() - SIGNUP_REQUEST_KEEP_MS).toISOString();
      const mailBefore = new Date(now.getTime() - OUTBOX_KEEP_MS).toISOString();
      const { signupRequests, passwordResets, devMail, tenants } = await withSystem(async (tx) => {
        const s = await tx.query('DELETE FROM signup_requests WHERE expires_at < $1 OR used_at < $1', [signupBefore]);
        const r = await tx.query('DELETE FROM password_resets WHERE expires_at < $1 OR used_at < $1', [signupBefore]);
        const d = await tx.query('DELETE FROM dev_mail_outbox WHERE created_at < $1', [mailBefore]);
        const t = await tx.query<{ id: string }>('SELECT id FROM tenants ORDER BY id');
        return { signupRequests: s.rowCount, passwordResets: r.rowCount, devMail: d.rowCount, tenants: t.rows };
      }, db);
      let outboxMail = 0;
      for (const { id } of tenants) {
        outboxMail += await withSystem(async (tx) => {
          // mail_outbox is a tenant table under FORCE ROW LEVEL SECURITY: name the tenant.
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
          return (await tx.query('DELETE FROM mail_outbox WHERE tenant_id = $1 AND created_at < $2', [id, mailBefore])).rowCount;
        }, db);
      }
      return { signupRequests, passwordResets, devMail, outboxMail };
    },
    db,
  );
  if (outcome.status === 'done') logger().info({ job: LINK_PURGE_JOB, ...outcome.detail }, 'link purge done');
  if (outcome.status === 'failed') logger().error({ job: LINK_PURGE_JOB, error: outcome.error }, 'link purge failed');
  return outcome;
}
