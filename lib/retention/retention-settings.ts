import 'server-only';
import { appendAudit } from '../audit/append-audit';
import type { SessionContext } from '../auth/session-context';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { retentionDefaults, type RetentionDefaults } from './retention-defaults';
import { previewRetention, type RetentionCounts } from './preview-retention';
import { retentionPolicyFromSettings, retentionSettingsPatch, type RetentionPolicy } from './retention-policy';

export interface RetentionSettings {
  policy: RetentionPolicy;
  /** What the change log and run data fields mean when null. */
  defaults: RetentionDefaults;
}

async function storedPolicy(tx: Queryable, tenantId: string): Promise<RetentionPolicy> {
  return retentionPolicyFromSettings((await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [tenantId])).rows[0]?.settings);
}

/** The caller's tenant's retention policy and the server's defaults. */
export async function getRetentionSettings(ctx: SessionContext, db?: Database): Promise<RetentionSettings> {
  return { policy: await withTenant(ctx.tenantId, (tx) => storedPolicy(tx, ctx.tenantId), db), defaults: retentionDefaults() };
}

/**
 * Replaces the caller's tenant's retention policy; the scheduled jobs enforce it from their next
 * run. The change and its before/after are audited in the same transaction.
 */
export async function setRetentionPolicy(ctx: SessionContext, policy: RetentionPolicy, db?: Database): Promise<{ policy: RetentionPolicy }> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = await storedPolicy(tx, ctx.tenantId);
      await tx.query('UPDATE tenants SET settings = settings || $1::jsonb WHERE id = $2', [JSON.stringify(retentionSettingsPatch(policy)), ctx.tenantId]);
      const after = await storedPolicy(tx, ctx.tenantId);
      await appendAudit(tx, {
        tenantId: ctx.tenantId,
        actorId: ctx.userId,
        action: 'settings.retention',
        targetType: 'tenant',
        targetId: ctx.tenantId,
        data: { before, after },
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent ?? null,
        requestId: ctx.requestId ?? null,
      });
      return { policy: after };
    },
    db,
  );
}

/** The dry run for the caller's tenant: what enforcing `policy` now would remove. */
export async function previewRetentionFor(ctx: SessionContext, policy: RetentionPolicy, db?: Database): Promise<{ counts: RetentionCounts }> {
  return { counts: await previewRetention(ctx.tenantId, policy, new Date(), db) };
}
