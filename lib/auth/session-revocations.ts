import 'server-only';
import type { Queryable } from '../db/types';

/**
 * Postgres channel told (on commit) whenever a person's sessions may have died: session
 * version bumped (sign out other devices, password change, 2FA reset), one session signed
 * out, a membership deactivated or its role changed. Live streams listen and recheck at once,
 * on every instance; their periodic recheck is only the safety net.
 */
export const SESSION_REVOCATIONS_CHANNEL = 'crm_session_revocations';

/** Queues the notification in `tx`: sent when it commits, never for a rolled-back change. */
export async function notifySessionsChanged(tx: Queryable, userId: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [SESSION_REVOCATIONS_CHANNEL, JSON.stringify({ u: userId })]);
}
