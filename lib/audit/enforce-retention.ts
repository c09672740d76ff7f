import 'server-only';
import type { Queryable } from '../db/types';
import { chainPending } from './sequence-audit';

/**
 * Removes a tenant's entries older than `days`, keeping the chain verifiable: the last removed
 * entry's seq and hash become a checkpoint the remaining entries are verified from; their
 * before/after values go with them. Runs as the owner (system job): the app role can never
 * delete audit entries. Chains the pending entries first, under the same lock, so the entry
 * kept as the newest is the real head.
 */
export async function enforceRetention(systemTx: Queryable, tenantId: string, days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  await chainPending(systemTx, tenantId); // takes the tenant's audit lock, held to commit
  const last = await systemTx.query<{ seq: number; hash: string }>(
    // Keep the newest entry, so the log never looks empty and its head stays visible.
    `SELECT seq, hash FROM audit_log
     WHERE tenant_id = $1 AND occurred_at < $2
       AND seq < (SELECT max(seq) FROM audit_log WHERE tenant_id = $1)
     ORDER BY seq DESC LIMIT 1`,
    [tenantId, cutoff],
  );
  const through = last.rows[0];
  if (!through) return 0;
  await systemTx.query(`INSERT INTO audit_checkpoints (tenant_id, through_seq, hash) VALUES ($1, $2, $3)`, [tenantId, through.seq, through.hash]);
  await systemTx.query(`DELETE FROM audit_values WHERE tenant_id = $1 AND seq <= $2`, [tenantId, through.seq]);
  const removed = await systemTx.query(`DELETE FROM audit_log WHERE tenant_id = $1 AND seq <= $2`, [tenantId, through.seq]);
  return removed.rowCount;
}
