import 'server-only';
import type { AuthEventKind } from '../audit/audit-actions';
import { appendAudit } from '../audit/append-audit';
import type { Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';

export type { AuthEventKind };

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
 * Appends one event to `auth_events` (every attempt, including ones for unknown emails) and
 * to the hash-chained audit log as `auth.<kind>`: of `tenantId` when the event belongs to one
 * organization (a session's tenant, a membership change), otherwise of every organization the
 * person is a member of (failed sign-ins, second-factor and recovery-code use, enrollment,
 * password changes: the account guards all of them). An event with no known person (an
 * unknown email) reaches no tenant. Pass `tx` to commit it with the change it describes;
 * without it, it is its own transaction.
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
    const tenants = await auditTenants(q, event);
    if (tenants.length === 0) return;
    // Security: the caller's transaction goes on after this (a password change, an invite);
    // its tenant setting decides what RLS lets it see and write, so it is put back exactly as
    // it was, never left on the last organization written to. (On an error the transaction
    // is rolled back, setting included.)
    const previous = (await q.query<{ v: string | null }>("SELECT current_setting('app.tenant_id', true) AS v")).rows[0]?.v ?? '';
    for (const tenantId of tenants) {
      // The tenant setting also lets a non-superuser owner write under FORCE RLS.
      await q.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      await appendFor(q, tenantId);
    }
    await q.query("SELECT set_config('app.tenant_id', $1, true)", [previous]);
  };
  const appendFor = (q: Queryable, tenantId: string) =>
    appendAudit(q, {
      tenantId,
      actorId: event.actorId ?? event.userId ?? null,
      action: `auth.${event.kind}`,
      targetType: event.userId ? 'user' : null,
      targetId: event.userId ?? null,
      data: { outcome: event.outcome, ...(event.email ? { email: event.email } : {}), ...(event.detail ?? {}) },
      ip: event.ip ?? null,
      userAgent: event.userAgent?.slice(0, 500) ?? null,
    });
  if (tx) await writeBoth(tx);
  else await withSystem(writeBoth);
}

/** The tenants whose audit log records `event`: its own tenant, or every membership of its person. */
async function auditTenants(q: Queryable, event: AuthEvent): Promise<string[]> {
  if (event.tenantId) return [event.tenantId];
  if (!event.userId) return [];
  // Inactive memberships too: a deactivated person's sign-in attempts are that organization's business.
  const r = await q.query<{ tenant_id: string }>('SELECT tenant_id FROM memberships WHERE user_id = $1 ORDER BY tenant_id', [event.userId]);
  return r.rows.map((row) => row.tenant_id);
}
