import 'server-only';
import { sequenceAudit } from '../audit/sequence-audit';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { effectiveRetention } from './retention-defaults';
import { countSelection, retentionSelections } from './retention-candidates';
import type { RetentionPolicy } from './retention-policy';

/** How many of each kind of data enforcing a policy now would remove. */
export interface RetentionCounts {
  activities: number;
  closedDeals: number;
  changes: number;
  runPayloads: number;
  auditEntries: number;
}

/**
 * The dry run: counts what the scheduled jobs would remove from the tenant if `policy` were
 * enforced at `now`, through the same selections they use (retention-candidates.ts). Changes
 * nothing.
 */
export async function previewRetention(tenantId: string, policy: RetentionPolicy, now = new Date(), db?: Database): Promise<RetentionCounts> {
  const selections = retentionSelections(tenantId, effectiveRetention(policy), now);
  // Sequence before read: the audit retention chains pending entries before it picks what to
  // remove, and a newer entry can make the previous newest one removable.
  if (selections.auditEntries) await sequenceAudit(tenantId, db);
  // Security: as the owner only because the change log's selection reads the job queue, which
  // the app role may not; the transaction is read-only, runs with the tenant set (row-level
  // security on a non-superuser owner) and every selection is filtered by the tenant, which
  // comes from the caller's session.
  return withSystem(async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    return {
      activities: await countSelection(tx, selections.activities),
      closedDeals: await countSelection(tx, selections.closedDeals),
      changes: await countSelection(tx, selections.changes),
      runPayloads: await countSelection(tx, selections.runPayloads),
      auditEntries: await countSelection(tx, selections.auditEntries),
    };
  }, db);
}
