import 'server-only';
import type { Database } from '@/lib/db/types';
import { env } from '@/lib/env';
import { withTenant } from '@/lib/db/with-tenant';
import { RECORD_CHANGES_CHANNEL } from '@/lib/records/apply-changes';
import { signalLocalWrite } from '@/lib/records/local-writes';
import { COLLECTIONS } from '@/sync/schema/collections';

/**
 * Deletes the tenant's tombstones older than `olderThan` and raises its purge horizon, so a
 * client whose checkpoint is older gets "resync required" instead of silently keeping a
 * record the server deleted. Meant for a daily job; returns the number purged per collection.
 */
export async function purgeTombstones(tenantId: string, olderThan: Date, db?: Database): Promise<Record<string, number>> {
  return withTenant(
    tenantId,
    async (tx) => {
      const purged: Record<string, number> = {};
      for (const def of Object.values(COLLECTIONS)) {
        const { rows } = await tx.query<{ n: number; xid: string | null; seq: number | null }>(
          `WITH gone AS (
             DELETE FROM ${def.table} WHERE tenant_id = $1 AND deleted AND deleted_at < $2 RETURNING change_xid, change_seq
           ), moves AS (
             -- Scope moves (0018_sync_scopes.sql) age out with the tombstones, behind the same horizon.
             DELETE FROM sync_scope_moves WHERE tenant_id = $1 AND collection = $3 AND created_at < $2 RETURNING change_xid, change_seq
           ), last AS (
             SELECT change_xid, change_seq FROM (SELECT * FROM gone UNION ALL SELECT * FROM moves) x ORDER BY change_xid DESC, change_seq DESC LIMIT 1
           )
           SELECT (SELECT count(*) FROM gone)::int AS n, (SELECT change_xid::text FROM last) AS xid, (SELECT change_seq FROM last) AS seq`,
          [tenantId, olderThan.toISOString(), def.name],
        );
        const row = rows[0];
        purged[def.name] = row?.n ?? 0;
        if (row?.xid != null && row.seq != null) {
          // Pages that held the purged tombstones changed: caches of every instance drop them
          // (caught-up-cache.ts), and so does this one once committed.
          await tx.query('SELECT pg_notify($1, $2)', [RECORD_CHANGES_CHANNEL, JSON.stringify({ t: tenantId, c: def.name })]);
          signalLocalWrite(tx, tenantId, def.name);
          await tx.query(
            `INSERT INTO sync_horizons (tenant_id, collection, purged_xid, purged_seq) VALUES ($1, $2, $3::xid8, $4)
             ON CONFLICT (tenant_id, collection) DO UPDATE SET purged_xid = EXCLUDED.purged_xid, purged_seq = EXCLUDED.purged_seq, purged_at = now()
             WHERE (sync_horizons.purged_xid, sync_horizons.purged_seq) < (EXCLUDED.purged_xid, EXCLUDED.purged_seq)`,
            [tenantId, def.name, row.xid, row.seq],
          );
        }
      }
      return purged;
    },
    db,
  );
}

/** Purges the tenant's tombstones older than SYNC_TOMBSTONE_RETENTION_DAYS (the daily job's entry point). */
export async function purgeExpiredTombstones(tenantId: string, now = new Date(), db?: Database): Promise<Record<string, number>> {
  const days = env().SYNC_TOMBSTONE_RETENTION_DAYS;
  return purgeTombstones(tenantId, new Date(now.getTime() - days * 86_400_000), db);
}
