import 'server-only';
import { appendAudit } from '../audit/append-audit';
import type { Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';

export type AuthEventKind =
  | 'sign_in.password'
  | 'sign_in.second_factor'
  | 'sign_in.recovery_code'
  | 'sign_out'
  | 'sessions.revoke_others'
  | 'password.change'
  | 'totp.enroll'
  | 'totp.disable'
  | 'totp.recovery_regenerate'
  | 'organization.create'
  | 'tenant.switch'
  | 'invite.create'
  | 'invite.accept'
  | 'member.role_change'
  | 'member.deactivate'
  | 'member.reactivate'
  | 'member.reset_2fa'
  | 'settings.mfa_policy';

export interface AuthEvent {
  kind: AuthEventKind;
  outcome: 'success' | 'failure' | 'blocked';
  userId?: string | null;
  tenantId?: string | null;
  actorId?: string | null;
  email?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Appends one event to `auth_events` (every attempt, including ones for unknown emails) and,
 * when it belongs to a tenant, to that tenant's hash-chained audit log as `auth.<kind>`.
 * Pass `tx` to commit it with the change it describes; without it, it is its own transaction.
 */
export async function recordAuthEvent(event: AuthEvent, tx?: Queryable): Promise<void> {
  const write = (q: Queryable) =>
    q.query(
      `INSERT INTO auth_events (kind, outcome, user_id, tenant_id, actor_id, email, ip, user_agent, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [
        event.kind,
        event.outcome,
        event.userId ?? null,
        event.tenantId ?? null,
        event.actorId ?? null,
        event.email ?? null,
        event.ip ?? null,
        event.userAgent?.slice(0, 500) ?? null,
        JSON.stringify(event.detail ?? {}),
      ],
    );
  const writeBoth = async (q: Queryable) => {
    await write(q);
    if (!event.tenantId) return;
    await appendAudit(q, {
      tenantId: event.tenantId,
      actorId: event.actorId ?? event.userId ?? null,
      action: `auth.${event.kind}`,
      targetType: event.userId ? 'user' : null,
      targetId: event.userId ?? null,
      data: { outcome: event.outcome, ...(event.email ? { email: event.email } : {}), ...(event.detail ?? {}) },
      ip: event.ip ?? null,
      userAgent: event.userAgent?.slice(0, 500) ?? null,
    });
  };
  if (tx) await writeBoth(tx);
  else await withSystem(writeBoth);
}
