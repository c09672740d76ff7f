import 'server-only';
import { afterCommit } from '../db/after-commit';
import type { Queryable } from '../db/types';

/**
 * Postgres channel told (on commit) whenever what a session check reads changes: payload
 * `{"u":userId}` for a person (session version, sign-out, second factor, membership) or
 * `{"t":tenantId}` for an organization (IP allowlist, 2FA policy, plan). Sent by triggers
 * (0016_auth_change_notify.sql), so no writer can forget it. Live streams recheck at once on
 * every instance; session caches (auth-state-cache.ts) drop what they hold.
 */
export const SESSION_REVOCATIONS_CHANNEL = 'crm_session_revocations';

export type AuthChange = { userId: string } | { tenantId: string };
type Listener = (change: AuthChange) => void;
const holder = globalThis as unknown as { __crmAuthChanges?: Set<Listener> };
const listeners = (holder.__crmAuthChanges ??= new Set());

/**
 * Tells this process's session cache, once `tx` has committed and before the change's caller
 * gets its answer, that a person's sessions changed. (The trigger tells every instance by
 * notification a moment later; this reaches this instance first, so a request made here
 * after the change returned is checked against the database.)
 */
export async function notifySessionsChanged(tx: Queryable, userId: string): Promise<void> {
  afterCommit(tx, `auth-change:u:${userId}`, () => signalAuthChange({ userId }));
}

/** {@link notifySessionsChanged} for an organization's settings. */
export async function notifyTenantSessionsChanged(tx: Queryable, tenantId: string): Promise<void> {
  afterCommit(tx, `auth-change:t:${tenantId}`, () => signalAuthChange({ tenantId }));
}

function signalAuthChange(change: AuthChange): void {
  for (const l of listeners) l(change);
}

/** Calls `listener` after every committed change signalled in this process; returns the unsubscribe. */
export function onLocalAuthChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
