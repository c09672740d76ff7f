import 'server-only';
import { appendAudit } from '../audit/append-audit';
import { chainPending } from '../audit/sequence-audit';
import type { Database, Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { AFTER_CHAINING, PAYLOAD_ERASERS, type ErasureScope } from '../privacy/erase-payloads';
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
 * Removes every copy of the deleted records' values the pipeline and their history left, with
 * the erasure's id-based erasers (lib/privacy/erase-payloads.ts): their change-log rows, earlier
 * ones and the delete just written (whose `before` webhook fan-out would otherwise send out and
 * which would keep the values for another change-log period), become documents without values;
 * then, once the tenant's pending audit entries are chained (its audit lock, held to commit),
 * the values of the audit entries about them go. The chain itself is untouched and still
 * verifies. No needles: retention removes records, not a person's mentions elsewhere.
 */
async function scrubHistory(tx: Queryable, tenantId: string, ids: string[], now: Date): Promise<void> {
  const scope: ErasureScope = { tenantId, erasedIds: ids, needles: [], now };
  await PAYLOAD_ERASERS.record_changes.erase(tx, scope);
  await chainPending(tx, tenantId);
  for (const table of AFTER_CHAINING) await PAYLOAD_ERASERS[table].erase(tx, scope);
}

/**
 * Deletes the records `selection` holds, `batchSize` per transaction, through the record
 * pipeline as the system: each becomes a scrubbed tombstone (its values removed), so phones
 * remove their copy on their next pull and the tombstone keeps nothing of it; the change log,
 * audit entry (without the removed values) and live-stream notice are the pipeline's, and
 * scrubHistory removes the values from the records' history. Rows are picked and locked in id
 * order (the order pushes lock in) and re-checked under the lock, so a task reopened meanwhile
 * stays. Each batch appends its own `retention.enforce` entry (counts only) in its
 * transaction, so no deletion ever commits unaudited.
 *
 * Runs as the owner with the tenant set, like the erasure: the app role may never rewrite the
 * change log or audit values. Every statement names the tenant.
 */
async function deleteSelected(
  tenantId: string,
  def: CollectionDef,
  s: RetentionSelection,
  audit: { key: keyof RecordRetentionCounts; policy: RetentionPolicy },
  now: Date,
  batchSize: number,
  db?: Database,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await withSystem(async (tx) => {
      // The tenant setting also lets a non-superuser owner see the rows under FORCE RLS.
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const picked = await tx.query<{ id: string }>(
        `SELECT ${s.alias}.id FROM ${s.table} ${s.alias} WHERE ${s.where} ORDER BY ${s.alias}.id LIMIT ${batchSize} FOR UPDATE`,
        s.params,
      );
      const ids = picked.rows.map((r) => r.id);
      const docs = await lockRecords(tx, def, tenantId, ids);
      const stamp = now.toISOString();
      const changes = [...docs.values()].map((before) => ({ before, after: scrubbedTombstone(def, before, stamp) }));
      const applied = await applyChanges(tx, systemActor(tenantId), def, changes, { source: 'system', auditValues: false });
      if (applied.length > 0) {
        await appendAudit(tx, {
          tenantId,
          action: 'retention.enforce',
          targetType: 'tenant',
          targetId: tenantId,
          data: { [audit.key]: applied.length, activitiesDays: audit.policy.activitiesDays, closedDealsMonths: audit.policy.closedDealsMonths },
          occurredAt: now,
        });
        await scrubHistory(tx, tenantId, applied.map((c) => c.recordId), now);
      }
      return { picked: ids.length, applied: applied.length };
    }, db);
    deleted += batch.applied;
    // A batch that applied nothing would pick the same rows again: stop rather than spin.
    if (batch.picked < batchSize || batch.applied === 0) return deleted;
  }
}

/** Deletes the tenant's activities and closed deals past `policy` as of `now` (nothing where it keeps them). */
export async function deleteExpiredRecords(tenantId: string, policy: RetentionPolicy, now: Date, db?: Database, batchSize = RETENTION_BATCH): Promise<RecordRetentionCounts> {
  const s = retentionSelections(tenantId, effectiveRetention(policy), now);
  return {
    activities: s.activities ? await deleteSelected(tenantId, collectionDef('activities'), s.activities, { key: 'activities', policy }, now, batchSize, db) : 0,
    closedDeals: s.closedDeals ? await deleteSelected(tenantId, collectionDef('deals'), s.closedDeals, { key: 'closedDeals', policy }, now, batchSize, db) : 0,
  };
}
