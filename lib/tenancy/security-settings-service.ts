import 'server-only';
import { notifyTenantSessionsChanged } from '../auth/session-revocations';
import { appendAudit } from '../audit/append-audit';
import type { AuditAction } from '../audit/audit-actions';
import type { SessionContext } from '../auth/session-context';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { isAllowed, parseCidr } from '../security/ip-allowlist';
import { allowlistFromSettings, retentionFromSettings, type AuditRetentionInput, type IpAllowlistInput } from './security-settings';

export interface SecuritySettings {
  ipAllowlist: string[];
  auditRetentionDays: number | null;
  /** The caller's address as the server sees it, so the form can offer to include it. */
  yourIp: string | null;
}

async function currentSettings(tx: Queryable, tenantId: string): Promise<unknown> {
  return (await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [tenantId])).rows[0]?.settings;
}

const audit = (ctx: SessionContext, action: AuditAction, data: Record<string, unknown>) => ({
  tenantId: ctx.tenantId,
  actorId: ctx.userId,
  action,
  targetType: 'tenant',
  targetId: ctx.tenantId,
  data,
  ip: ctx.ip ?? null,
  userAgent: ctx.userAgent ?? null,
  requestId: ctx.requestId ?? null,
});

/** The tenant's network allowlist and audit retention. */
export async function getSecuritySettings(ctx: SessionContext, db?: Database): Promise<SecuritySettings> {
  const settings = await withTenant(ctx.tenantId, (tx) => currentSettings(tx, ctx.tenantId), db);
  return { ipAllowlist: allowlistFromSettings(settings), auditRetentionDays: retentionFromSettings(settings), yourIp: ctx.ip ?? null };
}

/**
 * Replaces the tenant's IP allowlist (empty: allow every address). Refuses a list that would
 * shut out the admin saving it: a lockout could only be undone by the operator in the database.
 * The change and its before/after are audited in the same transaction.
 */
export async function setIpAllowlist(ctx: SessionContext, input: IpAllowlistInput, db?: Database): Promise<SecuritySettings> {
  // Stored in a canonical spelling, each range once, so audit diffs show real changes only.
  const ranges = [...new Set(input.ranges.map((r) => r.trim()).filter((r) => parseCidr(r) !== null))];
  if (!isAllowed(ctx.ip, ranges)) {
    throw new AppError(
      ErrorCode.Conflict,
      `This list does not include your current address (${ctx.ip ?? 'unknown'}), so saving it would lock you out. Add that address or a range containing it, then save again.`,
      [{ path: 'ranges', message: `must include ${ctx.ip ?? 'your address'}` }],
    );
  }
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = allowlistFromSettings(await currentSettings(tx, ctx.tenantId));
      await tx.query(`UPDATE tenants SET settings = jsonb_set(settings, '{ipAllowlist}', $1::jsonb) WHERE id = $2`, [JSON.stringify(ranges), ctx.tenantId]);
      await notifyTenantSessionsChanged(tx, ctx.tenantId);
      await appendAudit(tx, audit(ctx, 'settings.ip_allowlist', { before, after: ranges }));
      const settings = await currentSettings(tx, ctx.tenantId);
      return { ipAllowlist: allowlistFromSettings(settings), auditRetentionDays: retentionFromSettings(settings), yourIp: ctx.ip ?? null };
    },
    db,
  );
}

/** Sets how many days audit entries are kept (null: forever); the scheduled job enforces it. */
export async function setAuditRetention(ctx: SessionContext, input: AuditRetentionInput, db?: Database): Promise<SecuritySettings> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = retentionFromSettings(await currentSettings(tx, ctx.tenantId));
      await tx.query(`UPDATE tenants SET settings = jsonb_set(settings, '{auditRetentionDays}', $1::jsonb) WHERE id = $2`, [JSON.stringify(input.days), ctx.tenantId]);
      await appendAudit(tx, audit(ctx, 'settings.audit_retention', { before, after: input.days }));
      const settings = await currentSettings(tx, ctx.tenantId);
      return { ipAllowlist: allowlistFromSettings(settings), auditRetentionDays: retentionFromSettings(settings), yourIp: ctx.ip ?? null };
    },
    db,
  );
}
