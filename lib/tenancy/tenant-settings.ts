import 'server-only';
import { notifyTenantSessionsChanged } from '../auth/session-revocations';
import { recordAuthEvent } from '../auth/auth-events';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { mfaPolicyFromSettings, type MfaPolicy } from './mfa-policy';

/** The tenant's second-factor policy. */
export async function getMfaPolicy(ctx: SessionContext, db?: Database): Promise<MfaPolicy> {
  return withTenant(ctx.tenantId, async (tx) => mfaPolicyFromSettings((await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [ctx.tenantId])).rows[0]?.settings), db);
}

/** Sets which optional roles must use a second factor (owners and admins always must). */
export async function setMfaPolicy(ctx: SessionContext, policy: MfaPolicy, db?: Database): Promise<MfaPolicy> {
  const roles = [...new Set(policy.mfaRequiredRoles)].sort();
  await withTenant(
    ctx.tenantId,
    async (tx) => {
      await tx.query(`UPDATE tenants SET settings = jsonb_set(settings, '{mfaRequiredRoles}', $1::jsonb) WHERE id = $2`, [JSON.stringify(roles), ctx.tenantId]);
      await notifyTenantSessionsChanged(tx, ctx.tenantId);
    },
    db,
  );
  await recordAuthEvent({ kind: 'settings.mfa_policy', outcome: 'success', tenantId: ctx.tenantId, actorId: ctx.userId, ip: ctx.ip, detail: { mfaRequiredRoles: roles } });
  return { mfaRequiredRoles: roles as MfaPolicy['mfaRequiredRoles'] };
}
