import 'server-only';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { applyChanges, systemActor } from '../records/apply-changes';
import { lockRecords } from '../records/record-sql';
import { scrubbedTombstone } from '../records/scrubbed-tombstone';
import { collectionDef } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { effectiveRetention } from './retention-defaults';
import { retentionSelections, type RetentionSelection } from './retention-candidates';
import type { RetentionPolicy } from './retention-policy';

/** Records deleted per transaction: short enough not to hold row locks phones wait on for long. */
export const RETENTION_BATCH = 500;

export interface RecordRetentionCounts {
  activities: number;
  closedDeals: number;
}

/**
 * Deletes the records `selection` holds, `batchSize` per transaction, through the record
 * pipeline as the system: each becomes a scrubbed tombstone (its values removed), so phones
 * remove their copy on their next pull and the tombstone keeps nothing of it; the change log,
 * audit entry (without the removed values) and live-stream notice are the pipeline's. Rows are picked and locked in id order
 * (the order pushes lock in) and re-checked under the lock, so a task reopened meanwhile stays.
 */
async function deleteSelected(tenantId: string, def: CollectionDef, s: RetentionSelection, now: Date, batchSize: number, db?: Database): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await withTenant(
      tenantId,
      async (tx) => {
        const picked = await tx.query<{ id: string }>(
          `SELECT ${s.alias}.id FROM ${s.table} ${s.alias} WHERE ${s.where} ORDER BY ${s.alias}.id LIMIT ${batchSize} FOR UPDATE`,
          s.params,
        );
        const ids = picked.rows.map((r) => r.id);
        const docs = await lockRecords(tx, def, tenantId, ids);
        const stamp = now.toISOString();
        const changes = [...docs.values()].map((before) => ({ before, after: scrubbedTombstone(def, before, stamp) }));
        const applied = await applyChanges(tx, systemActor(tenantId), def, changes, { source: 'system', auditValues: false });
        return { picked: ids.length, applied: applied.length };
      },
      db,
    );
    deleted += batch.applied;
    // A batch that applied nothing would pick the same rows again: stop rather than spin.
    if (batch.picked < batchSize || batch.applied === 0) return deleted;
  }
}

/** Deletes the tenant's activities and closed deals past `policy` as of `now` (nothing where it keeps them). */
export async function deleteExpiredRecords(tenantId: string, policy: RetentionPolicy, now: Date, db?: Database, batchSize = RETENTION_BATCH): Promise<RecordRetentionCounts> {
  const s = retentionSelections(tenantId, effectiveRetention(policy), now);
  return {
    activities: s.activities ? await deleteSelected(tenantId, collectionDef('activities'), s.activities, now, batchSize, db) : 0,
    closedDeals: s.closedDeals ? await deleteSelected(tenantId, collectionDef('deals'), s.closedDeals, now, batchSize, db) : 0,
  };
}
