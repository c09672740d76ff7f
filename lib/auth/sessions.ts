import 'server-only';
import type { Database, Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { notifySessionsChanged } from './session-revocations';
import type { SessionFields } from './session-token';

/** Kills one session at once: its id goes on the denylist until the token would expire anyway. */
export async function revokeSession(sid: string, userId: string, expiresAtSeconds: number, db?: Database): Promise<void> {
  await withSystem(async (tx) => {
    await tx.query(
      `INSERT INTO revoked_sessions (sid, user_id, expires_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (sid) DO NOTHING`,
      [sid, userId, expiresAtSeconds],
    );
    // Housekeeping: entries past their token's lifetime can go.
    await tx.query('DELETE FROM revoked_sessions WHERE expires_at < now()');
    await notifySessionsChanged(tx, userId);
  }, db);
}

/**
 * Bumps the user's session version so every other token dies, and returns the fields of a
 * replacement for the current session (same sid, new version). Pass `tx` to do it inside a
 * larger change (password change, admin reset).
 */
export async function bumpSessionVersion(userId: string, tx?: Queryable): Promise<number> {
  const run = async (q: Queryable) => {
    const r = await q.query<{ session_version: number }>('UPDATE users SET session_version = session_version + 1, updated_at = now() WHERE id = $1 RETURNING session_version', [userId]);
    await notifySessionsChanged(q, userId);
    return r.rows[0]?.session_version ?? 0;
  };
  return tx ? run(tx) : withSystem(run);
}

/** Fields of the current session moved to a new session version (keeps sid, tenant and factor). */
export function withVersion(fields: SessionFields, sv: number): SessionFields {
  return { ...fields, sv };
}
