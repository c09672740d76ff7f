import 'server-only';
import type PgBoss from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Queryable } from '../db/types';
import type { WorkflowDefinition } from './definition';
import { insertRun, setTenant } from './engine';
import { ENGINE_DEFAULTS } from './engine-settings';
import { evaluateGroup, type RecordData } from './evaluate';
import type { Collection } from './record-fields';

/** A "workflow-trigger" job: the changes one statement wrote (queued by migration 0013's trigger). */
export interface TriggerJob {
  tenantId: string;
  collection: Collection;
  changeIds: number[];
}

type ChangeRow = {
  tenant_id: string;
  id: number;
  collection: Collection;
  record_id: string;
  op: 'create' | 'update' | 'delete';
  before: RecordData | null;
  after: RecordData | null;
  changed_fields: string[];
  workflow_id: string | null;
  client_mutation_id: string | null;
};

type Candidate = {
  workflow_id: string;
  version: number;
  definition: WorkflowDefinition;
};

/** How deep in a chain of workflow-made changes this change is (0 for a person's edit). */
async function chainDepth(tx: Queryable, change: ChangeRow): Promise<number> {
  const m = /^wf:([0-9a-f-]{36}):/.exec(change.client_mutation_id ?? '');
  if (!m) return 0;
  const r = await tx.query<{ chain_depth: number }>('SELECT chain_depth FROM workflow_runs WHERE tenant_id = $1 AND id = $2', [change.tenant_id, m[1]]);
  return (r.rows[0]?.chain_depth ?? 0) + 1;
}

export interface ConsumeResult {
  changes: number;
  runs: number;
  /** Changes that matched a workflow but were not run because of loop protection. */
  suppressed: number;
}

/**
 * Turns the changes of one trigger job into runs, in change order, in one transaction. A
 * redelivered job makes no second run: a run is unique per workflow and trigger key. A
 * bulk write's runs queue behind single edits (lower priority), so one tenant's import does
 * not hold up everyone else's workflows.
 */
export async function consumeChanges(db: Database, boss: PgBoss, job: TriggerJob, maxChainDepth = ENGINE_DEFAULTS.maxChainDepth): Promise<ConsumeResult> {
  return db.transaction(async (tx) => {
    await setTenant(tx, job.tenantId);
    const changes = await tx.query<ChangeRow>(
      `SELECT tenant_id, id, collection, record_id, op, before, after, changed_fields, workflow_id, client_mutation_id
       FROM record_changes WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
      [job.tenantId, job.changeIds],
    );
    const result: ConsumeResult = { changes: changes.rows.length, runs: 0, suppressed: 0 };
    const candidates = await tx.query<Candidate>(
      `SELECT w.id AS workflow_id, v.version, v.definition
       FROM workflows w JOIN workflow_versions v ON v.tenant_id = w.tenant_id AND v.workflow_id = w.id AND v.version = w.published_version
       WHERE w.tenant_id = $1 AND w.enabled AND v.trigger_type = 'record' AND v.trigger_collection = $2
       ORDER BY w.created_at, w.id`,
      [job.tenantId, job.collection],
    );
    const priority = -Math.ceil(Math.log2(Math.max(1, changes.rows.length)));
    for (const change of changes.rows) {
      let depth: number | undefined;
      for (const wf of candidates.rows) {
        const trigger = wf.definition.trigger;
        if (trigger.type !== 'record' || !trigger.events.includes(change.op)) continue;
        // Loop protection 1: a workflow's own writes never retrigger it.
        if (change.workflow_id === wf.workflow_id) {
          result.suppressed += 1;
          continue;
        }
        const record = change.after ?? change.before;
        const ctx = { record, before: change.before, changedFields: change.changed_fields };
        if (trigger.filter && !evaluateGroup(trigger.filter, ctx)) continue;
        // Loop protection 2: chains of workflows triggering each other stop at a fixed depth.
        depth ??= await chainDepth(tx, change);
        if (depth > maxChainDepth) {
          result.suppressed += 1;
          continue;
        }
        const runId = await insertRun(
          tx,
          boss,
          {
            tenantId: change.tenant_id,
            workflowId: wf.workflow_id,
            version: wf.version,
            definition: wf.definition,
            // A replayed offline edit carries its client mutation id: one run per edit.
            triggerKey: change.client_mutation_id ? `m:${change.client_mutation_id}` : `c:${change.id}`,
            trigger: { record: change.after, before: change.before, changedFields: change.changed_fields, changeId: change.id },
            recordCollection: change.collection,
            recordId: change.record_id,
            chainDepth: depth,
          },
          uuidv7(),
          priority,
        );
        if (runId) result.runs += 1;
      }
    }
    return result;
  });
}
