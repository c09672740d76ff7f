import 'server-only';
import type { Queryable } from '../db/types';
import { daysBefore, expiredAuditEntries } from '../retention/retention-candidates';
import { chainPending } from './sequence-audit';

/**
 * Removes a tenant's entries older than `days`, keeping the chain verifiable: the last removed
 * entry's seq and hash become a checkpoint the remaining entries are verified from; their
 * before/after values go with them. Runs as the owner (system job): the app role can never
 * delete audit entries. Chains the pending entries first, under the same lock, so the entry
 * kept as the newest is the real head.
 */
export async function enforceRetention(systemTx: Queryable, tenantId: string, days: number, now = new Date()): Promise<number> {
  await chainPending(systemTx, tenantId); // takes the tenant's audit lock, held to commit
  // The dry run's selection (retention-candidates.ts), so the preview counts what goes here.
  const expired = expiredAuditEntries(tenantId, daysBefore(now, days));
  const last = await systemTx.query<{ seq: number; hash: string }>(
    `SELECT ${expired.alias}.seq, ${expired.alias}.hash FROM ${expired.table} ${expired.alias} WHERE ${expired.where} ORDER BY ${expired.alias}.seq DESC LIMIT 1`,
    expired.params,
  );
  const through = last.rows[0];
  if (!through) return 0;
  await systemTx.query(`INSERT INTO audit_checkpoints (tenant_id, through_seq, hash) VALUES ($1, $2, $3)`, [tenantId, through.seq, through.hash]);
  await systemTx.query(`DELETE FROM audit_values WHERE tenant_id = $1 AND seq <= $2`, [tenantId, through.seq]);
  const removed = await systemTx.query(`DELETE FROM audit_log WHERE tenant_id = $1 AND seq <= $2`, [tenantId, through.seq]);
  return removed.rowCount;
}
