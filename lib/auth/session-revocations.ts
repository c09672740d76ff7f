import 'server-only';
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
 * Tells this process, inside the changing transaction (before it commits), that a person's
 * or an organization's sessions are changing. The commit's notification reaches every
 * instance a moment after the commit; this reaches this instance's session cache before
 * it, so a request made here right after the change is checked against the database.
 * `tx` marks the call as part of a transaction (the trigger sends the notification).
 */
export async function notifySessionsChanged(_tx: Queryable, userId: string): Promise<void> {
  signalAuthChange({ userId });
}

/** {@link notifySessionsChanged} for an organization's settings. */
export async function notifyTenantSessionsChanged(_tx: Queryable, tenantId: string): Promise<void> {
  signalAuthChange({ tenantId });
}

function signalAuthChange(change: AuthChange): void {
  for (const l of listeners) l(change);
}

/** Calls `listener` on every local signal of this process; returns the unsubscribe. */
export function onLocalAuthChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
