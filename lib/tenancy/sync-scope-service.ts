import 'server-only';
import { appendAudit } from '../audit/append-audit';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { announceChange } from '../records/apply-changes';
import { COLLECTIONS } from '@/sync/schema/collections';
import { syncScopeFromSettings, type SyncScope, type SyncScopeInput } from '@/sync/schema/sync-scope';

/** What each phone of the tenant holds. */
export async function getSyncScope(ctx: SessionContext, db?: Database): Promise<SyncScope> {
  return withTenant(ctx.tenantId, async (tx) => syncScopeFromSettings((await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [ctx.tenantId])).rows[0]?.settings), db);
}

/**
 * Sets what each phone holds. Every phone's copy was made under the old scope, so each pulls
 * again from the start (its next pull answers resync_required, which removes what it may no
 * longer hold); every collection is notified so open phones pull now, and caches forget.
 */
export async function setSyncScope(ctx: SessionContext, input: SyncScopeInput, db?: Database): Promise<SyncScope> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = syncScopeFromSettings((await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [ctx.tenantId])).rows[0]?.settings);
      if (before === input.scope) return before;
      await tx.query(`UPDATE tenants SET settings = jsonb_set(settings, '{syncScope}', $1::jsonb) WHERE id = $2`, [JSON.stringify(input.scope), ctx.tenantId]);
      await appendAudit(tx, {
        tenantId: ctx.tenantId,
        actorId: ctx.userId,
        action: 'settings.sync_scope',
        targetType: 'tenant',
        targetId: ctx.tenantId,
        data: { before, after: input.scope },
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent ?? null,
        requestId: ctx.requestId ?? null,
      });
      for (const def of Object.values(COLLECTIONS)) await announceChange(tx, ctx.tenantId, def.name);
      return input.scope;
    },
    db,
  );
}
